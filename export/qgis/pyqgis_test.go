package qgis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export/internal/conic"
	"github.com/routerisk/routerisk/export/layer"
)

// The size in pixels of the maps pyqgisScript renders.
const pyqgisWidth, pyqgisHeight = 300, 200

// pyqgisScript opens the project in argv[1] as QGIS does, renders the
// checked layers over the saved view to the PNG in argv[2] and prints what
// it found as JSON.
const pyqgisScript = `
import json, sys
from qgis.core import (QgsApplication, QgsProject, QgsMapSettings, QgsMapRendererParallelJob,
                       QgsCoordinateTransform, QgsCoordinateReferenceSystem, QgsPointXY, QgsUnitTypes)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtXml import QDomDocument

app = QgsApplication([], False)
app.initQgis()
proj = QgsProject.instance()
out = {"read": proj.read(sys.argv[1])}
crs = proj.crs()
out.update(crs_valid=crs.isValid(), crs_proj=crs.toProj(), crs_description=crs.description(),
           crs_units=QgsUnitTypes.encodeUnit(crs.mapUnits()))
rect = lambda r: [r.xMinimum(), r.yMinimum(), r.xMaximum(), r.yMaximum()]
view = proj.viewSettings().defaultViewExtent()
out.update(view=rect(view), view_crs=view.crs().toProj())

# the main canvas takes its extent from <mapcanvas> and its CRS from the project
doc = QDomDocument()
with open(sys.argv[1], encoding="utf-8") as f:
    doc.setContent(f.read())
canvas = QgsMapSettings()
canvas.readXml(doc.elementsByTagName("mapcanvas").item(0))
out.update(canvas=rect(canvas.extent()), canvas_crs=canvas.destinationCrs().toProj())

wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
pt = QgsCoordinateTransform(wgs84, crs, proj).transform(QgsPointXY(67.4, 37.2))
out["point"] = [pt.x(), pt.y()]

layers = []
for l in proj.mapLayers().values():
    tr = QgsCoordinateTransform(l.crs(), crs, proj)
    layers.append(dict(id=l.id(), valid=l.isValid(), features=l.featureCount(), crs=l.crs().authid(),
                       extent=rect(tr.transformBoundingBox(l.extent()))))
out["layers"] = sorted(layers, key=lambda l: l["id"])
visible = [n.layer() for n in proj.layerTreeRoot().findLayers() if n.layer() is not None and n.isVisible()]
out["visible"] = [l.id() for l in visible]

def painted(ls):
    ms = QgsMapSettings()
    ms.setLayers(ls)
    ms.setDestinationCrs(crs)
    ms.setExtent(view)
    ms.setOutputSize(QSize(%d, %d))
    ms.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    n = sum(1 for y in range(img.height()) for x in range(img.width()) if QColor(img.pixel(x, y)).name() != "#ffffff")
    out["drawn"] = rect(ms.visibleExtent())
    return img, n / (img.width() * img.height())

img, out["painted"] = painted(visible)
img.save(sys.argv[2])
out["painted_by_layer"] = {l.id(): painted([l])[1] for l in visible}
print(json.dumps(out))
app.exitQgis()
`

// conicArea returns the area in m² inside a ring (lon/lat) on the plane
// of c's CRS and its perimeter in m, its edges followed in 64 steps since
// parallels bend on the conic.
func conicArea(c conic.Conic, ring orb.Ring) (area, perimeter float64) {
	var pts []orb.Point
	for i := 0; i+1 < len(ring); i++ {
		for k := 0; k < 64; k++ {
			f := float64(k) / 64
			x, y := c.ProjectCRS(orb.Point{ring[i][0] + f*(ring[i+1][0]-ring[i][0]), ring[i][1] + f*(ring[i+1][1]-ring[i][1])})
			pts = append(pts, orb.Point{x, y})
		}
	}
	for i := range pts {
		j := (i + 1) % len(pts)
		area += pts[i][0]*pts[j][1] - pts[j][0]*pts[i][1]
		perimeter += math.Hypot(pts[j][0]-pts[i][0], pts[j][1]-pts[i][1])
	}
	return math.Abs(area) / 2, perimeter
}

