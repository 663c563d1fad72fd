package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// spikeRing is a square-ish ring with a spike of the kind quantization
// leaves: from (5,5) the boundary runs down to the tip (2,2) and back up
// through (2.5,3) to (4,3.5), and that last edge crosses the edge
// (5,5)–(2,2) at (3.25,3.25). In degrees near the equator, so areas are
// large; tests scale it down to sliver size with scaled.
var spikeRing = []orb.Point{{0, 0}, {10, 0}, {10, 10}, {5, 10}, {5, 5}, {2, 2}, {2.5, 3}, {4, 3.5}, {3, 1}}

// scaled returns pts scaled by f from (20, 40), rounded to 6 decimals as
// the generator's rings are.
func scaled(pts []orb.Point, f float64) []orb.Point {
	out := make([]orb.Point, len(pts))
	for i, p := range pts {
		out[i] = round6(orb.Point{20 + f*p[0], 40 + f*p[1]})
	}
	return out
}

func TestSelfCrossings(t *testing.T) {
	tests := []struct {
		name string
		ring []orb.Point
		want []crossingPair
	}{
		{"square", []orb.Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, nil},
		{"bow-tie", []orb.Point{{0, 0}, {2, 2}, {2, 0}, {0, 2}}, []crossingPair{{0, 2, orb.Point{1, 1}}}},
		{"spike over its neighbour", spikeRing, []crossingPair{{4, 6, orb.Point{3.25, 3.25}}}},
		// A vertex touching another edge is not a crossing.
		{"touching", []orb.Point{{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}}, nil},
		// Edges 1 and 4 run along x = 4 and overlap from y = 1 to 2.
		{"overlap", []orb.Point{{0, 0}, {4, 0}, {4, 2}, {3, 3}, {4, 3}, {4, 1}, {2, 4}}, []crossingPair{{1, 4, orb.Point{4, 2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := selfCrossings(tt.ring)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestUntangleRingSpike checks the repair of spikeRing scaled to a sliver
// (1/1000 of a degree a unit). Removing (2.5,3) leaves the ring simple
// and takes out the least: twice the planar area is 1.25 square units,
// against 1.5 for the tip (2,2) and 15 for (5,5); without (4,3.5) the ring
// still crosses itself.
func TestUntangleRingSpike(t *testing.T) {
	const f = 1e-3
	ring := scaled(spikeRing, f)
	var got []removal
	var ats []orb.Point
	var km2s []float64
	out, err := untangleRing(ring, func(at orb.Point, rm removal, km2 float64) {
		ats, got, km2s = append(ats, at), append(got, rm), append(km2s, km2)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := removal{ring[5], ring[6], ring[7]}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("removals %v, want [%v]", got, want)
	}
	if at := scaled([]orb.Point{{3.25, 3.25}}, f)[0]; round6(ats[0]) != at {
		t.Errorf("crossing at %v, want %v", ats[0], at)
	}
	// 0.625 square units of 1e-3° at 40°N: 0.625e-6 deg² × 111.2 km ×
	// 111.2 km × cos 40° on orb's sphere, to 1%.
	if km2 := km2s[0]; km2 < 0.00585 || km2 > 0.00598 {
		t.Errorf("area %.5f km², want about 0.0059", km2)
	}
	wantRing := slices.Delete(slices.Clone(ring), 6, 7)
	if !slices.Equal(out, wantRing) {
		t.Errorf("ring %v, want %v", out, wantRing)
	}
	if _, err := geo.CheckMultiPolygon(orb.MultiPolygon{{append(orb.Ring(out), out[0])}}); err != nil {
		t.Errorf("geo.CheckMultiPolygon: %v", err)
	}
	if _, err := geo.CheckMultiPolygon(orb.MultiPolygon{{append(orb.Ring(ring), ring[0])}}); err == nil {
		t.Errorf("geo.CheckMultiPolygon accepts the spike ring: the test proves nothing")
	}
}

// TestUntangleRingSimple checks that simple rings, a concave one with a
// vertex touching another edge among them, come back unchanged.
func TestUntangleRingSimple(t *testing.T) {
	for _, ring := range [][]orb.Point{
		{{0, 0}, {1, 0}, {1, 1}, {0, 1}},
		{{0, 0}, {4, 0}, {4, 4}, {2, 0.5}, {0, 4}},
		{{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}},
		scaled(slices.Delete(slices.Clone(spikeRing), 6, 7), 1e-3),
	} {
		out, err := untangleRing(slices.Clone(ring), func(at orb.Point, rm removal, _ float64) {
			t.Errorf("%v: repaired at %v, removing %v", ring, at, rm)
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(out, ring) {
			t.Errorf("ring %v came back as %v", ring, out)
		}
	}
}

// TestUntangleRingErrors checks crossings no small removal mends: a
// bow-tie of 2° (mended only by dropping a corner: half of a 2° square
// near 41°N, about 2 × 111.3² × cos 41° ≈ 18,700 km²) and the spike ring
// at a tenth of a degree a unit (0.625 × 0.01 deg² at 40.3°N ≈ 59 km²).
func TestUntangleRingErrors(t *testing.T) {
	tests := []struct {
		name string
		ring []orb.Point
		want string
	}{
		{"bow-tie", scaled([]orb.Point{{0, 0}, {2, 2}, {2, 0}, {0, 2}}, 1), "crosses itself near [21.000000, 41.000000]; the smallest vertex removal that mends it takes out 1870"},
		{"large spike", scaled(spikeRing, 0.1), "crosses itself near [20.325000, 40.325000]; the smallest vertex removal that mends it takes out 59"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := untangleRing(tt.ring, func(orb.Point, removal, float64) {})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestUntangleShared checks that a vertex removed from one country's ring
// leaves a second country's ring and a border line that run through the
// same three points, in either direction, and nothing else.
func TestUntangleShared(t *testing.T) {
	a := scaled(spikeRing, 1e-3)
	// B runs back along A's (4,3.5), (2.5,3), (2,2); C has (2.5,3)
	// between other neighbours, where it stays.
	b := scaled([]orb.Point{{4, 3.5}, {2.5, 3}, {2, 2}, {1, -3}, {5, -3}}, 1e-3)
	c := scaled([]orb.Point{{10, 0}, {12, 0}, {12, 2}, {2.5, 3}}, 1e-3)
	closed := func(r []orb.Point) orb.Ring { return append(orb.Ring(slices.Clone(r)), r[0]) }
	countries := []geo.Country{
		{Code: "AAB", Geometry: orb.MultiPolygon{{closed(b)}}}, // before A: needs a second pass
		{Code: "AAC", Geometry: orb.MultiPolygon{{closed(c)}}},
		{Code: "ZZA", Geometry: orb.MultiPolygon{{closed(a)}}},
	}
	var log strings.Builder
	rs, err := untangle(countries, &log)
	if err != nil {
		t.Fatal(err)
	}
	v := a[6]
	for _, tt := range []struct {
		code string
		want []orb.Point
	}{
		{"AAB", slices.Delete(slices.Clone(b), 1, 2)},
		{"AAC", c},
		{"ZZA", slices.Delete(slices.Clone(a), 6, 7)},
	} {
		i := slices.IndexFunc(countries, func(c geo.Country) bool { return c.Code == tt.code })
		if got := countries[i].Geometry[0][0]; !slices.Equal([]orb.Point(got), []orb.Point(closed(tt.want))) {
			t.Errorf("%s: ring %v, want %v", tt.code, got, closed(tt.want))
		}
	}
	lines := []orb.LineString{
		{a[4], a[5], v, a[7]}, // along A: v goes
		{a[7], v, a[5]},       // reversed: v goes
		{c[2], v, c[0]},       // other neighbours: v stays
		{v, a[7], a[8]},       // v at an end stays
	}
	got := untangleLines("AAB-ZZA", slices.Clone(lines), rs, &log)
	want := []orb.LineString{{a[4], a[5], a[7]}, {a[7], a[5]}, lines[2], lines[3]}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("line %d: %v, want %v", i, got[i], want[i])
		}
	}
	text := log.String()
	for _, w := range []string{
		"ZZA: polygon 0 ring 0 crossed itself near [20.003250, 40.003250]: vertex [20.0025, 40.003] removed",
		"AAB: polygon 0 ring 0: 1 vertex(es) removed with another ring's repair",
		"AAB-ZZA: border line 0: 1 vertex(es) removed",
		"AAB-ZZA: border line 1: 1 vertex(es) removed",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("log lacks %q:\n%s", w, text)
		}
	}
	if strings.Contains(text, "AAC") || strings.Contains(text, "line 2") || strings.Contains(text, "line 3") {
		t.Errorf("log reports untouched rings or lines:\n%s", text)
	}
}

// TestCorridorFoldersValid checks every country of the Northern Route's
// data and of the Balkan folder, both written by this generator, with geo's
// polygon validator.
func TestCorridorFoldersValid(t *testing.T) {
	for _, path := range []string{
		filepath.Join("..", "..", "..", "northernroute", "data", "countries.geojson"),
		filepath.Join("..", "..", "..", "testdata", "corridors", "balkan", "countries.geojson"),
	} {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := geo.ReadCountries(f, path)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if _, err := geo.CheckMultiPolygon(c.Geometry); err != nil {
				t.Errorf("%s: %s: %v", path, c.Code, err)
			}
		}
	}
}
