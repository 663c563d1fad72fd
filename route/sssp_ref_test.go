package route

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// refSsspAll is ssspAll as it was before the slot lists and the keyed
// heap: Dijkstra over the CSR arrays with the mode test in the loop and
// the workspace's heap, keys in dist; order is the nodes as they were
// settled. The tests hold the new trees to it.
func refSsspAll(g *Graph, adj adjacency, starts []int32, modes Modes) (dist []float64, pred []int32, order []int64) {
	n := len(g.c.nodes)
	dist = make([]float64, n)
	pred = make([]int32, n)
	for i := range dist {
		dist[i] = math.Inf(1)
		pred[i] = -1
	}
	ws := g.c.getWorkspace()
	defer g.c.putWorkspace(ws)
	ws.reset()
	key := ws.key
	ws.key = dist
	defer func() { ws.key = key }()
	pos := ws.pos
	for i := range pos {
		pos[i] = -1
	}
	for _, s := range starts {
		if dist[s] != 0 {
			dist[s] = 0
			ws.push(s, 0)
		}
	}
	start, nbr, edge, mm, w := adj.start, adj.nbr, adj.edge, adj.modes, adj.w
	for len(ws.heap) > 0 {
		u := ws.pop()
		order = append(order, int64(u))
		du := dist[u]
		for i := start[u]; i < start[u+1]; i++ {
			if mm[i]&modes == 0 {
				continue
			}
			v := nbr[i]
			nd := du + w[edge[i]]
			if nd < dist[v] && pos[v] != -2 {
				pred[v] = edge[i]
				ws.push(v, nd)
			}
		}
	}
	ws.reset()
	return dist, pred, order
}

// sameTrees checks that ShortestFrom and ShortestTo of g from the roots
// under modes return, bit for bit, the distances and tree edges of
// refSsspAll, and its nodes in the order settled (Reached), each after its
// parent; trees are released (Tree.Release), so that most reuse the
// arrays of one before.
func sameTrees(t *testing.T, name string, g *Graph, roots []int64, modes Modes) {
	t.Helper()
	for _, r := range roots {
		for _, back := range []bool{false, true} {
			var tr *Tree
			var err error
			adj := g.forward()
			if back {
				tr, err = ShortestTo(g, r, modes)
				adj = g.backward()
			} else {
				tr, err = ShortestFrom(g, r, modes)
			}
			if err != nil {
				t.Fatal(err)
			}
			dist, pred, order := refSsspAll(g, adj, []int32{int32(r)}, modes)
			reached := tr.Reached(nil)
			if !slices.Equal(reached, order) {
				t.Fatalf("%s: root %d back %v modes %v: Reached gives %d nodes, the reference settles %d (or in another order)",
					name, r, back, modes, len(reached), len(order))
			}
			seen := make([]bool, len(dist))
			for i, v := range reached {
				if p := tr.Parent(v); (i == 0) != (p < 0) || p >= 0 && !seen[p] {
					t.Fatalf("%s: root %d back %v: node %d (%d-th reached) comes before its parent %d", name, r, back, v, i, p)
				}
				seen[v] = true
			}
			for v := range dist {
				if math.Float64bits(tr.dist[v]) != math.Float64bits(dist[v]) || tr.pred[v] != pred[v] {
					t.Fatalf("%s: root %d back %v modes %v: node %d: got dist %v pred %d, want %v %d",
						name, r, back, modes, v, tr.dist[v], tr.pred[v], dist[v], pred[v])
				}
				// The parent: the other end of the pred edge.
				want := int64(-1)
				if e := pred[v]; e >= 0 && back {
					want = int64(g.c.edges[e].to)
				} else if e >= 0 {
					want = int64(g.c.edges[e].from)
				}
				if got := tr.Parent(int64(v)); got != want {
					t.Fatalf("%s: root %d back %v: node %d: parent %d, want %d", name, r, back, v, got, want)
				}
			}
			// The next tree reuses this one's arrays: held to the
			// reference all the same.
			tr.Release()
		}
	}
}

// TestTreesMatchReference holds the trees to the reference search on
// random graphs with integer weights (many exact ties), some edges of
// weight +Inf and edges of several modes, and on the Northern Route by
// length and by rounded lengths (ties again).
func TestTreesMatchReference(t *testing.T) {
	modeSets := []Modes{AllModes, RoadModes, Foot, Vehicle | Rail, Truck}
	for seed := uint64(1); seed <= 6; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		n := 60 + r.IntN(200)
		var arcs []arc
		allModes := []Modes{Foot, Horse, Vehicle, Truck, Rail, RoadModes, Foot | Horse}
		for u := range n {
			for range 1 + r.IntN(5) {
				v := r.IntN(n)
				if v == u {
					continue
				}
				// Parallel edges and both directions are allowed.
				arcs = append(arcs, arc{u: int64(u), v: int64(v), w: float64(r.IntN(4)), modes: allModes[r.IntN(len(allModes))]})
			}
		}
		g := smallGraph(t, n, arcs)
		w := slices.Clone(g.w)
		for i := range w {
			if r.IntN(10) == 0 {
				w[i] = math.Inf(1)
			}
		}
		gi, err := g.WithWeights(w)
		if err != nil {
			t.Fatal(err)
		}
		roots := []int64{0, int64(n / 2), int64(n - 1)}
		for _, m := range modeSets {
			sameTrees(t, "random", g, roots, m)
			sameTrees(t, "random with +Inf", gi, roots, m)
		}
	}
	if testing.Short() {
		return
	}
	_, _, g := corridorGraph(t)
	w := slices.Clone(g.w)
	for i := range w {
		w[i] = math.Round(w[i] / 20)
	}
	gr, err := g.WithWeights(w)
	if err != nil {
		t.Fatal(err)
	}
	var roots []int64
	for _, p := range append(g.Origins(), g.Destinations()...) {
		roots = append(roots, p.Node)
	}
	for _, m := range []Modes{Foot | Horse | Vehicle, Vehicle, Truck, Vehicle | Rail} {
		sameTrees(t, "northern route", g, roots, m)
		sameTrees(t, "northern route, rounded", gr, roots, m)
	}
}
