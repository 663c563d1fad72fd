package routerisk

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/readback"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// analyzeFolder reads the corridor folder dir and analyses it with the
// library's neutral defaults at 20 km segments.
func analyzeFolder(t *testing.T, dir string) *Analysis {
	t.Helper()
	c, err := geo.ReadCorridorDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Analyze(context.Background(), c, &Options{SegmentKm: 20})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestCorridorFolders runs the whole path a user with their own corridor
// takes: a folder with a corridor.json, Analyze with neutral defaults, and
// the QGIS export, for the small Afghanistan – Tajikistan corridor and the
// Balkan route.
func TestCorridorFolders(t *testing.T) {
	for _, dir := range []string{"testdata/corridors/afg-tjk", "testdata/corridors/balkan"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			a := analyzeFolder(t, dir)
			for _, f := range a.Findings {
				if f.Severity != geo.Warning {
					t.Errorf("kept a finding of severity %v: %v", f.Severity, f)
				}
			}
			flow, routed := a.Result.Settings.FlowTonnes, a.Result.RoutedTonnes()
			if routed < flow*(1-1e-9) || routed > flow*(1+1e-9) {
				t.Errorf("routed %v t of %v t", routed, flow)
			}
			if a.Result.SeizedKg() <= 0 {
				t.Error("nothing seized")
			}
			// Every destination receives flow in proportion to its weight
			// only through routes that exist: each must get some.
			got := map[string]float64{}
			for _, r := range a.Result.Routes {
				got[r.Destination] += r.Tonnes
			}
			for _, d := range a.Corridor.Destinations {
				if got[d.Name] <= 0 {
					t.Errorf("destination %s receives no flow", d.Name)
				}
			}
			out := filepath.Join(t.TempDir(), "out")
			m, err := a.WriteQGIS(out, "corridor", &export.Options{Formats: export.GeoJSON | export.QML | export.QGS | export.WebMap})
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"corridor.qgs", "index.html", "segments.geojson", "countries.csv"} {
				if _, err := os.Stat(filepath.Join(m.Dir, name)); err != nil {
					t.Error(err)
				}
			}
			checkReadBack(t, a, m.Dir)
		})
	}
}

// checkReadBack reads every exported GeoJSON layer of the corridor back
// through geo's (and route's) readers and compares it with what was
// written.
func checkReadBack(t *testing.T, a *Analysis, dir string) {
	t.Helper()
	readback.Corridor(t, dir, a.Corridor)
	open := func(name string) *os.File { return readback.Open(t, dir, name) }
	segs, err := geo.ReadSegments(open("segments"), "segments")
	if err != nil {
		t.Errorf("segments: read back: %v", err)
	} else if len(segs) != len(a.Segments) || !slices.EqualFunc(segs, a.Segments, func(p, q geo.Segment) bool { return p.ID == q.ID }) {
		t.Errorf("segments: read back %d, wrote %d", len(segs), len(a.Segments))
	}
	nodes, edges := readLayer(t, filepath.Join(dir, "nodes.geojson")), readLayer(t, filepath.Join(dir, "edges.geojson"))
	g, err := route.ReadGraph(nodes, edges)
	if err != nil {
		t.Errorf("graph: read back: %v", err)
	} else if g.NumNodes() != a.Graph().NumNodes() || g.NumEdges() != a.Graph().NumEdges() {
		t.Errorf("graph: read back %d nodes, %d edges; wrote %d, %d", g.NumNodes(), g.NumEdges(), a.Graph().NumNodes(), a.Graph().NumEdges())
	}
}

func TestAnalyzeRefusesMistakes(t *testing.T) {
	c, err := geo.ReadCorridorDir("testdata/corridors/mistakes")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Analyze(context.Background(), c, nil)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	var want []string
	for _, f := range c.Validate() {
		if f.Severity == geo.Error {
			want = append(want, f.String())
		}
	}
	if len(want) == 0 {
		t.Fatal("the mistakes folder has no error findings")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("the error does not list %q", w)
		}
	}
}

// A corridor whose graph cannot be built (a settlement at NaN) is refused
// with its findings, not with the builder's error: Analyze checks the
// corridor while it builds, and the findings come first.
func TestAnalyzeFindingsBeforeBuildErrors(t *testing.T) {
	c, err := geo.ReadCorridorDir("testdata/corridors/afg-tjk")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := route.Build(c, nil, nil); err != nil {
		t.Fatalf("the folder as it is: %v", err)
	}
	c.Settlements[0].Point = orb.Point{math.NaN(), math.NaN()}
	if _, err := route.Build(c, nil, nil); err == nil {
		t.Fatal("route.Build took a settlement at NaN")
	}
	_, err = Analyze(context.Background(), c, nil)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	if !strings.Contains(err.Error(), c.Settlements[0].ID) {
		t.Errorf("the error does not name settlement %s: %v", c.Settlements[0].ID, err)
	}
}

