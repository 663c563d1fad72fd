package plan

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/routerisk/routerisk/route"
)

// TestSearchMatchesRoute checks the solvers' lean Dijkstra against route's,
// on the same graph and weights (a plan applied), forward and backward.
func TestSearchMatchesRoute(t *testing.T) {
	ty := mediumGrid(11, 12, 9, 40)
	in := ty.in
	l, err := in.Lengths([]int{0, 3, 5, 7})
	mustNoErr(t, err)
	build := func(reverse bool) *route.Graph {
		b := route.NewBuilder()
		for v := 0; v < in.NumNodes(); v++ {
			b.AddNode(route.Node{Kind: route.NodeJunction, Point: orb.Point{float64(v % 12), float64(v / 12)}})
		}
		for i := 0; i < in.NumArcs(); i++ {
			a := in.Arc(i)
			from, to := a.From, a.To
			if reverse {
				from, to = to, from
			}
			if _, err := b.AddEdge(route.Edge{From: int64(from), To: int64(to), Kind: route.EdgeRoad, Modes: route.Foot, LengthKm: 1}); err != nil {
				t.Fatal(err)
			}
		}
		g, err := b.Graph().WithWeights(l)
		mustNoErr(t, err)
		return g
	}
	s := newSearcher(in)
	for _, backward := range []bool{false, true} {
		g := build(backward)
		for _, start := range []int{0, 17, 54, in.NumNodes() - 1} {
			var tr tree
			s.run(&tr, start, l, backward)
			rt, err := route.ShortestFrom(g, int64(start), route.Foot)
			mustNoErr(t, err)
			for v := 0; v < in.NumNodes(); v++ {
				if got, want := tr.dist[v], rt.Dist(int64(v)); math.Abs(got-want) > 1e-12*math.Max(1, want) {
					t.Fatalf("backward=%v from %d to %d: got %v, want %v", backward, start, v, got, want)
				}
			}
			// the traced path has the tree's length
			if !backward {
				v := in.NumNodes() / 2
				sum := 0.0
				at := start
				for _, a := range in.pathTo(&tr, v, nil) {
					if in.Arc(int(a)).From != at {
						t.Fatalf("path to %d broken at arc %d", v, a)
					}
					at = in.Arc(int(a)).To
					sum += l[a]
				}
				if at != v || math.Abs(sum-tr.dist[v]) > 1e-12 {
					t.Fatalf("path to %d ends at %d with length %v, want %v", v, at, sum, tr.dist[v])
				}
			}
		}
	}
}

// TestAStarMatchesDijkstra checks the A* search with base-length potentials
// against the independent Dijkstra of the tests, under plans that lengthen
// arcs, between many pairs (unreachable ones included).
func TestAStarMatchesDijkstra(t *testing.T) {
	ty := mediumGrid(12, 14, 10, 60)
	in := ty.in
	s := newSearcher(in)
	plans := [][]int{nil, {0, 3, 5, 7}, {1, 2, 4, 8, 16, 32, 59}}
	checked := 0
	for _, target := range []int{0, 37, in.NumNodes() - 1} {
		var h tree
		s.run(&h, target, in.base, true)
		for _, plan := range plans {
			l, err := in.Lengths(plan)
			mustNoErr(t, err)
			for start := 0; start < in.NumNodes(); start += 7 {
				want := naiveDist(in, l, start)[target]
				var tr tree
				got := s.astar(&tr, start, target, l, h.dist)
				if got != want && math.Abs(got-want) > 1e-12*math.Max(1, want) {
					t.Fatalf("plan %v, %d to %d: A* %v, Dijkstra %v", plan, start, target, got, want)
				}
				checked++
			}
		}
	}
	// an unreachable target: a node with no arcs in
	arcs := []Arc{{0, 1, 1}, {1, 2, 1}, {3, 0, 1}}
	in2, err := NewInstance(4, arcs, []Upgrade{{Name: "u", Cost: 1, Effects: []Effect{{0, 0.5}}}})
	mustNoErr(t, err)
	s2 := newSearcher(in2)
	var h, tr tree
	s2.run(&h, 3, in2.base, true)
	if d := s2.astar(&tr, 0, 3, in2.base, h.dist); !math.IsInf(d, 1) {
		t.Errorf("0 to 3 without a route: A* %v, want +Inf", d)
	}
	t.Logf("%d pairs checked", checked)
}
