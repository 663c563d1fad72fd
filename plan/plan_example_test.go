package plan_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// Two parallel crossings behind a shared road: a patrol on the road looks
// best alone, but with two units the optimum covers both crossings.
func ExampleMaxMin() {
	road, _ := plan.ArcLength(0.10, 0, 0)
	crossing, _ := plan.ArcLength(0.30, 0, 0)
	arcs := []plan.Arc{{From: 0, To: 1, Length: road}, {From: 1, To: 2, Length: crossing}, {From: 1, To: 2, Length: crossing}}
	menu := []plan.Upgrade{
		{Name: "road patrol", Cost: 1, Effects: []plan.Effect{{Arc: 0, Pi: 0.3}}},
		{Name: "scanner west", Cost: 1, Effects: []plan.Effect{{Arc: 1, Pi: 0.5}}},
		{Name: "scanner east", Cost: 1, Effects: []plan.Effect{{Arc: 2, Pi: 0.5}}},
	}
	in, err := plan.NewInstance(3, arcs, menu)
	if err != nil {
		fmt.Println(err)
		return
	}
	ods := []plan.OD{{Origin: 0, Destination: 2}}
	exact, _ := plan.MaxMin(context.Background(), in, ods, 2, nil)
	greedy, _ := plan.Greedy(context.Background(), in, ods, 2, false)
	for _, r := range []*plan.Result{exact, greedy} {
		fmt.Printf("%-9s plan %v: evasion %.4f, bounds on the route length [%.4f, %.4f]\n", r.Status, r.Plan, r.Evasion(), r.Lower, r.Upper)
	}
	// Output:
	// optimal   plan [1 2]: evasion 0.3150, bounds on the route length [1.1552, 1.1552]
	// heuristic plan [0]: evasion 0.4410, bounds on the route length [0.8187, 0.8187]
}

