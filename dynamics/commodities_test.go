package dynamics

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/routerisk/routerisk/risk"
)

// TestCommodities runs the toy corridor with two commodities of their own
// sizes and detectability, adaptation off, and checks the measures by
// commodity: they add up to the totals every month, and over 600 months
// each country's seizures of each commodity equal risk's static ones
// within four standard errors (seizures are Poisson-like counts of
// shipments; the flow's rounding to whole shipments adds far less).
func TestCommodities(t *testing.T) {
	set := toyRisk()
	set.FlowTonnes = 0
	set.Commodities = []risk.Commodity{
		{Name: "heroin", FlowTonnes: 90, ShipmentKg: 10, DetectionFactor: 1, Source: "test"},
		{Name: "opium", FlowTonnes: 30, ShipmentKg: 30, DetectionFactor: 1.5, Source: "test"},
	}
	m, err := toyCorridorModel(t).With(&set)
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultSettings()
	s.Adaptive = false
	s.Months = 600
	sim, err := Run(context.Background(), m, &s)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"heroin", "opium"}; !slices.Equal(sim.Commodities, want) {
		t.Fatalf("Commodities %v, want %v", sim.Commodities, want)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b)) }
	for _, mo := range sim.Months {
		var shipped, seized float64
		for _, c := range mo.Commodities {
			shipped += c.InflowKg
			seized += c.SeizedKg
		}
		if !near(shipped, mo.ShippedKg) || !near(seized, mo.SeizedKg) {
			t.Fatalf("%v: commodities ship %v and lose %v kg, the month %v and %v", mo.Date, shipped, seized, mo.ShippedKg, mo.SeizedKg)
		}
		for _, cm := range mo.Countries {
			var in, kg float64
			for _, c := range cm.Commodities {
				in += c.InflowKg
				kg += c.SeizedKg
			}
			if !near(in, cm.InflowKg) || !near(kg, cm.SeizedKg) {
				t.Fatalf("%v %s: commodities %v in and %v seized, the country %v and %v", mo.Date, cm.Country, in, kg, cm.InflowKg, cm.SeizedKg)
			}
		}
	}
	M := float64(len(sim.Months))
	sizes := map[string]float64{"heroin": 10, "opium": 30}
	for ci, code := range sim.Countries {
		for k, name := range sim.Commodities {
			want, err := res.Measure(risk.Measure{Kind: risk.SeizedKg, Country: code, Commodity: name})
			if err != nil {
				t.Fatal(err)
			}
			want /= 12
			var got float64
			for _, mo := range sim.Months {
				got += mo.Countries[ci].Commodities[k].SeizedKg / M
			}
			size := sizes[name]
			tol := 4*size*math.Sqrt(want/size/M) + 1e-9
			t.Logf("%s %s: %.2f kg a month, static %.2f ± %.2f", code, name, got, want, tol)
			if math.Abs(got-want) > tol {
				t.Errorf("%s %s: %.2f kg a month seized, static %.2f (tolerance %.2f)", code, name, got, want, tol)
			}
		}
	}
	// Opium, 1.5 times as detectable, is seized at a higher rate in BBB.
	bbb := slices.Index(sim.Countries, "BBB")
	var rate [2]float64
	for k := range rate {
		var in, kg float64
		for _, mo := range sim.Months {
			in += mo.Countries[bbb].Commodities[k].InflowKg
			kg += mo.Countries[bbb].Commodities[k].SeizedKg
		}
		rate[k] = kg / in
	}
	if rate[1] <= rate[0] {
		t.Errorf("BBB seizes %.4f of the opium and %.4f of the heroin: want more of the opium", rate[1], rate[0])
	}
	// The years add the months up by commodity too (found by name).
	var heroin float64
	for _, y := range sim.Years() {
		c, ok := Commodity(y.Countries[bbb].Commodities, "heroin")
		if !ok {
			t.Fatalf("%d: no heroin in BBB's commodities %+v", y.Year, y.Countries[bbb].Commodities)
		}
		heroin += c.SeizedKg
	}
	var months float64
	for _, mo := range sim.Months {
		months += mo.Countries[bbb].Commodities[0].SeizedKg
	}
	if c, ok := Commodity(sim.Months[0].Countries[bbb].Commodities, "cocaine"); ok || c.SeizedKg != 0 {
		t.Errorf("Commodity(cocaine) = %+v, %v: want nothing", c, ok)
	}
	if !near(heroin, months) {
		t.Errorf("BBB's heroin seized: %v kg over the years, %v over the months", heroin, months)
	}
}
