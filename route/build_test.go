package route

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/routerisk/routerisk/geo"
)

var corridorOnce struct {
	sync.Once
	c    *geo.Corridor
	segs []geo.Segment
	g    *Graph
	err  error
}

// corridorGraph builds the embedded Northern Route graph once.
func corridorGraph(t testing.TB) (*geo.Corridor, []geo.Segment, *Graph) {
	t.Helper()
	corridorOnce.Do(func() {
		o := &corridorOnce
		if o.c, o.err = geo.NorthernRoute(); o.err != nil {
			return
		}
		if o.segs, o.err = o.c.Segments(0); o.err != nil {
			return
		}
		o.g, o.err = Build(o.c, o.segs, nil)
	})
	if corridorOnce.err != nil {
		t.Fatal(corridorOnce.err)
	}
	return corridorOnce.c, corridorOnce.segs, corridorOnce.g
}

func TestBuildCorridor(t *testing.T) {
	c, segs, g := corridorGraph(t)
	kinds := map[NodeKind]int{}
	for v := 0; v < g.NumNodes(); v++ {
		kinds[g.NodeAt(int64(v)).Kind]++
	}
	sides := 0
	for _, x := range c.Crossings {
		if x.Regime == geo.RegimeClosed {
			continue
		}
		if x.B == "" {
			sides++
		} else {
			sides += 2
		}
	}
	if kinds[NodeSettlement] != len(c.Settlements) || kinds[NodeGap] != len(segs) || kinds[NodeCrossingSide] != sides {
		t.Errorf("nodes by kind %v; want %d settlements, %d gaps, %d crossing sides", kinds, len(c.Settlements), len(segs), sides)
	}
	ekinds := map[EdgeKind]int{}
	for e := 0; e < g.NumEdges(); e++ {
		ed := g.EdgeAt(e)
		ekinds[ed.Kind]++
		if !geo.IsCountryCode(ed.Country) || (ed.Country2 != "" && !geo.IsCountryCode(ed.Country2)) {
			t.Fatalf("edge %d: countries %q, %q", e, ed.Country, ed.Country2)
		}
		switch ed.Kind {
		case EdgeCrossing, EdgeFerry:
			if ed.Country2 == "" || ed.Country2 == ed.Country || ed.Feature == "" {
				t.Fatalf("edge %d (%v): countries %q→%q, feature %q", e, ed.Kind, ed.Country, ed.Country2, ed.Feature)
			}
		case EdgeGap:
			into := g.NodeAt(ed.To).Kind == NodeGap
			if ed.Modes&(Foot|Horse) != Foot|Horse || ed.Modes&(Truck|Rail|Ferry) != 0 || into != (ed.Country2 != "") {
				t.Fatalf("gap edge %d: modes %v, into gap %v, country2 %q", e, ed.Modes, into, ed.Country2)
			}
			if ed.Modes&Vehicle != 0 && !strings.HasPrefix(ed.Feature, "KAZ-") {
				t.Fatalf("gap edge %d on %s lets vehicles through", e, ed.Feature)
			}
		case EdgeRoad:
			if ed.Feature == "" {
				t.Fatalf("road edge %d has no highway name", e)
			}
		}
		if !(ed.LengthKm >= 0) || !(ed.Hours >= 0) || len(ed.Line) < 2 {
			t.Fatalf("edge %d: length %v, hours %v, line %v", e, ed.LengthKm, ed.Hours, ed.Line)
		}
	}
	for _, k := range []EdgeKind{EdgeRoad, EdgeLocal, EdgeCrossing, EdgeGap, EdgeFerry} {
		if ekinds[k] == 0 {
			t.Errorf("no %v edges", k)
		}
	}
	if got := len(g.Origins()); got != len(DefaultOrigins) {
		t.Errorf("%d origins, want %d", got, len(DefaultOrigins))
	}
	for _, p := range append(g.Origins(), g.Destinations()...) {
		if n := g.NodeAt(p.Node); n.Name != p.Name || n.Kind != NodeSettlement {
			t.Errorf("place %q is node %v", p.Name, n)
		}
	}
	// Every settlement reaches Moscow and is reached from Kunduz.
	kunduz, moscow := g.Origins()[0].Node, g.Destinations()[0].Node
	fromK, _ := ShortestFrom(g, kunduz, AllModes)
	for v := 0; v < len(c.Settlements); v++ {
		if math.IsInf(fromK.Dist(int64(v)), 1) {
			t.Errorf("settlement %s (%s) is not reachable from Kunduz", c.Settlements[v].Name, c.Settlements[v].Country)
		}
	}
	if math.IsInf(fromK.Dist(moscow), 1) {
		t.Fatal("Moscow is not reachable from Kunduz")
	}
}

