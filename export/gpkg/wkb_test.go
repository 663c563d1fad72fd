package gpkg

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	orbwkb "github.com/paulmach/orb/encoding/wkb"
	"github.com/twpayne/go-geom/encoding/wkb"

	"github.com/routerisk/routerisk/export/internal/geomconv"
)

// oldGeometry is the GeoPackage blob as Geometry built it before it wrote
// WKB itself: the geometry converted to go-geom and encoded by its wkb
// package. It is the baseline of TestGeometryWKB.
func oldGeometry(g orb.Geometry) ([]byte, error) {
	gg, err := geomconv.ToGeom(g)
	if err != nil {
		return nil, err
	}
	body, err := wkb.Marshal(gg, binary.LittleEndian)
	if err != nil {
		return nil, err
	}
	_, isPoint := g.(orb.Point)
	flags := byte(0x01)
	if !isPoint {
		flags |= 0x02
	}
	b := append([]byte{'G', 'P', 0, flags}, binary.LittleEndian.AppendUint32(nil, 4326)...)
	if !isPoint {
		bd := g.Bound()
		for _, v := range []float64{bd.Min[0], bd.Max[0], bd.Min[1], bd.Max[1]} {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	return append(b, body...), nil
}

// TestGeometryWKB checks Geometry's blobs against go-geom's encoding (the
// old way) and the WKB part against orb's encoder, for every geometry
// type and random lines and polygons; and the blob's length against the
// size worked out beforehand.
func TestGeometryWKB(t *testing.T) {
	ring := orb.Ring{{60, 40}, {61, 40}, {61, 41}, {60, 40}}
	hole := orb.Ring{{60.2, 40.2}, {60.4, 40.6}, {60.6, 40.2}, {60.2, 40.2}}
	geoms := []orb.Geometry{
		orb.Point{67.3, 37.2},
		orb.Point{-0.0, 1e-300},
		orb.MultiPoint{{1, 2}, {3, 4}},
		orb.LineString{{60, 40}, {61, 41}, {62, 40.5}},
		orb.MultiLineString{{{60, 40}, {61, 41}}, {{70, 40}, {71, 41}, {72, 43}}},
		orb.Polygon{ring, hole},
		orb.MultiPolygon{{ring}, {ring, hole}},
		ring,
		orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}},
		orb.Collection{orb.Point{1, 2}, orb.LineString{{0, 0}, {1, 1}}, orb.Polygon{ring}},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		var l orb.LineString
		for range 2 + r.IntN(50) {
			l = append(l, orb.Point{50 + 30*r.Float64(), 30 + 25*r.Float64()})
		}
		geoms = append(geoms, l, orb.MultiLineString{l, l[:2]}, orb.Polygon{append(orb.Ring(l.Clone()), l[0])})
	}
	for i, g := range geoms {
		t.Run(fmt.Sprintf("%d %T", i, g), func(t *testing.T) {
			got, err := Geometry(g)
			if err != nil {
				t.Fatal(err)
			}
			want, err := oldGeometry(g)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("got  %x\nwant %x", got, want)
			}
			if cap(got) != len(got) {
				t.Errorf("blob of %d bytes in a buffer of %d: size worked out wrong", len(got), cap(got))
			}
			if _, isBound := g.(orb.Bound); !isBound {
				o, err := orbwkb.Marshal(g, binary.LittleEndian)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.HasSuffix(got, o) {
					t.Errorf("WKB differs from orb's %x", o)
				}
			}
		})
	}
	if _, err := Geometry(nil); err == nil {
		t.Errorf("no error for no geometry")
	}
	if _, err := Geometry(orb.Collection{orb.Point{1, 2}, nil}); err == nil {
		t.Errorf("no error for a nil geometry in a collection")
	}
}
