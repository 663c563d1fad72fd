package northernroute

import (
	"strings"
	"testing"
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
