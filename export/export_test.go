package export

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export/gpkg"
	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/export/mapimg"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/readback"
	"github.com/routerisk/routerisk/internal/testfiles"
)

var fixedTime = time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)

// small returns a few small layers, quick to write many times.
func small() []Layer {
	pts := geojson.NewFeatureCollection()
	for i, p := range routePlaces[:3] {
		f := geojson.NewFeature(p)
		f.Properties = geojson.Properties{"id": fmt.Sprintf("x%d", i), "name": fmt.Sprintf("Crossing %d", i), "p_interdict": 0.03 * float64(i+1)}
		pts.Append(f)
	}
	return []Layer{
		{Name: "crossings", Features: pts},
		{Name: "routes", Features: routesLayer()},
	}
}

// smallOpts are the options of the tests that write small layers many
// times: a small picture keeps them quick under the race detector.
func smallOpts() *Options { return &Options{Time: fixedTime, MapWidth: 300} }

// snapshot returns the files of dir and their hashes.
func snapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWriteCorridor(t *testing.T) {
	c, ls := corridor(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	m, err := Write(dir, "northern-route", ls, &Options{Time: fixedTime, Title: "Northern Route", MapWidth: 700})
	if err != nil {
		t.Fatal(err)
	}
	if got := testfiles.DirNames(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("parent folder holds %v, want only out (no temporary folders)", got)
	}
	if m.QGS != filepath.Join(dir, "northern-route.qgs") {
		t.Errorf("QGS path %q", m.QGS)
	}
	var want []string
	for _, n := range []string{"countries", "borders", "segments", "edges", "flows", "routes", "outposts", "nodes", "settlements", "crossings"} {
		want = append(want, n+".geojson", n+".qml")
	}
	want = append(want, "northern-route.qgs", "northern-route.gpkg", "northern-route.kml", "northern-route.svg", "northern-route.png", WebMapName, ManifestName)
	var got []string
	for _, f := range m.Files {
		got = append(got, f.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("manifest files\n got %v\nwant %v", got, want)
	}
	slices.Sort(want)
	if files := testfiles.DirNames(t, dir); !slices.Equal(files, want) {
		t.Errorf("folder holds\n %v\nwant %v", files, want)
	}
	var onDisk Manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &onDisk); err != nil || onDisk.Project != "northern-route" || len(onDisk.Files) != len(m.Files)-1 {
		t.Errorf("manifest on disk: %v, %+v", err, onDisk)
	}
	for _, f := range onDisk.Files {
		if f.Name == "settlements.geojson" && f.Features != len(c.Settlements) {
			t.Errorf("manifest: %d settlements, want %d", f.Features, len(c.Settlements))
		}
	}
	if ok, err := gpkg.Is(filepath.Join(dir, "northern-route.gpkg")); !ok || err != nil {
		t.Errorf("northern-route.gpkg is not a GeoPackage: %v", err)
	}
	pf, err := os.Open(filepath.Join(dir, "northern-route.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	img, err := png.Decode(pf)
	if err != nil {
		t.Errorf("picture: %v", err)
	} else if img.Bounds().Dx() != 700+mapimg.LegendWidth {
		t.Errorf("picture %v, want %d pixels wide", img.Bounds(), 700+mapimg.LegendWidth)
	}
	t.Run("round trip", func(t *testing.T) { roundTrip(t, dir, c, ls) })
}

// roundTrip reads every GeoJSON layer back, with geo's readers where geo
// has one, and compares it with what was written.
func roundTrip(t *testing.T, dir string, c *geo.Corridor, ls []Layer) {
	readback.Corridor(t, dir, c)
	open := func(name string) *os.File { return readback.Open(t, dir, name) }
	segs, err := geo.ReadSegments(open("segments"), "segments")
	want, _ := geo.SegmentBorders(c.Borders, 50)
	if err != nil || len(segs) != len(want) {
		t.Errorf("segments: %v, %d read, want %d", err, len(segs), len(want))
	} else {
		for i := range segs {
			if segs[i].ID != want[i].ID || !orb.Equal(segs[i].Line, want[i].Line) || segs[i].LengthKm != want[i].LengthKm {
				t.Errorf("segment %d: read %s, wrote %s", i, segs[i].ID, want[i].ID)
				break
			}
		}
	}
	// Every layer, read as plain GeoJSON: same geometries, same
	// properties (compared after a JSON round trip of what was given).
	for _, l := range ls {
		b, err := os.ReadFile(filepath.Join(dir, l.Name+".geojson"))
		if err != nil {
			t.Fatal(err)
		}
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil {
			t.Errorf("%s: %v", l.Name, err)
			continue
		}
		if len(fc.Features) != len(l.Features.Features) {
			t.Errorf("%s: %d features read, %d written", l.Name, len(fc.Features), len(l.Features.Features))
			continue
		}
		for i, f := range fc.Features {
			in := l.Features.Features[i]
			if !orb.Equal(f.Geometry, in.Geometry) {
				t.Errorf("%s feature %d: geometry differs", l.Name, i)
				break
			}
			var props geojson.Properties
			j, _ := json.Marshal(in.Properties)
			json.Unmarshal(j, &props)
			if !reflect.DeepEqual(f.Properties, props) {
				t.Errorf("%s feature %d: properties %v, wrote %v", l.Name, i, f.Properties, props)
				break
			}
		}
	}
}

func TestWriteReplacesWhole(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if _, err := Write(dir, "first", small(), smallOpts()); err != nil {
		t.Fatal(err)
	}
	ls := small()[:1]
	m, err := Write(dir, "second", ls, &Options{Time: fixedTime, MapWidth: 300, Formats: GeoJSON | QML})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"crossings.geojson", "crossings.qml", ManifestName}
	if got := testfiles.DirNames(t, dir); !slices.Equal(got, want) {
		t.Errorf("after replacing: %v, want %v", got, want)
	}
	if m.QGS != "" || m.Stale != "" {
		t.Errorf("QGS %q, stale %q; want none", m.QGS, m.Stale)
	}
	if got := testfiles.DirNames(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("parent folder holds %v, want only out", got)
	}
}

// TestWriteFailureLeavesOldFolder injects a failure after each file in
// turn, and at the swap, and checks the previous export is untouched and
// nothing is left behind.
func TestWriteFailureLeavesOldFolder(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	boom := errors.New("injected failure")
	defer func() { afterFile, rename = func(string) error { return nil }, os.Rename }()

	// Count the files of an export, then write the one to keep.
	files := 0
	afterFile = func(string) error { files++; return nil }
	if _, err := Write(dir, "after", small(), smallOpts()); err != nil {
		t.Fatal(err)
	}
	afterFile = func(string) error { return nil }
	if files < 10 {
		t.Fatalf("only %d files counted", files)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, "before", small(), smallOpts()); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)

	for k := 1; k <= files; k++ {
		n := 0
		afterFile = func(name string) error {
			if n++; n == k {
				return fmt.Errorf("%s: %w", name, boom)
			}
			return nil
		}
		if _, err := Write(dir, "after", small(), smallOpts()); !errors.Is(err, boom) {
			t.Fatalf("failure after file %d: got %v, want the injected error", k, err)
		}
		if got := snapshot(t, dir); !reflect.DeepEqual(got, before) {
			t.Fatalf("failure after file %d: the previous folder changed", k)
		}
		if got := testfiles.DirNames(t, parent); !slices.Equal(got, []string{"out"}) {
			t.Fatalf("failure after file %d: parent holds %v", k, got)
		}
	}
	afterFile = func(string) error { return nil }

	// The new folder cannot be renamed into place: the old one comes back.
	abs, _ := filepath.Abs(dir)
	rename = func(from, to string) error {
		if to == abs && strings.Contains(filepath.Base(from), ".tmp-") {
			return boom
		}
		return os.Rename(from, to)
	}
	if _, err := Write(dir, "after", small(), smallOpts()); !errors.Is(err, boom) {
		t.Fatalf("failing swap: got %v, want the injected error", err)
	}
	if got := snapshot(t, dir); !reflect.DeepEqual(got, before) {
		t.Errorf("failing swap: the previous folder was not restored")
	}
	if got := testfiles.DirNames(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("failing swap: parent holds %v", got)
	}
}

func TestWriteRefuses(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "file.txt")
	if err := os.WriteFile(file, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(parent, "mine")
	if err := os.MkdirAll(foreign, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, dir, project string
		opts               *Options
		target             error
		contains           string
	}{
		{"path is a file", file, "p", nil, ErrNotFolder, "is a file"},
		{"folder of someone else's files", foreign, "p", nil, ErrForeign, "not empty"},
		{"parent is a file", filepath.Join(file, "out"), "p", nil, ErrNotFolder, "parent folder"},
		{"empty path", "", "p", nil, ErrNotFolder, "empty path"},
		{"project with a slash", filepath.Join(parent, "a"), "../p", nil, ErrProjectName, ""},
		{"hidden project", filepath.Join(parent, "a"), ".p", nil, ErrProjectName, ""},
		{"QGS without GeoJSON", filepath.Join(parent, "a"), "p", &Options{Formats: QGS | QML}, ErrFormats, ""},
	} {
		_, err := Write(c.dir, c.project, small(), c.opts)
		if err == nil || (c.target != nil && !errors.Is(err, c.target)) || !strings.Contains(err.Error(), c.contains) {
			t.Errorf("%s: got %v, want %v containing %q", c.name, err, c.target, c.contains)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "keep me" {
		t.Errorf("the file was changed")
	}
	if got := testfiles.DirNames(t, foreign); !slices.Equal(got, []string{"notes.txt"}) {
		t.Errorf("the foreign folder now holds %v", got)
	}
	if got := testfiles.DirNames(t, parent); !slices.Equal(got, []string{"file.txt", "mine"}) {
		t.Errorf("parent holds %v, want nothing new", got)
	}
}

func TestWriteUnwritableParent(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders; TestWriteRefuses covers a parent that cannot be created")
	}
	parent := t.TempDir()
	if err := os.Chmod(parent, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(parent, 0o755)
	_, err := Write(filepath.Join(parent, "out"), "p", small(), nil)
	if !errors.Is(err, ErrNotWritable) || !strings.Contains(err.Error(), "cannot be created") {
		t.Errorf("got %v, want ErrNotWritable saying the folder cannot be created", err)
	}
	if got := testfiles.DirNames(t, parent); len(got) != 0 {
		t.Errorf("parent holds %v, want nothing", got)
	}
}

func TestWriteBadLayer(t *testing.T) {
	ls := small()
	ls[0].Features.Features[1].Geometry = orb.Point{200, 10}
	defer func() { ls[0].Features.Features[1].Geometry = routePlaces[1] }()
	dir := filepath.Join(t.TempDir(), "out")
	_, err := Write(dir, "p", ls, nil)
	var fe *geo.FeatureError
	if !errors.As(err, &fe) || fe.File != "crossings" || fe.Index != 1 || !errors.Is(err, geo.ErrBadCoordinate) {
		t.Errorf("got %v, want a bad coordinate at crossings feature 1", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("output folder created for bad input: %v", err)
	}
}

func TestMapLayers(t *testing.T) {
	_, ls := corridor(t)
	var names []string
	for _, l := range MapLayers(ls, nil) {
		names = append(names, l.Name)
		if l.Name == "routes" && len(l.Features.Features) != layer.PictureRoutes {
			t.Errorf("routes: %d drawn, want the top %d", len(l.Features.Features), layer.PictureRoutes)
		}
	}
	// The settlements file gives no populations: none is labelled at every
	// scale, so none is drawn; outposts and flows are PictureHidden, the
	// graph Hidden.
	if want := []string{"countries", "borders", "segments", "routes", "crossings"}; !slices.Equal(names, want) {
		t.Errorf("got %v, want %v", names, want)
	}
	names = nil
	for _, l := range MapLayers(ls, []string{"flows", "nodes"}) {
		names = append(names, l.Name)
		if l.Style.Hidden || l.Style.PictureHidden {
			t.Errorf("%s: named but still hidden", l.Name)
		}
	}
	if want := []string{"flows", "nodes"}; !slices.Equal(names, want) {
		t.Errorf("named: got %v, want %v", names, want)
	}
}

// TestWriteDeterministic writes the same layers twice and compares every
// file byte for byte.
func TestWriteDeterministic(t *testing.T) {
	parent := t.TempDir()
	a, b := filepath.Join(parent, "a"), filepath.Join(parent, "b")
	for _, d := range []string{a, b} {
		opts := smallOpts()
		opts.Time = time.Time{} // the default: a fixed GeoPackage time stamp
		if _, err := Write(d, "p", small(), opts); err != nil {
			t.Fatal(err)
		}
	}
	sa, sb := snapshot(t, a), snapshot(t, b)
	if got, want := slices.Sorted(maps.Keys(sb)), slices.Sorted(maps.Keys(sa)); !slices.Equal(got, want) {
		t.Errorf("second run wrote %v, first %v", got, want)
	}
	for name, h := range sa {
		if hb, ok := sb[name]; ok && hb != h {
			ba, _ := os.ReadFile(filepath.Join(a, name))
			bb, _ := os.ReadFile(filepath.Join(b, name))
			t.Errorf("%s differs between two runs (%d and %d bytes)", name, len(ba), len(bb))
		}
	}
}

func TestMapLayersLabelsBusiestCrossings(t *testing.T) {
	xs := geojson.NewFeatureCollection()
	for i := 0; i < layer.PictureCrossingLabels+5; i++ {
		f := geojson.NewFeature(orb.Point{60 + float64(i)/10, 40})
		f.Properties = geojson.Properties{"name": fmt.Sprint("x", i), "tonnes": float64(i)}
		xs.Append(f)
	}
	l := Layer{Name: "x", Features: xs, Style: layer.CrossingStyle(xs)}
	got := MapLayers([]Layer{l}, nil)
	labelled := 0
	for _, f := range got[0].Features.Features {
		if _, ok := got[0].Style.Label(f.Properties); ok {
			labelled++
		}
	}
	if labelled != layer.PictureCrossingLabels {
		t.Errorf("%d crossings labelled, want the %d busiest", labelled, layer.PictureCrossingLabels)
	}
	if l.Style.LabelMinField != "" {
		t.Errorf("MapLayers changed the caller's style")
	}
}

func TestWriteExtra(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	opts := smallOpts()
	opts.Formats = GeoJSON
	opts.Extra = []Extra{{Name: "table.csv", Format: "csv", Write: func(w io.Writer) error {
		_, err := io.WriteString(w, "a,b\n1,2\n")
		return err
	}}}
	m, err := Write(dir, "p", small(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "table.csv")); err != nil || string(b) != "a,b\n1,2\n" {
		t.Errorf("table.csv: %q, %v", b, err)
	}
	if last := m.Files[len(m.Files)-1]; last.Name != ManifestName || m.Files[len(m.Files)-2] != (File{Name: "table.csv", Format: "csv"}) {
		t.Errorf("manifest files %v: want table.csv listed before the manifest", m.Files)
	}

	// A failing extra leaves the folder as it was; bad names are refused.
	before := snapshot(t, dir)
	boom := errors.New("no table today")
	for _, c := range []struct {
		name  string
		extra Extra
		want  error
	}{
		{"failing writer", Extra{Name: "table.csv", Write: func(io.Writer) error { return boom }}, boom},
		{"path, not a name", Extra{Name: "sub/table.csv", Write: opts.Extra[0].Write}, ErrExtra},
		{"hidden", Extra{Name: ".table.csv", Write: opts.Extra[0].Write}, ErrExtra},
		{"no writer", Extra{Name: "table.csv"}, ErrExtra},
		{"a layer's file", Extra{Name: "crossings.geojson", Write: opts.Extra[0].Write}, ErrExtra},
		{"the manifest", Extra{Name: ManifestName, Write: opts.Extra[0].Write}, ErrExtra},
		{"twice", Extra{Name: "table.csv", Write: opts.Extra[0].Write}, ErrExtra},
	} {
		o := smallOpts()
		o.Formats = GeoJSON
		o.Extra = []Extra{c.extra}
		if c.name == "twice" {
			o.Extra = append(o.Extra, c.extra)
		}
		if _, err := Write(dir, "p", small(), o); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
		if got := snapshot(t, dir); !reflect.DeepEqual(got, before) {
			t.Fatalf("%s: the folder changed", c.name)
		}
	}
}
