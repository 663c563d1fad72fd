package route

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"
)

// diamond: 0→1→3 (2), 0→2→3 (3), 0→3 by ferry (1), 1→2 (0.5), 3→4 (1);
// node 5 is cut off.
func diamond(t testing.TB) *Graph {
	return smallGraph(t, 6, []arc{
		{0, 1, 1, 0, 0}, {1, 3, 1, 0, 0}, {0, 2, 1, 0, 0}, {2, 3, 2, 0, 0},
		{0, 3, 1, Ferry, EdgeFerry}, {1, 2, 0.5, 0, 0}, {3, 4, 1, 0, 0},
	})
}

func TestShortestPathTable(t *testing.T) {
	g := diamond(t)
	tests := []struct {
		name     string
		from, to int64
		modes    Modes
		nodes    []int64
		weight   float64
	}{
		{"ferry allowed", 0, 4, AllModes, []int64{0, 3, 4}, 2},
		{"foot never takes the ferry", 0, 4, Foot, []int64{0, 1, 3, 4}, 3},
		{"to itself", 2, 2, AllModes, []int64{2}, 0},
		{"via the short cut", 1, 3, Foot, []int64{1, 3}, 1},
	}
	for _, tc := range tests {
		p, err := ShortestPath(g, tc.from, tc.to, tc.modes)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !slices.Equal(p.Nodes, tc.nodes) || p.Weight != tc.weight {
			t.Errorf("%s: got %v (%v), want %v (%v)", tc.name, p.Nodes, p.Weight, tc.nodes, tc.weight)
		}
		checkPath(t, g, p, []int64{tc.from}, []int64{tc.to}, tc.modes)
		for _, e := range p.Edges {
			if tc.modes == Foot && g.EdgeAt(e).Kind == EdgeFerry {
				t.Errorf("%s: a foot route uses ferry edge %d", tc.name, e)
			}
		}
	}
	// Errors: disconnected places, unknown nodes.
	_, err := ShortestPath(g, 0, 5, AllModes)
	if !errors.Is(err, ErrNoPath) {
		t.Errorf("to the cut-off node: got %v, want ErrNoPath", err)
	} else if msg := err.Error(); !strings.Contains(msg, `0 (settlement "A")`) || !strings.Contains(msg, `5 (settlement "F")`) {
		t.Errorf("error %q does not name both places", msg)
	}
	if _, err := ShortestPath(g, 0, 4, Rail); !errors.Is(err, ErrNoPath) {
		t.Errorf("by rail: got %v, want ErrNoPath", err)
	}
	if _, err := ShortestPath(g, 0, 99, AllModes); !errors.Is(err, ErrUnknownNode) {
		t.Errorf("unknown node: got %v, want ErrUnknownNode", err)
	}
	if _, err := KShortest(g, []int64{4}, []int64{0}, 3, AllModes); !errors.Is(err, ErrNoPath) {
		t.Errorf("KShortest backwards: got %v, want ErrNoPath", err)
	}
	if _, err := Diverse(g, []int64{5}, []int64{0}, 3, 0.5, AllModes); !errors.Is(err, ErrNoPath) {
		t.Errorf("Diverse from the cut-off node: got %v, want ErrNoPath", err)
	}
	tr, _ := ShortestFrom(g, 0, Foot)
	if tr.Dist(3) != 2 || !math.IsInf(tr.Dist(5), 1) {
		t.Errorf("tree: Dist(3) = %v, Dist(5) = %v", tr.Dist(3), tr.Dist(5))
	}
	if _, ok := tr.PathTo(5); ok {
		t.Error("PathTo(5) found a path")
	}
	// +Inf forbids an edge.
	w := g.Weights()
	w[1] = math.Inf(1) // 1→3
	h, _ := g.WithWeights(w)
	if p, _ := ShortestPath(h, 0, 4, Foot); !slices.Equal(p.Nodes, []int64{0, 2, 3, 4}) || p.Weight != 4 {
		t.Errorf("with 1→3 forbidden: got %v (%v)", p.Nodes, p.Weight)
	}
}

