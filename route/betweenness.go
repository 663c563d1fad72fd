package route

import (
	"math"
	"runtime"
	"sync"
)

// Betweenness returns the edge betweenness of every edge, by edge ID:
//
//	C(e) = Σ_{s ≠ t} σ_st(e) / σ_st
//
// over all ordered node pairs, where σ_st is the number of shortest paths
// from s to t (by the graph's weights, over edges whose modes intersect
// modes) and σ_st(e) the number of those using e. Parallel edges are
// distinct edges. It is Brandes' algorithm (J. Math. Sociol. 25(2), 2001;
// edge variant: Social Networks 30(2), 2008) in O(VE + V² log V) time,
// run on the CPUs in rounds of fixed chunks summed in order, so the result
// is the same from run to run and machine to machine. Shortest paths are
// counted along edges from a node settled earlier to one settled later, so
// edges of weight zero (crossings) never form cycles. Read off the border
// edges (EdgeCrossing, EdgeGap, EdgeFerry) to see which crossings and gaps
// carry the most shortest routes.
func Betweenness(g *Graph, modes Modes) []float64 {
	if g == nil {
		return nil
	}
	sources := allSources(g)
	return g.brandes(sources, nil, nil, modes, brandesOpt{})
}

// NodeBetweenness returns the betweenness of every node, by node ID:
// C(v) = Σ_{s ≠ v ≠ t} σ_st(v) / σ_st over the shortest paths by the
// graph's weights, by Brandes' algorithm as Betweenness. Read off the
// crossing sides and gap points to rank the border places.
func NodeBetweenness(g *Graph, modes Modes) []float64 {
	if g == nil {
		return nil
	}
	return g.brandes(allSources(g), nil, nil, modes, brandesOpt{nodes: true})
}

// HopBetweenness returns the edge betweenness of every edge, by edge ID,
// over the paths with the fewest edges (weights ignored, except that an
// edge of weight +Inf is absent): Brandes' algorithm with breadth-first
// search, in O(VE) time.
func HopBetweenness(g *Graph, modes Modes) []float64 {
	if g == nil {
		return nil
	}
	return g.brandes(allSources(g), nil, nil, modes, brandesOpt{hops: true})
}

// HopNodeBetweenness returns the betweenness of every node, by node ID,
// over the paths with the fewest edges, by breadth-first search as
// HopBetweenness.
func HopNodeBetweenness(g *Graph, modes Modes) []float64 {
	if g == nil {
		return nil
	}
	return g.brandes(allSources(g), nil, nil, modes, brandesOpt{hops: true, nodes: true})
}

func allSources(g *Graph) []int32 {
	sources := make([]int32, len(g.c.nodes))
	for i := range sources {
		sources[i] = int32(i)
	}
	return sources
}

// brandesOpt selects the variant of Brandes' algorithm: paths by fewest
// edges (breadth-first search) instead of weight; node instead of edge
// betweenness.
type brandesOpt struct {
	hops, nodes bool
}

// ODBetweenness returns the edge betweenness of every edge over the
// shortest paths from the graph's origins to its destinations only, each
// origin–destination pair counted with the product of their weights:
//
//	C(e) = Σ_{o, d} w_o w_d σ_od(e) / σ_od
//
// It answers which crossings and gaps carry the routes from the producing
// provinces to the markets. It returns zeros when g has no origins or no
// destinations.
func ODBetweenness(g *Graph, modes Modes) []float64 {
	if g == nil {
		return nil
	}
	if len(g.orig) == 0 || len(g.dest) == 0 {
		return make([]float64, len(g.c.edges))
	}
	var sources []int32
	var sw []float64
	for _, p := range g.orig {
		sources = append(sources, int32(p.Node))
		sw = append(sw, p.Weight)
	}
	tw := make([]float64, len(g.c.nodes))
	for _, p := range g.dest {
		tw[p.Node] += p.Weight
	}
	return g.brandes(sources, sw, tw, modes, brandesOpt{})
}

// brandesChunk is the number of sources one worker handles at a time.
const brandesChunk = 16

// brandes accumulates the edge dependencies of the sources (weighted by sw,
// nil = 1) on the targets (weighted by tw, nil = every node but the source
// with weight 1).
func (g *Graph) brandes(sources []int32, sw, tw []float64, modes Modes, opt brandesOpt) []float64 {
	m := len(g.c.edges)
	if opt.nodes {
		m = len(g.c.nodes)
	}
	total := make([]float64, m)
	nChunks := (len(sources) + brandesChunk - 1) / brandesChunk
	workers := min(nChunks, max(1, runtime.GOMAXPROCS(0)))
	// Worker j handles chunk round+j of each round with states[j] and
	// parts[j], reused from round to round.
	states := make([]*brandesState, workers)
	parts := make([][]float64, workers)
	for j := range states {
		states[j] = newBrandesState(len(g.c.nodes))
		parts[j] = make([]float64, m)
	}
	for round := 0; round < nChunks; round += workers {
		n := min(nChunks-round, workers)
		var wg sync.WaitGroup
		for j := 0; j < n; j++ {
			wg.Add(1)
			go func(j int) {
				defer wg.Done()
				c, part := round+j, parts[j]
				clear(part)
				for i := c * brandesChunk; i < min(len(sources), (c+1)*brandesChunk); i++ {
					w := 1.0
					if sw != nil {
						w = sw[i]
					}
					g.brandesOne(states[j], sources[i], w, tw, modes, opt, part)
				}
			}(j)
		}
		wg.Wait()
		for _, part := range parts[:n] {
			for e, x := range part {
				total[e] += x
			}
		}
	}
	return total
}

