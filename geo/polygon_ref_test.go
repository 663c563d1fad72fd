package geo

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
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
	b, err := os.ReadFile(filepath.Join(gjEmbeddedDir, "countries.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := ReadCountries(bytes.NewReader(b), "countries.geojson")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		polys = append(polys, c.Geometry...)
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
	errs := 0
	for i, p := range polys {
		got, want := checkPolygon(p), checkPolygonRef(p)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("polygon %d %v: got %v, want %v", i, p, got, want)
		}
		if got != nil {
			errs++
		}
	}
	if errs < 1000 || errs == len(polys) {
		t.Errorf("%d of %d polygons invalid: the random ones should mix valid and invalid", errs, len(polys))
	}
}
