package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// DefaultSegmentKm is the segment length used when none is given.
const DefaultSegmentKm = 5

// MinSegmentKm is the shortest segment length accepted: below it the 1:10m
// borders are more detailed in the segments than in the data.
const MinSegmentKm = 0.5

// SegmentBorders cuts every part of every border into segments of about
// lengthKm each (zero means DefaultSegmentKm). A part of length L becomes
// round(L/lengthKm) segments (at least one) of equal length, so no sliver is
// left at the end and the segment lengths add up to the border length.
// Segment IDs depend only on the border pair, the part's position and the
// segment's position, so they are stable from run to run. Remoteness is left
// zero; see (*Corridor).Segments.
func SegmentBorders(borders []Border, lengthKm float64) ([]Segment, error) {
	if lengthKm == 0 {
		lengthKm = DefaultSegmentKm
	}
	if !(lengthKm >= MinSegmentKm) || math.IsInf(lengthKm, 1) {
		return nil, fmt.Errorf("geo: segment length %v km: must be a finite number ≥ %v", lengthKm, MinSegmentKm)
	}
	var segs []Segment
	for _, b := range borders {
		for pi, part := range b.Geometry {
			if len(part) < 2 {
				continue
			}
			for si, piece := range cutPieces(part, lengthKm) {
				segs = append(segs, Segment{
					ID:       fmt.Sprintf("%s-%03d-%04d", b.Pair(), pi, si),
					A:        b.A,
					B:        b.B,
					Line:     piece.line,
					Mid:      piece.mid,
					LengthKm: piece.km,
				})
			}
		}
	}
	return segs, nil
}

// LineLengthKm returns the great-circle length of ls in km.
func LineLengthKm(ls orb.LineString) float64 {
	var km float64
	for i := 1; i < len(ls); i++ {
		km += DistanceKm(ls[i-1], ls[i])
	}
	return km
}

// MultiLineLengthKm returns the great-circle length of mls in km.
func MultiLineLengthKm(mls orb.MultiLineString) float64 {
	var km float64
	for _, ls := range mls {
		km += LineLengthKm(ls)
	}
	return km
}

// PointAlongKm returns the point km along ls from its start, following the
// great circle of each edge; km beyond the ends gives the end points.
func PointAlongKm(ls orb.LineString, km float64) orb.Point {
	if len(ls) == 0 {
		return orb.Point{}
	}
	for i := 1; i < len(ls); i++ {
		d := DistanceKm(ls[i-1], ls[i])
		if km <= d && d > 0 {
			return slerp(ls[i-1], ls[i], km/d)
		}
		km -= d
	}
	return ls[len(ls)-1]
}

// LineMidpoint returns the point halfway along ls by length.
func LineMidpoint(ls orb.LineString) orb.Point {
	return PointAlongKm(ls, LineLengthKm(ls)/2)
}

// A cutPiece is a piece of a line with its length, LineLengthKm, and its
// midpoint, PointAlongKm at half the length.
type cutPiece struct {
	line orb.LineString
	km   float64
	mid  orb.Point
}

// cutPieces cuts ls into n = max(1, round(L/step)) pieces of equal length
// and measures them. Each point is turned into a vector once, and each
// edge's angle computed once, where LineLengthKm, PointAlongKm and slerp
// would each do it again: the numbers are the same.
func cutPieces(ls orb.LineString, step float64) []cutPiece {
	vs := lineVecs(ls)
	ang := make([]float64, len(ls)-1) // the angle of each edge
	total := 0.0
	for i := range ang {
		ang[i] = angle(vs[i], vs[i+1])
		total += ang[i] * earthRadiusKm
	}
	n := int(math.Round(total / step))
	if n < 1 {
		n = 1
	}
	piece := total / float64(n)
	pieces := make([]cutPiece, 0, n)
	var scratch []float64
	// The piece being cut and its points' vectors (curV is reused).
	cur, curV := orb.LineString{ls[0]}, append(make([]vec3, 0, 16), vs[0])
	next := piece // distance from the start of ls of the next cut
	walked := 0.0
	for i := 1; i < len(ls); i++ {
		a, b := ls[i-1], ls[i]
		d := ang[i-1] * earthRadiusKm
		for len(pieces) < n-1 && walked+d > next {
			p := slerpVecs(a, b, vs[i-1], vs[i], ang[i-1], (next-walked)/d)
			pv := toVec(p)
			cur, curV = append(cur, p), append(curV, pv)
			pieces = append(pieces, measurePiece(cur, curV, &scratch))
			cur, curV = orb.LineString{p}, append(curV[:0], pv)
			next += piece
		}
		walked += d
		if b != cur[len(cur)-1] {
			cur, curV = append(cur, b), append(curV, vs[i])
		}
	}
	if len(cur) == 1 { // the last cut fell on the last vertex
		cur, curV = append(cur, cur[0]), append(curV, curV[0])
	}
	return append(pieces, measurePiece(cur, curV, &scratch))
}

// measurePiece returns ls, whose points have the vectors vs, with its
// length and midpoint as LineLengthKm and PointAlongKm compute them;
// angles is scratch space.
func measurePiece(ls orb.LineString, vs []vec3, angles *[]float64) cutPiece {
	ang := (*angles)[:0]
	km := 0.0
	for i := 1; i < len(ls); i++ {
		a := angle(vs[i-1], vs[i])
		ang = append(ang, a)
		km += a * earthRadiusKm
	}
	*angles = ang
	cp := cutPiece{line: ls, km: km, mid: ls[len(ls)-1]}
	half := km / 2
	for i := 1; i < len(ls); i++ {
		d := ang[i-1] * earthRadiusKm
		if half <= d && d > 0 {
			cp.mid = slerpVecs(ls[i-1], ls[i], vs[i-1], vs[i], ang[i-1], half/d)
			break
		}
		half -= d
	}
	return cp
}

// slerp returns the point a fraction t of the way from a to b along their
// great circle.
func slerp(a, b orb.Point, t float64) orb.Point {
	va, vb := toVec(a), toVec(b)
	return slerpVecs(a, b, va, vb, angle(va, vb), t)
}

// slerpVecs is slerp given the vectors of a and b and the angle between
// them.
func slerpVecs(a, b orb.Point, va, vb vec3, om, t float64) orb.Point {
	if om < 1e-12 {
		return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
	}
	s := math.Sin(om)
	ka, kb := math.Sin((1-t)*om)/s, math.Sin(t*om)/s
	v := vec3{ka*va[0] + kb*vb[0], ka*va[1] + kb*vb[1], ka*va[2] + kb*vb[2]}
	lat := math.Asin(math.Max(-1, math.Min(1, v[2]))) * 180 / math.Pi
	lon := math.Atan2(v[1], v[0]) * 180 / math.Pi
	return orb.Point{lon, lat}
}
