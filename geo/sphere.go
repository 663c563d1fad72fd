package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Distances on the sphere of radius orb.EarthRadius, the sphere that
// github.com/paulmach/orb/geo measures on, so that the kilometres of this
// package agree with orb's.
const earthRadiusKm = orb.EarthRadius / 1000

// vec3 is a point on the unit sphere; only used in inner loops.
type vec3 [3]float64

func toVec(p orb.Point) vec3 {
	lon, lat := p[0]*math.Pi/180, p[1]*math.Pi/180
	cl := math.Cos(lat)
	return vec3{cl * math.Cos(lon), cl * math.Sin(lon), math.Sin(lat)}
}

func (a vec3) dot(b vec3) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

func (a vec3) cross(b vec3) vec3 {
	return vec3{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

func (a vec3) norm() float64 { return math.Sqrt(a.dot(a)) }

// angle returns the great-circle angle between two unit vectors, in radians,
// computed with atan2 so that it stays accurate for tiny and large angles.
func angle(a, b vec3) float64 {
	return math.Atan2(a.cross(b).norm(), a.dot(b))
}

// nlerp returns the point a fraction t of the way from a to b along the
// chord, projected back onto the sphere (normalised linear interpolation).
func nlerp(a, b vec3, t float64) vec3 {
	v := vec3{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1]), a[2] + t*(b[2]-a[2])}
	if nn := v.norm(); nn > 1e-15 {
		v = vec3{v[0] / nn, v[1] / nn, v[2] / nn}
	}
	return v
}

// DistanceKm returns the great-circle distance in km between two lon/lat points.
func DistanceKm(p, q orb.Point) float64 {
	return angle(toVec(p), toVec(q)) * earthRadiusKm
}

// arcDistance returns the angle from p to the great-circle arc from a to b.
func arcDistance(p, a, b vec3) float64 {
	n := a.cross(b)
	nn := n.norm()
	if nn > 1e-15 {
		n = vec3{n[0] / nn, n[1] / nn, n[2] / nn}
		// p lies between a and b, seen from the arc's pole, when it is on
		// the inner side of both end meridians.
		if a.cross(p).dot(n) >= 0 && p.cross(b).dot(n) >= 0 {
			return math.Abs(math.Asin(math.Max(-1, math.Min(1, p.dot(n)))))
		}
	}
	return math.Min(angle(p, a), angle(p, b))
}

// PointLineDistanceKm returns the great-circle distance in km from p to the
// nearest point of ls, each edge of ls taken as a great-circle arc.
func PointLineDistanceKm(p orb.Point, ls orb.LineString) float64 {
	return pointLineAngle(toVec(p), lineVecs(ls)) * earthRadiusKm
}

func lineVecs(ls orb.LineString) []vec3 {
	vs := make([]vec3, len(ls))
	for i, q := range ls {
		vs[i] = toVec(q)
	}
	return vs
}

func pointLineAngle(p vec3, line []vec3) float64 {
	switch len(line) {
	case 0:
		return math.Inf(1)
	case 1:
		return angle(p, line[0])
	}
	best := math.Inf(1)
	for i := 1; i < len(line); i++ {
		if d := arcDistance(p, line[i-1], line[i]); d < best {
			best = d
		}
	}
	return best
}
