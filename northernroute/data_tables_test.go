package northernroute

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/route"
)

var loadCorridor = sync.OnceValues(Corridor)

func mustCorridor(t testing.TB) *geo.Corridor {
	t.Helper()
	c, err := loadCorridor()
	if err != nil {
		t.Fatalf("Corridor: %v", err)
	}
	return c
}

// TestRailwayTowns checks that every town of the railway table is found
// among the settlements (railLines of a year after every opening resolves
// them all) and that each railway names its source.
func TestRailwayTowns(t *testing.T) {
	c := mustGeography(t)
	m := newTownMatcher(c.Settlements, matchKm)
	for _, r := range railways {
		if r.source == "" || r.opened == 0 {
			t.Errorf("railway %q: no source or opening year", r.name)
		}
		for _, tw := range r.towns {
			if _, err := m.find(tw, "railway "+r.name); err != nil {
				t.Error(err)
			}
		}
	}
	if _, err := railLines(newTownMatcher(c.Settlements, matchKm), 3000); err != nil {
		t.Fatal(err)
	}
}

// TestRailLinesYear checks that railLines leaves out the lines opened
// after the year asked, and splits each line into one run per country.
func TestRailLinesYear(t *testing.T) {
	c := mustGeography(t)
	before, err := railLines(newTownMatcher(c.Settlements, matchKm), 1880)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, r := range railways {
		if r.opened > 1880 {
			continue
		}
		runs, country := 0, ""
		n := 0
		for _, tw := range r.towns {
			if tw.country != country {
				if n >= 2 {
					runs++
				}
				country, n = tw.country, 0
			}
			n++
		}
		if n >= 2 {
			runs++
		}
		want += runs
	}
	if len(before) != want {
		t.Errorf("railLines(1880): %d lines, want %d", len(before), want)
	}
	all, err := railLines(newTownMatcher(c.Settlements, matchKm), BaselineYear)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) <= len(before) {
		t.Errorf("railLines(%d): %d lines, not more than the %d of 1880", BaselineYear, len(all), len(before))
	}
	for _, r := range all {
		if r.Class != "rail" || r.Country == "" || len(r.Line) < 2 {
			t.Errorf("railway %s (%s): class %q, country %q, %d points", r.ID, r.Name, r.Class, r.Country, len(r.Line))
		}
	}
}

var loadGraph = sync.OnceValues(func() (*route.Graph, error) {
	c, err := loadCorridor()
	if err != nil {
		return nil, err
	}
	segs, err := c.Segments(0)
	if err != nil {
		return nil, err
	}
	s := GraphSettings()
	return route.Build(c, segs, &s)
})

// TestRailCrossingsJoined checks that both sides of every open rail
// crossing of crossings.geojson are joined to the railway network, and
// that a train can go from Termez to Moscow on rail alone, across a
// Kazakhstan – Russia rail crossing.
func TestRailCrossingsJoined(t *testing.T) {
	c := mustCorridor(t)
	g, err := loadGraph()
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	railSides := map[string]int{}
	for i := range g.NumEdges() {
		e := g.EdgeAt(i)
		if e.Kind != route.EdgeRail {
			continue
		}
		for _, v := range []int64{e.From, e.To} {
			if n := g.NodeAt(v); n.Kind == route.NodeCrossingSide {
				railSides[n.Feature+"|"+n.Country]++
			}
		}
	}
	for _, x := range c.Crossings {
		if x.Mode != geo.ModeRail || x.Regime == geo.RegimeClosed {
			continue
		}
		for _, code := range []string{x.A, x.B} {
			if railSides[x.ID+"|"+code] == 0 {
				t.Errorf("rail crossing %s: the %s side is joined to no railway", x.ID, code)
			}
		}
	}
	from, ok1 := g.FindNode("Tirmiz")
	to, ok2 := g.FindNode("Moscow")
	if !ok1 || !ok2 {
		t.Fatalf("FindNode: Tirmiz %v, Moscow %v", ok1, ok2)
	}
	p, err := route.ShortestPath(g, from, to, route.Rail)
	if err != nil {
		t.Fatalf("Termez → Moscow by rail: %v", err)
	}
	kazRus := false
	for _, e := range p.Edges {
		ed := g.EdgeAt(e)
		if ed.Kind == route.EdgeCrossing && strings.HasPrefix(ed.Feature, "KAZ-RUS-") && strings.HasSuffix(ed.Feature, "-rail") {
			kazRus = true
		}
	}
	if !kazRus {
		t.Errorf("Termez → Moscow by rail crosses no Kazakhstan – Russia rail crossing")
	}
}

