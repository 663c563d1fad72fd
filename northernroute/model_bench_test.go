package northernroute

import (
	"context"
	"sync"
	"testing"

	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// calibFixture is the Northern Route's 2010 baseline model, built once.
var calibFixture struct {
	sync.Once
	m   *risk.Model
	err error
}

// baselineCalibModel returns the model of Baseline2010 on the embedded
// corridor, built once for the calibration tests and the benchmarks.
// Callers must not change it.
func baselineCalibModel(tb testing.TB) *risk.Model {
	tb.Helper()
	o := &calibFixture
	o.Do(func() {
		c, err := Corridor()
		if err != nil {
			o.err = err
			return
		}
		segs, err := c.Segments(0)
		if err != nil {
			o.err = err
			return
		}
		gs := GraphSettings()
		g, err := route.Build(c, segs, &gs)
		if err != nil {
			o.err = err
			return
		}
		s := Baseline2010()
		o.m, o.err = risk.New(g, c, segs, &s)
	})
	if o.err != nil {
		tb.Fatal(o.err)
	}
	return o.m
}

// BenchmarkCalibrateBaseline2010 measures the calibration of Baseline2010
// to Observed2011 with the default calibration settings.
func BenchmarkCalibrateBaseline2010(b *testing.B) {
	m := baselineCalibModel(b)
	target := Observed2011()
	b.ReportAllocs()
	for b.Loop() {
		cal, err := m.Calibrate(context.Background(), &risk.CalibSettings{Target: &target})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(cal.Evaluations), "evals/op")
	}
}
