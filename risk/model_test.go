package risk

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/routerisk/routerisk/route"
)

func TestEdgeStages(t *testing.T) {
	m := toyModel(t, nil)
	g := m.Graph()
	s := m.Settings()
	for e := 0; e < g.NumEdges(); e++ {
		ed := g.EdgeAt(e)
		for _, cr := range m.Carriers() {
			st, err := m.EdgeStages(cr.Name, e)
			if err != nil {
				t.Fatal(err)
			}
			probs, _ := m.EdgeProbs(cr.Name)
			w, _ := m.Weights(cr.Name)
			modes := cr.Modes
			if ed.Modes&modes == 0 {
				if !math.IsInf(w[e], 1) {
					t.Errorf("edge %d (%s) unusable by %s: weight %v, want +Inf", e, ed.Kind, cr.Name, w[e])
				}
				continue
			}
			var ps []Prob
			for _, x := range st {
				ps = append(ps, x.P)
			}
			if got, want := probs[e], PathProb(ps); !math.IsInf(w[e], 1) && math.Abs(float64(got-want)) > 1e-15 {
				t.Errorf("edge %d: P %v, stages give %v", e, got, want)
			}
			switch {
			case ed.Kind == route.EdgeCrossing:
				cs, err := m.ScoreCrossing(ed.Feature, ed.Country2, cr.Name)
				if err != nil {
					t.Fatal(err)
				}
				if cs.Closed() {
					if !math.IsInf(w[e], 1) {
						t.Errorf("closed crossing %s: weight %v, want +Inf", ed.Feature, w[e])
					}
					continue
				}
				if len(st) != 1 || st[0].Kind != StageCrossing || st[0].Country != ed.Country2 || st[0].P != cs.P {
					t.Errorf("crossing edge %d: stages %+v, want one for %s with P %v", e, st, ed.Country2, cs.P)
				}
				if want := cs.P.Weight() + s.Beta*ed.Hours; math.Abs(w[e]-want) > 1e-15 {
					t.Errorf("crossing edge %d: weight %v, want %v", e, w[e], want)
				}
			case ed.Kind == route.EdgeGap && g.NodeAt(ed.To).Kind == route.NodeGap:
				// Inland along the off-road leg, then the side left, then the side entered.
				if len(st) != 3 || st[0].Kind != StageInland || st[1].Kind != StageGapExit || st[2].Kind != StageGapEntry ||
					st[0].Country != ed.Country || st[1].Country != ed.Country || st[2].Country != ed.Country2 {
					t.Errorf("entering gap edge %d (%s → %s): stages %+v", e, ed.Country, ed.Country2, st)
				}
			default:
				if len(st) != 1 || st[0].Kind != StageInland || st[0].Country != ed.Country {
					t.Errorf("edge %d (%s): stages %+v, want one inland stage", e, ed.Kind, st)
				}
				if want := s.Hazard(ed.Country, ed.LengthKm); st[0].P != want {
					t.Errorf("edge %d: hazard %v, want %v", e, st[0].P, want)
				}
			}
		}
	}
}

func TestNewErrors(t *testing.T) {
	g, c, segs := toyCorridor(t)
	if _, err := New(g, c, segs[1:], nil); !errors.Is(err, ErrUnknownFeature) {
		t.Errorf("missing segment: got %v, want ErrUnknownFeature", err)
	}
	c2 := *c
	c2.Crossings = c.Crossings[1:]
	if _, err := New(g, &c2, segs, nil); !errors.Is(err, ErrUnknownFeature) {
		t.Errorf("missing crossing: got %v, want ErrUnknownFeature", err)
	}
	s := toySettings()
	s.Carriers = []Carrier{{Name: "x", Modes: route.Modes(1 << 7), Share: 1}}
	if _, err := New(g, c, segs, &s); !errors.Is(err, ErrBadParam) {
		t.Errorf("bad modes: got %v, want ErrBadParam", err)
	}
	s.Carriers = []Carrier{{Name: "x", Modes: route.Foot, Share: 1}, {Name: "x", Modes: route.Rail, Share: 1}}
	if _, err := New(g, c, segs, &s); !errors.Is(err, ErrBadParam) {
		t.Errorf("duplicate carrier: got %v, want ErrBadParam", err)
	}
	s = toySettings()
	s.Detection.Dogs = 2
	if _, err := New(g, c, segs, &s); !errors.Is(err, ErrBadParam) {
		t.Errorf("bad settings: got %v, want ErrBadParam", err)
	}
	if _, err := New(nil, c, segs, nil); !errors.Is(err, ErrBadParam) {
		t.Errorf("nil graph: got %v, want ErrBadParam", err)
	}
}

func TestRunInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	g, c, segs := toyCorridor(t)
	for i := range 25 {
		s := randomSettings(r)
		s.Beta = r.Float64() * 0.01
		s.Theta = r.Float64() * 300
		m, err := New(g, c, segs, &s)
		if err != nil {
			t.Fatal(err)
		}
		res, err := m.Run()
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, m, res, i)
	}
}

// checkResult checks the invariants of a result: flow conserved, route
// probabilities equal to the product over their edges, seizures never above
// the flow.
func checkResult(t *testing.T, m *Model, res *Result, tag int) {
	t.Helper()
	s := m.Settings()
	total := s.FlowTonnes
	if got := res.RoutedTonnes() + res.UnroutedTonnes; math.Abs(got-total) > 1e-9*total {
		t.Errorf("%d: routed + unrouted = %v t, want %v", tag, got, total)
	}
	var seized float64
	for _, rt := range res.Routes {
		probs, _ := m.EdgeProbs(rt.Carrier)
		direct := 1.0
		for _, e := range rt.Path.Edges {
			direct *= 1 - float64(probs[e])
		}
		if math.Abs(float64(rt.P)-(1-direct)) > 1e-12 {
			t.Errorf("%d: route %d: P %v, direct product %v", tag, rt.Rank, rt.P, 1-direct)
		}
		if !rt.P.Valid() || rt.SeizedKg < 0 || rt.SeizedKg > 1000*rt.Tonnes*(1+1e-12) {
			t.Errorf("%d: route %d: P %v, seized %v kg of %v t", tag, rt.Rank, rt.P, rt.SeizedKg, rt.Tonnes)
		}
		if math.Abs(rt.SeizedKg-1000*rt.Tonnes*float64(rt.P)) > 1e-9*(1+rt.SeizedKg) {
			t.Errorf("%d: route %d: seized %v kg, want tonnes × P = %v", tag, rt.Rank, rt.SeizedKg, 1000*rt.Tonnes*float64(rt.P))
		}
		// Via is Crossings and Gaps merged in the order crossed.
		var xs, gs []string
		for _, id := range rt.Via {
			if slices.Contains(rt.Crossings, id) {
				xs = append(xs, id)
			} else {
				gs = append(gs, id)
			}
		}
		if !slices.Equal(xs, rt.Crossings) || !slices.Equal(gs, rt.Gaps) {
			t.Errorf("%d: route %d: via %v, crossings %v, gaps %v", tag, rt.Rank, rt.Via, rt.Crossings, rt.Gaps)
		}
		seized += rt.SeizedKg
	}
	if math.Abs(seized-res.SeizedKg()) > 1e-9*(1+seized) {
		t.Errorf("%d: seized by route %v kg, by country %v kg", tag, seized, res.SeizedKg())
	}
	if res.SeizedKg() > 1000*total {
		t.Errorf("%d: seized %v kg of %v t", tag, res.SeizedKg(), total)
	}
	var shares float64
	for _, c := range res.Countries {
		if c.SeizedKg > 1000*c.InflowTonnes*(1+1e-12)+1e-9 || !c.P.Valid() {
			t.Errorf("%d: %s seized %v kg of an inflow of %v t (P %v)", tag, c.Country, c.SeizedKg, c.InflowTonnes, c.P)
		}
		if d := c.SeizedKg - c.CrossingKg - c.GapKg - c.InlandKg; math.Abs(d) > 1e-9*(1+c.SeizedKg) {
			t.Errorf("%d: %s: parts do not add up (%v)", tag, c.Country, d)
		}
		shares += c.Share
	}
	if res.SeizedKg() > 0 && math.Abs(shares-1) > 1e-9 {
		t.Errorf("%d: shares add up to %v", tag, shares)
	}
	for e, tn := range res.EdgeTonnes {
		if res.EdgeSeizedKg[e] > 1000*tn*(1+1e-12)+1e-12 || res.EdgeSeizedKg[e] < 0 {
			t.Errorf("%d: edge %d: seized %v kg of %v t", tag, e, res.EdgeSeizedKg[e], tn)
		}
	}
	for i := 1; i < len(res.Routes); i++ {
		if res.Routes[i].Tonnes > res.Routes[i-1].Tonnes || res.Routes[i].Rank != i+1 {
			t.Errorf("%d: routes not ranked by tonnes at %d", tag, i)
		}
	}
}

