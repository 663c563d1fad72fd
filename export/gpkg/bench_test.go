package gpkg

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export/layer"
)

var (
	benchOnce   sync.Once
	benchLayers []layer.Layer
)

// benchData returns two layers shaped like a corridor's graph and routes,
// built once from a fixed seed: 40,000 edges of 2 to 5 positions with
// eight properties, and 10,000 routes of 40 positions with five.
func benchData() []layer.Layer {
	benchOnce.Do(func() {
		r := rand.New(rand.NewPCG(9, 10))
		line := func(n int) orb.LineString {
			x, y := 50+30*r.Float64(), 30+25*r.Float64()
			ls := make(orb.LineString, n)
			for i := range ls {
				ls[i] = orb.Point{x, y}
				x, y = x+0.05*r.NormFloat64(), y+0.05*r.NormFloat64()
			}
			return ls
		}
		edges, routes := geojson.NewFeatureCollection(), geojson.NewFeatureCollection()
		for i := range 40000 {
			f := geojson.NewFeature(line(2 + r.IntN(4)))
			f.Properties = geojson.Properties{
				"id": i, "from": r.IntN(8000), "to": r.IntN(8000), "kind": []string{"road", "gap", "crossing"}[r.IntN(3)],
				"length_km": 100 * r.Float64(), "hours": 3 * r.Float64(), "weight_car": r.Float64(), "country": "KAZ",
			}
			edges.Append(f)
		}
		for i := range 10000 {
			f := geojson.NewFeature(line(40))
			f.Properties = geojson.Properties{
				"rank": i % 10, "origin": fmt.Sprintf("origin %d", i%9), "destination": "Moscow",
				"p_interdict": r.Float64(), "tonnes": 10 * r.Float64(),
			}
			routes.Append(f)
		}
		benchLayers = []layer.Layer{{Name: "edges", Features: edges}, {Name: "routes", Features: routes}}
	})
	return benchLayers
}

// BenchmarkWrite writes the benchmark layers as a GeoPackage, with and
// without the R-tree indexes.
func BenchmarkWrite(b *testing.B) {
	ls, err := layer.Prepare(benchData())
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	for _, c := range []struct {
		name string
		opts *Options
	}{{"indexed", nil}, {"no-index", &Options{NoIndex: true}}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(filepath.Join(dir, "bench.gpkg"), ls, c.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
