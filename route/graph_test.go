package route

import (
	"errors"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/testgraph"
)

func TestModesString(t *testing.T) {
	tests := []struct {
		m    Modes
		want string
	}{
		{0, ""},
		{Foot, "foot"},
		{Foot | Horse, "foot|horse"},
		{Ferry | Foot, "foot|ferry"},
		{AllModes, "foot|horse|vehicle|truck|rail|ferry"},
	}
	for _, tc := range tests {
		if got := tc.m.String(); got != tc.want {
			t.Errorf("Modes(%#x).String() = %q, want %q", uint8(tc.m), got, tc.want)
		}
		back, err := ParseModes(tc.want)
		if err != nil || back != tc.m {
			t.Errorf("ParseModes(%q) = %v, %v; want %v", tc.want, back, err, tc.m)
		}
	}
	if _, err := ParseModes("foot|camel"); !errors.Is(err, ErrBadParameter) {
		t.Errorf("ParseModes(camel): got %v, want ErrBadParameter", err)
	}
	for k := NodeSettlement; k <= NodeGap; k++ {
		if back, err := ParseNodeKind(k.String()); err != nil || back != k {
			t.Errorf("ParseNodeKind(%q) = %v, %v", k.String(), back, err)
		}
	}
	for k := EdgeRoad; k <= EdgeRail; k++ {
		if back, err := ParseEdgeKind(k.String()); err != nil || back != k {
			t.Errorf("ParseEdgeKind(%q) = %v, %v", k.String(), back, err)
		}
	}
}