func TestAnalyzeNeedsPlaces(t *testing.T) {
	c, err := geo.ReadCorridorDir("testdata/corridors/afg-tjk")
	if err != nil {
		t.Fatal(err)
	}
	c.Origins = nil
	_, err = Analyze(context.Background(), c, nil)
	if err == nil || !strings.Contains(err.Error(), "origins") {
		t.Errorf("no origins: got %v, want an error naming the origins", err)
	}
}

func TestAnalyzeProgressAndCancel(t *testing.T) {
	c, err := geo.ReadCorridorDir("testdata/corridors/afg-tjk")
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	_, err = Analyze(context.Background(), c, &Options{SegmentKm: 20, Progress: func(s Step) {
		if s.Index != len(seen) || s.Total != len(steps) {
			t.Errorf("step %+v after %d steps", s, len(seen))
		}
		seen = append(seen, s.Name)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, steps) {
		t.Errorf("steps %v, want %v", seen, steps)
	}

	// Cancelled at the graph step: Analyze stops there.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var last string
	_, err = Analyze(ctx, c, &Options{SegmentKm: 20, Progress: func(s Step) {
		last = s.Name
		if s.Name == "graph" {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || last != "graph" {
		t.Errorf("cancelled at the graph step: got %v after step %q, want context.Canceled after \"graph\"", err, last)
	}
}

// readLayer reads the GeoJSON FeatureCollection in the file path.
func readLayer(t *testing.T, path string) *geojson.FeatureCollection {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return fc
}

// TestAnalyzeCancelCalibration cancels a calibrated analysis as the
// calibration starts: the fit stops with the context's error.
func TestAnalyzeCancelCalibration(t *testing.T) {
	c, err := geo.ReadCorridorDir("testdata/corridors/afg-tjk")
	if err != nil {
		t.Fatal(err)
	}
	target := risk.Target{Name: "toy", Shares: []risk.ShareObs{{Country: "AFG", Share: 0.2}, {Country: "TJK", Share: 0.8}}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err = Analyze(ctx, c, &Options{SegmentKm: 20, Target: &target, Calibrate: true, Progress: func(s Step) {
		if s.Name == "routes" {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "calibration") {
		t.Errorf("got %v, want the calibration stopped by context.Canceled", err)
	}
}

// TestCompareWith adds a scanner and dogs at one crossing of the small
// corridor: its interdiction probability rises, the flow through it falls,
// and the comparison writes its own styled folder.
func TestCompareWith(t *testing.T) {
	a := analyzeFolder(t, "testdata/corridors/afg-tjk")
	id := a.Corridor.Crossings[0].ID
	s := a.Result.Settings
	s.Name = "scanner"
	s.Rules = append(slices.Clip(s.Rules), risk.CrossingRule{ID: id, AddScanner: true, AddDogs: true, Source: "test"})
	cmp, err := a.CompareWith(s)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, f := range cmp.Change.Features {
		if f.Feature == id {
			found = true
			if !(f.TonnesB < f.TonnesA) {
				t.Errorf("%s: %v t → %v t; want less flow once it has a scanner and dogs", id, f.TonnesA, f.TonnesB)
			}
		}
	}
	if !found {
		t.Errorf("crossing %s carries no flow in either scenario", id)
	}
	pa, err := a.Model().ScoreCrossing(id, "TJK", "car")
	if err != nil {
		t.Fatal(err)
	}
	pb, err := cmp.Other.Model().ScoreCrossing(id, "TJK", "car")
	if err != nil {
		t.Fatal(err)
	}
	if !(pb.P > pa.P) {
		t.Errorf("%s: p_interdict %v → %v; want it higher", id, pa.P, pb.P)
	}
	m, err := cmp.WriteQGIS(filepath.Join(t.TempDir(), "cmp"), "cmp", &export.Options{Formats: export.GeoJSON | export.QML | export.QGS})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"cmp.qgs", "segments_diff.geojson", "crossings_diff.qml", "countries_a.csv", "countries_b.csv"} {
		if _, err := os.Stat(filepath.Join(m.Dir, name)); err != nil {
			t.Error(err)
		}
	}
	typo := a.Result.Settings
	typo.Rules = []risk.CrossingRule{{ID: "no-such-crossing", AddScanner: true}}
	var ve *ValidationError
	if _, err := a.CompareWith(typo); !errors.As(err, &ve) {
		t.Errorf("a rule naming no crossing: got %v, want a *ValidationError", err)
	}
}
