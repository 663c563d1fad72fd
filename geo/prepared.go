package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// This file holds shapes prepared for many queries, used by Validate: a
// ring cut into latitude bands for point-in-ring tests, and a line cut into
// blocks bounded by spherical caps for distances. Both return exactly what
// the plain loops (ringContains, pointLineAngle) return, only visiting
// fewer edges.

// bandedRing is a ring with its edges sorted into latitude bands: band k
// lists, in CSR form, every edge whose latitude range meets the band.
type bandedRing struct {
	ring   orb.Ring
	y0, h  float64 // the lowest latitude and the height of a band
	starts []int32 // band k's edges are edges[starts[k]:starts[k+1]]
	edges  []int32 // edge i joins ring[i] and ring[i-1] (ring[n-1] for i = 0)
}

// edgesPerBand is about how many edges a band of a bandedRing holds; rings
// of fewer edges are tested with ringContains.
const edgesPerBand = 4

// newBandedRing returns r cut into bands, or nil when r is small.
func newBandedRing(r orb.Ring) *bandedRing {
	n := len(r)
	if n < 8*edgesPerBand {
		return nil
	}
	b := r.Bound()
	nb := n / edgesPerBand
	br := &bandedRing{ring: r, y0: b.Min[1], h: (b.Max[1] - b.Min[1]) / float64(nb)}
	if !(br.h > 0) || math.IsInf(br.h, 0) {
		return nil
	}
	count := make([]int32, nb+1)
	span := func(i int) (lo, hi int, ok bool) {
		a, c := r[i][1], r[(i+n-1)%n][1]
		if a == c {
			return 0, 0, false // level: never crossed by the ray
		}
		return br.band(min(a, c), nb), br.band(max(a, c), nb), true
	}
	for i := range n {
		if lo, hi, ok := span(i); ok {
			for k := lo; k <= hi; k++ {
				count[k+1]++
			}
		}
	}
	for k := 1; k <= nb; k++ {
		count[k] += count[k-1]
	}
	br.starts = count
	br.edges = make([]int32, count[nb])
	fill := make([]int32, nb)
	copy(fill, count[:nb])
	for i := range n {
		if lo, hi, ok := span(i); ok {
			for k := lo; k <= hi; k++ {
				br.edges[fill[k]] = int32(i)
				fill[k]++
			}
		}
	}
	return br
}

// band returns the band of latitude y, clamped to [0, nb).
func (br *bandedRing) band(y float64, nb int) int {
	k := int(math.Floor((y - br.y0) / br.h))
	return max(0, min(nb-1, k))
}

// contains reports whether p lies inside the ring, as ringContains does:
// the edges that can cross the ray from p are those whose latitude range
// holds p's latitude, and all of them are in p's band.
func (br *bandedRing) contains(p orb.Point) bool {
	r, n := br.ring, len(br.ring)
	k := br.band(p[1], len(br.starts)-1)
	in := false
	for _, e := range br.edges[br.starts[k]:br.starts[k+1]] {
		i := int(e)
		a, b := r[i], r[(i+n-1)%n]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// capLine is a line as unit vectors, its arcs grouped into blocks of
// capBlock arcs, each with a spherical cap that holds it.
type capLine struct {
	vs   []vec3
	caps []sphereCap
}

// A sphereCap is the cap of angular radius r around the unit vector c.
type sphereCap struct {
	c vec3
	r float64
}

// capBlock is the number of arcs in a block of a capLine.
const capBlock = 16

// capSlack is the margin, in radians (about 6 mm), by which a block's
// lower bound must exceed the best distance before the block is skipped,
// far above the rounding of the computed distances.
const capSlack = 1e-9

// newCapLine returns ls prepared for distance queries.
func newCapLine(ls []orb.Point) capLine {
	l := capLine{vs: lineVecs(ls)}
	for lo := 0; lo+1 < len(l.vs); lo += capBlock {
		hi := min(lo+capBlock, len(l.vs)-1) // arcs lo..hi-1, points lo..hi
		var c vec3
		for _, v := range l.vs[lo : hi+1] {
			c = vec3{c[0] + v[0], c[1] + v[1], c[2] + v[2]}
		}
		r := math.Inf(1) // a block that no cap holds is never skipped
		if nn := c.norm(); nn > 1e-9 {
			c = vec3{c[0] / nn, c[1] / nn, c[2] / nn}
			// The radius from the longest chord, θ = 2 asin(c/2), with a
			// margin for rounding: it only has to hold the block.
			far := 0.0
			for _, v := range l.vs[lo : hi+1] {
				far = math.Max(far, sqChord(c, v))
			}
			r = 2*math.Asin(math.Min(1, math.Sqrt(far)/2))*(1+1e-12) + 1e-12
			if r >= math.Pi/2-1e-6 {
				r = math.Inf(1) // a cap this wide is not convex
			}
		}
		l.caps = append(l.caps, sphereCap{c: c, r: r})
	}
	return l
}

// minAngle returns the smaller of best and the angle from p to the
// nearest point of the line, as pointLineAngle computes it; lbs is
// scratch space. A cap of
// radius r < π/2 is convex, so every arc of a block lies in its cap and
// lies at least angle(p, c) − r from p: blocks farther than best are
// skipped.
//
// The block with the least bound is searched first, so that best is small
// before the others are tried; the least of the same distances does not
// depend on the order in which they are taken.
func (l *capLine) minAngle(p vec3, best float64, lbs *[]float64) float64 {
	if len(l.vs) == 1 {
		return math.Min(best, angle(p, l.vs[0]))
	}
	*lbs = (*lbs)[:0]
	first, firstLB := -1, math.Inf(1)
	for k, cp := range l.caps {
		lb := math.Inf(-1) // never skipped
		if !math.IsInf(cp.r, 1) {
			lb = angle(p, cp.c) - cp.r
		}
		*lbs = append(*lbs, lb)
		if first < 0 || lb < firstLB {
			first, firstLB = k, lb
		}
	}
	if first >= 0 {
		best = l.block(p, first, best)
	}
	for k, lb := range *lbs {
		if k != first && !(lb > best+capSlack) {
			best = l.block(p, k, best)
		}
	}
	return best
}

// block returns the smaller of best and the least arcDistance from p to
// the arcs of block k.
func (l *capLine) block(p vec3, k int, best float64) float64 {
	lo := k * capBlock
	hi := min(lo+capBlock, len(l.vs)-1)
	for i := lo + 1; i <= hi; i++ {
		if d := arcDistance(p, l.vs[i-1], l.vs[i]); d < best {
			best = d
		}
	}
	return best
}
