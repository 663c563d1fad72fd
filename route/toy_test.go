package route

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// tinyCorridor is two countries, three towns a side, one road crossing,
// two ports, an origin at Charlie and a destination near Foxtrot.
func tinyCorridor() *geo.Corridor {
	return &geo.Corridor{
		Name: "tiny",
		Settlements: []geo.Settlement{
			{ID: "a", Name: "Alpha", Country: "KAZ", Point: orb.Point{60, 45.2}},
			{ID: "b", Name: "Bravo", Country: "KAZ", Point: orb.Point{60.3, 45.3}},
			{ID: "c", Name: "Charlie", Country: "KAZ", Point: orb.Point{61, 45.1}},
			{ID: "d", Name: "Delta", Country: "UZB", Point: orb.Point{60, 44.8}},
			{ID: "e", Name: "Echo", Country: "UZB", Point: orb.Point{60.4, 44.7}},
			{ID: "f", Name: "Foxtrot", Country: "UZB", Point: orb.Point{61, 44.9}},
		},
		Crossings: []geo.Crossing{
			{ID: "X1", Name: "Alpha–Delta", A: "KAZ", B: "UZB", Point: orb.Point{60, 45}, Mode: geo.ModeRoad, Regime: geo.RegimeFull},
			{ID: "P1", Name: "Port C", A: "KAZ", Point: orb.Point{61.1, 45.1}, Mode: geo.ModeFerry, Regime: geo.RegimeFull},
			{ID: "P2", Name: "Port F", A: "UZB", Point: orb.Point{61.1, 44.9}, Mode: geo.ModeFerry, Regime: geo.RegimeFull},
		},
		Origins:      []geo.Place{{ID: "o1", Name: "Charlie", Country: "KAZ", Point: orb.Point{61.01, 45.1}, Weight: 1}},
		Destinations: []geo.Place{{ID: "d1", Name: "Fxtrot", Country: "UZB", Point: orb.Point{61.05, 44.92}, Weight: 2}},
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name string
		mod  func(c *geo.Corridor, s *Settings)
		want error
		text string
	}{
		{"no origins", func(c *geo.Corridor, s *Settings) { c.Origins = nil }, ErrNoPlaces, "fill Corridor.Origins (origins.geojson"},
		{"no destinations", func(c *geo.Corridor, s *Settings) { c.Destinations = nil }, ErrNoPlaces, "fill Corridor.Destinations"},
		{"place too far", func(c *geo.Corridor, s *Settings) { c.Origins[0].Point = orb.Point{70, 50} }, ErrUnknownPlace, `origins 0 ("o1"): no settlement of KAZ within 50 km`},
		{"place in a country without settlements", func(c *geo.Corridor, s *Settings) { c.Destinations[0].Country = "TJK" }, ErrUnknownPlace, `destinations 0 ("d1")`},
		{"negative weight", func(c *geo.Corridor, s *Settings) { c.Origins[0].Weight = -1 }, ErrBadParameter, "weight -1"},
		{"zero settings", func(c *geo.Corridor, s *Settings) { *s = Settings{} }, ErrBadSettings, "start from DefaultSettings"},
		{"bad circuity", func(c *geo.Corridor, s *Settings) { s.RoadCircuity = 0.5 }, ErrBadSettings, "RoadCircuity"},
		{"bad speed", func(c *geo.Corridor, s *Settings) { s.FerryKmh = -3 }, ErrBadSettings, "FerryKmh"},
		{"bad class speed", func(c *geo.Corridor, s *Settings) { s.ClassKmh["track"] = math.NaN() }, ErrBadSettings, `ClassKmh["track"]`},
		{"gap pair not sorted", func(c *geo.Corridor, s *Settings) { s.VehicleGapPairs = []string{"UZB-KAZ"} }, ErrBadSettings, `"UZB-KAZ"`},
		{"bad crossing mode", func(c *geo.Corridor, s *Settings) { c.Crossings[0].Mode = "zeppelin" }, ErrBadEdge, `"X1"`},
		{"NaN settlement", func(c *geo.Corridor, s *Settings) { c.Settlements[4].Point[1] = math.NaN() }, ErrBadParameter, `settlement 4 ("e")`},
		{"unknown ferry port", func(c *geo.Corridor, s *Settings) { s.Ferries = [][2]string{{"P1", "nowhere"}} }, ErrBadSettings, "nowhere"},
		{"one-point road", func(c *geo.Corridor, s *Settings) {
			c.Roads = []geo.Road{{ID: "r9", Country: "KAZ", Line: orb.LineString{{60, 45}}}}
		}, ErrBadEdge, `roads 0 ("r9"): a line of 1 points`},
		{"NaN railway point", func(c *geo.Corridor, s *Settings) {
			c.Railways = []geo.Road{{ID: "rw", Country: "KAZ", Line: orb.LineString{{60, 45}, {math.NaN(), 45}}}}
		}, ErrBadEdge, `railways 0 ("rw"): point 1`},
	}
	for _, tc := range tests {
		c := tinyCorridor()
		s := DefaultSettings()
		tc.mod(c, &s)
		_, err := Build(c, nil, &s)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%s: got %v, want %v mentioning %q", tc.name, err, tc.want, tc.text)
		}
	}
	if _, err := Build(nil, nil, nil); !errors.Is(err, ErrBadParameter) {
		t.Errorf("nil corridor: got %v", err)
	}
}

