package geo_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/routerisk/routerisk/geo"
	_ "github.com/routerisk/routerisk/geo/topojson" // TopoJSON countries in manifests
)

const afgTJKDir = "../testdata/corridors/afg-tjk"

func TestReadCorridorDir(t *testing.T) {
	c, err := geo.ReadCorridorDir(afgTJKDir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Afghanistan – Tajikistan (test corridor)" {
		t.Errorf("name %q", c.Name)
	}
	if len(c.Countries) != 2 || len(c.Borders) != 1 || c.Borders[0].Pair() != "AFG-TJK" {
		t.Fatalf("%d countries, borders %v; want AFG, TJK and their border", len(c.Countries), c.Borders)
	}
	if len(c.Settlements) != 9 || len(c.Crossings) != 2 || len(c.Roads) != 3 || len(c.Origins) != 2 || len(c.Destinations) != 2 {
		t.Errorf("%d settlements, %d crossings, %d roads, %d origins, %d destinations; want 9, 2, 3, 2, 2",
			len(c.Settlements), len(c.Crossings), len(c.Roads), len(c.Origins), len(c.Destinations))
	}
	if c.Railways != nil {
		t.Errorf("railways %v, want nil (none named)", c.Railways)
	}
	// Outposts modelled: the two crossings on both sides, and posts along the
	// border on each side at one per 100 km.
	var atCrossing, modelled int
	for _, p := range c.Outposts {
		switch p.Source {
		case geo.OutpostAtCrossing:
			atCrossing++
		case geo.OutpostModelled:
			modelled++
		}
	}
	km := geo.MultiLineLengthKm(c.Borders[0].Geometry)
	if atCrossing != 4 || modelled < 2 || float64(modelled) > 2*(km/100+1) {
		t.Errorf("%d outposts at crossings (want 4), %d modelled on %.0f km (want about 2 × %.0f)", atCrossing, modelled, km, km/100)
	}
	want := c.Countries[0].Geometry.Bound().Union(c.Countries[1].Geometry.Bound())
	if c.Window != want {
		t.Errorf("window %v, want the countries' bound %v", c.Window, want)
	}
	if c.Window.Min[0] < 60 || c.Window.Max[0] > 76 || c.Window.Min[1] < 29 || c.Window.Max[1] > 42 {
		t.Errorf("window %v: not around Afghanistan and Tajikistan", c.Window)
	}
}

// corridorFS returns a folder with the AFG–TJK layers and the given
// manifest.
func corridorFS(t *testing.T, manifest string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{geo.ManifestName: {Data: []byte(manifest)}}
	for _, name := range []string{"countries", "settlements", "crossings", "roads", "origins", "destinations"} {
		b, err := os.ReadFile(afgTJKDir + "/" + name + ".geojson")
		if err != nil {
			t.Fatal(err)
		}
		fsys["layers/"+name+".geojson"] = &fstest.MapFile{Data: b}
	}
	fsys["two-squares.topo.json"] = &fstest.MapFile{Data: []byte(twoSquaresTopo)}
	return fsys
}

// twoSquaresTopo is Kosovo (user-assigned XKX) and Serbia as two squares
// of 1°, sharing the arc at lon 21.
const twoSquaresTopo = `{"type":"Topology",
 "objects":{"countries":{"type":"GeometryCollection","geometries":[
  {"type":"Polygon","id":"x","properties":{"iso":"XKX","name":"Kosovo"},"arcs":[[1,0]]},
  {"type":"Polygon","id":"688","properties":{"iso":"SRB","name":"Serbia"},"arcs":[[2,-1]]}]}},
 "arcs":[
  [[21,42],[21,43]],
  [[21,43],[20,43],[20,42],[21,42]],
  [[21,42],[22,42],[22,43],[21,43]]]}`

