package main

import (
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/planar"
)

// A removal is one vertex v taken out of a ring or line where it lay
// between p and n, leaving the edge p → n.
type removal struct {
	p, v, n orb.Point
}

// removals is the set of vertices taken out of the corridor's rings; a
// vertex shared by several rings and border lines leaves them all, so
// that shared boundaries stay shared.
type removals map[removal]bool

// has reports whether v between p and n (either way round) was removed.
func (rs removals) has(p, v, n orb.Point) bool {
	return rs[removal{p, v, n}] || rs[removal{n, v, p}]
}

// untangle removes, from the countries' rings, the vertices that make a
// ring cross itself: quantization of the 1:10m data folds a few narrow
// slivers of coast over a neighbouring edge (bow-ties GIS tools reject).
// Each repair takes out the one vertex, among the ends of two crossing
// edges, that leaves the fewest crossings and, of those, the least area,
// and is logged with the country and the position; a vertex removed from
// one ring leaves every ring that has it between the same two neighbours.
// It returns the removals, for the border lines, and an error naming the
// country and position of a crossing that no removal of one vertex and at
// most maxRepairKm2 mends.
func untangle(countries []geo.Country, log io.Writer) (removals, error) {
	done := removals{}
	for changed := true; changed; {
		changed = false
		for ci := range countries {
			c := &countries[ci]
			for pi, poly := range c.Geometry {
				for ri, ring := range poly {
					open := []orb.Point(ring[:len(ring)-1])
					if out, n := dropRemoved(open, done, true); n > 0 {
						logf(log, "%s: polygon %d ring %d: %d vertex(es) removed with another ring's repair\n", c.Code, pi, ri, n)
						open = out
						changed = true
					}
					fixed, err := untangleRing(open, func(at orb.Point, rm removal, km2 float64) {
						logf(log, "%s: polygon %d ring %d crossed itself near [%.6f, %.6f]: vertex [%v, %v] removed (%.4f km²)\n",
							c.Code, pi, ri, at[0], at[1], rm.v[0], rm.v[1], km2)
						done[rm] = true
						changed = true
					})
					if err != nil {
						return nil, fmt.Errorf("%s: polygon %d ring %d: %w", c.Code, pi, ri, err)
					}
					poly[ri] = append(orb.Ring(fixed), fixed[0])
				}
			}
		}
	}
	return done, nil
}

// maxRepairKm2 is the largest area one repair may take out of a ring. It
// is an assumption: the quantization grid of world-atlas's 1:10m countries
// is 0.0036° of longitude by 0.0017° of latitude (about 0.06 km² in the
// Balkans), and a folded sliver spans a few of its cells; a crossing that
// only a larger removal mends is not a sliver and stops the generator.
const maxRepairKm2 = 1.0

// untangleRing returns the open ring r (first point not repeated) with
// vertices removed until no two of its edges cross, calling repaired for
// each removal with a point of the crossing it mended and the area taken
// out in km². A ring that is already simple is returned as it is.
func untangleRing(r []orb.Point, repaired func(at orb.Point, rm removal, km2 float64)) ([]orb.Point, error) {
	xs := selfCrossings(r)
	for len(xs) > 0 {
		x := xs[0]
		n := len(r)
		best, bestCount, bestKm2 := -1, len(xs), math.Inf(1)
		var bestXs []crossingPair
		smallestKm2 := math.Inf(1) // of the removals that would mend, for the error
		for _, v := range []int{x.i, (x.i + 1) % n, x.k, (x.k + 1) % n} {
			if n <= 3 {
				break
			}
			rest := slices.Delete(slices.Clone(r), v, v+1)
			if ringArea(rest) == 0 {
				continue
			}
			rx := selfCrossings(rest)
			km2 := triangleKm2(r[(v+n-1)%n], r[v], r[(v+1)%n])
			if len(rx) < len(xs) {
				smallestKm2 = min(smallestKm2, km2)
			}
			if km2 > maxRepairKm2 {
				continue
			}
			if len(rx) < bestCount || (len(rx) == bestCount && best >= 0 && km2 < bestKm2) {
				best, bestCount, bestKm2, bestXs = v, len(rx), km2, rx
			}
		}
		if best < 0 {
			if math.IsInf(smallestKm2, 1) {
				return nil, fmt.Errorf("crosses itself near [%.6f, %.6f] and no vertex removal mends it", x.at[0], x.at[1])
			}
			return nil, fmt.Errorf("crosses itself near [%.6f, %.6f]; the smallest vertex removal that mends it takes out %.3f km², more than the %g km² of a quantization sliver",
				x.at[0], x.at[1], smallestKm2, float64(maxRepairKm2))
		}
		rm := removal{r[(best+n-1)%n], r[best], r[(best+1)%n]}
		repaired(x.at, rm, bestKm2)
		r = slices.Delete(slices.Clone(r), best, best+1)
		xs = bestXs
	}
	return r, nil
}

