package northernroute

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/risk"
)

func TestUpgradeMenu(t *testing.T) {
	if !strings.Contains(ProgrammeBudgetKZT, "4.2 billion KZT") || SouthernBudgetKZT != 4.2e9 {
		t.Errorf("SouthernBudgetKZT %v does not match %q", SouthernBudgetKZT, ProgrammeBudgetKZT)
	}
	// The implied rate must be near the 2012 average (about 149 KZT/US$).
	if KZTPerUSD < 140 || KZTPerUSD > 160 {
		t.Errorf("KZTPerUSD %v", KZTPerUSD)
	}
	s := UpgradeMenu()
	for name, it := range map[string]struct {
		cost, perKm, pi float64
		src             string
	}{
		"scanner": {s.Scanner.Cost, s.Scanner.CostPerKm, s.Scanner.Pi, s.Scanner.Source},
		"dogs":    {s.Dogs.Cost, s.Dogs.CostPerKm, s.Dogs.Pi, s.Dogs.Source},
		"outpost": {s.Outpost.Cost, s.Outpost.CostPerKm, s.Outpost.Pi, s.Outpost.Source},
		"patrol":  {s.Patrol.Cost, s.Patrol.CostPerKm, s.Patrol.Pi, s.Patrol.Source},
		"barrier": {s.Barrier.Cost, s.Barrier.CostPerKm, s.Barrier.Pi, s.Barrier.Source},
	} {
		// Scanners, dogs and outposts take their chance from risk's model.
		own := name == "patrol" || name == "barrier"
		if !(it.cost+it.perKm > 0) || own != (it.pi > 0 && it.pi < 1) || !strings.HasPrefix(it.src, "assumption:") {
			t.Errorf("%s: cost %v + %v/km, π %v, source %q", name, it.cost, it.perKm, it.pi, it.src)
		}
		// No single unit may cost more than the budget.
		if it.cost > SouthernBudgetKZT || it.perKm*2*s.Barrier.ReachKm > SouthernBudgetKZT {
			t.Errorf("%s costs more than the budget", name)
		}
	}
}

// TestUpgradeMenuPorts checks the Caspian ports' candidates on the 2010
// model: a scanner and a canine unit at every open port, on the port's own
// country, none at Kuryk (closed until 2016), and each chance risk's own:
// the port scored with the rule added, to 1e-12.
func TestUpgradeMenuPorts(t *testing.T) {
	m := baselineCalibModel(t)
	c := mustCorridor(t)
	ms := UpgradeMenu()
	if !slices.Contains(ms.Ports, "KAZ-port-aktau") || ms.PortScanner.Cost <= ms.Scanner.Cost || !strings.HasPrefix(ms.PortScanner.Source, "assumption:") ||
		!strings.HasPrefix(ms.PortDogs.Source, "assumption:") {
		t.Errorf("port items %+v %+v on %v", ms.PortScanner, ms.PortDogs, ms.Ports)
	}
	ms.Ports = slices.Clone(CaspianPorts)
	ms.Outpost, ms.Patrol, ms.Barrier = plan.Item{}, plan.Item{}, plan.Item{} // crossings and ports only
	menu, err := plan.CorridorMenu(m, nil, c.Crossings, &ms)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]plan.Candidate{}
	for _, cand := range menu {
		if strings.Contains(cand.Feature, "-port-") {
			got[cand.Name()] = cand
		}
	}
	var want []string
	for _, id := range CaspianPorts {
		if id == "KAZ-port-kuryk" {
			continue
		}
		for _, k := range []string{"scanner", "dogs"} {
			want = append(want, k+" "+id[:3]+" "+id)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d port candidates, want %d: %v", len(got), len(want), want)
	}
	for _, name := range want {
		cand, ok := got[name]
		if !ok {
			t.Errorf("no candidate %q", name)
			continue
		}
		if cand.Cost != map[plan.Kind]float64{plan.Scanner: ms.PortScanner.Cost, plan.Dogs: ms.PortDogs.Cost}[cand.Kind] {
			t.Errorf("%s costs %v", name, cand.Cost)
		}
		s := m.Settings()
		s.Rules = append(s.Rules, risk.CrossingRule{ID: cand.Feature, Entering: cand.Side, AddScanner: cand.Kind == plan.Scanner, AddDogs: cand.Kind == plan.Dogs})
		ruled, err := m.With(&s)
		if err != nil {
			t.Fatal(err)
		}
		if len(cand.Effects) == 0 {
			t.Errorf("%s has no effect", name)
		}
		for _, pl := range cand.Effects {
			without, err1 := m.ScoreCrossing(cand.Feature, cand.Side, pl.Carrier)
			with, err2 := ruled.ScoreCrossing(cand.Feature, cand.Side, pl.Carrier)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if pi := 1 - float64(1-with.P)/float64(1-without.P); pl.Feature != cand.Feature || math.Abs(pl.Pi-pi) > 1e-12 {
				t.Errorf("%s for %s: π %v, risk with the rule gives %v", name, pl.Carrier, pl.Pi, pi)
			}
		}
	}
}
