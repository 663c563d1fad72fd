package route

import (
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"
)

// A Node is a place of the graph: a settlement, a road junction, one side of
// an official crossing, or the gap point of a border segment.
type Node struct {
	ID      int64     // dense: 0..NumNodes-1
	Kind    NodeKind  // settlement, junction, crossing_side or gap
	Name    string    // settlement or crossing name; segment ID for a gap
	Country string    // ISO alpha-3; "" for a gap point (see its edges)
	Point   orb.Point // lon/lat
	Feature string    // settlement ID, crossing ID or segment ID it came from
}

// An Edge is a directed link between two nodes.
//
// Gap edges: for each border segment there is one gap node on the border,
// and off-road EdgeGap edges join settlements near the border on each side
// to it, both ways. The EdgeGap edge that enters a gap node carries the
// segment ID in Feature, the near side in Country and the far side in
// Country2; the edge that leaves a gap node has the same Feature, its own
// side in Country and Country2 "". A risk model charges the gap on the
// entering edge only, so a loopless path pays it once. With one node per
// segment a path may also enter a gap point and leave it to the same side,
// an off-road detour that pays the gap without crossing: weights that
// charge gaps make such detours rare, weights by length alone do not.
//
// Crossings: two NodeCrossingSide nodes (one per country) and one
// EdgeCrossing each way, Feature the crossing ID, Country the side left and
// Country2 the side entered. Ferries: an EdgeFerry between two port nodes,
// Feature the ID of the port of arrival (the port of departure is the
// Feature of the From node), Country and Country2 the countries of the two
// ports.
type Edge struct {
	ID       int      // dense: 0..NumEdges-1
	From, To int64    // node IDs
	Kind     EdgeKind // road, local, crossing, gap, ferry or rail
	Modes    Modes    // the travel modes that may use it
	LengthKm float64  // geodesic length × circuity, km
	Hours    float64  // travel time by the edge's own mode (see Settings)
	Country  string   // the country it lies in; for a crossing or ferry the side left
	Country2 string   // for a crossing, ferry or entering gap edge the side entered; "" otherwise
	Feature  string   // segment ID (gap), crossing ID (crossing), highway name (road), "" else
	Line     orb.LineString
}

// A Place is a named node with a weight: an origin or a destination.
type Place struct {
	Name   string
	Node   int64
	Weight float64 // relative share, ≥ 0
}

// buildEdge is the Builder's storage of one edge: strings are interned
// and the geometry lives in a shared point slice.
type buildEdge struct {
	edgeRec
	country2         uint16
	lineStart, lineN int32 // lineN == 0: straight line between the nodes
	lengthKm, hours  float64
}

// edgeRec is the compact storage of one edge's ends and metadata (16
// bytes); lengths, times, second countries and geometry live in side
// tables of core.
type edgeRec struct {
	from, to int32
	feature  int32
	country  uint16
	kind     EdgeKind
	modes    Modes
}

// nodeRec is the compact storage of one node, strings interned.
type nodeRec struct {
	Point                  orb.Point
	name, feature, country int32
	Kind                   NodeKind
}

// core is the structure shared by all weightings of one graph. A built
// graph keeps about 62 bytes per edge on a road network (4 edges per
// node): 16 for edgeRec, 8 each for length and time, 18 for the two CSR
// directions, 10 for the nodes; the length doubles as the default weight.
type core struct {
	nodes  []nodeRec
	edges  []edgeRec
	length []float64 // km, by edge ID
	hours  []float64 // by edge ID
	strs   []string
	// Geometry of the edges drawn with a line: lineEdge holds their IDs,
	// ascending; the points of lineEdge[i] are pts[lineOff[i]:lineOff[i+1]].
	lineEdge []int32
	lineOff  []int32
	pts      []orb.Point
	// The second country of the edges that have one (crossings, ferries,
	// edges entering a gap point): c2Edge their IDs, ascending; c2 the
	// interned codes.
	c2Edge []int32
	c2     []uint16

	// Out adjacency in CSR form, sorted by (from, to, edge ID).
	outStart []int32 // len n+1
	outEdge  []int32 // edge ID of each slot
	outTo    []int32
	outModes []Modes
	// In adjacency, sorted by (to, from, edge ID).
	inStart []int32
	inEdge  []int32
	inFrom  []int32
	inModes []Modes

	pool     sync.Pool // of *workspace
	treePool sync.Pool // of *treeArrays, given back by Tree.Release
}

