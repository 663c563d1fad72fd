package route

import (
	"math"
	"sync"
)

// workspace holds the per-query arrays of the searches. Arrays indexed by
// node or edge are valid only where their stamp equals the current
// generation, so a workspace is reused without clearing (generation
// stamping). Workspaces come from a sync.Pool per graph structure.
type workspace struct {
	gen   uint32
	stamp []uint32 // node: dist, key, pred, pos valid when == gen
	dist  []float64
	key   []float64 // heap key: dist + potential
	pred  []int32   // edge ID by which the node was reached; -1 for a start
	pos   []int32   // heap position; -1 not queued; -2 settled
	heap  []int32

	tgen   uint32
	target []uint32 // node is a target when == tgen

	bgen      uint32
	nodeBlock []uint32 // node removed when == bgen
	edgeBlock []uint32 // edge removed when == bgen

	keyed []keyed // ssspAll's heap
}

func (c *core) getWorkspace() *workspace {
	if ws, ok := c.pool.Get().(*workspace); ok {
		return ws
	}
	n, m := len(c.nodes), len(c.edges)
	return &workspace{
		stamp:     make([]uint32, n),
		dist:      make([]float64, n),
		key:       make([]float64, n),
		pred:      make([]int32, n),
		pos:       make([]int32, n),
		heap:      make([]int32, 0, 64),
		target:    make([]uint32, n),
		nodeBlock: make([]uint32, n),
		edgeBlock: make([]uint32, m),
	}
}

func (c *core) putWorkspace(ws *workspace) { c.pool.Put(ws) }

// reset starts a new search generation.
func (ws *workspace) reset() {
	ws.gen++
	if ws.gen == 0 { // wrapped: clear once every 2^32 searches
		clear(ws.stamp)
		ws.gen = 1
	}
	ws.heap = ws.heap[:0]
}

// setTargets marks the target nodes of the next searches.
func (ws *workspace) setTargets(ts []int32) {
	ws.tgen++
	if ws.tgen == 0 {
		clear(ws.target)
		ws.tgen = 1
	}
	for _, t := range ts {
		ws.target[t] = ws.tgen
	}
}

func (ws *workspace) isTarget(v int32) bool { return ws.target[v] == ws.tgen }

// newBlock starts a new set of removed nodes and edges.
func (ws *workspace) newBlock() {
	ws.bgen++
	if ws.bgen == 0 {
		clear(ws.nodeBlock)
		clear(ws.edgeBlock)
		ws.bgen = 1
	}
}

func (ws *workspace) touch(v int32) {
	if ws.stamp[v] != ws.gen {
		ws.stamp[v] = ws.gen
		ws.dist[v] = math.Inf(1)
		ws.key[v] = math.Inf(1)
		ws.pred[v] = -1
		ws.pos[v] = -1
	}
}

func (ws *workspace) distOf(v int32) float64 {
	if ws.stamp[v] != ws.gen {
		return math.Inf(1)
	}
	return ws.dist[v]
}

// The heap is a 4-ary min-heap of nodes on key, with positions in pos.

func (ws *workspace) up(i int) {
	h, key, pos := ws.heap, ws.key, ws.pos
	v := h[i]
	kv := key[v]
	for i > 0 {
		p := (i - 1) >> 2
		u := h[p]
		if key[u] <= kv {
			break
		}
		h[i] = u
		pos[u] = int32(i)
		i = p
	}
	h[i] = v
	pos[v] = int32(i)
}

func (ws *workspace) down(i int) {
	h, key, pos := ws.heap, ws.key, ws.pos
	n := len(h)
	v := h[i]
	kv := key[v]
	for {
		c := i<<2 + 1
		if c >= n {
			break
		}
		best, kb := c, key[h[c]]
		end := c + 4
		if end > n {
			end = n
		}
		for j := c + 1; j < end; j++ {
			if kj := key[h[j]]; kj < kb {
				best, kb = j, kj
			}
		}
		if kb >= kv {
			break
		}
		h[i] = h[best]
		pos[h[i]] = int32(i)
		i = best
	}
	h[i] = v
	pos[v] = int32(i)
}

// push queues v with key k, or lowers its key if it is queued.
func (ws *workspace) push(v int32, k float64) {
	ws.key[v] = k
	if p := ws.pos[v]; p >= 0 {
		ws.up(int(p))
		return
	}
	ws.heap = append(ws.heap, v)
	ws.up(len(ws.heap) - 1)
}

// pop removes and returns the node of least key and marks it settled.
func (ws *workspace) pop() int32 {
	h := ws.heap
	v := h[0]
	last := h[len(h)-1]
	ws.heap = h[:len(h)-1]
	if len(ws.heap) > 0 {
		ws.heap[0] = last
		ws.pos[last] = 0
		ws.down(0)
	}
	ws.pos[v] = -2
	return v
}

// adjacency is one direction of the CSR structure with the weights (by
// edge ID).
type adjacency struct {
	start, nbr, edge []int32
	modes            []Modes
	w                []float64
}

