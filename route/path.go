package route

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// A Path is a route through the graph.
type Path struct {
	Nodes    []int64        // node IDs, from the start to the end
	Edges    []int          // edge IDs; len(Edges) == len(Nodes)-1
	Weight   float64        // sum of the edge weights of the graph it was found on
	LengthKm float64        // sum of the edge lengths
	Hours    float64        // sum of the edge travel times
	Line     orb.LineString // the edges' geometry joined, lon/lat
}

// makePath returns the path along edges (in order) starting at start.
func (g *Graph) makePath(start int32, edges []int32) Path {
	p := Path{
		Nodes: make([]int64, 0, len(edges)+1),
		Edges: make([]int, 0, len(edges)),
	}
	p.Nodes = append(p.Nodes, int64(start))
	for _, e := range edges {
		r := &g.c.edges[e]
		p.Nodes = append(p.Nodes, int64(r.to))
		p.Edges = append(p.Edges, int(e))
		p.Weight += g.w[e]
		p.LengthKm += g.c.length[e]
		p.Hours += g.c.hours[e]
	}
	p.Line = g.PathLine(int64(start), p.Edges)
	return p
}

// PathLine returns the geometry of the path along edges (edge IDs in
// travel order) from node start: the edges' lines end to end, a point
// shared by consecutive edges kept once; the start point twice for no
// edges. It panics on an edge or node ID not in g, as EdgeAt does.
func (g *Graph) PathLine(start int64, edges []int) orb.LineString {
	if len(edges) == 0 {
		pt := g.NodeAt(start).Point
		return orb.LineString{pt, pt}
	}
	c := g.c
	// ix[j]: the index of edges[j] in lineEdge, −1 for an edge drawn
	// between its nodes; one search per edge.
	var ixBuf [64]int32
	ix := ixBuf[:0]
	if len(edges) > len(ixBuf) {
		ix = make([]int32, 0, len(edges))
	}
	size := 0
	for _, e := range edges {
		if e < 0 || e >= len(c.edges) {
			panic(fmt.Sprintf("route: PathLine: edge %d: graph has %d edges", e, len(c.edges)))
		}
		if i, ok := slices.BinarySearch(c.lineEdge, int32(e)); ok {
			size += int(c.lineOff[i+1] - c.lineOff[i])
			ix = append(ix, int32(i))
		} else {
			size += 2
			ix = append(ix, -1)
		}
	}
	line := make(orb.LineString, 0, size)
	var two [2]orb.Point
	for j, e := range edges {
		var pts []orb.Point
		if i := ix[j]; i >= 0 {
			pts = c.pts[c.lineOff[i]:c.lineOff[i+1]]
		} else {
			r := &c.edges[e]
			two = [2]orb.Point{c.nodes[r.from].Point, c.nodes[r.to].Point}
			pts = two[:]
		}
		// A point shared with the line so far is kept once.
		if n := len(line); n > 0 && len(pts) > 0 && line[n-1] == pts[0] {
			pts = pts[1:]
		}
		line = append(line, pts...)
	}
	return line
}

// tracePath follows predecessor edges from v back to a start and returns
// the path from that start to v.
func (g *Graph) tracePath(pred []int32, v int32) Path {
	return g.makePath(g.trace(pred, v, nil))
}

// trace follows predecessor edges from v back to a start and returns that
// start and the edges from it to v, appended to a copy of root.
func (g *Graph) trace(pred []int32, v int32, root []int32) (int32, []int32) {
	n := 0
	for e := pred[v]; e >= 0; e = pred[g.c.edges[e].from] {
		n++
	}
	out := make([]int32, len(root)+n)
	copy(out, root)
	for i, e := len(out)-1, pred[v]; e >= 0; i, e = i-1, pred[g.c.edges[e].from] {
		out[i] = e
		v = g.c.edges[e].from
	}
	return v, out
}

// A Tree holds shortest paths between a root node and every node: from
// the root (ShortestFrom) or to it (ShortestTo).
type Tree struct {
	g      *Graph
	from   int64 // the root
	rev    bool  // paths lead to the root
	dist   []float64
	pred   []int32 // edge by which a node is reached; for rev, the edge leaving it
	parent []int32 // the other end of pred's edge, −1 for none
	order  []int32 // the reached nodes in the order they were settled
}

// From returns the root of the tree: the start of every path of a
// ShortestFrom tree, the end of every path of a ShortestTo tree.
func (t *Tree) From() int64 { return t.from }

