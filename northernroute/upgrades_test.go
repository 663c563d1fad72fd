package northernroute

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

func TestUpgradeMenu(t *testing.T) {
	if !strings.Contains(ProgrammeBudgetKZT, "4.2 billion KZT") || SouthernBudgetKZT != 4.2e9 {
		t.Errorf("SouthernBudgetKZT %v does not match %q", SouthernBudgetKZT, ProgrammeBudgetKZT)
	}
	// The implied rate must be near the 2012 average (about 149 KZT/US$).
	if KZTPerUSD < 140 || KZTPerUSD > 160 {
		t.Errorf("KZTPerUSD %v", KZTPerUSD)
	}
	s := UpgradeMenu()
	for name, it := range map[string]struct {
		cost, perKm, pi float64
		src             string
	}{
		"scanner": {s.Scanner.Cost, s.Scanner.CostPerKm, s.Scanner.Pi, s.Scanner.Source},
		"dogs":    {s.Dogs.Cost, s.Dogs.CostPerKm, s.Dogs.Pi, s.Dogs.Source},
		"outpost": {s.Outpost.Cost, s.Outpost.CostPerKm, s.Outpost.Pi, s.Outpost.Source},
		"patrol":  {s.Patrol.Cost, s.Patrol.CostPerKm, s.Patrol.Pi, s.Patrol.Source},
		"barrier": {s.Barrier.Cost, s.Barrier.CostPerKm, s.Barrier.Pi, s.Barrier.Source},
	} {
		// Scanners, dogs and outposts take their chance from risk's model.
		own := name == "patrol" || name == "barrier"
		if !(it.cost+it.perKm > 0) || own != (it.pi > 0 && it.pi < 1) || !strings.HasPrefix(it.src, "assumption:") {
			t.Errorf("%s: cost %v + %v/km, π %v, source %q", name, it.cost, it.perKm, it.pi, it.src)
		}
		// No single unit may cost more than the budget.
		if it.cost > SouthernBudgetKZT || it.perKm*2*s.Barrier.ReachKm > SouthernBudgetKZT {
			t.Errorf("%s costs more than the budget", name)
		}
	}
}

// TestUpgradeMenuPorts checks the Caspian ports' candidates on the 2010
// model: a scanner and a canine unit at every open port, on the port's own
// country, none at Kuryk (closed until 2016), and each chance risk's own:
// the port scored with the rule added, to 1e-12.
func TestUpgradeMenuPorts(t *testing.T) {
	m := baselineCalibModel(t)
	c := mustCorridor(t)
	ms := UpgradeMenu()
	if !slices.Contains(ms.Ports, "KAZ-port-aktau") || ms.PortScanner.Cost <= ms.Scanner.Cost || !strings.HasPrefix(ms.PortScanner.Source, "assumption:") ||
		!strings.HasPrefix(ms.PortDogs.Source, "assumption:") {
		t.Errorf("port items %+v %+v on %v", ms.PortScanner, ms.PortDogs, ms.Ports)
	}
	ms.Ports = slices.Clone(CaspianPorts)
	ms.Outpost, ms.Patrol, ms.Barrier = plan.Item{}, plan.Item{}, plan.Item{} // crossings and ports only
	menu, err := plan.CorridorMenu(m, nil, c.Crossings, &ms)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]plan.Candidate{}
	for _, cand := range menu {
		if strings.Contains(cand.Feature, "-port-") {
			got[cand.Name()] = cand
		}
	}
	var want []string
	for _, id := range CaspianPorts {
		if id == "KAZ-port-kuryk" {
			continue
		}
		for _, k := range []string{"scanner", "dogs"} {
			want = append(want, k+" "+id[:3]+" "+id)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d port candidates, want %d: %v", len(got), len(want), want)
	}
	for _, name := range want {
		cand, ok := got[name]
		if !ok {
			t.Errorf("no candidate %q", name)
			continue
		}
		if cand.Cost != map[plan.Kind]float64{plan.Scanner: ms.PortScanner.Cost, plan.Dogs: ms.PortDogs.Cost}[cand.Kind] {
			t.Errorf("%s costs %v", name, cand.Cost)
		}
		s := m.Settings()
		s.Rules = append(s.Rules, risk.CrossingRule{ID: cand.Feature, Entering: cand.Side, AddScanner: cand.Kind == plan.Scanner, AddDogs: cand.Kind == plan.Dogs})
		ruled, err := m.With(&s)
		if err != nil {
			t.Fatal(err)
		}
		if len(cand.Effects) == 0 {
			t.Errorf("%s has no effect", name)
		}
		for _, pl := range cand.Effects {
			without, err1 := m.ScoreCrossing(cand.Feature, cand.Side, pl.Carrier)
			with, err2 := ruled.ScoreCrossing(cand.Feature, cand.Side, pl.Carrier)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if pi := 1 - float64(1-with.P)/float64(1-without.P); pl.Feature != cand.Feature || math.Abs(pl.Pi-pi) > 1e-12 {
				t.Errorf("%s for %s: π %v, risk with the rule gives %v", name, pl.Carrier, pl.Pi, pi)
			}
		}
	}
}

