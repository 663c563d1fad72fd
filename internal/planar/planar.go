// Package planar holds the plane geometry that geo's polygon checks and the
// corridor generator's ring repair share, on lon/lat taken as planar
// coordinates.
package planar

import (
	"math"

	"github.com/paulmach/orb"
)

// Orient returns twice the signed area of the triangle a, b, c: > 0 when
// a → b → c turns left, < 0 right, 0 on one line.
func Orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// SegmentsCross reports whether segments ab and cd cross at a point inside
// both or, on one line, overlap along more than a point, and returns a
// point of the crossing (for an overlap, the first of a, b, c, d inside
// it). Segments that only touch at an end do not cross.
func SegmentsCross(a, b, c, d orb.Point) (orb.Point, bool) {
	o1, o2 := Orient(a, b, c), Orient(a, b, d)
	o3, o4 := Orient(c, d, a), Orient(c, d, b)
	if o1*o2 < 0 && o3*o4 < 0 {
		t := o3 / (o3 - o4)
		return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}, true
	}
	if o1 != 0 || o2 != 0 || o3 != 0 || o4 != 0 {
		return orb.Point{}, false
	}
	axis := 0 // measure along the longer extent
	if math.Abs(b[0]-a[0]) < math.Abs(b[1]-a[1]) {
		axis = 1
	}
	lo := max(min(a[axis], b[axis]), min(c[axis], d[axis]))
	hi := min(max(a[axis], b[axis]), max(c[axis], d[axis]))
	if hi <= lo {
		return orb.Point{}, false
	}
	for _, p := range []orb.Point{a, b, c, d} {
		if p[axis] >= lo && p[axis] <= hi {
			return p, true
		}
	}
	return a, true
}
