package route

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/routerisk/routerisk/geo"
)

func TestFromEdges(t *testing.T) {
	// A square 0→1→2 and 0→3→2 with weights 1+5 and 2+2, and a forbidden
	// shortcut 0→2.
	g, err := FromEdges(4, []PlainEdge{{0, 1, 1}, {1, 2, 5}, {0, 3, 2}, {3, 2, 2}, {0, 2, math.Inf(1)}})
	if err != nil {
		t.Fatal(err)
	}
	if g.NumNodes() != 4 || g.NumEdges() != 5 {
		t.Fatalf("%d nodes, %d edges", g.NumNodes(), g.NumEdges())
	}
	p, err := ShortestPath(g, 0, 2, AllModes)
	if err != nil || p.Weight != 4 || len(p.Edges) != 2 || p.Edges[0] != 2 || p.Edges[1] != 3 {
		t.Errorf("0→2: %+v, %v; want weight 4 by edges 2, 3", p, err)
	}
	for _, tc := range []struct {
		name  string
		n     int
		edges []PlainEdge
		want  error
	}{
		{"node out of range", 2, []PlainEdge{{0, 2, 1}}, ErrUnknownNode},
		{"negative node", 2, []PlainEdge{{-1, 0, 1}}, ErrUnknownNode},
		{"negative weight", 2, []PlainEdge{{0, 1, -1}}, ErrBadWeight},
		{"NaN weight", 2, []PlainEdge{{0, 1, math.NaN()}}, ErrBadWeight},
		{"loop", 2, []PlainEdge{{1, 1, 1}}, ErrBadEdge},
		{"negative count", -1, nil, ErrBadParameter},
	} {
		if _, err := FromEdges(tc.n, tc.edges); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestShortestToAgreesWithShortestFrom(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		g, _ := randomGraph(t, seed, 60, 3)
		for to := int64(0); to < 60; to += 7 {
			tr, err := ShortestTo(g, to, AllModes)
			if err != nil {
				t.Fatal(err)
			}
			if tr.From() != to {
				t.Fatalf("root %d, want %d", tr.From(), to)
			}
			for v := int64(0); v < 60; v++ {
				fr, _ := ShortestFrom(g, v, AllModes)
				want := fr.Dist(to)
				if got := tr.Dist(v); got != want {
					t.Fatalf("seed %d: dist %d→%d = %v, ShortestFrom %v", seed, v, to, got, want)
				}
				p, ok := tr.PathTo(v)
				if ok != !math.IsInf(want, 1) {
					t.Fatalf("seed %d: PathTo(%d) ok %v", seed, v, ok)
				}
				if ok {
					checkPath(t, g, p, []int64{v}, []int64{to}, AllModes)
					if !near(p.Weight, want) {
						t.Fatalf("seed %d: path %d→%d weighs %v, want %v", seed, v, to, p.Weight, want)
					}
				}
			}
		}
	}
	g, _ := randomGraph(t, 1, 10, 2)
	if _, err := ShortestTo(g, 10, AllModes); !errors.Is(err, ErrUnknownNode) {
		t.Errorf("ShortestTo out of range: got %v", err)
	}
	if _, err := ShortestTo(nil, 0, AllModes); !errors.Is(err, ErrBadParameter) {
		t.Errorf("ShortestTo(nil): got %v", err)
	}
	if _, err := ShortestFrom(nil, 0, AllModes); !errors.Is(err, ErrBadParameter) {
		t.Errorf("ShortestFrom(nil): got %v", err)
	}
}

func TestHopAndNodeBetweennessAgreeWithGonum(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		g, sg := randomGraph(t, seed, 40, 3)
		hop := HopBetweenness(g, AllModes)
		theirs := network.EdgeBetweenness(sg)
		for e, x := range hop {
			ed := g.EdgeAt(e)
			if want := theirs[[2]int64{ed.From, ed.To}]; !near(x, want) {
				t.Fatalf("seed %d: edge %d hop betweenness %v, gonum %v", seed, e, x, want)
			}
		}
		hn := HopNodeBetweenness(g, AllModes)
		nb := network.Betweenness(sg)
		for v, x := range hn {
			if want := nb[int64(v)]; !near(x, want) {
				t.Fatalf("seed %d: node %d hop betweenness %v, gonum %v", seed, v, x, want)
			}
		}
		wn := NodeBetweenness(g, AllModes)
		wb := network.BetweennessWeighted(sg, path.DijkstraAllPaths(sg))
		for v, x := range wn {
			if want := wb[int64(v)]; !near(x, want) {
				t.Fatalf("seed %d: node %d betweenness %v, gonum %v", seed, v, x, want)
			}
		}
	}
	// By hand: the path 0→1→2 (weights 5, 5) and the edge 0→2 (weight 1).
	// By weight 0→2 takes the edge, so node 1 lies on no shortest path; by
	// hops too. With 0→2 forbidden, node 1 carries the pair (0, 2).
	g, _ := FromEdges(3, []PlainEdge{{0, 1, 5}, {1, 2, 5}, {0, 2, 1}})
	if b := NodeBetweenness(g, AllModes); b[1] != 0 {
		t.Errorf("node 1 betweenness %v, want 0", b[1])
	}
	h, _ := g.WithWeights([]float64{5, 5, math.Inf(1)})
	if b := HopNodeBetweenness(h, AllModes); b[1] != 1 {
		t.Errorf("node 1 hop betweenness with 0→2 forbidden %v, want 1", b[1])
	}
	if HopBetweenness(nil, AllModes) != nil || NodeBetweenness(nil, AllModes) != nil {
		t.Error("betweenness of a nil graph is not nil")
	}
	_ = simple.Node(0)
}

