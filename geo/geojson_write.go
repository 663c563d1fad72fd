package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/internal/atomicfile"
)

// This file writes the layers as RFC 7946 GeoJSON with the property schema
// that the readers of geojson_read.go accept.

// CountriesLayer returns the countries as a FeatureCollection of
// MultiPolygon features with the properties code and name. Geometries are
// copied.
func CountriesLayer(cs []Country) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, c := range cs {
		f := geojson.NewFeature(orb.Clone(c.Geometry))
		f.Properties["code"] = c.Code
		f.Properties["name"] = c.Name
		fc.Append(f)
	}
	return fc
}

// BordersLayer returns the borders as a FeatureCollection of
// MultiLineString features with the properties a, b, pair, length_km (the
// geodesic length, rounded to the metre) and source. Geometries are copied.
func BordersLayer(bs []Border) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, b := range bs {
		f := geojson.NewFeature(orb.Clone(b.Geometry))
		f.Properties["a"] = b.A
		f.Properties["b"] = b.B
		f.Properties["pair"] = b.Pair()
		f.Properties["length_km"] = math.Round(MultiLineLengthKm(b.Geometry)*1000) / 1000
		f.Properties["source"] = b.Source
		fc.Append(f)
	}
	return fc
}

// SettlementsLayer returns the settlements as a FeatureCollection of Point
// features with the properties id, name, country and population.
func SettlementsLayer(ss []Settlement) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, s := range ss {
		f := geojson.NewFeature(s.Point)
		f.Properties["id"] = s.ID
		f.Properties["name"] = s.Name
		f.Properties["country"] = s.Country
		f.Properties["population"] = s.Population
		fc.Append(f)
	}
	return fc
}

// CrossingsLayer returns the crossings as a FeatureCollection of Point
// features with the properties id, name, a, b ("" for a sea port), mode,
// regime, scanner, dogs and source, and inspection_rate and wait_hours
// where they are set.
func CrossingsLayer(xs []Crossing) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, x := range xs {
		f := geojson.NewFeature(x.Point)
		f.Properties["id"] = x.ID
		f.Properties["name"] = x.Name
		f.Properties["a"] = x.A
		f.Properties["b"] = x.B
		f.Properties["mode"] = string(x.Mode)
		f.Properties["regime"] = string(x.Regime)
		f.Properties["scanner"] = x.Scanner
		f.Properties["dogs"] = x.Dogs
		f.Properties["source"] = x.Source
		if x.InspectionRate != nil {
			f.Properties["inspection_rate"] = *x.InspectionRate
		}
		if x.WaitHours != nil {
			f.Properties["wait_hours"] = *x.WaitHours
		}
		fc.Append(f)
	}
	return fc
}

// OutpostsLayer returns the outposts as a FeatureCollection of Point
// features with the properties id, country and source.
func OutpostsLayer(ps []Outpost) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, o := range ps {
		f := geojson.NewFeature(o.Point)
		f.Properties["id"] = o.ID
		f.Properties["country"] = o.Country
		f.Properties["source"] = string(o.Source)
		fc.Append(f)
	}
	return fc
}

// RoadsLayer returns the roads as a FeatureCollection of LineString
// features with the properties id, name, country, class and maxspeed (km/h,
// null when unknown), which ReadRoads reads back. Geometries are copied.
func RoadsLayer(rs []Road) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, r := range rs {
		f := geojson.NewFeature(orb.Clone(r.Line))
		f.Properties["id"] = r.ID
		f.Properties["name"] = r.Name
		f.Properties["country"] = r.Country
		f.Properties["class"] = r.Class
		if r.MaxSpeedKmh > 0 {
			f.Properties["maxspeed"] = r.MaxSpeedKmh
		} else {
			f.Properties["maxspeed"] = nil
		}
		fc.Append(f)
	}
	return fc
}