// Graph is an immutable corridor graph in compressed sparse row form with a
// weight per edge. It is safe for concurrent use. It implements gonum's
// graph.WeightedDirected: in that view each ordered node pair has at most
// one edge, the lowest-weight one of any parallel edges (ties: lowest edge
// ID), and edges of weight +Inf are absent. The routines of this package use
// every edge, parallel ones included.
type Graph struct {
	c     *core
	w     []float64 // by edge ID; c.length itself for the graph by length
	orig  []Place
	dest  []Place
	gonum *lazyView
	// slotCache holds the adjacency by modes with the weights inline,
	// for the shortest-path trees.
	slotCache *slotCache
}

// lazyView holds the gonum view, built on first use.
type lazyView struct {
	once sync.Once
	v    gview
}

// Builder builds a Graph node by node and edge by edge (tests, users' own
// networks). The zero value is not ready; use NewBuilder.
type Builder struct {
	nodes  []Node
	edges  edgeChunks
	strs   []string
	strIdx map[string]int
	pts    []orb.Point
}

// edgeChunks holds a Builder's edges in arrays of edgeChunk edges, so
// that adding one never copies those before it (a corridor adds tens of
// thousands, one by one).
type edgeChunks struct {
	chunks [][]buildEdge
	n      int
}

const edgeChunk = 4096

func (ec *edgeChunks) add(r buildEdge) {
	if ec.n%edgeChunk == 0 {
		ec.chunks = append(ec.chunks, make([]buildEdge, 0, edgeChunk))
	}
	last := len(ec.chunks) - 1
	ec.chunks[last] = append(ec.chunks[last], r)
	ec.n++
}

func (ec *edgeChunks) at(i int) *buildEdge { return &ec.chunks[i/edgeChunk][i%edgeChunk] }

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{strs: []string{""}, strIdx: map[string]int{"": 0}}
}

// AddNode adds n and returns its ID, which is the number of nodes added
// before it; n.ID is ignored.
func (b *Builder) AddNode(n Node) int64 {
	n.ID = int64(len(b.nodes))
	b.nodes = append(b.nodes, n)
	return n.ID
}

// NumNodes returns the number of nodes added so far.
func (b *Builder) NumNodes() int { return len(b.nodes) }

// NumEdges returns the number of edges added so far.
func (b *Builder) NumEdges() int { return b.edges.n }

func (b *Builder) intern(s string) int {
	if i, ok := b.strIdx[s]; ok {
		return i
	}
	b.strs = append(b.strs, s)
	b.strIdx[s] = len(b.strs) - 1
	return len(b.strs) - 1
}

// AddEdge adds e and returns its ID, the number of edges added before it;
// e.ID is ignored. It returns an error wrapping ErrUnknownNode for an
// endpoint that is not a node, and ErrBadEdge for a loop, no modes, an
// unknown kind, a length or time that is not a finite number ≥ 0, or a
// Line of one point. An empty Line means the straight line between the
// nodes.
func (b *Builder) AddEdge(e Edge) (int, error) {
	id := b.edges.n
	switch {
	case e.From < 0 || e.From >= int64(len(b.nodes)):
		return -1, fmt.Errorf("%w: edge %d: from node %d (have %d nodes)", ErrUnknownNode, id, e.From, len(b.nodes))
	case e.To < 0 || e.To >= int64(len(b.nodes)):
		return -1, fmt.Errorf("%w: edge %d: to node %d (have %d nodes)", ErrUnknownNode, id, e.To, len(b.nodes))
	case e.From == e.To:
		return -1, fmt.Errorf("%w: edge %d: a loop at node %d", ErrBadEdge, id, e.From)
	case e.Modes == 0 || e.Modes&^AllModes != 0:
		return -1, fmt.Errorf("%w: edge %d (%d→%d): modes %#x: must be a non-empty subset of %v", ErrBadEdge, id, e.From, e.To, uint8(e.Modes), AllModes)
	case int(e.Kind) >= len(edgeKindNames):
		return -1, fmt.Errorf("%w: edge %d (%d→%d): unknown kind %d", ErrBadEdge, id, e.From, e.To, e.Kind)
	case !finiteNonNeg(e.LengthKm):
		return -1, fmt.Errorf("%w: edge %d (%d→%d): length %v km: must be a finite number ≥ 0", ErrBadEdge, id, e.From, e.To, e.LengthKm)
	case !finiteNonNeg(e.Hours):
		return -1, fmt.Errorf("%w: edge %d (%d→%d): time %v h: must be a finite number ≥ 0", ErrBadEdge, id, e.From, e.To, e.Hours)
	case len(e.Line) == 1:
		return -1, fmt.Errorf("%w: edge %d (%d→%d): line of one point", ErrBadEdge, id, e.From, e.To)
	case b.edges.n >= math.MaxInt32 || len(b.nodes) >= math.MaxInt32:
		return -1, fmt.Errorf("%w: edge %d: more than %d edges or nodes", ErrBadEdge, id, math.MaxInt32-1)
	}
	c, c2 := b.intern(e.Country), b.intern(e.Country2)
	if c > math.MaxUint16 || c2 > math.MaxUint16 {
		return -1, fmt.Errorf("%w: edge %d: too many distinct country codes", ErrBadEdge, id)
	}
	r := buildEdge{
		edgeRec: edgeRec{
			from: int32(e.From), to: int32(e.To),
			kind: e.Kind, modes: e.Modes,
			country: uint16(c),
			feature: int32(b.intern(e.Feature)),
		},
		country2: uint16(c2),
		lengthKm: e.LengthKm, hours: e.Hours,
	}
	if len(e.Line) >= 2 {
		r.lineStart, r.lineN = int32(len(b.pts)), int32(len(e.Line))
		b.pts = append(b.pts, e.Line...)
	}
	b.edges.add(r)
	return id, nil
}