type brandesState struct {
	sigma []float64
	delta []float64
	order []int32 // settle index, -1 unsettled
	stack []int32
	ws    *workspace
}

func newBrandesState(n int) *brandesState {
	st := &brandesState{
		sigma: make([]float64, n),
		delta: make([]float64, n),
		order: make([]int32, n),
	}
	st.ws = &workspace{
		stamp: make([]uint32, n), dist: make([]float64, n), key: make([]float64, n),
		pred: make([]int32, n), pos: make([]int32, n),
	}
	return st
}

// brandesOne adds the dependencies of source s to part: by edge, or by
// node with opt.nodes.
func (g *Graph) brandesOne(st *brandesState, s int32, sw float64, tw []float64, modes Modes, opt brandesOpt, part []float64) {
	ws := st.ws
	ws.reset()
	ws.touch(s)
	ws.dist[s] = 0
	st.stack = st.stack[:0]
	c := g.c
	if opt.hops {
		// Breadth-first search: a node is settled when first reached.
		ws.pos[s] = -2
		st.order[s] = 0
		st.stack = append(st.stack, s)
		for head := 0; head < len(st.stack); head++ {
			u := st.stack[head]
			for i := c.outStart[u]; i < c.outStart[u+1]; i++ {
				if c.outModes[i]&modes == 0 || math.IsInf(g.w[c.outEdge[i]], 1) {
					continue
				}
				v := c.outTo[i]
				ws.touch(v)
				if ws.pos[v] != -2 {
					ws.pos[v] = -2
					ws.dist[v] = ws.dist[u] + 1
					st.order[v] = int32(len(st.stack))
					st.stack = append(st.stack, v)
				}
			}
		}
	} else {
		ws.push(s, 0)
	}
	// inW returns the length of in slot i in this variant; +Inf: absent.
	inW := func(i int32) float64 {
		w := g.w[c.inEdge[i]]
		if opt.hops && !math.IsInf(w, 1) {
			return 1
		}
		return w
	}
	for len(ws.heap) > 0 {
		u := ws.pop()
		st.order[u] = int32(len(st.stack))
		st.stack = append(st.stack, u)
		du := ws.dist[u]
		for i := c.outStart[u]; i < c.outStart[u+1]; i++ {
			if c.outModes[i]&modes == 0 {
				continue
			}
			v := c.outTo[i]
			nd := du + g.w[c.outEdge[i]]
			ws.touch(v)
			if nd < ws.dist[v] && ws.pos[v] != -2 {
				ws.dist[v] = nd
				ws.push(v, nd)
			}
		}
	}
	// Path counts in settle order, over tight edges from earlier nodes.
	for k, w := range st.stack {
		if k == 0 {
			st.sigma[w] = 1
			st.delta[w] = 0
			continue
		}
		sig := 0.0
		for i := c.inStart[w]; i < c.inStart[w+1]; i++ {
			if c.inModes[i]&modes == 0 {
				continue
			}
			v := c.inFrom[i]
			if ws.stamp[v] == ws.gen && ws.pos[v] == -2 && st.order[v] < int32(k) && ws.dist[v]+inW(i) == ws.dist[w] {
				sig += st.sigma[v]
			}
		}
		st.sigma[w] = sig
		st.delta[w] = 0
	}
	// Dependencies in reverse settle order.
	for k := len(st.stack) - 1; k > 0; k-- {
		w := st.stack[k]
		credit := 1.0
		if tw != nil {
			credit = tw[w]
		}
		coef := (credit + st.delta[w]) / st.sigma[w]
		if coef == 0 || math.IsInf(coef, 0) || math.IsNaN(coef) {
			continue
		}
		for i := c.inStart[w]; i < c.inStart[w+1]; i++ {
			if c.inModes[i]&modes == 0 {
				continue
			}
			v := c.inFrom[i]
			if ws.stamp[v] == ws.gen && ws.pos[v] == -2 && st.order[v] < int32(k) && ws.dist[v]+inW(i) == ws.dist[w] {
				x := st.sigma[v] * coef
				if !opt.nodes {
					part[c.inEdge[i]] += sw * x
				}
				st.delta[v] += x
			}
		}
	}
	if opt.nodes {
		for _, w := range st.stack[1:] {
			part[w] += sw * st.delta[w]
		}
	}
}
