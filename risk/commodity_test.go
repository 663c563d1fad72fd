package risk

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/route"
)

// lineModel returns the model of a corridor with one way through: Origin
// in AAA, a road of 100 km to crossing X1 into BBB, the town Near 100 km
// on, 100 km more to crossing X2 into CCC and Far 100 km beyond. The
// destinations are Near (inside BBB) and Far. Only the crossings interdict
// (inspection 0.1 × visual detection 0.5 = 0.05 each) unless edit adds
// more; one car carries the flow, β = 0.
func lineModel(t *testing.T, edit func(s *Settings, c *geo.Corridor)) *Model {
	t.Helper()
	tb := newToyBuilder(t)
	tb.town("Origin", "AAA", 60, 40)
	tb.town("A1", "AAA", 61, 40)
	tb.town("B1", "BBB", 61.01, 40)
	tb.town("Near", "BBB", 62, 40)
	tb.town("B2", "BBB", 63, 40)
	tb.town("C1", "CCC", 63.01, 40)
	tb.town("Far", "CCC", 64, 40)
	tb.road("Origin", "A1", 100, route.EdgeRoad)
	tb.crossing(cx("AAA-BBB", "X1", geo.ModeRoad, geo.RegimeFull, false, 61, 40), "A1", "B1", 0)
	tb.road("B1", "Near", 100, route.EdgeRoad)
	tb.road("Near", "B2", 100, route.EdgeRoad)
	tb.crossing(cx("BBB-CCC", "X2", geo.ModeRoad, geo.RegimeFull, false, 63, 40), "B2", "C1", 0)
	tb.road("C1", "Far", 100, route.EdgeRoad)
	g := tb.graph([]route.Place{{Name: "Origin", Weight: 1}}, []route.Place{{Name: "Near", Weight: 1}, {Name: "Far", Weight: 1}})
	s := DefaultSettings()
	s.Inspection.Full, s.Detection = 0.1, Detection{Visual: 0.5}
	s.Other = CountryParams{}
	s.Beta = 0
	s.Carriers = []Carrier{{Name: "car", Modes: route.Vehicle, Share: 1}}
	c := tb.c
	if edit != nil {
		edit(&s, &c)
	}
	m, err := New(g, &c, tb.segs, &s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func runCountry(t *testing.T, m *Model, code string) (CountrySeizure, *Result) {
	t.Helper()
	res, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	c, _ := res.Country(code)
	return c, res
}

// TestUnavoidableIntensity checks that a crossing every route must pass
// seizes 1 − (1 − p)^e of the flow: in proportion to the intensity e to
// first order.
func TestUnavoidableIntensity(t *testing.T) {
	for _, tc := range []struct {
		name            string
		intensity, bord float64
		want            float64 // kg in BBB, 1 t to Near
	}{
		{"intensity 1", 1, 0, 1000 * 0.05},
		{"intensity 2", 2, 0, 1000 * (1 - 0.95*0.95)},
		{"border intensity 3", 1, 3, 1000 * (1 - math.Pow(0.95, 3))},
		{"intensity 2 × border 1.5", 2, 1.5, 1000 * (1 - math.Pow(0.95, 3))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := lineModel(t, func(s *Settings, c *geo.Corridor) {
				s.Countries = map[string]CountryParams{"BBB": {Intensity: tc.intensity, BorderIntensity: tc.bord}}
				s.Commodities = []Commodity{{Name: "heroin", FlowTonnes: 1, Destinations: map[string]float64{"Near": 1}}}
				s.FlowTonnes = 0
			})
			got, _ := runCountry(t, m, "BBB")
			if !near(got.SeizedKg, tc.want) || !near(got.CrossingKg, tc.want) {
				t.Errorf("BBB seized %v kg (crossing %v), want %v", got.SeizedKg, got.CrossingKg, tc.want)
			}
		})
	}
}

// TestTwoCommodities checks flows, detection factors and markets of two
// commodities on the line corridor by hand: heroin (2 t, factor 1) sold in
// Near, inside BBB; opium (4 t, factor 2: p = 1 − 0.95² = 0.0975 per
// crossing) carried on to Far.
func TestTwoCommodities(t *testing.T) {
	m := lineTwoCommodities(t)
	res, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	p2 := 1 - 0.95*0.95
	want := map[string]struct {
		kg, inflow float64
		byC        []float64
	}{
		"AAA": {0, 6, []float64{0, 0}},
		"BBB": {2000*0.05 + 4000*p2, 6, []float64{2000 * 0.05, 4000 * p2}},
		"CCC": {4000 * (1 - p2) * p2, 4 * (1 - p2), []float64{0, 4000 * (1 - p2) * p2}},
	}
	for code, w := range want {
		c, _ := res.Country(code)
		if !near(c.SeizedKg, w.kg) || !near(c.InflowTonnes, w.inflow) || len(c.CommodityKg) != 2 ||
			!near(c.CommodityKg[0], w.byC[0]) || !near(c.CommodityKg[1], w.byC[1]) {
			t.Errorf("%s: seized %v kg %v, inflow %v t; want %v kg %v, inflow %v t", code, c.SeizedKg, c.CommodityKg, c.InflowTonnes, w.kg, w.byC, w.inflow)
		}
	}
	if got := res.RoutedTonnes(); !near(got, 6) {
		t.Errorf("routed %v t, want 6", got)
	}
	for _, r := range res.Routes {
		if (r.Commodity == "heroin") != (r.Destination == "Near") {
			t.Errorf("route of %s goes to %s", r.Commodity, r.Destination)
		}
	}
}

// TestProtectedShare checks that a protected share lowers seizures and
// leaves the flow where it was.
func TestProtectedShare(t *testing.T) {
	model := func(pi Prob) *Model {
		return lineModel(t, func(s *Settings, c *geo.Corridor) {
			s.Countries = map[string]CountryParams{"BBB": {Protected: pi, HazardPerKm: 1e-3}}
		})
	}
	// Half the flow to Near, half to Far; BBB's crossing X1 sees all of it
	// at (1−π)·0.05; inland, per road of 100 km, (1−π)·(1 − e^−0.1): one
	// road to Near, two through to X2 (protection applies per stage).
	want := func(pi float64) float64 {
		q, x1 := (1-pi)*(1-math.Exp(-0.1)), (1-pi)*0.05
		return 1000 * (0.5*(x1+(1-x1)*q) + 0.5*(x1+(1-x1)*(1-(1-q)*(1-q))))
	}
	plain, prot := model(0), model(0.4)
	a, ra := runCountry(t, plain, "BBB")
	b, rb := runCountry(t, prot, "BBB")
	if !near(a.SeizedKg, want(0)) || !near(b.SeizedKg, want(0.4)) || !(b.SeizedKg < a.SeizedKg) {
		t.Errorf("BBB seized %v kg unprotected, %v kg 40%% protected; want %v, %v", a.SeizedKg, b.SeizedKg, want(0), want(0.4))
	}
	// The flow entering every edge before BBB is the same.
	for e := range ra.EdgeTonnes {
		if ed := plain.Graph().EdgeAt(e); ed.Country == "AAA" && !near(ra.EdgeTonnes[e], rb.EdgeTonnes[e]) {
			t.Errorf("edge %d in AAA: %v t unprotected, %v t protected", e, ra.EdgeTonnes[e], rb.EdgeTonnes[e])
		}
	}
	if !near(a.InflowTonnes, b.InflowTonnes) {
		t.Errorf("BBB inflow %v t unprotected, %v t protected", a.InflowTonnes, b.InflowTonnes)
	}
}

// TestCrossingFacts checks a crossing's own inspection rate, a rule that
// replaces it, the hand-over hours and the inland intensity.
func TestCrossingFacts(t *testing.T) {
	rate := 0.4
	m := lineModel(t, func(s *Settings, c *geo.Corridor) {
		c.Crossings[0].InspectionRate = &rate
		s.HandoverHours = 10
		s.Beta = 0.001
		s.Countries = map[string]CountryParams{"CCC": {HazardPerKm: 1e-3, InlandIntensity: 2, BorderIntensity: 0.5}}
	})
	x1, err := m.ScoreCrossing("AAA-BBB-X1", "BBB", "car")
	if err != nil {
		t.Fatal(err)
	}
	if !near(float64(x1.P), 0.4*0.5) || x1.Inspection != 0.4 {
		t.Errorf("X1: inspection %v, P %v; want 0.4, 0.2", x1.Inspection, x1.P)
	}
	x2, _ := m.ScoreCrossing("BBB-CCC-X2", "CCC", "car")
	if want := 1 - math.Pow(0.95, 0.5); !near(float64(x2.P), want) {
		t.Errorf("X2 into CCC: P %v, want %v (border intensity 0.5)", x2.P, want)
	}
	if got, want := m.settings.Hazard("CCC", 100), 1-math.Exp(-2*1e-3*100); !near(float64(got), want) {
		t.Errorf("CCC hazard over 100 km %v, want %v (inland intensity 2)", got, want)
	}
	r, err := m.Best("car", m.Graph().OriginNodes()[0], m.Graph().DestinationNodes()[1])
	if err != nil {
		t.Fatal(err)
	}
	// 400 km at 60 km/h, two crossings of 2 h, two hand-overs of 10 h.
	if want := 400.0/60 + 2*2 + 2*10; !near(r.Hours, want) {
		t.Errorf("Far route: %v h, want %v", r.Hours, want)
	}
	if want := r.P.Weight() + 0.001*r.Hours; !near(r.Cost, want) {
		t.Errorf("Far route cost %v, want %v", r.Cost, want)
	}
	ruled := lineModel(t, func(s *Settings, c *geo.Corridor) {
		c.Crossings[0].InspectionRate = &rate
		s.Rules = []CrossingRule{{ID: "AAA-BBB-X1", Regime: geo.RegimeTIRSealed}}
	})
	x1, _ = ruled.ScoreCrossing("AAA-BBB-X1", "BBB", "car")
	if x1.Inspection != ruled.settings.Inspection.TIRSealed {
		t.Errorf("X1 under a regime rule: inspection %v, want the regime's %v", x1.Inspection, ruled.settings.Inspection.TIRSealed)
	}
}

// TestOverflowSettings checks that settings too large to compute with are
// errors naming the field.
func TestOverflowSettings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(s *Settings)
		field string
	}{
		{"flow", func(s *Settings) { s.FlowTonnes = 1.7e308 }, "FlowTonnes"},
		{"beta", func(s *Settings) { s.Beta = 1e308 }, "Beta"},
		{"carrier shares", func(s *Settings) {
			for i := range s.Carriers {
				s.Carriers[i].Share = 1e308
			}
		}, "Carriers"},
		{"flow with commodities", func(s *Settings) { s.Commodities = []Commodity{{Name: "heroin", FlowTonnes: 1}} }, "FlowTonnes"},
		{"commodity flow", func(s *Settings) {
			s.FlowTonnes = 0
			s.Commodities = []Commodity{{Name: "heroin", FlowTonnes: 1e308}}
		}, "Commodities[0].FlowTonnes"},
		{"commodity flows add up", func(s *Settings) {
			s.FlowTonnes = 0
			s.Commodities = []Commodity{{Name: "heroin", FlowTonnes: 6e8}, {Name: "opium", FlowTonnes: 6e8}}
		}, "Commodities"},
		{"destination weight", func(s *Settings) {
			s.FlowTonnes = 0
			s.Commodities = []Commodity{{Name: "heroin", FlowTonnes: 1, Destinations: map[string]float64{"Moscow": 1e308}}}
		}, `Commodities[0].Destinations["Moscow"]`},
		{"same name", func(s *Settings) {
			s.FlowTonnes = 0
			s.Commodities = []Commodity{{Name: "heroin", FlowTonnes: 1}, {Name: "heroin", FlowTonnes: 1}}
		}, "Commodities[1]"},
		{"protected", func(s *Settings) { s.Other.Protected = 1.5 }, "Other.Protected"},
		{"border intensity", func(s *Settings) { s.Other.BorderIntensity = 1e308 }, "Other.BorderIntensity"},
		{"handover", func(s *Settings) { s.HandoverHours = math.Inf(1) }, "HandoverHours"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := DefaultSettings()
			tc.edit(&s)
			err := s.Validate()
			if !errors.Is(err, ErrBadParam) || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("Validate: %v, want ErrBadParam naming %s", err, tc.field)
			}
		})
	}
}

// lineTwoCommodities returns the line corridor's model carrying heroin
// (2 t, sold in Near, inside BBB) and opium (4 t, detection factor 2,
// carried on to Far).
func lineTwoCommodities(t *testing.T) *Model {
	t.Helper()
	m := lineModel(t, func(s *Settings, c *geo.Corridor) {
		s.FlowTonnes = 0
		s.Commodities = []Commodity{
			{Name: "heroin", FlowTonnes: 2, Destinations: map[string]float64{"Near": 1}},
			{Name: "opium", FlowTonnes: 4, DetectionFactor: 2, Destinations: map[string]float64{"Far": 3}},
		}
	})
	return m
}
