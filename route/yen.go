package route

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
)

// KShortest returns up to k loopless paths from any node of from to any
// node of to, in order of weight (ties: fewer edges, then lower start and
// edge IDs), using only edges whose modes intersect modes. A path ends at
// the first node of to that it reaches. Paths are sequences of edges, so
// two paths over the same nodes by parallel edges (road and rail) are
// different paths. It returns fewer than k paths when there are no more,
// and an error wrapping ErrNoPath when there is none.
//
// The algorithm is Yen's (Management Science 17(11), 1971) with Lawler's
// rule (spur nodes from the parent's deviation point on), made fast for
// large graphs: one reverse shortest-path tree from the targets gives exact
// distances to the targets, which serve as an A* potential and as a lower
// bound to skip spur searches that cannot beat the k-th candidate; a spur
// whose tree path avoids the removed nodes and edges needs no search at
// all; removed nodes and edges are masked with generation stamps instead of
// copying the graph; candidates beyond the k still needed are dropped, as
// are their descendants, which cost no less.
func KShortest(g *Graph, from, to []int64, k int, modes Modes) ([]Path, error) {
	if k < 0 {
		return nil, fmt.Errorf("%w: k = %d: must be ≥ 0", ErrBadParameter, k)
	}
	if err := g.checkNodes("start", from); err != nil {
		return nil, err
	}
	if err := g.checkNodes("target", to); err != nil {
		return nil, err
	}
	y := newYen(g, from, to, modes)
	defer y.release()
	if !y.first() {
		return nil, g.noPath(from, to, modes)
	}
	for len(y.acc) < k && y.next(k) {
	}
	n := min(k, len(y.acc))
	paths := make([]Path, n)
	for i := range paths {
		paths[i] = g.makePath(y.acc[i].start, y.acc[i].edges)
	}
	return paths, nil
}

// ycand is a path of Yen's algorithm, found or candidate.
type ycand struct {
	start int32
	edges []int32
	cost  float64
	dev   int // index of the spur node where it left its parent; -1: a different start
	hash  uint64
}

func candLess(a, b *ycand) int {
	if c := cmp.Compare(a.cost, b.cost); c != 0 {
		return c
	}
	if c := cmp.Compare(len(a.edges), len(b.edges)); c != 0 {
		return c
	}
	if c := cmp.Compare(a.start, b.start); c != 0 {
		return c
	}
	return slices.Compare(a.edges, b.edges)
}

func sameCand(a, b *ycand) bool {
	return a.start == b.start && slices.Equal(a.edges, b.edges)
}

// yen is the state of one k-shortest-paths query.
type yen struct {
	g       *Graph
	ws      *workspace
	modes   Modes
	sources []int32 // sorted, unique
	targets []int32
	h       []float64 // exact distance to the nearest target
	succ    []int32   // next edge towards the nearest target; -1 at a target or unreachable
	acc     []*ycand  // found paths, in order
	cands   []*ycand  // candidates, sorted, at most as many as still needed
	seen    map[uint64][]*ycand
	seed    maphash.Seed
	nodes   []int32 // scratch for next: the nodes of the last path found
	tail    []int32 // scratch for next: a tree path from a spur node
}

func newYen(g *Graph, from, to []int64, modes Modes) *yen {
	y := &yen{
		g:       g,
		modes:   modes,
		sources: uniqueSorted(from),
		targets: uniqueSorted(to),
		seen:    map[uint64][]*ycand{},
		seed:    maphash.MakeSeed(),
	}
	// Reverse tree from the targets: exact distances to them.
	rws := g.c.getWorkspace()
	g.search(rws, g.backward(), y.targets, searchOpts{modes: modes, bound: math.Inf(1)})
	n := len(g.c.nodes)
	y.h = make([]float64, n)
	y.succ = make([]int32, n)
	for v := range y.h {
		y.h[v] = rws.distOf(int32(v))
		y.succ[v] = -1
		if rws.stamp[v] == rws.gen {
			y.succ[v] = rws.pred[v]
		}
	}
	g.c.putWorkspace(rws)
	y.ws = g.c.getWorkspace()
	y.ws.setTargets(y.targets)
	return y
}

func (y *yen) release() {
	y.g.c.putWorkspace(y.ws)
	y.ws = nil
}