func finiteNonNeg(x float64) bool { return x >= 0 && !math.IsInf(x, 1) }

// Graph returns the immutable graph of the nodes and edges added so far,
// weighted by edge length in km, with no origins or destinations. The
// Builder may go on being used; the graph does not change.
func (b *Builder) Graph() *Graph {
	n, m := len(b.nodes), b.edges.n
	c := &core{
		nodes:  make([]nodeRec, n),
		edges:  make([]edgeRec, m),
		length: make([]float64, m),
		hours:  make([]float64, m),
	}
	// Strings: the builder's table holds those of the edges; node strings
	// are interned into a copy of it.
	strs := append([]string(nil), b.strs...)
	idx := make(map[string]int32, len(strs))
	for i, x := range strs {
		idx[x] = int32(i)
	}
	intern := func(x string) int32 {
		if i, ok := idx[x]; ok {
			return i
		}
		strs = append(strs, x)
		idx[x] = int32(len(strs) - 1)
		return int32(len(strs) - 1)
	}
	for i, x := range b.nodes {
		c.nodes[i] = nodeRec{Point: x.Point, Kind: x.Kind, name: intern(x.Name), feature: intern(x.Feature), country: intern(x.Country)}
	}
	c.strs = slices.Clip(strs)
	lines, linePts := 0, 0
	for i := range m {
		r := b.edges.at(i)
		c.edges[i], c.length[i], c.hours[i] = r.edgeRec, r.lengthKm, r.hours
		if r.lineN > 0 {
			lines++
			linePts += int(r.lineN)
		}
		if r.country2 != 0 {
			c.c2Edge = append(c.c2Edge, int32(i))
			c.c2 = append(c.c2, r.country2)
		}
	}
	if lines > 0 {
		c.lineEdge = make([]int32, 0, lines)
		c.lineOff = make([]int32, 1, lines+1)
		c.pts = make([]orb.Point, 0, linePts)
		for i := range m {
			if r := b.edges.at(i); r.lineN > 0 {
				c.lineEdge = append(c.lineEdge, int32(i))
				c.pts = append(c.pts, b.pts[r.lineStart:r.lineStart+r.lineN]...)
				c.lineOff = append(c.lineOff, int32(len(c.pts)))
			}
		}
	}
	from := func(r *edgeRec) int32 { return r.from }
	to := func(r *edgeRec) int32 { return r.to }
	c.outStart, c.outEdge, c.outTo, c.outModes = csr(c.edges, n, from, to)
	c.inStart, c.inEdge, c.inFrom, c.inModes = csr(c.edges, n, to, from)
	return newGraph(c, c.length, nil, nil)
}

// csr returns one direction of the adjacency in compressed sparse row
// form: the edge IDs sorted by (key, other, ID), the first slot of each key
// node (len n+1), and each slot's other node and modes. Two stable counting
// sorts give the order.
func csr(edges []edgeRec, n int, key, other func(*edgeRec) int32) (start, slotEdge, nbr []int32, modes []Modes) {
	m := len(edges)
	byOther := countingOrder(m, n, nil, func(e int32) int32 { return other(&edges[e]) })
	slotEdge = countingOrder(m, n, byOther, func(e int32) int32 { return key(&edges[e]) })
	start = make([]int32, n+1)
	nbr = make([]int32, m)
	modes = make([]Modes, m)
	for i, e := range slotEdge {
		r := &edges[e]
		start[key(r)+1]++
		nbr[i] = other(r)
		modes[i] = r.modes
	}
	for v := 0; v < n; v++ {
		start[v+1] += start[v]
	}
	return start, slotEdge, nbr, modes
}

