package topojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// A Topology is a decoded TopoJSON topology
// (https://github.com/topojson/topojson-specification): its arcs as
// absolute positions and its objects with arc references still as indexes.
type Topology struct {
	Name      string               // the name given to Decode, used in errors
	BBox      []float64            // the "bbox" member; nil when absent
	Transform *Transform           // nil for an unquantized topology
	Arcs      []orb.LineString     // absolute positions: deltas summed, transform applied
	Objects   map[string]*Geometry // by object name; see ObjectNames for an order
}

// A Transform maps the integer positions of a quantized topology to
// coordinates: x·Scale[0] + Translate[0], y·Scale[1] + Translate[1].
type Transform struct {
	Scale     [2]float64
	Translate [2]float64
}

// Apply returns the position of the quantized position (x, y).
func (t Transform) Apply(x, y float64) orb.Point {
	return orb.Point{x*t.Scale[0] + t.Translate[0], y*t.Scale[1] + t.Translate[1]}
}

// A Geometry is one geometry object of a topology. Arc references are
// indexes into Topology.Arcs, where ^i (that is, -i-1) means arc i reversed.
type Geometry struct {
	Type       string         // "Polygon", "MultiPolygon", "LineString", …, "GeometryCollection"; "" for a null geometry
	ID         string         // the "id" member as text (a number keeps its JSON spelling); "" when absent
	Properties map[string]any // the "properties" member; nil when absent
	Points     []orb.Point    // Point (one) and MultiPoint, transform applied
	Lines      [][]int        // LineString (one) and MultiLineString: [line][arc]
	Polygons   [][][]int      // Polygon (one) and MultiPolygon: [polygon][ring][arc]
	Geometries []*Geometry    // members of a GeometryCollection
}

// ObjectNames returns the names of the topology's objects, sorted.
func (t *Topology) ObjectNames() []string {
	return slices.Sorted(maps.Keys(t.Objects))
}

