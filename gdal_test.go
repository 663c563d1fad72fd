package routerisk

import (
	"path/filepath"
	"testing"

	"github.com/routerisk/routerisk/internal/testfiles"
)

// TestWriteQGISOpensInGDAL opens every layer of the real analysis's export
// with GDAL's ogrinfo, as QGIS would: each GeoJSON file and each GeoPackage
// table must open without a warning, in EPSG:4326, with a geometry type
// and every feature. It is skipped where ogrinfo is missing, except in CI
// (CI=true), which installs it.
func TestWriteQGISOpensInGDAL(t *testing.T) {
	bin := testfiles.Ogrinfo(t)
	a := northernRoute(t)
	layers, err := a.Layers()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := a.WriteQGIS(dir, "northern-route", nil); err != nil {
		t.Fatal(err)
	}
	gpkg := testfiles.OgrSummary(t, bin, filepath.Join(dir, "northern-route.gpkg"))
	for _, l := range layers {
		want := len(l.Features.Features)
		file := testfiles.OgrSummary(t, bin, filepath.Join(dir, l.Name+".geojson"))
		for where, got := range map[string]*testfiles.OgrLayer{l.Name + ".geojson": file[l.Name], "GeoPackage table " + l.Name: gpkg[l.Name]} {
			switch {
			case got == nil:
				t.Errorf("%s: ogrinfo lists no layer %s", where, l.Name)
			case got.Count != want || !got.EPSG4326 || got.Geometry == "" || got.Geometry == "None":
				t.Errorf("%s: %d features, EPSG:4326 %v, geometry %q; want %d features in EPSG:4326", where, got.Count, got.EPSG4326, got.Geometry, want)
			}
		}
	}
}