func TestBuildTiny(t *testing.T) {
	c := tinyCorridor()
	// A trunk road through the towns, split at the border as
	// northernroute's table is: one line per country.
	c.Roads = []geo.Road{
		{ID: "h1a", Name: "H1", Country: "KAZ", Class: "trunk", Line: orb.LineString{{60, 45.2}, {61, 45.1}}},
		{ID: "h1b", Name: "H1", Country: "UZB", Class: "trunk", Line: orb.LineString{{60, 44.8}, {61, 44.9}}},
	}
	seg := geo.Segment{ID: "KAZ-UZB-000-0000", A: "KAZ", B: "UZB", Line: orb.LineString{{60.2, 45}, {60.6, 45}}, Mid: orb.Point{60.4, 45}}
	s := DefaultSettings()
	s.LocalLinks = 0
	g, err := Build(c, []geo.Segment{seg}, &s)
	if err != nil {
		t.Fatal(err)
	}
	// The origin by name; the misspelt destination by the nearest
	// settlement of its country.
	if o, d := g.Origins()[0], g.Destinations()[0]; o.Node != 2 || d.Node != 5 || d.Weight != 2 || d.Name != "Fxtrot" {
		t.Fatalf("places %+v, %+v", o, d)
	}
	// The road ends lie on settlements: no junction, and the H1 edge runs
	// Alpha → Charlie at 60 km/h (trunk) over its geodesic length.
	for v := 0; v < g.NumNodes(); v++ {
		if g.NodeAt(int64(v)).Kind == NodeJunction {
			t.Errorf("node %d is a junction", v)
		}
	}
	var hasH1, hasFerry, hasGap bool
	for e := 0; e < g.NumEdges(); e++ {
		ed := g.EdgeAt(e)
		switch {
		case ed.Kind == EdgeRoad && ed.Feature == "H1":
			hasH1 = true
			if ed.Country != g.NodeAt(ed.From).Country || g.NodeAt(ed.From).Country != g.NodeAt(ed.To).Country {
				t.Errorf("highway link %d crosses the border", e)
			}
			want := geo.DistanceKm(g.NodeAt(ed.From).Point, g.NodeAt(ed.To).Point)
			if !near(ed.LengthKm, want) || !near(ed.Hours, want/60) {
				t.Errorf("H1 edge %d: %v km, %v h; want %v km, %v h", e, ed.LengthKm, ed.Hours, want, want/60)
			}
		case ed.Kind == EdgeFerry:
			hasFerry = true
			if want := g.NodeAt(ed.To).Feature; ed.Feature != want || ed.Modes != Ferry {
				t.Errorf("ferry edge %d: feature %q (want %q), modes %v", e, ed.Feature, want, ed.Modes)
			}
		case ed.Kind == EdgeGap:
			hasGap = true
			if ed.Modes != Foot|Horse {
				t.Errorf("gap edge %d on KAZ-UZB: modes %v, want foot|horse (no vehicle pairs by default)", e, ed.Modes)
			}
		}
	}
	if !hasH1 || !hasFerry || !hasGap {
		t.Errorf("highway %v, ferry %v, gap %v", hasH1, hasFerry, hasGap)
	}
	// Vehicles cannot cross a gap: only the crossing or the ferry.
	p, err := ShortestPath(g, 2, 5, Vehicle|Truck)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range p.Edges {
		if g.EdgeAt(e).Kind == EdgeGap {
			t.Errorf("vehicle route %v crosses a gap", p.Nodes)
		}
	}
	// Every settlement is reachable by road within its country (the
	// spanning-forest join), with no local links.
	tr, _ := ShortestFrom(g, 0, RoadModes)
	for _, v := range []int64{1, 2} {
		if math.IsInf(tr.Dist(v), 1) {
			t.Errorf("settlement %d unreachable from Alpha by road", v)
		}
	}
}

