package topojson

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// Subset returns a new topology holding one object, a GeometryCollection
// named object with the top-level members of t's object that keep returns
// true for, and only the arcs those members use, renumbered in their
// original order. Transform is kept; BBox, when t has one, is recomputed
// from the arcs and points kept. The result shares no memory with t.
func (t *Topology) Subset(object string, keep func(g *Geometry) bool) (*Topology, error) {
	obj, ok := t.Objects[object]
	if !ok || obj == nil {
		return nil, &geo.FeatureError{File: t.Name, Index: -1, Err: fmt.Errorf("%w: %q (have %q)", ErrNoObject, object, t.ObjectNames())}
	}
	members := []*Geometry{obj}
	if obj.Type == "GeometryCollection" {
		members = obj.Geometries
	}
	var kept []*Geometry
	for _, m := range members {
		if m != nil && keep(m) {
			kept = append(kept, m)
		}
	}
	used := make([]bool, len(t.Arcs))
	var mark func(g *Geometry) error
	mark = func(g *Geometry) error {
		for _, refs := range allRefs(g) {
			for _, ref := range refs {
				i, err := t.arc(ref)
				if err != nil {
					return err
				}
				used[i] = true
			}
		}
		for _, m := range g.Geometries {
			if m != nil {
				if err := mark(m); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for i, m := range kept {
		if err := mark(m); err != nil {
			return nil, &geo.FeatureError{File: t.Name, Index: i, Property: "arcs", Err: err}
		}
	}
	renum := make([]int, len(t.Arcs))
	out := &Topology{Name: t.Name, Objects: map[string]*Geometry{}}
	if t.Transform != nil {
		tr := *t.Transform
		out.Transform = &tr
	}
	for i, u := range used {
		if u {
			renum[i] = len(out.Arcs)
			out.Arcs = append(out.Arcs, append(orb.LineString(nil), t.Arcs[i]...))
		}
	}
	var copyGeom func(g *Geometry) *Geometry
	copyGeom = func(g *Geometry) *Geometry {
		c := &Geometry{Type: g.Type, ID: g.ID, Properties: copyProps(g.Properties)}
		c.Points = append([]orb.Point(nil), g.Points...)
		re := func(refs []int) []int {
			r := make([]int, len(refs))
			for k, ref := range refs {
				if ref < 0 {
					r[k] = ^renum[^ref]
				} else {
					r[k] = renum[ref]
				}
			}
			return r
		}
		for _, l := range g.Lines {
			c.Lines = append(c.Lines, re(l))
		}
		for _, p := range g.Polygons {
			var rings [][]int
			for _, r := range p {
				rings = append(rings, re(r))
			}
			c.Polygons = append(c.Polygons, rings)
		}
		for _, m := range g.Geometries {
			if m != nil {
				c.Geometries = append(c.Geometries, copyGeom(m))
			}
		}
		return c
	}
	coll := &Geometry{Type: "GeometryCollection"}
	for _, m := range kept {
		coll.Geometries = append(coll.Geometries, copyGeom(m))
	}
	out.Objects[object] = coll
	if t.BBox != nil {
		b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
		for _, a := range out.Arcs {
			b = b.Union(a.Bound())
		}
		var pts func(g *Geometry)
		pts = func(g *Geometry) {
			for _, p := range g.Points {
				b = b.Extend(p)
			}
			for _, m := range g.Geometries {
				pts(m)
			}
		}
		pts(coll)
		if b.Min[0] <= b.Max[0] {
			out.BBox = []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
		}
	}
	return out, nil
}

// allRefs returns the arc reference lists of g itself (not its members).
func allRefs(g *Geometry) [][]int {
	refs := append([][]int(nil), g.Lines...)
	for _, p := range g.Polygons {
		refs = append(refs, p...)
	}
	return refs
}

func copyProps(p map[string]any) map[string]any {
	if p == nil {
		return nil
	}
	// Properties are JSON values; a round trip is the simplest deep copy.
	data, err := json.Marshal(p)
	if err != nil {
		return nil
	}
	var c map[string]any
	if json.Unmarshal(data, &c) != nil {
		return nil
	}
	return c
}

// Encode writes t as TopoJSON, one arc and one top-level geometry a line.
// With a Transform the arcs are quantized and delta-encoded: positions are
// snapped to the transform's grid, which leaves those decoded from it
// unchanged. Objects are written sorted by name, IDs as strings.
func (t *Topology) Encode(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"type":"Topology"`)
	if t.BBox != nil {
		data, err := json.Marshal(t.BBox)
		if err != nil {
			return fmt.Errorf("topojson: encode bbox: %w", err)
		}
		bw.WriteString(`,"bbox":`)
		bw.Write(data)
	}
	if tr := t.Transform; tr != nil {
		fmt.Fprintf(bw, `,"transform":{"scale":[%s,%s],"translate":[%s,%s]}`,
			num(tr.Scale[0]), num(tr.Scale[1]), num(tr.Translate[0]), num(tr.Translate[1]))
	}
	bw.WriteString(`,"objects":{`)
	for k, name := range t.ObjectNames() {
		if k > 0 {
			bw.WriteString(",")
		}
		key, _ := json.Marshal(name)
		bw.Write(key)
		bw.WriteString(":")
		if err := t.encodeGeometry(bw, t.Objects[name], true); err != nil {
			return fmt.Errorf("topojson: encode object %q: %w", name, err)
		}
	}
	bw.WriteString("},\n\"arcs\":[")
	for i, a := range t.Arcs {
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n[")
		var px, py float64
		for k, p := range a {
			if k > 0 {
				bw.WriteString(",")
			}
			x, y := p[0], p[1]
			if tr := t.Transform; tr != nil {
				q := tr.snap(p)
				x, y = q[0]-px, q[1]-py
				px, py = q[0], q[1]
			}
			if !finite(orb.Point{x, y}) {
				return fmt.Errorf("topojson: encode arc %d position %d: %v is not finite", i, k, p)
			}
			fmt.Fprintf(bw, "[%s,%s]", num(x), num(y))
		}
		bw.WriteString("]")
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// num formats x as the shortest JSON number that reads back as x.
func num(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e21 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

type jsonGeometry struct {
	Type        *string         `json:"type"`
	ID          string          `json:"id,omitempty"`
	Properties  *map[string]any `json:"properties,omitempty"` // nil: absent; {} kept
	Arcs        any             `json:"arcs,omitempty"`
	Coordinates any             `json:"coordinates,omitempty"`
	Geometries  json.RawMessage `json:"geometries,omitempty"`
}

func (t *Topology) encodeGeometry(w *bufio.Writer, g *Geometry, top bool) error {
	if g == nil {
		g = &Geometry{}
	}
	jg := jsonGeometry{ID: g.ID}
	if g.Properties != nil {
		jg.Properties = &g.Properties
	}
	if g.Type != "" {
		typ := g.Type
		jg.Type = &typ
	}
	switch g.Type {
	case "Point":
		if len(g.Points) != 1 {
			return fmt.Errorf("%w: a Point with %d positions", geo.ErrGeometryType, len(g.Points))
		}
		jg.Coordinates = t.quantize(g.Points[0])
	case "MultiPoint":
		c := make([][2]json.Number, len(g.Points))
		for k, p := range g.Points {
			c[k] = t.quantize(p)
		}
		jg.Coordinates = c
	case "LineString":
		if len(g.Lines) != 1 {
			return fmt.Errorf("%w: a LineString with %d lines", geo.ErrGeometryType, len(g.Lines))
		}
		jg.Arcs = nonNil(g.Lines[0])
	case "MultiLineString":
		jg.Arcs = nonNil2(g.Lines)
	case "Polygon":
		if len(g.Polygons) != 1 {
			return fmt.Errorf("%w: a Polygon with %d polygons", geo.ErrGeometryType, len(g.Polygons))
		}
		jg.Arcs = nonNil2(g.Polygons[0])
	case "MultiPolygon":
		p := make([][][]int, len(g.Polygons))
		for k, rings := range g.Polygons {
			p[k] = nonNil2(rings)
		}
		jg.Arcs = p
	}
	if g.Type != "GeometryCollection" {
		data, err := json.Marshal(jg)
		if err != nil {
			return err
		}
		w.Write(data)
		return nil
	}
	// A collection: its members one a line at the top level.
	head, err := json.Marshal(jg)
	if err != nil {
		return err
	}
	w.Write(head[:len(head)-1]) // without the closing brace
	w.WriteString(`,"geometries":[`)
	for k, m := range g.Geometries {
		if k > 0 {
			w.WriteString(",")
		}
		if top {
			w.WriteString("\n")
		}
		if err := t.encodeGeometry(w, m, false); err != nil {
			return err
		}
	}
	w.WriteString("]}")
	return nil
}

func (t *Topology) quantize(p orb.Point) [2]json.Number {
	if tr := t.Transform; tr != nil {
		p = tr.snap(p)
	}
	return [2]json.Number{json.Number(num(p[0])), json.Number(num(p[1]))}
}

// snap returns the quantized position nearest p: the inverse of Apply,
// rounded to the grid.
func (tr *Transform) snap(p orb.Point) orb.Point {
	return orb.Point{
		math.Round((p[0] - tr.Translate[0]) / tr.Scale[0]),
		math.Round((p[1] - tr.Translate[1]) / tr.Scale[1]),
	}
}

func nonNil(l []int) []int {
	if l == nil {
		return []int{}
	}
	return l
}

func nonNil2(l [][]int) [][]int {
	out := make([][]int, len(l))
	for k, x := range l {
		out[k] = nonNil(x)
	}
	return out
}
