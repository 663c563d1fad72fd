package main

import (
	"math"

	"github.com/paulmach/orb"
)

// round6 rounds p to 6 decimal places (about 0.1 m), as the data is
// written.
func round6(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*1e6) / 1e6, math.Round(p[1]*1e6) / 1e6}
}

// roundPoints rounds pts to 6 decimals and drops repeated points and
// spikes: a point where the line turns straight back on itself (p, q, r on
// one line with r back towards p) goes, leaving p, r. The 1:10m data has a
// few such spikes where quantization folded a narrow tooth of a boundary;
// they would make polygons invalid (self-overlapping).
func roundPoints(pts []orb.Point) []orb.Point {
	out := make([]orb.Point, 0, len(pts))
	for _, p := range pts {
		q := round6(p)
		for {
			n := len(out)
			if n > 0 && out[n-1] == q {
				break
			}
			if n >= 2 && turnsBack(out[n-2], out[n-1], q) {
				out = out[:n-1] // and check the new last point again
				continue
			}
			out = append(out, q)
			break
		}
	}
	return out
}

// turnsBack reports whether the line p→q→r reverses direction at q along
// a straight line (to within rounding).
func turnsBack(p, q, r orb.Point) bool {
	ux, uy := q[0]-p[0], q[1]-p[1]
	vx, vy := r[0]-q[0], r[1]-q[1]
	cross := ux*vy - uy*vx
	dot := ux*vx + uy*vy
	return dot < 0 && math.Abs(cross) <= 1e-9*math.Hypot(ux, uy)*math.Hypot(vx, vy)
}

// roundPolygons rounds mp to 6 decimals and turns its rings to the
// right-hand rule, dropping rings left with no area.
func roundPolygons(mp orb.MultiPolygon) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, p := range mp {
		var poly orb.Polygon
		for ri, r := range p {
			rr := orb.Ring(roundPoints(r))
			if len(rr) > 0 && rr[0] != rr[len(rr)-1] {
				rr = append(rr, rr[0])
			}
			o := orb.Orientation(0)
			if len(rr) >= 4 {
				o = rr.Orientation()
			}
			if o == 0 {
				if ri == 0 {
					break
				}
				continue
			}
			if (ri == 0) != (o == orb.CCW) {
				rr.Reverse()
			}
			poly = append(poly, rr)
		}
		if len(poly) > 0 {
			out = append(out, poly)
		}
	}
	return out
}

// roundLines rounds mls to 6 decimals, dropping lines left shorter than two
// points.
func roundLines(mls orb.MultiLineString) []orb.LineString {
	var out []orb.LineString
	for _, l := range mls {
		if rl := roundPoints(l); len(rl) >= 2 {
			out = append(out, rl)
		}
	}
	return out
}
