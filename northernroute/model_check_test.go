package northernroute

import (
	"context"
	"math"
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
		t.Logf("fit %s %s observed %.4g modelled %.4g", r.Country, r.Kind, r.Observed, r.Modelled)
	}
	for _, code := range []string{"TJK", "UZB", "TKM", "KGZ", "KAZ", "RUS"} {
		c, _ := cal.Result.Country(code)
		t.Logf("%s inflow %.1f t, seized %.0f kg (heroin, opium %.0f kg)", code, c.InflowTonnes, c.SeizedKg, c.CommodityKg)
	}
	checks, err := risk.CheckPublished(cal.Result, Published())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		t.Logf("%-55s published %g–%g, model %.3g, ratio %.2f, within %v", c.Name, c.Low, c.High, c.Model, c.Ratio, c.Within)
		if math.IsNaN(c.Model) {
			t.Errorf("%s: no model value", c.Name)
		}
	}
}
