package kml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/geo"
)

type kmlDoc struct {
	Document struct {
		Name   string `xml:"name"`
		Styles []struct {
			ID        string `xml:"id,attr"`
			LineColor string `xml:"LineStyle>color"`
			LineWidth string `xml:"LineStyle>width"`
			IconColor string `xml:"IconStyle>color"`
		} `xml:"Style"`
		Folders []struct {
			Name       string `xml:"name"`
			Visibility string `xml:"visibility"`
			Placemarks []struct {
				Name       string `xml:"name"`
				StyleURL   string `xml:"styleUrl"`
				InlineLine string `xml:"Style>LineStyle>width"`
				Data       []struct {
					Name  string `xml:"name,attr"`
					Value string `xml:"value"`
				} `xml:"ExtendedData>Data"`
				Tessellate string   `xml:"LineString>tessellate"`
				Multi      []string `xml:"MultiGeometry>LineString>tessellate"`
			} `xml:"Placemark"`
		} `xml:"Folder"`
	} `xml:"Document"`
}

func testLayers() []layer.Layer {
	seg := geojson.NewFeatureCollection()
	for i, p := range []any{0.004, 0.5, nil} {
		f := geojson.NewFeature(orb.LineString{{69 + float64(i), 42}, {70 + float64(i), 42.5}})
		f.Properties = geojson.Properties{"id": "s" + string(rune('0'+i)), "p_interdict": p}
		seg.Append(f)
	}
	routes := geojson.NewFeatureCollection()
	for r := 1; r <= 2; r++ {
		f := geojson.NewFeature(orb.MultiLineString{{{67, 37}, {69, 41}}, {{69, 41}, {61, 55}}})
		f.Properties = geojson.Properties{"rank": r, "tonnes": 30.0 / float64(r)}
		routes.Append(f)
	}
	nodes := geojson.NewFeatureCollection()
	n := geojson.NewFeature(orb.Point{69.2, 41.3})
	n.Properties = geojson.Properties{"id": "n1", "kind": "settlement"}
	nodes.Append(n)
	return []layer.Layer{
		{Name: "segments", Title: "Border segments", Features: seg, Style: layer.SegmentStyle(seg)},
		{Name: "routes", Title: "Routes", Features: routes, Style: layer.RouteStyle(routes)},
		{Name: "nodes", Title: "Graph nodes", Features: nodes, Style: layer.NodeStyle(nodes)},
	}
}

func TestWrite(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "Test & corridor", testLayers()); err != nil {
		t.Fatal(err)
	}
	var doc kmlDoc
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	d := doc.Document
	if d.Name != "Test & corridor" {
		t.Errorf("name %q", d.Name)
	}
	var folders []string
	for _, f := range d.Folders {
		folders = append(folders, f.Name+":"+f.Visibility)
	}
	if want := []string{"Graph nodes:0", "Routes:1", "Border segments:1"}; !slices.Equal(folders, want) {
		t.Errorf("folders %v, want %v", folders, want)
	}
	styles := map[string]int{}
	for i, s := range d.Styles {
		styles[s.ID] = i
	}
	segs := d.Folders[2].Placemarks
	if len(segs) != 3 {
		t.Fatalf("%d segment placemarks, want 3 (the unscored one in grey)", len(segs))
	}
	for i, want := range []string{"#segments-0", "#segments-5", "#segments-unclassified"} {
		if segs[i].StyleURL != want {
			t.Errorf("segment %d style %s, want %s", i, segs[i].StyleURL, want)
		}
		if _, ok := styles[strings.TrimPrefix(segs[i].StyleURL, "#")]; !ok {
			t.Errorf("style %s not defined", segs[i].StyleURL)
		}
		if segs[i].Tessellate != "1" {
			t.Errorf("segment %d not tessellated", i)
		}
	}
	// KML colours are aabbggrr: the most permeable class is #d73027.
	if got := d.Styles[styles["segments-0"]].LineColor; got != "ff2730d7" {
		t.Errorf("class 0 colour %s, want ff2730d7", got)
	}
	if d := segs[1].Data; segs[1].Name != "s1" || len(d) != 2 || d[0].Name != "id" || d[1].Name != "p_interdict" || d[1].Value != "0.5" {
		t.Errorf("segment 1: name %q, data %+v", segs[1].Name, d)
	}
	routes := d.Folders[1].Placemarks
	// Width by tonnes, inline: 30 t is the widest, 3.6 mm.
	if len(routes) != 2 || routes[0].InlineLine != "13.61" || len(routes[0].Multi) != 2 {
		t.Errorf("routes: %+v", routes)
	}
}

func TestWriteErrors(t *testing.T) {
	ls := testLayers()
	ls[0].Features.Features[1].Geometry = orb.LineString{{69, math.Inf(1)}, {70, 42}}
	err := Write(&bytes.Buffer{}, "x", ls)
	var fe *geo.FeatureError
	if !errors.As(err, &fe) || fe.File != "segments" || fe.Index != 1 {
		t.Errorf("got %v, want a FeatureError at segments feature 1", err)
	}
	if err := Write(&bytes.Buffer{}, "x", nil); err == nil {
		t.Errorf("no error for no layers")
	}
}

// kmlFixtureDir holds the GeoJSON fixtures shared by the module's tests.
const kmlFixtureDir = "../../testdata/geojson"