// countingOrder returns the edge IDs 0..m-1 (or the order given) stably
// sorted by key, which lies in [0, n).
func countingOrder(m, n int, order []int32, key func(int32) int32) []int32 {
	count := make([]int32, n+1)
	for e := 0; e < m; e++ {
		count[key(int32(e))+1]++
	}
	for i := 0; i < n; i++ {
		count[i+1] += count[i]
	}
	out := make([]int32, m)
	for i := 0; i < m; i++ {
		e := int32(i)
		if order != nil {
			e = order[i]
		}
		k := key(e)
		out[count[k]] = e
		count[k]++
	}
	return out
}

func newGraph(c *core, w []float64, orig, dest []Place) *Graph {
	return &Graph{c: c, w: w, orig: orig, dest: dest, gonum: &lazyView{}, slotCache: &slotCache{}}
}

// NumNodes returns the number of nodes.
func (g *Graph) NumNodes() int { return len(g.c.nodes) }

// NumEdges returns the number of edges.
func (g *Graph) NumEdges() int { return len(g.c.edges) }

// hasNode reports whether id is a node of g.
func (g *Graph) hasNode(id int64) bool { return id >= 0 && id < int64(len(g.c.nodes)) }

// NodeAt returns a copy of node id. It panics if id is not a node of g.
func (g *Graph) NodeAt(id int64) Node {
	if !g.hasNode(id) {
		panic(fmt.Sprintf("route: NodeAt(%d): graph has %d nodes", id, len(g.c.nodes)))
	}
	return g.c.node(id)
}

// country2 returns the interned second country of edge e; 0 ("") for none.
func (c *core) country2(e int) uint16 {
	if i, ok := slices.BinarySearch(c.c2Edge, int32(e)); ok {
		return c.c2[i]
	}
	return 0
}

// node returns node id as a Node.
func (c *core) node(id int64) Node {
	n := &c.nodes[id]
	return Node{ID: id, Kind: n.Kind, Name: c.strs[n.name], Country: c.strs[n.country], Point: n.Point, Feature: c.strs[n.feature]}
}

// EdgeAt returns a copy of edge id, its Line copied too (the straight line
// between its nodes when it was added without one). It panics if id is not
// an edge of g.
func (g *Graph) EdgeAt(id int) Edge {
	if id < 0 || id >= len(g.c.edges) {
		panic(fmt.Sprintf("route: EdgeAt(%d): graph has %d edges", id, len(g.c.edges)))
	}
	r := &g.c.edges[id]
	return Edge{
		ID:       id,
		From:     int64(r.from),
		To:       int64(r.to),
		Kind:     r.kind,
		Modes:    r.modes,
		LengthKm: g.c.length[id],
		Hours:    g.c.hours[id],
		Country:  g.c.strs[r.country],
		Country2: g.c.strs[g.c.country2(id)],
		Feature:  g.c.strs[r.feature],
		Line:     g.edgeLine(id, nil),
	}
}

// edgeLine appends the geometry of edge id, from its From node to its To
// node, to dst.
func (g *Graph) edgeLine(id int, dst orb.LineString) orb.LineString {
	c := g.c
	if i, ok := slices.BinarySearch(c.lineEdge, int32(id)); ok {
		return append(dst, c.pts[c.lineOff[i]:c.lineOff[i+1]]...)
	}
	r := &c.edges[id]
	return append(dst, c.nodes[r.from].Point, c.nodes[r.to].Point)
}

// OutEdges returns the IDs of the edges leaving node u, ordered by head
// node then edge ID, in a new slice. It returns nil for an unknown node.
func (g *Graph) OutEdges(u int64) []int { return g.slotEdges(g.c.outStart, g.c.outEdge, u) }

// InEdges returns the IDs of the edges entering node v, ordered by tail
// node then edge ID, in a new slice. It returns nil for an unknown node.
func (g *Graph) InEdges(v int64) []int { return g.slotEdges(g.c.inStart, g.c.inEdge, v) }

// slotEdges returns the edge IDs of node v's slots in one direction of the
// CSR structure, in a new slice, or nil for an unknown node.
func (g *Graph) slotEdges(start, edge []int32, v int64) []int {
	if !g.hasNode(v) {
		return nil
	}
	out := make([]int, 0, start[v+1]-start[v])
	for _, e := range edge[start[v]:start[v+1]] {
		out = append(out, int(e))
	}
	return out
}

// Origins returns a copy of the graph's origins.
func (g *Graph) Origins() []Place { return append([]Place(nil), g.orig...) }

// Destinations returns a copy of the graph's destinations.
func (g *Graph) Destinations() []Place { return append([]Place(nil), g.dest...) }

