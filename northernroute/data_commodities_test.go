package northernroute

import (
	"math"
	"testing"
)

// TestCommodities checks the two opiates: flows as published or derived,
// every destination a market of the corridor, destination weights adding
// up to the commodity's flow (demands shares it all), opium mostly kept in
// Central Asia and heroin mostly carried to Russia, and sources.
func TestCommodities(t *testing.T) {
	c := mustCorridor(t)
	markets := map[string]string{}
	for _, d := range c.Destinations {
		markets[d.Name] = d.Country
	}
	cs := Commodities()
	if len(cs) != 2 || cs[0].Name != "heroin" || cs[1].Name != "opium" {
		t.Fatalf("commodities %v, want heroin and opium", cs)
	}
	wantFlow := map[string]float64{"heroin": FlowTonnes2010, "opium": OpiumTonnes2010}
	wantRussia := map[string]float64{"heroin": FlowTonnes2010 - CentralAsiaHeroinTonnes, "opium": OpiumTonnes2010 - CentralAsiaOpiumTonnes}
	for _, k := range cs {
		if k.FlowTonnes != wantFlow[k.Name] || k.Source == "" || !(k.ShipmentKg > 0) || !(k.DetectionFactor >= 1) {
			t.Errorf("%s: flow %v t, shipment %v kg, detection %v, source %q", k.Name, k.FlowTonnes, k.ShipmentKg, k.DetectionFactor, k.Source)
		}
		var sum, russia float64
		for name, w := range k.Destinations {
			country, ok := markets[name]
			if !ok {
				t.Errorf("%s: destination %q is no market of the corridor", k.Name, name)
			}
			if !(w > 0) {
				t.Errorf("%s: destination %q weight %v", k.Name, name, w)
			}
			sum += w
			if country == "RUS" {
				russia += w
			}
		}
		if math.Abs(sum-k.FlowTonnes) > 1e-9 {
			t.Errorf("%s: destinations weigh %v t, want the flow %v t", k.Name, sum, k.FlowTonnes)
		}
		if math.Abs(russia-wantRussia[k.Name]) > 1e-9 {
			t.Errorf("%s: Russia %v t, want %v t", k.Name, russia, wantRussia[k.Name])
		}
	}
	// Each call builds its own maps.
	cs[0].Destinations["Moscow"] = -1
	if Commodities()[0].Destinations["Moscow"] < 0 {
		t.Error("Commodities shares its Destinations between calls")
	}
}

// TestOpiumOrigins checks opium's origins: one weight for every origin of
// the corridor, by name, and all of the opium from Fayzabad, Badakhshan's
// town, the one origin province that grew opium poppy in 2010; heroin
// keeps the origins' own weights.
func TestOpiumOrigins(t *testing.T) {
	c := mustCorridor(t)
	w := OpiumOrigins()
	if len(w) != len(c.Origins) {
		t.Errorf("%d opium origin weights, want one for each of the %d origins", len(w), len(c.Origins))
	}
	for _, o := range c.Origins {
		v, ok := w[o.Name]
		switch {
		case !ok:
			t.Errorf("origin %q has no opium weight", o.Name)
		case o.Name == "Fayzabad" && v != 1100:
			t.Errorf("Fayzabad (Badakhshan): opium weight %v ha, want 1100", v)
		case o.Name != "Fayzabad" && v != 0:
			t.Errorf("origin %q: opium weight %v ha, want 0 (poppy-free in 2010)", o.Name, v)
		}
	}
	cs := Commodities()
	if cs[0].Origins != nil || len(cs[1].Origins) != len(w) {
		t.Errorf("origins: heroin %v, opium %v; want nil and OpiumOrigins", cs[0].Origins, cs[1].Origins)
	}
	w["Fayzabad"] = -1
	if OpiumOrigins()["Fayzabad"] != 1100 {
		t.Error("OpiumOrigins shares its map between calls")
	}
}