// crossCorridor is one country with two roads in an X: W–E (primary) and
// S–N (track), crossing at (60.5, 45) without a shared vertex, with a
// settlement at each end.
func crossCorridor() *geo.Corridor {
	return &geo.Corridor{
		Name: "cross",
		Settlements: []geo.Settlement{
			{ID: "w", Name: "West", Country: "KAZ", Point: orb.Point{60, 45}},
			{ID: "e", Name: "East", Country: "KAZ", Point: orb.Point{61, 45}},
			{ID: "s", Name: "South", Country: "KAZ", Point: orb.Point{60.5, 44.6}},
			{ID: "n", Name: "North", Country: "KAZ", Point: orb.Point{60.5, 45.4}},
		},
		Roads: []geo.Road{
			{ID: "we", Name: "WE", Country: "KAZ", Class: "primary", Line: orb.LineString{{60, 45}, {61, 45}}},
			{ID: "sn", Name: "SN", Country: "KAZ", Class: "track", Line: orb.LineString{{60.5, 44.6}, {60.5, 45.4}}},
		},
		Origins:      []geo.Place{{Name: "West", Country: "KAZ", Point: orb.Point{60, 45}, Weight: 1}},
		Destinations: []geo.Place{{Name: "North", Country: "KAZ", Point: orb.Point{60.5, 45.4}, Weight: 1}},
	}
}

func TestNodingCrossingLines(t *testing.T) {
	s := DefaultSettings()
	s.LocalLinks, s.ConnectKm = 0, 0 // roads only
	g, err := Build(crossCorridor(), nil, &s)
	if err != nil {
		t.Fatal(err)
	}
	// By hand: 4 settlements + 1 junction at the crossing; 4 road pieces,
	// both ways.
	if g.NumNodes() != 5 || g.NumEdges() != 8 {
		t.Fatalf("%d nodes, %d edges; want 5, 8", g.NumNodes(), g.NumEdges())
	}
	j := g.NodeAt(4)
	if j.Kind != NodeJunction || math.Abs(j.Point[0]-60.5) > 1e-12 || math.Abs(j.Point[1]-45) > 1e-12 {
		t.Fatalf("node 4 = %+v, want the junction at (60.5, 45)", j)
	}
	p, err := ShortestPath(g, 0, 3, RoadModes)
	if err != nil {
		t.Fatal(err)
	}
	wj := geo.DistanceKm(orb.Point{60, 45}, orb.Point{60.5, 45})
	jn := geo.DistanceKm(orb.Point{60.5, 45}, orb.Point{60.5, 45.4})
	if len(p.Nodes) != 3 || p.Nodes[1] != 4 || !near(p.LengthKm, wj+jn) || !near(p.Hours, wj/50+jn/15) {
		t.Errorf("West → North: nodes %v, %v km, %v h; want via 4, %v km, %v h (primary 50, track 15 km/h)",
			p.Nodes, p.LengthKm, p.Hours, wj+jn, wj/50+jn/15)
	}
	// A posted speed wins over the class.
	c := crossCorridor()
	c.Roads[1].MaxSpeedKmh = 30
	g2, err := Build(c, nil, &s)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := ShortestPath(g2, 0, 3, RoadModes); err != nil || !near(p.Hours, wj/50+jn/30) {
		t.Errorf("with maxspeed 30: %v h (%v), want %v", p.Hours, err, wj/50+jn/30)
	}
	// Schematic lines are not noded: no way from West to North by road.
	s.NodeCrossings = false
	g3, err := Build(crossCorridor(), nil, &s)
	if err != nil {
		t.Fatal(err)
	}
	if g3.NumNodes() != 4 {
		t.Errorf("without noding: %d nodes, want 4", g3.NumNodes())
	}
	if _, err := ShortestPath(g3, 0, 3, RoadModes); !errors.Is(err, ErrNoPath) {
		t.Errorf("without noding: got %v, want ErrNoPath", err)
	}
}

