package geo

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
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
		ix := mustIndex(t, pts)
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
	ix := mustIndex(t, nil)
	if i, km := ix.Nearest(orb.Point{1, 2}); i != -1 || !math.IsInf(km, 1) {
		t.Errorf("Nearest on empty index = %d, %v; want -1, +Inf", i, km)
	}
	if i, km := ix.NearestToLine(orb.LineString{{1, 2}, {2, 3}}); i != -1 || !math.IsInf(km, 1) {
		t.Errorf("NearestToLine on empty index = %d, %v; want -1, +Inf", i, km)
	}
}

func TestIndexNotFinite(t *testing.T) {
	ix := mustIndex(t, []orb.Point{{69, 37}, {70, 38}})
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

func mustIndex(t testing.TB, pts []orb.Point) *Index {
	t.Helper()
	ix, err := NewIndex(pts)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestNewIndexRejectsNotFinite(t *testing.T) {
	for _, p := range []orb.Point{{math.NaN(), 37}, {69, math.Inf(1)}, {math.Inf(-1), 0}} {
		_, err := NewIndex([]orb.Point{{69, 37}, p})
		if !errors.Is(err, ErrBadCoordinate) {
			t.Errorf("NewIndex with %v: got %v, want ErrBadCoordinate", p, err)
		}
	}
}

// bruteKNearest sorts every point by distance (ties by index) and keeps
// those within the options' limits.
func bruteKNearest(pts []orb.Point, p orb.Point, o KNearestOptions) []Neighbor {
	var all []Neighbor
	for i, x := range pts {
		all = append(all, Neighbor{i, DistanceKm(p, x)})
	}
	slices.SortStableFunc(all, func(a, b Neighbor) int {
		if a.DistanceKm < b.DistanceKm {
			return -1
		}
		if a.DistanceKm > b.DistanceKm {
			return 1
		}
		return a.Index - b.Index
	})
	var out []Neighbor
	for _, nb := range all {
		if o.MaxResults > 0 && len(out) == o.MaxResults {
			break
		}
		if o.MaxDistanceKm > 0 && nb.DistanceKm > o.MaxDistanceKm {
			break
		}
		out = append(out, nb)
	}
	return out
}

func TestKNearestMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	window := orb.Bound{Min: orb.Point{60, 35}, Max: orb.Point{80, 45}}
	for _, n := range []int{1, 5, 200, 2000} {
		pts := randomPoints(r, n, window)
		// Duplicates make ties that must go to the lower index.
		pts = append(pts, pts[:n/3]...)
		ix := mustIndex(t, pts)
		for q := 0; q < 200; q++ {
			p := randomPoints(r, 1, window)[0]
			if q%7 == 0 {
				p = pts[r.IntN(len(pts))]
			}
			o := KNearestOptions{MaxResults: r.IntN(6), MaxDistanceKm: []float64{0, 50, 200, 1000}[r.IntN(4)]}
			got := ix.KNearest(p, o)
			want := bruteKNearest(pts, p, o)
			if len(got) != len(want) {
				t.Fatalf("n=%d KNearest(%v, %+v): %d results, want %d", n, p, o, len(got), len(want))
			}
			for i := range got {
				if got[i].Index != want[i].Index || math.Abs(got[i].DistanceKm-want[i].DistanceKm) > 1e-9 {
					t.Fatalf("n=%d KNearest(%v, %+v)[%d] = %+v, want %+v", n, p, o, i, got[i], want[i])
				}
			}
		}
	}
}

func TestKNearestToyCase(t *testing.T) {
	// Three points on the equator 1°, 2° and 3° east of the query: one
	// degree of arc is earthRadiusKm·π/180 ≈ 111.2 km.
	deg := earthRadiusKm * math.Pi / 180
	ix := mustIndex(t, []orb.Point{{3, 0}, {1, 0}, {2, 0}})
	got := ix.KNearest(orb.Point{0, 0}, KNearestOptions{MaxResults: 2})
	if len(got) != 2 || got[0].Index != 1 || got[1].Index != 2 || math.Abs(got[0].DistanceKm-deg) > 1e-9 {
		t.Errorf("KNearest 2 = %+v, want indexes 1, 2 at %v and %v km", got, deg, 2*deg)
	}
	got = ix.KNearest(orb.Point{0, 0}, KNearestOptions{MaxDistanceKm: 2.5 * deg})
	if len(got) != 2 {
		t.Errorf("KNearest within 2.5° = %+v, want 2 points", got)
	}
	if got := ix.KNearest(orb.Point{math.NaN(), 0}, KNearestOptions{}); got != nil {
		t.Errorf("KNearest(NaN) = %+v, want nil", got)
	}
}
