package risk

import (
	"fmt"

	"github.com/routerisk/routerisk/geo"
)

// Scenario names, as in Settings.Name.
const (
	NameBaseline2010     = "baseline-2010"
	NameCustomsUnion2011 = "customs-union-2011"
	NameTIRTransit       = "tir-transit"
	NameProgramme2012    = "programme-2012"
)

// Baseline2010 returns the model as of 2010: the default parameters, with
// every Kazakhstan – Russia crossing under full inspection (customs
// inspection at that border ended only in July 2011). It is the scenario the
// public 2010 figures (90 t leaving northern Afghanistan; Kazakhstan's 323 kg
// of 70–75 t) describe.
func Baseline2010() Settings {
	s := defaultSettings()
	s.Name = NameBaseline2010
	s.Rules = []CrossingRule{{
		Pair:       "KAZ-RUS",
		FromRegime: geo.RegimeCustomsUnion,
		Regime:     geo.RegimeFull,
		Source:     "customs inspection at the Kazakhstan – Russia border until 1 July 2011 (Customs Union of Belarus, Kazakhstan and Russia)",
	}}
	return s
}

// CustomsUnion2011 returns Baseline2010 with no customs inspection at the
// Kazakhstan – Russia border: from 1 July 2011 the Customs Union moved cargo
// controls to its outer border. Open crossings of that border get the
// customs_union regime; border guards on the green border are unchanged.
func CustomsUnion2011() Settings {
	s := Baseline2010()
	s.Name = NameCustomsUnion2011
	s.Rules = append(s.Rules, CrossingRule{
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
func TIRTransit() Settings {
	s := Baseline2010()
	s.Name = NameTIRTransit
	s.Rules = append(s.Rules, CrossingRule{
		Entering:   "KAZ",
		Carriers:   []string{"truck"},
		FromRegime: geo.RegimeFull,
		Regime:     geo.RegimeTIRSealed,
		Source:     "TIR-sealed transit is not inspected in Kazakhstan (UNODC 2012)",
	})
	return s
}

// ProgrammeBudget is the source of the figures behind Programme2012's
// upgrades.
const ProgrammeBudget = "Kazakhstan's 2012–2016 border programme: 6 billion KZT (about US$40m), " +
	"of which 4.2 billion KZT (about US$27.7m) for the southern border: barriers, inspection systems, " +
	"vehicles, communications, canine units. The split over these items is not public; " +
	"the sizes of the upgrades are assumptions."

// Programme2012 returns CustomsUnion2011 (the programme came after the
// Customs Union) with Kazakhstan's 2012–2016 southern-border programme on
// the Kazakh–Kyrgyz and Kazakh–Uzbek borders (about 3,600 km, the "southern
// border" of the programme). The upgrades, each an assumption sized to the
// 4.2 billion KZT allocation (see ProgrammeBudget):
//   - inspection systems: a cargo scanner at every crossing into Kazakhstan
//     from Kyrgyzstan or Uzbekistan;
//   - canine units at the same crossings;
//   - outposts: 2 more posts per 100 km on the Kazakh side of both borders
//     (from the 1.5 of geo.DefaultOutpostDensity to 3.5), so no segment is
//     more than 12.5 km on average from a post;
//   - patrol vehicles: mobile patrols that detect a crossing of the Kazakh
//     side anywhere on both borders with probability 0.01 before the mode
//     factor, several times the rate of a remote stretch without them
//     (0.05 × f × g ≈ 0.001–0.003 by default).
func Programme2012() Settings {
	s := CustomsUnion2011()
	s.Name = NameProgramme2012
	for _, pair := range []string{"KAZ-KGZ", "KAZ-UZB"} {
		s.Rules = append(s.Rules, CrossingRule{
			Pair:       pair,
			Entering:   "KAZ",
			AddScanner: true,
			AddDogs:    true,
			Source:     "inspection systems and canine units at the southern checkpoints; " + ProgrammeBudget,
		})
		s.Upgrades = append(s.Upgrades, BorderUpgrade{
			Pair:             pair,
			Side:             "KAZ",
			OutpostsPer100Km: 2,
			Patrol:           0.01,
			Source:           "outposts and patrol vehicles along the remote stretches; " + ProgrammeBudget,
		})
	}
	return s
}

// Scenarios returns the named scenarios in a fixed order.
func Scenarios() []Settings {
	return []Settings{Baseline2010(), CustomsUnion2011(), TIRTransit(), Programme2012()}
}

// ScenarioByName returns the scenario with the given Name.
func ScenarioByName(name string) (Settings, error) {
	for _, s := range Scenarios() {
		if s.Name == name {
			return s, nil
		}
	}
	return Settings{}, fmt.Errorf("%w: no scenario %q (want %s, %s, %s or %s)", ErrBadParam, name,
		NameBaseline2010, NameCustomsUnion2011, NameTIRTransit, NameProgramme2012)
}
