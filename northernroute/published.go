package northernroute

import (
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// centralAsia are the five Central Asian states of the Northern Route.
var centralAsia = []string{"KAZ", "KGZ", "TJK", "TKM", "UZB"}

// frontline are the three states on Afghanistan's northern border.
var frontline = []string{"TJK", "UZB", "TKM"}

// Published returns the published figures of the Northern Route that
// calibration does not fit, each with its source, to hold a model against
// (risk.CheckPublished). Each is measured on the commodity it is published
// for: heroin where the figure is of heroin, every commodity (opiates)
// where it is of all drugs. The road share is read as the share of the
// tonne-km travelled inside Central Asia on road and local links (the
// publication does not say how it was counted); Kazakhstan's seizure rate
// has the fitted 323 kg of Observed2011 above its line, so it checks the
// heroin inflow more than the seizures.
func Published() []risk.Published {
	return []risk.Published{
		{
			Name:    "heroin through Kazakhstan, t a year (2010)",
			Source:  "UNODC, Opiate flows through northern Afghanistan and Central Asia: a threat assessment (May 2012), ch. II 'To Kazakhstan': 70-75 t of the 90 t",
			Low:     KazakhstanInflowTonnes[0],
			High:    KazakhstanInflowTonnes[1],
			Measure: risk.Measure{Kind: risk.InflowTonnes, Country: "KAZ", Commodity: heroin},
		},
		{
			Name: "heroin through Tajikistan, t a year",
			Source: "UNODC estimate quoted in US State Department, INCSR 2014, vol. I, Tajikistan: 85% of the Central Asian flow, 75-80 t of heroin a year " +
				"(UNODC 2012 ch. II: 'Tajikistan accounts for most of the heroin flow, followed by Uzbekistan and Turkmenistan')",
			Low:     75,
			High:    80,
			Measure: risk.Measure{Kind: risk.InflowTonnes, Country: "TJK", Commodity: heroin},
		},
		{
			Name:    "narcotics through Kyrgyzstan, t a year (all drugs)",
			Source:  "US State Department, INCSR 2009-2010, Kyrgyz Republic: 'experts still estimate that 20 metric tons of narcotics transit through the Kyrgyz Republic each year'",
			Low:     20,
			High:    20,
			Measure: risk.Measure{Kind: risk.InflowTonnes, Country: "KGZ"},
		},
		{
			Name: "share of the heroin flow seized in Central Asia (2010)",
			Source: "UNODC 2012 threat assessment, as reported by EurasiaNet (D. Trilling, 'Central Asia key to Afghanistan heroin smuggling - UNODC', 18 May 2012): " +
				"authorities in the region seized less than 3 percent of the 90 t in 2010",
			Low:     0,
			High:    0.03,
			Measure: risk.Measure{Kind: risk.SeizedFraction, Countries: append([]string(nil), centralAsia...), Commodity: heroin},
		},
		{
			Name: "rank of Tajikistan by heroin inflow among TJK, UZB, TKM",
			Source: "UNODC, Opiate flows through northern Afghanistan and Central Asia (2012), ch. II 'Breaching the frontline': " +
				"Tajikistan accounts for most of the heroin flow, followed by Uzbekistan and Turkmenistan",
			Low:     1,
			High:    1,
			Measure: risk.Measure{Kind: risk.InflowRank, Country: "TJK", Countries: append([]string(nil), frontline...), Commodity: heroin},
		},
		{
			Name: "rank of Uzbekistan by heroin inflow among TJK, UZB, TKM",
			Source: "UNODC, Opiate flows through northern Afghanistan and Central Asia (2012), ch. II 'Breaching the frontline': " +
				"Tajikistan accounts for most of the heroin flow, followed by Uzbekistan and Turkmenistan",
			Low:     2,
			High:    2,
			Measure: risk.Measure{Kind: risk.InflowRank, Country: "UZB", Countries: append([]string(nil), frontline...), Commodity: heroin},
		},
		{
			Name: "share of the drugs travelling by road in Central Asia (tonne-km)",
			Source: "UNODC 2012 threat assessment, as reported by EurasiaNet (D. Trilling, 'Central Asia key to Afghanistan heroin smuggling - UNODC', 18 May 2012): " +
				"between 70 and 75 percent of the drugs travel by road",
			Low:  0.70,
			High: 0.75,
			Measure: risk.Measure{Kind: risk.KindShare, Countries: append([]string(nil), centralAsia...),
				EdgeKinds: []route.EdgeKind{route.EdgeRoad, route.EdgeLocal}},
		},
		{
			Name: "share of Kazakhstan's heroin inflow seized there (2010)",
			Source: "UNODC 2012 threat assessment, as reported by EurasiaNet (D. Trilling, 18 May 2012): Kazakh authorities seized less than 1 percent; " +
				"consistent with 323 kg of heroin seized in 2010 (CARICC, reported by Central Asia Online, 1 August 2012) of 70-75 t (0.4-0.5%)",
			Low:     0,
			High:    0.01,
			Measure: risk.Measure{Kind: risk.SeizureRate, Country: "KAZ", Commodity: heroin},
		},
	}
}
