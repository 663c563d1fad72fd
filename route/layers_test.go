package route

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb/geojson"
)

// golden compares fc, as indented JSON, with testdata/route/name; on a
// mismatch it writes the output beside it as name.got for inspection.
func golden(t *testing.T, name string, fc *geojson.FeatureCollection) {
	t.Helper()
	got, err := json.MarshalIndent(fc, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("..", "testdata", "route", name)
	want, err := os.ReadFile(path)
	if err != nil {
		os.WriteFile(path+".got", got, 0o644)
		t.Fatalf("%v (the output is in %s.got)", err, path)
	}
	if !bytes.Equal(got, want) {
		os.WriteFile(path+".got", got, 0o644)
		t.Errorf("%s differs from the golden file; output written to %s.got", name, path)
	}
}

func TestLayersGolden(t *testing.T) {
	g := diamond(t)
	w := g.Weights()
	w[4] = posInf() // written as null
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
	golden(t, "diamond-paths.geojson", PathsLayer(h, ps))
}

// TestLayersRoundTrip writes the corridor's layers, reads them back and
// recomputes a route from the files alone.
func TestLayersRoundTrip(t *testing.T) {
	_, _, g := corridorGraph(t)
	w := g.Weights()
	w[0] = w[0] * 3
	w[len(w)-1] = posInf()
	g, _ = g.WithWeights(w)
	dir := t.TempDir()
	if err := WriteGraph(dir, g, true); err != nil {
		t.Fatal(err)
	}
	read := func(name string) *geojson.FeatureCollection {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil {
			t.Fatal(err)
		}
		return fc
	}
	back, err := ReadGraph(read("route-nodes.geojson"), read("route-edges.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	if back.NumNodes() != g.NumNodes() || back.NumEdges() != g.NumEdges() || !slices.Equal(back.Weights(), g.Weights()) {
		t.Fatalf("read back %d nodes, %d edges", back.NumNodes(), back.NumEdges())
	}
	kunduz, moscow := g.Origins()[0].Node, g.Destinations()[0].Node
	p1, err1 := ShortestPath(g, kunduz, moscow, Foot)
	p2, err2 := ShortestPath(back, kunduz, moscow, Foot)
	if err1 != nil || err2 != nil || !slices.Equal(p1.Edges, p2.Edges) || p1.Weight != p2.Weight || p1.Hours != p2.Hours {
		t.Fatalf("route from the files differs: %v %v", err1, err2)
	}
	for _, e := range []int{0, 17, g.NumEdges() - 1} {
		a, b := g.EdgeAt(e), back.EdgeAt(e)
		if a.Kind != b.Kind || a.Modes != b.Modes || a.Country2 != b.Country2 || a.Feature != b.Feature || !slices.Equal(a.Line, b.Line) {
			t.Fatalf("edge %d: %+v, read back %+v", e, a, b)
		}
	}
	// Bad input names the feature.
	nodes := read("route-nodes.geojson")
	nodes.Features[3].Properties["id"] = 99.0
	if _, err := ReadGraph(nodes, read("route-edges.geojson")); err == nil {
		t.Error("a bad node id was accepted")
	}
}