// OriginNodes returns the node IDs of the origins, in order.
func (g *Graph) OriginNodes() []int64 { return placeNodes(g.orig) }

// DestinationNodes returns the node IDs of the destinations, in order.
func (g *Graph) DestinationNodes() []int64 { return placeNodes(g.dest) }

func placeNodes(ps []Place) []int64 {
	out := make([]int64, len(ps))
	for i, p := range ps {
		out[i] = p.Node
	}
	return out
}

// FindNode returns the first settlement node (lowest ID) whose name is
// exactly name.
func (g *Graph) FindNode(name string) (int64, bool) {
	for i := range g.c.nodes {
		if n := &g.c.nodes[i]; n.Kind == NodeSettlement && g.c.strs[n.name] == name {
			return int64(i), true
		}
	}
	return -1, false
}

// EdgeWeight returns the weight of edge e, as the routines of this package
// use it. It panics if e is not an edge of g.
func (g *Graph) EdgeWeight(e int) float64 { return g.w[e] }

// Weights returns a copy of the weights, by edge ID.
func (g *Graph) Weights() []float64 { return append([]float64(nil), g.w...) }

// WithWeights returns a graph with the same nodes, edges and places and the
// weights w, by edge ID (copied). The structure is shared, not copied. A
// weight of +Inf forbids the edge; a negative or NaN weight is an error
// (*WeightError wrapping ErrBadWeight), as is a length other than NumEdges.
func (g *Graph) WithWeights(w []float64) (*Graph, error) {
	if g == nil || g.c == nil {
		return nil, fmt.Errorf("%w: nil graph", ErrBadParameter)
	}
	if len(w) != len(g.c.edges) {
		return nil, fmt.Errorf("%w: %d weights for %d edges", ErrBadWeight, len(w), len(g.c.edges))
	}
	for i, x := range w {
		if !(x >= 0) {
			return nil, &WeightError{Edge: i, Value: x, Err: ErrBadWeight}
		}
	}
	return newGraph(g.c, append([]float64(nil), w...), g.orig, g.dest), nil
}

// WithPlaces returns a graph like g with the given origins and destinations
// (copied). Each place must name a node of g and have a finite weight ≥ 0.
func (g *Graph) WithPlaces(origins, destinations []Place) (*Graph, error) {
	if g == nil || g.c == nil {
		return nil, fmt.Errorf("%w: nil graph", ErrBadParameter)
	}
	for _, set := range []struct {
		what string
		ps   []Place
	}{{"origin", origins}, {"destination", destinations}} {
		for i, p := range set.ps {
			if !g.hasNode(p.Node) {
				return nil, fmt.Errorf("%w: %s %d (%q): node %d", ErrUnknownNode, set.what, i, p.Name, p.Node)
			}
			if !finiteNonNeg(p.Weight) {
				return nil, fmt.Errorf("%w: %s %d (%q): weight %v: must be a finite number ≥ 0", ErrBadParameter, set.what, i, p.Name, p.Weight)
			}
		}
	}
	h := *g
	h.orig = append([]Place(nil), origins...)
	h.dest = append([]Place(nil), destinations...)
	return &h, nil
}

// checkNodes returns an error naming the first ID of ids that is not a node
// of g, or an empty set.
func (g *Graph) checkNodes(what string, ids []int64) error {
	if g == nil || g.c == nil {
		return fmt.Errorf("%w: nil graph", ErrBadParameter)
	}
	if len(ids) == 0 {
		return fmt.Errorf("%w: no %s nodes", ErrUnknownNode, what)
	}
	for _, id := range ids {
		if !g.hasNode(id) {
			return fmt.Errorf("%w: %s node %d (graph has %d nodes)", ErrUnknownNode, what, id, len(g.c.nodes))
		}
	}
	return nil
}

// nodeLabel names node v for error messages.
func (g *Graph) nodeLabel(v int64) string {
	n := &g.c.nodes[v]
	if name := g.c.strs[n.name]; name != "" {
		return fmt.Sprintf("%d (%s %q)", v, n.Kind, name)
	}
	return fmt.Sprintf("%d (%s)", v, n.Kind)
}

// setLabel names a node set for error messages.
func (g *Graph) setLabel(ids []int64) string {
	if len(ids) == 1 {
		return g.nodeLabel(ids[0])
	}
	s := fmt.Sprintf("%d nodes {", len(ids))
	for i, v := range ids {
		if i == 3 {
			s += ", …"
			break
		}
		if i > 0 {
			s += ", "
		}
		s += g.nodeLabel(v)
	}
	return s + "}"
}