// TestDijkstraAgreesWithGonum compares every distance of ShortestFrom and
// every ShortestPath weight with gonum's DijkstraFrom on random graphs.
func TestDijkstraAgreesWithGonum(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		g, sg := randomGraph(t, seed, 200, 3)
		for _, src := range []int64{0, 7, 199} {
			ours, err := ShortestFrom(g, src, AllModes)
			if err != nil {
				t.Fatal(err)
			}
			theirs := path.DijkstraFrom(simple.Node(src), sg)
			for v := int64(0); v < 200; v++ {
				if got, want := ours.Dist(v), theirs.WeightTo(v); got != want {
					t.Fatalf("seed %d: dist %d→%d = %v, gonum %v", seed, src, v, got, want)
				}
				// gonum's Dijkstra on our graph too.
				if v%9 == 0 {
					p, err := ShortestPath(g, src, v, AllModes)
					if math.IsInf(ours.Dist(v), 1) {
						if !errors.Is(err, ErrNoPath) {
							t.Fatalf("seed %d: %d→%d unreachable, got %v", seed, src, v, err)
						}
						continue
					}
					checkPath(t, g, p, []int64{src}, []int64{v}, AllModes)
					if _, w := path.DijkstraFromTo(simple.Node(src), simple.Node(v), g); p.Weight != w {
						t.Fatalf("seed %d: %d→%d weight %v, gonum on Graph %v", seed, src, v, p.Weight, w)
					}
				}
			}
		}
	}
}

// TestYenAgreesWithGonum compares the weights of the k best loopless paths
// with gonum's YenKShortestPaths on the same graphs.
func TestYenAgreesWithGonum(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		g, sg := randomGraph(t, seed, 120, 3)
		for _, pair := range [][2]int64{{0, 119}, {5, 60}} {
			const k = 12
			theirs := path.YenKShortestPaths(sg, k, math.Inf(1), simple.Node(pair[0]), simple.Node(pair[1]))
			ours, err := KShortest(g, []int64{pair[0]}, []int64{pair[1]}, k, AllModes)
			if len(theirs) == 0 {
				if !errors.Is(err, ErrNoPath) {
					t.Fatalf("seed %d: gonum finds no path, we got %v", seed, err)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(ours) != len(theirs) {
				t.Fatalf("seed %d %v: %d paths, gonum %d", seed, pair, len(ours), len(theirs))
			}
			for i, p := range ours {
				checkPath(t, g, p, []int64{pair[0]}, []int64{pair[1]}, AllModes)
				if w := pathWeight(sg, theirs[i]); !near(p.Weight, w) {
					t.Fatalf("seed %d %v: path %d weight %v, gonum %v", seed, pair, i, p.Weight, w)
				}
			}
			for i := 1; i < len(ours); i++ {
				if slices.Equal(ours[i].Edges, ours[i-1].Edges) {
					t.Fatalf("seed %d: duplicate path %d", seed, i)
				}
			}
		}
	}
}

func pathWeight(g graph.Weighted, nodes []graph.Node) float64 {
	var s float64
	for i := 1; i < len(nodes); i++ {
		w, _ := g.Weight(nodes[i-1].ID(), nodes[i].ID())
		s += w
	}
	return s
}

// bruteKShortest enumerates every loopless path from a node of from to a
// node of to (ending at the first node of to) and returns their weights,
// sorted.
func bruteKShortest(g *Graph, from, to []int64, modes Modes) []float64 {
	isT := map[int64]bool{}
	for _, v := range to {
		isT[v] = true
	}
	var out []float64
	on := make([]bool, g.NumNodes())
	var walk func(u int64, w float64)
	walk = func(u int64, w float64) {
		if isT[u] {
			out = append(out, w)
			return
		}
		on[u] = true
		for _, e := range g.OutEdges(u) {
			ed := g.EdgeAt(e)
			if ed.Modes&modes != 0 && !on[ed.To] && !math.IsInf(g.EdgeWeight(e), 1) {
				walk(ed.To, w+g.EdgeWeight(e))
			}
		}
		on[u] = false
	}
	for _, s := range uniqueSorted(from) {
		walk(int64(s), 0)
	}
	slices.Sort(out)
	return out
}

// TestKShortestBruteForce checks node sets, parallel edges and modes
// against every loopless path enumerated.
func TestKShortestBruteForce(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		g, _ := randomGraph(t, seed, 11, 3)
		// Add parallel rail edges to some links.
		b := NewBuilder()
		for i := 0; i < g.NumNodes(); i++ {
			b.AddNode(g.NodeAt(int64(i)))
		}
		for e := 0; e < g.NumEdges(); e++ {
			ed := g.EdgeAt(e)
			b.AddEdge(ed)
			if e%4 == 0 {
				ed.Modes, ed.Kind, ed.LengthKm = Rail, EdgeRail, ed.LengthKm+0.5
				b.AddEdge(ed)
			}
		}
		g = b.Graph()
		for _, tc := range []struct {
			from, to []int64
			modes    Modes
		}{
			{[]int64{0}, []int64{10}, AllModes},
			{[]int64{0, 3}, []int64{9, 10}, AllModes},
			{[]int64{1, 2}, []int64{8}, RoadModes},
			{[]int64{4}, []int64{4, 5}, AllModes},
		} {
			want := bruteKShortest(g, tc.from, tc.to, tc.modes)
			k := min(len(want), 30)
			got, err := KShortest(g, tc.from, tc.to, 30, tc.modes)
			if len(want) == 0 {
				if !errors.Is(err, ErrNoPath) {
					t.Fatalf("seed %d %v: no path exists, got %v", seed, tc, err)
				}
				continue
			}
			if err != nil || len(got) != k {
				t.Fatalf("seed %d %v: got %d paths (%v), want %d", seed, tc, len(got), err, k)
			}
			for i, p := range got {
				checkPath(t, g, p, tc.from, tc.to, tc.modes)
				if !near(p.Weight, want[i]) {
					t.Fatalf("seed %d %v: path %d weight %v, want %v", seed, tc, i, p.Weight, want[i])
				}
				for _, v := range p.Nodes[:len(p.Nodes)-1] {
					if slices.Contains(tc.to, v) {
						t.Fatalf("seed %d: path %v passes target %d", seed, p.Nodes, v)
					}
				}
			}
		}
	}
}

