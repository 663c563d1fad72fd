package route

import (
	"encoding/json"
	"errors"
	"flag"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/testfiles"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/route")

// golden compares fc, indented JSON, with the golden file name in
// testdata/route.
func golden(t *testing.T, name string, fc *geojson.FeatureCollection) {
	t.Helper()
	got, err := json.MarshalIndent(fc, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	testfiles.Golden(t, filepath.Join("..", "testdata", "route", name), append(got, '\n'), *update)
}

func TestLayersGolden(t *testing.T) {
	g := diamond(t)
	w := g.Weights()
	w[4] = math.Inf(1) // written as null
	w[5] = 0
	h, err := g.WithWeights(w)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "diamond-nodes.geojson", NodesLayer(h))
	golden(t, "diamond-edges.geojson", EdgesLayer(h, true))
	ps, err := KShortest(h, []int64{0}, []int64{4}, 3, AllModes)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := PathsLayer(h, ps)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "diamond-paths.geojson", fc)
}

// TestLayersRoundTrip writes the layers of a random graph to files and of
// the corridor to memory (writing a file is tested once; the corridor's 40
// MB are slow to sync, and under the race detector slow to encode), reads
// them back and recomputes a route from the layers alone.
func TestLayersRoundTrip(t *testing.T) {
	g, _ := randomGraph(t, 5, 2000, 3)
	g, _ = g.WithPlaces([]Place{{Name: "A", Node: 0, Weight: 1}}, []Place{{Name: "Z", Node: 1999, Weight: 1}})
	roundTrip(t, g, true)
	if !raceEnabled {
		_, _, g = corridorGraph(t)
		roundTrip(t, g, false)
	}
}

func roundTrip(t *testing.T, g *Graph, viaFiles bool) {
	t.Helper()
	w := g.Weights()
	w[0] = w[0] * 3
	w[len(w)-1] = math.Inf(1)
	g, _ = g.WithWeights(w)
	var nodes, edges *geojson.FeatureCollection
	decode := func(b []byte) *geojson.FeatureCollection {
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil {
			t.Fatal(err)
		}
		return fc
	}
	if viaFiles {
		dir := t.TempDir()
		if err := WriteGraph(dir, g, true); err != nil {
			t.Fatal(err)
		}
		read := func(name string) *geojson.FeatureCollection {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			return decode(b)
		}
		nodes, edges = read("route-nodes.geojson"), read("route-edges.geojson")
	} else {
		enc := func(fc *geojson.FeatureCollection) *geojson.FeatureCollection {
			b, err := json.Marshal(fc)
			if err != nil {
				t.Fatal(err)
			}
			return decode(b)
		}
		nodes, edges = enc(NodesLayer(g)), enc(EdgesLayer(g, true))
	}
	back, err := ReadGraph(nodes, edges)
	if err != nil {
		t.Fatal(err)
	}
	if back.NumNodes() != g.NumNodes() || back.NumEdges() != g.NumEdges() || !slices.Equal(back.Weights(), g.Weights()) {
		t.Fatalf("read back %d nodes, %d edges", back.NumNodes(), back.NumEdges())
	}
	from, to := g.Origins()[0].Node, g.Destinations()[0].Node
	p1, err1 := ShortestPath(g, from, to, Foot)
	p2, err2 := ShortestPath(back, from, to, Foot)
	if err1 != nil || err2 != nil || !slices.Equal(p1.Edges, p2.Edges) || p1.Weight != p2.Weight || p1.Hours != p2.Hours {
		t.Fatalf("route from the layers differs: %v %v", err1, err2)
	}
	for v := range int64(g.NumNodes()) {
		if a, b := g.NodeAt(v), back.NodeAt(v); a != b {
			t.Fatalf("node %d: %+v, read back %+v", v, a, b)
		}
	}
	for e := range g.NumEdges() {
		if a, b := g.EdgeAt(e), back.EdgeAt(e); !reflect.DeepEqual(a, b) {
			t.Fatalf("edge %d: %+v, read back %+v", e, a, b)
		}
	}
	// Bad input names the feature.
	nodes.Features[3].Properties["id"] = 99.0
	_, err = ReadGraph(nodes, edges)
	var fe *geo.FeatureError
	if !errors.As(err, &fe) || fe.File != "nodes" || fe.Index != 3 || !errors.Is(err, ErrBadParameter) || !strings.Contains(err.Error(), `property "id"`) {
		t.Errorf("a bad node id: got %v", err)
	}
}

// TestEdgesLayerWith checks the extra columns against EdgesLayer and the
// graph's own edges, that each line is its own (an append or a change to
// one leaves the others and the graph as they were), and the errors.
func TestEdgesLayerWith(t *testing.T) {
	g := diamond(t)
	n := g.NumEdges()
	a, b := g.Weights(), make([]float64, n)
	a[4] = math.Inf(1)
	for i := range b {
		b[i] = float64(10 * i)
	}
	fc, err := EdgesLayerWith(g, true, EdgeColumn{"weight_a", a}, EdgeColumn{"b", b})
	if err != nil {
		t.Fatal(err)
	}
	plain := EdgesLayer(g, true)
	if len(fc.Features) != n || len(plain.Features) != n {
		t.Fatalf("got %d and %d features, want %d", len(fc.Features), len(plain.Features), n)
	}
	for id, f := range fc.Features {
		want := maps.Clone(plain.Features[id].Properties)
		want["weight_a"], want["b"] = a[id], b[id]
		if id == 4 {
			want["weight_a"] = nil
		}
		if !maps.Equal(f.Properties, want) {
			t.Errorf("edge %d: got %v, want %v", id, f.Properties, want)
		}
		if line := f.Geometry.(orb.LineString); !slices.Equal(line, g.EdgeAt(id).Line) {
			t.Errorf("edge %d: line %v, want %v", id, line, g.EdgeAt(id).Line)
		}
	}
	first := fc.Features[0].Geometry.(orb.LineString)
	next := slices.Clone(fc.Features[1].Geometry.(orb.LineString))
	first[0] = orb.Point{99, 99}
	_ = append(first, orb.Point{98, 98})
	if got := fc.Features[1].Geometry.(orb.LineString); !slices.Equal(got, next) {
		t.Errorf("edge 1's line became %v after changes to edge 0's, want %v", got, next)
	}
	if got := g.EdgeAt(0).Line[0]; got == (orb.Point{99, 99}) {
		t.Errorf("a change to the layer changed the graph's edge 0: %v", got)
	}
	for name, cols := range map[string][]EdgeColumn{
		"taken":     {{"hours", b}},
		"twice":     {{"b", b}, {"b", b}},
		"too short": {{"b", b[1:]}},
		"too long":  {{"b", append(slices.Clone(b), 0)}},
	} {
		if _, err := EdgesLayerWith(g, false, cols...); !errors.Is(err, ErrBadParameter) {
			t.Errorf("%s: got %v, want ErrBadParameter", name, err)
		}
	}
	if fc, err := EdgesLayerWith(nil, false); err != nil || fc.Features == nil || len(fc.Features) != 0 {
		t.Errorf("nil graph: got %v, %v, want an empty layer", fc, err)
	}
}
