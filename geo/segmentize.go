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
			for si, piece := range cutLine(part, lengthKm) {
				km := LineLengthKm(piece)
				segs = append(segs, Segment{
					ID:       fmt.Sprintf("%s-%03d-%04d", b.Pair(), pi, si),
					A:        b.A,
					B:        b.B,
					Line:     piece,
					Mid:      PointAlongKm(piece, km/2),
					LengthKm: km,
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

// cutLine cuts ls into n = max(1, round(L/step)) pieces of equal length.
func cutLine(ls orb.LineString, step float64) []orb.LineString {
	total := LineLengthKm(ls)
	n := int(math.Round(total / step))
	if n < 1 {
		n = 1
	}
	piece := total / float64(n)
	pieces := make([]orb.LineString, 0, n)
	cur := orb.LineString{ls[0]}
	next := piece // distance from the start of ls of the next cut
	walked := 0.0
	for i := 1; i < len(ls); i++ {
		a, b := ls[i-1], ls[i]
		d := DistanceKm(a, b)
		for len(pieces) < n-1 && walked+d > next {
			p := slerp(a, b, (next-walked)/d)
			cur = append(cur, p)
			pieces = append(pieces, cur)
			cur = orb.LineString{p}
			next += piece
		}
		walked += d
		if b != cur[len(cur)-1] {
			cur = append(cur, b)
		}
	}
	if len(cur) == 1 { // the last cut fell on the last vertex
		cur = append(cur, cur[0])
	}
	return append(pieces, cur)
}

// slerp returns the point a fraction t of the way from a to b along their
// great circle.
func slerp(a, b orb.Point, t float64) orb.Point {
	va, vb := toVec(a), toVec(b)
	om := angle(va, vb)
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
