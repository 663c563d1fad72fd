package geo

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// equatorBorder returns a corridor with one border AAA–BBB along the
// equator from lon 0 to lon deg, cut into n edges.
func equatorBorder(deg float64, n int) *Corridor {
	line := make(orb.LineString, n+1)
	for i := range line {
		line[i] = orb.Point{deg * float64(i) / float64(n), 0}
	}
	return &Corridor{Borders: []Border{{A: "AAA", B: "BBB", Geometry: orb.MultiLineString{line}}}}
}

// TestModelOutpostsToy checks posts on a hand-computed border: one degree of
// the equator is 111.319 km on orb's sphere (radius 6378.137 km); at 2
// posts per 100 km (50 km apart) AAA's posts fall 25 and 75 km along it; a
// crossing at lon 0.5 (55.66 km) drops the second (19.34 km from it, under
// half the spacing) and keeps the first (30.66 km). BBB at the default
// density (one per 100 km) gets one post, at 50 km, 5.66 km from the
// crossing: dropped.
func TestModelOutpostsToy(t *testing.T) {
	c := equatorBorder(1, 7)
	degKm := DistanceKm(orb.Point{0, 0}, orb.Point{1, 0})
	if math.Abs(degKm-111.3195) > 0.0001 {
		t.Fatalf("one degree is %.4f km", degKm)
	}
	s := &OutpostSettings{PerHundredKm: map[string]float64{"AAA": 2}}
	posts, err := ModelOutposts(c, s)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range posts {
		got = append(got, fmt.Sprintf("%s %.4f", p.ID, p.Point[0]))
	}
	want := []string{
		fmt.Sprintf("post:AAA:AAA-BBB:0000 %.4f", 25/degKm),
		fmt.Sprintf("post:AAA:AAA-BBB:0001 %.4f", 75/degKm),
		fmt.Sprintf("post:BBB:AAA-BBB:0000 %.4f", 50/degKm),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("no crossing: got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	c.Crossings = []Crossing{{ID: "AAA-BBB-x", A: "AAA", B: "BBB", Point: orb.Point{0.5, 0}}}
	posts, err = ModelOutposts(c, s)
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, p := range posts {
		got = append(got, fmt.Sprintf("%s %s %.4f", p.ID, p.Source, p.Point[0]))
	}
	want = []string{
		"post:AAA:AAA-BBB-x crossing 0.5000",
		"post:BBB:AAA-BBB-x crossing 0.5000",
		fmt.Sprintf("post:AAA:AAA-BBB:0000 modelled %.4f", 25/degKm),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("with a crossing: got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPointsEveryMatchesPointAlong compares the one-walk placement with
// PointAlongKm called for each post on random lines.
func TestPointsEveryMatchesPointAlong(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 100))
	for trial := 0; trial < 200; trial++ {
		n := 2 + rng.IntN(30)
		line := orb.LineString{{60 + rng.Float64(), 35 + rng.Float64()}}
		for i := 1; i < n; i++ {
			q := line[i-1]
			if rng.IntN(6) > 0 { // some zero-length edges
				q = orb.Point{q[0] + rng.Float64() - 0.5, q[1] + rng.Float64() - 0.5}
			}
			line = append(line, q)
		}
		spacing := 0.5 + 100*rng.Float64()
		var want []orb.Point
		length := LineLengthKm(line)
		for at := spacing / 2; at < length; at += spacing {
			want = append(want, PointAlongKm(line, at))
		}
		got := pointsEvery(nil, line, spacing)
		if len(got) != len(want) {
			t.Fatalf("trial %d: %d posts, want %d", trial, len(got), len(want))
		}
		for i := range got {
			if DistanceKm(got[i], want[i]) > 1e-6 {
				t.Fatalf("trial %d post %d: %v, want %v", trial, i, got[i], want[i])
			}
		}
	}
}

func TestModelOutpostsBadSettings(t *testing.T) {
	c := equatorBorder(1, 1)
	for _, tt := range []struct {
		name string
		s    OutpostSettings
		want string // in the message
	}{
		{"NaN", OutpostSettings{PerHundredKm: map[string]float64{"AAA": math.NaN()}}, `PerHundredKm["AAA"] is NaN`},
		{"negative", OutpostSettings{PerHundredKm: map[string]float64{"BBB": -1}}, `PerHundredKm["BBB"] is -1`},
		{"infinite", OutpostSettings{PerHundredKm: map[string]float64{"AAA": math.Inf(1)}}, `PerHundredKm["AAA"] is +Inf`},
		{"1e17", OutpostSettings{PerHundredKm: map[string]float64{"AAA": 1e17}}, `PerHundredKm["AAA"] is 1e+17`},
		{"above max", OutpostSettings{PerHundredKm: map[string]float64{"AAA": 1, "ZZZ": 1000.5}}, `PerHundredKm["ZZZ"] is 1000.5`},
		{"skip NaN", OutpostSettings{SkipNearCrossingKm: math.NaN()}, "SkipNearCrossingKm is NaN"},
		{"skip negative", OutpostSettings{SkipNearCrossingKm: -2}, "SkipNearCrossingKm is -2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ModelOutposts(c, &tt.s)
			if !errors.Is(err, ErrBadSetting) {
				t.Fatalf("got %v, want ErrBadSetting", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := ModelOutposts(nil, nil); err == nil {
		t.Error("nil corridor: no error")
	}
	// The maximum itself is accepted: one post every 100 m.
	posts, err := ModelOutposts(c, &OutpostSettings{PerHundredKm: map[string]float64{"AAA": MaxPerHundredKm, "BBB": 0}})
	if err != nil {
		t.Fatal(err)
	}
	if want := 1113; len(posts) != want { // 0.05, 0.15, ..., 111.25 of 111.3195 km
		t.Errorf("at the maximum density: %d posts, want %d", len(posts), want)
	}
}

// BenchmarkModelOutposts places posts on a border of 200,000 vertices
// (20° of the equator cut into 11 m edges), at the default density and at
// the maximum.
func BenchmarkModelOutposts(b *testing.B) {
	c := equatorBorder(20, 200_000)
	for _, bm := range []struct {
		name    string
		density float64
	}{{"200k-vertices/default", DefaultPerHundredKm}, {"200k-vertices/max", MaxPerHundredKm}} {
		s := &OutpostSettings{PerHundredKm: map[string]float64{"AAA": bm.density, "BBB": bm.density}}
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ModelOutposts(c, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
