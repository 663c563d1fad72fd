package route

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// A Cut is a minimum cut between two node sets: the cheapest set of edges
// whose closure leaves no path from a source to a sink.
type Cut struct {
	Value float64             // total capacity of the cut edges (= the maximum flow)
	Edges []int               // IDs of the cut edges, ascending
	Lines orb.MultiLineString // their geometry, in the order of Edges
}

// MinCut returns a minimum cut between the node sets sources and sinks
// with capacity[e] for edge e (len(capacity) == NumEdges). A capacity of 0
// means the edge carries nothing (it is left out); +Inf means it cannot be
// cut (a road one cannot close, say); negative or NaN is an error
// (*WeightError wrapping ErrBadCapacity). The maximum flow is computed with
// Dinic's algorithm (Soviet Math. Doklady 11, 1970) on the graph's own
// arrays, in O(V²E) time; the cut is the set of edges from the nodes still
// reachable in the residual graph to the others. When the sinks cannot be
// reached at all the cut is empty with value 0. It returns an error
// wrapping ErrNoFiniteCut when a path of uncuttable edges joins the sets.
func MinCut(g *Graph, sources, sinks []int64, capacity []float64) (Cut, error) {
	if err := g.checkNodes("source", sources); err != nil {
		return Cut{}, err
	}
	if err := g.checkNodes("sink", sinks); err != nil {
		return Cut{}, err
	}
	if len(capacity) != g.NumEdges() {
		return Cut{}, fmt.Errorf("%w: %d capacities for %d edges", ErrBadCapacity, len(capacity), g.NumEdges())
	}
	for e, c := range capacity {
		if !(c >= 0) {
			return Cut{}, &WeightError{Edge: e, Value: c, Err: ErrBadCapacity}
		}
	}
	isSink := make(map[int64]bool, len(sinks))
	for _, t := range sinks {
		isSink[t] = true
	}
	for _, s := range sources {
		if isSink[s] {
			return Cut{}, fmt.Errorf("%w: node %s is both a source and a sink", ErrBadParameter, g.nodeLabel(s))
		}
	}
	f := newFlowNet(g, sources, sinks, capacity)
	if f.infinitePath() {
		return Cut{}, fmt.Errorf("%w between %s and %s: a path of edges of infinite capacity joins them", ErrNoFiniteCut, g.setLabel(sources), g.setLabel(sinks))
	}
	f.dinic()
	side := f.sourceSide()
	var cut Cut
	for e := range g.c.edges {
		r := &g.c.edges[e]
		if capacity[e] > 0 && side[r.from] && !side[r.to] {
			cut.Edges = append(cut.Edges, e)
			cut.Value += capacity[e]
			cut.Lines = append(cut.Lines, g.edgeLine(e, nil))
		}
	}
	return cut, nil
}

// flowNet is the residual network: arc 2i is edge i forwards, arc 2i+1 its
// reverse; the super source S = n and super sink T = n+1 have arcs of
// infinite capacity to the sources and from the sinks.
type flowNet struct {
	n, s, t int32
	head    []int32   // by arc
	res     []float64 // residual capacity by arc
	start   []int32   // CSR of arcs by tail node
	arcs    []int32
	level   []int32
	iter    []int32
	queue   []int32 // scratch for bfs
	eps     float64
	flow    float64
}

