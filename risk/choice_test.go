package risk

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/routerisk/routerisk/route"
)

func TestLogitShares(t *testing.T) {
	// Three routes of equal cost: two share 90% of their length, one is
	// apart. Path-size logit gives the pair together about the weight of
	// one route.
	rs := []Route{
		{Cost: 0.05, PathSize: 0.55},
		{Cost: 0.05, PathSize: 0.55},
		{Cost: 0.05, PathSize: 1},
	}
	logitShares(rs, 100, 1)
	want := []float64{0.55 / 2.1, 0.55 / 2.1, 1 / 2.1}
	for i := range rs {
		if math.Abs(rs[i].Share-want[i]) > 1e-12 {
			t.Errorf("route %d: share %v, want %v", i, rs[i].Share, want[i])
		}
	}
	// A cost higher by 0.01 at θ = 100 gives e^−1 times the weight.
	rs = []Route{{Cost: 0.05, PathSize: 1}, {Cost: 0.06, PathSize: 1}}
	logitShares(rs, 100, 1)
	if got, want := rs[1].Share/rs[0].Share, math.Exp(-1); math.Abs(got-want) > 1e-12 {
		t.Errorf("share ratio %v, want %v", got, want)
	}
	// θ = 0: equal shares whatever the cost.
	rs = []Route{{Cost: 0.01, PathSize: 1}, {Cost: 3, PathSize: 1}}
	logitShares(rs, 1e-300, 1)
	if math.Abs(rs[0].Share-0.5) > 1e-12 {
		t.Errorf("θ→0: share %v, want 0.5", rs[0].Share)
	}
	// Unusable cost: no share.
	rs = []Route{{Cost: 0.01, PathSize: 1}, {Cost: math.Inf(1), PathSize: 1}}
	logitShares(rs, 100, 1)
	if rs[1].Share != 0 || rs[0].Share != 1 {
		t.Errorf("+Inf cost: shares %v, %v", rs[0].Share, rs[1].Share)
	}
}

func TestKBest(t *testing.T) {
	m := toyModel(t, nil)
	g := m.Graph()
	kunduz, _ := g.FindNode("Kunduz")
	omsk, _ := g.FindNode("Omsk")
	rs, err := m.KBest("courier", kunduz, omsk, 6)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 6 {
		t.Fatalf("got %d routes, want 6", len(rs))
	}
	w, _ := m.Weights("courier")
	for i, r := range rs {
		var sum float64
		for _, e := range r.Path.Edges {
			sum += w[e]
		}
		if math.Abs(sum-r.Cost) > 1e-12 || math.Abs(r.Cost-r.Path.Weight) > 1e-12 {
			t.Errorf("route %d: cost %v, edge weights %v, path weight %v", i, r.Cost, sum, r.Path.Weight)
		}
		if i > 0 && r.Cost < rs[i-1].Cost {
			t.Errorf("route %d costs %v, less than route %d (%v)", i, r.Cost, i-1, rs[i-1].Cost)
		}
		if r.Choice != i+1 || r.Origin != "Kunduz" || r.Destination != "Omsk" || r.Countries[0] != "AFG" || r.Countries[len(r.Countries)-1] != "RUS" {
			t.Errorf("route %d: %+v", i, r)
		}
		if !(r.PathSize > 0 && r.PathSize <= 1) {
			t.Errorf("route %d: path size %v", i, r.PathSize)
		}
	}
	best, err := m.Best("courier", kunduz, omsk)
	if err != nil || !slices.Equal(best.Path.Edges, rs[0].Path.Edges) {
		t.Errorf("Best: got %v, %v; want the first of KBest", best.Path.Edges, err)
	}
	// A courier crosses the remote Afghan–Tajik gap on its best route:
	// the gap is more permeable than the bridge for a walker.
	if !slices.Contains(best.Gaps, "AFG-TJK-000-0001") {
		t.Errorf("best courier route: gaps %v, want the remote AFG-TJK gap", best.Gaps)
	}
	// Trucks cannot leave the roads.
	truck, err := m.Best("truck", kunduz, omsk)
	if err != nil {
		t.Fatal(err)
	}
	if len(truck.Gaps) != 0 {
		t.Errorf("truck route crosses gaps %v", truck.Gaps)
	}
	if _, err := m.KBest("nobody", kunduz, omsk, 1); !errors.Is(err, ErrBadParam) {
		t.Errorf("unknown carrier: got %v", err)
	}
	if _, err := m.KBest("car", kunduz, int64(g.NumNodes()), 1); !errors.Is(err, ErrBadParam) {
		t.Errorf("bad node: got %v", err)
	}
	// A train alone cannot reach a town with no station.
	s := toySettings()
	s.Carriers = []Carrier{{Name: "train", Modes: route.Rail, Share: 1}}
	mt, err := m.With(&s)
	if err != nil {
		t.Fatal(err)
	}
	dushanbe, _ := g.FindNode("Dushanbe")
	if _, err := mt.KBest("train", kunduz, dushanbe, 2); !errors.Is(err, ErrNoRoute) || !errors.Is(err, route.ErrNoPath) {
		t.Errorf("no rail: got %v, want ErrNoRoute wrapping route.ErrNoPath", err)
	}
}

func TestBetaTradesTimeForRisk(t *testing.T) {
	g, c, segs := toyCorridor(t)
	kunduz, _ := g.FindNode("Kunduz")
	orenburg, _ := g.FindNode("Orenburg")
	var prevP Prob = -1
	var prevH = math.Inf(1)
	for _, beta := range []float64{0.01, 0.001, 0.0001, 0} {
		s := toySettings()
		s.Beta = beta
		m, err := New(g, c, segs, &s)
		if err != nil {
			t.Fatal(err)
		}
		r, err := m.Best("courier", kunduz, orenburg)
		if err != nil {
			t.Fatal(err)
		}
		// As time gets cheaper the smuggler accepts longer, safer routes.
		if prevP >= 0 && (r.P > prevP || r.Hours < prevH) {
			t.Errorf("β %v: P %v, %v h; with a dearer hour P %v, %v h", beta, r.P, r.Hours, prevP, prevH)
		}
		prevP, prevH = r.P, r.Hours
	}
}
