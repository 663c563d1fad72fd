package route

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

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

// NorthernRouteForTest returns the Northern Route corridor and its graph
// settings; northernroute_test.go (package route_test, which may import
// northernroute) sets it, so that the tests of this package can use the
// real corridor without an import cycle.
var NorthernRouteForTest func() (*geo.Corridor, Settings, error)

// corridorGraph builds the Northern Route graph once.
func corridorGraph(t testing.TB) (*geo.Corridor, []geo.Segment, *Graph) {
	t.Helper()
	corridorOnce.Do(func() {
		o := &corridorOnce
		if NorthernRouteForTest == nil {
			o.err = errors.New("NorthernRouteForTest is not set (northernroute_test.go sets it)")
			return
		}
		var s Settings
		if o.c, s, o.err = NorthernRouteForTest(); o.err != nil {
			return
		}
		if o.segs, o.err = o.c.Segments(0); o.err != nil {
			return
		}
		o.g, o.err = Build(o.c, o.segs, &s)
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
	if got := len(g.Origins()); got != len(c.Origins) {
		t.Errorf("%d origins, want %d", got, len(c.Origins))
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
	kunduz, ok := g.FindNode("Kunduz")
	if !ok {
		t.Fatal("no Kunduz in the graph")
	}
	moscow, ok := g.FindNode("Moscow")
	if !ok {
		t.Fatal("no Moscow in the graph")
	}
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
				t.Errorf("%s: got %v, want ErrNoPath (no railway reaches Kunduz in 2010)", tc.name, err)
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
		passages, err := Passages(g, p)
		if err != nil {
			t.Fatal(err)
		}
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
