package routerisk

import (
	"context"
	"testing"

	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/northernroute"
)

// BenchmarkNorthernRouteExample does what examples/northern-route does
// apart from printing: it loads the embedded corridor, runs the calibrated
// analysis and writes the QGIS folder with every format, each time anew.
// Issue 9 asks for this under 2 s on 2 cores.
func BenchmarkNorthernRouteExample(b *testing.B) {
	dir := b.TempDir() + "/nr"
	b.ReportAllocs()
	for b.Loop() {
		c, err := northernroute.Corridor()
		if err != nil {
			b.Fatal(err)
		}
		g, s, t := northernroute.GraphSettings(), northernroute.Baseline2010(), northernroute.Observed2011()
		a, err := Analyze(context.Background(), c, &Options{Graph: &g, Scenario: &s, Target: &t, Calibrate: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.WriteQGIS(dir, "northern-route", &export.Options{
			MapLayers: []string{"countries", "borders", "segments", "flows", "crossings", "settlements"},
		}); err != nil {
			b.Fatal(err)
		}
	}
}