// TestPlacesWeights checks the origins and destinations: every town found,
// every weight positive and documented, origins summing to 1, and the
// markets' tonnes summing to the 2010 flows (heroin and opium).
func TestPlacesWeights(t *testing.T) {
	c := mustCorridor(t)
	if len(c.Origins) != len(originTowns) {
		t.Errorf("%d origins, want %d", len(c.Origins), len(originTowns))
	}
	var sum float64
	for _, o := range c.Origins {
		if !(o.Weight > 0) || o.Source == "" || o.Country != "AFG" {
			t.Errorf("origin %s: weight %v, country %s, source %q", o.Name, o.Weight, o.Country, o.Source)
		}
		sum += o.Weight
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("origin weights sum to %v, want 1", sum)
	}
	var tonnes float64
	countries := map[string]bool{}
	for _, d := range c.Destinations {
		if !(d.Weight > 0) || d.Source == "" {
			t.Errorf("destination %s: weight %v, source %q", d.Name, d.Weight, d.Source)
		}
		tonnes += d.Weight
		countries[d.Country] = true
	}
	if want := float64(FlowTonnes2010 + OpiumTonnes2010); math.Abs(tonnes-want) > 1e-9 {
		t.Errorf("destinations demand %.6f t, want the 2010 flows, %v t", tonnes, want)
	}
	for _, code := range []string{"KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS"} {
		if !countries[code] {
			t.Errorf("no market in %s", code)
		}
	}
}

// TestDemandsByHand checks demands against a hand computation: Dushanbe
// gets Tajikistan's share of injecting users (34,000 of 355,148) halved
// (two Tajik cities), of 11 t heroin and 34 t opium; Moscow gets 11.504 of
// the 24.863 million of the Russian cities, of the 79 t and 4 t left.
func TestDemandsByHand(t *testing.T) {
	ds := demands(90, 38)
	got := map[string]demand{}
	for _, d := range ds {
		got[d.name] = d
	}
	const users = 186000 + 44000 + 34000 + 11148 + 80000
	f := 34000.0 / users / 2
	if d := got["Dushanbe"]; math.Abs(d.heroin-11*f) > 1e-12 || math.Abs(d.opium-34*f) > 1e-12 {
		t.Errorf("Dushanbe: %v t heroin, %v t opium, want %v, %v", d.heroin, d.opium, 11*f, 34*f)
	}
	const pop = 11.504 + 4.880 + 1.474 + 1.350 + 1.165 + 1.154 + 1.144 + 1.130 + 1.062
	if d := got["Moscow"]; math.Abs(d.heroin-79*11.504/pop) > 1e-12 || math.Abs(d.opium-4*11.504/pop) > 1e-12 {
		t.Errorf("Moscow: %v t heroin, %v t opium, want %v, %v", d.heroin, d.opium, 79*11.504/pop, 4*11.504/pop)
	}
	// A flow smaller than Central Asia's consumption leaves Russia nothing.
	for _, d := range demands(5, 5) {
		if d.country == "RUS" && (d.heroin != 0 || d.opium != 0) {
			t.Errorf("demands(5, 5): %s gets %v t heroin, %v t opium, want 0", d.name, d.heroin, d.opium)
		}
	}
}