func TestReadCorridorTopoJSON(t *testing.T) {
	m := `{"name":"Kosovo","countries":{"topojson":"two-squares.topo.json","object":"countries","code":"iso"},` +
		`"crossings":"c.geojson","settlements":"s.geojson","origins":"o.geojson"}`
	fsys := corridorFS(t, m)
	fsys["c.geojson"] = &fstest.MapFile{Data: []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":` +
		`{"id":"SRB-XKX-jarinje","name":"Jarinje","a":"SRB","b":"XKX","mode":"road","regime":"full"},"geometry":{"type":"Point","coordinates":[21,42.5]}}]}`)}
	fsys["s.geojson"] = &fstest.MapFile{Data: []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":` +
		`{"id":"prishtina","name":"Prishtina","country":"XKX"},"geometry":{"type":"Point","coordinates":[20.5,42.5]}}]}`)}
	fsys["o.geojson"] = &fstest.MapFile{Data: []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":` +
		`{"name":"Prishtina","country":"XKX","weight":1},"geometry":{"type":"Point","coordinates":[20.5,42.5]}}]}`)}
	c, err := geo.ReadCorridor(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Countries) != 2 || c.Countries[0].Code != "SRB" || c.Countries[1].Code != "XKX" || c.Countries[1].Name != "Kosovo" {
		t.Fatalf("countries %+v, want SRB and XKX (Kosovo)", c.Countries)
	}
	if len(c.Borders) != 1 || c.Borders[0].Pair() != "SRB-XKX" {
		t.Fatalf("borders %+v, want SRB-XKX", c.Borders)
	}
	if km := geo.MultiLineLengthKm(c.Borders[0].Geometry); km < 110 || km > 112 {
		t.Errorf("SRB-XKX border %.1f km, want one degree of latitude (111.3 km)", km)
	}
	if c.Window.Min != [2]float64{20, 42} || c.Window.Max != [2]float64{22, 43} {
		t.Errorf("window %v, want [20 42]–[22 43]", c.Window)
	}
	// By the geometry id: "688" is Serbia's numeric code; "x" is no code.
	fsys[geo.ManifestName] = &fstest.MapFile{Data: []byte(strings.Replace(m, `"code":"iso"`, `"code":"id"`, 1))}
	_, err = geo.ReadCorridor(fsys)
	if !errors.Is(err, geo.ErrNoCountry) || !strings.Contains(err.Error(), `id "x"`) {
		t.Errorf("code from ids: got %v, want ErrNoCountry naming id \"x\"", err)
	}
}

// TestReadCorridorTopoJSONBowTie checks that TopoJSON countries read
// through a manifest are checked as GeoJSON ones are.
func TestReadCorridorTopoJSONBowTie(t *testing.T) {
	m := `{"name":"x","countries":{"topojson":"bad.topo.json","object":"countries","code":"iso"},` +
		`"crossings":"layers/crossings.geojson","settlements":"layers/settlements.geojson"}`
	fsys := corridorFS(t, m)
	fsys["bad.topo.json"] = &fstest.MapFile{Data: []byte(`{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[
  {"type":"Polygon","properties":{"iso":"AFG"},"arcs":[[0]]}]}},
 "arcs":[[[60,30],[62,32],[62,30],[60,32.5],[60,30]]]}`)}
	_, err := geo.ReadCorridor(fsys)
	if !errors.Is(err, geo.ErrInvalidPolygon) {
		t.Fatalf("got %v, want ErrInvalidPolygon", err)
	}
	for _, w := range []string{"corridor.json", "bad.topo.json", "country AFG", "crosses itself"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("got %q, want it to contain %q", err, w)
		}
	}
}

// TestReadCorridorTopoJSONZeroArea checks that a TopoJSON country ring
// with no area is an error naming the geometry and ring, not dropped.
func TestReadCorridorTopoJSONZeroArea(t *testing.T) {
	m := `{"name":"x","countries":{"topojson":"flat.topo.json","object":"countries","code":"iso"},` +
		`"crossings":"layers/crossings.geojson","settlements":"layers/settlements.geojson"}`
	fsys := corridorFS(t, m)
	// AFG: a square with a hole that is a line there and back.
	fsys["flat.topo.json"] = &fstest.MapFile{Data: []byte(`{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[
  {"type":"Polygon","properties":{"iso":"AFG"},"arcs":[[0],[1]]}]}},
 "arcs":[[[60,30],[64,30],[64,34],[60,34],[60,30]],[[61,31],[62,32],[61,31],[62,32],[61,31]]]}`)}
	_, err := geo.ReadCorridor(fsys)
	if !errors.Is(err, geo.ErrInvalidPolygon) {
		t.Fatalf("got %v, want ErrInvalidPolygon", err)
	}
	for _, w := range []string{"flat.topo.json", "feature 0", "ring 1 has no area"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("got %q, want it to contain %q", err, w)
		}
	}
}