// BenchmarkMaxMinAllPairs solves the corridor's max–min at 4.2 bn KZT (20 s
// limit) for the worst of the flow's pairs the menu reaches, all of them
// (every reachable origin × destination pair: MaxMinAll solves one super
// pair) and those with 0.2% of the flow or more (MaxMinAll: a pair per
// origin or destination), against MaxMin over the pairs themselves.
func BenchmarkMaxMinAllPairs(b *testing.B) {
	pc, scen, pairs := corridorPairs(b)
	origins, dests := map[int]bool{}, map[int]bool{}
	for _, od := range pairs {
		origins[od.Origin], dests[od.Destination] = true, true
	}
	b.Logf("%d scenarios, %d the menu reaches: %d origins × %d destinations; %d upgrades, %d arcs",
		len(scen), len(pairs), len(origins), len(dests), pc.Instance.NumUpgrades(), pc.Instance.NumArcs())
	heavy, err := plan.MaxMinPairs(pairs, 0.002)
	if err != nil {
		b.Fatal(err)
	}
	s := plan.DefaultSettings()
	s.TimeLimit = 20 * time.Second
	for _, bc := range []struct {
		name  string
		pairs []plan.OD
		solve func(context.Context, *plan.Instance, []plan.OD, float64, *plan.Settings) (*plan.Result, error)
	}{
		{"MaxMinAll/all", pairs, plan.MaxMinAll},
		{"MaxMin/all", pairs, plan.MaxMin},
		{"MaxMinAll/share=0.002", heavy, plan.MaxMinAll},
		{"MaxMin/share=0.002", heavy, plan.MaxMin},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var r *plan.Result
			for b.Loop() {
				if r, err = bc.solve(context.Background(), pc.Instance, bc.pairs, SouthernBudgetKZT, s); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(r.Gap, "gap")
			b.Logf("%s, %d pairs: %v, worst route %.6f, bound %.6f, %d upgrades, %d B&B nodes, %d evaluations, %d cuts, %v",
				bc.name, len(bc.pairs), r.Status, r.Objective, r.Upper, len(r.Plan), r.Nodes, r.Evaluations, len(r.Cuts), r.Elapsed)
		})
	}
}

// TestUpgradeMenuCoversBorders checks that the menu reaches every segment
// of the southern borders a smuggler can cross: each has a patrol for every
// carrier that crosses it, so no stretch is beyond any plan.
func TestUpgradeMenuCoversBorders(t *testing.T) {
	m, segs, menu := baselineMenu(t)
	patrolled := map[[2]string]bool{} // (segment, carrier)
	for _, cand := range menu {
		if cand.Kind == plan.Patrol {
			for _, e := range cand.Effects {
				patrolled[[2]string{e.Feature, e.Carrier}] = true
			}
		}
	}
	g := m.Graph()
	southern := map[string]bool{}
	for _, s := range segs {
		for _, b := range SouthernBorders {
			if b == s.A+"-"+s.B || b == s.B+"-"+s.A {
				southern[s.ID] = true
			}
		}
	}
	checked := 0
	for _, carrier := range m.Carriers() {
		w, err := m.Weights(carrier.Name)
		if err != nil {
			t.Fatal(err)
		}
		for e := range w {
			ed := g.EdgeAt(e)
			if ed.Kind != route.EdgeGap || ed.Country2 != "KAZ" || !southern[ed.Feature] || math.IsInf(w[e], 1) {
				continue
			}
			checked++
			if !patrolled[[2]string{ed.Feature, carrier.Name}] {
				t.Errorf("%s can cross %s into KAZ, which no patrol of the menu reaches", carrier.Name, ed.Feature)
			}
		}
	}
	if checked < 500 {
		t.Errorf("only %d gap crossings checked", checked)
	}
}

// baselineMenu returns the calibrated baseline's model, the corridor's
// border segments and UpgradeMenu's candidates on them.
func baselineMenu(tb testing.TB) (*risk.Model, []geo.Segment, []plan.Candidate) {
	tb.Helper()
	m := baselineCalibModel(tb)
	c := mustCorridor(tb)
	segs, err := c.Segments(0)
	if err != nil {
		tb.Fatal(err)
	}
	ms := UpgradeMenu()
	menu, err := plan.CorridorMenu(m, segs, c.Crossings, &ms)
	if err != nil {
		tb.Fatal(err)
	}
	return m, segs, menu
}

// corridorPairs returns the corridor's planning instance on the calibrated
// baseline with UpgradeMenu, the baseline's origin–destination pairs
// weighted by their tonnes (scen), and those of them that some plan of the
// menu lengthens (pairs).
func corridorPairs(tb testing.TB) (pc *plan.Corridor, scen, pairs []plan.OD) {
	tb.Helper()
	m, _, menu := baselineMenu(tb)
	var err error
	if pc, err = plan.FromModel(m, nil, menu); err != nil {
		tb.Fatal(err)
	}
	base, err := m.Run()
	if err != nil {
		tb.Fatal(err)
	}
	if scen, err = pc.Scenarios(base); err != nil {
		tb.Fatal(err)
	}
	if pairs, err = pc.Instance.Interdictable(scen); err != nil {
		tb.Fatal(err)
	}
	return pc, scen, pairs
}

