package risk

import (
	"errors"
	"math"
	"reflect"
	"testing"
)

func TestSimulationMatchesAnalytic(t *testing.T) {
	res, _, _ := toyRun(t)
	opt := &SimSettings{Seed: 2010, ShipmentKg: 20, Replicates: 100}
	if len(res.Countries)+1 != 8 {
		t.Fatalf("the interval below assumes 8 quantities, have %d", len(res.Countries)+1)
	}
	sim, err := res.Simulate(opt)
	if err != nil {
		t.Fatal(err)
	}
	if sim.Shipments != 4500 || math.Abs(sim.ShipmentKg-20) > 1e-9 {
		t.Errorf("got %d shipments of %v kg, want 4500 of 20", sim.Shipments, sim.ShipmentKg)
	}
	all := append(sim.Countries, sim.ArrivedKg)
	// The analytic expectations lie in the intervals of the simulated means,
	// jointly at 95%: with 8 quantities each interval is widened from the
	// reported 95% (z = 1.96) to 99.375% (Bonferroni, z = 2.73), so that
	// a correct simulation fails for at most 1 seed in 20.
	const widen = 2.734 / 1.959964
	for _, c := range all {
		mid, half := (c.MeanLo+c.MeanHi)/2, (c.MeanHi-c.MeanLo)/2*widen
		if c.ExpectedKg < mid-half || c.ExpectedKg > mid+half {
			t.Errorf("%q: expected %.1f kg outside the joint 95%% interval of the simulated mean [%.1f, %.1f]", c.Country, c.ExpectedKg, mid-half, mid+half)
		}
		if !(c.Lo <= c.MeanKg && c.MeanKg <= c.Hi) {
			t.Errorf("%q: mean %.1f outside the year interval [%.1f, %.1f]", c.Country, c.MeanKg, c.Lo, c.Hi)
		}
		t.Logf("%-3s expected %8.1f kg, simulated %8.1f ± %.1f kg (year: %.0f–%.0f)", c.Country, c.ExpectedKg, c.MeanKg, (c.MeanHi-c.MeanLo)/2, c.Lo, c.Hi)
	}
	// The same seed gives the same simulation; another seed another.
	again, err := res.Simulate(opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sim, again) {
		t.Errorf("same seed, different simulation")
	}
	other, _ := res.Simulate(&SimSettings{Seed: 2011, ShipmentKg: 20, Replicates: 100})
	if reflect.DeepEqual(sim.Countries, other.Countries) {
		t.Errorf("different seeds, same simulation")
	}
	// Shares of the Central Asian five add up to 1 on average.
	var shares float64
	for _, c := range sim.Countries {
		shares += c.MeanShare
	}
	if math.Abs(shares-1) > 1e-12 {
		t.Errorf("mean shares add up to %v", shares)
	}
}

func TestSimulateErrors(t *testing.T) {
	res, _, _ := toyRun(t)
	for _, o := range []SimSettings{{ShipmentKg: -1}, {Replicates: 1}, {ShipmentKg: 1e-9}} {
		if _, err := res.Simulate(&o); !errors.Is(err, ErrBadParam) {
			t.Errorf("%+v: got %v, want ErrBadParam", o, err)
		}
	}
	if _, err := (&Result{}).Simulate(nil); !errors.Is(err, ErrMismatch) {
		t.Errorf("empty result: got %v, want ErrMismatch", err)
	}
}