// Dist returns the weight of the shortest path between the root and v,
// +Inf when there is none (or v is not a node).
func (t *Tree) Dist(v int64) float64 {
	if v < 0 || v >= int64(len(t.dist)) {
		return math.Inf(1)
	}
	return t.dist[v]
}

// PathTo returns the shortest path between the root and v, from the root
// to v for a ShortestFrom tree and from v to the root for a ShortestTo
// tree, and false when there is none.
func (t *Tree) PathTo(v int64) (Path, bool) {
	if math.IsInf(t.Dist(v), 1) {
		return Path{}, false
	}
	if t.rev {
		var edges []int32
		for u := int32(v); t.pred[u] >= 0; u = t.g.c.edges[t.pred[u]].to {
			edges = append(edges, t.pred[u])
		}
		return t.g.makePath(int32(v), edges), true
	}
	return t.g.tracePath(t.pred, int32(v)), true
}

// EdgesTo appends to dst the edge IDs of the tree's path to v (from v for
// a ShortestTo tree), in travel order, without building the path's line;
// false when v is unreachable. For callers that try many paths and keep
// few.
func (t *Tree) EdgesTo(v int64, dst []int) ([]int, bool) {
	if math.IsInf(t.Dist(v), 1) {
		return dst, false
	}
	n := len(dst)
	for u := int32(v); t.pred[u] >= 0; u = t.parent[u] {
		dst = append(dst, int(t.pred[u]))
	}
	if !t.rev {
		slices.Reverse(dst[n:])
	}
	return dst, true
}

// Reached appends to dst the nodes the tree reaches, the root first, in
// the order Dijkstra's algorithm settled them: every node comes after its
// Parent, so one pass in this order visits the tree from the root down.
func (t *Tree) Reached(dst []int64) []int64 {
	for _, v := range t.order {
		dst = append(dst, int64(v))
	}
	return dst
}

// Release gives the tree's arrays back to its graph for the next tree
// ShortestFrom or ShortestTo makes on it (or on a graph of the same
// structure, such as one from WithWeights): for callers that make many
// trees one after another and keep none. t must not be used after.
func (t *Tree) Release() {
	if t.g == nil || t.order == nil {
		return
	}
	t.g.c.treePool.Put(&treeArrays{t.dist, t.pred, t.parent, t.order})
	*t = Tree{}
}

// Pred returns the ID of the tree's edge at v: the edge by which a
// ShortestFrom tree reaches v, or by which v leaves toward the root of a
// ShortestTo tree; −1 at the root and where v is unreachable or not a node.
func (t *Tree) Pred(v int64) int {
	if v < 0 || v >= int64(len(t.pred)) {
		return -1
	}
	return int(t.pred[v])
}

// Parent returns the node next to v toward the root: the start of v's
// Pred edge in a ShortestFrom tree, its end in a ShortestTo tree; −1 at the
// root and where v is unreachable or not a node.
func (t *Tree) Parent(v int64) int64 {
	if v < 0 || v >= int64(len(t.parent)) {
		return -1
	}
	return int64(t.parent[v])
}

// ShortestFrom returns the tree of shortest paths from node from to every
// node, using only edges whose modes intersect modes, by Dijkstra's
// algorithm with a 4-ary heap in O((V+E) log V) time; the first tree of g
// under modes lays out those edges with their weights, kept for the next.
// It returns an error wrapping ErrUnknownNode for a node not in g.
func ShortestFrom(g *Graph, from int64, modes Modes) (*Tree, error) {
	if err := g.checkNodes("start", []int64{from}); err != nil {
		return nil, err
	}
	ta := g.ssspTree(g.slots(modes, false), []int32{int32(from)}, true)
	return &Tree{g: g, from: from, dist: ta.dist, pred: ta.pred, parent: ta.parent, order: ta.order}, nil
}

// ShortestTo returns the tree of shortest paths from every node to node
// to, using only edges whose modes intersect modes: Dijkstra's algorithm
// over the edges reversed, laid out as for ShortestFrom, in O((V+E) log V)
// time. It returns an error wrapping ErrUnknownNode for a node not in g.
func ShortestTo(g *Graph, to int64, modes Modes) (*Tree, error) {
	if err := g.checkNodes("target", []int64{to}); err != nil {
		return nil, err
	}
	ta := g.ssspTree(g.slots(modes, true), []int32{int32(to)}, true)
	return &Tree{g: g, from: to, rev: true, dist: ta.dist, pred: ta.pred, parent: ta.parent, order: ta.order}, nil
}

