package geo

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestCheckMultiPolygonBad(t *testing.T) {
	square := orb.Ring{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}
	for _, tt := range []struct {
		name string
		mp   orb.MultiPolygon
		want string
	}{
		{"bow-tie", orb.MultiPolygon{{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}}}, "ring 0 crosses itself near [1, 1] (a bow-tie)"},
		{"hole outside", orb.MultiPolygon{{square, {{5, 5}, {5, 6}, {6, 6}, {5, 5}}}}, "hole (ring 1) lies outside its shell"},
		{"hole across the shell", orb.MultiPolygon{{square, {{3, 1}, {3, 2}, {5, 2}, {5, 1}, {3, 1}}}}, "rings 0 and 1 cross near [4, 2]"},
		{"zero area", orb.MultiPolygon{{square}, {{{0, 0}, {1, 1}, {2, 2}, {0, 0}}}}, "polygon 1: geo: invalid polygon: ring 0 has no area"},
		{"edge doubling back", orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 4}, {4, 1}, {4, 2}, {0, 4}, {0, 0}}}}, "ring 0 crosses itself"},
		{"round a pole", orb.MultiPolygon{{{{-170, 80}, {-50, 80}, {70, 80}, {-170, 80}}}}, "ring 0 goes round a pole"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CheckMultiPolygon(tt.mp)
			if !errors.Is(err, ErrInvalidPolygon) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want ErrInvalidPolygon with %q", err, tt.want)
			}
		})
	}
}

// TestCheckMultiPolygonGood checks valid polygons pass unchanged: a shell
// with a hole touching it at a vertex, and a ring touching itself at a
// vertex (both allowed here, as in most GIS data).
func TestCheckMultiPolygonGood(t *testing.T) {
	square := orb.Ring{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}
	for _, mp := range []orb.MultiPolygon{
		{{square}},
		{{square, {{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}}}},
		{{square, {{0, 0}, {1, 2}, {2, 1}, {0, 0}}}},
		{{square}, {{{10, 10}, {11, 10}, {11, 11}, {10, 10}}}},
	} {
		got, err := CheckMultiPolygon(mp)
		if err != nil {
			t.Errorf("%v: %v", mp, err)
			continue
		}
		if !orb.Equal(got, mp) {
			t.Errorf("%v changed to %v", mp, got)
		}
	}
}

// TestCheckMultiPolygonAntimeridian reads a square from 178°E to 178°W
// (written the RFC 7946 way round, unsplit): it becomes two parts, 178°E
// to 180° and 180° to 178°W, each 2° wide, not the 356° complement.
func TestCheckMultiPolygonAntimeridian(t *testing.T) {
	in := orb.MultiPolygon{{{{178, 60}, {-178, 60}, {-178, 62}, {178, 62}, {178, 60}}}}
	got, err := CheckMultiPolygon(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d parts %v, want 2", len(got), got)
	}
	west, east := got[0].Bound(), got[1].Bound()
	if west != (orb.Bound{Min: orb.Point{178, 60}, Max: orb.Point{180, 62}}) {
		t.Errorf("west part %v, want 178–180°E", west)
	}
	if east != (orb.Bound{Min: orb.Point{-180, 60}, Max: orb.Point{-178, 62}}) {
		t.Errorf("east part %v, want 180–178°W", east)
	}
	total := 0.0
	for _, p := range got {
		a := planar.Area(p)
		if a <= 0 {
			t.Errorf("part %v: planar area %v, want positive (counter-clockwise kept)", p, a)
		}
		total += a
	}
	if math.Abs(total-8) > 1e-9 {
		t.Errorf("parts cover %v square degrees, want 8", total)
	}
	// A hole given on the far side of the antimeridian stays in its shell.
	withHole := orb.MultiPolygon{{
		{{170, 50}, {-170, 50}, {-170, 60}, {170, 60}, {170, 50}},
		{{-175, 52}, {-175, 54}, {-173, 54}, {-173, 52}, {-175, 52}},
	}}
	got, err = CheckMultiPolygon(withHole)
	if err != nil {
		t.Fatal(err)
	}
	holes := 0
	for _, p := range got {
		holes += len(p) - 1
		for _, r := range p {
			for _, q := range r {
				if q[0] < -180 || q[0] > 180 {
					t.Errorf("position %v off the globe", q)
				}
			}
		}
	}
	if len(got) != 2 || holes != 1 {
		t.Errorf("got %v, want two parts and the hole in the eastern one", got)
	}
}

// TestReadCountriesBadPolygon checks that ReadCountries names the feature
// of a bow-tie.
func TestReadCountriesBadPolygon(t *testing.T) {
	in := `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"AFG"},"geometry":{"type":"Polygon","coordinates":[[[60,30],[61,30],[61,31],[60,31],[60,30]]]}},
{"type":"Feature","properties":{"code":"TJK"},"geometry":{"type":"Polygon","coordinates":[[[70,30],[72,32],[72,30],[70,32],[70,30]]]}}]}`
	_, err := ReadCountries(strings.NewReader(in), "countries.geojson")
	var fe *FeatureError
	if !errors.As(err, &fe) || fe.Index != 1 || !errors.Is(err, ErrInvalidPolygon) {
		t.Fatalf("got %v, want ErrInvalidPolygon at feature 1", err)
	}
	if want := "countries.geojson: feature 1: geo: invalid polygon: ring 0 crosses itself near [71, 31] (a bow-tie)"; err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}