func TestCorridorRoutes(t *testing.T) {
	_, _, g := corridorGraph(t)
	kunduz, moscow := g.Origins()[0].Node, g.Destinations()[0].Node
	for _, tc := range []struct {
		name  string
		modes Modes
		ban   func(e Edge) bool
	}{
		{"any", AllModes, func(Edge) bool { return false }},
		{"foot never takes a ferry", Foot, func(e Edge) bool { return e.Kind == EdgeFerry || e.Modes&Foot == 0 }},
		{"truck keeps to roads and crossings", Truck, func(e Edge) bool { return e.Kind == EdgeGap || e.Kind == EdgeFerry }},
		{"rail and ferry only", Rail | Ferry, func(e Edge) bool { return e.Modes&(Rail|Ferry) == 0 }},
	} {
		p, err := ShortestPath(g, kunduz, moscow, tc.modes)
		if tc.modes == Rail|Ferry {
			if !errors.Is(err, ErrNoPath) {
				t.Errorf("%s: got %v, want ErrNoPath (no railways in the default network)", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		checkPath(t, g, p, []int64{kunduz}, []int64{moscow}, tc.modes)
		border := 0
		for _, e := range p.Edges {
			ed := g.EdgeAt(e)
			if tc.ban(ed) {
				t.Errorf("%s: uses edge %d (%v, %v)", tc.name, e, ed.Kind, ed.Modes)
			}
			if ed.Country2 != "" {
				border++
			}
		}
		passages := Passages(g, p)
		if len(passages) < 2 || passages[0].From != "AFG" || passages[len(passages)-1].To != "RUS" {
			t.Errorf("%s: passages %+v", tc.name, passages)
		}
		for i := 1; i < len(passages); i++ {
			if passages[i].From != passages[i-1].To {
				t.Errorf("%s: passage %d leaves %s, the one before entered %s", tc.name, i, passages[i].From, passages[i-1].To)
			}
		}
		if border < 2 || p.LengthKm < 2500 || p.LengthKm > 6000 {
			t.Errorf("%s: %d border passages, %.0f km", tc.name, border, p.LengthKm)
		}
	}
}

// TestCorridorAgreesWithGonum compares Dijkstra from Kunduz and the k best
// routes Kunduz → Dushanbe with gonum's on the corridor graph.
func TestCorridorAgreesWithGonum(t *testing.T) {
	_, _, g := corridorGraph(t)
	kunduz := g.Origins()[0].Node
	dushanbe, ok := g.FindNode("Dushanbe")
	if !ok {
		t.Fatal("no Dushanbe")
	}
	ours, _ := ShortestFrom(g, kunduz, AllModes)
	theirs := path.DijkstraFrom(simple.Node(kunduz), g)
	for v := int64(0); v < int64(g.NumNodes()); v++ {
		if a, b := ours.Dist(v), theirs.WeightTo(v); !near(a, b) {
			t.Fatalf("dist to %d: %v, gonum %v", v, a, b)
		}
	}
	const k = 6
	yen := path.YenKShortestPaths(g, k, math.Inf(1), simple.Node(kunduz), simple.Node(dushanbe))
	ks, err := KShortest(g, []int64{kunduz}, []int64{dushanbe}, k, AllModes)
	if err != nil || len(ks) != len(yen) {
		t.Fatalf("%d paths (%v), gonum %d", len(ks), err, len(yen))
	}
	for i, p := range ks {
		checkPath(t, g, p, []int64{kunduz}, []int64{dushanbe}, AllModes)
		if w := pathWeight(g, yen[i]); !near(p.Weight, w) {
			t.Errorf("path %d: %v km, gonum %v", i, p.Weight, w)
		}
	}
}

func TestCorridorCutAndBetweenness(t *testing.T) {
	_, _, g := corridorGraph(t)
	caps := BorderCapacities(g, 1, 1, 1)
	cut, err := MinCut(g, g.OriginNodes(), g.DestinationNodes(), caps)
	if err != nil {
		t.Fatal(err)
	}
	if cut.Value <= 0 || int(cut.Value) != len(cut.Edges) || len(cut.Lines) != len(cut.Edges) {
		t.Fatalf("cut %v with %d edges", cut.Value, len(cut.Edges))
	}
	w := g.Weights()
	for _, e := range cut.Edges {
		if k := g.EdgeAt(e).Kind; k != EdgeCrossing && k != EdgeGap && k != EdgeFerry {
			t.Fatalf("cut edge %d is a %v", e, k)
		}
		w[e] = math.Inf(1)
	}
	h, _ := g.WithWeights(w)
	if _, err := ShortestBetween(h, g.OriginNodes(), g.DestinationNodes(), AllModes); !errors.Is(err, ErrNoPath) {
		t.Fatalf("closing the cut leaves a route: %v", err)
	}
	bt := ODBetweenness(g, AllModes)
	var border float64
	for e, x := range bt {
		if k := g.EdgeAt(e).Kind; x > 0 && (k == EdgeCrossing || k == EdgeGap) {
			border += x
		}
	}
	if border <= 0 {
		t.Error("no border edge carries an origin–destination route")
	}
}

func TestBuildErrors(t *testing.T) {
	c := tinyCorridor()
	tests := []struct {
		name string
		mod  func(c *geo.Corridor, s *Settings)
		want error
		text string
	}{
		{"unknown highway town", func(c *geo.Corridor, s *Settings) {
			s.Highways = []Highway{{Name: "M99", Kind: EdgeRoad, Towns: []Town{{Name: "Atlantis", Country: "KAZ"}}}}
		}, ErrUnknownTown, `highway M99: "Atlantis" (KAZ)`},
		{"namesake too far", func(c *geo.Corridor, s *Settings) {
			s.Origins = []Town{{Name: "Alpha", Country: "KAZ", Near: orb.Point{70, 50}}}
		}, ErrUnknownTown, "from the position given"},
		{"bad circuity", func(c *geo.Corridor, s *Settings) { s.RoadCircuity = 0.5 }, ErrBadSettings, "RoadCircuity"},
		{"bad speed", func(c *geo.Corridor, s *Settings) { s.FerryKmh = -3 }, ErrBadSettings, "FerryKmh"},
		{"bad crossing mode", func(c *geo.Corridor, s *Settings) { c.Crossings[0].Mode = "zeppelin" }, ErrBadEdge, `"X1"`},
		{"NaN settlement", func(c *geo.Corridor, s *Settings) { c.Settlements[4].Point[1] = math.NaN() }, ErrBadParameter, `settlement 4 ("e")`},
		{"unknown ferry port", func(c *geo.Corridor, s *Settings) { s.Ferries = [][2]string{{"P1", "nowhere"}} }, ErrBadSettings, "nowhere"},
	}
	for _, tc := range tests {
		c := tinyCorridor()
		s := &Settings{Highways: []Highway{}, Origins: []Town{}, Destinations: []Town{}}
		tc.mod(c, s)
		_, err := Build(c, nil, s)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%s: got %v, want %v mentioning %q", tc.name, err, tc.want, tc.text)
		}
	}
	if _, err := Build(c, nil, &Settings{Highways: []Highway{}}); !errors.Is(err, ErrUnknownTown) {
		t.Errorf("default places on a corridor without them: got %v", err)
	}
}

// tinyCorridor is two countries, three towns a side, one road crossing,
// two ports and one border segment.
func tinyCorridor() *geo.Corridor {
	return &geo.Corridor{
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
	}
}

func TestBuildTiny(t *testing.T) {
	c := tinyCorridor()
	seg := geo.Segment{ID: "KAZ-UZB-000-0000", A: "KAZ", B: "UZB", Line: orb.LineString{{60.2, 45}, {60.6, 45}}, Mid: orb.Point{60.4, 45}}
	s := &Settings{
		Highways:        []Highway{{Name: "H1", Kind: EdgeRoad, Towns: []Town{{Name: "alpha", Country: "KAZ"}, {Name: "Charlie", Country: "KAZ"}, {Name: "Delta", Country: "UZB"}, {Name: "Foxtrot", Country: "UZB"}}}},
		Origins:         []Town{{Name: "Charlie", Country: "KAZ", Weight: 1}},
		Destinations:    []Town{{Name: "Fxtrot", Country: "UZB", Near: orb.Point{61, 44.9}, Weight: 2}},
		LocalLinks:      -1,
		VehicleGapPairs: []string{},
	}
	g, err := Build(c, []geo.Segment{seg}, s)
	if err != nil {
		t.Fatal(err)
	}
	// The folded name "alpha" and the misspelt "Fxtrot" are found.
	if o, d := g.Origins()[0], g.Destinations()[0]; o.Node != 2 || d.Node != 5 || d.Weight != 2 {
		t.Fatalf("places %v, %v", o, d)
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
		case ed.Kind == EdgeFerry:
			hasFerry = true
			if want := g.NodeAt(ed.To).Feature; ed.Feature != want || ed.Modes != Ferry {
				t.Errorf("ferry edge %d: feature %q (want %q), modes %v", e, ed.Feature, want, ed.Modes)
			}
		case ed.Kind == EdgeGap:
			hasGap = true
			if ed.Modes != Foot|Horse {
				t.Errorf("gap edge %d on KAZ-UZB: modes %v, want foot|horse", e, ed.Modes)
			}
		}
	}
	if !hasH1 || !hasFerry || !hasGap {
		t.Errorf("highway %v, ferry %v, gap %v", hasH1, hasFerry, hasGap)
	}
	// Vehicles cannot cross: only the crossing or the ferry.
	p, err := ShortestPath(g, 2, 5, Vehicle|Truck)
	if err != nil {
		t.Fatal(err)
	}
	crossed := false
	for _, e := range p.Edges {
		if g.EdgeAt(e).Kind == EdgeCrossing {
			crossed = true
		}
	}
	if !crossed {
		t.Errorf("vehicle route %v does not use the crossing", p.Nodes)
	}
}

// TestBuildRoadLayer builds from a user's road layer: junctions at the ends
// and at shared vertices, settlements linked to their nearest junctions.
func TestBuildRoadLayer(t *testing.T) {
	c := tinyCorridor()
	c.Roads = []geo.Road{
		{ID: "r1", Name: "R1", Country: "KAZ", Line: orb.LineString{{60, 45.25}, {60.3, 45.35}, {61, 45.15}}},
		{ID: "r2", Name: "R2", Country: "KAZ", Line: orb.LineString{{60.3, 45.35}, {60.3, 45.6}}},
		{ID: "r3", Name: "", Country: "UZB", Line: orb.LineString{{60, 44.75}, {61, 44.85}}},
	}
	g, err := Build(c, nil, &Settings{Origins: []Town{}, Destinations: []Town{}})
	if err != nil {
		t.Fatal(err)
	}
	junctions := 0
	for v := 0; v < g.NumNodes(); v++ {
		if g.NodeAt(int64(v)).Kind == NodeJunction {
			junctions++
		}
	}
	// r1: 3 junctions (ends + shared vertex), r2: 1 more end, r3: 2 ends.
	if junctions != 6 {
		t.Errorf("%d junctions, want 6", junctions)
	}
	p, err := ShortestPath(g, 0, 2, RoadModes)
	if err != nil {
		t.Fatal(err)
	}
	usesRoad := false
	for _, e := range p.Edges {
		ed := g.EdgeAt(e)
		if ed.Kind == EdgeRoad && ed.Feature == "R1" {
			usesRoad = true
			if len(ed.Line) < 2 {
				t.Errorf("road edge %d has line %v", e, ed.Line)
			}
		}
	}
	if !usesRoad {
		t.Errorf("route Alpha → Charlie %v does not follow R1", p.Nodes)
	}
	bad := tinyCorridor()
	bad.Roads = []geo.Road{{ID: "r9", Country: "KAZ", Line: orb.LineString{{60, 45}}}}
	if _, err := Build(bad, nil, &Settings{Origins: []Town{}, Destinations: []Town{}}); !errors.Is(err, ErrBadEdge) || !strings.Contains(err.Error(), "r9") {
		t.Errorf("one-point road: got %v", err)
	}
}

func TestFoldAndEditDistance(t *testing.T) {
	for in, want := range map[string]string{"Mazār-e Sharīf": "mazaresharif", "G‘uzor": "guzor", "Kŭlob": "kulob", "Imām Şāḩib": "imamsahib", "Türkmenbaşy": "turkmenbasy"} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
	if d := editDistance("kunduz", "kondoz"); d != 2 {
		t.Errorf("editDistance = %d, want 2", d)
	}
}
