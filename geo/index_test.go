package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

func randomPoints(r *rand.Rand, n int, b orb.Bound) []orb.Point {
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{
			b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]),
			b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1]),
		}
	}
	return pts
}

func bruteNearestToLine(pts []orb.Point, ls orb.LineString) (int, float64) {
	best, bestKm := -1, math.Inf(1)
	for i, p := range pts {
		if km := PointLineDistanceKm(p, ls); km < bestKm {
			best, bestKm = i, km
		}
	}
	return best, bestKm
}

func TestIndexMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	window := orb.Bound{Min: orb.Point{60, 35}, Max: orb.Point{80, 45}}
	for _, n := range []int{1, 2, 7, 100, 3000} {
		pts := randomPoints(r, n, window)
		ix := NewIndex(pts)
		for q := 0; q < 300; q++ {
			p := randomPoints(r, 1, window)[0]
			gotI, gotKm := ix.Nearest(p)
			wantI, wantKm := bruteNearestToLine(pts, orb.LineString{p})
			if gotI != wantI || gotKm != wantKm {
				t.Fatalf("n=%d Nearest(%v) = %d, %v; want %d, %v", n, p, gotI, gotKm, wantI, wantKm)
			}
			// A wiggly line of a few km, like a border segment.
			ls := orb.LineString{p}
			for k := 0; k < 1+r.IntN(6); k++ {
				last := ls[len(ls)-1]
				ls = append(ls, orb.Point{last[0] + (r.Float64()-0.5)*0.1, last[1] + (r.Float64()-0.5)*0.1})
			}
			gotI, gotKm = ix.NearestToLine(ls)
			wantI, wantKm = bruteNearestToLine(pts, ls)
			if gotI != wantI || gotKm != wantKm {
				t.Fatalf("n=%d NearestToLine = %d, %v; want %d, %v", n, gotI, gotKm, wantI, wantKm)
			}
		}
	}
}

func TestIndexEmpty(t *testing.T) {
	ix := NewIndex(nil)
	if i, km := ix.Nearest(orb.Point{1, 2}); i != -1 || !math.IsInf(km, 1) {
		t.Errorf("Nearest on empty index = %d, %v; want -1, +Inf", i, km)
	}
	if i, km := ix.NearestToLine(orb.LineString{{1, 2}, {2, 3}}); i != -1 || !math.IsInf(km, 1) {
		t.Errorf("NearestToLine on empty index = %d, %v; want -1, +Inf", i, km)
	}
}

func TestIndexNotFinite(t *testing.T) {
	ix := NewIndex([]orb.Point{{69, 37}, {70, 38}})
	for _, p := range []orb.Point{{math.NaN(), 37}, {69, math.NaN()}} {
		if i, d := ix.Nearest(p); i != -1 || !math.IsInf(d, 1) {
			t.Errorf("Nearest(%v) = %d, %v; want -1, +Inf", p, i, d)
		}
		if i, d := ix.NearestToLine(orb.LineString{p, p}); i != -1 || !math.IsInf(d, 1) {
			t.Errorf("NearestToLine(%v) = %d, %v; want -1, +Inf", p, i, d)
		}
	}
}

func TestPointLineDistanceKm(t *testing.T) {
	// A meridian from (70,40) to (70,41): distances known in closed form.
	ls := orb.LineString{{70, 40}, {70, 41}}
	deg := earthRadiusKm * math.Pi / 180
	tests := []struct {
		name string
		p    orb.Point
		want float64
	}{
		{"on the line", orb.Point{70, 40.5}, 0},
		{"beyond the end", orb.Point{70, 42}, deg},
		{"before the start", orb.Point{70, 39.5}, deg / 2},
		{"abeam on the equator side", orb.Point{71, 40.5}, DistanceKm(orb.Point{71, 40.5}, orb.Point{70, 40.5})},
	}
	for _, tt := range tests {
		got := PointLineDistanceKm(tt.p, ls)
		// Abeam of a meridian the nearest point is not at the same latitude
		// but within 1e-3 km of it at this scale; sample densely to check.
		want := tt.want
		if tt.name == "abeam on the equator side" {
			want = math.Inf(1)
			for k := 0; k <= 100000; k++ {
				want = math.Min(want, DistanceKm(tt.p, orb.Point{70, 40 + float64(k)/100000}))
			}
		}
		if math.Abs(got-want) > 1e-6 {
			t.Errorf("%s: got %v, want %v", tt.name, got, want)
		}
	}
}