// PlacesLayer returns origins or destinations as a FeatureCollection of
// Point features with the properties id, name, country, weight and source,
// which ReadPlaces reads back.
func PlacesLayer(ps []Place) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, p := range ps {
		f := geojson.NewFeature(p.Point)
		f.Properties["id"] = p.ID
		f.Properties["name"] = p.Name
		f.Properties["country"] = p.Country
		f.Properties["weight"] = p.Weight
		f.Properties["source"] = p.Source
		fc.Append(f)
	}
	return fc
}

// SegmentsLayer returns the segments as a FeatureCollection of LineString
// features with the properties id, a, b, length_km and the remoteness
// distances settlement_km_a ... crossing_km_b, null where a distance is
// +Inf (no site of the kind on that side). Geometries are copied.
func SegmentsLayer(ss []Segment) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, s := range ss {
		f := geojson.NewFeature(orb.Clone(s.Line))
		f.Properties["id"] = s.ID
		f.Properties["a"] = s.A
		f.Properties["b"] = s.B
		f.Properties["length_km"] = s.LengthKm
		for i, km := range s.Remote.kms() {
			if math.IsInf(*km, 1) {
				f.Properties[segmentKmProps[i]] = nil
			} else {
				f.Properties[segmentKmProps[i]] = *km
			}
		}
		fc.Append(f)
	}
	return fc
}

// WriteLayer writes fc to path as RFC 7946 GeoJSON, one feature a line,
// through an atomic write (a temporary file, renamed). Polygon rings are
// rewound (outer rings counter-clockwise, holes clockwise, by the sign of
// their planar area in lon/lat) and closed where the last position is missing; crs members are
// dropped. fc is not changed. A position that is not a finite lon/lat, a
// ring of fewer than four positions or a NaN or infinite property is an
// error naming the feature, and nothing is written.
func WriteLayer(path string, fc *geojson.FeatureCollection) error {
	if fc == nil {
		return &FeatureError{File: path, Index: -1, Err: wrapf(ErrNotFeatureCollection, "nil FeatureCollection")}
	}
	// The features are checked as they are written, in one pass: a
	// refused one leaves no file, and its error is returned as it is.
	var refused *FeatureError
	err := atomicfile.Write(path, func(w io.Writer) error {
		err := encode(w, path, fc, true)
		errors.As(err, &refused)
		return err
	})
	if refused != nil {
		return refused
	}
	return err
}

// rfc7946 returns a copy of fc that follows RFC 7946, or an error naming
// file and the offending feature.
func rfc7946(file string, fc *geojson.FeatureCollection) (*geojson.FeatureCollection, error) {
	if fc == nil {
		return nil, &FeatureError{File: file, Index: -1, Err: wrapf(ErrNotFeatureCollection, "nil FeatureCollection")}
	}
	out := &geojson.FeatureCollection{
		Type:         "FeatureCollection",
		BBox:         fc.BBox,
		Features:     make([]*geojson.Feature, len(fc.Features)),
		ExtraMembers: withoutCRS(fc.ExtraMembers),
	}
	for i, f := range fc.Features {
		if f == nil {
			return nil, &FeatureError{File: file, Index: i, Err: wrapf(ErrNotFeatureCollection, "nil Feature")}
		}
		g, err := RFC7946Geometry(f.Geometry)
		if err != nil {
			return nil, &FeatureError{File: file, Index: i, Err: err}
		}
		if k, err := CheckProperties(f.Properties); err != nil {
			return nil, &FeatureError{File: file, Index: i, Property: k, Err: err}
		}
		nf := *f
		nf.Geometry = g
		nf.ExtraMembers = withoutCRS(f.ExtraMembers)
		out.Features[i] = &nf
	}
	return out, nil
}

// CheckProperties reports the first property of props, in key order,
// whose value cannot be written as JSON (NaN, ±Inf, or a value
// encoding/json refuses), with an error wrapping ErrBadProperty. It finds
// it without sorting the keys, so the error is the same from run to run.
func CheckProperties(props geojson.Properties) (key string, err error) {
	for k, v := range props {
		if err == nil || k < key {
			if verr := checkPropertyValue(v); verr != nil {
				key, err = k, verr
			}
		}
	}
	return key, err
}