func TestReadCorridorManifest(t *testing.T) {
	base := `"name":"x","countries":"layers/countries.geojson","crossings":"layers/crossings.geojson","settlements":"layers/settlements.geojson"`
	t.Run("minimal", func(t *testing.T) {
		c, err := geo.ReadCorridor(corridorFS(t, "{"+base+"}"))
		if err != nil {
			t.Fatal(err)
		}
		if c.Origins != nil || c.Destinations != nil || c.Roads != nil {
			t.Errorf("origins %v, destinations %v, roads %v: want nil", c.Origins, c.Destinations, c.Roads)
		}
	})
	for _, tt := range []struct {
		name, manifest string
		want           []string // in the message
	}{
		{"unknown key", `{` + base + `,"roadz":"layers/roads.geojson"}`, []string{"corridor.json", `unknown key "roadz"`}},
		{"not JSON", `{` + base, []string{"corridor.json", "unexpected EOF"}},
		{"no name", `{"countries":"layers/countries.geojson","crossings":"layers/crossings.geojson","settlements":"layers/settlements.geojson"}`, []string{`"name"`}},
		{"no crossings", `{"name":"x","countries":"layers/countries.geojson","settlements":"layers/settlements.geojson"}`, []string{`"crossings" is missing`}},
		{"no countries", `{"name":"x","crossings":"layers/crossings.geojson","settlements":"layers/settlements.geojson"}`, []string{`"countries" is missing`}},
		{"escaping path", `{` + base + `,"roads":"../roads.geojson"}`, []string{"roads", `"../roads.geojson"`, "inside its folder"}},
		{"absolute path", `{` + base + `,"roads":"/etc/roads.geojson"}`, []string{"roads", "inside its folder"}},
		{"missing file", `{` + base + `,"origins":"layers/nowhere.geojson"}`, []string{"origins", "layers/nowhere.geojson does not exist"}},
		{"wrong type", `{` + base + `,"origins":3}`, []string{`key "origins" is number`}},
		{"countries object unknown key", `{"name":"x","countries":{"topojson":"two-squares.topo.json","object":"countries","code":"code","filter":"x"},"crossings":"layers/crossings.geojson","settlements":"layers/settlements.geojson"}`, []string{`unknown key "filter"`}},
		{"countries object without code", `{"name":"x","countries":{"topojson":"two-squares.topo.json","object":"countries"},"crossings":"layers/crossings.geojson","settlements":"layers/settlements.geojson"}`, []string{`"code" is missing`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := geo.ReadCorridor(corridorFS(t, tt.manifest))
			if !errors.Is(err, geo.ErrManifest) {
				t.Fatalf("got %v, want ErrManifest", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to contain %q", err, w)
				}
			}
		})
	}
	t.Run("bad layer names manifest and file", func(t *testing.T) {
		fsys := corridorFS(t, `{`+base+`,"destinations":"layers/roads.geojson"}`)
		_, err := geo.ReadCorridor(fsys)
		var fe *geo.FeatureError
		if !errors.As(err, &fe) || fe.File != "layers/roads.geojson" {
			t.Fatalf("got %v, want a FeatureError in layers/roads.geojson", err)
		}
		for _, w := range []string{"corridor.json", "destinations", "layers/roads.geojson", "feature 0"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("got %q, want it to contain %q", err, w)
			}
		}
	})
	t.Run("dir in messages", func(t *testing.T) {
		_, err := geo.ReadCorridorDir("../testdata/geojson")
		if !errors.Is(err, geo.ErrManifest) || !strings.Contains(err.Error(), "../testdata/geojson/corridor.json") {
			t.Errorf("got %v, want ErrManifest naming ../testdata/geojson/corridor.json", err)
		}
	})
}
