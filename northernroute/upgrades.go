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

// KazakhPorts are Kazakhstan's Caspian sea ports as plan.MenuSettings.Ports:
// Aktau, and Kuryk (closed in the 2010–2011 data: ferry complex opened in
// December 2016, so it gets no candidate there).
var KazakhPorts = []string{"KAZ-port-aktau", "KAZ-port-kuryk"}

// CaspianPorts are the corridor's six Caspian ferry ports as
// plan.MenuSettings.Ports: Turkmenbashi, Aktau, Kuryk, Baku (Alat from
// 2014), Makhachkala and Olya (Astrakhan). Ports of other countries stand
// and seize in their own country: a menu of a regional (donor-funded)
// programme rather than of Kazakhstan's budget.
var CaspianPorts = []string{"TKM-port-turkmenbashi", "KAZ-port-aktau", "KAZ-port-kuryk", "AZE-port-baku", "RUS-port-makhachkala", "RUS-port-olya"}

// UpgradeMenu returns the menu of upgrades Kazakhstan can buy on its
// southern borders and at its Caspian ports (KazakhPorts), in KZT. Every unit cost is an assumption (no itemised
// public prices exist; the programme's split over items is not public):
// each field's Source gives the reasoning. The detection chances of
// scanners, canine units and outposts are not set here: plan.CorridorMenu
// takes them from risk's model of the same unit (its inspection rates,
// detection by method, gap base, guard decay and the calibrated
// intensities), so the planner and the evaluation speak one model. Only
// the patrol's chance (risk's BorderUpgrade.Patrol) and the barrier's share
// of vehicles stopped are assumptions of the menu.
func UpgradeMenu() plan.MenuSettings {
	usd := func(d float64) float64 { return d * KZTPerUSD }
	vehicles := []string{"car", "truck", "rail"}
	return plan.MenuSettings{
		Side:      "KAZ",
		Borders:   append([]string(nil), SouthernBorders...),
		Ports:     append([]string(nil), KazakhPorts...),
		SpacingKm: 50,
		MinPi:     0.005,
		Scanner: plan.Item{
			Cost: usd(2e6), Carriers: vehicles,
			Source: "assumption: a drive-through or mobile X-ray cargo scanner with installation and " +
				"five years of running costs, about US$2m; its effect is risk's: the searched share of " +
				"vehicles and wagons entering is found with risk's Detection.Scanner besides the visual search",
		},
		Dogs: plan.Item{
			Cost: usd(0.1e6),
			Source: "assumption: a canine unit (two dogs, handlers, kennel, five years), about US$100k; " +
				"its effect is risk's Detection.Dogs on the searched share of shipments entering",
		},
		PortScanner: plan.Item{
			Cost: usd(3e6), Carriers: vehicles,
			Source: "assumption: a fixed drive-through X-ray portal for trucks, cars and rail wagons at a " +
				"ro-ro and train-ferry berth, with its building and five years of running costs, about " +
				"US$3m (the road scanner's US$2m plus about US$1m for the fixed installation at the quay); " +
				"its effect is risk's: the searched share of vehicles and wagons landing is found with " +
				"risk's Detection.Scanner besides the visual search",
		},
		PortDogs: plan.Item{
			Cost: usd(0.1e6),
			Source: "assumption: a canine unit at the port (two dogs, handlers, kennel, five years), about " +
				"US$100k as at a road crossing; its effect is risk's Detection.Dogs on the searched share " +
				"of shipments landing",
		},
		Outpost: plan.Item{
			Cost: usd(1e6), ReachKm: 30,
			Source: "assumption: a border post (building, communications, a dozen guards for five " +
				"years), about US$1m; its effect is risk's gap model with the post at its site: each " +
				"segment within 30 km (the reach of foot patrols from a post) gets the post's distance " +
				"in the guard factor f(d) of risk's GuardDecayKm and GuardFloor",
		},
		Patrol: plan.Item{
			Cost: usd(0.15e6), Pi: 0.05, ReachKm: 25,
			Source: "assumption: a patrol vehicle with crew and fuel for five years, about US$150k; it " +
				"detects a crossing of Kazakhstan's side with a 0.05 chance anywhere within 25 km of its " +
				"base (half the 50 km spacing of sites), entered into risk's gap model as a BorderUpgrade's " +
				"Patrol (scaled there by mode, intensity and protection)",
		},
		Barrier: plan.Item{
			CostPerKm: usd(0.1e6), Pi: 0.9, ReachKm: 25, Carriers: []string{"car", "truck"},
			Source: "assumption: a fence and anti-vehicle ditch, about US$100k per km; it stops 9 vehicles " +
				"in 10 that try to cross the 50 km stretch off-road (couriers on foot or horseback pass); " +
				"risk has no barrier of its own, so this chance is the menu's",
		},
	}
}