func TestBuilderErrors(t *testing.T) {
	b := NewBuilder()
	b.AddNode(Node{})
	b.AddNode(Node{})
	tests := []struct {
		name string
		e    Edge
		want error
	}{
		{"unknown from", Edge{From: 5, To: 1, Modes: Foot}, ErrUnknownNode},
		{"negative to", Edge{From: 0, To: -1, Modes: Foot}, ErrUnknownNode},
		{"loop", Edge{From: 1, To: 1, Modes: Foot}, ErrBadEdge},
		{"no modes", Edge{From: 0, To: 1}, ErrBadEdge},
		{"bad kind", Edge{From: 0, To: 1, Modes: Foot, Kind: 17}, ErrBadEdge},
		{"NaN length", Edge{From: 0, To: 1, Modes: Foot, LengthKm: math.NaN()}, ErrBadEdge},
		{"negative length", Edge{From: 0, To: 1, Modes: Foot, LengthKm: -1}, ErrBadEdge},
		{"infinite hours", Edge{From: 0, To: 1, Modes: Foot, Hours: math.Inf(1)}, ErrBadEdge},
		{"one-point line", Edge{From: 0, To: 1, Modes: Foot, Line: orb.LineString{{1, 1}}}, ErrBadEdge},
	}
	for _, tc := range tests {
		if _, err := b.AddEdge(tc.e); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
	if id, err := b.AddEdge(Edge{From: 0, To: 1, Modes: Foot, LengthKm: 2}); err != nil || id != 0 {
		t.Errorf("valid edge: got %d, %v", id, err)
	}
}

func TestGraphAccessors(t *testing.T) {
	g := smallGraph(t, 4, []arc{{0, 1, 1, 0, 0}, {0, 2, 5, 0, 0}, {1, 2, 1, 0, 0}, {0, 1, 0.5, Rail, EdgeRail}, {2, 3, 1, 0, 0}})
	if g.NumNodes() != 4 || g.NumEdges() != 5 {
		t.Fatalf("got %d nodes, %d edges", g.NumNodes(), g.NumEdges())
	}
	if got, want := g.OutEdges(0), []int{0, 3, 1}; !slices.Equal(got, want) {
		t.Errorf("OutEdges(0) = %v, want %v (by head, then ID)", got, want)
	}
	if got, want := g.InEdges(2), []int{1, 2}; !slices.Equal(got, want) {
		t.Errorf("InEdges(2) = %v, want %v", got, want)
	}
	out := g.OutEdges(0)
	out[0] = 99
	if g.OutEdges(0)[0] != 0 {
		t.Error("OutEdges hands out its internal slice")
	}
	e := g.EdgeAt(0)
	e.Line[0] = orb.Point{0, 0}
	if g.EdgeAt(0).Line[0] == (orb.Point{0, 0}) {
		t.Error("EdgeAt hands out its internal line")
	}
	// The gonum view keeps the lighter of the parallel edges 0→1.
	if w, ok := g.Weight(0, 1); !ok || w != 0.5 {
		t.Errorf("Weight(0,1) = %v, %v; want 0.5 (the rail edge)", w, ok)
	}
	if l := g.WeightedEdge(0, 1).(Link); l.Edge != 3 {
		t.Errorf("WeightedEdge(0,1) stands for edge %d, want 3", l.Edge)
	}
	// +Inf edges vanish from the gonum view.
	w := g.Weights()
	w[3], w[0] = math.Inf(1), math.Inf(1)
	h, err := g.WithWeights(w)
	if err != nil {
		t.Fatal(err)
	}
	if h.HasEdgeFromTo(0, 1) || !g.HasEdgeFromTo(0, 1) {
		t.Error("an edge of weight +Inf is in the gonum view, or the original graph changed")
	}
	if got := graph.NodesOf(h.From(0)); len(got) != 1 || got[0].ID() != 2 {
		t.Errorf("From(0) = %v, want [2]", got)
	}
	for _, bad := range []float64{-1, math.NaN()} {
		w := g.Weights()
		w[2] = bad
		var we *WeightError
		if _, err := g.WithWeights(w); !errors.Is(err, ErrBadWeight) || !errors.As(err, &we) || we.Edge != 2 {
			t.Errorf("WithWeights with %v: got %v", bad, err)
		}
	}
	if _, err := g.WithWeights([]float64{1}); !errors.Is(err, ErrBadWeight) {
		t.Errorf("WithWeights short: got %v", err)
	}
	if _, err := g.WithPlaces([]Place{{Name: "x", Node: 9}}, nil); !errors.Is(err, ErrUnknownNode) {
		t.Errorf("WithPlaces unknown node: got %v", err)
	}
	if id, ok := g.FindNode("C"); !ok || id != 2 {
		t.Errorf("FindNode(C) = %d, %v", id, ok)
	}
}

// testgraphBuilder builds a Graph for gonum's contract suite. A Graph has
// dense node IDs 0..n-1, no loops, self weight 0 and absent weight +Inf:
// other test cases are skipped.
func testgraphBuilder(nodes []graph.Node, edges []testgraph.WeightedLine, self, absent float64) (g graph.Graph, n []graph.Node, e []testgraph.Edge, s, a float64, ok bool) {
	if self != 0 || !math.IsInf(absent, 1) {
		return nil, nil, nil, 0, 0, false
	}
	ids := map[int64]bool{}
	for _, x := range nodes {
		ids[x.ID()] = true
	}
	for _, l := range edges {
		ids[l.From().ID()] = true
		ids[l.To().ID()] = true
	}
	for id := range ids {
		if id < 0 || id >= int64(len(ids)) {
			return nil, nil, nil, 0, 0, false
		}
	}
	b := NewBuilder()
	for i := 0; i < len(ids); i++ {
		b.AddNode(Node{})
	}
	for _, l := range edges {
		if l.From().ID() == l.To().ID() {
			continue
		}
		if _, err := b.AddEdge(Edge{From: l.From().ID(), To: l.To().ID(), Modes: AllModes, LengthKm: l.Weight()}); err != nil {
			return nil, nil, nil, 0, 0, false
		}
	}
	gr := b.Graph()
	for i := 0; i < len(ids); i++ {
		n = append(n, simple.Node(i))
	}
	it := gr.WeightedEdges()
	for it.Next() {
		e = append(e, it.WeightedEdge())
	}
	if len(e) == 0 && len(edges) != 0 && !allLoops(edges) {
		return nil, nil, nil, 0, 0, false
	}
	return gr, n, e, 0, math.Inf(1), true
}

func allLoops(edges []testgraph.WeightedLine) bool {
	for _, l := range edges {
		if l.From().ID() != l.To().ID() {
			return false
		}
	}
	return true
}

func TestGonumContract(t *testing.T) {
	b := testgraphBuilder
	t.Run("EdgeExistence", func(t *testing.T) { testgraph.EdgeExistence(t, b, true) })
	t.Run("NodeExistence", func(t *testing.T) { testgraph.NodeExistence(t, b) })
	t.Run("ReturnAdjacentNodes", func(t *testing.T) { testgraph.ReturnAdjacentNodes(t, b, true, true) })
	t.Run("ReturnAllEdges", func(t *testing.T) { testgraph.ReturnAllEdges(t, b, true) })
	t.Run("ReturnAllNodes", func(t *testing.T) { testgraph.ReturnAllNodes(t, b, true) })
	t.Run("ReturnAllWeightedEdges", func(t *testing.T) { testgraph.ReturnAllWeightedEdges(t, b, true) })
	t.Run("ReturnEdgeSlice", func(t *testing.T) { testgraph.ReturnEdgeSlice(t, b, true) })
	t.Run("ReturnWeightedEdgeSlice", func(t *testing.T) { testgraph.ReturnWeightedEdgeSlice(t, b, true) })
	t.Run("ReturnNodeSlice", func(t *testing.T) { testgraph.ReturnNodeSlice(t, b, true) })
	t.Run("Weight", func(t *testing.T) { testgraph.Weight(t, b) })
}

// TestIteratorsHandOutCopies checks that gonum's Yen, which edits the node
// slices it gets from From, leaves the graph intact.
func TestIteratorsHandOutCopies(t *testing.T) {
	g, _ := randomGraph(t, 3, 60, 4)
	before := graph.NodesOf(g.From(0))
	path.YenKShortestPaths(g, 8, math.Inf(1), simple.Node(0), simple.Node(59))
	s := g.From(0).(graph.NodeSlicer).NodeSlice()
	s[0] = simple.Node(-7)
	after := graph.NodesOf(g.From(0))
	if len(after) != len(before) {
		t.Fatalf("From(0) had %d nodes, now %d", len(before), len(after))
	}
	for i := range after {
		if after[i].ID() != before[i].ID() {
			t.Fatalf("From(0) changed: %v, now %v", before, after)
		}
	}
}

// TestConcurrentQueries runs every kind of query from many goroutines at
// once on one graph (run it with -race) and checks the answers agree.
func TestConcurrentQueries(t *testing.T) {
	g, _ := randomGraph(t, 11, 300, 4)
	want, err := KShortest(g, []int64{0}, []int64{299}, 5, AllModes)
	if err != nil {
		t.Fatal(err)
	}
	wantTree, _ := ShortestFrom(g, 3, AllModes)
	caps := make([]float64, g.NumEdges())
	for i := range caps {
		caps[i] = 1
	}
	wantCut, _ := MinCut(g, []int64{0}, []int64{299}, caps)
	want5, err := ShortestPath(g, 5, 200, AllModes)
	if err != nil || !near(want5.Weight, mustTree(t, g, 5).Dist(200)) {
		t.Fatalf("ShortestPath 5→200 (%v) disagrees with ShortestFrom", err)
	}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				got, err := KShortest(g, []int64{0}, []int64{299}, 5, AllModes)
				if err != nil || len(got) != len(want) {
					t.Errorf("worker %d: KShortest: %v", w, err)
					return
				}
				for j := range got {
					if !slices.Equal(got[j].Edges, want[j].Edges) {
						t.Errorf("worker %d: path %d differs", w, j)
					}
				}
				tr, _ := ShortestFrom(g, 3, AllModes)
				for v := int64(0); v < 300; v += 17 {
					if tr.Dist(v) != wantTree.Dist(v) {
						t.Errorf("worker %d: Dist(%d) differs", w, v)
					}
				}
				if p, err := ShortestPath(g, 5, 200, AllModes); err != nil || !slices.Equal(p.Edges, want5.Edges) {
					t.Errorf("worker %d: ShortestPath: %v", w, err)
				}
				if c, _ := MinCut(g, []int64{0}, []int64{299}, caps); c.Value != wantCut.Value {
					t.Errorf("worker %d: cut %v, want %v", w, c.Value, wantCut.Value)
				}
				_ = graph.NodesOf(g.From(int64(i)))
				_, _ = g.Weight(int64(i), int64(i+1))
			}
		}(w)
	}
	wg.Wait()
}

func mustTree(t testing.TB, g *Graph, from int64) *Tree {
	tr, err := ShortestFrom(g, from, AllModes)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
