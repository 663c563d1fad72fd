package risk

import (
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/testfiles"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/risk")

// goldenDir holds the layers of the toy corridor.
const goldenDir = "../testdata/risk"

// checkGolden compares got with the golden file name in goldenDir.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	testfiles.Golden(t, filepath.Join(goldenDir, name), got, *update)
}

func writeLayer(t *testing.T, fc *geojson.FeatureCollection) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "layer.geojson")
	if err := geo.WriteLayer(path, fc); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mustLayer returns a function that returns a layer or fails t.
func mustLayer(t *testing.T) func(*geojson.FeatureCollection, error) *geojson.FeatureCollection {
	return func(fc *geojson.FeatureCollection, err error) *geojson.FeatureCollection {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return fc
	}
}

func TestGoldenLayers(t *testing.T) {
	must := mustLayer(t)
	res, c, segs := toyRun(t)
	sl, err := SegmentsLayer(res, segs)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := CrossingsLayer(res, c.Crossings)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "toy_segments.geojson", writeLayer(t, sl))
	checkGolden(t, "toy_crossings.geojson", writeLayer(t, cl))
	checkGolden(t, "toy_routes.geojson", writeLayer(t, must(RoutesLayer(res))))
	checkGolden(t, "toy_flows.geojson", writeLayer(t, must(FlowsLayer(res))))
	csvPath := filepath.Join(t.TempDir(), "countries.csv")
	tg := toyTarget()
	if err := WriteCountryCSV(csvPath, res, &tg); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "toy_countries.csv", b)

	cu, err := res.Model().With(ptr(toyProgramme()))
	if err != nil {
		t.Fatal(err)
	}
	rcu, err := cu.Run()
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := Compare(res, rcu)
	if err != nil {
		t.Fatal(err)
	}
	sd, err := SegmentsDiffLayer(res, rcu, segs)
	if err != nil {
		t.Fatal(err)
	}
	cd, err := CrossingsDiffLayer(res, rcu, c.Crossings)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "toy_diff_segments.geojson", writeLayer(t, sd))
	checkGolden(t, "toy_diff_crossings.geojson", writeLayer(t, cd))
	checkGolden(t, "toy_diff_routes.geojson", writeLayer(t, must(RoutesDiffLayer(cmp))))
	checkGolden(t, "toy_moves.geojson", writeLayer(t, must(MovesLayer(cmp))))
}

func ptr[T any](v T) *T { return &v }

func TestLayerProperties(t *testing.T) {
	must := mustLayer(t)
	res, c, segs := toyRun(t)
	sl, err := SegmentsLayer(res, segs)
	if err != nil {
		t.Fatal(err)
	}
	ranks := map[int]bool{}
	for i, f := range sl.Features {
		p := f.Properties
		pi := p["p_interdict"].(float64)
		if pi < 0 || pi > 1 {
			t.Errorf("segment %d: p_interdict %v", i, pi)
		}
		// p_interdict is the most permeable mode.
		if pi != math.Min(p["p_foot"].(float64), math.Min(p["p_horse"].(float64), p["p_vehicle"].(float64))) {
			t.Errorf("segment %d: p_interdict %v is not the lowest mode", i, pi)
		}
		// Its terms combine to it.
		pa, pb := p["p_a"].(float64), p["p_b"].(float64)
		if math.Abs(1-(1-pa)*(1-pb)-pi) > 1e-15 {
			t.Errorf("segment %d: p_a %v, p_b %v do not give %v", i, pa, pb, pi)
		}
		ranks[p["rank"].(int)] = true
	}
	for r := 1; r <= len(segs); r++ {
		if !ranks[r] {
			t.Errorf("rank %d missing", r)
		}
	}
	// The remote Afghan–Tajik gap, where couriers walk, carries flow.
	var remote *geojson.Feature
	for _, f := range sl.Features {
		if f.Properties["id"] == "AFG-TJK-000-0001" {
			remote = f
		}
	}
	if remote == nil || !(remote.Properties["tonnes"].(float64) > 0) {
		t.Errorf("remote gap carries no flow: %v", remote)
	}
	cl, err := CrossingsLayer(res, c.Crossings)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cl.Features {
		p := f.Properties
		if p["id"] == "KAZ-RUS-closed" && p["p_interdict"].(float64) != 1 {
			t.Errorf("closed crossing: p %v", p["p_interdict"])
		}
		if p["id"] == "KAZ-RUS-kairak" && p["regime"] != "full" {
			t.Errorf("kairak in 2010: regime %v, want full (the baseline rule)", p["regime"])
		}
	}
	var routed float64
	for _, f := range must(RoutesLayer(res)).Features {
		routed += f.Properties["tonnes"].(float64)
	}
	if math.Abs(routed-res.RoutedTonnes()) > 1e-9 {
		t.Errorf("routes layer carries %v t, result %v t", routed, res.RoutedTonnes())
	}
}

