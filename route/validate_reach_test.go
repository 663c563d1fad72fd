package route

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// checkReached compares g.reached with ssspAll's finite distances, both
// ways, from the origins.
func checkReached(t *testing.T, name string, g *Graph, starts []int32) {
	t.Helper()
	for _, back := range []bool{false, true} {
		var sl slotList
		g.fillSlots(&sl, AllModes, back)
		got := g.reached(&sl, starts)
		dist, _ := g.ssspAll(&sl, starts)
		n := 0
		for v, d := range dist {
			if want := !math.IsInf(d, 1); got[v] != want {
				t.Fatalf("%s (back %v): node %d reached %v, want %v", name, back, v, got[v], want)
			}
			if got[v] {
				n++
			}
		}
		if n <= len(starts) && name == "corridor" {
			t.Errorf("%s: only %d nodes reached", name, n)
		}
	}
}

// TestReachedMatchesSSSP checks reached on the Northern Route's graph and
// on random graphs, some with weights whose sum is beyond float64 (where
// ssspAll's +Inf decides) and some with edges of infinite weight.
func TestReachedMatchesSSSP(t *testing.T) {
	_, _, g := corridorGraph(t)
	checkReached(t, "corridor", g, toInt32(g.OriginNodes()))
	// Two edges of 1e308 km: their sum is +Inf to ssspAll, so the far
	// end counts as not reached.
	b := NewBuilder()
	for i := range 3 {
		b.AddNode(Node{Kind: NodeJunction, Country: "KAZ", Point: orb.Point{50 + float64(i)*0.1, 40}})
	}
	for _, e := range [][2]int64{{0, 1}, {1, 2}} {
		if _, err := b.AddEdge(Edge{From: e[0], To: e[1], Kind: EdgeRoad, Modes: RoadModes, LengthKm: 1e308, Hours: 1}); err != nil {
			t.Fatal(err)
		}
	}
	var sl slotList
	toy := b.Graph()
	toy.fillSlots(&sl, AllModes, false)
	if got := toy.reached(&sl, []int32{0}); !got[0] || !got[1] || got[2] {
		t.Errorf("1e308 km path: reached %v, want [true true false]", got)
	}
	r := rand.New(rand.NewPCG(3, 3))
	for k := range 200 {
		b := NewBuilder()
		n := 2 + r.IntN(30)
		for i := range n {
			b.AddNode(Node{Kind: NodeJunction, Country: "KAZ", Point: orb.Point{50 + float64(i)*0.01, 40}})
		}
		for range r.IntN(3 * n) {
			km := r.Float64() * 100
			switch r.IntN(10) {
			case 0:
				km = math.Inf(1)
			case 1:
				if k%2 == 0 {
					km = 1e308
				}
			}
			u, v := int64(r.IntN(n)), int64(r.IntN(n))
			if u == v {
				continue
			}
			if _, err := b.AddEdge(Edge{From: u, To: v, Kind: EdgeRoad, Modes: RoadModes, LengthKm: km, Hours: 1}); err != nil {
				continue // a weight the builder refuses
			}
		}
		g := b.Graph()
		checkReached(t, "random", g, []int32{0, int32(r.IntN(n))})
	}
}
