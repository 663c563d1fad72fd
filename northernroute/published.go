package northernroute

import "github.com/routerisk/routerisk/risk"

// centralAsia are the five Central Asian states of the Northern Route.
var centralAsia = []string{"KAZ", "KGZ", "TJK", "TKM", "UZB"}

// Published returns the published figures of the Northern Route that
// calibration does not fit, each with its source, to hold a model against
// (risk.CheckPublished). Figures are of heroin unless a name says
// otherwise; the model's inflows are of every commodity it carries.
func Published() []risk.Published {
	return []risk.Published{
		{
			Name:    "heroin through Kazakhstan, t a year (2010)",
			Source:  "UNODC, Opiate flows through northern Afghanistan and Central Asia: a threat assessment (May 2012), ch. II 'To Kazakhstan': 70-75 t of the 90 t",
			Low:     KazakhstanInflowTonnes[0],
			High:    KazakhstanInflowTonnes[1],
			Measure: risk.Measure{Kind: risk.InflowTonnes, Country: "KAZ"},
		},
		{
			Name: "heroin through Tajikistan, t a year",
			Source: "UNODC estimate quoted in US State Department, INCSR 2014, vol. I, Tajikistan: 85% of the Central Asian flow, 75-80 t of heroin a year " +
				"(UNODC 2012 ch. II: 'Tajikistan accounts for most of the heroin flow, followed by Uzbekistan and Turkmenistan')",
			Low:     75,
			High:    80,
			Measure: risk.Measure{Kind: risk.InflowTonnes, Country: "TJK"},
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
			Measure: risk.Measure{Kind: risk.SeizedFraction, Countries: append([]string(nil), centralAsia...)},
		},
	}
}