// Decode reads a TopoJSON topology from r; name (a file name, say) is used in
// errors. Quantized topologies (with a "transform": delta-encoded arcs) and
// unquantized ones are both read. Every arc reference is checked against the
// arcs, so the methods of the result need no further index checks. Bad input
// gives a *geo.FeatureError wrapping geo.ErrNotJSON, ErrNotTopology,
// ErrTransform, geo.ErrArcIndex, geo.ErrBadCoordinate, geo.ErrEmptyGeometry,
// geo.ErrGeometryType or geo.ErrBadProperty; Index is the geometry's
// position in its object's collection, or -1 for the topology as a whole.
func Decode(r io.Reader, name string) (*Topology, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &geo.FeatureError{File: name, Index: -1, Err: fmt.Errorf("%w: %v", geo.ErrNotJSON, err)}
	}
	fail := func(prop string, sentinel error, format string, args ...any) error {
		return &geo.FeatureError{File: name, Index: -1, Property: prop,
			Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
	}
	var raw struct {
		Type      json.RawMessage `json:"type"`
		BBox      json.RawMessage `json:"bbox"`
		Transform json.RawMessage `json:"transform"`
		Objects   json.RawMessage `json:"objects"`
		Arcs      json.RawMessage `json:"arcs"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) || !json.Valid(data) {
			return nil, fail("", geo.ErrNotJSON, "%v", err)
		}
		return nil, fail("", ErrNotTopology, "%v", err)
	}
	var typ string
	if err := json.Unmarshal(raw.Type, &typ); err != nil || typ != "Topology" {
		return nil, fail("type", ErrNotTopology, "type is %s, want \"Topology\"", orMissing(raw.Type))
	}
	t := &Topology{Name: name}
	if !isNull(raw.BBox) {
		if err := json.Unmarshal(raw.BBox, &t.BBox); err != nil {
			return nil, fail("bbox", ErrNotTopology, "bbox: %v", err)
		}
	}
	if !isNull(raw.Transform) {
		tr, err := decodeTransform(raw.Transform)
		if err != nil {
			return nil, fail("transform", ErrTransform, "%v", err)
		}
		t.Transform = tr
	}
	if isNull(raw.Arcs) {
		return nil, fail("arcs", ErrNotTopology, "no \"arcs\" member")
	}
	var arcs [][][]float64
	if err := json.Unmarshal(raw.Arcs, &arcs); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && strings.HasPrefix(te.Value, "number") {
			return nil, fail("arcs", geo.ErrBadCoordinate, "%v", err)
		}
		return nil, fail("arcs", ErrNotTopology, "arcs must be an array of arrays of positions: %v", err)
	}
	t.Arcs = make([]orb.LineString, len(arcs))
	for i, a := range arcs {
		if len(a) < 2 {
			return nil, fail("arcs", geo.ErrEmptyGeometry, "arc %d has %d positions, want 2 or more", i, len(a))
		}
		ls := make(orb.LineString, len(a))
		var x, y float64
		for k, pos := range a {
			if len(pos) < 2 {
				return nil, fail("arcs", geo.ErrBadCoordinate, "arc %d position %d has %d numbers", i, k, len(pos))
			}
			if t.Transform != nil {
				x, y = x+pos[0], y+pos[1]
				ls[k] = t.Transform.Apply(x, y)
			} else {
				ls[k] = orb.Point{pos[0], pos[1]}
			}
			if !finite(ls[k]) {
				return nil, fail("arcs", geo.ErrBadCoordinate, "arc %d position %d is %v", i, k, ls[k])
			}
		}
		t.Arcs[i] = ls
	}
	if isNull(raw.Objects) {
		return nil, fail("objects", ErrNotTopology, "no \"objects\" member")
	}
	var objects map[string]json.RawMessage
	if err := json.Unmarshal(raw.Objects, &objects); err != nil {
		return nil, fail("objects", ErrNotTopology, "objects must be a JSON object: %v", err)
	}
	t.Objects = make(map[string]*Geometry, len(objects))
	// In name order, so that the first error reported does not vary.
	for _, n := range slices.Sorted(maps.Keys(objects)) {
		d := &decoder{t: t, object: n, index: 0}
		g, err := d.geometry(objects[n], "", true)
		if err != nil {
			return nil, err
		}
		t.Objects[n] = g
	}
	return t, nil
}

func orMissing(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "missing"
	}
	if len(raw) > 40 {
		return string(raw[:40]) + "…"
	}
	return string(raw)
}

func isNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || bytes.Equal(raw, []byte("null"))
}

func finite(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsInf(p[0], 0) && !math.IsNaN(p[1]) && !math.IsInf(p[1], 0)
}

func decodeTransform(raw json.RawMessage) (*Transform, error) {
	var tr struct {
		Scale     []float64 `json:"scale"`
		Translate []float64 `json:"translate"`
	}
	if err := json.Unmarshal(raw, &tr); err != nil {
		return nil, err
	}
	if len(tr.Scale) != 2 || len(tr.Translate) != 2 {
		return nil, fmt.Errorf("scale and translate must hold 2 numbers each, have %d and %d", len(tr.Scale), len(tr.Translate))
	}
	out := &Transform{Scale: [2]float64(tr.Scale), Translate: [2]float64(tr.Translate)}
	for k := 0; k < 2; k++ {
		if out.Scale[k] == 0 || math.IsInf(out.Scale[k], 0) || math.IsInf(out.Translate[k], 0) {
			return nil, fmt.Errorf("scale %v, translate %v: scale must be finite and non-zero, translate finite", out.Scale, out.Translate)
		}
	}
	return out, nil
}

// maxDepth is how deep GeometryCollections may nest. Real topologies nest
// one level; the limit keeps hostile input from costing depth × size work.
const maxDepth = 32

// A decoder decodes the geometries of one object.
type decoder struct {
	t      *Topology
	object string
	index  int // position of the current top-level member in the object
	depth  int // of the geometry being decoded
}

func (d *decoder) fail(path, prop string, sentinel error, format string, args ...any) error {
	where := fmt.Sprintf("object %q", d.object)
	if path != "" {
		where += " " + path
	}
	return &geo.FeatureError{File: d.t.Name, Index: d.index, Property: prop,
		Err: fmt.Errorf("%w: %s: "+format, append([]any{sentinel, where}, args...)...)}
}

// geometry decodes one geometry object; path locates nested members in
// errors, and top is set for the object itself.
func (d *decoder) geometry(raw json.RawMessage, path string, top bool) (*Geometry, error) {
	var rg struct {
		Type        json.RawMessage   `json:"type"`
		ID          json.RawMessage   `json:"id"`
		Properties  json.RawMessage   `json:"properties"`
		Arcs        json.RawMessage   `json:"arcs"`
		Coordinates json.RawMessage   `json:"coordinates"`
		Geometries  []json.RawMessage `json:"geometries"`
	}
	if err := json.Unmarshal(raw, &rg); err != nil {
		return nil, d.fail(path, "", ErrNotTopology, "not a geometry object: %v", err)
	}
	g := &Geometry{}
	if !isNull(rg.Type) {
		if err := json.Unmarshal(rg.Type, &g.Type); err != nil {
			return nil, d.fail(path, "type", geo.ErrGeometryType, "type %s", orMissing(rg.Type))
		}
	}
	if id := bytes.TrimSpace(rg.ID); !isNull(id) {
		switch {
		case id[0] == '"':
			if err := json.Unmarshal(id, &g.ID); err != nil {
				return nil, d.fail(path, "id", geo.ErrBadProperty, "%v", err)
			}
		case id[0] == '-' || (id[0] >= '0' && id[0] <= '9'):
			g.ID = string(id)
		default:
			return nil, d.fail(path, "id", geo.ErrBadProperty, "id %s is neither a string nor a number", orMissing(id))
		}
	}
	if !isNull(rg.Properties) {
		if err := json.Unmarshal(rg.Properties, &g.Properties); err != nil {
			return nil, d.fail(path, "properties", geo.ErrBadProperty, "properties must be a JSON object: %v", err)
		}
	}
	switch g.Type {
	case "":
		// A null geometry: nothing more to read.
	case "Point", "MultiPoint":
		var pts [][]float64
		var err error
		if g.Type == "Point" {
			var p []float64
			err = json.Unmarshal(rg.Coordinates, &p)
			pts = [][]float64{p}
		} else {
			err = json.Unmarshal(rg.Coordinates, &pts)
		}
		if err != nil || isNull(rg.Coordinates) {
			return nil, d.fail(path, "coordinates", geo.ErrBadCoordinate, "%s coordinates %s", g.Type, orMissing(rg.Coordinates))
		}
		for k, p := range pts {
			if len(p) < 2 {
				return nil, d.fail(path, "coordinates", geo.ErrBadCoordinate, "position %d has %d numbers", k, len(p))
			}
			q := orb.Point{p[0], p[1]}
			if d.t.Transform != nil {
				q = d.t.Transform.Apply(p[0], p[1])
			}
			if !finite(q) {
				return nil, d.fail(path, "coordinates", geo.ErrBadCoordinate, "position %d is %v", k, q)
			}
			g.Points = append(g.Points, q)
		}
	case "LineString":
		var line []int
		if err := d.arcs(rg.Arcs, &line, path); err != nil {
			return nil, err
		}
		g.Lines = [][]int{line}
	case "MultiLineString":
		if err := d.arcs(rg.Arcs, &g.Lines, path); err != nil {
			return nil, err
		}
	case "Polygon":
		var rings [][]int
		if err := d.arcs(rg.Arcs, &rings, path); err != nil {
			return nil, err
		}
		g.Polygons = [][][]int{rings}
	case "MultiPolygon":
		if err := d.arcs(rg.Arcs, &g.Polygons, path); err != nil {
			return nil, err
		}
	case "GeometryCollection":
		if d.depth >= maxDepth {
			return nil, d.fail(path, "geometries", ErrNotTopology, "collections nested deeper than %d", maxDepth)
		}
		d.depth++
		defer func() { d.depth-- }()
		g.Geometries = make([]*Geometry, len(rg.Geometries))
		for i, m := range rg.Geometries {
			p := fmt.Sprintf("%s/%d", path, i)
			if top {
				d.index, p = i, ""
			}
			mg, err := d.geometry(m, p, false)
			if err != nil {
				return nil, err
			}
			g.Geometries[i] = mg
		}
		if top {
			d.index = 0
		}
	default:
		return nil, d.fail(path, "type", geo.ErrGeometryType, "unknown geometry type %q", g.Type)
	}
	return g, nil
}

// arcs decodes an "arcs" member into dst (a pointer to []int, [][]int or
// [][][]int) and checks every index against the topology's arcs.
func (d *decoder) arcs(raw json.RawMessage, dst any, path string) error {
	if isNull(raw) {
		return d.fail(path, "arcs", ErrNotTopology, "no \"arcs\" member")
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && strings.HasPrefix(te.Value, "number") {
			return d.fail(path, "arcs", geo.ErrArcIndex, "arc index not an integer: %v", err)
		}
		return d.fail(path, "arcs", ErrNotTopology, "arcs: %v", err)
	}
	check := func(line []int) error {
		for _, i := range line {
			if j := absArc(i); j >= len(d.t.Arcs) {
				return d.fail(path, "arcs", geo.ErrArcIndex, "arc %d (arc %d of %d)", i, j, len(d.t.Arcs))
			}
		}
		return nil
	}
	switch v := dst.(type) {
	case *[]int:
		return check(*v)
	case *[][]int:
		for _, l := range *v {
			if err := check(l); err != nil {
				return err
			}
		}
	case *[][][]int:
		for _, p := range *v {
			for _, l := range p {
				if err := check(l); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// absArc returns the arc that reference i points to: i, or ^i for a
// reversed arc.
func absArc(i int) int {
	if i < 0 {
		return ^i
	}
	return i
}

// arc returns the index of the arc that reference ref points to, or
// geo.ErrArcIndex when there is no such arc. Decode checks every reference,
// but a caller may change Objects afterwards.
func (t *Topology) arc(ref int) (int, error) {
	i := absArc(ref)
	if i >= len(t.Arcs) {
		return 0, fmt.Errorf("%w: arc %d (arc %d of %d)", geo.ErrArcIndex, ref, i, len(t.Arcs))
	}
	return i, nil
}
