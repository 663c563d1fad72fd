package northernroute

import (
	"testing"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// BenchmarkSetup times each step that comes before the calibration in the
// northern-route example (routerisk.Analyze's validate, segments, graph and
// model steps), one sub-benchmark per step, and the whole chain as "all".
func BenchmarkSetup(b *testing.B) {
	gs, s := GraphSettings(), Baseline2010()
	c, segs, g := setupChain(b, &gs, &s)
	b.Run("Corridor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Corridor(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = append(c.Validate(), route.CheckClasses(c, &gs)...)
		}
	})
	b.Run("Segments", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Segments(geo.DefaultSegmentKm); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			g, err := route.Build(c, segs, &gs)
			if err != nil {
				b.Fatal(err)
			}
			_ = route.Validate(g)
		}
	})
	b.Run("New", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := risk.New(g, c, segs, &s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			setupChain(b, &gs, &s)
		}
	})
}

// setupChain runs the steps of BenchmarkSetup one after another, as
// routerisk.Analyze does, and returns the corridor, its segments and graph.
func setupChain(tb testing.TB, gs *route.Settings, s *risk.Settings) (*geo.Corridor, []geo.Segment, *route.Graph) {
	tb.Helper()
	c, err := Corridor()
	if err != nil {
		tb.Fatal(err)
	}
	_ = append(c.Validate(), route.CheckClasses(c, gs)...)
	segs, err := c.Segments(geo.DefaultSegmentKm)
	if err != nil {
		tb.Fatal(err)
	}
	g, err := route.Build(c, segs, gs)
	if err != nil {
		tb.Fatal(err)
	}
	_ = route.Validate(g)
	if _, err := risk.New(g, c, segs, s); err != nil {
		tb.Fatal(err)
	}
	return c, segs, g
}
