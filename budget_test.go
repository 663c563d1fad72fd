package routerisk

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/readback"
	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/risk"
)

// toyMenu returns a menu for Tajikistan's border with Afghanistan in the
// test corridor, in a unit of account of the test: scanners 3, canine units
// 1, outposts 2 and patrols 1 a unit (assumptions for testing, not costs).
func toyMenu() *plan.MenuSettings {
	return &plan.MenuSettings{
		Side: "TJK", Borders: []string{"AFG-TJK"}, SpacingKm: 100, MinPi: 0.005,
		Scanner: plan.Item{Cost: 3, Source: "test"},
		Dogs:    plan.Item{Cost: 1, Source: "test"},
		Outpost: plan.Item{Cost: 2, ReachKm: 50, Source: "test"},
		Patrol:  plan.Item{Cost: 1, Pi: 0.1, ReachKm: 50, Source: "test"},
	}
}

// toyBudgetOptions returns options for the AFG–TJK corridor at budget 4,
// with the analysis's own scenario as a row to compare and a sweep.
func toyBudgetOptions(a *Analysis) *BudgetOptions {
	return &BudgetOptions{
		Menu: toyMenu(), Budget: 4, Sweep: []float64{0, 2, 4},
		Compare: []ScenarioCost{{Name: "baseline again", Scenario: a.Result.Settings, Cost: 0}},
	}
}

var toyBudgetOnce = sync.OnceValues(func() (*BudgetReport, error) {
	a, err := analyzeFolderErr("testdata/corridors/afg-tjk")
	if err != nil {
		return nil, err
	}
	return a.Budget(context.Background(), toyBudgetOptions(a))
})

// analyzeFolderErr is analyzeFolder for a fixture made once: the folder
// dir analysed with the library's neutral defaults at 20 km segments.
func analyzeFolderErr(dir string) (*Analysis, error) {
	c, err := geo.ReadCorridorDir(dir)
	if err != nil {
		return nil, err
	}
	return Analyze(context.Background(), c, &Options{SegmentKm: 20})
}

