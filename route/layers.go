package route

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/parallel"
)

// NodesLayer returns the nodes of g as GeoJSON Points with the properties
// id, kind, name, country and feature (the geo feature it came from), in ID
// order; an empty layer for a nil graph.
func NodesLayer(g *Graph) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	if g == nil {
		return fc
	}
	// The features are made in one array, each string boxed once.
	c := g.c
	feats := make([]geojson.Feature, len(c.nodes))
	fc.Features = make([]*geojson.Feature, len(c.nodes))
	strs := c.boxedStrs()
	var kinds [256]any
	for i := range c.nodes {
		n := &c.nodes[i]
		if kinds[n.Kind] == nil {
			kinds[n.Kind] = n.Kind.String()
		}
		f := &feats[i]
		f.Type, f.Geometry = "Feature", n.Point
		f.Properties = geojson.Properties{
			"id":      int64(i),
			"kind":    kinds[n.Kind],
			"name":    strs[n.name],
			"country": strs[n.country],
			"feature": strs[n.feature],
		}
		fc.Features[i] = f
	}
	return fc
}

// boxedStrs returns the interned strings of c boxed into property values,
// so that a layer's features share one box for each.
func (c *core) boxedStrs() []any {
	strs := make([]any, len(c.strs))
	for i, s := range c.strs {
		strs[i] = s
	}
	return strs
}

// EdgesLayer returns the edges of g as GeoJSON LineStrings with the
// properties id, from, to, kind, modes ("foot|horse"), length_km, hours,
// country, country2 and feature, and weight when withWeight is true (null
// for +Inf, a forbidden edge), in ID order. The layer holds all that is
// needed to rebuild the graph and recompute a route (see ReadGraph).
func EdgesLayer(g *Graph, withWeight bool) *geojson.FeatureCollection {
	return edgesLayer(g, withWeight, nil)
}

// EdgeColumn is one more number property of an edge layer: Values[id] for
// edge id, null for +Inf.
type EdgeColumn struct {
	Name   string
	Values []float64
}

// edgeProps are the property names EdgesLayer uses.
var edgeProps = []string{"id", "from", "to", "kind", "modes", "length_km", "hours", "country", "country2", "feature", "weight"}

// EdgesLayerWith returns EdgesLayer(g, withWeight) with one more property
// per column, or an error naming a column whose name EdgesLayer or an
// earlier column uses, or whose length is not the number of edges of g.
func EdgesLayerWith(g *Graph, withWeight bool, cols ...EdgeColumn) (*geojson.FeatureCollection, error) {
	n := 0
	if g != nil {
		n = len(g.c.edges)
	}
	for i, col := range cols {
		if slices.Contains(edgeProps, col.Name) || slices.ContainsFunc(cols[:i], func(c EdgeColumn) bool { return c.Name == col.Name }) {
			return nil, fmt.Errorf("%w: edge column %q: the name is taken", ErrBadParameter, col.Name)
		}
		if len(col.Values) != n {
			return nil, fmt.Errorf("%w: edge column %q has %d values for %d edges", ErrBadParameter, col.Name, len(col.Values), n)
		}
	}
	return edgesLayer(g, withWeight, cols), nil
}

