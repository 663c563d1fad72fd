package routerisk

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestWriteQGISOpensInGDAL opens every layer of the real analysis's export
// with GDAL's ogrinfo, as QGIS would: each GeoJSON file and each GeoPackage
// table must open without a warning, in EPSG:4326, with every feature. It
// is skipped where ogrinfo is missing, except in CI (CI=true), which
// installs it.
func TestWriteQGISOpensInGDAL(t *testing.T) {
	bin, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ogrinfo not found, and CI=true: .ci/run must install gdal-bin")
		}
		t.Skip("ogrinfo not found: apt-get install gdal-bin to run this test")
	}
	a := northernRoute(t)
	layers, err := a.Layers()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := a.WriteQGIS(dir, "northern-route", nil); err != nil {
		t.Fatal(err)
	}
	gpkg := ogrinfo(t, bin, filepath.Join(dir, "northern-route.gpkg"))
	for _, l := range layers {
		want := len(l.Features.Features)
		file := ogrinfo(t, bin, filepath.Join(dir, l.Name+".geojson"))
		if got := file[l.Name]; got != want {
			t.Errorf("%s.geojson: ogrinfo counts %d features, want %d", l.Name, got, want)
		}
		if got, ok := gpkg[l.Name]; !ok || got != want {
			t.Errorf("GeoPackage table %s: ogrinfo counts %d features (listed: %v), want %d", l.Name, got, ok, want)
		}
	}
}

var (
	layerName    = regexp.MustCompile(`(?m)^Layer name: (\S+)$`)
	featureCount = regexp.MustCompile(`(?m)^Feature Count: (\d+)$`)
)

// ogrinfo runs ogrinfo -al -so on path and returns the feature count of
// each layer in EPSG:4326. Anything on stderr fails the test.
func ogrinfo(t *testing.T, bin, path string) map[string]int {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "-ro", "-al", "-so", path)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s", filepath.Base(path), err, stderr.Bytes())
	}
	if stderr.Len() > 0 {
		t.Errorf("ogrinfo %s warns:\n%s", filepath.Base(path), stderr.Bytes())
	}
	out := stdout.String()
	names := layerName.FindAllStringSubmatchIndex(out, -1)
	counts := map[string]int{}
	for i, m := range names {
		end := len(out)
		if i+1 < len(names) {
			end = names[i+1][0]
		}
		name, block := out[m[2]:m[3]], out[m[1]:end]
		c := featureCount.FindStringSubmatch(block)
		if c == nil {
			t.Errorf("ogrinfo %s: layer %s has no feature count", filepath.Base(path), name)
			continue
		}
		counts[name], _ = strconv.Atoi(c[1])
		if name != "layer_styles" && !strings.Contains(block, `ID["EPSG",4326]]`) {
			t.Errorf("ogrinfo %s: layer %s is not in EPSG:4326", filepath.Base(path), name)
		}
	}
	return counts
}
