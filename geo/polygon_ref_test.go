package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/internal/planar"
)

// checkPolygonRef is checkPolygon before it skipped pairs of edges apart
// in latitude, kept as the reference of TestCheckPolygonMatchesRef.
func checkPolygonRef(p orb.Polygon) error {
	var edges []edge
	for j, r := range p {
		for i := 0; i+1 < len(r); i++ {
			edges = append(edges, edge{ring: j, i: i, minX: min(r[i][0], r[i+1][0]), maxX: max(r[i][0], r[i+1][0])})
		}
	}
	slices.SortFunc(edges, func(a, b edge) int {
		switch {
		case a.minX < b.minX:
			return -1
		case a.minX > b.minX:
			return 1
		}
		return 0
	})
	for x, e := range edges {
		a, b := p[e.ring][e.i], p[e.ring][e.i+1]
		for _, f := range edges[x+1:] {
			if f.minX > e.maxX {
				break
			}
			if f.ring == e.ring && adjacent(e.i, f.i, len(p[e.ring])-1) {
				continue
			}
			c, d := p[f.ring][f.i], p[f.ring][f.i+1]
			if at, ok := planar.SegmentsCross(a, b, c, d); ok {
				if e.ring == f.ring {
					return fmt.Errorf("%w: ring %d crosses itself near [%v, %v] (a bow-tie)", ErrInvalidPolygon, e.ring, at[0], at[1])
				}
				r1, r2 := min(e.ring, f.ring), max(e.ring, f.ring)
				return fmt.Errorf("%w: rings %d and %d cross near [%v, %v]", ErrInvalidPolygon, r1, r2, at[0], at[1])
			}
		}
	}
	for j, r := range p {
		if ringArea(r) == 0 {
			return fmt.Errorf("%w: ring %d has no area", ErrInvalidPolygon, j)
		}
	}
	for j, hole := range p[1:] {
		inside := false
		for _, q := range hole {
			if ringContains(p[0], q) {
				inside = true
				break
			}
		}
		if !inside {
			return fmt.Errorf("%w: hole (ring %d) lies outside its shell", ErrInvalidPolygon, j+1)
		}
	}
	return nil
}

// TestCheckPolygonMatchesRef checks the Northern Route's countries and
// random polygons (many of them bow-ties, with collinear and repeated
// points on a coarse grid) against checkPolygonRef: the same error or
// none.
func TestCheckPolygonMatchesRef(t *testing.T) {
	var polys []orb.Polygon
	cs := embeddedCountries(t)
	gridded := 0
	for _, c := range cs {
		polys = append(polys, c.Geometry...)
		for _, p := range c.Geometry {
			if edges := polygonEdges(p); len(edges) >= 64 {
				if mayCross(p, edges) {
					t.Errorf("%s: the grid finds crossings in a valid polygon", c.Code)
				}
				gridded++
			}
		}
	}
	if gridded == 0 {
		t.Error("no country polygon large enough for the grid")
	}
	r := rand.New(rand.NewPCG(5, 8))
	for range 3000 {
		var p orb.Polygon
		for k := range 1 + r.IntN(3) {
			n := 3 + r.IntN(8)
			ring := make(orb.Ring, 0, n+1)
			for range n {
				ring = append(ring, orb.Point{float64(r.IntN(7) + 2*k), float64(r.IntN(7))})
			}
			p = append(p, append(ring, ring[0]))
		}
		polys = append(polys, p)
	}
	// Large star-shaped rings, which the grid of mayCross tests: valid,
	// or made invalid by swapping two points, or with a hole that may
	// cross the shell; coordinates on a 0.01° grid, so that edges touch.
	star := func(cx, cy, r0, r1 float64, n int) orb.Ring {
		ring := make(orb.Ring, 0, n+1)
		for k := range n {
			a := 2 * math.Pi * float64(k) / float64(n)
			rad := r0 + (r1-r0)*r.Float64()
			ring = append(ring, orb.Point{math.Round((cx+rad*math.Cos(a))*100) / 100, math.Round((cy+rad*math.Sin(a))*100) / 100})
		}
		return append(ring, ring[0])
	}
	large := len(polys)
	for range 300 {
		shell := star(60, 40, 3, 5, 64+r.IntN(400))
		p := orb.Polygon{shell}
		switch r.IntN(3) {
		case 0:
			i, j := 1+r.IntN(len(shell)-2), 1+r.IntN(len(shell)-2)
			shell[i], shell[j] = shell[j], shell[i]
		case 1:
			p = append(p, star(60+r.Float64()*3, 40, 0.5, 1+r.Float64(), 64))
		}
		polys = append(polys, p)
	}
	errs, largeErrs := 0, 0
	for i, p := range polys {
		got, want := checkPolygon(p), checkPolygonRef(p)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("polygon %d %v: got %v, want %v", i, p, got, want)
		}
		if got != nil {
			errs++
			if i >= large {
				largeErrs++
			}
		}
	}
	if largeErrs < 50 || largeErrs > 250 {
		t.Errorf("%d of 300 large polygons invalid: want a mix", largeErrs)
	}
	if errs < 1000 || errs == len(polys) {
		t.Errorf("%d of %d polygons invalid: the random ones should mix valid and invalid", errs, len(polys))
	}
}
