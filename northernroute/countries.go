package northernroute

import "github.com/routerisk/routerisk/risk"

// Countries returns the Northern Route's per-country model parameters, a
// new map. All are assumptions: Uzbekistan's fenced southern borders are
// guarded most closely (GapBase 0.10), Afghanistan's side hardly at all
// (0.01), the others 0.04–0.08; the in-country hazards are about 1% per
// 1,000 km (μ = 1e-5/km), twice that in Uzbekistan and Turkmenistan with
// their dense internal police checkpoints, half in Kazakhstan and Russia, a
// fifth in Afghanistan; every Intensity is 1. Calibration fits the
// intensities. Protected shares are described at protectedShare.
func Countries() map[string]risk.CountryParams {
	cs := map[string]risk.CountryParams{
		"AFG": {GapBase: 0.01, HazardPerKm: 0.2e-5, Intensity: 1},
		"TJK": {GapBase: 0.05, HazardPerKm: 1e-5, Intensity: 1},
		"UZB": {GapBase: 0.10, HazardPerKm: 2e-5, Intensity: 1},
		"TKM": {GapBase: 0.06, HazardPerKm: 2e-5, Intensity: 1},
		"KGZ": {GapBase: 0.04, HazardPerKm: 0.8e-5, Intensity: 1},
		"KAZ": {GapBase: 0.05, HazardPerKm: 0.5e-5, Intensity: 1},
		"RUS": {GapBase: 0.08, HazardPerKm: 0.5e-5, Intensity: 1},
		"AZE": {GapBase: 0.05, HazardPerKm: 1e-5, Intensity: 1},
	}
	for code, p := range cs {
		p.Protected = protectedShare[code]
		cs[code] = p
	}
	return cs
}

// protectedShare is the share of shipments under protection (corruption,
// facilitation) per country, as risk.CountryParams.Protected. The numbers
// are assumptions; their order follows public statements: many Afghan
// border crossings "are alleged to be in the hands of corrupt government
// officials who greatly facilitate the shipping of drugs" (UNODC, Opiate
// flows through northern Afghanistan and Central Asia, 2012, ch. II);
// senior officials are complicit "especially in Tajikistan and Kyrgyzstan"
// (the same report, as summarised by EurasiaNet, 18 May 2012), and in
// Tajikistan "corrupt officials at all levels thwart law enforcement
// efforts" (US INCSR 2008–2009, Tajikistan); Uzbekistan's Afghan border
// "appears to be well monitored", its staff "well-trained and salaries
// relatively high", though police and security officials there too take
// money (UNODC 2012); Kazakhstan's interdiction efficiency is "the lowest
// in Central Asia" (UNODC 2012), which the model puts in low hazards, not
// in protection. No public figure gives a share.
var protectedShare = map[string]risk.Prob{
	"AFG": 0.5,
	"TJK": 0.3,
	"KGZ": 0.3,
	"TKM": 0.15,
	"KAZ": 0.15,
	"UZB": 0.1,
	"RUS": 0.1,
	"AZE": 0.1,
}
