package northernroute

import (
	"fmt"

	"github.com/routerisk/routerisk/geo"
)

// Consumption in Central Asia, t a year: about 11 t of heroin (282,000
// heroin users) and about 34 t of opium (public figures: UNODC, World Drug
// Report 2010, pp. 52–53).
const (
	CentralAsiaHeroinTonnes = 11
	CentralAsiaOpiumTonnes  = 34
)

// injectingUsers are the estimated people who inject drugs in each Central
// Asian state (public figures: UNODC 2010, "Accessibility of HIV
// prevention, treatment and care services for people who use drugs...",
// as tabulated in Drug and Alcohol Dependence 132 (2013) S56, Table 1).
// They share Central Asia's consumption among the states: opiates are
// mostly injected there, so the injecting population stands for the
// opiate market (an assumption; no per-country consumption is published).
var injectingUsers = map[string]float64{
	"KAZ": 186000,
	"KGZ": 44000,
	"TJK": 34000,
	"TKM": 11148,
	"UZB": 80000,
}

// A market is a destination town with its share of its country's demand.
type market struct {
	town
	share float64 // of the country's demand: Central Asia by city count, Russia by population
}

// centralAsiaMarkets are the capitals and large cities of the five states;
// a state's demand is split equally among its cities here (an assumption).
var centralAsiaMarkets = []town{
	t("Almaty", "KAZ", 76.91, 43.25), t("Astana", "KAZ", 71.45, 51.18),
	t("Shymkent", "KAZ", 69.60, 42.31), t("Karagandy", "KAZ", 73.10, 49.80),
	t("Bishkek", "KGZ", 74.59, 42.87), t("Osh", "KGZ", 72.80, 40.53),
	t("Dushanbe", "TJK", 68.78, 38.54), t("Khujand", "TJK", 69.62, 40.28),
	t("Tashkent", "UZB", 69.22, 41.26), t("Samarkand", "UZB", 66.96, 39.65),
	t("Ashgabat", "TKM", 58.38, 37.95), t("Mary", "TKM", 61.83, 37.59),
}

// russianMarkets are the Russian cities of the corridor, weighted by
// population in millions at the 2010 All-Russia Population Census
// (Rosstat); Russia's demand is shared by population (an assumption: only
// a national figure is published).
var russianMarkets = []market{
	{t("Moscow", "RUS", 37.62, 55.75), 11.504},
	{t("Saint Petersburg", "RUS", 30.31, 59.94), 4.880},
	{t("Novosibirsk", "RUS", 82.93, 55.02), 1.474},
	{t("Yekaterinburg", "RUS", 60.62, 56.86), 1.350},
	{t("Samara", "RUS", 50.14, 53.21), 1.165},
	{t("Omsk", "RUS", 73.37, 54.99), 1.154},
	{t("Kazan", "RUS", 49.12, 55.79), 1.144},
	{t("Chelyabinsk", "RUS", 61.43, 55.16), 1.130},
	{t("Ufa", "RUS", 55.97, 54.74), 1.062},
}

// A demand is a destination's tonnes a year of each commodity.
type demand struct {
	town
	heroin, opium float64
}

// demands returns every destination with its heroin and opium demand in t
// a year: Central Asia's consumption (CentralAsiaHeroinTonnes,
// CentralAsiaOpiumTonnes) shared by injectingUsers and then equally among
// each state's cities; the rest of each commodity's flow (heroinT −
// CentralAsiaHeroinTonnes, opiumT − CentralAsiaOpiumTonnes, at least 0)
// goes to Russia, shared by population. The Russian remainder is an
// assumption: it ignores seizures and any flow on to Europe or China.
func demands(heroinT, opiumT float64) []demand {
	var users float64
	cities := map[string]int{}
	for _, m := range centralAsiaMarkets {
		cities[m.country]++
	}
	for _, code := range []string{"KAZ", "KGZ", "TJK", "TKM", "UZB"} {
		users += injectingUsers[code]
	}
	var out []demand
	for _, m := range centralAsiaMarkets {
		f := injectingUsers[m.country] / users / float64(cities[m.country])
		out = append(out, demand{m, CentralAsiaHeroinTonnes * f, CentralAsiaOpiumTonnes * f})
	}
	var pop float64
	for _, m := range russianMarkets {
		pop += m.share
	}
	restH := max(0, heroinT-CentralAsiaHeroinTonnes)
	restO := max(0, opiumT-CentralAsiaOpiumTonnes)
	for _, m := range russianMarkets {
		out = append(out, demand{m.town, restH * m.share / pop, restO * m.share / pop})
	}
	return out
}

// destinations returns the markets of the Northern Route: Central Asia's
// capitals and large cities and Russia's cities, each weighted by its
// opiate demand in t a year (heroin and opium of the 2010 flows, see
// demands), with the source of the weight.
func destinations(m *townMatcher) ([]geo.Place, error) {
	ds := demands(FlowTonnes2010, OpiumTonnes2010)
	towns := make([]town, len(ds))
	for i, d := range ds {
		tw := d.town
		tw.weight = d.heroin + d.opium
		if tw.country == "RUS" {
			tw.source = fmt.Sprintf("Russian market: %.2f t heroin + %.2f t opium a year, the 2010 flows less Central Asia's consumption "+
				"(UNODC World Drug Report 2010, pp. 52-53), shared by population at the 2010 census (Rosstat): an assumption", d.heroin, d.opium)
		} else {
			tw.source = fmt.Sprintf("Central Asian market: %.2f t heroin + %.2f t opium a year, Central Asia's consumption "+
				"(UNODC World Drug Report 2010, pp. 52-53) shared by people who inject drugs per state (UNODC 2010) "+
				"and equally among the state's cities listed (an assumption)", d.heroin, d.opium)
		}
		towns[i] = tw
	}
	return places(m, towns, "destination")
}
