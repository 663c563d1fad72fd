package export

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/export/gpkg"
	"github.com/routerisk/routerisk/export/layer"
)

// ogrinfo returns the path of GDAL's ogrinfo. Without it the test is
// skipped on a developer's machine, and fails where CI=true, since CI
// installs GDAL.
func ogrinfo(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ogrinfo not found, and CI=true: .ci/run must install gdal-bin")
		}
		t.Skip("ogrinfo not found: install GDAL's tools (apt-get install gdal-bin) to run this test")
	}
	return path
}

// gdalGeometry are GDAL's names of the layer geometry types.
var gdalGeometry = map[layer.GeomType]string{
	layer.Unknown: "Unknown (any)", layer.Point: "Point", layer.LineString: "Line String", layer.Polygon: "Polygon",
	layer.MultiPoint: "Multi Point", layer.MultiLineString: "Multi Line String", layer.MultiPolygon: "Multi Polygon",
}

// gdalField are the starts of GDAL's names of the field types.
var gdalField = map[layer.FieldType]string{
	layer.Text: "String", layer.Integer: "Integer", layer.Real: "Real", layer.Bool: "Integer(Boolean)", layer.JSON: "String",
}

// An ogrLayer is what ogrinfo -al -so says about one layer.
type ogrLayer struct {
	geometry string
	count    int
	epsg4326 bool
	fields   map[string]string
}

var fieldLine = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*): ([\w()]+) \(`)

// runOgrinfo runs ogrinfo -al -so on path and parses its summary by layer;
// any warning or error it prints fails the test.
func runOgrinfo(t *testing.T, bin, path string) map[string]*ogrLayer {
	t.Helper()
	cmd := exec.Command(bin, "-al", "-so", path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s", filepath.Base(path), err, stderr.String())
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		t.Errorf("ogrinfo %s printed to stderr:\n%s", filepath.Base(path), s)
	}
	out := map[string]*ogrLayer{}
	var cur *ogrLayer
	for _, line := range strings.Split(stdout.String(), "\n") {
		switch {
		case strings.HasPrefix(line, "Layer name: "):
			cur = &ogrLayer{fields: map[string]string{}}
			out[strings.TrimPrefix(line, "Layer name: ")] = cur
		case cur == nil:
		case strings.HasPrefix(line, "Geometry: "):
			cur.geometry = strings.TrimPrefix(line, "Geometry: ")
		case strings.HasPrefix(line, "Feature Count: "):
			cur.count, _ = strconv.Atoi(strings.TrimPrefix(line, "Feature Count: "))
		case strings.Contains(line, `ID["EPSG",4326]`):
			cur.epsg4326 = true
		default:
			if m := fieldLine.FindStringSubmatch(line); m != nil {
				cur.fields[m[1]] = m[2]
			}
		}
	}
	return out
}

// TestOgrinfo exports the corridor and checks with GDAL that every GeoJSON
// layer and every GeoPackage table opens, with the feature count, geometry
// type, fields and EPSG:4326 written, and that the GeoPackage holds the
// styles.
func TestOgrinfo(t *testing.T) {
	bin := ogrinfo(t)
	_, ls := corridor(t)
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := Write(dir, "corridor", ls, &Options{Formats: GeoJSON | GPKG, Time: fixedTime}); err != nil {
		t.Fatal(err)
	}
	check := func(where string, got *ogrLayer, l Layer) {
		t.Helper()
		if got == nil {
			t.Errorf("%s: layer %s not found", where, l.Name)
			return
		}
		want := gdalGeometry[layer.GeometryType(l.Features)]
		if got.geometry != want || got.count != len(l.Features.Features) || !got.epsg4326 {
			t.Errorf("%s %s: %s, %d features, EPSG:4326 %v; want %s, %d, true",
				where, l.Name, got.geometry, got.count, got.epsg4326, want, len(l.Features.Features))
		}
		for _, f := range layer.Fields(l.Features) {
			typ, ok := got.fields[f.Name]
			if !ok {
				t.Errorf("%s %s: field %s missing (GDAL read %v)", where, l.Name, f.Name, got.fields)
			} else if !strings.HasPrefix(typ, gdalField[f.Type]) && !(where == "GeoJSON" && f.Type == layer.Real && strings.HasPrefix(typ, "Integer")) {
				// (GDAL types a GeoJSON field Integer when every value is
				// whole; the GeoPackage declares the schema's REAL.)
				t.Errorf("%s %s: field %s is %s, want %s", where, l.Name, f.Name, typ, gdalField[f.Type])
			}
		}
	}
	for _, l := range ls {
		got := runOgrinfo(t, bin, filepath.Join(dir, l.Name+".geojson"))
		check("GeoJSON", got[l.Name], l)
	}
	got := runOgrinfo(t, bin, filepath.Join(dir, "corridor.gpkg"))
	for _, l := range ls {
		check("GeoPackage", got[l.Name], l)
	}
	if st := got[gpkg.StylesTable]; st == nil || st.count != len(ls) || st.geometry != "None" {
		t.Errorf("GeoPackage %s: %+v, want %d styles without geometry", gpkg.StylesTable, st, len(ls))
	}
	if len(got) != len(ls)+1 {
		t.Errorf("GeoPackage: %d tables, want %d layers and the styles", len(got), len(ls))
	}
	t.Logf("ogrinfo read %d GeoJSON layers and %d GeoPackage tables", len(ls), len(got))
}
