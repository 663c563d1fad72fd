package route

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"
)

var (
	_ graph.Graph            = (*Graph)(nil)
	_ graph.Directed         = (*Graph)(nil)
	_ graph.Weighted         = (*Graph)(nil)
	_ graph.WeightedDirected = (*Graph)(nil)
	_ graph.WeightedEdge     = Link{}
	_ graph.NodeSlicer       = (*nodeIter)(nil)
)

// A Link is an edge of the gonum view of a Graph: the lowest-weight edge
// from F to T.
type Link struct {
	F, T simple.Node
	W    float64
	Edge int // ID of the Graph edge it stands for
}

// From returns the tail node.
func (l Link) From() graph.Node { return l.F }

// To returns the head node.
func (l Link) To() graph.Node { return l.T }

// ReversedEdge returns the link with its ends swapped; Edge still names the
// Graph edge, which runs the other way.
func (l Link) ReversedEdge() graph.Edge { return Link{F: l.T, T: l.F, W: l.W, Edge: l.Edge} }

// Weight returns the link's weight.
func (l Link) Weight() float64 { return l.W }

// gview is the simple-graph view: per node the distinct neighbours reached
// by an edge of finite weight, sorted by ID, with the chosen edge.
type gview struct {
	outStart, outTo, outEdge []int32
	inStart, inFrom, inEdge  []int32
}

func (g *Graph) view() *gview {
	g.gonum.once.Do(func() {
		c := g.c
		v := &g.gonum.v
		v.outStart, v.outTo, v.outEdge = collapse(c.outStart, c.outTo, c.outEdge, g.w)
		v.inStart, v.inFrom, v.inEdge = collapse(c.inStart, c.inFrom, c.inEdge, g.w)
	})
	return &g.gonum.v
}

// collapse keeps, for each node and each neighbour, the slot of lowest
// finite weight (the first such slot on ties: lowest edge ID); w is by
// edge ID.
func collapse(start, nbr, edge []int32, w []float64) (s, nb, e []int32) {
	n := len(start) - 1
	s = make([]int32, n+1)
	for u := 0; u < n; u++ {
		lo, hi := start[u], start[u+1]
		for i := lo; i < hi; {
			j, best := i, int32(-1)
			for ; j < hi && nbr[j] == nbr[i]; j++ {
				if wj := w[edge[j]]; !math.IsInf(wj, 1) && (best < 0 || wj < w[edge[best]]) {
					best = j
				}
			}
			if best >= 0 {
				nb = append(nb, nbr[best])
				e = append(e, edge[best])
			}
			i = j
		}
		s[u+1] = int32(len(nb))
	}
	return s, nb, e
}

// Node returns the node with the given ID as a simple.Node, or nil if g has
// no such node.
func (g *Graph) Node(id int64) graph.Node {
	if !g.hasNode(id) {
		return nil
	}
	return simple.Node(id)
}

// Nodes returns all nodes in ID order.
func (g *Graph) Nodes() graph.Nodes {
	n := len(g.c.nodes)
	if n == 0 {
		return graph.Empty
	}
	return &nodeIter{lo: 0, hi: int32(n), idx: -1}
}

// From returns the nodes reached from u by an edge of finite weight, in ID
// order.
func (g *Graph) From(id int64) graph.Nodes {
	if !g.hasNode(id) {
		return graph.Empty
	}
	v := g.view()
	lo, hi := v.outStart[id], v.outStart[id+1]
	if lo == hi {
		return graph.Empty
	}
	return &nodeIter{ids: v.outTo[lo:hi], hi: hi - lo, idx: -1}
}

// To returns the nodes that reach v by an edge of finite weight, in ID
// order.
func (g *Graph) To(id int64) graph.Nodes {
	if !g.hasNode(id) {
		return graph.Empty
	}
	v := g.view()
	lo, hi := v.inStart[id], v.inStart[id+1]
	if lo == hi {
		return graph.Empty
	}
	return &nodeIter{ids: v.inFrom[lo:hi], hi: hi - lo, idx: -1}
}

// slot returns the gonum-view slot of the edge from u to v, or -1.
func (g *Graph) slot(u, v int64) int32 {
	if !g.hasNode(u) || !g.hasNode(v) {
		return -1
	}
	gv := g.view()
	lo, hi := gv.outStart[u], gv.outStart[u+1]
	nb := gv.outTo[lo:hi]
	i := sort.Search(len(nb), func(i int) bool { return int64(nb[i]) >= v })
	if i < len(nb) && int64(nb[i]) == v {
		return lo + int32(i)
	}
	return -1
}