func (g *Graph) forward() adjacency {
	return adjacency{g.c.outStart, g.c.outTo, g.c.outEdge, g.c.outModes, g.w}
}

func (g *Graph) backward() adjacency {
	return adjacency{g.c.inStart, g.c.inFrom, g.c.inEdge, g.c.inModes, g.w}
}

// searchOpts are the options of one run of search.
type searchOpts struct {
	modes   Modes
	targets bool      // stop at the first target popped; do not expand targets
	h       []float64 // potential (A*): a consistent lower bound on the distance to the targets; nil = 0
	blocked bool      // skip removed nodes and edges (ws.nodeBlock, ws.edgeBlock)
	bound   float64   // give up once the least key exceeds bound: always set it (+Inf: none)
}

// search runs Dijkstra's algorithm (A* with opts.h) over adj from the
// starts, leaving distances and predecessor edges in ws. It returns the
// first target popped, or -1.
func (g *Graph) search(ws *workspace, adj adjacency, starts []int32, o searchOpts) int32 {
	ws.reset()
	bound := o.bound
	for _, s := range starts {
		if o.blocked && ws.nodeBlock[s] == ws.bgen {
			continue
		}
		ws.touch(s)
		if ws.dist[s] == 0 {
			continue
		}
		ws.dist[s] = 0
		k := 0.0
		if o.h != nil {
			k = o.h[s]
		}
		if math.IsInf(k, 1) {
			continue
		}
		ws.push(s, k)
	}
	start, nbr, edge, modes, w := adj.start, adj.nbr, adj.edge, adj.modes, adj.w
	for len(ws.heap) > 0 {
		u := ws.pop()
		if ws.key[u] > bound {
			return -1
		}
		if o.targets && ws.isTarget(u) {
			return u
		}
		du := ws.dist[u]
		for i := start[u]; i < start[u+1]; i++ {
			if modes[i]&o.modes == 0 {
				continue
			}
			v := nbr[i]
			if o.blocked && (ws.nodeBlock[v] == ws.bgen || ws.edgeBlock[edge[i]] == ws.bgen) {
				continue
			}
			nd := du + w[edge[i]]
			ws.touch(v)
			if nd < ws.dist[v] && ws.pos[v] != -2 {
				k := nd
				if o.h != nil {
					hv := o.h[v]
					if math.IsInf(hv, 1) {
						continue
					}
					k += hv
				}
				ws.dist[v] = nd
				ws.pred[v] = edge[i]
				ws.push(v, k)
			}
		}
	}
	return -1
}

// A slot is one entry of a slotList: the node at the other end of an
// edge, the edge's ID and its weight, side by side for the inner loop.
type slot struct {
	nbr, edge int32
	w         float64
}

// A slotList is one direction of the adjacency restricted to the edges
// that carry one set of modes and have a finite weight, in CSR order: the
// edges a search under those modes can relax, in the order it relaxes them.
type slotList struct {
	once  sync.Once
	start []int32 // len n+1
	slots []slot
}

// slotKey names a slotList of a graph.
type slotKey struct {
	modes Modes
	back  bool
}

// slotCache holds a graph's slotLists, built on first use.
type slotCache struct {
	mu    sync.Mutex
	lists map[slotKey]*slotList
}

// slots returns the slotList of g for modes, of the reversed edges with
// back, built once per graph and key and shared by its searches.
func (g *Graph) slots(modes Modes, back bool) *slotList {
	c := g.slotCache
	c.mu.Lock()
	if c.lists == nil {
		c.lists = map[slotKey]*slotList{}
	}
	sl := c.lists[slotKey{modes, back}]
	if sl == nil {
		sl = new(slotList)
		c.lists[slotKey{modes, back}] = sl
	}
	c.mu.Unlock()
	sl.once.Do(func() { g.fillSlots(sl, modes, back) })
	return sl
}

// fillSlots fills sl with the slots of g for modes, of the reversed edges
// with back, in O(V+E) time.
func (g *Graph) fillSlots(sl *slotList, modes Modes, back bool) {
	adj := g.forward()
	if back {
		adj = g.backward()
	}
	usable := func(i int32) bool { return adj.modes[i]&modes != 0 && !math.IsInf(adj.w[adj.edge[i]], 1) }
	n := len(g.c.nodes)
	count := 0
	for i := range int32(len(adj.nbr)) {
		if usable(i) {
			count++
		}
	}
	sl.start = make([]int32, n+1)
	sl.slots = make([]slot, 0, count)
	for u := range n {
		sl.start[u] = int32(len(sl.slots))
		for i := adj.start[u]; i < adj.start[u+1]; i++ {
			if usable(i) {
				e := adj.edge[i]
				sl.slots = append(sl.slots, slot{adj.nbr[i], e, adj.w[e]})
			}
		}
	}
	sl.start[n] = int32(len(sl.slots))
}

// treeArrays are the arrays of a released Tree, for the next.
type treeArrays struct {
	dist         []float64
	pred, parent []int32
	order        []int32
}

