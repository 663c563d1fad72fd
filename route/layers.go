package route

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
)

// NodesLayer returns the nodes of g as GeoJSON Points with the properties
// id, kind, name, country and feature (the geo feature it came from), in ID
// order.
func NodesLayer(g *Graph) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for i := range g.c.nodes {
		n := &g.c.nodes[i]
		f := geojson.NewFeature(n.Point)
		f.Properties = geojson.Properties{
			"id":      n.ID,
			"kind":    n.Kind.String(),
			"name":    n.Name,
			"country": n.Country,
			"feature": n.Feature,
		}
		fc.Append(f)
	}
	return fc
}

// EdgesLayer returns the edges of g as GeoJSON LineStrings with the
// properties id, from, to, kind, modes ("foot|horse"), length_km, hours,
// country, country2 and feature, and weight when withWeight is true (null
// for +Inf, a forbidden edge), in ID order. The layer holds all that is
// needed to rebuild the graph and recompute a route (see ReadEdges).
func EdgesLayer(g *Graph, withWeight bool) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for id := range g.c.edges {
		e := g.EdgeAt(id)
		f := geojson.NewFeature(e.Line)
		f.Properties = geojson.Properties{
			"id":        e.ID,
			"from":      e.From,
			"to":        e.To,
			"kind":      e.Kind.String(),
			"modes":     e.Modes.String(),
			"length_km": e.LengthKm,
			"hours":     e.Hours,
			"country":   e.Country,
			"country2":  e.Country2,
			"feature":   e.Feature,
		}
		if withWeight {
			if w := g.w[id]; math.IsInf(w, 1) {
				f.Properties["weight"] = nil
			} else {
				f.Properties["weight"] = w
			}
		}
		fc.Append(f)
	}
	return fc
}

// PathsLayer returns the paths as GeoJSON LineStrings with the properties
// rank (1-based, in the order given), weight, length_km, hours, nodes and
// edges (IDs joined by commas, e.g. "3,17,42").
func PathsLayer(g *Graph, paths []Path) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for i, p := range paths {
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
	return fc
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
// run 0, 1, 2, … in the files' order. Errors name the layer and feature.
func ReadGraph(nodes, edges *geojson.FeatureCollection) (*Graph, error) {
	b := NewBuilder()
	for i, f := range nodes.Features {
		pt, ok := f.Geometry.(orb.Point)
		if !ok {
			return nil, fmt.Errorf("%w: nodes: feature %d: geometry %T, want Point", ErrBadEdge, i, f.Geometry)
		}
		if id, ok := f.Properties["id"].(float64); !ok || id != float64(i) {
			return nil, fmt.Errorf("%w: nodes: feature %d: id %v, want %d", ErrUnknownNode, i, f.Properties["id"], i)
		}
		kind, err := ParseNodeKind(f.Properties.MustString("kind", ""))
		if err != nil {
			return nil, fmt.Errorf("nodes: feature %d: %w", i, err)
		}
		b.AddNode(Node{Kind: kind, Name: f.Properties.MustString("name", ""), Country: f.Properties.MustString("country", ""),
			Point: pt, Feature: f.Properties.MustString("feature", "")})
	}
	var w []float64
	for i, f := range edges.Features {
		p := f.Properties
		num := func(key string) (float64, error) {
			x, ok := p[key].(float64)
			if !ok {
				return 0, fmt.Errorf("%w: edges: feature %d: property %q is %v, want a number", ErrBadEdge, i, key, p[key])
			}
			return x, nil
		}
		var vals [5]float64
		for k, key := range []string{"id", "from", "to", "length_km", "hours"} {
			x, err := num(key)
			if err != nil {
				return nil, err
			}
			vals[k] = x
		}
		if vals[0] != float64(i) {
			return nil, fmt.Errorf("%w: edges: feature %d: id %v, want %d", ErrBadEdge, i, vals[0], i)
		}
		kind, err := ParseEdgeKind(p.MustString("kind", ""))
		if err != nil {
			return nil, fmt.Errorf("edges: feature %d: %w", i, err)
		}
		modes, err := ParseModes(p.MustString("modes", ""))
		if err != nil {
			return nil, fmt.Errorf("edges: feature %d: %w", i, err)
		}
		line, _ := f.Geometry.(orb.LineString)
		if _, err := b.AddEdge(Edge{From: int64(vals[1]), To: int64(vals[2]), Kind: kind, Modes: modes,
			LengthKm: vals[3], Hours: vals[4], Country: p.MustString("country", ""), Country2: p.MustString("country2", ""),
			Feature: p.MustString("feature", ""), Line: line}); err != nil {
			return nil, fmt.Errorf("edges: feature %d: %w", i, err)
		}
		if x, ok := p["weight"]; ok {
			if x == nil {
				w = append(w, math.Inf(1))
			} else if xf, ok := x.(float64); ok {
				w = append(w, xf)
			} else {
				return nil, fmt.Errorf("%w: edges: feature %d: weight %v", ErrBadWeight, i, x)
			}
		} else {
			w = append(w, vals[3])
		}
	}
	return b.Graph().WithWeights(w)
}
