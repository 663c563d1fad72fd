package geo

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"

	"github.com/paulmach/orb"
)

// degreeKm is one degree of a great circle on orb's sphere.
const degreeKm = orb.EarthRadius * math.Pi / 180 / 1000

func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

func TestDeriveBordersSquares(t *testing.T) {
	// Westland and Eastland share the meridian 61°E from 40°N to 41°N;
	// Outland touches Eastland along 63°E from 40.2°N to 40.7°N, in the
	// middle of Eastland's edge, and Farland touches nobody.
	countries := []Country{
		{Code: "EAS", Geometry: orb.MultiPolygon{square(61, 40, 63, 41)}},
		{Code: "WES", Geometry: orb.MultiPolygon{square(60, 40, 61, 41)}},
		{Code: "OUT", Geometry: orb.MultiPolygon{square(63, 40.2, 64, 40.7)}},
		{Code: "FAR", Geometry: orb.MultiPolygon{square(80, 40, 81, 41)}},
	}
	bs, err := DeriveBorders(countries, 0)
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for _, b := range bs {
		pairs = append(pairs, b.Pair())
		if b.Source != SourcePolygons {
			t.Errorf("%s: source %q, want %q", b.Pair(), b.Source, SourcePolygons)
		}
	}
	if want := []string{"EAS-OUT", "EAS-WES"}; !reflect.DeepEqual(pairs, want) {
		t.Fatalf("got pairs %v, want %v", pairs, want)
	}
	if got := MultiLineLengthKm(bs[1].Geometry); math.Abs(got-degreeKm) > 1e-9 {
		t.Errorf("EAS-WES: got %v km, want %v", got, degreeKm)
	}
	// EAS has no vertex where OUT's edge begins: only OUT's side sees the
	// stretch, and its tracing is kept.
	if got := MultiLineLengthKm(bs[0].Geometry); math.Abs(got-degreeKm/2) > 1e-9 {
		t.Errorf("EAS-OUT: got %v km %v, want %v", got, bs[0].Geometry, degreeKm/2)
	}

	// The input order does not matter.
	rev := append([]Country(nil), countries...)
	sort.Slice(rev, func(i, j int) bool { return rev[i].Code > rev[j].Code })
	again, err := DeriveBorders(rev, 0)
	if err != nil || !reflect.DeepEqual(again, bs) {
		t.Errorf("reordered input: got %v, %v; want %v", again, err, bs)
	}
}

func TestDeriveBordersTolerance(t *testing.T) {
	// Eastland starts 50 m east of Westland's edge: a gap of 50 m.
	gapDeg := 0.05 / (degreeKm * math.Cos(40.5*math.Pi/180))
	countries := []Country{
		{Code: "WES", Geometry: orb.MultiPolygon{square(60, 40, 61, 41)}},
		{Code: "EAS", Geometry: orb.MultiPolygon{square(61+gapDeg, 40, 62, 41)}},
	}
	tests := []struct {
		name      string
		tolerance float64
		want      int // borders
	}{
		{"default 100 m", 0, 1},
		{"60 m", 60, 1},
		{"40 m", 40, 0},
		{"10 m", 10, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs, err := DeriveBorders(countries, tt.tolerance)
			if err != nil {
				t.Fatal(err)
			}
			if len(bs) != tt.want {
				t.Fatalf("got %d borders %v, want %d", len(bs), bs, tt.want)
			}
			if tt.want == 1 {
				if got := MultiLineLengthKm(bs[0].Geometry); math.Abs(got-degreeKm) > 1e-6 {
					t.Errorf("got %v km, want %v", got, degreeKm)
				}
			}
		})
	}
}

