package testfiles

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

// Ogrinfo returns the path of GDAL's ogrinfo. Without it the test is
// skipped on a developer's machine, and fails where CI=true, since CI
// installs GDAL.
func Ogrinfo(t testing.TB) string {
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

// An OgrLayer is what ogrinfo -al -so says about one layer.
type OgrLayer struct {
	Geometry string            // e.g. "Line String", "None"
	Count    int               // features
	EPSG4326 bool              // the layer's CRS is EPSG:4326
	Fields   map[string]string // field name → GDAL type, e.g. "Real"
}

var fieldLine = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*): ([\w()]+) \(`)

// OgrSummary runs ogrinfo (from Ogrinfo) -al -so on path and returns its
// summary by layer name; anything ogrinfo prints to stderr, a warning
// included, fails the test.
func OgrSummary(t testing.TB, bin, path string) map[string]*OgrLayer {
	t.Helper()
	cmd := exec.Command(bin, "-ro", "-al", "-so", path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s", filepath.Base(path), err, stderr.String())
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		t.Errorf("ogrinfo %s printed to stderr:\n%s", filepath.Base(path), s)
	}
	out := map[string]*OgrLayer{}
	var cur *OgrLayer
	for _, line := range strings.Split(stdout.String(), "\n") {
		switch {
		case strings.HasPrefix(line, "Layer name: "):
			cur = &OgrLayer{Fields: map[string]string{}}
			out[strings.TrimPrefix(line, "Layer name: ")] = cur
		case cur == nil:
		case strings.HasPrefix(line, "Geometry: "):
			cur.Geometry = strings.TrimPrefix(line, "Geometry: ")
		case strings.HasPrefix(line, "Feature Count: "):
			cur.Count, _ = strconv.Atoi(strings.TrimPrefix(line, "Feature Count: "))
		case strings.Contains(line, `ID["EPSG",4326]`):
			cur.EPSG4326 = true
		default:
			if m := fieldLine.FindStringSubmatch(line); m != nil {
				cur.Fields[m[1]] = m[2]
			}
		}
	}
	return out
}
