//go:build unix

package risk_test

import (
	"context"
	"syscall"
	"testing"

	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/risk"
)

// BenchmarkCalibrate measures the calibration of the Northern Route's 2010
// baseline to Observed2011 with the default calibration settings, the
// model built once; besides wall time it reports the process's CPU time
// per calibration (cpu-ms/op), which another load on the machine changes
// less, and the CPU time over the wall time (cores/op).
func BenchmarkCalibrate(b *testing.B) {
	m, err := risk.NorthernRouteModelForTest()
	if err != nil {
		b.Fatal(err)
	}
	target := northernroute.Observed2011()
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		cal, err := m.Calibrate(context.Background(), &risk.CalibSettings{Target: &target})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(cal.Evaluations), "evals/op")
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(cpu/float64(b.N)*1e3, "cpu-ms/op")
	b.ReportMetric(cpu/b.Elapsed().Seconds(), "cores/op")
}

// cpuTime returns the user and system CPU time of the process, seconds.
func cpuTime() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
