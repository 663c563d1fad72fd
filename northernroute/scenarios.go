package northernroute

import (
	"fmt"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// Scenario names, as in risk.Settings.Name.
const (
	NameBaseline2010     = "baseline-2010"
	NameCustomsUnion2011 = "customs-union-2011"
	NameTIRTransit       = "tir-transit"
	NameProgramme2012    = "programme-2012"
)

// Carriers returns the assumed split of the Northern Route's flow over
// carriers: a courier who walks or rides across a green border and drives
// on (20%); a car or van with a hidden load (40%); a commercial truck
// (30%); and rail freight (10%), driven across Afghanistan (no railway
// there in 2010: the Hairatan – Mazar-e Sharif line opened in 2011) and
// over the border to a railhead, by train through Central Asia, and by
// road again in Russia, whose markets lie partly off the railway table
// (risk.Carrier's AccessModes). Osh and Khujand have no line in the table:
// rail freight to them is unrouted (about 0.5 t). The shares are
// assumptions: UNODC 2012 reports all four and no split.
func Carriers() []risk.Carrier {
	return []risk.Carrier{
		{Name: "courier", Modes: route.Foot | route.Horse | route.Vehicle, Share: 0.2},
		{Name: "car", Modes: route.Vehicle, Share: 0.4},
		{Name: "truck", Modes: route.Truck, Share: 0.3},
		{Name: "rail", Modes: route.Rail, AccessModes: route.Vehicle, AccessCountries: []string{"AFG", "RUS"}, Share: 0.1},
	}
}

// Baseline2010 returns the Northern Route's model as of 2010:
// risk.DefaultSettings with the Northern Route's country parameters
// (Countries), carriers (Carriers), the two opiates of 2010 (Commodities:
// 90 t of heroin and 38 t of opium, so FlowTonnes is 0) and the shares of
// seizures counted over the five Central Asian states (the countries of
// Observed2011), which are shares of opiate seizures. It has no rules: the crossings layer
// records the 2010 regimes, with every Kazakhstan – Russia crossing under
// full inspection (customs inspection at that border ended only in July
// 2011). It is the scenario the public 2010 figures describe.
func Baseline2010() risk.Settings {
	s := risk.DefaultSettings()
	s.Name = NameBaseline2010
	s.Countries = Countries()
	s.Carriers = Carriers()
	s.FlowTonnes = 0
	s.Commodities = Commodities()
	target := Observed2011()
	s.ShareCountries = target.ShareCountries()
	return s
}

// CustomsUnion2011 returns Baseline2010 with no customs inspection at the
// Kazakhstan – Russia border: from 1 July 2011 the Customs Union moved cargo
// controls to its outer border. Open crossings of that border get the
// customs_union regime; border guards on the green border are unchanged.
func CustomsUnion2011() risk.Settings {
	s := Baseline2010()
	s.Name = NameCustomsUnion2011
	s.Rules = append(s.Rules, risk.CrossingRule{
		Pair:       "KAZ-RUS",
		FromRegime: geo.RegimeFull,
		Regime:     geo.RegimeCustomsUnion,
		Source:     "no customs inspection of cargo at the Kazakhstan – Russia border from July 2011 (Customs Union of Belarus, Kazakhstan and Russia)",
	})
	return s
}

// TIRTransit returns Baseline2010 in which sealed TIR trucks are not opened
// in Kazakhstan: for the "truck" carrier every fully inspecting crossing into
// Kazakhstan becomes tir_sealed (Inspection.TIRSealed applies). Other
// carriers and the other countries are unchanged.
func TIRTransit() risk.Settings {
	s := Baseline2010()
	s.Name = NameTIRTransit
	s.Rules = append(s.Rules, risk.CrossingRule{
		Entering:   "KAZ",
		Carriers:   []string{"truck"},
		FromRegime: geo.RegimeFull,
		Regime:     geo.RegimeTIRSealed,
		Source:     "TIR-sealed transit is not inspected in Kazakhstan (UNODC 2012)",
	})
	return s
}

// ProgrammeBudgetKZT is the source of the figures behind Programme2012's
// upgrades (public figures: Kazakhstan's 2012–2016 border programme, as
// reported by UNODC 2012).
const ProgrammeBudgetKZT = "Kazakhstan's 2012–2016 border programme: 6 billion KZT (about US$40m), " +
	"of which 4.2 billion KZT (about US$27.7m) for the southern border: barriers, inspection systems, " +
	"vehicles, communications, canine units. The split over these items is not public; " +
	"the sizes of the upgrades are assumptions."

// Programme2012 returns CustomsUnion2011 (the programme came after the
// Customs Union) with Kazakhstan's 2012–2016 southern-border programme on
// the Kazakh–Kyrgyz and Kazakh–Uzbek borders (about 3,600 km, the "southern
// border" of the programme). The upgrades, each an assumption sized to the
// 4.2 billion KZT allocation (see ProgrammeBudgetKZT):
//   - inspection systems: a cargo scanner at every crossing into Kazakhstan
//     from Kyrgyzstan or Uzbekistan;
//   - canine units at the same crossings;
//   - outposts: 2 more posts per 100 km on the Kazakh side of both borders
//     (from the 1.5 of OutpostDensity to 3.5), so no segment is more than
//     12.5 km on average from a post;
//   - patrol vehicles: mobile patrols that detect a crossing of the Kazakh
//     side anywhere on both borders with probability 0.01 before the mode
//     factor, several times the rate of a remote stretch without them
//     (0.05 × f × g ≈ 0.001–0.003 with risk's default decays).
func Programme2012() risk.Settings {
	s := CustomsUnion2011()
	s.Name = NameProgramme2012
	for _, pair := range []string{"KAZ-KGZ", "KAZ-UZB"} {
		s.Rules = append(s.Rules, risk.CrossingRule{
			Pair:       pair,
			Entering:   "KAZ",
			AddScanner: true,
			AddDogs:    true,
			Source:     "inspection systems and canine units at the southern checkpoints; " + ProgrammeBudgetKZT,
		})
		s.Upgrades = append(s.Upgrades, risk.BorderUpgrade{
			Pair:             pair,
			Side:             "KAZ",
			OutpostsPer100Km: 2,
			Patrol:           0.01,
			Source:           "outposts and patrol vehicles along the remote stretches; " + ProgrammeBudgetKZT,
		})
	}
	return s
}

// Scenarios returns the named scenarios in a fixed order: Baseline2010,
// CustomsUnion2011, TIRTransit, Programme2012.
func Scenarios() []risk.Settings {
	return []risk.Settings{Baseline2010(), CustomsUnion2011(), TIRTransit(), Programme2012()}
}

// ScenarioByName returns the scenario with the given Name, or an error
// wrapping risk.ErrBadParam that lists the names.
func ScenarioByName(name string) (risk.Settings, error) {
	for _, s := range Scenarios() {
		if s.Name == name {
			return s, nil
		}
	}
	return risk.Settings{}, fmt.Errorf("%w: no Northern Route scenario %q (want %s, %s, %s or %s)", risk.ErrBadParam, name,
		NameBaseline2010, NameCustomsUnion2011, NameTIRTransit, NameProgramme2012)
}
