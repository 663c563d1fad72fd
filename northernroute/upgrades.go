package northernroute

import (
	"github.com/routerisk/routerisk/plan"
)

// SouthernBudgetKZT is the 4.2 billion KZT of Kazakhstan's 2012–2016 border
// programme allocated to the southern border (public figure, see
// ProgrammeBudgetKZT): the default budget of a plan.
const SouthernBudgetKZT = 4.2e9

// KZTPerUSD is the exchange rate the programme's own figures imply: 4.2
// billion KZT for about US$27.7m (ProgrammeBudgetKZT), about 152 KZT per
// dollar, close to the 2012 average. Unit costs below are converted with it.
const KZTPerUSD = 4.2e9 / 27.7e6

// SouthernBorders are the borders of the programme's "southern border" as
// plan.MenuSettings.Borders: Kazakhstan with Kyrgyzstan, Uzbekistan and
// Turkmenistan.
var SouthernBorders = []string{"KAZ-KGZ", "KAZ-UZB", "KAZ-TKM"}

// UpgradeMenu returns the menu of upgrades Kazakhstan can buy on its
// southern borders, in KZT. Every unit cost and detection chance is an
// assumption (no itemised public prices exist; the programme's split over
// items is not public): each field's Source gives the reasoning.
func UpgradeMenu() plan.MenuSettings {
	usd := func(d float64) float64 { return d * KZTPerUSD }
	vehicles := []string{"car", "truck", "rail"}
	return plan.MenuSettings{
		Side:      "KAZ",
		Borders:   append([]string(nil), SouthernBorders...),
		SpacingKm: 50,
		MinPi:     0.005,
		Scanner: plan.Item{
			Cost: usd(2e6), Pi: 0.3, Carriers: vehicles,
			Source: "assumption: a drive-through or mobile X-ray cargo scanner with installation and " +
				"five years of running costs, about US$2m; it adds a 0.3 chance of finding drugs in a " +
				"vehicle or wagon entering, after the inspection rate already modelled",
		},
		Dogs: plan.Item{
			Cost: usd(0.1e6), Pi: 0.1,
			Source: "assumption: a canine unit (two dogs, handlers, kennel, five years), about US$100k; " +
				"a 0.1 chance of detecting any shipment entering",
		},
		Outpost: plan.Item{
			Cost: usd(1e6), Pi: 0.15, DecayKm: 10, ReachKm: 30,
			Source: "assumption: a border post (building, communications, a dozen guards for five " +
				"years), about US$1m; a 0.15 chance of intercepting a crossing at its own segment, decaying " +
				"as exp(−d/10 km) to 30 km, the reach of foot patrols from a post (risk's GuardDecayKm is 15 km)",
		},
		Patrol: plan.Item{
			Cost: usd(0.15e6), Pi: 0.05, ReachKm: 25,
			Source: "assumption: a patrol vehicle with crew and fuel for five years, about US$150k; a 0.05 " +
				"chance of intercepting a crossing anywhere within 25 km of its base (half the 50 km spacing " +
				"of sites), uniform since it moves",
		},
		Barrier: plan.Item{
			CostPerKm: usd(0.1e6), Pi: 0.9, ReachKm: 25, Carriers: []string{"car", "truck"},
			Source: "assumption: a fence and anti-vehicle ditch, about US$100k per km; it stops 9 vehicles " +
				"in 10 that try to cross the 50 km stretch off-road (couriers on foot or horseback pass)",
		},
	}
}
