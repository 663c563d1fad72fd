package risk

import (
	"errors"
	"math"
	"testing"

	"github.com/routerisk/routerisk/route"
)

// toyEdge returns the ID of the toy graph's edge of kind k naming feature
// and entering country.
func toyEdge(t *testing.T, g *route.Graph, k route.EdgeKind, feature, entering string) int {
	t.Helper()
	for e := 0; e < g.NumEdges(); e++ {
		ed := g.EdgeAt(e)
		if ed.Kind == k && ed.Feature == feature && ed.Country2 == entering {
			return e
		}
	}
	t.Fatalf("no %v edge %s into %s", k, feature, entering)
	return -1
}

func TestWithExtra(t *testing.T) {
	g, c, segs := toyCorridor(t)
	s := toySettings()
	m, err := New(g, c, segs, &s)
	if err != nil {
		t.Fatal(err)
	}
	korday := toyEdge(t, g, route.EdgeCrossing, "KAZ-KGZ-korday", "KAZ")
	gap := toyEdge(t, g, route.EdgeGap, "KAZ-KGZ-000-0002", "KAZ")
	x, err := m.WithExtra([]Extra{
		{Edge: korday, Carriers: []string{"car"}, P: 0.3},
		{Edge: gap, Country: "KAZ", P: 0.2},
		{Edge: gap, Country: "KAZ", P: 0.5},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, cr := range []string{"courier", "car", "truck"} {
		p0, _ := m.EdgeProbs(cr)
		p1, _ := x.EdgeProbs(cr)
		w0, _ := m.Weights(cr)
		w1, _ := x.Weights(cr)
		// By hand: survival multiplies, weights add −ln(1−π).
		wantK, wantKW := p0[korday], w0[korday]
		if cr == "car" {
			wantK = 1 - (1-p0[korday])*0.7
			wantKW += -math.Log(0.7)
		}
		if math.Abs(float64(p1[korday]-wantK)) > 1e-12 || math.Abs(w1[korday]-wantKW) > 1e-12 {
			t.Errorf("%s: korday p %v w %v, want %v %v", cr, p1[korday], w1[korday], wantK, wantKW)
		}
		wantG, wantGW := p0[gap], w0[gap]
		if !math.IsInf(w0[gap], 1) {
			wantG = 1 - (1-p0[gap])*0.8*0.5
			wantGW += -math.Log(0.8) - math.Log(0.5)
		}
		if math.Abs(float64(p1[gap]-wantG)) > 1e-12 || math.Abs(w1[gap]-wantGW) > 1e-12 {
			t.Errorf("%s: gap p %v w %v, want %v %v", cr, p1[gap], w1[gap], wantG, wantGW)
		}
	}
	st, err := x.EdgeStages("courier", gap)
	if err != nil {
		t.Fatal(err)
	}
	if last := st[len(st)-1]; last.Country != "KAZ" || last.Kind != StageGapEntry || last.P != 0.5 {
		t.Errorf("last gap stage %+v, want KAZ gap_entry 0.5", last)
	}
	st, _ = x.EdgeStages("car", korday)
	if last := st[len(st)-1]; last.Country != "KAZ" || last.Kind != StageCrossing || last.P != 0.3 {
		t.Errorf("last korday stage %+v, want KAZ crossing 0.3", last)
	}
	// The original model is untouched.
	st0, _ := m.EdgeStages("car", korday)
	if len(st0) != len(st)-1 {
		t.Errorf("original korday stages %d, extra %d", len(st0), len(st))
	}

	// Under flows: the seizures on an edge are its inflow times its new p.
	res, err := x.Run()
	if err != nil {
		t.Fatal(err)
	}
	base, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	// By hand: seized on an edge = Σ over routes of the tonnes still on
	// the road there × the edge's p for the route's carrier.
	var seized float64
	for _, r := range res.Routes {
		alive := r.Tonnes
		for _, e := range r.Path.Edges {
			pp, _ := x.EdgeProbs(r.Carrier)
			if e == korday {
				seized += 1000 * alive * float64(pp[e])
			}
			alive *= 1 - float64(pp[e])
		}
	}
	if seized == 0 {
		t.Fatal("no flow through korday: the check checks nothing")
	}
	if math.Abs(res.EdgeSeizedKg[korday]-seized) > 1e-9*math.Max(1, seized) {
		t.Errorf("korday seized %v kg, by hand %v", res.EdgeSeizedKg[korday], seized)
	}
	if res.EdgeTonnes[gap] >= base.EdgeTonnes[gap] && base.EdgeTonnes[gap] > 0 {
		t.Errorf("gap flow %v t with a post, %v without: want less", res.EdgeTonnes[gap], base.EdgeTonnes[gap])
	}

	for _, bad := range []Extra{{Edge: -1, P: 0.1}, {Edge: korday, P: 1}, {Edge: korday, P: Prob(math.NaN())},
		{Edge: korday, P: 0.1, Carriers: []string{"plane"}}, {Edge: korday, P: 0.1, Country: "XXX"}} {
		if _, err := m.WithExtra([]Extra{bad}); !errors.Is(err, ErrBadParam) {
			t.Errorf("%+v: error %v, want ErrBadParam", bad, err)
		}
	}
}