func TestDiverse(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		g, _ := randomGraph(t, seed, 150, 4)
		// The target: the node with the most edges in (so that routes can differ).
		target := int64(1)
		for v := int64(2); v < 150; v++ {
			if len(g.InEdges(v)) > len(g.InEdges(target)) {
				target = v
			}
		}
		from, to := []int64{0}, []int64{target}
		best, err := ShortestPath(g, 0, target, AllModes)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, overlap := range []float64{0, 0.3, 0.7} {
			ps, err := Diverse(g, from, to, 5, overlap, AllModes)
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) == 0 || ps[0].Weight != best.Weight {
				t.Fatalf("seed %d: diverse routes %v, the first should weigh %v", seed, ps, best.Weight)
			}
			for i := range ps {
				checkPath(t, g, ps[i], from, to, AllModes)
				if i > 0 && ps[i].Weight < ps[i-1].Weight {
					t.Fatalf("seed %d: routes not in order of weight", seed)
				}
				for j := 0; j < i; j++ {
					shared, err := SharedKm(g, ps[i], ps[j])
					if err != nil {
						t.Fatal(err)
					}
					if shared > overlap*math.Min(ps[i].LengthKm, ps[j].LengthKm)+1e-9 {
						t.Fatalf("seed %d overlap %v: routes %d and %d share %v km of %v and %v", seed, overlap, i, j, shared, ps[i].LengthKm, ps[j].LengthKm)
					}
				}
			}
			if overlap == 0.7 && len(ps) < 2 {
				t.Errorf("seed %d: only %d routes at overlap 0.7 on a dense random graph", seed, len(ps))
			}
		}
	}
	g := diamond(t)
	if _, err := Diverse(g, []int64{0}, []int64{4}, 2, 1.5, AllModes); !errors.Is(err, ErrBadParameter) {
		t.Errorf("maxOverlap 1.5: got %v", err)
	}
	// On the diamond the foot routes to 3 are 0-1-3 and 0-2-3 (disjoint)
	// and 0-1-2-3 (sharing with both).
	ps, err := Diverse(g, []int64{0}, []int64{3}, 3, 0, Foot)
	if err != nil || len(ps) != 2 || !slices.Equal(ps[0].Nodes, []int64{0, 1, 3}) || !slices.Equal(ps[1].Nodes, []int64{0, 2, 3}) {
		t.Errorf("diamond diverse: got %v, %v", ps, err)
	}
}

