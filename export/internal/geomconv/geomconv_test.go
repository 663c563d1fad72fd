package geomconv

import (
	"encoding/binary"
	"testing"

	"github.com/paulmach/orb"
	orbwkb "github.com/paulmach/orb/encoding/wkb"
	"github.com/twpayne/go-geom/encoding/wkb"
)

// TestSameWKB checks the conversion against orb's own WKB encoder: both
// must give the same bytes for every geometry type.
func TestSameWKB(t *testing.T) {
	ring := orb.Ring{{60, 40}, {61, 40}, {61, 41}, {60, 40}}
	hole := orb.Ring{{60.2, 40.2}, {60.4, 40.6}, {60.6, 40.2}, {60.2, 40.2}}
	for _, g := range []orb.Geometry{
		orb.Point{67.3, 37.2},
		orb.MultiPoint{{1, 2}, {3, 4}},
		orb.LineString{{60, 40}, {61, 41}, {62, 40.5}},
		orb.MultiLineString{{{60, 40}, {61, 41}}, {{70, 40}, {71, 41}, {72, 43}}},
		orb.Polygon{ring, hole},
		orb.MultiPolygon{{ring}, {ring, hole}},
		orb.Collection{orb.Point{1, 2}, orb.LineString{{0, 0}, {1, 1}}},
	} {
		gg, err := ToGeom(g)
		if err != nil {
			t.Fatalf("%T: %v", g, err)
		}
		got, err := wkb.Marshal(gg, binary.LittleEndian)
		if err != nil {
			t.Fatalf("%T: %v", g, err)
		}
		want, err := orbwkb.Marshal(g, binary.LittleEndian)
		if err != nil {
			t.Fatalf("%T: %v", g, err)
		}
		if string(got) != string(want) {
			t.Errorf("%T: go-geom WKB %x, orb WKB %x", g, got, want)
		}
	}
}

func TestToMulti(t *testing.T) {
	for _, c := range []struct {
		in   orb.Geometry
		want string
	}{
		{orb.Point{1, 2}, "MultiPoint"},
		{orb.LineString{{0, 0}, {1, 1}}, "MultiLineString"},
		{orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, "MultiPolygon"},
		{orb.MultiLineString{}, "MultiLineString"},
	} {
		if got := ToMulti(c.in).GeoJSONType(); got != c.want {
			t.Errorf("ToMulti(%T): got %s, want %s", c.in, got, c.want)
		}
	}
}