func TestRunToy(t *testing.T) {
	m := toyModel(t, nil)
	res, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, m, res, 0)
	if res.UnroutedTonnes != 0 {
		t.Errorf("unrouted %v t: %v", res.UnroutedTonnes, res.Unrouted)
	}
	for _, rt := range res.Routes {
		for _, x := range rt.Crossings {
			if x == "KAZ-RUS-closed" {
				t.Errorf("route %d uses the closed crossing", rt.Rank)
			}
		}
		t.Logf("%2d %-7s %-6s → %-8s P %.4f %6.0f km %5.1f h %6.2f t  %v %v", rt.Rank, rt.Carrier, rt.Origin, rt.Destination, rt.P, rt.LengthKm, rt.Hours, rt.Tonnes, rt.Crossings, rt.Gaps)
	}
	for _, c := range res.Countries {
		t.Logf("%s in %6.2f t seized %7.1f kg (crossing %6.1f gap %6.1f inland %6.1f) P %.4f share %.3f", c.Country, c.InflowTonnes, c.SeizedKg, c.CrossingKg, c.GapKg, c.InlandKg, c.P, c.Share)
	}
}

// TestSharedScoresMatch checks that the stages of every edge for every
// carrier, worked out from the scores shared by the carriers (over all
// edges, as New does, and over some, as calibration's pricer does), are
// bit for bit those worked out for the carrier alone, on the toy corridor,
// the rail corridor with road access and the Northern Route.
func TestSharedScoresMatch(t *testing.T) {
	nr, err := northernRouteModel()
	if err != nil {
		t.Fatal(err)
	}
	access := railCorridor(t, Carrier{Name: "rail", Modes: route.Rail, AccessModes: route.Vehicle, AccessCountries: []string{"AAA"}, Share: 1})
	for _, tc := range []struct {
		name string
		m    *Model
	}{{"toy", toyModel(t, nil)}, {"access", access}, {"northern route", nr}} {
		m := tc.m
		s := m.settings.Clone()
		for code, p := range s.Countries { // other intensities than the model's
			p.Intensity = 1.3
			s.Countries[code] = p
		}
		all := m.newSharedScores(len(m.edges))
		if !all.fill(m, &s, m.carriers, nil) {
			t.Fatalf("%s: fill failed", tc.name)
		}
		var odd []int // every other edge
		for e := 0; e < len(m.edges); e += 2 {
			odd = append(odd, e)
		}
		some := m.newSharedScores(len(m.edges))
		if !some.fill(m, &s, m.carriers, odd) {
			t.Fatalf("%s: fill failed", tc.name)
		}
		n := 0
		for _, ct := range m.carriers {
			for e := range m.edges {
				want, wok, werr := m.edgeStages(&s, ct, e, nil, nil)
				for _, sh := range []*sharedScores{all, some} {
					if sh == some && e%2 != 0 {
						continue
					}
					got, ok, err := m.edgeStages(&s, ct, e, nil, sh)
					if ok != wok || (err == nil) != (werr == nil) || !slices.Equal(got, want) {
						t.Fatalf("%s: carrier %s edge %d: got %v %v %v, want %v %v %v", tc.name, ct.Name, e, got, ok, err, want, wok, werr)
					}
					n += len(got)
				}
			}
		}
		if n == 0 {
			t.Fatalf("%s: no stages compared", tc.name)
		}
	}
}
