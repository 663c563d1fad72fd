package export

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/geo"
)

// The corridor fixture: the Northern Route's data files (read from the
// northernroute package's folder through geo's readers, so that the fixture
// does not depend on that package building) with border segments and
// crossings given made-up but deterministic interdiction scores, an outpost
// at every crossing, and small graph, route and flow layers in the
// library's schema, each with the style the library gives it. Built once.
var (
	fixtureOnce   sync.Once
	fixtureC      *geo.Corridor
	fixtureLayers []Layer
	fixtureErr    error
)

// dataDir is the folder of the Northern Route's data files.
const dataDir = "../northernroute/data"

// score returns a made-up interdiction probability in [0, 0.6) for the
// i-th feature, spread over every class of the default breaks.
func score(i int) float64 {
	return math.Round(math.Mod(float64(i)*0.0731, 0.6)*1e4) / 1e4
}

func readData[T any](name string, read func(io.Reader, string) ([]T, error)) ([]T, error) {
	f, err := os.Open(filepath.Join(dataDir, name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, name)
}

func readCorridor() (*geo.Corridor, error) {
	c := &geo.Corridor{Name: "Northern Route"}
	var err error
	if c.Countries, err = readData("countries.geojson", geo.ReadCountries); err != nil {
		return nil, err
	}
	if c.Borders, err = readData("borders.geojson", geo.ReadBorders); err != nil {
		return nil, err
	}
	if c.Crossings, err = readData("crossings.geojson", geo.ReadCrossings); err != nil {
		return nil, err
	}
	if c.Settlements, err = readData("settlements.geojson", geo.ReadSettlements); err != nil {
		return nil, err
	}
	for _, x := range c.Crossings {
		c.Outposts = append(c.Outposts, geo.Outpost{ID: "post-" + x.ID, Country: x.A, Point: x.Point, Source: geo.OutpostAtCrossing})
	}
	return c, nil
}

func corridor(t testing.TB) (*geo.Corridor, []Layer) {
	t.Helper()
	fixtureOnce.Do(func() {
		c, err := readCorridor()
		if err != nil {
			fixtureErr = err
			return
		}
		segs, err := geo.SegmentBorders(c.Borders, 50)
		if err != nil {
			fixtureErr = err
			return
		}
		segments := geo.SegmentsLayer(segs)
		for i, f := range segments.Features {
			f.Properties["p_interdict"] = score(i)
			f.Properties["rank"] = i + 1
		}
		crossings := geo.CrossingsLayer(c.Crossings)
		for i, f := range crossings.Features {
			f.Properties["p_interdict"] = score(7 * i)
		}
		fixtureC = c
		fixtureLayers = styledLayers(
			geo.CountriesLayer(c.Countries), geo.BordersLayer(c.Borders), segments, crossings,
			geo.OutpostsLayer(c.Outposts), geo.SettlementsLayer(c.Settlements),
			nodesLayer(), edgesLayer(), routesLayer(), flowsLayer())
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureC, fixtureLayers
}

// styledLayers returns the library's ten layers with the names, titles
// and styles that analysis.go gives them, bottom to top.
func styledLayers(countries, borders, segments, crossings, outposts, settlements, nodes, edges, routes, flows *geojson.FeatureCollection) []Layer {
	return []Layer{
		{Name: "countries", Title: "Countries", Features: countries, Style: layer.CountryStyle(countries)},
		{Name: "borders", Title: "Borders", Features: borders, Style: layer.BorderStyle(borders)},
		{Name: "segments", Title: "Border segments", Features: segments, Style: layer.SegmentStyle(segments)},
		{Name: "edges", Title: "Graph edges", Features: edges, Style: layer.EdgeStyle(edges)},
		{Name: "flows", Title: "Flows", Features: flows, Style: layer.FlowStyle(flows)},
		{Name: "routes", Title: "Routes", Features: routes, Style: layer.RouteStyle(routes)},
		{Name: "outposts", Title: "Border posts", Features: outposts, Style: layer.OutpostStyle()},
		{Name: "nodes", Title: "Graph nodes", Features: nodes, Style: layer.NodeStyle(nodes)},
		{Name: "settlements", Title: "Settlements", Features: settlements, Style: layer.SettlementStyle(settlements)},
		{Name: "crossings", Title: "Crossings", Features: crossings, Style: layer.CrossingStyle(crossings)},
	}
}

// Places along the route, lon/lat (Termez, Samarkand, Tashkent, Shymkent,
// Almaty, Petropavl region, Chelyabinsk).
var routePlaces = []orb.Point{
	{67.278, 37.224}, {66.975, 39.655}, {69.240, 41.311}, {69.596, 42.300},
	{76.913, 43.238}, {69.150, 54.870}, {61.402, 55.160},
}

func nodesLayer() *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	kinds := []string{"settlement", "crossing", "gap"}
	for i, p := range routePlaces {
		f := geojson.NewFeature(p)
		f.Properties = geojson.Properties{"id": fmt.Sprintf("n%d", i), "kind": kinds[i%3], "name": fmt.Sprintf("node %d", i), "country": "KAZ"}
		fc.Append(f)
	}
	return fc
}

func edgesLayer() *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	kinds := []string{"road", "crossing", "gap"}
	for i := 0; i+1 < len(routePlaces); i++ {
		f := geojson.NewFeature(orb.LineString{routePlaces[i], routePlaces[i+1]})
		f.Properties = geojson.Properties{
			"id": i, "from": fmt.Sprintf("n%d", i), "to": fmt.Sprintf("n%d", i+1), "kind": kinds[i%3],
			"modes": "foot|vehicle", "length_km": 100.5 + float64(i), "hours": 2.25, "country": "KAZ", "weight": 0.01 * float64(i+1),
		}
		fc.Append(f)
	}
	return fc
}

func routesLayer() *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for r := 1; r <= 4; r++ {
		line := orb.LineString{}
		for i, p := range routePlaces {
			if i == 2 || i == 4 {
				p = orb.Point{p[0] + 0.6*float64(r-1), p[1] - 0.3*float64(r-1)}
			}
			line = append(line, p)
		}
		f := geojson.NewFeature(line)
		f.Properties = geojson.Properties{
			"rank": r, "p_interdict": 0.1 * float64(r), "length_km": 3000 + 100*float64(r), "hours": 60.5,
			"tonnes": 40 / float64(r), "weight": 0.2 * float64(r), "nodes": "0,1,2,3", "edges": "0,1,2",
		}
		fc.Append(f)
	}
	return fc
}

func flowsLayer() *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for i := 0; i+1 < len(routePlaces); i++ {
		f := geojson.NewFeature(orb.LineString{routePlaces[i], routePlaces[i+1]})
		f.Properties = geojson.Properties{"id": fmt.Sprintf("e%d", i), "tonnes": 90 / float64(i+1)}
		fc.Append(f)
	}
	return fc
}