func TestLayersOfNothing(t *testing.T) {
	for name, f := range map[string]func() (*geojson.FeatureCollection, error){
		"routes":      func() (*geojson.FeatureCollection, error) { return RoutesLayer(nil) },
		"flows":       func() (*geojson.FeatureCollection, error) { return FlowsLayer(&Result{}) },
		"routes diff": func() (*geojson.FeatureCollection, error) { return RoutesDiffLayer(nil) },
		"moves":       func() (*geojson.FeatureCollection, error) { return MovesLayer(&Comparison{}) },
		"segments":    func() (*geojson.FeatureCollection, error) { return SegmentsLayer(nil, nil) },
		"crossings":   func() (*geojson.FeatureCollection, error) { return CrossingsLayer(nil, nil) },
	} {
		if _, err := f(); !errors.Is(err, ErrMismatch) {
			t.Errorf("%s: got %v, want ErrMismatch", name, err)
		}
	}
	if err := EncodeCountryCSV(io.Discard, nil, nil); !errors.Is(err, ErrMismatch) {
		t.Errorf("countries CSV: got %v, want ErrMismatch", err)
	}
}

func TestWriteCountryCSVErrors(t *testing.T) {
	res, _, _ := toyRun(t)
	dir := t.TempDir()
	if err := WriteCountryCSV(filepath.Join(dir, "missing", "x.csv"), res, nil); err == nil {
		t.Errorf("missing folder: no error")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("left %d files behind", len(entries))
	}
}

func TestPermeableGaps(t *testing.T) {
	res, _, _ := toyRun(t)
	gaps, err := res.PermeableGaps(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) == 0 {
		t.Fatal("no gap carries flow")
	}
	for i, g := range gaps {
		if g.Tonnes <= 0 || (i > 0 && g.Score.P < gaps[i-1].Score.P) {
			t.Errorf("gap %d: %+v", i, g)
		}
	}
	two, _ := res.PermeableGaps(1)
	if len(two) != 1 || two[0].Segment != gaps[0].Segment {
		t.Errorf("PermeableGaps(1) = %v", two)
	}
	// The remote Afghan–Tajik stretch is the most permeable gap in use.
	if gaps[0].Segment != "AFG-TJK-000-0001" {
		t.Errorf("most permeable gap %s, want AFG-TJK-000-0001", gaps[0].Segment)
	}
}

func TestPassages(t *testing.T) {
	res, _, _ := toyRun(t)
	ps := res.Passages(0)
	var tonnes, kg float64
	routes := 0
	for i, p := range ps {
		tonnes += p.Tonnes
		kg += p.SeizedKg
		routes += p.Routes
		if i > 0 && p.Tonnes > ps[i-1].Tonnes {
			t.Errorf("passage %d carries more than %d", i, i-1)
		}
		if len(p.Via) == 0 || p.Countries[0] != "AFG" || !p.P.Valid() {
			t.Errorf("passage %d: %+v", i, p)
		}
	}
	if math.Abs(tonnes-res.RoutedTonnes()) > 1e-9 || math.Abs(kg-res.SeizedKg()) > 1e-6 || routes != len(res.Routes) {
		t.Errorf("passages: %v t, %v kg, %d routes; result %v t, %v kg, %d routes", tonnes, kg, routes, res.RoutedTonnes(), res.SeizedKg(), len(res.Routes))
	}
	if got := res.Passages(2); len(got) != 2 {
		t.Errorf("Passages(2): %d", len(got))
	}
}

// TestRoutesLayerLines checks each route's line against the path's and
// that the lines share no memory with the result or with each other.
func TestRoutesLayerLines(t *testing.T) {
	res, _, _ := toyRun(t)
	fc := mustLayer(t)(RoutesLayer(res))
	if len(fc.Features) != len(res.Routes) || len(fc.Features) < 2 {
		t.Fatalf("got %d features for %d routes, want as many and two at least", len(fc.Features), len(res.Routes))
	}
	for i, f := range fc.Features {
		p := res.Routes[i].Path
		want := p.Line
		if len(want) < 2 {
			want = nil
			for _, n := range p.Nodes {
				want = append(want, res.model.graph.NodeAt(n).Point)
			}
		}
		if got := f.Geometry.(orb.LineString); !slices.Equal(got, want) {
			t.Errorf("route %d: line %v, want %v", i, got, want)
		}
	}
	first := fc.Features[0].Geometry.(orb.LineString)
	next := slices.Clone(fc.Features[1].Geometry.(orb.LineString))
	before := slices.Clone(res.Routes[0].Path.Line)
	first[0] = orb.Point{99, 99}
	_ = append(first, orb.Point{98, 98})
	if got := fc.Features[1].Geometry.(orb.LineString); !slices.Equal(got, next) {
		t.Errorf("route 1's line became %v after changes to route 0's, want %v", got, next)
	}
	if !slices.Equal(res.Routes[0].Path.Line, before) {
		t.Errorf("a change to the layer changed route 0 of the result")
	}
}

func TestJoiner(t *testing.T) {
	j := joiner{seen: map[string]any{}}
	for _, list := range [][]string{nil, {"a"}, {"a", "b"}, {"a,b"}, {"a", "b"}, {"", ""}, {}} {
		if got, want := j.join(list), strings.Join(list, ","); got != want {
			t.Errorf("join(%q): got %q, want %q", list, got, want)
		}
	}
}
