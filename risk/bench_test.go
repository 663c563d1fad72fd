package risk

import (
	"errors"
	"sync"
	"testing"
)

func BenchmarkRun(b *testing.B) {
	m := toyModel(b, nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// northernRouteModel returns the Northern Route's 2010 baseline model,
// built once for the tests and benchmarks that use it.
var northernRouteModel = sync.OnceValues(func() (*Model, error) {
	if NorthernRouteModelForTest == nil {
		return nil, errors.New("NorthernRouteModelForTest is not set (northernroute_test.go sets it)")
	}
	return NorthernRouteModelForTest()
})

// northernRoutePlan returns the Northern Route's baseline model and the
// choice sets of its plan, as calibration's pricer is built on them.
func northernRoutePlan(tb testing.TB) (*Model, *plan) {
	tb.Helper()
	nr, err := northernRouteModel()
	if err != nil {
		tb.Fatal(err)
	}
	pl, err := nr.plan()
	if err != nil {
		tb.Fatal(err)
	}
	return nr, pl
}

// benchModels returns the models the benchmarks run on: the toy corridor
// and the Northern Route.
func benchModels(b *testing.B) []struct {
	name string
	m    *Model
} {
	nr, err := northernRouteModel()
	if err != nil {
		b.Fatal(err)
	}
	return []struct {
		name string
		m    *Model
	}{{"toy", toyModel(b, nil)}, {"northern-route", nr}}
}

// BenchmarkPlan measures the choice sets of every pair (ChoiceByBorder:
// the trees and byBorder), as Run and every round of calibration find them.
func BenchmarkPlan(b *testing.B) {
	for _, tc := range benchModels(b) {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tc.m.plan(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSeizures measures one evaluation of calibration's block pricer
// on the plan of the settings (update and seizures) and one with the
// exact derivatives by the five target countries' intensities (update,
// grad and seizuresJac), which replaces five forward differences.
func BenchmarkSeizures(b *testing.B) {
	nr, pl := northernRoutePlan(b)
	s := nr.settings.Clone()
	var ps []fitParam
	for _, c := range []string{"UZB", "TJK", "TKM", "KGZ", "KAZ"} {
		ps = append(ps, fitParam{c, ParamIntensity})
	}
	pm := nr.newParamMap(ps)
	for j := range pm.scale {
		pm.scale[j] = 1
	}
	sp := newSparsePricer(nr, pl)
	b.Run("value", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := sp.update(&s); err != nil {
				b.Fatal(err)
			}
			sp.seizures(pl, &s)
		}
	})
	b.Run("value+jacobian", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := sp.update(&s); err != nil {
				b.Fatal(err)
			}
			sp.grad(pm)
			sp.seizuresJac(pl, &s, pm)
		}
	})
}

// BenchmarkPricer measures making calibration's block pricer of the
// Northern Route's plan (new) against a clone of one, which the fits from
// the other starting points of the first round use.
func BenchmarkPricer(b *testing.B) {
	nr, pl := northernRoutePlan(b)
	sp := newSparsePricer(nr, pl)
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			newSparsePricer(nr, pl)
		}
	})
	b.Run("clone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sp.clone()
		}
	})
}

// BenchmarkAssign measures the flows and seizures of Run on a plan found
// once: each pair's routes priced and shared in parallel, then followed
// pair after pair, the edges' totals and the countries' at the same time.
func BenchmarkAssign(b *testing.B) {
	for _, tc := range benchModels(b) {
		b.Run(tc.name, func(b *testing.B) {
			pl, err := tc.m.plan()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				tc.m.assign(pl, tc.m, &tc.m.settings)
			}
		})
	}
}

// BenchmarkTrees measures a shortest-path tree of the Northern Route's car
// carrier from its first origin and to its first destination (ShortestFrom
// and ShortestTo), and the border trie and numbering byBorder puts on each
// (newBorderTree), as plans makes them for every carrier and place.
func BenchmarkTrees(b *testing.B) {
	nr, err := northernRouteModel()
	if err != nil {
		b.Fatal(err)
	}
	t, err := nr.carrier("car")
	if err != nil {
		b.Fatal(err)
	}
	mask := nr.borderMask()
	for _, back := range []bool{false, true} {
		node, name := nr.graph.Origins()[0].Node, "from"
		if back {
			node, name = nr.graph.Destinations()[0].Node, "to"
		}
		tr, err := t.tree(node, back)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/search", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := t.tree(node, back); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/border-tree", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bt := nr.newBorderTree(tr, back, mask)
				bt.Tree = nil // tr is made once, kept
				bt.release()
			}
		})
	}
}
