package northernroute

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/risk"
)

// TestCalibratedBaselineChecks calibrates Baseline2010 carrying the two
// commodities (heroin and opium) to Observed2011 and prints the held-out
// published figures beside the model's values, with the flow into each
// transit country. It asserts that every check is computed; the misses
// are reported, not tuned away.
func TestCalibratedBaselineChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("calibrates the whole corridor")
	}
	m := baselineCalibModel(t)
	mc := m
	target := Observed2011()
	cal, err := mc.Calibrate(context.Background(), &risk.CalibSettings{Target: &target})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("objective %.4g, %d evaluations, %d rounds, same optimum from %d starts: %v", cal.Objective, cal.Evaluations, cal.Rounds, len(cal.Starts), cal.SameOptimum)
	for _, p := range cal.Params {
		t.Logf("%s %s %.3g [%.3g, %.3g]", p.Country, p.Kind, p.Value, p.Lo, p.Hi)
	}
	for _, r := range cal.Fit {
		t.Logf("fit %s %s %s observed %.4g modelled %.4g", r.Country, r.Commodity, r.Kind, r.Observed, r.Modelled)
	}
	for _, code := range []string{"TJK", "UZB", "TKM", "KGZ", "KAZ", "RUS"} {
		c, _ := cal.Result.Country(code)
		t.Logf("%s inflow %.1f t, seized %.0f kg (heroin, opium %.0f kg)", code, c.InflowTonnes, c.SeizedKg, c.CommodityKg)
	}
	checks, err := risk.CheckPublished(cal.Result, Published())
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) != len(Published()) {
		t.Fatalf("%d checks of %d published figures", len(checks), len(Published()))
	}
	for _, c := range checks {
		if math.IsNaN(c.Model) || math.IsInf(c.Model, 0) {
			t.Errorf("%s: no model value", c.Name)
		}
	}
	// The report the example prints: every figure with its value and its
	// source.
	var b strings.Builder
	if err := risk.WriteChecks(&b, checks); err != nil {
		t.Fatal(err)
	}
	report := b.String()
	for i, c := range checks {
		if !strings.Contains(report, c.Name) || !strings.Contains(report, fmt.Sprintf("[%d] %s\n", i+1, c.Source)) ||
			!strings.Contains(report, fmt.Sprintf("%.3g", c.Model)) {
			t.Errorf("report lacks figure %q, its source or its value %.3g", c.Name, c.Model)
		}
	}
	t.Logf("held-out checks of the calibrated 2010 baseline:\n%s", report)
}