func TestDeriveBordersEnclave(t *testing.T) {
	hole := orb.Ring{{71, 41}, {71, 42}, {72, 42}, {72, 41}, {71, 41}} // clockwise
	countries := []Country{
		{Code: "OUT", Geometry: orb.MultiPolygon{{{{70, 40}, {73, 40}, {73, 43}, {70, 43}, {70, 40}}, hole}}},
		{Code: "INN", Geometry: orb.MultiPolygon{square(71, 41, 72, 42)}},
	}
	bs, err := DeriveBorders(countries, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 || bs[0].Pair() != "INN-OUT" || len(bs[0].Geometry) != 1 {
		t.Fatalf("got %v, want one border INN-OUT of one line", bs)
	}
	line := bs[0].Geometry[0]
	if line[0] != line[len(line)-1] {
		t.Errorf("got %v, want a closed line", line)
	}
	want := DistanceKm(orb.Point{71, 41}, orb.Point{72, 41}) + DistanceKm(orb.Point{71, 42}, orb.Point{72, 42}) + 2*degreeKm
	if got := LineLengthKm(line); math.Abs(got-want) > 1e-9 {
		t.Errorf("got %v km, want %v", got, want)
	}
}

func TestDeriveBordersBay(t *testing.T) {
	// A's coast leaves B's border and comes back (a bay 10 km deep): the
	// bay is not border, even though its mouth's ends both touch B.
	a := orb.Polygon{{{60, 40}, {61, 40}, {61, 40.5}, {60.9, 40.5}, {61, 40.6}, {61, 41}, {60, 41}, {60, 40}}}
	countries := []Country{
		{Code: "A", Geometry: orb.MultiPolygon{a}},
		{Code: "B", Geometry: orb.MultiPolygon{square(61, 40, 62, 41)}},
	}
	bs, err := DeriveBorders(countries, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := 0.9 * degreeKm // 40°–40.5° and 40.6°–41° along 61°E
	if len(bs) != 1 || math.Abs(MultiLineLengthKm(bs[0].Geometry)-want) > 1e-6 {
		t.Errorf("got %v, want %v km", bs, want)
	}
}

func TestDeriveBordersNotch(t *testing.T) {
	// B's side facing A is a notch: B touches A's edge only at its two
	// ends. Both ends of A's edge lie on B's boundary, but its midpoint does
	// not, so there is no border.
	countries := []Country{
		{Code: "A", Geometry: orb.MultiPolygon{square(60, 40, 61, 41)}},
		{Code: "B", Geometry: orb.MultiPolygon{{{{61, 40}, {62, 40}, {62, 41}, {61, 41}, {61.5, 40.5}, {61, 40}}}}},
	}
	bs, err := DeriveBorders(countries, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 0 {
		t.Errorf("got %v, want no border", bs)
	}
}

func TestDeriveBordersErrors(t *testing.T) {
	ok := Country{Code: "A", Geometry: orb.MultiPolygon{square(0, 0, 1, 1)}}
	tests := []struct {
		name      string
		countries []Country
		tolerance float64
		want      error
	}{
		{"negative tolerance", []Country{ok}, -1, nil},
		{"NaN tolerance", []Country{ok}, math.NaN(), nil},
		{"infinite tolerance", []Country{ok}, math.Inf(1), nil},
		{"no code", []Country{ok, {Geometry: orb.MultiPolygon{square(1, 0, 2, 1)}}}, 0, ErrNoCountry},
		{"code twice", []Country{ok, ok}, 0, ErrBadProperty},
		{"NaN coordinate", []Country{ok, {Code: "B", Geometry: orb.MultiPolygon{{{{1, 0}, {math.NaN(), 0}, {1, 1}, {1, 0}}}}}}, 0, ErrBadCoordinate},
		{"not lon/lat", []Country{ok, {Code: "B", Geometry: orb.MultiPolygon{{{{1, 0}, {200, 0}, {1, 1}, {1, 0}}}}}}, 0, ErrBadCoordinate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DeriveBorders(tt.countries, tt.tolerance)
			if err == nil {
				t.Fatal("got no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	if bs, err := DeriveBorders(nil, 0); err != nil || len(bs) != 0 {
		t.Errorf("no countries: got %v, %v; want none", bs, err)
	}
}

// TestEdgeGridNear checks the grid against a brute-force search, with
// edges far longer than the cells (as where Russia is cut by the window).
func TestEdgeGridNear(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var edges []gridEdge
	var lens []float64
	for i := 0; i < 300; i++ {
		a := orb.Point{60 + rng.Float64()*10, 40 + rng.Float64()*10}
		b := orb.Point{a[0] + rng.NormFloat64()*0.01, a[1] + rng.NormFloat64()*0.01}
		if i%30 == 0 { // a long edge, up to several degrees
			b = orb.Point{a[0] + rng.NormFloat64()*3, a[1] + rng.NormFloat64()*3}
		}
		va, vb := toVec(a), toVec(b)
		edges = append(edges, gridEdge{country: i % 5, a: va, b: vb})
		lens = append(lens, angle(va, vb))
	}
	for _, tolM := range []float64{10, 100, 2000} {
		tol := tolM / orb.EarthRadius
		g := newEdgeGrid(edges, lens, tol)
		for q := 0; q < 3000; q++ {
			// Query points near edges, so that many are within reach.
			e := edges[rng.IntN(len(edges))]
			v := vec3{e.a[0] + e.b[0], e.a[1] + e.b[1], e.a[2] + e.b[2]} // towards the middle
			if q%2 == 0 {
				v = e.a
			}
			p := vec3{v[0] + rng.NormFloat64()*tol, v[1] + rng.NormFloat64()*tol, v[2] + rng.NormFloat64()*tol}
			n := p.norm()
			p = vec3{p[0] / n, p[1] / n, p[2] / n}
			var want []int
			for c := 0; c < 5; c++ {
				for _, e := range edges {
					if e.country == c && arcDistance(p, e.a, e.b) <= tol {
						want = append(want, c)
						break
					}
				}
			}
			got := g.near(p, -1, tol)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("tolerance %v m, query %d: got %v, want %v", tolM, q, got, want)
			}
		}
	}
}

func TestMergeLines(t *testing.T) {
	tests := []struct {
		name string
		in   []orb.LineString
		want orb.MultiLineString
	}{
		{"chain out of order and reversed",
			[]orb.LineString{{{2, 0}, {3, 0}}, {{1, 0}, {0, 0}}, {{1, 0}, {2, 0}}},
			orb.MultiLineString{{{0, 0}, {1, 0}, {2, 0}, {3, 0}}}},
		{"closed loop",
			[]orb.LineString{{{0, 0}, {1, 0}, {1, 1}}, {{0, 0}, {0, 1}, {1, 1}}},
			orb.MultiLineString{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}},
		{"two parts, longest first, short lines dropped",
			[]orb.LineString{{{0, 0}, {0, 1}}, {{5, 5}}, {{10, 0}, {10, 3}}},
			orb.MultiLineString{{{10, 0}, {10, 3}}, {{0, 0}, {0, 1}}}},
		{"a junction of three",
			[]orb.LineString{{{0, 0}, {1, 0}}, {{1, 0}, {2, 0}}, {{1, 0}, {1, 1}}},
			orb.MultiLineString{{{0, 0}, {1, 0}, {2, 0}}, {{1, 0}, {1, 1}}}},
		{"nothing", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := make([]orb.LineString, len(tt.in))
			for i, l := range tt.in {
				in[i] = l.Clone()
			}
			got := MergeLines(in)
			if !got.Equal(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if len(got) > 0 {
				got[0][0] = orb.Point{-99, -99}
			}
			for i := range in {
				if !in[i].Equal(tt.in[i]) {
					t.Errorf("input line %d changed: %v", i, in[i])
				}
			}
		})
	}
}

// TestDeriveBordersFixture finds the AFG–TJK border of the fixture from
// its two simplified country polygons and checks it against the fixture's
// border line, simplified from the shared TopoJSON arcs: within 5% of its
// length (both lines were simplified apart, at 0.02°).
func TestDeriveBordersFixture(t *testing.T) {
	c := fixtureCorridor(t)
	// 2 km: the polygons were simplified apart, at 0.02° (about 2 km).
	bs, err := DeriveBorders(c.Countries, 2000)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 || bs[0].Pair() != "AFG-TJK" {
		t.Fatalf("derived borders %v, want AFG-TJK alone", bs)
	}
	var want float64
	for _, b := range c.Borders {
		if b.Pair() == "AFG-TJK" {
			want = MultiLineLengthKm(b.Geometry)
		}
	}
	got := MultiLineLengthKm(bs[0].Geometry)
	if want == 0 || math.Abs(got-want) > 0.05*want {
		t.Errorf("AFG-TJK: %.1f km from the polygons, %.1f km in the fixture", got, want)
	}
}

func BenchmarkDeriveBorders(b *testing.B) {
	// A grid of 10×10 countries of 1° each, edges split into 1 km steps.
	var countries []Country
	for i := 0; i < 10; i++ {
		for j := 0; j < 10; j++ {
			x, y := 60+float64(i), 40+float64(j)
			var r orb.Ring
			for k := 0; k < 100; k++ {
				r = append(r, orb.Point{x + float64(k)/100, y})
			}
			for k := 0; k < 100; k++ {
				r = append(r, orb.Point{x + 1, y + float64(k)/100})
			}
			for k := 0; k < 100; k++ {
				r = append(r, orb.Point{x + 1 - float64(k)/100, y + 1})
			}
			for k := 0; k <= 100; k++ {
				r = append(r, orb.Point{x, y + 1 - float64(k)/100})
			}
			countries = append(countries, Country{Code: string(rune('A'+i)) + string(rune('A'+j)), Geometry: orb.MultiPolygon{{r}}})
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := DeriveBorders(countries, 0); err != nil {
			b.Fatal(err)
		}
	}
}
