package route

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"gonum.org/v1/gonum/graph/simple"
)

// arc is an edge of a hand-made test graph.
type arc struct {
	u, v  int64
	w     float64
	modes Modes
	kind  EdgeKind
}

// smallGraph returns a graph of n nodes on a line of longitudes and the
// given arcs, weighted by w (LengthKm = w too).
func smallGraph(t testing.TB, n int, arcs []arc) *Graph {
	t.Helper()
	b := NewBuilder()
	for i := 0; i < n; i++ {
		b.AddNode(Node{Kind: NodeSettlement, Name: string(rune('A' + i%26)), Country: "KAZ", Point: orb.Point{60 + float64(i%200)*0.1, 45 + float64(i/200)*0.1}})
	}
	for _, a := range arcs {
		m := a.modes
		if m == 0 {
			m = RoadModes
		}
		if _, err := b.AddEdge(Edge{From: a.u, To: a.v, Kind: a.kind, Modes: m, LengthKm: a.w, Hours: a.w / 60}); err != nil {
			t.Fatal(err)
		}
	}
	return b.Graph()
}

// randomGraph returns a random directed graph without parallel edges:
// every node links to deg random others with integer weights 1..10 (so
// that ties are exact), and the same graph for gonum.
func randomGraph(t testing.TB, seed uint64, n, deg int) (*Graph, *simple.WeightedDirectedGraph) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	var arcs []arc
	seen := map[[2]int64]bool{}
	for u := 0; u < n; u++ {
		for k := 0; k < deg; k++ {
			v := r.IntN(n)
			if v == u || seen[[2]int64{int64(u), int64(v)}] {
				continue
			}
			seen[[2]int64{int64(u), int64(v)}] = true
			arcs = append(arcs, arc{u: int64(u), v: int64(v), w: float64(1 + r.IntN(10))})
		}
	}
	g := smallGraph(t, n, arcs)
	return g, toGonum(g)
}

// toGonum copies the gonum view of g into a simple.WeightedDirectedGraph.
func toGonum(g *Graph) *simple.WeightedDirectedGraph {
	sg := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	for i := 0; i < g.NumNodes(); i++ {
		sg.AddNode(simple.Node(i))
	}
	it := g.WeightedEdges()
	for it.Next() {
		e := it.WeightedEdge()
		sg.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(e.From().ID()), T: simple.Node(e.To().ID()), W: e.Weight()})
	}
	return sg
}

func near(a, b float64) bool {
	if math.IsInf(a, 1) || math.IsInf(b, 1) {
		return a == b
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// checkPath verifies that p is a connected, loopless walk of g from a node
// of from to a node of to whose totals match its edges.
func checkPath(t testing.TB, g *Graph, p Path, from, to []int64, modes Modes) {
	t.Helper()
	if len(p.Nodes) != len(p.Edges)+1 {
		t.Fatalf("path has %d nodes and %d edges", len(p.Nodes), len(p.Edges))
	}
	if !slices.Contains(from, p.Nodes[0]) || !slices.Contains(to, p.Nodes[len(p.Nodes)-1]) {
		t.Fatalf("path %v does not run from %v to %v", p.Nodes, from, to)
	}
	seen := map[int64]bool{}
	var w, km float64
	for i, v := range p.Nodes {
		if seen[v] {
			t.Fatalf("path %v visits %d twice", p.Nodes, v)
		}
		seen[v] = true
		if i == len(p.Edges) {
			break
		}
		e := g.EdgeAt(p.Edges[i])
		if e.From != v || e.To != p.Nodes[i+1] {
			t.Fatalf("edge %d runs %d→%d, path has %d→%d", e.ID, e.From, e.To, v, p.Nodes[i+1])
		}
		if e.Modes&modes == 0 {
			t.Fatalf("edge %d has modes %v, outside %v", e.ID, e.Modes, modes)
		}
		w += g.EdgeWeight(e.ID)
		km += e.LengthKm
	}
	if !near(w, p.Weight) || !near(km, p.LengthKm) {
		t.Fatalf("path weight %v, length %v; edges sum to %v, %v", p.Weight, p.LengthKm, w, km)
	}
}

// maxFlow returns the value of a maximum flow.
func maxFlow(g *Graph, sources, sinks []int64, capacity []float64) float64 {
	f := newFlowNet(g, sources, sinks, capacity)
	f.dinic()
	return f.flow
}