// ShortestPath returns the shortest path from node from to node to, using
// only edges whose modes intersect modes, by Dijkstra's algorithm stopped
// at the target. It returns an error wrapping ErrNoPath, naming both
// places, when to cannot be reached.
func ShortestPath(g *Graph, from, to int64, modes Modes) (Path, error) {
	return ShortestBetween(g, []int64{from}, []int64{to}, modes)
}

// ShortestBetween returns the shortest path from any node of from to any
// node of to (ties: the target found first), using only edges whose modes
// intersect modes. It returns an error wrapping ErrNoPath when no node of
// to can be reached.
func ShortestBetween(g *Graph, from, to []int64, modes Modes) (Path, error) {
	if err := g.checkNodes("start", from); err != nil {
		return Path{}, err
	}
	if err := g.checkNodes("target", to); err != nil {
		return Path{}, err
	}
	ws := g.c.getWorkspace()
	defer g.c.putWorkspace(ws)
	ws.setTargets(toInt32(to))
	t := g.search(ws, g.forward(), toInt32(from), searchOpts{modes: modes, targets: true, bound: math.Inf(1)})
	if t < 0 {
		return Path{}, g.noPath(from, to, modes)
	}
	return g.tracePath(ws.pred, t), nil
}

func (g *Graph) noPath(from, to []int64, modes Modes) error {
	return fmt.Errorf("%w from %s to %s by %s", ErrNoPath, g.setLabel(from), g.setLabel(to), modesLabel(modes))
}

func modesLabel(m Modes) string {
	if m&AllModes == AllModes {
		return "any mode"
	}
	if m&AllModes == 0 {
		return "no mode"
	}
	return m.String()
}

func toInt32(ids []int64) []int32 {
	out := make([]int32, len(ids))
	for i, v := range ids {
		out[i] = int32(v)
	}
	return out
}

// A Passage is one passage of a border on a path: an official crossing, a
// ferry link, or a gap crossed from one side to the other.
type Passage struct {
	Edge     int      // the crossing or ferry edge, or the edge entering the gap point
	Kind     EdgeKind // EdgeCrossing, EdgeFerry or EdgeGap
	Feature  string   // crossing ID, port of arrival ID, or segment ID
	Name     string   // crossing or port name; the segment ID for a gap
	From, To string   // ISO alpha-3 of the side left and the side entered
}

// Passages returns the border passages of p in order. A pass through a gap
// point that leaves to the side it came from is not a passage. A path with
// an edge or node g does not have is an error.
func Passages(g *Graph, p Path) ([]Passage, error) {
	if err := g.checkPath(p); err != nil {
		return nil, err
	}
	var out []Passage
	for i, id := range p.Edges {
		r := &g.c.edges[id]
		switch r.kind {
		case EdgeCrossing, EdgeFerry:
		case EdgeGap:
			// A passage when p enters the gap point and leaves it to the
			// far side (interned strings: equal indexes, equal strings).
			c2 := g.c.country2(id)
			if c2 == 0 || i+1 >= len(p.Edges) {
				continue
			}
			if next := &g.c.edges[p.Edges[i+1]]; next.kind != EdgeGap || next.country != c2 {
				continue
			}
		default:
			continue
		}
		out = append(out, Passage{Edge: id, Kind: r.kind, Feature: g.c.strs[r.feature], Name: g.c.strs[g.c.nodes[r.to].name],
			From: g.c.strs[r.country], To: g.c.strs[g.c.country2(id)]})
	}
	return out, nil
}

// checkPath returns an error when p names a node or edge that g does not
// have, or g is nil.
func (g *Graph) checkPath(p Path) error {
	if g == nil || g.c == nil {
		return fmt.Errorf("%w: nil graph", ErrBadParameter)
	}
	for _, e := range p.Edges {
		if e < 0 || e >= len(g.c.edges) {
			return fmt.Errorf("%w: path edge %d: the graph has edges 0–%d", ErrBadParameter, e, len(g.c.edges)-1)
		}
	}
	for _, v := range p.Nodes {
		if v < 0 || v >= int64(len(g.c.nodes)) {
			return fmt.Errorf("%w: path node %d: the graph has nodes 0–%d", ErrBadParameter, v, len(g.c.nodes)-1)
		}
	}
	return nil
}