// toyBudget returns the budget report of the AFG–TJK corridor, made once.
func toyBudget(t *testing.T) *BudgetReport {
	t.Helper()
	r, err := toyBudgetOnce()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestBudgetRows checks each row against an independent computation: the
// SNIP row against plan.SNIP run directly on the same instance, the values
// of every row against the instance, the no-upgrade row and the baseline
// scenario's row against the baseline, and the sweep at the budget
// against the SNIP row.
func TestBudgetRows(t *testing.T) {
	r := toyBudget(t)
	in, ctx := r.Plan.Instance, context.Background()
	names := []string{"no upgrade", "max-min (exact)", "SNIP (exact)", "greedy max-min", "greedy SNIP", "baseline again"}
	var got []string
	for _, row := range r.Rows {
		got = append(got, row.Name)
	}
	if !slices.Equal(got, names) {
		t.Fatalf("rows %q, want %q", got, names)
	}
	if len(r.Pairs) == 0 || len(r.Flows) < len(r.Pairs) || r.Heavy != len(r.Flows) {
		t.Errorf("%d pairs of %d heavy, %d flows: want 0 < pairs ≤ heavy = flows (PairShare 0)", len(r.Pairs), r.Heavy, len(r.Flows))
	}

	direct, err := plan.SNIP(ctx, in, r.Flows, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	snip := r.SNIP()
	if direct.Status != plan.Optimal || snip.Status != "optimal" {
		t.Fatalf("status %v and %s, want optimal", direct.Status, snip.Status)
	}
	if math.Abs(snip.Evasion-direct.Objective) > 1e-12 || math.Abs(snip.Cost-direct.Cost) > 1e-12 {
		t.Errorf("SNIP row: evasion %v cost %v, plan.SNIP: %v cost %v", snip.Evasion, snip.Cost, direct.Objective, direct.Cost)
	}
	mm, err := plan.MaxMinAll(ctx, in, r.Pairs, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.MaxMin().MaxMin-mm.Objective) > 1e-12 {
		t.Errorf("max-min row %v, plan.MaxMinAll %v", r.MaxMin().MaxMin, mm.Objective)
	}

	for _, row := range r.Rows[:5] {
		if row.Cost > 4 {
			t.Errorf("%s costs %v over the budget 4", row.Name, row.Cost)
		}
		ev, err := in.Value(row.Plan, r.Flows, true)
		if err != nil {
			t.Fatal(err)
		}
		d, err := in.RouteLengths(row.Plan, r.Pairs)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(ev-row.Evasion) > 1e-12 || slices.Min(d) != row.MaxMin || d[row.Worst] != row.MaxMin {
			t.Errorf("%s: evasion %v max-min %v, instance %v %v", row.Name, row.Evasion, row.MaxMin, ev, slices.Min(d))
		}
		// An exact plan is no worse than its greedy counterpart.
		if row.Name == "greedy SNIP" && row.Evasion < snip.Evasion-1e-12 {
			t.Errorf("greedy SNIP %v below the exact %v", row.Evasion, snip.Evasion)
		}
		if row.Name == "greedy max-min" && row.MaxMin > r.MaxMin().MaxMin+1e-12 {
			t.Errorf("greedy max-min %v above the exact %v", row.MaxMin, r.MaxMin().MaxMin)
		}
	}
	if snip.Evasion >= r.NoUpgrade().Evasion {
		t.Errorf("SNIP evasion %v not below no upgrade's %v", snip.Evasion, r.NoUpgrade().Evasion)
	}
	// No upgrade and the baseline run as a scenario are the baseline.
	for _, row := range []*plan.Row{r.NoUpgrade(), r.Rows[5]} {
		if !near(row.SeizedKg(), r.Base.SeizedKg(), 1e-9) || row.Change.MovedTonnes > 1e-9 {
			t.Errorf("%s: seized %v kg, moved %v t; baseline %v kg", row.Name, row.SeizedKg(), row.Change.MovedTonnes, r.Base.SeizedKg())
		}
	}
	if again := r.Rows[5]; again.MaxMin != r.NoUpgrade().MaxMin || !near(again.Evasion, r.NoUpgrade().Evasion, 1e-12) || again.Status != "scenario" {
		t.Errorf("baseline again: %v %v %s, no upgrade %v %v", again.MaxMin, again.Evasion, again.Status, r.NoUpgrade().MaxMin, r.NoUpgrade().Evasion)
	}

	if len(r.Sweep) != 3 {
		t.Fatalf("%d sweep points, want 3", len(r.Sweep))
	}
	for i, b := range []float64{0, 2, 4} {
		if q := r.Sweep[i]; q.Budget != b || q.Cost > b || q.SNIP < snip.Evasion-1e-12 {
			t.Errorf("sweep %d: budget %v cost %v evasion %v (at 4: %v)", i, q.Budget, q.Cost, q.SNIP, snip.Evasion)
		}
	}
	if q := r.Sweep[2]; !near(q.SNIP, snip.Evasion, 1e-12) || q.Status != "optimal" {
		t.Errorf("sweep at 4: %v (%s), SNIP row %v", q.SNIP, q.Status, snip.Evasion)
	}
	if q := r.Sweep[0]; !near(q.SNIP, r.NoUpgrade().Evasion, 1e-12) {
		t.Errorf("sweep at 0: %v, no upgrade %v", q.SNIP, r.NoUpgrade().Evasion)
	}
}

// near reports whether a and b agree to the relative tolerance tol.
func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

// TestBudgetKindsAndRoutes checks the SNIP plan by kind against the plan
// and the worst pair's routes against the rows.
func TestBudgetKindsAndRoutes(t *testing.T) {
	r := toyBudget(t)
	snip := r.SNIP()
	n, cost := 0, 0.0
	for _, k := range r.Kinds {
		if k.Count == 0 {
			t.Errorf("kind %s listed with no unit", k.Kind)
		}
		n += k.Count
		cost += k.Cost
	}
	if n != len(snip.Plan) || !near(cost, snip.Cost, 1e-12) {
		t.Errorf("kinds add up to %d units, %v; SNIP plan %d units, %v", n, cost, len(snip.Plan), snip.Cost)
	}
	// A plan of each kind of the menu is listed, whatever the kind.
	cands := []plan.Candidate{{Kind: "drone", Cost: 5}, {Kind: plan.Dogs, Cost: 1}, {Kind: "drone", Cost: 5}, {Kind: plan.Scanner, Cost: 3}}
	want := []KindSpend{{Kind: "drone", Count: 2, Cost: 10}, {Kind: plan.Scanner, Count: 1, Cost: 3}}
	if got := kinds(cands, []int{0, 2, 3}); !slices.Equal(got, want) {
		t.Errorf("kinds: got %v, want %v", got, want)
	}

	if len(r.Worst) != 2 {
		t.Fatalf("%d worst routes, want 2", len(r.Worst))
	}
	for i, w := range r.Worst {
		row := r.Rows[i]
		if w.Row != row.Name || w.Length != row.MaxMin || len(w.Via) == 0 || len(w.Via) != len(w.Units) || w.Origin == "" || w.Destination == "" {
			t.Errorf("worst route %d: %+v, row %s length %v", i, w, row.Name, row.MaxMin)
		}
		if !slices.Contains(r.Plan.Carriers, w.Carrier) {
			t.Errorf("worst route %d: carrier %q not one of %v", i, w.Carrier, r.Plan.Carriers)
		}
		// The route's ends name the pair.
		edges, _, err := r.Plan.Route(row.Plan, r.Pairs[row.Worst])
		if err != nil {
			t.Fatal(err)
		}
		g := r.Plan.Model.Graph()
		from, to := g.NodeAt(g.EdgeAt(edges[0]).From).Name, g.NodeAt(g.EdgeAt(edges[len(edges)-1]).To).Name
		if w.Origin != from || w.Destination != to {
			t.Errorf("worst route %d: %s → %s, the route runs %s → %s", i, w.Origin, w.Destination, from, to)
		}
	}
}

// TestBudgetWrite writes the report and reads the layers back: the plan
// layers hold the SNIP plan's upgrades, the diff layers every segment and
// crossing; and checks the text and JSON.
func TestBudgetWrite(t *testing.T) {
	r := toyBudget(t)
	dir := t.TempDir()
	if _, err := r.WriteQGIS(dir, "plan", nil); err != nil {
		t.Fatal(err)
	}
	count := func(name string) int {
		t.Helper()
		if _, err := os.Stat(filepath.Join(dir, name+".geojson")); os.IsNotExist(err) {
			return 0
		}
		var fc geojson.FeatureCollection
		if err := json.NewDecoder(readback.Open(t, dir, name)).Decode(&fc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return len(fc.Features)
	}
	snip, a := r.SNIP(), r.a
	if got := count("plan_segments") + count("plan_crossings"); got != len(snip.Plan) {
		t.Errorf("plan layers hold %d upgrades, the SNIP plan %d", got, len(snip.Plan))
	}
	if got := count("segments_diff"); got != len(a.Segments) {
		t.Errorf("segments_diff: %d features, %d segments", got, len(a.Segments))
	}
	if got := count("crossings_diff"); got != len(a.Corridor.Crossings) {
		t.Errorf("crossings_diff: %d features, %d crossings", got, len(a.Corridor.Crossings))
	}
	for _, name := range []string{"sweep.svg", "sweep.png", "plan.qgs", "countries_base.csv", "countries_snip.csv"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", name, err)
		}
	}
	f, err := os.Open(filepath.Join(dir, "countries_snip.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("countries_snip.csv: %d records, %v", len(recs), err)
	}

	var text bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SNIP (exact)", "TJK kg", "budget sweep", "the SNIP plan buys:"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Budget float64 `json:"budget"`
		Plans  []struct {
			Name     string   `json:"name"`
			Upgrades []any    `json:"upgrades"`
			Lower    *float64 `json:"lower"`
			Evasion  float64  `json:"snip_objective"`
			Origin   string   `json:"worst_origin"`
			Dest     string   `json:"worst_destination"`
		} `json:"plans"`
		Sweep []any `json:"sweep"`
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, js.String())
	}
	if got.Budget != 4 || len(got.Plans) != len(r.Rows) || len(got.Sweep) != 3 {
		t.Fatalf("JSON: budget %v, %d plans, %d sweep points", got.Budget, len(got.Plans), len(got.Sweep))
	}
	for i, p := range got.Plans {
		row := r.Rows[i]
		if p.Name != row.Name || len(p.Upgrades) != len(row.Plan) || p.Evasion != row.Evasion || (p.Lower == nil) != math.IsNaN(row.Lower) {
			t.Errorf("JSON plan %d: %+v, row %s", i, p, row.Name)
		}
		if i < len(r.Worst) && (p.Origin != r.Worst[i].Origin || p.Dest != r.Worst[i].Destination) {
			t.Errorf("JSON plan %d: worst pair %s → %s, worst route %s → %s", i, p.Origin, p.Dest, r.Worst[i].Origin, r.Worst[i].Destination)
		}
	}
}

// TestBudgetBaseline places the plans on another baseline: the report's
// base is that scenario's result.
func TestBudgetBaseline(t *testing.T) {
	a := analyzeFolder(t, "testdata/corridors/afg-tjk")
	s := a.Result.Settings.Clone()
	s.Name = "half the flow"
	s.FlowTonnes /= 2
	o := &BudgetOptions{Menu: toyMenu(), Budget: 2, Baseline: &s}
	r, err := a.Budget(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Base.Settings.Name != "half the flow" || !near(r.Base.RoutedTonnes(), a.Result.RoutedTonnes()/2, 1e-9) {
		t.Errorf("base %s routes %v t, want half the flow: %v t", r.Base.Settings.Name, r.Base.RoutedTonnes(), a.Result.RoutedTonnes()/2)
	}
	if len(r.Sweep) != 0 {
		t.Errorf("%d sweep points without Sweep", len(r.Sweep))
	}
	if _, err := r.SweepPlot(); err == nil {
		t.Error("SweepPlot without a sweep: no error")
	}
}

// TestBudgetBadInput checks that bad options are errors naming the
// setting.
func TestBudgetBadInput(t *testing.T) {
	r := toyBudget(t)
	a := r.a
	cases := []struct {
		name string
		o    *BudgetOptions
		want string
	}{
		{"nil options", nil, "menu of upgrades is required"},
		{"no menu", &BudgetOptions{Budget: 1}, "menu of upgrades is required"},
		{"negative budget", &BudgetOptions{Menu: toyMenu(), Budget: -1}, "budget -1"},
		{"NaN budget", &BudgetOptions{Menu: toyMenu(), Budget: math.NaN()}, "budget NaN"},
		{"negative sweep", &BudgetOptions{Menu: toyMenu(), Budget: 1, Sweep: []float64{0, -2}}, "sweep budget -2"},
		{"unknown country", &BudgetOptions{Menu: toyMenu(), Budget: 1, Country: "XYZ"}, `country "XYZ"`},
		{"bad unit", &BudgetOptions{Menu: toyMenu(), Budget: 1, UnitScale: -1}, "UnitScale -1"},
		{"bad pair share", &BudgetOptions{Menu: toyMenu(), Budget: 1, PairShare: 2}, "share 2"},
		{"bad menu", &BudgetOptions{Menu: &plan.MenuSettings{Side: "TJK", Borders: []string{"AFG-TJK"}}, Budget: 1}, "SpacingKm"},
		{"bad baseline", &BudgetOptions{Menu: toyMenu(), Budget: 1, Baseline: &risk.Settings{Name: "empty"}}, "scenario empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := a.Budget(context.Background(), c.o)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
	var nilA *Analysis
	if _, err := nilA.Budget(context.Background(), toyBudgetOptions(a)); err == nil {
		t.Error("nil analysis: no error")
	}
}
