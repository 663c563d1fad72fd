package conic

import (
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
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

// TestLCC2SP checks the ellipsoidal formulas against the worked example of
// IOGP Guidance Note 7-2 for EPSG method 9802 (NAD27 / Texas South
// Central on Clarke 1866): 28°30'N 96°00'W is at E 2963503.91, N 254759.80
// US survey feet, with a false easting of 2000000 US survey feet.
func TestLCC2SP(t *testing.T) {
	const ftUS = 1200.0 / 3937 // metres in a US survey foot
	a, invF := 6378206.4, 294.9786982
	e := math.Sqrt((2 - 1/invF) / invF)
	x, y := lcc2SP(a, e, 27+50.0/60, -99, 28+23.0/60, 30+17.0/60, orb.Point{-96, 28.5})
	if gotE, gotN := x/ftUS+2000000, y/ftUS; math.Abs(gotE-2963503.91) > 0.02 || math.Abs(gotN-254759.80) > 0.02 {
		t.Errorf("E %.2f N %.2f ftUS, want 2963503.91, 254759.80", gotE, gotN)
	}
}

// TestProjectCRS checks ProjectCRS against PROJ's cs2cs on the conic's own
// PROJ string, when cs2cs is installed (it comes with GDAL), and against
// the spherical Project, which it must follow to within half a percent.
func TestProjectCRS(t *testing.T) {
	c, ok := For(orb.Bound{Min: orb.Point{46, 35}, Max: orb.Point{88, 57}})
	if !ok {
		t.Fatal("no conic for Central Asia")
	}
	pts := []orb.Point{{c.Lon0, c.Lat0}, {46, 35}, {88, 57}, {67.4, 37.2}, {61.4, 55.2}, {88, 35}}
	for _, p := range pts {
		x, y := c.ProjectCRS(p)
		sx, sy := c.Project(p)
		if d := math.Hypot(x-sx*1000, y-sy*1000); d > 0.005*math.Hypot(sx*1000, sy*1000)+5000 {
			t.Errorf("%v: ellipsoid %.0f, %.0f m, sphere %.0f, %.0f m", p, x, y, sx*1000, sy*1000)
		}
	}
	cs2cs, err := exec.LookPath("cs2cs")
	if err != nil {
		t.Skip("cs2cs not found: install PROJ's tools (apt-get install proj-bin) to compare with PROJ")
	}
	var in strings.Builder
	for _, p := range pts {
		fmt.Fprintf(&in, "%v %v\n", p[0], p[1])
	}
	cmd := exec.Command(cs2cs, "-f", "%.4f", "+proj=longlat +datum=WGS84 +no_defs", "+to", c.Proj4())
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cs2cs: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(pts) {
		t.Fatalf("cs2cs printed %d lines for %d points:\n%s", len(lines), len(pts), out)
	}
	for i, line := range lines {
		f := strings.Fields(line)
		if len(f) < 2 {
			t.Fatalf("cs2cs line %q", line)
		}
		wx, _ := strconv.ParseFloat(f[0], 64)
		wy, _ := strconv.ParseFloat(f[1], 64)
		x, y := c.ProjectCRS(pts[i])
		if math.Abs(x-wx) > 0.01 || math.Abs(y-wy) > 0.01 {
			t.Errorf("%v: %.4f, %.4f m, PROJ says %.4f, %.4f", pts[i], x, y, wx, wy)
		}
	}
}