// kmlCases returns layer sets for the comparison with the old writer: the
// test layers, the corridor fixtures with their styles, and edge cases of
// text, geometry and style.
func kmlCases(t *testing.T) map[string][]layer.Layer {
	t.Helper()
	read := func(name string) *geojson.FeatureCollection {
		b, err := os.ReadFile(filepath.Join(kmlFixtureDir, "afg-tjk."+name+".geojson"))
		if err != nil {
			t.Fatal(err)
		}
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil {
			t.Fatal(err)
		}
		return fc
	}
	countries, borders, settlements := read("countries"), read("borders"), read("settlements")
	crossings, outposts, roads, segments := read("crossings"), read("outposts"), read("roads"), read("segments")
	for i, f := range segments.Features {
		f.Properties["p_interdict"] = float64(i%10) / 10
	}
	for i, f := range crossings.Features {
		f.Properties["p_interdict"] = float64(i%7) / 7
	}
	fixtures := []layer.Layer{
		{Name: "countries", Title: "Countries", Features: countries, Style: layer.CountryStyle(countries)},
		{Name: "borders", Title: "Borders", Features: borders, Style: layer.BorderStyle(borders)},
		{Name: "settlements", Title: "Settlements", Features: settlements, Style: layer.SettlementStyle(settlements)},
		{Name: "crossings", Title: "Crossings", Features: crossings, Style: layer.CrossingStyle(crossings)},
		{Name: "outposts", Title: "Outposts", Features: outposts, Style: layer.OutpostStyle()},
		{Name: "roads", Features: roads, Style: layer.RoadStyle()},
		{Name: "segments", Title: "Segments", Features: segments, Style: layer.SegmentStyle(segments)},
	}

	odd := geojson.NewFeatureCollection()
	sq := orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	hole := orb.Ring{{0.2, 0.2}, {0.4, 0.2}, {0.4, 0.4}, {0.2, 0.2}}
	for i, g := range []orb.Geometry{
		orb.Point{-0.0, 1e-7}, orb.MultiPoint{{1, 2}, {3, 4}}, orb.LineString{{1e-9, 2.123456789012345}, {179.99999999999997, -89.5}},
		orb.MultiLineString{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}, sq, orb.Polygon{sq, hole, hole},
		orb.MultiPolygon{{sq}, {sq, hole}}, orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}},
		nil,
	} {
		f := geojson.NewFeature(g)
		f.Properties = geojson.Properties{
			"name":  []string{"a<b & \"c\" 'd'", "tab\there\r\nnew line", "ctl\x01\x1f", "bad\xffutf8\xc3", "U+FFFE \ufffe U+FFFD \ufffd", "Душанбе 🚚", ""}[i%7],
			"value": []any{1.5, nil, true, "x", 42, 1e21}[i%6],
		}
		if i == 3 {
			f.Properties = nil // no name, empty ExtendedData
		}
		odd.Append(f)
	}
	sized := geojson.NewFeatureCollection()
	for i := range 5 {
		f := geojson.NewFeature(orb.Point{60 + float64(i), 40})
		f.Properties = geojson.Properties{"name": "site " + strconv.Itoa(i), "p_interdict": 0.1 * float64(i), "tonnes": float64(i * i)}
		if i == 2 {
			delete(f.Properties, "tonnes")
		}
		sized.Append(f)
	}
	sizedStyle := layer.CrossingStyle(sized)
	sizedStyle.SizeField, sizedStyle.SizeDomain, sizedStyle.SizeRange = "tonnes", [2]float64{0, 16}, [2]float64{1, 4}
	sizedStyle.LabelField = "name"
	edgeCases := []layer.Layer{
		{Name: "odd", Title: "Odd & \"quoted\" layer", Features: odd},
		{Name: "sized", Title: "Sized points", Features: sized, Style: sizedStyle},
		{Name: "hidden", Title: "", Features: sized, Style: layer.Style{Hidden: true}},
	}
	return map[string][]layer.Layer{"test layers": testLayers(), "fixtures": fixtures, "edge cases": edgeCases}
}

// TestWriteMatchesGoKML checks that the streaming writer writes the bytes
// the go-kml document wrote, for every case.
func TestWriteMatchesGoKML(t *testing.T) {
	for name, ls := range kmlCases(t) {
		t.Run(name, func(t *testing.T) {
			var got, want bytes.Buffer
			if err := oldWrite(&want, "Title & <more>", ls); err != nil {
				t.Fatal(err)
			}
			if err := Write(&got, "Title & <more>", ls); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				g, w := got.String(), want.String()
				i := 0
				for i < min(len(g), len(w)) && g[i] == w[i] {
					i++
				}
				t.Errorf("output differs at byte %d of %d (want %d):\ngot  …%s…\nwant …%s…", i, len(g), len(w),
					g[max(0, i-80):min(len(g), i+80)], w[max(0, i-80):min(len(w), i+80)])
			}
			if got.Len() <= flushAt && name == "fixtures" {
				t.Errorf("fixtures give %d bytes, want more than %d to test flushing", got.Len(), flushAt)
			}
		})
	}
}

// BenchmarkWrite writes the corridor fixtures with the go-kml document
// and with the streaming writer.
func BenchmarkWrite(b *testing.B) {
	t := &testing.T{}
	ls := kmlCases(t)["fixtures"]
	for _, c := range []struct {
		name  string
		write func(io.Writer, string, []layer.Layer) error
	}{{"gokml", oldWrite}, {"stream", Write}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.write(io.Discard, "corridor", ls); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