func uniqueSorted(ids []int64) []int32 {
	out := toInt32(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// chain returns the tree path from v to the nearest target, appended to
// dst, or false if it meets a removed node or edge.
func (y *yen) chain(v int32, dst []int32, blocked bool) ([]int32, bool) {
	ws := y.ws
	for !ws.isTarget(v) {
		e := y.succ[v]
		if e < 0 {
			return dst, false
		}
		v = y.g.c.edges[e].to
		if blocked && (ws.edgeBlock[e] == ws.bgen || ws.nodeBlock[v] == ws.bgen) {
			return dst, false
		}
		dst = append(dst, e)
	}
	return dst, true
}

// first finds the shortest path, straight from the reverse tree.
func (y *yen) first() bool {
	best := int32(-1)
	for _, s := range y.sources {
		if best < 0 || y.h[s] < y.h[best] {
			best = s
		}
	}
	if math.IsInf(y.h[best], 1) {
		return false
	}
	edges, _ := y.chain(best, nil, false)
	c := &ycand{start: best, edges: edges, dev: -1}
	c.cost = y.cost(c)
	c.hash = y.hashOf(c)
	y.acc = append(y.acc, c)
	y.seen[c.hash] = append(y.seen[c.hash], c)
	return true
}

func (y *yen) cost(c *ycand) float64 {
	var s float64
	for _, e := range c.edges {
		s += y.g.w[e]
	}
	return s
}

func (y *yen) hashOf(c *ycand) uint64 {
	var h maphash.Hash
	h.SetSeed(y.seed)
	var buf [4]byte
	put := func(x int32) {
		buf[0], buf[1], buf[2], buf[3] = byte(x), byte(x>>8), byte(x>>16), byte(x>>24)
		h.Write(buf[:])
	}
	put(c.start)
	for _, e := range c.edges {
		put(e)
	}
	return h.Sum64()
}

// bound returns the cost a new candidate must not exceed to be of use when
// k paths are wanted.
func (y *yen) bound(k int) float64 {
	need := k - len(y.acc)
	if len(y.cands) >= need && need > 0 {
		return y.cands[need-1].cost
	}
	return math.Inf(1)
}

// offer adds c to the candidates unless it is known or not needed.
func (y *yen) offer(c *ycand, k int) {
	if c.cost > y.bound(k) {
		return
	}
	c.hash = y.hashOf(c)
	for _, o := range y.seen[c.hash] {
		if sameCand(o, c) {
			return
		}
	}
	i, _ := slices.BinarySearchFunc(y.cands, c, candLess)
	y.cands = slices.Insert(y.cands, i, c)
	y.seen[c.hash] = append(y.seen[c.hash], c)
	if need := k - len(y.acc); len(y.cands) > need {
		for _, d := range y.cands[need:] {
			y.forget(d)
		}
		clear(y.cands[need:])
		y.cands = y.cands[:need]
	}
}

func (y *yen) forget(d *ycand) {
	list := y.seen[d.hash]
	for i, o := range list {
		if o == d {
			list = slices.Delete(list, i, i+1)
			break
		}
	}
	if len(list) == 0 {
		delete(y.seen, d.hash)
	} else {
		y.seen[d.hash] = list
	}
}

// next generates the candidates deviating from the last found path and
// moves the best candidate to the found paths. It reports whether one was
// found.
func (y *yen) next(k int) bool {
	g, ws := y.g, y.ws
	p := y.acc[len(y.acc)-1]
	nodes := append(y.nodes[:0], p.start)
	for _, e := range p.edges {
		nodes = append(nodes, g.c.edges[e].to)
	}
	y.nodes = nodes

	// The virtual spur before the first node: another start.
	if p.dev < 0 && len(y.sources) > 1 {
		var starts []int32
		for _, s := range y.sources {
			used := false
			for _, q := range y.acc {
				if q.start == s {
					used = true
					break
				}
			}
			if !used {
				starts = append(starts, s)
			}
		}
		if len(starts) > 0 {
			t := g.search(ws, g.forward(), starts, searchOpts{modes: y.modes, targets: true, h: y.h, bound: y.bound(k)})
			if t >= 0 {
				s, edges := g.trace(ws.pred, t, nil)
				c := &ycand{start: s, edges: edges, dev: -1}
				c.cost = y.cost(c)
				y.offer(c, k)
			}
		}
	}

	// Found paths with the same start and root as p, narrowed as the root grows.
	var same []*ycand
	for _, q := range y.acc {
		if q.start == p.start {
			same = append(same, q)
		}
	}
	rootCost := 0.0
	for i := 0; i < len(p.edges); i++ {
		if i > 0 {
			rootCost += g.w[p.edges[i-1]]
			keep := same[:0]
			for _, q := range same {
				if len(q.edges) > i && q.edges[i-1] == p.edges[i-1] {
					keep = append(keep, q)
				}
			}
			same = keep
		}
		if i < p.dev {
			continue
		}
		spur := nodes[i]
		bound := y.bound(k)
		if rootCost+y.h[spur] > bound {
			continue
		}
		ws.newBlock()
		for _, v := range nodes[:i] {
			ws.nodeBlock[v] = ws.bgen
		}
		for _, q := range same {
			if len(q.edges) > i {
				ws.edgeBlock[q.edges[i]] = ws.bgen
			}
		}
		root := p.edges[:i:i]
		var edges []int32
		tail, ok := y.chain(spur, y.tail[:0], true)
		y.tail = tail
		if ok {
			edges = append(append(make([]int32, 0, i+len(tail)), root...), tail...)
		} else {
			t := g.search(ws, g.forward(), []int32{spur}, searchOpts{
				modes: y.modes, targets: true, h: y.h, blocked: true, bound: bound - rootCost,
			})
			if t < 0 {
				continue
			}
			_, edges = g.trace(ws.pred, t, root)
		}
		c := &ycand{start: p.start, edges: edges, dev: i}
		c.cost = y.cost(c)
		y.offer(c, k)
	}

	if len(y.cands) == 0 {
		return false
	}
	best := y.cands[0]
	y.cands = slices.Delete(y.cands, 0, 1)
	y.acc = append(y.acc, best)
	return true
}
