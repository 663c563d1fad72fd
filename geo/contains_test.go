package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// TestLocateMatchesPlanar compares Validate's point-in-polygon test with
// orb/planar's on random points and random star-shaped polygons with a hole.
func TestLocateMatchesPlanar(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 7))
	star := func(cx, cy, r float64, n int, ccw bool) orb.Ring {
		var ring orb.Ring
		for i := 0; i < n; i++ {
			a := 2 * math.Pi * float64(i) / float64(n)
			if !ccw {
				a = -a
			}
			rr := r * (0.5 + rng.Float64()/2)
			ring = append(ring, orb.Point{cx + rr*math.Cos(a), cy + rr*math.Sin(a)})
		}
		return append(ring, ring[0])
	}
	for trial := 0; trial < 50; trial++ {
		mp := orb.MultiPolygon{{star(0, 0, 4, 5+rng.IntN(40), true), star(0, 0, 1, 3+rng.IntN(10), false)}}
		k := &Country{Code: "AAA", Geometry: mp}
		pc := prepare(k)
		for i := 0; i < 200; i++ {
			p := orb.Point{8*rng.Float64() - 4, 8*rng.Float64() - 4}
			want := planar.MultiPolygonContains(mp, p)
			if got := pc.locate(p) == inside; got != want {
				t.Fatalf("trial %d point %v: locate says inside %v, planar %v", trial, p, got, want)
			}
		}
	}
}