// projParams returns the parameters of a PROJ string by name.
func projParams(s string) map[string]string {
	m := map[string]string{}
	for _, f := range strings.Fields(s) {
		k, v, _ := strings.Cut(strings.TrimPrefix(f, "+"), "=")
		m[k] = v
	}
	return m
}

// sameParam reports whether two PROJ parameter values are the same text
// or the same number.
func sameParam(a, b string) bool {
	x, errX := strconv.ParseFloat(a, 64)
	y, errY := strconv.ParseFloat(b, 64)
	return a == b || errX == nil && errY == nil && x == y
}

// pyqgisResult is what pyqgisScript prints.
type pyqgisResult struct {
	Read           bool       `json:"read"`
	CRSValid       bool       `json:"crs_valid"`
	CRSProj        string     `json:"crs_proj"`
	CRSDescription string     `json:"crs_description"`
	CRSUnits       string     `json:"crs_units"`
	View           [4]float64 `json:"view"`
	ViewCRS        string     `json:"view_crs"`
	Canvas         [4]float64 `json:"canvas"`
	CanvasCRS      string     `json:"canvas_crs"`
	Point          [2]float64 `json:"point"`
	Layers         []struct {
		ID       string     `json:"id"`
		Valid    bool       `json:"valid"`
		Features int        `json:"features"`
		CRS      string     `json:"crs"`
		Extent   [4]float64 `json:"extent"`
	} `json:"layers"`
	Visible        []string           `json:"visible"`
	Drawn          [4]float64         `json:"drawn"`
	Painted        float64            `json:"painted"`
	PaintedByLayer map[string]float64 `json:"painted_by_layer"`
}

// pyqgisPython returns a Python with PyQGIS: Debian's /usr/bin/python3
// first, since python3-qgis installs for it, else python3 on the PATH.
// Without one the test is skipped, on CI too: CI does not install QGIS
// (about 1 GB), so this test runs only where QGIS is installed.
func pyqgisPython(t *testing.T) string {
	t.Helper()
	python := "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil {
		if python, err = exec.LookPath("python3"); err != nil {
			t.Skip("no python3: install QGIS (apt-get install qgis python3-qgis) to run this test")
		}
	}
	cmd := exec.Command(python, "-c", "import qgis.core")
	cmd.Env = pyqgisEnv(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("no PyQGIS (%v: %s): install QGIS (apt-get install qgis python3-qgis) to run this test", err, bytes.TrimSpace(out))
	}
	return python
}

// pyqgisEnv returns the environment for a headless QGIS that keeps its
// settings in a temporary folder.
func pyqgisEnv(t *testing.T) []string {
	dir := t.TempDir()
	return append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR="+dir, "QGIS_CUSTOM_CONFIG_PATH="+dir)
}

