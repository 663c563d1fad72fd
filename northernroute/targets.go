package northernroute

import "github.com/routerisk/routerisk/risk"

// FlowTonnes2010 is the heroin leaving northern Afghanistan into Central
// Asia in 2010: about 90 t (public figure: UNODC, Opiate flows through
// northern Afghanistan and Central Asia, 2012).
const FlowTonnes2010 = 90

// OpiumTonnes2010 is the opium leaving northern Afghanistan into Central
// Asia a year, about 38 t: derived from UNODC's estimate that 30–35 t of
// opium a year, 85% of the Central Asian flow, pass through Tajikistan
// (public figure, quoted in the US State Department's INCSR 2014, vol. I,
// Tajikistan): 30/0.85 to 35/0.85 is 35–41 t, whose middle is 38 t. The
// estimate is quoted for later years than 2010; using it for 2010 is an
// assumption.
const OpiumTonnes2010 = 38

// KazakhstanInflowTonnes is the heroin that crossed Kazakhstan in 2010,
// 70–75 t of the 90 t leaving northern Afghanistan (public figure: UNODC
// 2012). Calibration does not fit it; it is a check on the routes.
var KazakhstanInflowTonnes = [2]float64{70, 75}

// Observed2011 returns the Northern Route's calibration target: the 2011
// shares of the region's opiate seizures (Uzbekistan 38%, Tajikistan 23%,
// Turkmenistan 18%, Kyrgyzstan 11%, Kazakhstan 7%; they add up to 97% and
// are rescaled), fitted against the model's heroin and opium together, and
// Kazakhstan's 2010 heroin seizures, 323 kg, fitted against the model's
// heroin alone. The five countries of the shares are the denominator:
// Afghanistan and Russia are not in it.
func Observed2011() risk.Target {
	return risk.Target{
		Name: "observed-2011",
		Shares: []risk.ShareObs{
			{Country: "UZB", Share: 0.38}, {Country: "TJK", Share: 0.23}, {Country: "TKM", Share: 0.18},
			{Country: "KGZ", Share: 0.11}, {Country: "KAZ", Share: 0.07},
		},
		Kg:     []risk.KgObs{{Country: "KAZ", Commodity: heroin, Kg: 323}},
		Source: "UNODC 2012 (Opiate flows through northern Afghanistan and Central Asia): shares of the region's opiate (heroin and opium) seizures in 2011; Kazakhstan's heroin seizures in 2010, 323 kg (heroin only)",
	}
}
