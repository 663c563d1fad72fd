package northernroute

import "github.com/routerisk/routerisk/risk"

// Countries returns the Northern Route's per-country model parameters, a
// new map. All are assumptions: Uzbekistan's fenced southern borders are
// guarded most closely (GapBase 0.10), Afghanistan's side hardly at all
// (0.01), the others 0.04–0.08; the in-country hazards are about 1% per
// 1,000 km (μ = 1e-5/km), twice that in Uzbekistan and Turkmenistan with
// their dense internal police checkpoints, half in Kazakhstan and Russia, a
// fifth in Afghanistan; every Intensity is 1. Calibration fits the
// intensities.
func Countries() map[string]risk.CountryParams {
	return map[string]risk.CountryParams{
		"AFG": {GapBase: 0.01, HazardPerKm: 0.2e-5, Intensity: 1},
		"TJK": {GapBase: 0.05, HazardPerKm: 1e-5, Intensity: 1},
		"UZB": {GapBase: 0.10, HazardPerKm: 2e-5, Intensity: 1},
		"TKM": {GapBase: 0.06, HazardPerKm: 2e-5, Intensity: 1},
		"KGZ": {GapBase: 0.04, HazardPerKm: 0.8e-5, Intensity: 1},
		"KAZ": {GapBase: 0.05, HazardPerKm: 0.5e-5, Intensity: 1},
		"RUS": {GapBase: 0.08, HazardPerKm: 0.5e-5, Intensity: 1},
		"AZE": {GapBase: 0.05, HazardPerKm: 1e-5, Intensity: 1},
	}
}