func TestRoadCountryFromSettlements(t *testing.T) {
	// A road with no country runs from West (KAZ) into UZB: it is split
	// where its vertices' nearest settlements change country, and no road
	// edge crosses the border.
	c := crossCorridor()
	c.Settlements = append(c.Settlements, geo.Settlement{ID: "u", Name: "Urgut", Country: "UZB", Point: orb.Point{62, 45}})
	c.Roads = []geo.Road{{ID: "x", Line: orb.LineString{{60, 45}, {60.5, 45}, {61, 45}, {61.9, 45}, {62, 45}}}}
	s := DefaultSettings()
	s.LocalLinks, s.ConnectKm = 0, 0
	g, err := Build(c, nil, &s)
	if err != nil {
		t.Fatal(err)
	}
	kaz, uzb := 0, 0
	for e := 0; e < g.NumEdges(); e++ {
		ed := g.EdgeAt(e)
		if ed.Kind != EdgeRoad {
			continue
		}
		if g.NodeAt(ed.From).Country != ed.Country || g.NodeAt(ed.To).Country != ed.Country {
			t.Errorf("road edge %d (%s) joins %s and %s", e, ed.Country, g.NodeAt(ed.From).Country, g.NodeAt(ed.To).Country)
		}
		switch ed.Country {
		case "KAZ":
			kaz++
		case "UZB":
			uzb++
		}
	}
	// KAZ: West–(60.5, 45)–East, the middle vertex a junction because
	// South and North join it; UZB: (61.9, 45)–Urgut. Both ways.
	if kaz != 4 || uzb != 2 {
		t.Errorf("%d KAZ and %d UZB road edges, want 4 and 2", kaz, uzb)
	}
}

func TestRailNetwork(t *testing.T) {
	// Railways Alpha – (60.5, 45.25) – Charlie in KAZ and Delta – Foxtrot in
	// UZB, a rail crossing near Alpha/Delta and no road crossing: rail
	// reaches Foxtrot from Charlie, road modes do not. Bravo, 4 km from the
	// railway's middle vertex, is a station.
	c := tinyCorridor()
	c.Crossings = []geo.Crossing{{ID: "R1", Name: "rail", A: "KAZ", B: "UZB", Point: orb.Point{60, 45}, Mode: geo.ModeRail, Regime: geo.RegimeFull}}
	c.Settlements[1].Point = orb.Point{60.5, 45.286}
	c.Railways = []geo.Road{
		{ID: "k", Country: "KAZ", Class: "rail", Line: orb.LineString{{60, 45.2}, {60.5, 45.25}, {61, 45.1}}},
		{ID: "u", Country: "UZB", Class: "rail", Line: orb.LineString{{60, 44.8}, {61, 44.9}}},
	}
	g, err := Build(c, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ShortestPath(g, 2, 5, Rail)
	if err != nil {
		t.Fatal(err)
	}
	crossed := false
	for _, e := range p.Edges {
		ed := g.EdgeAt(e)
		if ed.Kind != EdgeRail && ed.Kind != EdgeCrossing || ed.Modes != Rail {
			t.Errorf("rail route uses edge %d (%v, %v)", e, ed.Kind, ed.Modes)
		}
		crossed = crossed || ed.Kind == EdgeCrossing && ed.Feature == "R1"
	}
	if !crossed {
		t.Errorf("rail route %v does not cross at R1", p.Nodes)
	}
	if _, err := ShortestPath(g, 2, 5, RoadModes); !errors.Is(err, ErrNoPath) {
		t.Errorf("road modes across a rail-only border: got %v, want ErrNoPath", err)
	}
	if _, err := ShortestPath(g, 1, 2, Rail); err != nil {
		t.Errorf("Bravo is not a station: %v", err)
	}
}

func TestPlaceAttachment(t *testing.T) {
	c := tinyCorridor()
	// Nearer to Bravo, but named Alpha and within MatchKm of it: Alpha.
	c.Origins = []geo.Place{{Name: "Alpha", Country: "KAZ", Point: orb.Point{60.28, 45.3}, Weight: 3}}
	g, err := Build(c, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if o := g.Origins()[0]; o.Node != 0 || o.Weight != 3 {
		t.Errorf("origin %+v, want node 0 (Alpha) with weight 3", o)
	}
	// An unknown name takes the nearest settlement of its country.
	c.Origins[0].Name = "Zulu"
	if g, err = Build(c, nil, nil); err != nil || g.Origins()[0].Node != 1 {
		t.Errorf("unnamed origin: %v, %v; want node 1 (Bravo)", g.Origins(), err)
	}
}