// triangleKm2 returns the area of the triangle p, v, n on orb's sphere in
// km².
func triangleKm2(p, v, n orb.Point) float64 {
	return math.Abs(orbgeo.Area(orb.Ring{p, v, n, p})) / 1e6
}

// dropRemoved returns pts without the vertices in rs (each only between
// the neighbours it was removed from) and how many went. closed says
// whether pts is an open ring, whose last point is followed by its first.
func dropRemoved(pts []orb.Point, rs removals, closed bool) ([]orb.Point, int) {
	if len(rs) == 0 {
		return pts, 0
	}
	dropped := 0
	for again := true; again; {
		again = false
		n := len(pts)
		for i := range pts {
			var p, q orb.Point
			switch {
			case closed && n > 3:
				p, q = pts[(i+n-1)%n], pts[(i+1)%n]
			case !closed && i > 0 && i < n-1:
				p, q = pts[i-1], pts[i+1]
			default:
				continue
			}
			if rs.has(p, pts[i], q) {
				pts = slices.Delete(slices.Clone(pts), i, i+1)
				dropped++
				again = true
				break
			}
		}
	}
	return pts, dropped
}

// untangleLines returns lines without the vertices untangle removed from
// the rings, so that the border lines stay on the polygons' boundaries,
// logging each with the border's pair.
func untangleLines(pair string, lines []orb.LineString, rs removals, log io.Writer) []orb.LineString {
	for i, l := range lines {
		out, n := dropRemoved(l, rs, false)
		if n > 0 {
			logf(log, "%s: border line %d: %d vertex(es) removed with the rings' (%d points left)\n", pair, i, n, len(out))
			lines[i] = out
		}
	}
	return lines
}

// crossingPair is a crossing of edges i and k (i < k) of an open ring,
// edge i running from point i to point i+1, with a point of it.
type crossingPair struct {
	i, k int
	at   orb.Point
}

// selfCrossings returns the pairs of non-adjacent edges of the open ring r
// that cross at a point inside both or overlap along a stretch, by i then
// k; edges that only touch at an end do not count. The sweep over edges
// sorted by their lowest longitude costs O(n log n + m) for n edges and m
// pairs whose longitude ranges overlap.
func selfCrossings(r []orb.Point) []crossingPair {
	n := len(r)
	type span struct {
		i          int
		minX, maxX float64
	}
	spans := make([]span, n)
	for i := range r {
		a, b := r[i], r[(i+1)%n]
		spans[i] = span{i, min(a[0], b[0]), max(a[0], b[0])}
	}
	slices.SortStableFunc(spans, func(a, b span) int {
		switch {
		case a.minX < b.minX:
			return -1
		case a.minX > b.minX:
			return 1
		}
		return 0
	})
	var out []crossingPair
	for x, e := range spans {
		for _, f := range spans[x+1:] {
			if f.minX > e.maxX {
				break
			}
			i, k := min(e.i, f.i), max(e.i, f.i)
			if k-i <= 1 || k-i == n-1 {
				continue // adjacent edges share an end
			}
			if at, ok := planar.SegmentsCross(r[i], r[(i+1)%n], r[k], r[(k+1)%n]); ok {
				out = append(out, crossingPair{i, k, at})
			}
		}
	}
	slices.SortFunc(out, func(a, b crossingPair) int {
		if a.i != b.i {
			return a.i - b.i
		}
		return a.k - b.k
	})
	return out
}

// ringArea returns twice the signed planar area of the open ring r.
func ringArea(r []orb.Point) float64 {
	s := 0.0
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		s += a[0]*b[1] - b[0]*a[1]
	}
	return s
}