// HasEdgeBetween reports whether an edge of finite weight joins x and y in
// either direction.
func (g *Graph) HasEdgeBetween(xid, yid int64) bool {
	return g.slot(xid, yid) >= 0 || g.slot(yid, xid) >= 0
}

// HasEdgeFromTo reports whether an edge of finite weight runs from u to v.
func (g *Graph) HasEdgeFromTo(uid, vid int64) bool { return g.slot(uid, vid) >= 0 }

// Edge returns the lowest-weight edge from u to v as a Link, or nil.
func (g *Graph) Edge(uid, vid int64) graph.Edge { return g.WeightedEdge(uid, vid) }

// WeightedEdge returns the lowest-weight edge from u to v as a Link, or nil.
func (g *Graph) WeightedEdge(uid, vid int64) graph.WeightedEdge {
	s := g.slot(uid, vid)
	if s < 0 {
		return nil
	}
	e := g.view().outEdge[s]
	return Link{F: simple.Node(uid), T: simple.Node(vid), W: g.w[e], Edge: int(e)}
}

// Weight returns the weight of the lowest-weight edge from x to y and true;
// 0 and true when x == y; +Inf and false when there is no such edge.
func (g *Graph) Weight(xid, yid int64) (w float64, ok bool) {
	if xid == yid {
		return 0, true
	}
	s := g.slot(xid, yid)
	if s < 0 {
		return math.Inf(1), false
	}
	return g.w[g.view().outEdge[s]], true
}

// Edges returns every edge of the gonum view, ordered by tail then head.
func (g *Graph) Edges() graph.Edges {
	v := g.view()
	if len(v.outTo) == 0 {
		return graph.Empty
	}
	edges := make([]graph.Edge, 0, len(v.outTo))
	for u := 0; u < len(g.c.nodes); u++ {
		for s := v.outStart[u]; s < v.outStart[u+1]; s++ {
			e := v.outEdge[s]
			edges = append(edges, Link{F: simple.Node(u), T: simple.Node(v.outTo[s]), W: g.w[e], Edge: int(e)})
		}
	}
	return iterator.NewOrderedEdges(edges)
}

// WeightedEdges returns every edge of the gonum view, ordered by tail then
// head.
func (g *Graph) WeightedEdges() graph.WeightedEdges {
	v := g.view()
	if len(v.outTo) == 0 {
		return graph.Empty
	}
	edges := make([]graph.WeightedEdge, 0, len(v.outTo))
	for u := 0; u < len(g.c.nodes); u++ {
		for s := v.outStart[u]; s < v.outStart[u+1]; s++ {
			e := v.outEdge[s]
			edges = append(edges, Link{F: simple.Node(u), T: simple.Node(v.outTo[s]), W: g.w[e], Edge: int(e)})
		}
	}
	return iterator.NewOrderedWeightedEdges(edges)
}

// nodeIter iterates over the IDs lo..hi-1 (ids == nil) or over ids[0:hi].
// It hands out new values and new slices only, never its backing array.
type nodeIter struct {
	ids    []int32
	lo, hi int32
	idx    int32 // current position relative to lo; -1 before the first
}

// Len returns the number of nodes left.
func (it *nodeIter) Len() int {
	rem := it.hi - it.lo - it.idx - 1
	if rem < 0 {
		return 0
	}
	return int(rem)
}

// Next advances to the next node and reports whether there is one.
func (it *nodeIter) Next() bool {
	if it.idx+1 < it.hi-it.lo {
		it.idx++
		return true
	}
	it.idx = it.hi - it.lo
	return false
}

// Node returns the current node, or nil before Next or at the end.
func (it *nodeIter) Node() graph.Node {
	if it.idx < 0 || it.idx >= it.hi-it.lo {
		return nil
	}
	return it.at(it.idx)
}

func (it *nodeIter) at(i int32) graph.Node {
	if it.ids == nil {
		return simple.Node(it.lo + i)
	}
	return simple.Node(it.ids[i])
}

// Reset returns the iterator to its start.
func (it *nodeIter) Reset() { it.idx = -1 }

// NodeSlice returns the remaining nodes in a new slice and advances the
// iterator to its end.
func (it *nodeIter) NodeSlice() []graph.Node {
	n := it.Len()
	if n == 0 {
		it.idx = it.hi - it.lo
		return nil
	}
	out := make([]graph.Node, 0, n)
	for i := it.idx + 1; i < it.hi-it.lo; i++ {
		out = append(out, it.at(i))
	}
	it.idx = it.hi - it.lo
	return out
}