// Solve the plain-file instance of the tests for expected evasion over three
// weighted scenarios with a budget of 3.
func ExampleSolveFiles() {
	dir := filepath.Join("..", "testdata", "plan")
	rep, err := plan.SolveFiles(context.Background(), filepath.Join(dir, "arcs.csv"), filepath.Join(dir, "scenarios.csv"), 3, false, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	rep.WriteText(os.Stdout)
	// Output:
	// snip plan, budget 3: optimal
	// evasion 0.556138 (optimum in [0.556138, 0.556138], gap 0), cost 3
	//   upgrade Samarkand -> Tashkent (line 11): p 0.03 -> 0.25, cost 2
	//   upgrade Dushanbe -> Osh (line 12): p 0.06 -> 0.3, cost 1
}

// Plan a toy border through the corridor path: a risk model of two towns
// joined by two official crossings and a stretch of green border, its menu
// from CorridorMenu, the exact max–min plan for the worst of the flow's
// pairs and the SNIP plan, and the layer of the upgrades placed.
func ExampleFromModel() {
	b := route.NewBuilder()
	var errs []error
	add := func(e route.Edge) {
		if _, err := b.AddEdge(e); err != nil {
			errs = append(errs, err)
		}
	}
	bishkek := b.AddNode(route.Node{Kind: route.NodeSettlement, Name: "Bishkek", Country: "KGZ", Point: orb.Point{74.59, 42.87}})
	almaty := b.AddNode(route.Node{Kind: route.NodeSettlement, Name: "Almaty", Country: "KAZ", Point: orb.Point{76.93, 43.25}})
	var xs []geo.Crossing
	for _, x := range []struct {
		id    string
		at    orb.Point
		hours float64
	}{{"korday", orb.Point{75.2, 43.0}, 2}, {"karasu", orb.Point{75.8, 42.9}, 5}} {
		xs = append(xs, geo.Crossing{ID: x.id, Name: x.id, A: "KAZ", B: "KGZ", Point: x.at, Mode: geo.ModeRoad, Regime: geo.RegimeFull, Source: "example"})
		kg := b.AddNode(route.Node{Kind: route.NodeCrossingSide, Name: x.id, Country: "KGZ", Point: x.at, Feature: x.id})
		kz := b.AddNode(route.Node{Kind: route.NodeCrossingSide, Name: x.id, Country: "KAZ", Point: x.at, Feature: x.id})
		for _, e := range []route.Edge{
			{From: bishkek, To: kg, Kind: route.EdgeLocal, Modes: route.RoadModes, LengthKm: 100, Hours: 2, Country: "KGZ"},
			{From: kz, To: almaty, Kind: route.EdgeLocal, Modes: route.RoadModes, LengthKm: 100, Hours: 2, Country: "KAZ"},
			{From: kg, To: kz, Kind: route.EdgeCrossing, Modes: route.RoadModes, LengthKm: 1, Hours: x.hours, Country: "KGZ", Country2: "KAZ", Feature: x.id},
		} {
			add(e)
		}
	}
	seg := geo.Segment{ID: "KAZ-KGZ-0001", A: "KAZ", B: "KGZ", Mid: orb.Point{75.5, 42.95}, LengthKm: 5,
		Line:   orb.LineString{{75.47, 42.95}, {75.53, 42.95}},
		Remote: geo.Remoteness{SettlementKm: [2]float64{30, 30}, OutpostKm: [2]float64{30, 30}, CrossingKm: [2]float64{50, 50}}}
	gap := b.AddNode(route.Node{Kind: route.NodeGap, Name: seg.ID, Point: seg.Mid, Feature: seg.ID})
	add(route.Edge{From: bishkek, To: gap, Kind: route.EdgeGap, Modes: route.Foot | route.Vehicle, LengthKm: 60, Hours: 12, Country: "KGZ", Country2: "KAZ", Feature: seg.ID})
	add(route.Edge{From: gap, To: almaty, Kind: route.EdgeGap, Modes: route.Foot | route.Vehicle, LengthKm: 60, Hours: 12, Country: "KAZ", Feature: seg.ID})
	g, err := b.Graph().WithPlaces([]route.Place{{Name: "Bishkek", Node: bishkek, Weight: 1}}, []route.Place{{Name: "Almaty", Node: almaty, Weight: 1}})
	if err = errors.Join(append(errs, err)...); err != nil {
		fmt.Println(err)
		return
	}
	s := risk.DefaultSettings()
	s.Name, s.FlowTonnes, s.K = "example", 10, 3
	s.Carriers = []risk.Carrier{{Name: "courier", Modes: route.Foot | route.Vehicle, Share: 0.4}, {Name: "car", Modes: route.Vehicle, Share: 0.6}}
	m, err := risk.New(g, &geo.Corridor{Name: "example", Crossings: xs}, []geo.Segment{seg}, &s)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Costs in units of the budget, not figures of any programme.
	menu, err := plan.CorridorMenu(m, []geo.Segment{seg}, xs, &plan.MenuSettings{
		Side: "KAZ", Borders: []string{"KAZ-KGZ"}, SpacingKm: 10,
		Scanner: plan.Item{Cost: 3, Carriers: []string{"car"}},
		Dogs:    plan.Item{Cost: 1},
		Outpost: plan.Item{Cost: 2},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := plan.FromModel(m, nil, menu)
	if err != nil {
		fmt.Println(err)
		return
	}
	base, err := m.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	scen, err := c.Scenarios(base) // one pair per carrier, weighted by tonnes
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	mm, err := plan.MaxMinAll(ctx, c.Instance, scen, 3, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	sn, err := plan.SNIP(ctx, c.Instance, scen, 3, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	names := func(p []int) []string {
		var out []string
		for _, u := range p {
			out = append(out, c.Candidates[u].Name())
		}
		return out
	}
	fmt.Printf("%d candidates, %d pairs\n", len(c.Candidates), len(scen))
	fmt.Printf("max-min %s: %q, worst route length %.4f (bound %.4f)\n", mm.Status, names(mm.Plan), mm.Objective, mm.Upper)
	perLayer := c.Instance.NumNodes() / len(c.Carriers)
	for _, p := range [][]int{nil, mm.Plan} {
		d, _ := c.Instance.RouteLengths(p, scen)
		for i, od := range scen {
			fmt.Printf("  %d upgrades: %-7s pair, route length %.4f\n", len(p), c.Carriers[od.Origin/perLayer], d[i])
		}
	}
	fmt.Printf("SNIP    %s: %q, expected evasion %.4f (bound %.4f)\n", sn.Status, names(sn.Plan), sn.Objective, sn.Lower)
	fc, err := c.PlanLayer(sn.Plan, xs, []geo.Segment{seg}, scen)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range fc.Features {
		fmt.Printf("layer: %s %s, cost %v, marginal %.4f\n", f.Geometry.GeoJSONType(), f.Properties["name"], f.Properties["cost_kzt"], f.Properties["marginal"])
	}
	// Output:
	// 5 candidates, 2 pairs
	// max-min optimal: ["dogs KAZ korday" "outpost KAZ KAZ-KGZ-0001"], worst route length 0.0189 (bound 0.0189)
	//   0 upgrades: car     pair, route length 0.0166
	//   0 upgrades: courier pair, route length 0.0113
	//   2 upgrades: car     pair, route length 0.0189
	//   2 upgrades: courier pair, route length 0.0189
	// SNIP    optimal: ["dogs KAZ korday" "outpost KAZ KAZ-KGZ-0001"], expected evasion 0.9813 (bound 0.9813)
	// layer: Point dogs KAZ korday, cost 1, marginal 0.0006
	// layer: LineString outpost KAZ KAZ-KGZ-0001, cost 2, marginal 0.0044
}
