package geomconv

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
)

// ToGeom returns g as a go-geom geometry in the XY layout, with SRID 4326.
// It copies the coordinates. A Ring or a Bound becomes a Polygon; a
// Collection becomes a GeometryCollection.
func ToGeom(g orb.Geometry) (geom.T, error) {
	switch g := g.(type) {
	case orb.Point:
		return geom.NewPointFlat(geom.XY, []float64{g[0], g[1]}).SetSRID(4326), nil
	case orb.MultiPoint:
		return geom.NewMultiPointFlat(geom.XY, flat(nil, g)).SetSRID(4326), nil
	case orb.LineString:
		return geom.NewLineStringFlat(geom.XY, flat(nil, g)).SetSRID(4326), nil
	case orb.MultiLineString:
		var fs []float64
		ends := make([]int, len(g))
		for i, ls := range g {
			fs = flat(fs, ls)
			ends[i] = len(fs)
		}
		return geom.NewMultiLineStringFlat(geom.XY, fs, ends).SetSRID(4326), nil
	case orb.Ring:
		return ToGeom(orb.Polygon{g})
	case orb.Bound:
		return ToGeom(g.ToPolygon())
	case orb.Polygon:
		fs, ends := polygon(nil, g)
		return geom.NewPolygonFlat(geom.XY, fs, ends).SetSRID(4326), nil
	case orb.MultiPolygon:
		var fs []float64
		endss := make([][]int, len(g))
		for i, p := range g {
			fs, endss[i] = polygon(fs, p)
		}
		return geom.NewMultiPolygonFlat(geom.XY, fs, endss).SetSRID(4326), nil
	case orb.Collection:
		c := geom.NewGeometryCollection()
		for i, m := range g {
			t, err := ToGeom(m)
			if err != nil {
				return nil, fmt.Errorf("geometry %d: %w", i, err)
			}
			if err := c.Push(t); err != nil {
				return nil, err
			}
		}
		return c.SetSRID(4326), nil
	}
	return nil, fmt.Errorf("geomconv: %T is not a geometry", g)
}

// ToMulti returns g as its multi-part type: a Point becomes a MultiPoint, a
// LineString a MultiLineString, a Polygon a MultiPolygon; others are
// returned as they are.
func ToMulti(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.Point:
		return orb.MultiPoint{g}
	case orb.LineString:
		return orb.MultiLineString{g}
	case orb.Ring:
		return orb.MultiPolygon{orb.Polygon{g}}
	case orb.Polygon:
		return orb.MultiPolygon{g}
	}
	return g
}

func flat(dst []float64, pts []orb.Point) []float64 {
	for _, p := range pts {
		dst = append(dst, p[0], p[1])
	}
	return dst
}

func polygon(dst []float64, p orb.Polygon) ([]float64, []int) {
	ends := make([]int, len(p))
	for i, r := range p {
		dst = flat(dst, r)
		ends[i] = len(dst)
	}
	return dst, ends
}
