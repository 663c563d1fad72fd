package risk

import (
	"errors"
	"math"
	"testing"
)

func TestMeasureAndCheckPublished(t *testing.T) {
	r, _, _ := toyRun(t)
	var routed, seized float64
	perCarrier := map[string]float64{}
	for _, rt := range r.Routes {
		routed += rt.Tonnes
		perCarrier[rt.Carrier] += rt.Tonnes
	}
	for _, c := range r.Countries {
		seized += c.SeizedKg
	}
	first := r.Countries[0]
	carrier := r.Settings.Carriers[0].Name
	ps := []Published{
		{Name: "inflow", Low: 0, High: 2 * first.InflowTonnes, Measure: Measure{Kind: InflowTonnes, Country: first.Country}},
		{Name: "seized", Low: first.SeizedKg + 1, High: first.SeizedKg + 2, Measure: Measure{Kind: SeizedKg, Country: first.Country}},
		{Name: "fraction", Low: 0, High: 1, Measure: Measure{Kind: SeizedFraction}},
		{Name: "carrier", Low: 0.5, High: 0.5, Measure: Measure{Kind: CarrierShare, Carrier: carrier}},
	}
	got, err := CheckPublished(r, ps)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{first.InflowTonnes, first.SeizedKg, seized / (1000 * routed), perCarrier[carrier] / routed}
	within := []bool{true, false, true, perCarrier[carrier]/routed == 0.5}
	for i, c := range got {
		if math.Abs(c.Model-want[i]) > 1e-12*math.Max(1, want[i]) {
			t.Errorf("%s: model %v, want %v", c.Name, c.Model, want[i])
		}
		if c.Within != within[i] {
			t.Errorf("%s: within %v, want %v", c.Name, c.Within, within[i])
		}
	}
	if r := got[0].Ratio; math.Abs(r-1) > 1e-12 {
		t.Errorf("inflow ratio %v, want 1 (the middle of 0–2×)", r)
	}
	for _, bad := range []Published{
		{Name: "no country", Low: 0, High: 1, Measure: Measure{Kind: InflowTonnes, Country: "XXX"}},
		{Name: "no carrier", Low: 0, High: 1, Measure: Measure{Kind: CarrierShare, Carrier: "balloon"}},
		{Name: "range", Low: 2, High: 1, Measure: Measure{Kind: SeizedFraction}},
		{Name: "kind", Low: 0, High: 1, Measure: Measure{Kind: 99}},
	} {
		if _, err := CheckPublished(r, []Published{bad}); !errors.Is(err, ErrBadParam) {
			t.Errorf("%s: got %v, want ErrBadParam", bad.Name, err)
		}
	}
}
