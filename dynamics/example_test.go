package dynamics_test

import (
	"context"
	"fmt"
	"log"
	"math"
	"time"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/dynamics"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// corridor returns a model of a small corridor built in code: a town in
// AAA, a transit town in BBB and a market in CCC. Two official crossings
// (north with the shorter approach) and a stretch of green border lead
// from AAA into BBB, one crossing on into CCC. 120 t a year travel it.
func corridor() (*risk.Model, error) {
	b := route.NewBuilder()
	var c geo.Corridor
	var segs []geo.Segment
	town := func(name, country string, lat float64) int64 {
		return b.AddNode(route.Node{Kind: route.NodeSettlement, Name: name, Country: country, Point: orb.Point{68, lat}, Feature: "town:" + name})
	}
	origin, transit, market := town("Origin", "AAA", 37), town("Transit", "BBB", 38), town("Market", "CCC", 40)
	var err error
	add := func(e route.Edge) {
		if _, e2 := b.AddEdge(e); e2 != nil && err == nil {
			err = e2
		}
	}
	crossing := func(id string, from, to int64, a, bb string, linkKm, rate float64, at orb.Point) {
		c.Crossings = append(c.Crossings, geo.Crossing{ID: id, Name: id, A: a, B: bb, Point: at, Mode: geo.ModeRoad,
			Regime: geo.RegimeFull, InspectionRate: &rate, Source: "example"})
		sa := b.AddNode(route.Node{Kind: route.NodeCrossingSide, Name: id, Country: a, Point: at, Feature: id})
		sb := b.AddNode(route.Node{Kind: route.NodeCrossingSide, Name: id, Country: bb, Point: at, Feature: id})
		for _, l := range [][3]any{{from, sa, a}, {sa, from, a}, {sb, to, bb}, {to, sb, bb}} {
			add(route.Edge{From: l[0].(int64), To: l[1].(int64), Kind: route.EdgeLocal, Modes: route.RoadModes,
				LengthKm: linkKm, Hours: linkKm / 50, Country: l[2].(string)})
		}
		add(route.Edge{From: sa, To: sb, Kind: route.EdgeCrossing, Modes: route.RoadModes, LengthKm: 1, Hours: 2, Country: a, Country2: bb, Feature: id})
	}
	crossing("AAA-BBB-north", origin, transit, "AAA", "BBB", 20, 0.02, orb.Point{67.8, 37.5})
	crossing("AAA-BBB-south", origin, transit, "AAA", "BBB", 50, 0.02, orb.Point{68.2, 37.5})
	crossing("BBB-CCC-y", transit, market, "BBB", "CCC", 100, 0.03, orb.Point{68, 39})

	// The green border: 40 km on foot each side, 30 km from a post and a
	// town.
	gap, at := "AAA-BBB-000-0001", orb.Point{68.5, 37.5}
	inf := math.Inf(1)
	segs = append(segs, geo.Segment{ID: gap, A: "AAA", B: "BBB", Line: orb.LineString{{68.48, 37.5}, {68.52, 37.5}}, Mid: at, LengthKm: 3,
		Remote: geo.Remoteness{SettlementKm: [2]float64{30, 30}, OutpostKm: [2]float64{30, 30}, CrossingKm: [2]float64{inf, inf}}})
	gn := b.AddNode(route.Node{Kind: route.NodeGap, Name: gap, Point: at, Feature: gap})
	feet := route.Foot | route.Horse
	add(route.Edge{From: origin, To: gn, Kind: route.EdgeGap, Modes: feet, LengthKm: 40, Hours: 8, Country: "AAA", Country2: "BBB", Feature: gap})
	add(route.Edge{From: gn, To: transit, Kind: route.EdgeGap, Modes: feet, LengthKm: 40, Hours: 8, Country: "BBB", Feature: gap})
	if err != nil {
		return nil, err
	}

	g, err := b.Graph().WithPlaces(
		[]route.Place{{Name: "Origin", Node: origin, Weight: 1}},
		[]route.Place{{Name: "Market", Node: market, Weight: 1}})
	if err != nil {
		return nil, err
	}
	s := risk.DefaultSettings()
	s.Name, s.FlowTonnes = "example", 120
	s.Carriers = []risk.Carrier{{Name: "courier", Modes: route.Foot | route.Horse | route.Vehicle, Share: 1}}
	s.Countries = map[string]risk.CountryParams{
		"AAA": {GapBase: 0.02, HazardPerKm: 1e-5, Intensity: 1},
		"BBB": {GapBase: 0.08, HazardPerKm: 2e-5, Intensity: 1},
		"CCC": {GapBase: 0.05, HazardPerKm: 1e-5, Intensity: 1},
	}
	c.Name = "example"
	return risk.New(g, &c, segs, &s)
}

// Two years month by month on a small corridor: the border services move
// their effort toward the seizures, the organisation spreads its loads and
// routes, and in January 2012 a scanner goes into the north crossing.
func Example() {
	m, err := corridor()
	if err != nil {
		log.Fatal(err)
	}
	s := dynamics.DefaultSettings()
	s.Start = time.Date(2011, time.January, 1, 0, 0, 0, 0, time.UTC)
	s.Months = 24
	s.Events = []dynamics.Event{{
		Date: time.Date(2012, time.January, 1, 0, 0, 0, 0, time.UTC),
		Name: "scanner at north",
		Apply: func(rs *risk.Settings) {
			rs.Rules = append(rs.Rules, risk.CrossingRule{ID: "AAA-BBB-north", AddScanner: true, Source: "example"})
		},
	}}
	sim, err := dynamics.Run(context.Background(), m, &s)
	if err != nil {
		log.Fatal(err)
	}

	fmt.Printf("static equilibrium: %.1f%% seized\n", 100*sim.BaselineLoss)
	for _, y := range sim.Years() {
		fmt.Printf("%d: %.0f t sent, %.1f%% seized in lumps of %.1f kg, %.1f effective routes, %.1f crossings and gaps a month\n",
			y.Year, y.ShippedKg/1000, 100*y.SeizedKg/y.ShippedKg, y.MeanSeizureKg, y.EffectiveRoutes, y.Active)
	}
	d := sim.Displacements[0]
	fmt.Printf("%s: %.0f%% of the flow moved\n", d.Event, 100*d.MovedShare)
	for _, ch := range d.Changes {
		fmt.Printf("  %-16s %5.0f → %5.0f kg a month\n", ch.ID, ch.BeforeKg, ch.AfterKg)
	}
	// Output:
	// static equilibrium: 1.9% seized
	// 2011: 120 t sent, 2.0% seized in lumps of 7.5 kg, 2.7 effective routes, 3.8 crossings and gaps a month
	// 2012: 120 t sent, 2.1% seized in lumps of 6.6 kg, 2.0 effective routes, 4.0 crossings and gaps a month
	// scanner at north: 21% of the flow moved
	//   AAA-BBB-north     4143 →    40 kg a month
	//   AAA-BBB-south     3764 →  6326 kg a month
	//   AAA-BBB-000-0001  2093 →  3630 kg a month
	//   BBB-CCC-y         9909 →  9901 kg a month
}