func TestReadGraphInMemory(t *testing.T) {
	g := diamond(t)
	w := g.Weights()
	w[2] = math.Inf(1)
	g, _ = g.WithWeights(w)
	h, err := ReadGraph(NodesLayer(g), EdgesLayer(g, true))
	if err != nil {
		t.Fatal(err)
	}
	if h.NumNodes() != g.NumNodes() || h.NumEdges() != g.NumEdges() {
		t.Fatalf("%d nodes, %d edges; want %d, %d", h.NumNodes(), h.NumEdges(), g.NumNodes(), g.NumEdges())
	}
	for e := 0; e < g.NumEdges(); e++ {
		a, b := g.EdgeAt(e), h.EdgeAt(e)
		if a.From != b.From || a.To != b.To || a.Kind != b.Kind || a.Modes != b.Modes || a.LengthKm != b.LengthKm || g.EdgeWeight(e) != h.EdgeWeight(e) {
			t.Errorf("edge %d: %+v (w %v), want %+v (w %v)", e, b, h.EdgeWeight(e), a, g.EdgeWeight(e))
		}
	}
	for v := int64(0); v < int64(g.NumNodes()); v++ {
		if a, b := g.NodeAt(v), h.NodeAt(v); a != b {
			t.Errorf("node %d: %+v, want %+v", v, b, a)
		}
	}
}

func TestValidate(t *testing.T) {
	c := tinyCorridor()
	// A third country's settlement as the only destination: no route.
	c.Settlements = append(c.Settlements, c.Settlements[5])
	c.Settlements[6].ID, c.Settlements[6].Name, c.Settlements[6].Country = "t", "Tango", "TJK"
	c.Destinations = append(c.Destinations, c.Destinations[0])
	c.Destinations[1].Name, c.Destinations[1].Country = "Tango", "TJK"
	// A border segment between TJK and TKM: no settlement of TKM, and the
	// TJK side is unreachable from the origin.
	seg := geo.Segment{ID: "TJK-TKM-000-0000", A: "TJK", B: "TKM", Mid: orb.Point{61, 44}}
	g, err := Build(c, []geo.Segment{seg}, nil)
	if err != nil {
		t.Fatal(err)
	}
	fs := Validate(g)
	want := []geo.Finding{
		{Severity: geo.Error, Layer: "destinations", ID: "Tango"},
		{Severity: geo.Warning, Layer: "segments", ID: "TJK-TKM-000-0000"},
	}
	if len(fs) != len(want) {
		t.Fatalf("findings %v, want %d", fs, len(want))
	}
	for i, f := range fs {
		if f.Severity != want[i].Severity || f.Layer != want[i].Layer || f.ID != want[i].ID || f.Message == "" {
			t.Errorf("finding %d = %v, want %v %s %s", i, f, want[i].Severity, want[i].Layer, want[i].ID)
		}
	}
	if fs := Validate(nil); len(fs) != 1 || fs[0].Severity != geo.Error {
		t.Errorf("Validate(nil) = %v", fs)
	}
}
