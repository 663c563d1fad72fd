package conic

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// TestConformal checks the conic against independent facts: the origin
// maps to (0, 0); along a standard parallel the scale is true, so one
// degree of longitude spans 2πR cos φ1 / 360 km; and the scale along the
// meridian equals the scale along the parallel (conformality) at the
// middle latitude.
func TestConformal(t *testing.T) {
	c, ok := For(orb.Bound{Min: orb.Point{46, 35}, Max: orb.Point{88, 57}})
	if !ok {
		t.Fatal("no conic for Central Asia")
	}
	if x, y := c.Project(orb.Point{c.Lon0, c.Lat0}); math.Abs(x) > 1e-9 || math.Abs(y) > 1e-9 {
		t.Errorf("origin at %v, %v", x, y)
	}
	d := 1e-4
	for _, lat := range []float64{c.Lat1, c.Lat2} {
		x0, y0 := c.Project(orb.Point{c.Lon0, lat})
		x1, y1 := c.Project(orb.Point{c.Lon0 + d, lat})
		got := math.Hypot(x1-x0, y1-y0) / d
		want := 2 * math.Pi * RadiusKm * math.Cos(lat*math.Pi/180) / 360
		if math.Abs(got/want-1) > 1e-6 {
			t.Errorf("at the standard parallel %v: %v km a degree, want %v", lat, got, want)
		}
	}
	lat := c.Lat0
	x0, y0 := c.Project(orb.Point{70, lat})
	xe, ye := c.Project(orb.Point{70 + d, lat})
	xn, yn := c.Project(orb.Point{70, lat + d})
	kPar := math.Hypot(xe-x0, ye-y0) / (d * math.Cos(lat*math.Pi/180))
	kMer := math.Hypot(xn-x0, yn-y0) / d
	if math.Abs(kPar/kMer-1) > 1e-6 {
		t.Errorf("scale along the parallel %v, along the meridian %v: not conformal", kPar, kMer)
	}
	if _, ok := For(orb.Bound{Min: orb.Point{0, -10}, Max: orb.Point{10, 10}}); ok {
		t.Errorf("a conic for an extent across the equator")
	}
}
