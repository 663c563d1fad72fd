package risk

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/route"
)

var corridorOnce struct {
	sync.Once
	g    *route.Graph
	c    *geo.Corridor
	segs []geo.Segment
	err  error
}

// northernRoute returns the embedded corridor, its segments and its graph,
// built once.
func northernRoute(t *testing.T) (*route.Graph, *geo.Corridor, []geo.Segment) {
	t.Helper()
	if testing.Short() {
		t.Skip("the embedded corridor: not in -short mode")
	}
	o := &corridorOnce
	o.Do(loadCorridor)
	if o.err != nil {
		t.Fatal(o.err)
	}
	return o.g, o.c, o.segs
}

func loadCorridor() {
	o := &corridorOnce
	if o.c, o.err = geo.NorthernRoute(); o.err != nil {
		return
	}
	if o.segs, o.err = o.c.Segments(0); o.err != nil {
		return
	}
	o.g, o.err = route.Build(o.c, o.segs, nil)
}

func TestNorthernRouteScenarios(t *testing.T) {
	g, c, segs := northernRoute(t)
	// Three origins and three destinations keep the test quick (9 of the
	// 72 pairs), the race detector on.
	g, err := g.WithPlaces(g.Origins()[:3], g.Destinations()[:3])
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(g, c, segs, nil)
	if err != nil {
		t.Fatal(err)
	}
	base, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, m, base, 0)
	if base.UnroutedTonnes != 0 {
		t.Errorf("unrouted %v t: %v", base.UnroutedTonnes, base.Unrouted)
	}
	// Every shipment leaves Afghanistan and nearly all of it crosses
	// Kazakhstan, the only land link to Russia (the rest: Caspian ferries).
	afg, _ := base.Country("AFG")
	kaz, _ := base.Country("KAZ")
	if math.Abs(afg.InflowTonnes-DefaultFlowTonnes) > 1e-9 || kaz.InflowTonnes < 0.8*DefaultFlowTonnes {
		t.Errorf("inflow AFG %v t, KAZ %v t", afg.InflowTonnes, kaz.InflowTonnes)
	}
	t.Logf("baseline: %.0f kg seized of %.0f t; KAZ inflow %.1f t", base.SeizedKg(), base.RoutedTonnes(), kaz.InflowTonnes)

	run := func(s Settings) *Result {
		ms, err := m.With(&s)
		if err != nil {
			t.Fatal(err)
		}
		r, err := ms.Run()
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, ms, r, 1)
		return r
	}
	cu := run(CustomsUnion2011())
	if rus, _ := cu.Country("RUS"); rus.CrossingKg != 0 {
		t.Errorf("Customs Union: Russia seizes %v kg at crossings, want 0", rus.CrossingKg)
	}
	tir := run(TIRTransit())
	for _, r := range tir.Routes {
		if r.Carrier != "truck" {
			continue
		}
		pa, _ := m.PathProb("truck", r.Path.Edges)
		intoKaz := false
		for _, x := range r.Crossings {
			if strings.Contains(x, "KAZ-") && !strings.HasPrefix(x, "KAZ-RUS") {
				intoKaz = true
			}
		}
		if intoKaz && !(r.P < pa) {
			t.Errorf("TIR: truck route via %v: P %v, baseline %v: want lower", r.Crossings, r.P, pa)
		}
	}
	prog := run(Programme2012())
	cmp, err := Compare(cu, prog)
	if err != nil {
		t.Fatal(err)
	}
	before, after := southFlow(cmp)
	if !(after < before) {
		t.Errorf("programme: flow over the KAZ-KGZ and KAZ-UZB borders %v → %v t, want less", before, after)
	}
	t.Logf("programme: %.1f t → %.1f t over the Kazakh–Kyrgyz and Kazakh–Uzbek borders; %.1f t displaced", before, after, cmp.MovedTonnes)
	checkMoves(t, cmp)

	sim, err := base.Simulate(&SimSettings{Seed: 1, ShipmentKg: 50, Replicates: 40})
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range sim.Countries {
		// Jointly at 95% over the countries with seizures (Bonferroni).
		half := (sc.MeanHi - sc.MeanLo) / 2 * 3.1 / 1.96
		if math.Abs(sc.MeanKg-sc.ExpectedKg) > half+1e-9 {
			t.Errorf("%s: simulated %v ± %v kg, expected %v", sc.Country, sc.MeanKg, half, sc.ExpectedKg)
		}
	}
}