// A keyed is an entry of a keyHeap: a node with its key beside it, as the
// key's IEEE 754 bits. The keys are distances, never negative, NaN or −0,
// and the bits of such floats are in the same order as the floats: ordered
// as integers, they compare without the branches of float comparison.
type keyed struct {
	k uint64
	v int32
}

// A keyHeap is ssspAll's 4-ary min-heap of nodes with their keys inline,
// positions in pos (−1 not queued, −2 settled). It makes the same moves as
// the workspace's heap, which keeps the keys apart as floats.
type keyHeap struct {
	h   []keyed
	pos []int32
}

// up moves the entry at i up to its place.
func (q *keyHeap) up(i int) {
	h, pos := q.h, q.pos
	x := h[i]
	for i > 0 {
		p := (i - 1) >> 2
		if h[p].k <= x.k {
			break
		}
		h[i] = h[p]
		pos[h[i].v] = int32(i)
		i = p
	}
	h[i] = x
	pos[x.v] = int32(i)
}

// push queues v with key, or lowers its key if it is queued.
func (q *keyHeap) push(v int32, key float64) {
	k := math.Float64bits(key)
	if p := q.pos[v]; p >= 0 {
		q.h[p].k = k
		q.up(int(p))
		return
	}
	q.h = append(q.h, keyed{k, v})
	q.up(len(q.h) - 1)
}

// pop removes and returns the node of least key and marks it settled.
func (q *keyHeap) pop() int32 {
	h, pos := q.h, q.pos
	u := h[0].v
	last := h[len(h)-1]
	h = h[:len(h)-1]
	q.h = h
	if m := len(h); m > 0 {
		i := 0
		for {
			c := i<<2 + 1
			if c >= m {
				break
			}
			// The first child of least key: in pairs when all four are
			// there (the same choice, fewer branches to mispredict).
			var best int
			var kb uint64
			if c+3 < m {
				b0, k0 := c, h[c].k
				if k := h[c+1].k; k < k0 {
					b0, k0 = c+1, k
				}
				b1, k1 := c+2, h[c+2].k
				if k := h[c+3].k; k < k1 {
					b1, k1 = c+3, k
				}
				if k1 < k0 {
					b0, k0 = b1, k1
				}
				best, kb = b0, k0
			} else {
				best, kb = c, h[c].k
				for j := c + 1; j < m; j++ {
					if h[j].k < kb {
						best, kb = j, h[j].k
					}
				}
			}
			if kb >= last.k {
				break
			}
			h[i] = h[best]
			pos[h[i].v] = int32(i)
			i = best
		}
		h[i] = last
		pos[last.v] = int32(i)
	}
	pos[u] = -2
	return u
}

// ssspAll runs Dijkstra's algorithm from the starts over all nodes of sl
// into fresh dist and pred slices, with a keyHeap. Ties are broken as
// search breaks them: of equal keys the node the heap pops first relaxes
// first, and a node keeps the first of equal distances offered to it.
func (g *Graph) ssspAll(sl *slotList, starts []int32) (dist []float64, pred []int32) {
	ta := g.ssspTree(sl, starts, false)
	return ta.dist, ta.pred
}

// ssspTree is ssspAll that also gives, by node, the node each is reached
// from (its tree parent, −1 for none), and the reached nodes in the order
// they were settled (each after its parent); with reuse it takes the
// arrays of a released tree where there is one.
func (g *Graph) ssspTree(sl *slotList, starts []int32, reuse bool) *treeArrays {
	n := len(g.c.nodes)
	var ta *treeArrays
	if reuse {
		ta, _ = g.c.treePool.Get().(*treeArrays)
	}
	if ta == nil {
		ta = &treeArrays{dist: make([]float64, n), pred: make([]int32, n), parent: make([]int32, n), order: make([]int32, 0, n)}
	}
	dist, pred, parent, order := ta.dist, ta.pred, ta.parent, ta.order[:0]
	inf := math.Inf(1)
	for i := range dist {
		dist[i] = inf
		pred[i] = -1
		parent[i] = -1
	}
	ws := g.c.getWorkspace()
	defer g.c.putWorkspace(ws)
	q := keyHeap{h: ws.keyed[:0], pos: ws.pos}
	pos := q.pos
	for i := range pos {
		pos[i] = -1
	}
	for _, s := range starts {
		if dist[s] != 0 {
			dist[s] = 0
			q.push(s, 0)
		}
	}
	// A settled node is never offered less: its key is at most du, and
	// du + w ≥ du for the slots' weights (finite, ≥ 0), so that no test
	// of pos is needed before a node's distance is lowered.
	start, slots := sl.start, sl.slots
	for len(q.h) > 0 {
		u := q.pop()
		order = append(order, u)
		du := dist[u]
		for _, s := range slots[start[u]:start[u+1]] {
			v := s.nbr
			if nd := du + s.w; nd < dist[v] {
				dist[v] = nd
				pred[v] = s.edge
				parent[v] = u
				q.push(v, nd)
			}
		}
	}
	ws.keyed = q.h[:0]
	// pos was changed behind the stamps of ws: invalidate them.
	ws.reset()
	ta.order = order
	return ta
}
