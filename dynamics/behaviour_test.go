package dynamics

import (
	"context"
	"testing"
	"time"
)

// meanOver returns the mean of f over months [lo, hi) of sim.
func meanOver(sim *Simulation, lo, hi int, f func(Month) float64) float64 {
	var s float64
	for _, mo := range sim.Months[lo:hi] {
		s += f(mo)
	}
	return s / float64(hi-lo)
}

// TestBalloon checks that more interdiction pressure spreads the flow over
// more crossings and gaps and more routes, in smaller loads.
func TestBalloon(t *testing.T) {
	m := toyCorridorModel(t)
	run := func(capacity float64) *Simulation {
		s := DefaultSettings()
		s.Months = 48
		s.Capacity = map[string]float64{"AAA": capacity, "BBB": capacity}
		sim, err := Run(context.Background(), m, &s)
		if err != nil {
			t.Fatal(err)
		}
		return sim
	}
	low, high := run(0.5), run(2)
	active := func(mo Month) float64 { return float64(mo.ActiveCrossings + mo.ActiveGaps) }
	eff := func(mo Month) float64 { return mo.EffectiveRoutes }
	size := func(mo Month) float64 { return mo.MeanSeizureKg }
	for _, c := range []struct {
		name      string
		f         func(Month) float64
		moreUnder *Simulation
	}{
		{"active crossings and gaps", active, high},
		{"effective routes", eff, high},
		{"mean seizure size", size, low},
	} {
		l, h := meanOver(low, 12, 48, c.f), meanOver(high, 12, 48, c.f)
		t.Logf("%s: %.2f under capacity 0.5, %.2f under 2", c.name, l, h)
		if c.moreUnder == high && !(h > l) || c.moreUnder == low && !(l > h) {
			t.Errorf("%s: %.2f under capacity 0.5, %.2f under 2", c.name, l, h)
		}
	}
	// Start: both begin with the two cheapest routes' elements (and y).
	if a, b := low.Months[0].OpenElements, high.Months[0].OpenElements; a != 3 || b != 3 {
		t.Errorf("open elements in the first month: %d and %d, want 3", a, b)
	}
}

// TestClosure checks that a closed crossing's flow moves to its
// neighbours, and only partly returns in the months after it reopens.
func TestClosure(t *testing.T) {
	m := toyCorridorModel(t)
	s := DefaultSettings()
	s.Months = 48
	s.Events = []Event{
		{Date: date(2011, time.January), Name: "close x1", Apply: closeX1},
		{Date: date(2012, time.January), Name: "reopen x1", Apply: openX1},
	}
	sim, err := Run(context.Background(), m, &s)
	if err != nil {
		t.Fatal(err)
	}
	x1 := -1
	for i, e := range sim.Elements {
		if e.ID == "AAA-BBB-x1" {
			x1 = i
		}
	}
	flowAt := func(v int) func(Month) float64 {
		return func(mo Month) float64 {
			for _, e := range mo.Elements {
				if e.Element == v {
					return e.FlowKg
				}
			}
			return 0
		}
	}
	others := func(mo Month) float64 {
		var s float64
		for _, e := range mo.Elements {
			if e.Element != x1 && sim.Elements[e.Element].ID[:7] == "AAA-BBB" {
				s += e.FlowKg
			}
		}
		return s
	}
	before, during, after := meanOver(sim, 6, 12, flowAt(x1)), meanOver(sim, 12, 24, flowAt(x1)), meanOver(sim, 24, 30, flowAt(x1))
	t.Logf("x1: %.0f kg a month before, %.0f while closed, %.0f after reopening", before, during, after)
	if before <= 0 || during != 0 || !(after > 0 && after < before) {
		t.Errorf("x1: %.0f kg a month before, %.0f while closed, %.0f after reopening: want before > after > 0 = closed", before, during, after)
	}
	ob, od := meanOver(sim, 6, 12, others), meanOver(sim, 12, 18, others)
	t.Logf("neighbours: %.0f kg a month before, %.0f while closed", ob, od)
	if gain := od - ob; gain < 0.8*before {
		t.Errorf("neighbours gained %.0f kg a month, want about x1's %.0f", gain, before)
	}
	d := sim.Displacements
	if len(d) != 2 || d[0].Event != "close x1" || d[0].MovedShare <= 0 || d[0].Changes[0].ID != "AAA-BBB-x1" {
		t.Fatalf("displacements: %+v", d)
	}
	if d[0].Changes[0].AfterKg != 0 {
		t.Errorf("x1 after closure: %.0f kg, want 0", d[0].Changes[0].AfterKg)
	}
}