func checkPropertyValue(v any) error {
	switch v := v.(type) {
	case nil, bool, string, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return wrapf(ErrBadProperty, "%v is not a JSON number", v)
		}
		return nil
	case float32:
		return checkPropertyValue(float64(v))
	}
	if _, err := json.Marshal(v); err != nil {
		return wrapf(ErrBadProperty, "%T: %v", v, err)
	}
	return nil
}

func withoutCRS(m geojson.Properties) geojson.Properties {
	if _, ok := m["crs"]; !ok {
		return m
	}
	c := m.Clone()
	delete(c, "crs")
	return c
}

// RFC7946Geometry checks g as RFC 7946 wants it (finite lon/lat
// positions, enough of them for the type) and returns g with its polygons
// closed and rewound (outer rings counter-clockwise, holes clockwise),
// Rings and Bounds made Polygons, copying what it changes. WriteLayer
// applies it to every feature; other writers of lon/lat layers can too.
func RFC7946Geometry(g orb.Geometry) (orb.Geometry, error) {
	checkAll := func(pts []orb.Point, min int) error {
		if len(pts) < min {
			return wrapf(ErrEmptyGeometry, "%d positions, at least %d needed", len(pts), min)
		}
		for j, p := range pts {
			if err := checkLonLat(p); err != nil {
				return wrapf(ErrBadCoordinate, "position %d: %v", j, err)
			}
		}
		return nil
	}
	switch g := g.(type) {
	case nil:
		return nil, nil
	case orb.Point:
		if err := checkLonLat(g); err != nil {
			return nil, wrapf(ErrBadCoordinate, "%v", err)
		}
		return g, nil
	case orb.MultiPoint:
		return g, checkAll(g, 1)
	case orb.LineString:
		return g, checkAll(g, 2)
	case orb.MultiLineString:
		if len(g) == 0 {
			return nil, wrapf(ErrEmptyGeometry, "MultiLineString without lines")
		}
		for i, ls := range g {
			if err := checkAll(ls, 2); err != nil {
				return nil, fmt.Errorf("line %d: %w", i, err)
			}
		}
		return g, nil
	case orb.Ring:
		return rewindPolygon(orb.Polygon{g})
	case orb.Polygon:
		return rewindPolygon(g)
	case orb.MultiPolygon:
		if len(g) == 0 {
			return nil, wrapf(ErrEmptyGeometry, "MultiPolygon without polygons")
		}
		mp := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			rp, err := rewindPolygon(p)
			if err != nil {
				return nil, fmt.Errorf("polygon %d: %w", i, err)
			}
			mp[i] = rp
		}
		return mp, nil
	case orb.Bound:
		return rewindPolygon(g.ToPolygon())
	case orb.Collection:
		c := make(orb.Collection, len(g))
		for i, m := range g {
			rm, err := RFC7946Geometry(m)
			if err != nil {
				return nil, fmt.Errorf("geometry %d: %w", i, err)
			}
			c[i] = rm
		}
		return c, nil
	}
	return nil, wrapf(ErrGeometryType, "%T is not a GeoJSON geometry", g)
}

// rewindPolygon returns a copy of p with closed rings, the outer ring
// counter-clockwise and the holes clockwise.
func rewindPolygon(p orb.Polygon) (orb.Polygon, error) {
	if len(p) == 0 {
		return nil, wrapf(ErrEmptyGeometry, "polygon without rings")
	}
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		for j, q := range r {
			if err := checkLonLat(q); err != nil {
				return nil, wrapf(ErrBadCoordinate, "ring %d, position %d: %v", i, j, err)
			}
		}
		ring := slices.Clone(r)
		if len(ring) > 0 && ring[0] != ring[len(ring)-1] {
			ring = append(ring, ring[0])
		}
		if len(ring) < 4 {
			return nil, wrapf(ErrEmptyGeometry, "ring %d has %d positions, at least 4 needed", i, len(ring))
		}
		want := orb.CCW
		if i > 0 {
			want = orb.CW
		}
		if o := ring.Orientation(); o != 0 && o != want {
			ring.Reverse()
		}
		out[i] = ring
	}
	return out, nil
}
