package route

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb/geojson"
)

// FuzzReadGraph decodes a node and an edge layer and rebuilds the graph:
// bad input must give an error, never a panic, and a graph read must
// answer a shortest-path query and write itself back.
func FuzzReadGraph(f *testing.F) {
	dir := filepath.Join("..", "testdata", "route")
	nodes, err := os.ReadFile(filepath.Join(dir, "diamond-nodes.geojson"))
	if err != nil {
		f.Fatal(err)
	}
	edges, err := os.ReadFile(filepath.Join(dir, "diamond-edges.geojson"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(nodes, edges)
	f.Add(nodes, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"id":0,"from":0,"to":1.5}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"id":0,"kind":7}}]}`), edges)
	f.Fuzz(func(t *testing.T, nb, eb []byte) {
		nfc, err1 := geojson.UnmarshalFeatureCollection(nb)
		efc, err2 := geojson.UnmarshalFeatureCollection(eb)
		if err1 != nil || err2 != nil {
			return
		}
		g, err := ReadGraph(nfc, efc)
		if err != nil {
			return
		}
		if g.NumNodes() > 1 {
			ShortestPath(g, 0, int64(g.NumNodes()-1), AllModes)
		}
		if len(EdgesLayer(g, true).Features) != g.NumEdges() || len(NodesLayer(g).Features) != g.NumNodes() {
			t.Fatal("layers do not match the graph")
		}
	})
}
