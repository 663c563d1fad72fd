package geo

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	orbclip "github.com/paulmach/orb/clip"

	"github.com/routerisk/routerisk/internal/planar"
)

// CheckMultiPolygon checks the polygons of a lon/lat MultiPolygon as GIS
// tools check them and returns them split at the antimeridian by
// SplitAntimeridian. A ring that crosses itself (a bow-tie), rings of one
// polygon that cross each other, a hole outside its shell, and a ring with
// no area are errors wrapping ErrInvalidPolygon that name the polygon and
// the ring. The work is O(n log n + k) for n edges and k pairs of edges
// whose longitude ranges overlap.
func CheckMultiPolygon(mp orb.MultiPolygon) (orb.MultiPolygon, error) {
	return splitAntimeridian(mp, true)
}

// SplitAntimeridian returns mp with each polygon that crosses the
// antimeridian (has an edge of more than 180° of longitude) cut into its
// parts east and west of it, as RFC 7946 (section 3.1.9) asks, instead of
// reading it the long way round as its complement. Other polygons are kept
// as they are. A ring around a pole is an error wrapping ErrInvalidPolygon.
func SplitAntimeridian(mp orb.MultiPolygon) (orb.MultiPolygon, error) {
	return splitAntimeridian(mp, false)
}

func splitAntimeridian(mp orb.MultiPolygon, check bool) (orb.MultiPolygon, error) {
	out := make(orb.MultiPolygon, 0, len(mp))
	for i, poly := range mp {
		u, crosses, err := unwrapPolygon(poly)
		if err == nil && check {
			err = checkPolygon(u)
		}
		if err != nil {
			if len(mp) > 1 {
				return nil, fmt.Errorf("polygon %d: %w", i, err)
			}
			return nil, err
		}
		if !crosses {
			out = append(out, poly)
			continue
		}
		west := orbclip.Polygon(orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}, clonePolygon(u))
		east := orbclip.Polygon(orb.Bound{Min: orb.Point{180, -90}, Max: orb.Point{540, 90}}, clonePolygon(u))
		for side, part := range []orb.Polygon{west, east} {
			part = nonEmptyRings(part)
			if len(part) == 0 {
				continue
			}
			if side == 1 {
				for _, r := range part {
					for k := range r {
						r[k][0] -= 360
					}
				}
			}
			out = append(out, part)
		}
	}
	return out, nil
}

// nonEmptyRings returns p without its rings that clipping left with no
// area; nil when the outer ring has none.
func nonEmptyRings(p orb.Polygon) orb.Polygon {
	if len(p) == 0 || len(p[0]) < 4 || ringArea(p[0]) == 0 {
		return nil
	}
	out := orb.Polygon{p[0]}
	for _, r := range p[1:] {
		if len(r) >= 4 && ringArea(r) != 0 {
			out = append(out, r)
		}
	}
	return out
}

// unwrapPolygon returns p with longitudes made continuous: each edge of
// more than 180° of longitude is taken the short way, across the
// antimeridian, and the polygon shifted so that it starts within
// [-180, 180]. crosses reports whether any edge crossed it. A polygon with
// a longitude outside [-180, 180] is returned as it is.
func unwrapPolygon(p orb.Polygon) (u orb.Polygon, crosses bool, err error) {
	for _, r := range p {
		for _, q := range r {
			if !(q[0] >= -180 && q[0] <= 180) {
				return p, false, nil // not lon/lat: the caller's checks say so
			}
		}
	}
	u = make(orb.Polygon, len(p))
	for j, r := range p {
		ring := make(orb.Ring, len(r))
		shift := 0.0
		for k, q := range r {
			if k > 0 {
				switch d := q[0] - r[k-1][0]; {
				case d > 180:
					shift -= 360
					crosses = true
				case d < -180:
					shift += 360
					crosses = true
				}
			}
			ring[k] = orb.Point{q[0] + shift, q[1]}
		}
		if shift != 0 {
			return nil, false, fmt.Errorf("%w: ring %d goes round a pole, which this library does not support", ErrInvalidPolygon, j)
		}
		u[j] = ring
	}
	if !crosses {
		return p, false, nil
	}
	// Holes on the shell's side of the antimeridian; the whole west of 540°
	// and east of -180°.
	shell := u[0].Bound()
	centre := (shell.Min[0] + shell.Max[0]) / 2
	for _, r := range u[1:] {
		b := r.Bound()
		if d := math.Round((centre - (b.Min[0]+b.Max[0])/2) / 360); d != 0 {
			for k := range r {
				r[k][0] += 360 * d
			}
		}
	}
	if shell.Min[0] < -180 {
		for _, r := range u {
			for k := range r {
				r[k][0] += 360
			}
		}
	}
	return u, true, nil
}

// ringArea returns twice the signed planar area of r in the lon/lat plane.
func ringArea(r orb.Ring) float64 {
	a := 0.0
	for i := 1; i < len(r); i++ {
		a += r[i-1][0]*r[i][1] - r[i][0]*r[i-1][1]
	}
	return a
}

// edge is one edge of a polygon's ring, for the crossing search.
type edge struct {
	ring, i    int // ring index, and the edge from point i to i+1
	minX, maxX float64
}

// checkPolygon returns an error for a ring with no area, rings that cross
// themselves or each other, and a hole outside its shell.
func checkPolygon(p orb.Polygon) error {
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

// adjacent reports whether edges i and k of a closed ring of n edges share
// an end.
func adjacent(i, k, n int) bool {
	d := i - k
	if d < 0 {
		d = -d
	}
	return d <= 1 || d == n-1
}

func clonePolygon(p orb.Polygon) orb.Polygon {
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		out[i] = slices.Clone(r)
	}
	return out
}
