package routerisk

import (
	"context"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/risk"
)

// northernRoute returns the analysis of the embedded corridor at 20 km
// segments, run once for all the tests (it takes seconds, a minute under
// -race).
// Tests must not change it.
func northernRoute(t *testing.T) *Analysis {
	t.Helper()
	analysisOnce.Do(func() {
		analysis, analysisErr = analyzeNorthernRoute(&Options{SegmentKm: 20})
	})
	if analysisErr != nil {
		t.Fatal(analysisErr)
	}
	return analysis
}

// analyzeNorthernRoute runs Analyze on northernroute's corridor with its
// graph settings, 2010 baseline and 2011 target, and o's other fields.
func analyzeNorthernRoute(o *Options) (*Analysis, error) {
	c, err := northernroute.Corridor()
	if err != nil {
		return nil, err
	}
	g, s, t := northernroute.GraphSettings(), northernroute.Baseline2010(), northernroute.Observed2011()
	if o.Graph == nil {
		o.Graph = &g
	}
	if o.Scenario == nil {
		o.Scenario = &s
	}
	if o.Target == nil {
		o.Target = &t
	}
	return Analyze(context.Background(), c, o)
}

var (
	analysisOnce sync.Once
	analysis     *Analysis
	analysisErr  error
)

func TestAnalyzeNorthernRoute(t *testing.T) {
	a := northernRoute(t)
	if got := a.Result.Settings.Name; got != northernroute.NameBaseline2010 {
		t.Errorf("scenario %q, want the baseline %q", got, northernroute.NameBaseline2010)
	}
	if a.Calibration != nil {
		t.Error("calibration ran without being asked for")
	}
	routed := a.Result.RoutedTonnes()
	if routed <= 0 || routed > a.Result.Settings.TotalFlowTonnes()*(1+1e-9) {
		t.Errorf("routed %.3f t of %.3f t", routed, a.Result.Settings.TotalFlowTonnes())
	}
	if seized := a.Result.SeizedKg(); seized <= 0 || seized > 1000*routed {
		t.Errorf("seized %.1f kg of %.3f t routed", seized, routed)
	}
	for _, s := range a.Segments {
		// A border part of L km is cut into round(L/20) equal segments.
		if s.LengthKm >= 30 {
			t.Fatalf("segment %s is %.2f km, SegmentKm was 20", s.ID, s.LengthKm)
		}
	}
	if !strings.Contains(a.Summary(), northernroute.NameBaseline2010) {
		t.Errorf("summary %q does not name the scenario", a.Summary())
	}
}

func TestAnalyzeErrors(t *testing.T) {
	if _, err := Analyze(context.Background(), nil, nil); err == nil {
		t.Error("nil corridor: no error")
	}
	if _, err := analyzeNorthernRoute(&Options{SegmentKm: 0.1}); err == nil {
		t.Error("0.1 km segments: no error")
	}
	bad := northernroute.Baseline2010()
	bad.Detection.Scanner = 1.5
	_, err := analyzeNorthernRoute(&Options{Scenario: &bad})
	if !errors.Is(err, risk.ErrBadParam) {
		t.Errorf("detection 1.5: got %v, want risk.ErrBadParam", err)
	}
}

func TestLayersCarryWeights(t *testing.T) {
	a := northernRoute(t)
	ls, err := a.Layers()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range ls {
		names = append(names, l.Name)
		if l.Name != "routes" && l.Name != "flows" && len(l.Features.Features) == 0 {
			t.Errorf("layer %s is empty", l.Name)
		}
		if l.Name == "edges" {
			if n, e := len(l.Features.Features), a.Graph().NumEdges(); n != e {
				t.Errorf("edges layer: %d features, graph has %d edges", n, e)
			}
			for _, cr := range a.Model().Carriers() {
				checkWeights(t, a, cr.Name, l.Features.Features)
			}
		}
	}
	want := "countries borders roads railways segments crossings outposts settlements origins destinations nodes edges routes flows"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("layers %s, want %s", got, want)
	}
}

// checkWeights checks that every edge feature holds weight_<carrier>: the
// model's weight, or null where the carrier may not go (+Inf).
func checkWeights(t *testing.T, a *Analysis, carrier string, fs []*geojson.Feature) {
	t.Helper()
	ws, err := a.Model().Weights(carrier)
	if err != nil {
		t.Fatal(err)
	}
	key := "weight_" + carrier
	var finite, forbidden int
	for i, f := range fs {
		v, ok := f.Properties[key]
		if !ok {
			t.Fatalf("edge %d has no %s", i, key)
		}
		switch w, isNum := v.(float64); {
		case v == nil && math.IsInf(ws[i], 1):
			forbidden++
		case isNum && w == ws[i]:
			finite++
		default:
			t.Fatalf("edge %d: %s = %v, model %g", i, key, v, ws[i])
		}
	}
	if finite == 0 {
		t.Errorf("%s: no edge open to the carrier", key)
	}
	t.Logf("%s: %d edges open, %d forbidden", key, finite, forbidden)
}

func TestWriteQGIS(t *testing.T) {
	a := northernRoute(t)
	dir := filepath.Join(t.TempDir(), "out")
	// The GeoPackage, KML and pictures are written and opened by
	// TestWriteQGISOpensInGDAL; they take long under -race.
	opts := &export.Options{Formats: export.GeoJSON | export.QML | export.QGS}
	m, err := a.WriteQGIS(dir, "northern-route", opts)
	if err != nil {
		t.Fatal(err)
	}
	if m.QGS != filepath.Join(dir, "northern-route.qgs") {
		t.Errorf("QGS %q", m.QGS)
	}
	if !slices.ContainsFunc(m.Files, func(f export.File) bool { return f.Name == "countries.csv" && f.Format == "csv" }) {
		t.Errorf("the manifest does not list countries.csv: %v", m.Files)
	}
	if len(opts.Extra) != 0 {
		t.Errorf("WriteQGIS changed the caller's options: Extra %v", opts.Extra)
	}
	for _, name := range []string{"northern-route.qgs", "segments.geojson", "segments.qml", "countries.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	f, err := os.Open(filepath.Join(dir, "countries.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 6 || rows[0][0] != "country" {
		t.Fatalf("countries.csv: %d rows, header %v", len(rows), rows[0])
	}
	// A second run replaces the folder.
	if _, err := a.WriteQGIS(dir, "northern-route", opts); err != nil {
		t.Fatalf("second write: %v", err)
	}
}

func TestAnalyzeCalibrated(t *testing.T) {
	target := northernroute.Observed2011()
	target.Name = "test-target"
	a, err := analyzeNorthernRoute(&Options{
		SegmentKm: 20,
		Calibrate: true,
		// A short fit: this test checks the wiring, risk tests the fit.
		Calibration: &risk.CalibSettings{Target: &target, Rounds: 1, MaxEvaluations: 40},
	})
	if err != nil {
		t.Fatal(err)
	}
	if a.Calibration == nil || a.Result != a.Calibration.Result {
		t.Fatal("the result is not the calibration's run under the fitted settings")
	}
	if a.Target.Name != target.Name {
		t.Errorf("target %q, want the calibration's %q", a.Target.Name, target.Name)
	}
	got := a.Model().Settings().Countries
	for _, p := range a.Calibration.Params {
		if v := got[p.Country].Intensity; v != p.Value {
			t.Errorf("%s: model intensity %v, fitted %v", p.Country, v, p.Value)
		}
	}
	if !strings.Contains(a.Summary(), "calibrated to test-target") {
		t.Errorf("summary %q does not name the target", a.Summary())
	}
}
