package kml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"math"
	"slices"
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