// edgesLayer is EdgesLayerWith without the checks. The features and their
// lines are made in one array each (a line's capacity ends with it), each
// string is boxed into a property value once, and the property maps, made
// at their final sizes, are filled on all cores.
func edgesLayer(g *Graph, withWeight bool, cols []EdgeColumn) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	if g == nil {
		return fc
	}
	c := g.c
	n := len(c.edges)
	feats := make([]geojson.Feature, n)
	fc.Features = make([]*geojson.Feature, n)
	pts := make([]orb.Point, 0, len(c.pts)+2*(n-len(c.lineEdge)))
	var (
		strs         = c.boxedStrs()
		kinds, modes [256]any
		nodes        = make([]any, len(c.nodes))
	)
	for id := range c.edges {
		r := &c.edges[id]
		start := len(pts)
		pts = g.edgeLine(id, pts)
		f := &feats[id]
		f.Type, f.Geometry = "Feature", orb.LineString(pts[start:len(pts):len(pts)])
		fc.Features[id] = f
		if kinds[r.kind] == nil {
			kinds[r.kind] = r.kind.String()
		}
		if modes[r.modes] == nil {
			modes[r.modes] = r.modes.String()
		}
		for _, v := range [2]int32{r.from, r.to} {
			if nodes[v] == nil {
				nodes[v] = int64(v)
			}
		}
	}
	size := 10 + len(cols)
	if withWeight {
		size++
	}
	num := func(w float64) any {
		if math.IsInf(w, 1) {
			return nil
		}
		return w
	}
	parallel.For(n, 2048, func(id int) {
		r := &c.edges[id]
		p := make(geojson.Properties, size)
		p["id"] = id
		p["from"], p["to"] = nodes[r.from], nodes[r.to]
		p["kind"], p["modes"] = kinds[r.kind], modes[r.modes]
		p["length_km"], p["hours"] = c.length[id], c.hours[id]
		p["country"], p["country2"], p["feature"] = strs[r.country], strs[c.country2(id)], strs[r.feature]
		if withWeight {
			p["weight"] = num(g.w[id])
		}
		for _, col := range cols {
			p[col.Name] = num(col.Values[id])
		}
		feats[id].Properties = p
	})
	return fc
}

// PathsLayer returns the paths as GeoJSON LineStrings with the properties
// rank (1-based, in the order given), weight, length_km, hours, nodes and
// edges (IDs joined by commas, e.g. "3,17,42"), or an error naming a path
// with an edge or node g does not have.
func PathsLayer(g *Graph, paths []Path) (*geojson.FeatureCollection, error) {
	fc := geojson.NewFeatureCollection()
	for i, p := range paths {
		if err := g.checkPath(p); err != nil {
			return nil, fmt.Errorf("path %d: %w", i, err)
		}
		line := p.Line
		if len(line) < 2 {
			line = orb.LineString{}
			for _, v := range p.Nodes {
				line = append(line, g.c.nodes[v].Point)
			}
		}
		f := geojson.NewFeature(line)
		f.Properties = geojson.Properties{
			"rank":      i + 1,
			"weight":    p.Weight,
			"length_km": p.LengthKm,
			"hours":     p.Hours,
			"nodes":     joinIDs(p.Nodes),
			"edges":     joinIDs(p.Edges),
		}
		fc.Append(f)
	}
	return fc, nil
}

func joinIDs[T int | int64](ids []T) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(int64(id), 10))
	}
	return b.String()
}

// WriteGraph writes the node and edge layers of g into the folder dir as
// route-nodes.geojson and route-edges.geojson (with weights when
// withWeight), each atomically.
func WriteGraph(dir string, g *Graph, withWeight bool) error {
	if err := geo.WriteLayer(filepath.Join(dir, "route-nodes.geojson"), NodesLayer(g)); err != nil {
		return err
	}
	return geo.WriteLayer(filepath.Join(dir, "route-edges.geojson"), EdgesLayer(g, withWeight))
}

// ReadGraph rebuilds a graph from a node layer and an edge layer written
// by NodesLayer and EdgesLayer (weights from the weight property when
// present, null meaning +Inf; lengths otherwise). Node and edge IDs must
// run 0, 1, 2, … in the layers' order. Errors are *geo.FeatureError naming
// the layer ("nodes" or "edges") and the feature, with the property in the
// message; bad input never panics.
func ReadGraph(nodes, edges *geojson.FeatureCollection) (*Graph, error) {
	if nodes == nil || edges == nil {
		return nil, fmt.Errorf("%w: nil layer", ErrBadParameter)
	}
	b := NewBuilder()
	for i, f := range nodes.Features {
		if err := readNode(b, f, i); err != nil {
			return nil, &geo.FeatureError{File: "nodes", Index: i, Err: err}
		}
	}
	w := make([]float64, 0, len(edges.Features))
	for i, f := range edges.Features {
		x, err := readEdge(b, f, i)
		if err != nil {
			return nil, &geo.FeatureError{File: "edges", Index: i, Err: err}
		}
		w = append(w, x)
	}
	return b.Graph().WithWeights(w)
}