// bruteCut returns the cheapest set of finite-capacity edges whose removal
// disconnects sinks from sources, by trying every subset.
func bruteCut(g *Graph, sources, sinks []int64, capacity []float64) float64 {
	var cand []int
	for e, c := range capacity {
		if c > 0 && !math.IsInf(c, 1) {
			cand = append(cand, e)
		}
	}
	best := math.Inf(1)
	for mask := 0; mask < 1<<len(cand); mask++ {
		removed := map[int]bool{}
		var val float64
		for i, e := range cand {
			if mask&(1<<i) != 0 {
				removed[e] = true
				val += capacity[e]
			}
		}
		if val >= best {
			continue
		}
		seen := map[int64]bool{}
		stack := append([]int64(nil), sources...)
		for _, s := range sources {
			seen[s] = true
		}
		reach := false
		for len(stack) > 0 && !reach {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, e := range g.OutEdges(u) {
				if removed[e] || capacity[e] == 0 {
					continue
				}
				v := g.EdgeAt(e).To
				if slices.Contains(sinks, v) {
					reach = true
					break
				}
				if !seen[v] {
					seen[v] = true
					stack = append(stack, v)
				}
			}
		}
		if !reach {
			best = val
		}
	}
	return best
}

func TestMinCutBruteForce(t *testing.T) {
	for seed := uint64(1); seed <= 25; seed++ {
		g, _ := randomGraph(t, seed, 8, 2)
		capacity := g.Weights()
		// Some edges uncuttable, some closed.
		for e := range capacity {
			switch e % 7 {
			case 3:
				capacity[e] = math.Inf(1)
			case 5:
				capacity[e] = 0
			}
		}
		sources, sinks := []int64{0, 1}, []int64{7}
		want := bruteCut(g, sources, sinks, capacity)
		cut, err := MinCut(g, sources, sinks, capacity)
		if math.IsInf(want, 1) {
			if !errors.Is(err, ErrNoFiniteCut) {
				t.Fatalf("seed %d: no finite cut exists, got %v, %v", seed, cut, err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if !near(cut.Value, want) {
			t.Fatalf("seed %d: cut %v, brute force %v", seed, cut.Value, want)
		}
		if f := maxFlow(g, sources, sinks, capacity); !near(f, cut.Value) {
			t.Fatalf("seed %d: max flow %v ≠ min cut %v", seed, f, cut.Value)
		}
		// Closing the cut edges disconnects the sets.
		w := g.Weights()
		for _, e := range cut.Edges {
			w[e] = math.Inf(1)
		}
		for e, c := range capacity {
			if c == 0 {
				w[e] = math.Inf(1)
			}
		}
		h, _ := g.WithWeights(w)
		if _, err := ShortestBetween(h, sources, sinks, AllModes); !errors.Is(err, ErrNoPath) {
			t.Fatalf("seed %d: the cut %v leaves a path: %v", seed, cut.Edges, err)
		}
	}
}

func TestMinCutAgreesWithGonumDinic(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		g, sg := randomGraph(t, seed, 150, 4)
		cut, err := MinCut(g, []int64{0}, []int64{149}, g.Weights())
		if err != nil {
			t.Fatal(err)
		}
		want := network.MaxFlowDinic(sg, simple.Node(0), simple.Node(149), -1)
		if !near(cut.Value, want) {
			t.Fatalf("seed %d: cut %v, gonum max flow %v", seed, cut.Value, want)
		}
	}
	g := diamond(t)
	if _, err := MinCut(g, []int64{0}, []int64{0}, g.Weights()); !errors.Is(err, ErrBadParameter) {
		t.Errorf("source = sink: got %v", err)
	}
	c := g.Weights()
	c[0] = -1
	if _, err := MinCut(g, []int64{0}, []int64{4}, c); !errors.Is(err, ErrBadCapacity) {
		t.Errorf("negative capacity: got %v", err)
	}
	if cut, err := MinCut(g, []int64{5}, []int64{4}, g.Weights()); err != nil || cut.Value != 0 || len(cut.Edges) != 0 {
		t.Errorf("cut-off source: got %v, %v", cut, err)
	}
	// The diamond to node 4: edge 3→4 (capacity 1) is the cheapest cut.
	if cut, err := MinCut(g, []int64{0}, []int64{4}, g.Weights()); err != nil || !slices.Equal(cut.Edges, []int{6}) || cut.Value != 1 {
		t.Errorf("diamond cut: got %+v, %v", cut, err)
	}
}

func TestBetweennessAgreesWithGonum(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		g, sg := randomGraph(t, seed, 40, 3)
		ours := Betweenness(g, AllModes)
		theirs := network.EdgeBetweennessWeighted(sg, path.DijkstraAllPaths(sg))
		for e, x := range ours {
			ed := g.EdgeAt(e)
			if want := theirs[[2]int64{ed.From, ed.To}]; !near(x, want) {
				t.Fatalf("seed %d: edge %d (%d→%d) betweenness %v, gonum %v", seed, e, ed.From, ed.To, x, want)
			}
		}
		again := Betweenness(g, AllModes)
		if !slices.Equal(ours, again) {
			t.Fatal("betweenness differs from run to run")
		}
	}
	// Zero-weight edges both ways (a crossing) and ties.
	g := smallGraph(t, 4, []arc{{0, 1, 1, 0, 0}, {1, 2, 0, 0, 0}, {2, 1, 0, 0, 0}, {2, 3, 1, 0, 0}, {0, 2, 1, 0, 0}})
	b := Betweenness(g, AllModes)
	for e, x := range b {
		if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
			t.Fatalf("edge %d: betweenness %v", e, x)
		}
	}
	// OD betweenness: the only route from 0 to 3 in the diamond by foot.
	d := diamond(t)
	d, _ = d.WithPlaces([]Place{{Name: "A", Node: 0, Weight: 2}}, []Place{{Name: "E", Node: 4, Weight: 3}})
	od := ODBetweenness(d, Foot)
	want := make([]float64, d.NumEdges())
	want[0], want[1], want[6] = 6, 6, 6 // 0→1→3→4, weighted 2·3
	if !slices.Equal(od, want) {
		t.Errorf("OD betweenness %v, want %v", od, want)
	}
}

