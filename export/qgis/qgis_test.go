package qgis

import (
	"bytes"
	"encoding/xml"
	"flag"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export/internal/conic"
	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/internal/testfiles"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/export")

const goldenDir = "../../testdata/export"

// golden compares got with the golden file name in goldenDir.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	testfiles.Golden(t, filepath.Join(goldenDir, name), got, *update)
}

// A node is a parsed XML element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Kids    []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func parse(t *testing.T, b []byte) node {
	t.Helper()
	var n node
	if err := xml.Unmarshal(b, &n); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	return n
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// all returns the elements at the slash-separated path below n.
func (n node) all(path string) []node {
	cur := []node{n}
	for _, step := range strings.Split(path, "/") {
		var next []node
		for _, c := range cur {
			for _, k := range c.Kids {
				if k.XMLName.Local == step {
					next = append(next, k)
				}
			}
		}
		cur = next
	}
	return cur
}

func (n node) one(t *testing.T, path string) node {
	t.Helper()
	ns := n.all(path)
	if len(ns) != 1 {
		t.Fatalf("%d elements at %s, want 1", len(ns), path)
	}
	return ns[0]
}

// testLayers are small layers of each kind of style.
func testLayers(t *testing.T) []layer.Layer {
	t.Helper()
	seg := geojson.NewFeatureCollection()
	for i, p := range []float64{0.01, 0.07, 0.5} {
		f := geojson.NewFeature(orb.LineString{{69 + float64(i), 42}, {69.5 + float64(i), 42.3}})
		f.Properties = geojson.Properties{"id": "KAZ-KGZ-001-000" + strconv.Itoa(i), "a": "KAZ", "b": "KGZ", "length_km": 5.1, "p_interdict": p}
		seg.Append(f)
	}
	xs := geojson.NewFeatureCollection()
	for i, name := range []string{"Termez – Hairatan", "Nizhny Panj"} {
		f := geojson.NewFeature(orb.Point{67.4 + float64(i), 37.2})
		f.Properties = geojson.Properties{"id": "x" + strconv.Itoa(i), "name": name, "p_interdict": 0.2 * float64(i+1), "scanner": i == 0}
		xs.Append(f)
	}
	routes := geojson.NewFeatureCollection()
	for r := 1; r <= 2; r++ {
		f := geojson.NewFeature(orb.LineString{{67.3, 37.2}, {69.2, 41.3 + float64(r)}, {61.4, 55.2}})
		f.Properties = geojson.Properties{"rank": r, "tonnes": 60 / float64(r)}
		routes.Append(f)
	}
	countries := geojson.NewFeatureCollection()
	for i, code := range []string{"KAZ", "UZB"} {
		x := 60 + 5*float64(i)
		f := geojson.NewFeature(orb.Polygon{{{x, 40}, {x + 5, 40}, {x + 5, 45}, {x, 45}, {x, 40}}})
		f.Properties = geojson.Properties{"code": code, "name": code + " land"}
		countries.Append(f)
	}
	nodes := geojson.NewFeatureCollection()
	f := geojson.NewFeature(orb.Point{69.2, 41.3})
	f.Properties = geojson.Properties{"id": "n1", "kind": "settlement"}
	nodes.Append(f)
	ls, err := layer.Prepare([]layer.Layer{
		{Name: "countries", Title: "Countries", Features: countries, Style: layer.CountryStyle(countries)},
		{Name: "segments", Title: "Border segments", Features: seg, Style: layer.SegmentStyle(seg)},
		{Name: "routes", Title: "Routes", Features: routes, Style: layer.RouteStyle(routes)},
		{Name: "nodes", Title: "Graph nodes", Features: nodes, Style: layer.NodeStyle(nodes)},
		{Name: "crossings", Title: "Crossings", Features: xs, Style: layer.CrossingStyle(xs)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

func TestStyleGolden(t *testing.T) {
	for _, l := range testLayers(t) {
		b, err := Style(l)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, l.Name+".qml", b)
	}
}

func TestStyleContent(t *testing.T) {
	ls := testLayers(t)
	byName := map[string]layer.Layer{}
	for _, l := range ls {
		byName[l.Name] = l
	}
	style := func(name string) node {
		b, err := Style(byName[name])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("<!DOCTYPE qgis")) {
			t.Errorf("%s: no QGIS doctype", name)
		}
		return parse(t, b)
	}

	seg := style("segments")
	r := seg.one(t, "renderer-v2")
	if r.attr("type") != "graduatedSymbol" || r.attr("attr") != "p_interdict" {
		t.Errorf("segments renderer %q on %q, want graduatedSymbol on p_interdict", r.attr("type"), r.attr("attr"))
	}
	ranges := seg.all("renderer-v2/ranges/range")
	if len(ranges) != len(layer.InterdictionBreaks)-1 {
		t.Fatalf("%d ranges, want %d", len(ranges), len(layer.InterdictionBreaks)-1)
	}
	symbols := seg.all("renderer-v2/symbols/symbol")
	for i, rg := range ranges {
		lo, _ := strconv.ParseFloat(rg.attr("lower"), 64)
		hi, _ := strconv.ParseFloat(rg.attr("upper"), 64)
		if lo != layer.InterdictionBreaks[i] || hi != layer.InterdictionBreaks[i+1] || rg.attr("symbol") != strconv.Itoa(i) {
			t.Errorf("range %d: %v – %v symbol %s, want %v – %v symbol %d", i, lo, hi, rg.attr("symbol"), layer.InterdictionBreaks[i], layer.InterdictionBreaks[i+1], i)
		}
		c := layer.InterdictionColors[i]
		want := strconv.Itoa(int(c.R)) + "," + strconv.Itoa(int(c.G)) + "," + strconv.Itoa(int(c.B)) + ",255"
		if got := optionValue(symbols[i], "line_color"); got != want {
			t.Errorf("class %d colour %s, want %s", i, got, want)
		}
	}
	if got := seg.one(t, "layerGeometryType").Text; got != "1" {
		t.Errorf("segments geometry type %s, want 1 (line)", got)
	}
	if len(seg.all("labeling")) != 0 {
		t.Errorf("segments labelled")
	}

	xs := style("crossings")
	if got := xs.one(t, "labeling/settings/text-style").attr("fieldName"); got != "name" {
		t.Errorf("crossings labelled by %q, want name", got)
	}
	if xs.attr("labelsEnabled") != "1" || optionValue(xs.all("renderer-v2/symbols/symbol")[0], "name") != "circle" {
		t.Errorf("crossings: labels %q, marker %q", xs.attr("labelsEnabled"), optionValue(xs.all("renderer-v2/symbols/symbol")[0], "name"))
	}

	routes := style("routes")
	var values []string
	for _, c := range routes.all("renderer-v2/categories/category") {
		values = append(values, c.attr("value"))
	}
	if !slices.Equal(values, []string{"1", "2"}) {
		t.Errorf("route categories %v, want [1 2]", values)
	}
	dd := routes.all("renderer-v2/symbols/symbol/layer/data_defined_properties/Option/Option/Option/Option")
	found := false
	for _, o := range dd {
		if o.attr("name") == "expression" && strings.Contains(o.attr("value"), `scale_linear("tonnes", 0, 60,`) {
			found = true
		}
	}
	if !found {
		t.Errorf("routes: no width by tonnes")
	}
	if ob := routes.one(t, "renderer-v2/orderby/orderByClause"); ob.attr("asc") != "0" || ob.Text != `"rank"` {
		t.Errorf("routes ordered by %s asc=%s, want rank descending", ob.Text, ob.attr("asc"))
	}
}

// optionValue returns the value of the named entry in a symbol's first
// symbol-layer option map.
func optionValue(symbol node, name string) string {
	for _, o := range symbol.all("layer/Option/Option") {
		if o.attr("name") == name {
			return o.attr("value")
		}
	}
	return ""
}

func TestProjectGolden(t *testing.T) {
	ls := layer.DrawOrder(testLayers(t))
	p := Project{Title: "Test corridor"}
	for _, l := range ls {
		p.Layers = append(p.Layers, ProjectLayer{Layer: l, Source: l.Name + ".geojson"})
	}
	var b bytes.Buffer
	if err := WriteProject(&b, p); err != nil {
		t.Fatal(err)
	}
	golden(t, "project.qgs", b.Bytes())

	doc := parse(t, b.Bytes())
	if got := doc.one(t, "projectCrs/spatialrefsys/proj4").Text; !strings.HasPrefix(got, "+proj=lcc ") {
		t.Errorf("project CRS %s, want a Lambert conformal conic", got)
	}
	if got := doc.one(t, "properties/Paths/Absolute").Text; got != "false" {
		t.Errorf("absolute paths: %s, want false", got)
	}
	var tree, sources []string
	for _, n := range doc.all("layer-tree-group/layer-tree-layer") {
		tree = append(tree, n.attr("name")+":"+n.attr("checked"))
	}
	wantTree := []string{"Crossings:Qt::Checked", "Graph nodes:Qt::Unchecked", "Routes:Qt::Checked", "Border segments:Qt::Checked", "Countries:Qt::Checked"}
	if !slices.Equal(tree, wantTree) {
		t.Errorf("layer tree %v, want %v", tree, wantTree)
	}
	for _, m := range doc.all("projectlayers/maplayer") {
		sources = append(sources, m.one(t, "datasource").Text+"|"+m.one(t, "provider").Text+"|"+m.attr("wkbType"))
		if m.one(t, "srs/spatialrefsys/authid").Text != "EPSG:4326" {
			t.Errorf("layer %s not in EPSG:4326", m.one(t, "id").Text)
		}
		if r := m.all("renderer-v2"); len(r) != 1 {
			t.Errorf("layer %s has %d renderers", m.one(t, "id").Text, len(r))
		}
	}
	wantSources := []string{
		"./crossings.geojson|ogr|Point", "./nodes.geojson|ogr|Point", "./routes.geojson|ogr|LineString",
		"./segments.geojson|ogr|LineString", "./countries.geojson|ogr|Polygon",
	}
	if !slices.Equal(sources, wantSources) {
		t.Errorf("sources %v, want %v", sources, wantSources)
	}
	// The view, in metres on the conic, holds every corner of the data
	// and is at most a fifth wider than they need.
	ext := doc.one(t, "mapcanvas/extent")
	var v [4]float64
	for i, k := range []string{"xmin", "ymin", "xmax", "ymax"} {
		v[i], _ = strconv.ParseFloat(ext.one(t, k).Text, 64)
	}
	fcs := make([]*geojson.FeatureCollection, len(ls))
	for i, l := range ls {
		fcs[i] = l.Features
	}
	data, _ := layer.Bound(fcs...)
	c, ok := conic.For(data) // fitted to the data, as the picture is
	if !ok {
		t.Fatal("no conic")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, q := range []orb.Point{data.Min, data.Max, {data.Min[0], data.Max[1]}, {data.Max[0], data.Min[1]}} {
		x, y := c.ProjectCRS(q)
		lo, hi = min(lo, x), max(hi, x)
		if x < v[0] || x > v[2] || y < v[1] || y > v[3] {
			t.Errorf("corner %v at %v, %v m is outside the view %v", q, x, y, v)
		}
	}
	if w := v[2] - v[0]; w > 1.2*(hi-lo) {
		t.Errorf("view %v m wide for data %v m wide", w, hi-lo)
	}
}

func TestProjectErrors(t *testing.T) {
	ls := testLayers(t)
	for _, c := range []struct {
		name string
		p    Project
	}{
		{"no layers", Project{}},
		{"no source", Project{Layers: []ProjectLayer{{Layer: ls[0]}}}},
		{"repeated", Project{Layers: []ProjectLayer{{Layer: ls[0], Source: "a"}, {Layer: ls[0], Source: "b"}}}},
		{"bad style", Project{Layers: []ProjectLayer{{Layer: layer.Layer{Name: "x", Style: layer.Style{Kind: layer.Graduated}}, Source: "x"}}}},
	} {
		if err := WriteProject(&bytes.Buffer{}, c.p); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

// TestProjectTemporal checks a project over a small dated layer, an
// instant layer and an undated one against the attributes QGIS 3.22 writes
// (QgsVectorLayerTemporalProperties, QgsProjectTimeSettings, the temporal
// controller's project entries).
func TestProjectTemporal(t *testing.T) {
	flows := geojson.NewFeatureCollection()
	for i, d := range [][2]string{{"2011-06-01", "2011-07-01"}, {"2011-07-01", "2011-08-01"}, {"2009-01-01", "2009-02-01"}} {
		f := geojson.NewFeature(orb.Point{67 + float64(i), 38})
		f.Properties = geojson.Properties{"id": "x" + strconv.Itoa(i), "date": d[0], "date_end": d[1], "kg": 100.0 * float64(i+1)}
		flows.Append(f)
	}
	seizures := geojson.NewFeatureCollection()
	f := geojson.NewFeature(orb.Point{69, 41})
	f.Properties = geojson.Properties{"seized_kg": 850.0, "on": "2012-11-01"}
	seizures.Append(f)
	ls, err := layer.Prepare(append(testLayers(t)[:1],
		layer.Layer{Name: "flows", Features: flows, Temporal: &layer.Temporal{StartField: "date", EndField: "date_end"}},
		layer.Layer{Name: "seizures", Features: seizures, Temporal: &layer.Temporal{StartField: "on"}},
	))
	if err != nil {
		t.Fatal(err)
	}
	p := Project{Title: "Dated"}
	for _, l := range ls {
		p.Layers = append(p.Layers, ProjectLayer{Layer: l, Source: l.Name + ".geojson"})
	}
	var b bytes.Buffer
	if err := WriteProject(&b, p); err != nil {
		t.Fatal(err)
	}
	doc := parse(t, b.Bytes())

	want := map[string]map[string]string{
		"routerisk_flows": {"enabled": "1", "mode": "2", "limitMode": "0", "startField": "date", "endField": "date_end",
			"durationField": "", "fixedDuration": "0", "accumulate": "0"},
		"routerisk_seizures": {"enabled": "1", "mode": "1", "limitMode": "0", "startField": "on", "endField": "",
			"fixedDuration": "0", "accumulate": "0"},
	}
	for _, m := range doc.all("projectlayers/maplayer") {
		id := m.one(t, "id").Text
		tm := m.all("temporal")
		attrs, dated := want[id]
		if !dated {
			if len(tm) != 0 {
				t.Errorf("undated layer %s has temporal properties", id)
			}
			continue
		}
		if len(tm) != 1 {
			t.Fatalf("layer %s: %d temporal elements, want 1", id, len(tm))
		}
		for k, v := range attrs {
			if got := tm[0].attr(k); got != v {
				t.Errorf("layer %s: temporal %s=%q, want %q", id, k, got, v)
			}
		}
		if len(tm[0].all("fixedRange/start")) != 1 {
			t.Errorf("layer %s: no fixedRange", id)
		}
		delete(want, id)
	}
	if len(want) != 0 {
		t.Errorf("layers without temporal properties: %v", want)
	}

	// The range runs from the earliest start to the latest end, the
	// instant of 2012-11-01 ending the day after.
	ts := doc.one(t, "ProjectTimeSettings")
	for k, v := range map[string]string{"timeStepUnit": "mon", "timeStep": "1", "cumulativeTemporalRange": "0"} {
		if got := ts.attr(k); got != v {
			t.Errorf("ProjectTimeSettings %s=%q, want %q", k, got, v)
		}
	}
	if s, e := ts.one(t, "TemporalRange/start").Text, ts.one(t, "TemporalRange/end").Text; s != "2009-01-01T00:00:00Z" || e != "2012-11-02T00:00:00Z" {
		t.Errorf("temporal range %s – %s, want 2009-01-01T00:00:00Z – 2012-11-02T00:00:00Z", s, e)
	}
	tc := doc.one(t, "properties/TemporalControllerWidget")
	for k, v := range map[string]string{"NavigationMode": "1", "StartDateTime": "2009-01-01T00:00:00.000Z", "EndDateTime": "2012-11-02T00:00:00.000Z"} {
		if got := tc.one(t, k).Text; got != v {
			t.Errorf("TemporalControllerWidget %s=%q, want %q", k, got, v)
		}
	}

	// Without dated layers the project has no time settings.
	p.Layers = p.Layers[:1]
	b.Reset()
	if err := WriteProject(&b, p); err != nil {
		t.Fatal(err)
	}
	doc = parse(t, b.Bytes())
	if len(doc.all("ProjectTimeSettings")) != 0 || len(doc.all("properties/TemporalControllerWidget")) != 0 {
		t.Errorf("time settings in a project without dated layers")
	}
}

// srsElements are the children of <spatialrefsys> in the order QGIS 3.22
// writes them (QgsCoordinateReferenceSystem::writeXml).
var srsElements = []string{"wkt", "proj4", "srsid", "srid", "authid", "description", "projectionacronym", "ellipsoidacronym", "geographicflag"}

// TestProjectCRS checks what QGIS needs to open a project in its CRS: the
// SpatialRefSys/ProjectionsEnabled entry without which QGIS 3 ignores
// <projectCrs>, one CRS in the project, the canvas and the default view,
// each written as QGIS writes a CRS, and a view extent in the CRS's units
// that agrees between the canvas and the default view.
func TestProjectCRS(t *testing.T) {
	for _, c := range []struct {
		name   string
		bound  orb.Bound // the data's extent; the project's extent has a 3% margin
		conic  bool
		units  string
		authid string
	}{
		{"Central Asia", orb.Bound{Min: orb.Point{60, 37.2}, Max: orb.Point{70, 55.2}}, true, "meters", ""},
		{"equator", orb.Bound{Min: orb.Point{10, -5}, Max: orb.Point{20, 5}}, false, "degrees", "EPSG:4326"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fc := geojson.NewFeatureCollection()
			fc.Append(geojson.NewFeature(orb.LineString{c.bound.Min, c.bound.Max}))
			ls, err := layer.Prepare([]layer.Layer{{Name: "line", Features: fc}})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := WriteProject(&b, Project{Title: c.name, Layers: []ProjectLayer{{Layer: ls[0], Source: "line.geojson"}}}); err != nil {
				t.Fatal(err)
			}
			doc := parse(t, b.Bytes())
			if got := doc.one(t, "properties/SpatialRefSys/ProjectionsEnabled"); got.Text != "1" || got.attr("type") != "int" {
				t.Errorf("ProjectionsEnabled %q of type %q, want 1 of type int", got.Text, got.attr("type"))
			}
			if got := doc.one(t, "properties/Measure/Ellipsoid").Text; got != "EPSG:7030" {
				t.Errorf("measurement ellipsoid %q, want EPSG:7030", got)
			}
			project := doc.one(t, "projectCrs/spatialrefsys")
			var names []string
			for _, k := range project.Kids {
				names = append(names, k.XMLName.Local)
			}
			if !slices.Equal(names, srsElements) {
				t.Errorf("spatialrefsys elements %v, want %v", names, srsElements)
			}
			for _, path := range []string{"mapcanvas/destinationsrs/spatialrefsys", "ProjectViewSettings/DefaultViewExtent/spatialrefsys"} {
				if got := doc.one(t, path); !sameNode(got, project) {
					t.Errorf("%s differs from the project CRS", path)
				}
			}
			if got := project.one(t, "authid").Text; got != c.authid {
				t.Errorf("authid %q, want %q", got, c.authid)
			}
			if got := doc.one(t, "mapcanvas/units").Text; got != c.units {
				t.Errorf("canvas units %q, want %q", got, c.units)
			}

			// The canvas extent and the default view agree, and are the
			// project extent in the CRS: degrees, or metres on the conic.
			ext := doc.one(t, "mapcanvas/extent")
			dv := doc.one(t, "ProjectViewSettings/DefaultViewExtent")
			var v [4]float64
			for i, k := range []string{"xmin", "ymin", "xmax", "ymax"} {
				v[i], _ = strconv.ParseFloat(ext.one(t, k).Text, 64)
				if dv.attr(k) != ext.one(t, k).Text {
					t.Errorf("default view %s %s, canvas %s", k, dv.attr(k), ext.one(t, k).Text)
				}
			}
			dx, dy := 0.03*(c.bound.Max[0]-c.bound.Min[0]), 0.03*(c.bound.Max[1]-c.bound.Min[1])
			padded := orb.Bound{Min: orb.Point{c.bound.Min[0] - dx, c.bound.Min[1] - dy}, Max: orb.Point{c.bound.Max[0] + dx, c.bound.Max[1] + dy}}
			if !c.conic {
				want := [4]float64{padded.Min[0], padded.Min[1], padded.Max[0], padded.Max[1]}
				for i := range v {
					if math.Abs(v[i]-want[i]) > 1e-9 {
						t.Errorf("extent %v, want %v", v, want)
						break
					}
				}
				return
			}
			cn, ok := conic.For(c.bound)
			if !ok {
				t.Fatal("no conic")
			}
			if got := project.one(t, "proj4").Text; got != cn.Proj4() {
				t.Errorf("proj4 %q, want %q", got, cn.Proj4())
			}
			// The parallels are arcs about the cone's apex beyond the
			// north pole: the bottom corners of the padded extent bound
			// its image at the sides, the middle of the bottom edge below
			// and the top corners above.
			x0, _ := cn.ProjectCRS(padded.Min)
			x1, _ := cn.ProjectCRS(orb.Point{padded.Max[0], padded.Min[1]})
			_, y0 := cn.ProjectCRS(orb.Point{cn.Lon0, padded.Min[1]})
			_, y1 := cn.ProjectCRS(padded.Max)
			want := [4]float64{x0, y0, x1, y1}
			for i := range v {
				if math.Abs(v[i]-want[i]) > 1 {
					t.Errorf("extent %.0f m, want %.0f m", v, want)
					break
				}
			}
		})
	}
}

// sameNode reports whether a and b are the same element with the same
// attributes, text and children.
func sameNode(a, b node) bool {
	if a.XMLName != b.XMLName || strings.TrimSpace(a.Text) != strings.TrimSpace(b.Text) || !slices.Equal(a.Attrs, b.Attrs) || len(a.Kids) != len(b.Kids) {
		return false
	}
	for i := range a.Kids {
		if !sameNode(a.Kids[i], b.Kids[i]) {
			return false
		}
	}
	return true
}