// readNode adds the node of feature i of a node layer to b.
func readNode(b *Builder, f *geojson.Feature, i int) error {
	if f == nil {
		return fmt.Errorf("%w: null", ErrBadParameter)
	}
	pt, ok := f.Geometry.(orb.Point)
	if !ok || !finiteLonLat(pt) {
		return fmt.Errorf("%w: geometry %v, want a lon/lat Point", ErrBadParameter, f.Geometry)
	}
	if err := wantID(f.Properties, "id", i); err != nil {
		return err
	}
	vals, err := propStrings(f.Properties, "kind", "name", "country", "feature")
	if err != nil {
		return err
	}
	kind, err := ParseNodeKind(vals[0])
	if err != nil {
		return err
	}
	b.AddNode(Node{Kind: kind, Name: vals[1], Country: vals[2], Point: pt, Feature: vals[3]})
	return nil
}

// readEdge adds the edge of feature i of an edge layer to b and returns its
// weight.
func readEdge(b *Builder, f *geojson.Feature, i int) (float64, error) {
	if f == nil {
		return 0, fmt.Errorf("%w: null", ErrBadParameter)
	}
	p := f.Properties
	if err := wantID(p, "id", i); err != nil {
		return 0, err
	}
	var ends [2]int64
	for k, key := range []string{"from", "to"} {
		x, err := propNumber(p, key)
		if err != nil {
			return 0, err
		}
		if x != math.Trunc(x) || x < 0 || x >= float64(b.NumNodes()) {
			return 0, fmt.Errorf("%w: property %q is %v, not a node ID", ErrUnknownNode, key, x)
		}
		ends[k] = int64(x)
	}
	km, err := propNumber(p, "length_km")
	if err != nil {
		return 0, err
	}
	hours, err := propNumber(p, "hours")
	if err != nil {
		return 0, err
	}
	strs, err := propStrings(p, "kind", "modes", "country", "country2", "feature")
	if err != nil {
		return 0, err
	}
	kind, err := ParseEdgeKind(strs[0])
	if err != nil {
		return 0, err
	}
	modes, err := ParseModes(strs[1])
	if err != nil {
		return 0, err
	}
	line, _ := f.Geometry.(orb.LineString)
	for _, pt := range line {
		if !finiteLonLat(pt) {
			return 0, fmt.Errorf("%w: point %v is not a finite lon/lat", ErrBadEdge, pt)
		}
	}
	if _, err := b.AddEdge(Edge{From: ends[0], To: ends[1], Kind: kind, Modes: modes,
		LengthKm: km, Hours: hours, Country: strs[2], Country2: strs[3], Feature: strs[4], Line: line}); err != nil {
		return 0, err
	}
	x, ok := p["weight"]
	switch xf, isNum := number(x); {
	case !ok:
		return km, nil
	case x == nil:
		return math.Inf(1), nil
	case isNum:
		return xf, nil
	}
	return 0, fmt.Errorf("%w: property \"weight\" is %v", ErrBadWeight, x)
}

// propNumber returns the number property key: a float64 as decoded JSON
// gives it, or any Go integer or float type as NodesLayer and EdgesLayer
// set it in memory.
func propNumber(p geojson.Properties, key string) (float64, error) {
	if x, ok := number(p[key]); ok {
		return x, nil
	}
	return 0, fmt.Errorf("%w: property %q is %v, want a number", ErrBadParameter, key, p[key])
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// propStrings returns the string properties keys, in order (see propString).
func propStrings(p geojson.Properties, keys ...string) ([]string, error) {
	out := make([]string, len(keys))
	for i, key := range keys {
		v, err := propString(p, key)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// propString returns the string property key; missing or null is "".
func propString(p geojson.Properties, key string) (string, error) {
	switch v := p[key].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	default:
		return "", fmt.Errorf("%w: property %q is %v, want a string", ErrBadParameter, key, v)
	}
}

func wantID(p geojson.Properties, key string, i int) error {
	x, err := propNumber(p, key)
	if err != nil {
		return err
	}
	if x != float64(i) {
		return fmt.Errorf("%w: property %q is %v, want %d (IDs run 0, 1, 2, … in order)", ErrBadParameter, key, x, i)
	}
	return nil
}
