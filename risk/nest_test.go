package risk

import (
	"fmt"
	"math"
	"testing"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/route"
)

// TestNestedCorridors measures the choice model on nine routes of equal
// cost from Origin to Dest: eight through corridor BBB, which share the
// roads at both ends (half their length) and differ in the middle, and one
// through corridor CCC. The path-size logit alone (λ = 1) gives CCC
// 1/(1 + 8·PS) ≈ 18%; nested by corridor with the default λ = 0.2 it
// gives 1/(1 + (8·PS)^0.2) ≈ 42%; a plain logit would give a ninth.
func TestNestedCorridors(t *testing.T) {
	tb := newToyBuilder(t)
	tb.town("Origin", "AAA", 60, 40)
	tb.town("A1", "AAA", 61, 41)
	tb.town("A2", "AAA", 61, 39)
	tb.town("B0", "BBB", 61.01, 41)
	tb.town("B1", "BBB", 63, 41)
	for i := range 8 {
		tb.town(fmt.Sprint("M", i), "BBB", 62, 41+0.1*float64(i))
	}
	tb.town("C0", "CCC", 61.01, 39)
	tb.town("C1", "CCC", 63, 39)
	tb.town("D1", "DDD", 63.01, 41)
	tb.town("D2", "DDD", 63.01, 39)
	tb.town("Dest", "DDD", 64, 40)
	tb.road("Origin", "A1", 200, route.EdgeRoad)
	tb.road("Origin", "A2", 200, route.EdgeRoad)
	tb.crossing(cx("AAA-BBB", "XA", geo.ModeRoad, geo.RegimeFull, false, 61, 41), "A1", "B0", 0)
	tb.crossing(cx("AAA-CCC", "XB", geo.ModeRoad, geo.RegimeFull, false, 61, 39), "A2", "C0", 0)
	for i := range 8 {
		tb.road("B0", fmt.Sprint("M", i), 200, route.EdgeRoad)
		tb.road(fmt.Sprint("M", i), "B1", 200, route.EdgeRoad)
	}
	tb.road("C0", "C1", 400, route.EdgeRoad)
	tb.crossing(cx("BBB-DDD", "XA2", geo.ModeRoad, geo.RegimeFull, false, 63, 41), "B1", "D1", 0)
	tb.crossing(cx("CCC-DDD", "XB2", geo.ModeRoad, geo.RegimeFull, false, 63, 39), "C1", "D2", 0)
	tb.road("D1", "Dest", 200, route.EdgeRoad)
	tb.road("D2", "Dest", 200, route.EdgeRoad)
	g := tb.graph([]route.Place{{Name: "Origin", Weight: 1}}, []route.Place{{Name: "Dest", Weight: 1}})

	for _, tc := range []struct {
		name   string
		lambda float64
		lo, hi float64 // CCC's share of the flow
	}{
		{"path-size logit", 1, 0.17, 0.19},
		{"nested, default λ", DefaultSettings().NestScale, 0.40, 0.45},
		{"nested, λ → 0", 1e-3, 0.49, 0.51},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := DefaultSettings()
			s.Inspection.Full = 0 // every route costs β·hours alike
			s.Other = CountryParams{}
			s.Carriers = []Carrier{{Name: "car", Modes: route.Vehicle, Share: 1}}
			s.Choice, s.K = ChoiceKBest, 9
			s.NestScale = tc.lambda
			m, err := New(g, &tb.c, nil, &s)
			if err != nil {
				t.Fatal(err)
			}
			res, err := m.Run()
			if err != nil {
				t.Fatal(err)
			}
			var ccc, costMin, costMax float64
			costMin = math.Inf(1)
			for _, r := range res.Routes {
				if len(r.Countries) > 1 && r.Countries[1] == "CCC" {
					ccc += r.Tonnes
				}
				costMin, costMax = math.Min(costMin, r.Cost), math.Max(costMax, r.Cost)
			}
			if len(res.Routes) != 9 || costMax-costMin > 1e-12 {
				t.Fatalf("%d routes, costs %v..%v: want 9 of equal cost", len(res.Routes), costMin, costMax)
			}
			t.Logf("λ %v: CCC carries %.3f of the flow", tc.lambda, ccc)
			if ccc < tc.lo || ccc > tc.hi {
				t.Errorf("CCC carries %.3f of the flow, want %v..%v", ccc, tc.lo, tc.hi)
			}
		})
	}
}