// TestProjectInQGIS opens a written project with the installed QGIS: the
// project CRS must be the fitted conic (not the invalid CRS that QGIS
// falls back on when it ignores <projectCrs>), the canvas and default view
// must be its extent in metres, every layer valid in EPSG:4326 and inside
// the view, and the checked layers must cover the rendered map.
func TestProjectInQGIS(t *testing.T) {
	python := pyqgisPython(t)
	dir := t.TempDir()
	ls := layer.DrawOrder(testLayers(t))
	p := Project{Title: "Test corridor"}
	fcs := make([]*geojson.FeatureCollection, len(ls))
	for i, l := range ls {
		b, err := json.Marshal(l.Features)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, l.Name+".geojson"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		p.Layers = append(p.Layers, ProjectLayer{Layer: l, Source: l.Name + ".geojson"})
		fcs[i] = l.Features
	}
	qgs := filepath.Join(dir, "test.qgs")
	var b bytes.Buffer
	if err := WriteProject(&b, p); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(qgs, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "check.py")
	if err := os.WriteFile(script, fmt.Appendf(nil, pyqgisScript, pyqgisWidth, pyqgisHeight), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, script, qgs, filepath.Join(dir, "test.png"))
	cmd.Env = pyqgisEnv(t)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("PyQGIS: %v\n%s", err, stderr.String())
	}
	var got pyqgisResult
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("PyQGIS printed %q: %v\n%s", stdout.String(), err, stderr.String())
	}

	data, _ := layer.Bound(fcs...)
	c, ok := conic.For(data)
	if !ok {
		t.Fatal("no conic")
	}
	// QGIS gives the PROJ string back with "+type=crs" added and numbers
	// in its own format: compare the parameters.
	if !got.Read || !got.CRSValid || got.CRSUnits != "meters" {
		t.Fatalf("QGIS read %v: project CRS valid %v, %q in %s; want valid %q in meters", got.Read, got.CRSValid, got.CRSProj, got.CRSUnits, c.Proj4())
	}
	if gotP, wantP := projParams(got.CRSProj), projParams(c.Proj4()+" +type=crs"); !maps.EqualFunc(gotP, wantP, sameParam) {
		t.Errorf("project CRS %q, want %q", got.CRSProj, c.Proj4())
	}
	if got.CRSDescription != "routerisk Lambert conformal conic" {
		t.Errorf("CRS description %q", got.CRSDescription)
	}
	if got.ViewCRS != got.CRSProj || got.CanvasCRS != got.CRSProj {
		t.Errorf("default view in %q, canvas in %q; project in %q", got.ViewCRS, got.CanvasCRS, got.CRSProj)
	}
	if got.View != got.Canvas {
		t.Errorf("default view %v, canvas %v", got.View, got.Canvas)
	}
	// QGIS (through PROJ) and ProjectCRS agree on a point to a millimetre.
	if x, y := c.ProjectCRS(orb.Point{67.4, 37.2}); math.Abs(got.Point[0]-x) > 1e-3 || math.Abs(got.Point[1]-y) > 1e-3 {
		t.Errorf("QGIS puts 67.4°E 37.2°N at %.3f, %.3f m; ProjectCRS at %.3f, %.3f", got.Point[0], got.Point[1], x, y)
	}
	if len(got.Layers) != len(ls) {
		t.Fatalf("QGIS has %d layers, want %d", len(got.Layers), len(ls))
	}
	for _, l := range got.Layers {
		name := strings.TrimPrefix(l.ID, "routerisk_")
		var n int
		for _, ll := range ls {
			if ll.Name == name {
				n = len(ll.Features.Features)
			}
		}
		if !l.Valid || l.Features != n || l.CRS != "EPSG:4326" {
			t.Errorf("layer %s: valid %v, %d features in %s; want valid, %d in EPSG:4326", l.ID, l.Valid, l.Features, l.CRS, n)
		}
		v := got.View
		if e := l.Extent; e[0] < v[0] || e[1] < v[1] || e[2] > v[2] || e[3] > v[3] {
			t.Errorf("layer %s at %.0f m, outside the view %.0f m", l.ID, e, v)
		}
	}
	// The countries' polygons cover the share of the drawn map that their
	// area on the conic says, give or take the pixels along their edges:
	// one pixel in, two out (a 0.3 mm outline, antialiased, at 96 dpi).
	var area, perimeter float64
	for _, l := range ls {
		if l.Name != "countries" {
			continue
		}
		for _, f := range l.Features.Features {
			pg, ok := f.Geometry.(orb.Polygon)
			if !ok {
				t.Fatalf("country %v is a %s", f.Properties["code"], f.Geometry.GeoJSONType())
			}
			a, p := conicArea(c, pg[0])
			area, perimeter = area+a, perimeter+p
		}
	}
	d := got.Drawn
	px := (d[2] - d[0]) / pyqgisWidth // metres a pixel
	all := (d[2] - d[0]) * (d[3] - d[1])
	lo, hi := (area-px*perimeter)/all, (area+2*px*perimeter)/all
	cs := got.PaintedByLayer["routerisk_countries"]
	t.Logf("the countries paint %.2f%% of the map, their area on the conic %.2f%% (%.2f%% – %.2f%% with their edges)", 100*cs, 100*area/all, 100*lo, 100*hi)
	if cs < lo || cs > hi {
		t.Errorf("the countries paint %.2f%% of the map, want %.2f%% – %.2f%% from their area on the conic", 100*cs, 100*lo, 100*hi)
	}
	for _, id := range got.Visible {
		if got.PaintedByLayer[id] == 0 {
			t.Errorf("layer %s draws nothing in the view", id)
		}
	}
	if len(got.Visible) != 4 {
		t.Errorf("visible layers %v, want the four checked ones", got.Visible)
	}
}