func newFlowNet(g *Graph, sources, sinks []int64, capacity []float64) *flowNet {
	n := int32(len(g.c.nodes))
	f := &flowNet{n: n + 2, s: n, t: n + 1}
	var tails []int32
	add := func(u, v int32, c float64) {
		f.head = append(f.head, v, u)
		f.res = append(f.res, c, 0)
		tails = append(tails, u, v)
	}
	maxFinite := 0.0
	for e := range g.c.edges {
		r := &g.c.edges[e]
		add(r.from, r.to, capacity[e])
		if c := capacity[e]; !math.IsInf(c, 1) && c > maxFinite {
			maxFinite = c
		}
	}
	inf := math.Inf(1)
	for _, s := range sources {
		add(f.s, int32(s), inf)
	}
	for _, t := range sinks {
		add(int32(t), f.t, inf)
	}
	f.eps = 1e-12 * math.Max(maxFinite, 1e-300)
	f.start = make([]int32, f.n+1)
	for _, u := range tails {
		f.start[u+1]++
	}
	for u := int32(0); u < f.n; u++ {
		f.start[u+1] += f.start[u]
	}
	f.arcs = make([]int32, len(tails))
	fill := append([]int32(nil), f.start[:f.n]...)
	for a, u := range tails {
		f.arcs[fill[u]] = int32(a)
		fill[u]++
	}
	f.level = make([]int32, f.n)
	f.iter = make([]int32, f.n)
	f.queue = make([]int32, 0, f.n)
	return f
}

// infinitePath reports whether S reaches T over arcs of infinite capacity.
func (f *flowNet) infinitePath() bool {
	seen := make([]bool, f.n)
	stack := []int32{f.s}
	seen[f.s] = true
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, a := range f.arcs[f.start[u]:f.start[u+1]] {
			if v := f.head[a]; math.IsInf(f.res[a], 1) && !seen[v] {
				if v == f.t {
					return true
				}
				seen[v] = true
				stack = append(stack, v)
			}
		}
	}
	return false
}

// bfs sets the levels of the nodes reachable from S in the residual network
// and reports whether T is among them.
func (f *flowNet) bfs() bool {
	for i := range f.level {
		f.level[i] = -1
	}
	queue := append(f.queue[:0], f.s)
	f.level[f.s] = 0
	for i := 0; i < len(queue); i++ {
		u := queue[i]
		for _, a := range f.arcs[f.start[u]:f.start[u+1]] {
			if v := f.head[a]; f.res[a] > f.eps && f.level[v] < 0 {
				f.level[v] = f.level[u] + 1
				queue = append(queue, v)
			}
		}
	}
	f.queue = queue
	return f.level[f.t] >= 0
}

// dfs pushes up to limit units of flow from u to T along the level graph.
func (f *flowNet) dfs(u int32, limit float64) float64 {
	if u == f.t {
		return limit
	}
	for ; f.iter[u] < f.start[u+1]; f.iter[u]++ {
		a := f.arcs[f.iter[u]]
		v := f.head[a]
		if f.res[a] <= f.eps || f.level[v] != f.level[u]+1 {
			continue
		}
		if d := f.dfs(v, math.Min(limit, f.res[a])); d > 0 {
			f.res[a] -= d
			f.res[a^1] += d
			return d
		}
	}
	return 0
}

// dinic pushes a maximum flow. It returns after a bfs that fails to reach
// T, so the levels then mark the source side of a minimum cut.
func (f *flowNet) dinic() {
	for f.bfs() {
		copy(f.iter, f.start[:f.n])
		for {
			d := f.dfs(f.s, math.Inf(1))
			if d <= 0 {
				break
			}
			f.flow += d
		}
	}
}

// sourceSide returns which graph nodes S still reaches in the residual
// network, from the levels of the last bfs of dinic.
func (f *flowNet) sourceSide() []bool {
	side := make([]bool, f.n-2)
	for v := range side {
		side[v] = f.level[v] >= 0
	}
	return side
}

// BorderCapacities returns capacities for MinCut that let only the border
// be cut: crossing for each EdgeCrossing, gap for each EdgeGap that enters
// a gap point (so a path through the gap is cut once), ferry for each
// EdgeFerry, and +Inf for every other edge.
func BorderCapacities(g *Graph, crossing, gap, ferry float64) []float64 {
	out := make([]float64, len(g.c.edges))
	for e := range g.c.edges {
		r := &g.c.edges[e]
		switch {
		case r.kind == EdgeCrossing:
			out[e] = crossing
		case r.kind == EdgeGap && g.c.nodes[r.to].Kind == NodeGap:
			out[e] = gap
		case r.kind == EdgeFerry:
			out[e] = ferry
		default:
			out[e] = math.Inf(1)
		}
	}
	return out
}