// heaviestPairUnitCost returns the corridor's planning instance at the
// calibrated baseline with every upgrade's cost set to one (a budget counts
// upgrades), and the scenario pair carrying the most flow among those the
// menu reaches.
func heaviestPairUnitCost(tb testing.TB) (*plan.Instance, plan.OD) {
	tb.Helper()
	pc, _, pairs := corridorPairs(tb)
	heaviest := slices.MaxFunc(pairs, func(a, b plan.OD) int { return cmp.Compare(a.Weight, b.Weight) })
	in := pc.Instance
	arcs := make([]plan.Arc, in.NumArcs())
	for i := range arcs {
		arcs[i] = in.Arc(i)
	}
	ups := make([]plan.Upgrade, in.NumUpgrades())
	for u := range ups {
		ups[u] = in.Upgrade(u)
		ups[u].Cost = 1
	}
	unit, err := plan.NewInstance(in.NumNodes(), arcs, ups)
	if err != nil {
		tb.Fatal(err)
	}
	return unit, heaviest
}

// TestMaxMinOnePairCertified solves the corridor's max–min for its heaviest
// pair with 30 upgrades to a certified optimum and checks the plan's value
// with an independent Dijkstra on the upgraded lengths.
func TestMaxMinOnePairCertified(t *testing.T) {
	in, od := heaviestPairUnitCost(t)
	s := plan.DefaultSettings()
	s.TimeLimit = 5 * time.Minute // a guard against a hung solver, not a speed target (about 0.4 s)
	r, err := plan.MaxMin(context.Background(), in, []plan.OD{od}, 30, s)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != plan.Optimal || r.Gap > 1e-6*r.Objective || len(r.Plan) > 30 {
		t.Fatalf("status %v, bounds [%v, %v], %d upgrades", r.Status, r.Lower, r.Upper, len(r.Plan))
	}
	l, err := in.Lengths(r.Plan)
	if err != nil {
		t.Fatal(err)
	}
	if d := dijkstraLength(in, l, od); math.Abs(d-r.Objective) > 1e-12 {
		t.Errorf("plan %v: reported %v, Dijkstra on the upgraded lengths %v", r.Plan, r.Objective, d)
	}
	l0, _ := in.Lengths(nil)
	if d0 := dijkstraLength(in, l0, od); !(r.Objective > d0) {
		t.Errorf("30 upgrades leave the cheapest route at %v, %v without", r.Objective, d0)
	}
}

// dijkstraLength returns the shortest route length from od's origin to its
// destination under l, by gonum's Dijkstra (independent of plan's) on the
// instance's arcs, the shortest of parallel arcs kept.
func dijkstraLength(in *plan.Instance, l []float64, od plan.OD) float64 {
	g := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	for v := 0; v < in.NumNodes(); v++ {
		g.AddNode(simple.Node(v))
	}
	for a := 0; a < in.NumArcs(); a++ {
		arc := in.Arc(a)
		if w, ok := g.Weight(int64(arc.From), int64(arc.To)); !ok || l[a] < w {
			g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(arc.From), simple.Node(arc.To), l[a]))
		}
	}
	return path.DijkstraFrom(simple.Node(od.Origin), g).WeightTo(int64(od.Destination))
}

// BenchmarkMaxMinOnePair solves the corridor's max–min for its heaviest
// pair (issue 10's benchmark: one origin–destination, budgets of 30, 100
// and 200 upgrades, each upgrade counted as one) with a 60 s limit.
func BenchmarkMaxMinOnePair(b *testing.B) {
	in, od := heaviestPairUnitCost(b)
	s := plan.DefaultSettings()
	s.TimeLimit = 60 * time.Second
	for _, budget := range []float64{30, 100, 200} {
		b.Run(fmt.Sprintf("budget=%v", budget), func(b *testing.B) {
			b.ReportAllocs()
			var r *plan.Result
			var err error
			for b.Loop() {
				if r, err = plan.MaxMin(context.Background(), in, []plan.OD{od}, budget, s); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(r.Gap, "gap")
			b.ReportMetric(float64(r.Nodes), "bbnodes")
			b.Logf("%d nodes %d arcs %d upgrades, pair %d → %d, budget %v: %v, value %.6f, bounds [%.6f, %.6f], %d upgrades chosen, %d B&B nodes, %d cuts, %v",
				in.NumNodes(), in.NumArcs(), in.NumUpgrades(), od.Origin, od.Destination, budget, r.Status, r.Objective, r.Lower, r.Upper, len(r.Plan), r.Nodes, len(r.Cuts), r.Elapsed)
		})
	}
}
