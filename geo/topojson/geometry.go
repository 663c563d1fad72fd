package topojson

import (
	"fmt"
	"sort"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// A CodeFunc returns the ISO 3166-1 alpha-3 code of the country that a
// geometry with the given id and properties stands for, and false for a
// geometry to leave out.
type CodeFunc func(id string, props map[string]any) (code string, ok bool)

// Line returns the positions of the referenced arcs joined in order: a
// negative reference ^i is arc i reversed, and each arc after the first
// drops its first position, which repeats the previous arc's last.
func (t *Topology) Line(arcs []int) (orb.LineString, error) {
	var ls orb.LineString
	for k, ref := range arcs {
		i, err := t.arc(ref)
		if err != nil {
			return nil, err
		}
		a := t.Arcs[i]
		start := 0
		if k > 0 {
			start = 1
		}
		if ref >= 0 {
			ls = append(ls, a[min(start, len(a)):]...)
		} else {
			for j := len(a) - 1 - start; j >= 0; j-- {
				ls = append(ls, a[j])
			}
		}
	}
	return ls, nil
}

// Polygon returns the polygon whose rings are made of the referenced arcs.
// A ring that does not end where it starts gives geo.ErrUnclosedRing.
func (t *Topology) Polygon(rings [][]int) (orb.Polygon, error) {
	p := make(orb.Polygon, 0, len(rings))
	for k, r := range rings {
		ls, err := t.Line(r)
		if err != nil {
			return nil, err
		}
		if len(ls) == 0 {
			return nil, fmt.Errorf("%w: ring %d has no arcs", geo.ErrEmptyGeometry, k)
		}
		if ls[0] != ls[len(ls)-1] {
			return nil, fmt.Errorf("%w: ring %d starts at %v and ends at %v", geo.ErrUnclosedRing, k, ls[0], ls[len(ls)-1])
		}
		p = append(p, orb.Ring(ls))
	}
	return p, nil
}

// Geometry returns g as an orb geometry: Point, MultiPoint, LineString,
// MultiLineString, Polygon, MultiPolygon or Collection; nil for a null
// geometry.
func (t *Topology) Geometry(g *Geometry) (orb.Geometry, error) {
	switch g.Type {
	case "":
		return nil, nil
	case "Point":
		if len(g.Points) != 1 {
			return nil, fmt.Errorf("%w: a Point with %d positions", geo.ErrGeometryType, len(g.Points))
		}
		return g.Points[0], nil
	case "MultiPoint":
		return append(orb.MultiPoint(nil), g.Points...), nil
	case "LineString", "MultiLineString":
		mls := make(orb.MultiLineString, 0, len(g.Lines))
		for _, l := range g.Lines {
			ls, err := t.Line(l)
			if err != nil {
				return nil, err
			}
			mls = append(mls, ls)
		}
		if g.Type == "LineString" {
			if len(mls) != 1 {
				return nil, fmt.Errorf("%w: a LineString with %d lines", geo.ErrGeometryType, len(mls))
			}
			return mls[0], nil
		}
		return mls, nil
	case "Polygon", "MultiPolygon":
		mp, err := t.MultiPolygon(g)
		if err != nil {
			return nil, err
		}
		if g.Type == "Polygon" {
			if len(mp) != 1 {
				return nil, fmt.Errorf("%w: a Polygon with %d polygons", geo.ErrGeometryType, len(mp))
			}
			return mp[0], nil
		}
		return mp, nil
	case "GeometryCollection":
		c := make(orb.Collection, 0, len(g.Geometries))
		for _, m := range g.Geometries {
			og, err := t.Geometry(m)
			if err != nil {
				return nil, err
			}
			if og != nil {
				c = append(c, og)
			}
		}
		return c, nil
	}
	return nil, fmt.Errorf("%w: %q", geo.ErrGeometryType, g.Type)
}

// MultiPolygon returns the polygons of a Polygon or MultiPolygon geometry
// as they are in the topology, rings in their stored orientation.
func (t *Topology) MultiPolygon(g *Geometry) (orb.MultiPolygon, error) {
	if g.Type != "Polygon" && g.Type != "MultiPolygon" {
		return nil, fmt.Errorf("%w: %q, want Polygon or MultiPolygon", geo.ErrGeometryType, g.Type)
	}
	mp := make(orb.MultiPolygon, 0, len(g.Polygons))
	for k, rings := range g.Polygons {
		p, err := t.Polygon(rings)
		if err != nil {
			return nil, fmt.Errorf("polygon %d: %w", k, err)
		}
		mp = append(mp, p)
	}
	return mp, nil
}

// walk calls fn for each Polygon or MultiPolygon geometry of object (the
// object itself, or the members of its collections at any depth) that code
// keeps, with the position of its top-level member, its code and its
// properties. A member
// of a collection with neither id nor properties takes the collection's.
// Null geometries are skipped; a kept geometry of another type is an error.
func (t *Topology) walk(object string, code CodeFunc, fn func(index int, g *Geometry, code string, props map[string]any) error) error {
	obj, ok := t.Objects[object]
	if !ok || obj == nil {
		return &geo.FeatureError{File: t.Name, Index: -1, Err: fmt.Errorf("%w: %q (have %q)", ErrNoObject, object, t.ObjectNames())}
	}
	var visit func(index int, g *Geometry, id string, props map[string]any) error
	visit = func(index int, g *Geometry, id string, props map[string]any) error {
		if g == nil || g.Type == "" {
			return nil
		}
		if g.ID != "" || g.Properties != nil {
			id, props = g.ID, g.Properties
		}
		if g.Type == "GeometryCollection" {
			for _, m := range g.Geometries {
				if err := visit(index, m, id, props); err != nil {
					return err
				}
			}
			return nil
		}
		c, ok := code(id, props)
		if !ok {
			return nil
		}
		fe := func(prop string, err error) error {
			return &geo.FeatureError{File: t.Name, Index: index, Property: prop,
				Err: fmt.Errorf("object %q id %q: %w", object, id, err)}
		}
		if c == "" {
			return fe("id", geo.ErrNoCountry)
		}
		if g.Type != "Polygon" && g.Type != "MultiPolygon" {
			return fe("type", fmt.Errorf("%w: %q, want Polygon or MultiPolygon", geo.ErrGeometryType, g.Type))
		}
		if err := fn(index, g, c, props); err != nil {
			return fe("arcs", err)
		}
		return nil
	}
	if obj.Type == "GeometryCollection" {
		for i, m := range obj.Geometries {
			if err := visit(i, m, "", nil); err != nil {
				return err
			}
		}
		return nil
	}
	return visit(0, obj, "", nil)
}

// Countries returns the countries of the named object (usually a
// GeometryCollection), one per code, sorted by code. code gives each
// geometry's alpha-3 code or leaves it out; geometries with the same code
// are merged into one country. Name is the first geometry's "name"
// property, when it is a string. A polygon crossing the antimeridian is cut
// there (geo.SplitAntimeridian). Rings are turned to the right-hand rule of
// RFC 7946 (outer rings counter-clockwise, holes clockwise, judged in the
// lon/lat plane), and rings with no area are dropped. Coordinates must be
// lon/lat: positions off the globe give geo.ErrBadCoordinate.
func (t *Topology) Countries(object string, code CodeFunc) ([]geo.Country, error) {
	return t.countries(object, code, false)
}

// countries is Countries; strict makes a ring with no area an error
// (geo.ErrInvalidPolygon naming the geometry, polygon and ring) instead of
// dropping it, as a corridor's own countries are checked.
func (t *Topology) countries(object string, code CodeFunc, strict bool) ([]geo.Country, error) {
	byCode := map[string]int{} // position in out
	var out []geo.Country
	first := map[string]int{} // index of each code's first geometry
	err := t.walk(object, code, func(index int, g *Geometry, c string, props map[string]any) error {
		mp, err := t.MultiPolygon(g)
		if err != nil {
			return err
		}
		if mp, err = geo.SplitAntimeridian(mp); err != nil {
			return err
		}
		mp, err = rightHand(mp, strict)
		if err != nil {
			return &geo.FeatureError{File: t.Name, Index: index, Property: "arcs", Err: fmt.Errorf("object %q: %w", object, err)}
		}
		k, ok := byCode[c]
		if !ok {
			name, _ := props["name"].(string)
			k = len(out)
			byCode[c] = k
			first[c] = index
			out = append(out, geo.Country{Code: c, Name: name})
		}
		out[k].Geometry = append(out[k].Geometry, mp...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range out {
		if len(c.Geometry) == 0 {
			return nil, &geo.FeatureError{File: t.Name, Index: first[c.Code], Property: "arcs",
				Err: fmt.Errorf("%w: object %q: country %s has no polygon with an area", geo.ErrEmptyGeometry, object, c.Code)}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// rightHand returns mp with outer rings counter-clockwise and holes
// clockwise, without rings that have no area (and without the polygons
// whose outer ring has none), or, when strict, an error for the first such
// ring. Positions must be lon/lat; those a hair outside the globe, by
// rounding in a transform, are clamped.
func rightHand(mp orb.MultiPolygon, strict bool) (orb.MultiPolygon, error) {
	out := make(orb.MultiPolygon, 0, len(mp))
	for pi, p := range mp {
		var poly orb.Polygon
		for ri, r := range p {
			r = append(orb.Ring(nil), r...)
			for k, q := range r {
				var ok bool
				if r[k], ok = lonLat(q); !ok {
					return nil, fmt.Errorf("%w: polygon %d ring %d position %d is %v, not lon/lat", geo.ErrBadCoordinate, pi, ri, k, q)
				}
			}
			o := r.Orientation()
			if len(r) < 4 || o == 0 {
				if strict {
					return nil, fmt.Errorf("%w: polygon %d ring %d has no area", geo.ErrInvalidPolygon, pi, ri)
				}
				if ri == 0 {
					break
				}
				continue
			}
			if (ri == 0) != (o == orb.CCW) {
				r.Reverse()
			}
			poly = append(poly, r)
		}
		if len(poly) > 0 {
			out = append(out, poly)
		}
	}
	return out, nil
}

// lonLat returns q clamped to the globe and whether it lies on it; a
// position a hair outside, by rounding in a transform, is clamped.
func lonLat(q orb.Point) (orb.Point, bool) {
	const eps = 1e-9
	if !(q[0] >= -180-eps && q[0] <= 180+eps && q[1] >= -90-eps && q[1] <= 90+eps) {
		return q, false
	}
	return orb.Point{max(-180, min(180, q[0])), max(-90, min(90, q[1]))}, true
}
