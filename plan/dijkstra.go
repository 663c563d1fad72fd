package plan

import (
	"math"
	"slices"
)

// tree is a shortest-path tree: forward from a start node (pred = arc into v)
// or backward to an end node (pred = arc out of v toward the end).
type tree struct {
	dist []float64
	pred []int32
}

// searcher holds Dijkstra's scratch state for one goroutine.
type searcher struct {
	in   *Instance
	heap []heapItem
	done []bool
}

type heapItem struct {
	d float64
	v int32
}

func newSearcher(in *Instance) *searcher {
	return &searcher{in: in, done: make([]bool, in.nodes)}
}

// run fills t with the shortest distances from start (backward=false) or to
// start (backward=true) under the arc lengths l (Dijkstra 1959 with a binary
// heap and lazy deletion, O((V+E) log V)). Ties are broken by arc order.
func (s *searcher) run(t *tree, start int, l []float64, backward bool) {
	s.runTo(t, start, l, backward, nil)
}

// runTo is run stopped once every node of targets is settled (nil: all
// nodes); distances of unsettled nodes are then upper bounds.
func (s *searcher) runTo(t *tree, start int, l []float64, backward bool, targets []int) {
	in := s.in
	s.reset(t)
	start32 := int32(start)
	t.dist[start] = 0
	s.heap = append(s.heap[:0], heapItem{0, start32})
	startArr, adj := in.outStart, in.outArc
	if backward {
		startArr, adj = in.inStart, in.inArc
	}
	left := len(targets)
	for len(s.heap) > 0 {
		it := s.pop()
		u := it.v
		if s.done[u] {
			continue
		}
		s.done[u] = true
		if targets != nil && slices.Contains(targets, int(u)) {
			if left--; left == 0 {
				break
			}
		}
		for k := startArr[u]; k < startArr[u+1]; k++ {
			a := adj[k]
			var w int
			if backward {
				w = in.arcs[a].From
			} else {
				w = in.arcs[a].To
			}
			nd := it.d + l[a]
			if nd < t.dist[w] {
				t.dist[w] = nd
				t.pred[w] = a
				s.push(heapItem{nd, int32(w)})
			}
		}
	}
}

// reset sizes t for the instance's nodes and marks every node unreached
// and unsettled.
func (s *searcher) reset(t *tree) {
	n := s.in.nodes
	if len(t.dist) != n {
		t.dist = make([]float64, n)
		t.pred = make([]int32, n)
	}
	for v := range t.dist {
		t.dist[v] = math.Inf(1)
		t.pred[v] = -1
		s.done[v] = false
	}
}

func (s *searcher) push(it heapItem) {
	h := append(s.heap, it)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !less(h[i], h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	s.heap = h
}

func (s *searcher) pop() heapItem {
	h := s.heap
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && less(h[c+1], h[c]) {
			c++
		}
		if !less(h[c], h[i]) {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	s.heap = h
	return top
}

func less(a, b heapItem) bool {
	if a.d != b.d {
		return a.d < b.d
	}
	return a.v < b.v
}

// pathTo appends to dst the arcs of the forward tree's path to v, in order
// from the start; it returns nil when v is unreachable.
func (in *Instance) pathTo(t *tree, v int, dst []int32) []int32 {
	if math.IsInf(t.dist[v], 1) {
		return nil
	}
	n0 := len(dst)
	for a := t.pred[v]; a >= 0; a = t.pred[in.arcs[a].From] {
		dst = append(dst, a)
	}
	for i, j := n0, len(dst)-1; i < j; i, j = i+1, j-1 {
		dst[i], dst[j] = dst[j], dst[i]
	}
	return dst
}

// pathFrom appends to dst the arcs of the backward tree's path from v to its
// end node, in order.
func (in *Instance) pathFrom(t *tree, v int, dst []int32) []int32 {
	for a := t.pred[v]; a >= 0; a = t.pred[in.arcs[a].To] {
		dst = append(dst, a)
	}
	return dst
}

// astar returns the shortest distance from start to target under l, by A*
// search with the potential h: a lower bound on each node's distance to
// target that is consistent for l (h(u) ≤ l(a) + h(v) for every arc a = uv),
// as the distances to target under any shorter lengths are. t's distances
// are exact for the settled nodes only. It returns +Inf when target is
// unreachable.
func (s *searcher) astar(t *tree, start, target int, l, h []float64) float64 {
	in := s.in
	s.reset(t)
	if math.IsInf(h[start], 1) {
		return math.Inf(1)
	}
	t.dist[start] = 0
	s.heap = append(s.heap[:0], heapItem{h[start], int32(start)})
	for len(s.heap) > 0 {
		it := s.pop()
		u := it.v
		if s.done[u] {
			continue
		}
		s.done[u] = true
		if int(u) == target {
			return t.dist[u]
		}
		du := t.dist[u]
		for k := in.outStart[u]; k < in.outStart[u+1]; k++ {
			a := in.outArc[k]
			w := in.arcs[a].To
			if math.IsInf(h[w], 1) {
				continue
			}
			if nd := du + l[a]; nd < t.dist[w] {
				t.dist[w] = nd
				t.pred[w] = a
				s.push(heapItem{nd + h[w], int32(w)})
			}
		}
	}
	return math.Inf(1)
}
