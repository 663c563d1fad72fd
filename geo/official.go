package geo

// factbookBorderKm holds the official land-boundary lengths of the Northern
// Route's border pairs, in km, from the CIA World Factbook ("Land
// boundaries", editions 2020–2024). Natural Earth 1:10m lines are
// generalised, so derived lengths run 5–20% below these.
var factbookBorderKm = map[string]float64{
	"AFG-TJK": 1357,
	"AFG-UZB": 144,
	"AFG-TKM": 804,
	"TJK-UZB": 1312,
	"KGZ-TJK": 984,
	"KGZ-UZB": 1314,
	"KAZ-KGZ": 1212,
	"KAZ-UZB": 2330,
	"TKM-UZB": 1793,
	"KAZ-TKM": 413,
	"KAZ-RUS": 7644,
	"AZE-RUS": 338,
}

// OfficialBorderKm returns the official length in km of the border between
// two countries (in either order) from the CIA World Factbook, and whether
// it is known.
func OfficialBorderKm(a, b string) (float64, bool) {
	if a > b {
		a, b = b, a
	}
	km, ok := factbookBorderKm[a+"-"+b]
	return km, ok
}

// NorthernRoutePairs returns the border pairs of the Northern Route
// analysis, each "A-B" with A < B, in a fixed order: Afghanistan's borders
// first, then those between the Central Asian states, then Russia's.
func NorthernRoutePairs() []string {
	return []string{
		"AFG-TJK", "AFG-UZB", "AFG-TKM",
		"TJK-UZB", "KGZ-TJK", "KGZ-UZB", "KAZ-KGZ", "KAZ-UZB", "TKM-UZB", "KAZ-TKM",
		"KAZ-RUS", "AZE-RUS",
	}
}
