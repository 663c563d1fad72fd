package routerisk

import (
	"context"
	"testing"

	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/risk"
)

// BenchmarkAnalyzeCalibrated runs the whole calibrated analysis of the
// embedded Northern Route as the example does (segments, graph, scoring,
// calibration of Baseline2010 to Observed2011, the final assignment), the
// corridor loaded once.
func BenchmarkAnalyzeCalibrated(b *testing.B) {
	c, err := northernroute.Corridor()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		g, s, t := northernroute.GraphSettings(), northernroute.Baseline2010(), northernroute.Observed2011()
		a, err := Analyze(context.Background(), c, &Options{Graph: &g, Scenario: &s, Target: &t, Calibrate: true})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(a.Calibration.Evaluations), "evals/op")
	}
}

// BenchmarkLayers makes the export layers of the uncalibrated analysis of
// the embedded Northern Route (WriteQGIS does this before it writes): all
// of them, as Layers does, and the largest one at a time.
func BenchmarkLayers(b *testing.B) {
	c, err := northernroute.Corridor()
	if err != nil {
		b.Fatal(err)
	}
	g, s := northernroute.GraphSettings(), northernroute.Baseline2010()
	a, err := Analyze(context.Background(), c, &Options{Graph: &g, Scenario: &s})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name  string
		layer func() error
	}{
		{"all", func() error { _, err := a.Layers(); return err }},
		{"edges", func() error { _, err := a.edgesLayer(); return err }},
		{"routes", func() error { _, err := risk.RoutesLayer(a.Result); return err }},
		{"segments", func() error { _, err := risk.SegmentsLayer(a.Result, a.Segments); return err }},
		{"crossings", func() error { _, err := risk.CrossingsLayer(a.Result, c.Crossings); return err }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.layer(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