func TestPassages(t *testing.T) {
	b := NewBuilder()
	a1 := b.AddNode(Node{Kind: NodeSettlement, Country: "KAZ"})
	a2 := b.AddNode(Node{Kind: NodeSettlement, Country: "KAZ"})
	gp := b.AddNode(Node{Kind: NodeGap, Name: "S1", Feature: "S1"})
	b1 := b.AddNode(Node{Kind: NodeSettlement, Country: "UZB"})
	for _, e := range []Edge{
		{From: a1, To: gp, Country: "KAZ", Country2: "UZB"},
		{From: gp, To: a2, Country: "KAZ"},
		{From: gp, To: b1, Country: "UZB"},
	} {
		e.Kind, e.Modes, e.LengthKm, e.Feature = EdgeGap, Foot, 1, "S1"
		if _, err := b.AddEdge(e); err != nil {
			t.Fatal(err)
		}
	}
	g := b.Graph()
	back, _ := ShortestPath(g, a1, a2, Foot)
	across, _ := ShortestPath(g, a1, b1, Foot)
	if got, err := Passages(g, back); err != nil || len(got) != 0 {
		t.Errorf("there and back to the same side: passages %+v", got)
	}
	want := []Passage{{Edge: 0, Kind: EdgeGap, Feature: "S1", Name: "S1", From: "KAZ", To: "UZB"}}
	if got, err := Passages(g, across); err != nil || !slices.Equal(got, want) {
		t.Errorf("across: passages %+v, want %+v", got, want)
	}
	bad := Path{Edges: []int{0, 99}}
	if _, err := Passages(g, bad); !errors.Is(err, ErrBadParameter) {
		t.Errorf("edge 99 of a graph of %d edges: got %v, want ErrBadParameter", g.NumEdges(), err)
	}
	if _, err := SharedKm(g, across, bad); !errors.Is(err, ErrBadParameter) {
		t.Errorf("SharedKm with edge 99: got %v, want ErrBadParameter", err)
	}
	if _, err := PathsLayer(g, []Path{{Nodes: []int64{-1}}}); !errors.Is(err, ErrBadParameter) {
		t.Errorf("PathsLayer with node -1: got %v, want ErrBadParameter", err)
	}
}
