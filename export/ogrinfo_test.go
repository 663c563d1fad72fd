package export

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/export/gpkg"
	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/internal/testfiles"
)

// gdalGeometry are GDAL's names of the layer geometry types.
var gdalGeometry = map[layer.GeomType]string{
	layer.Unknown: "Unknown (any)", layer.Point: "Point", layer.LineString: "Line String", layer.Polygon: "Polygon",
	layer.MultiPoint: "Multi Point", layer.MultiLineString: "Multi Line String", layer.MultiPolygon: "Multi Polygon",
}

// gdalField are the starts of GDAL's names of the field types.
var gdalField = map[layer.FieldType]string{
	layer.Text: "String", layer.Integer: "Integer", layer.Real: "Real", layer.Bool: "Integer(Boolean)", layer.JSON: "String",
}

// TestOgrinfo exports the corridor and checks with GDAL that every GeoJSON
// layer and every GeoPackage table opens, with the feature count, geometry
// type, fields and EPSG:4326 written, and that the GeoPackage holds the
// styles.
func TestOgrinfo(t *testing.T) {
	bin := testfiles.Ogrinfo(t)
	_, ls := corridor(t)
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := Write(dir, "corridor", ls, &Options{Formats: GeoJSON | GPKG, Time: fixedTime}); err != nil {
		t.Fatal(err)
	}
	check := func(where string, got *testfiles.OgrLayer, l Layer) {
		t.Helper()
		if got == nil {
			t.Errorf("%s: layer %s not found", where, l.Name)
			return
		}
		want := gdalGeometry[layer.GeometryType(l.Features)]
		if got.Geometry != want || got.Count != len(l.Features.Features) || !got.EPSG4326 {
			t.Errorf("%s %s: %s, %d features, EPSG:4326 %v; want %s, %d, true",
				where, l.Name, got.Geometry, got.Count, got.EPSG4326, want, len(l.Features.Features))
		}
		for _, f := range layer.Fields(l.Features) {
			typ, ok := got.Fields[f.Name]
			if !ok {
				t.Errorf("%s %s: field %s missing (GDAL read %v)", where, l.Name, f.Name, got.Fields)
			} else if !strings.HasPrefix(typ, gdalField[f.Type]) && !(where == "GeoJSON" && f.Type == layer.Real && strings.HasPrefix(typ, "Integer")) {
				// (GDAL types a GeoJSON field Integer when every value is
				// whole; the GeoPackage declares the schema's REAL.)
				t.Errorf("%s %s: field %s is %s, want %s", where, l.Name, f.Name, typ, gdalField[f.Type])
			}
		}
	}
	for _, l := range ls {
		got := testfiles.OgrSummary(t, bin, filepath.Join(dir, l.Name+".geojson"))
		check("GeoJSON", got[l.Name], l)
	}
	got := testfiles.OgrSummary(t, bin, filepath.Join(dir, "corridor.gpkg"))
	for _, l := range ls {
		check("GeoPackage", got[l.Name], l)
	}
	if st := got[gpkg.StylesTable]; st == nil || st.Count != len(ls) || st.Geometry != "None" {
		t.Errorf("GeoPackage %s: %+v, want %d styles without geometry", gpkg.StylesTable, st, len(ls))
	}
	if len(got) != len(ls)+1 {
		t.Errorf("GeoPackage: %d tables, want %d layers and the styles", len(got), len(ls))
	}
	t.Logf("ogrinfo read %d GeoJSON layers and %d GeoPackage tables", len(ls), len(got))
}
