package dynamics

import (
	"context"
	"math"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// toy is a hand-made corridor: an origin town in AAA, a transit town in
// BBB and a market in CCC. Nine ways lead from AAA into BBB (four
// official crossings x1 to x4 with longer approaches in that order, and
// four gaps, x4 the farthest); one crossing, y, leads on into CCC.
type toy struct {
	b     *route.Builder
	nodes map[string]int64
	c     geo.Corridor
	segs  []geo.Segment
}

func (t *toy) town(tb testing.TB, name, country string, lon, lat float64) {
	t.nodes[name] = t.b.AddNode(route.Node{Kind: route.NodeSettlement, Name: name, Country: country, Point: orb.Point{lon, lat}, Feature: "town:" + name})
}

func (t *toy) add(tb testing.TB, e route.Edge) {
	tb.Helper()
	if _, err := t.b.AddEdge(e); err != nil {
		tb.Fatal(err)
	}
}

// crossing joins towns a and b by crossing id over two side nodes, each
// reached over linkKm.
func (t *toy) crossing(tb testing.TB, id, a, b string, linkKm, rate float64, at orb.Point) {
	g := t.b.Graph()
	ta, tbn := t.nodes[a], t.nodes[b]
	ca, cb := g.NodeAt(ta).Country, g.NodeAt(tbn).Country
	t.c.Crossings = append(t.c.Crossings, geo.Crossing{ID: id, Name: id, A: ca, B: cb, Point: at, Mode: geo.ModeRoad,
		Regime: geo.RegimeFull, InspectionRate: &rate, Source: "test fixture"})
	sa := t.b.AddNode(route.Node{Kind: route.NodeCrossingSide, Name: id, Country: ca, Point: at, Feature: id})
	sb := t.b.AddNode(route.Node{Kind: route.NodeCrossingSide, Name: id, Country: cb, Point: at, Feature: id})
	for _, l := range []struct {
		u, v    int64
		country string
	}{{ta, sa, ca}, {sa, ta, ca}, {sb, tbn, cb}, {tbn, sb, cb}} {
		t.add(tb, route.Edge{From: l.u, To: l.v, Kind: route.EdgeLocal, Modes: route.RoadModes, LengthKm: linkKm, Hours: linkKm / 50, Country: l.country})
	}
	t.add(tb, route.Edge{From: sa, To: sb, Kind: route.EdgeCrossing, Modes: route.RoadModes, LengthKm: 1, Hours: 2, Country: ca, Country2: cb, Feature: id})
	t.add(tb, route.Edge{From: sb, To: sa, Kind: route.EdgeCrossing, Modes: route.RoadModes, LengthKm: 1, Hours: 2, Country: cb, Country2: ca, Feature: id})
}

// gap joins towns a and b through border segment id, km off-road on each
// side, guardKm from the nearest post and settleKm from the nearest town.
func (t *toy) gap(tb testing.TB, id, a, b string, km, guardKm, settleKm float64, at orb.Point) {
	g := t.b.Graph()
	ta, tbn := t.nodes[a], t.nodes[b]
	ca, cb := g.NodeAt(ta).Country, g.NodeAt(tbn).Country
	A, B := min(ca, cb), max(ca, cb)
	inf := math.Inf(1)
	t.segs = append(t.segs, geo.Segment{ID: id, A: A, B: B, Line: orb.LineString{{at[0] - 0.02, at[1]}, {at[0] + 0.02, at[1]}}, Mid: at, LengthKm: 3,
		Remote: geo.Remoteness{SettlementKm: [2]float64{settleKm, settleKm}, OutpostKm: [2]float64{guardKm, guardKm}, CrossingKm: [2]float64{inf, inf}}})
	gn := t.b.AddNode(route.Node{Kind: route.NodeGap, Name: id, Point: at, Feature: id})
	feet := route.Foot | route.Horse
	h := km / 5
	t.add(tb, route.Edge{From: ta, To: gn, Kind: route.EdgeGap, Modes: feet, LengthKm: km, Hours: h, Country: ca, Country2: cb, Feature: id})
	t.add(tb, route.Edge{From: tbn, To: gn, Kind: route.EdgeGap, Modes: feet, LengthKm: km, Hours: h, Country: cb, Country2: ca, Feature: id})
	t.add(tb, route.Edge{From: gn, To: ta, Kind: route.EdgeGap, Modes: feet, LengthKm: km, Hours: h, Country: ca, Feature: id})
	t.add(tb, route.Edge{From: gn, To: tbn, Kind: route.EdgeGap, Modes: feet, LengthKm: km, Hours: h, Country: cb, Feature: id})
}

var (
	toyOnce  sync.Once
	toyModel *risk.Model
	toyErr   error
)

// toyRisk returns the risk settings of the toy corridor: a courier carrier
// on foot, horseback or by car, 120 t a year (1,000 shipments of 10 kg a
// month) and gap guards in every country.
func toyRisk() risk.Settings {
	s := risk.DefaultSettings()
	s.Name = "toy"
	s.FlowTonnes = 120
	s.Carriers = []risk.Carrier{{Name: "courier", Modes: route.Foot | route.Horse | route.Vehicle, Share: 1}}
	s.Countries = map[string]risk.CountryParams{
		"AAA": {GapBase: 0.02, HazardPerKm: 1e-5, Intensity: 1},
		"BBB": {GapBase: 0.08, HazardPerKm: 2e-5, Intensity: 1},
		"CCC": {GapBase: 0.05, HazardPerKm: 1e-5, Intensity: 1},
	}
	s.K = 12
	return s
}

// toyCorridorModel returns the toy corridor's model under toyRisk, built
// once.
func toyCorridorModel(tb testing.TB) *risk.Model {
	tb.Helper()
	toyOnce.Do(func() {
		t := &toy{b: route.NewBuilder(), nodes: map[string]int64{}}
		t.town(tb, "Origin", "AAA", 68.0, 37.0)
		t.town(tb, "Transit", "BBB", 68.0, 38.0)
		t.town(tb, "Market", "CCC", 68.0, 40.0)
		t.crossing(tb, "AAA-BBB-x1", "Origin", "Transit", 20, 0.02, orb.Point{67.8, 37.5})
		t.crossing(tb, "AAA-BBB-x2", "Origin", "Transit", 40, 0.02, orb.Point{68.0, 37.5})
		t.crossing(tb, "AAA-BBB-x3", "Origin", "Transit", 60, 0.02, orb.Point{68.2, 37.5})
		t.crossing(tb, "AAA-BBB-x4", "Origin", "Transit", 80, 0.02, orb.Point{68.3, 37.5})
		t.gap(tb, "AAA-BBB-000-0001", "Origin", "Transit", 40, 30, 30, orb.Point{68.4, 37.5})
		t.gap(tb, "AAA-BBB-000-0002", "Origin", "Transit", 60, 40, 40, orb.Point{68.6, 37.5})
		t.gap(tb, "AAA-BBB-000-0003", "Origin", "Transit", 70, 50, 35, orb.Point{68.8, 37.5})
		t.gap(tb, "AAA-BBB-000-0004", "Origin", "Transit", 90, 60, 50, orb.Point{69.0, 37.5})
		t.crossing(tb, "BBB-CCC-y", "Transit", "Market", 100, 0.03, orb.Point{68.0, 39.0})
		g, err := t.b.Graph().WithPlaces(
			[]route.Place{{Name: "Origin", Node: t.nodes["Origin"], Weight: 1}},
			[]route.Place{{Name: "Market", Node: t.nodes["Market"], Weight: 1}})
		if err != nil {
			toyErr = err
			return
		}
		t.c.Name = "toy"
		s := toyRisk()
		toyModel, toyErr = risk.New(g, &t.c, t.segs, &s)
	})
	if toyErr != nil {
		tb.Fatal(toyErr)
	}
	return toyModel
}

func TestToyModel(t *testing.T) {
	m := toyCorridorModel(t)
	r, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range r.Routes {
		t.Logf("%v P=%.4f cost=%.4f share=%.3f", rt.Via, rt.P, rt.Cost, rt.Share)
	}
}

// toyRun returns a run of the toy corridor's model under the defaults for
// the given number of months.
func toyRun(tb testing.TB, months int) *Simulation {
	tb.Helper()
	s := DefaultSettings()
	s.Months = months
	sim, err := Run(context.Background(), toyCorridorModel(tb), &s)
	if err != nil {
		tb.Fatal(err)
	}
	return sim
}
