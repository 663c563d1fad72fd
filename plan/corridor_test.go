package plan

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// toyCorridor returns a small border: Bishkek (KGZ, the origin) and Almaty
// (KAZ, the destination) joined by two crossings, korday and karasu, and
// three gap segments, the first two 4.4 km apart and the third 90 km off,
// with a model of a courier (foot, horse, vehicle) and a car (vehicle).
func toyCorridor(t testing.TB) (*risk.Model, []geo.Segment, []geo.Crossing) {
	t.Helper()
	b := route.NewBuilder()
	town := func(name, country string, p orb.Point) int64 {
		return b.AddNode(route.Node{Kind: route.NodeSettlement, Name: name, Country: country, Point: p, Feature: "town:" + name})
	}
	edge := func(e route.Edge) {
		t.Helper()
		if _, err := b.AddEdge(e); err != nil {
			t.Fatal(err)
		}
	}
	bishkek := town("Bishkek", "KGZ", orb.Point{74.59, 42.87})
	almaty := town("Almaty", "KAZ", orb.Point{76.93, 43.25})
	var xs []geo.Crossing
	for _, x := range []struct {
		id    string
		p     orb.Point
		hours float64
	}{{"KAZ-KGZ-korday", orb.Point{75.2, 43.0}, 2}, {"KAZ-KGZ-karasu", orb.Point{75.8, 42.9}, 5}} {
		xs = append(xs, geo.Crossing{ID: x.id, Name: x.id, A: "KAZ", B: "KGZ", Point: x.p, Mode: geo.ModeRoad, Regime: geo.RegimeFull, Source: "test"})
		sk := b.AddNode(route.Node{Kind: route.NodeCrossingSide, Name: x.id, Country: "KGZ", Point: x.p, Feature: x.id})
		sz := b.AddNode(route.Node{Kind: route.NodeCrossingSide, Name: x.id, Country: "KAZ", Point: x.p, Feature: x.id})
		for _, l := range []struct {
			a, b    int64
			country string
		}{{bishkek, sk, "KGZ"}, {sk, bishkek, "KGZ"}, {sz, almaty, "KAZ"}, {almaty, sz, "KAZ"}} {
			edge(route.Edge{From: l.a, To: l.b, Kind: route.EdgeLocal, Modes: route.RoadModes, LengthKm: 100, Hours: 2, Country: l.country})
		}
		edge(route.Edge{From: sk, To: sz, Kind: route.EdgeCrossing, Modes: route.RoadModes, LengthKm: 1, Hours: x.hours, Country: "KGZ", Country2: "KAZ", Feature: x.id})
		edge(route.Edge{From: sz, To: sk, Kind: route.EdgeCrossing, Modes: route.RoadModes, LengthKm: 1, Hours: x.hours, Country: "KAZ", Country2: "KGZ", Feature: x.id})
	}
	var segs []geo.Segment
	for i, s := range []struct {
		id    string
		mid   orb.Point
		modes route.Modes
		post  float64
	}{
		{"KAZ-KGZ-000-0001", orb.Point{75.50, 42.95}, route.Foot | route.Horse | route.Vehicle, 30},
		{"KAZ-KGZ-000-0002", orb.Point{75.55, 42.95}, route.Foot | route.Horse, 40},
		{"KAZ-KGZ-000-0003", orb.Point{76.60, 42.95}, route.Foot | route.Horse | route.Vehicle, 60},
	} {
		segs = append(segs, geo.Segment{ID: s.id, A: "KAZ", B: "KGZ", Mid: s.mid, LengthKm: 5,
			Line:   orb.LineString{{s.mid[0] - 0.03, s.mid[1]}, {s.mid[0] + 0.03, s.mid[1]}},
			Remote: geo.Remoteness{SettlementKm: [2]float64{30, 30}, OutpostKm: [2]float64{s.post, s.post}, CrossingKm: [2]float64{50, 50}}})
		gn := b.AddNode(route.Node{Kind: route.NodeGap, Name: s.id, Point: s.mid, Feature: s.id})
		km := 60 + 10*float64(i)
		for _, e := range []route.Edge{
			{From: bishkek, To: gn, Country: "KGZ", Country2: "KAZ"},
			{From: almaty, To: gn, Country: "KAZ", Country2: "KGZ"},
			{From: gn, To: bishkek, Country: "KGZ"},
			{From: gn, To: almaty, Country: "KAZ"},
		} {
			e.Kind, e.Modes, e.LengthKm, e.Hours, e.Feature = route.EdgeGap, s.modes, km, km/5, s.id
			edge(e)
		}
	}
	g, err := b.Graph().WithPlaces([]route.Place{{Name: "Bishkek", Node: bishkek, Weight: 1}}, []route.Place{{Name: "Almaty", Node: almaty, Weight: 1}})
	if err != nil {
		t.Fatal(err)
	}
	s := risk.DefaultSettings()
	s.Name = "toy"
	s.Carriers = []risk.Carrier{
		{Name: "courier", Modes: route.Foot | route.Horse | route.Vehicle, Share: 0.4},
		{Name: "car", Modes: route.Vehicle, Share: 0.6},
	}
	s.FlowTonnes = 10
	s.K = 4
	m, err := risk.New(g, &geo.Corridor{Name: "toy", Crossings: xs}, segs, &s)
	if err != nil {
		t.Fatal(err)
	}
	return m, segs, xs
}

// toyMenu returns a menu on the toy corridor: scanners for the car only,
// outposts reaching 10 km, vehicle barriers.
// toyPlanned returns the toy corridor's model, segments and crossings, the
// toy menu and its instance, the model's run and its scenarios.
func toyPlanned(t testing.TB) toyPlan {
	t.Helper()
	m, segs, xs := toyCorridor(t)
	menu, err := CorridorMenu(m, segs, xs, toyMenu())
	if err != nil {
		t.Fatal(err)
	}
	c, err := FromModel(m, nil, menu)
	if err != nil {
		t.Fatal(err)
	}
	base, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	scen, err := c.Scenarios(base)
	if err != nil {
		t.Fatal(err)
	}
	return toyPlan{m, segs, xs, menu, c, base, scen}
}

// A toyPlan is what toyPlanned returns.
type toyPlan struct {
	m    *risk.Model
	segs []geo.Segment
	xs   []geo.Crossing
	menu []Candidate
	c    *Corridor
	base *risk.Result
	scen []OD
}

func toyMenu() *MenuSettings {
	return &MenuSettings{
		Side: "KAZ", Borders: []string{"KGZ-KAZ"}, SpacingKm: 10, MinPi: 0.005,
		Scanner: Item{Cost: 3, Carriers: []string{"car"}},
		Outpost: Item{Cost: 2, ReachKm: 10},
		Barrier: Item{Cost: 1, CostPerKm: 0.1, Pi: 0.9, Carriers: []string{"car"}},
	}
}

// piOf returns the chance of effect k of c on the named carrier's layer.
func piOf(t *testing.T, c Candidate, feature, carrier string) float64 {
	t.Helper()
	for _, pl := range c.Effects {
		if pl.Feature == feature && pl.Carrier == carrier {
			return pl.Pi
		}
	}
	t.Fatalf("%s has no effect on %s for %s: %+v", c.Name(), feature, carrier, c.Effects)
	return 0
}

func TestCorridorMenu(t *testing.T) {
	m, segs, xs := toyCorridor(t)
	menu, err := CorridorMenu(m, segs, xs, toyMenu())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range menu {
		names = append(names, c.Name())
	}
	// Sites 10 km apart: segment 2 (4.1 km from 1) is no site; 3 is.
	want := []string{
		"scanner KAZ KAZ-KGZ-korday", "scanner KAZ KAZ-KGZ-karasu",
		"outpost KAZ KAZ-KGZ-000-0001", "barrier KAZ KAZ-KGZ-000-0001",
		"outpost KAZ KAZ-KGZ-000-0003", "barrier KAZ KAZ-KGZ-000-0003",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("menu %q, want %q", names, want)
	}
	// Scanner, by hand: full regime, inspection 0.05, visual 0.3, scanner
	// 0.7: p from 0.05·0.3 to 0.05·(1 − 0.7·0.3).
	hand := 1 - (1-0.05*(1-0.7*0.3))/(1-0.05*0.3)
	if sc := menu[0]; len(sc.Effects) != 1 || math.Abs(piOf(t, sc, "KAZ-KGZ-korday", "car")-hand) > 1e-15 {
		t.Errorf("scanner effects %+v, want π %v for the car", sc.Effects, hand)
	}
	// The same from the model's own scores with the rule in its settings.
	s := m.Settings()
	s.Rules = append(s.Rules, risk.CrossingRule{ID: "KAZ-KGZ-korday", Entering: "KAZ", AddScanner: true})
	mw, err := m.With(&s)
	if err != nil {
		t.Fatal(err)
	}
	without, _ := m.ScoreCrossing("KAZ-KGZ-korday", "KAZ", "car")
	with, _ := mw.ScoreCrossing("KAZ-KGZ-korday", "KAZ", "car")
	if pi := 1 - float64(1-with.P)/float64(1-without.P); math.Abs(menu[0].Effects[0].Pi-pi) > 1e-15 {
		t.Errorf("scanner π %v, model's scores give %v", menu[0].Effects[0].Pi, pi)
	}
	// Outpost at segment 1, by hand from risk's gap model on KAZ's side:
	// p = mode·p0·f(d)·g(30 km), f(d) = 0.1 + 0.9·exp(−d/15), g(d) =
	// 0.25 + 0.75·exp(−d/25); the post moves d from 30 km (segment 1) or
	// 40 km (segment 2) to the distance from the site. The courier crosses
	// on foot (mode 0.5), the car by vehicle (1); the car cannot cross
	// segment 2.
	f := func(d float64) float64 { return 0.1 + 0.9*math.Exp(-d/15) }
	gs := 0.25 + 0.75*math.Exp(-30.0/25)
	post := func(mode, from, to float64) float64 {
		return 1 - (1-mode*0.05*f(to)*gs)/(1-mode*0.05*f(from)*gs)
	}
	d := geo.DistanceKm(segs[0].Mid, segs[1].Mid)
	out := menu[2]
	for _, w := range []struct {
		seg, carrier string
		pi           float64
	}{
		{"KAZ-KGZ-000-0001", "courier", post(0.5, 30, 0)},
		{"KAZ-KGZ-000-0001", "car", post(1, 30, 0)},
		{"KAZ-KGZ-000-0002", "courier", post(0.5, 40, d)},
	} {
		if got := piOf(t, out, w.seg, w.carrier); math.Abs(got-w.pi) > 1e-15 {
			t.Errorf("outpost on %s for %s: π %v, want %v", w.seg, w.carrier, got, w.pi)
		}
	}
	if len(out.Effects) != 3 {
		t.Errorf("outpost effects %+v, want 3", out.Effects)
	}
	// Barrier: its own segment only (reach 0), cost 1 + 0.1 × 5 km.
	if bar := menu[3]; len(bar.Effects) != 1 || bar.Cost != 1.5 || bar.Effects[0] != (Placed{Feature: "KAZ-KGZ-000-0001", Pi: 0.9}) {
		t.Errorf("barrier %+v, want one effect 0.9 and cost 1.5", bar)
	}
	// A customs union searches no one: no scanner there.
	cu := slices.Clone(xs)
	cu[0].Regime = geo.RegimeCustomsUnion
	plain := m.Settings()
	mcu, err := risk.New(m.Graph(), &geo.Corridor{Name: "toy", Crossings: cu}, segs, &plain)
	if err != nil {
		t.Fatal(err)
	}
	if menu2, err := CorridorMenu(mcu, segs, cu, toyMenu()); err != nil || menu2[0].Name() != "scanner KAZ KAZ-KGZ-karasu" {
		t.Errorf("customs union: menu starts %v (%v), want no scanner at korday", menu2[0].Name(), err)
	}
	for _, bad := range []func(*MenuSettings){
		func(s *MenuSettings) { s.SpacingKm = 0 },
		func(s *MenuSettings) { s.Patrol.Pi = 1 },
		func(s *MenuSettings) { s.Scanner.Cost = math.NaN() },
		func(s *MenuSettings) { s.Scanner.Carriers = []string{"ship"} },
		func(s *MenuSettings) { s.Borders = []string{"UZB-TKM"} },
	} {
		s := toyMenu()
		bad(s)
		if _, err := CorridorMenu(m, segs, xs, s); !errors.Is(err, ErrBadSetting) {
			t.Errorf("error %v, want ErrBadSetting", err)
		}
	}
}

// TestCorridorScannerAsRisk checks that a one-scanner plan under the full
// model prices the crossing as risk does with the scanner in its rules.
func TestCorridorScannerAsRisk(t *testing.T) {
	tp := toyPlanned(t)
	m, c := tp.m, tp.c
	planned, ruled := firstAsRule(t, m, c, risk.CrossingRule{ID: "KAZ-KGZ-korday", Entering: "KAZ", AddScanner: true, Carriers: []string{"car"}})
	for _, name := range []string{"courier", "car"} {
		pp, _ := planned.EdgeProbs(name)
		pr, _ := ruled.EdgeProbs(name)
		for e := range pp {
			if math.Abs(float64(pp[e]-pr[e])) > 1e-12 {
				t.Errorf("%s: edge %d: p %v with the plan, %v with the rule", name, e, pp[e], pr[e])
			}
		}
	}
	got, err := c.Evaluate([]int{0})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := ruled.Run()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"KAZ", "KGZ"} {
		a, _ := got.Country(code)
		b, _ := ref.Country(code)
		if math.Abs(a.SeizedKg-b.SeizedKg) > 1e-9*math.Max(1, b.SeizedKg) {
			t.Errorf("%s: %v kg seized with the plan, %v with the rule", code, a.SeizedKg, b.SeizedKg)
		}
	}
}

func TestFromModel(t *testing.T) {
	tp := toyPlanned(t)
	m, menu, c := tp.m, tp.menu, tp.c
	g := m.Graph()
	in := c.Instance
	if in.NumNodes() != 2*g.NumNodes() || !slices.Equal(c.Carriers, []string{"courier", "car"}) {
		t.Fatalf("%d nodes, carriers %v", in.NumNodes(), c.Carriers)
	}
	// Arcs: every usable edge of each carrier, with its weight.
	var want int
	for _, name := range c.Carriers {
		w, _ := m.Weights(name)
		for _, we := range w {
			if !math.IsInf(we, 1) {
				want++
			}
		}
	}
	if in.NumArcs() != want {
		t.Fatalf("%d arcs, want %d usable edges", in.NumArcs(), want)
	}
	for a := 0; a < in.NumArcs(); a++ {
		e, li := c.Edge(a)
		w, _ := m.Weights(c.Carriers[li])
		ed := g.EdgeAt(e)
		if arc := in.Arc(a); arc.Length != w[e] || arc.From != c.Node(li, ed.From) || arc.To != c.Node(li, ed.To) {
			t.Errorf("arc %d = %+v, want edge %d of layer %d, length %v", a, arc, e, li, w[e])
		}
	}
	// The car cannot use segment 2 (foot and horse only).
	effects := func(u int) map[[2]int]float64 { // (edge, layer) → π
		got := map[[2]int]float64{}
		for _, ef := range in.Upgrade(u).Effects {
			e, li := c.Edge(ef.Arc)
			got[[2]int{e, li}] = ef.Pi
		}
		return got
	}
	edgeOf := func(k route.EdgeKind, feature, into string) int {
		for e := 0; e < g.NumEdges(); e++ {
			if ed := g.EdgeAt(e); ed.Kind == k && ed.Feature == feature && ed.Country2 == into {
				return e
			}
		}
		t.Fatalf("no edge %s into %s", feature, into)
		return -1
	}
	korday := edgeOf(route.EdgeCrossing, "KAZ-KGZ-korday", "KAZ")
	if got, pi := effects(0), menu[0].Effects[0].Pi; len(got) != 1 || got[[2]int{korday, 1}] != pi {
		t.Errorf("scanner at korday: %v, want %v on the car's korday into KAZ only", got, pi)
	}
	g1k, g1z := edgeOf(route.EdgeGap, "KAZ-KGZ-000-0001", "KAZ"), edgeOf(route.EdgeGap, "KAZ-KGZ-000-0001", "KGZ")
	g2k, g2z := edgeOf(route.EdgeGap, "KAZ-KGZ-000-0002", "KAZ"), edgeOf(route.EdgeGap, "KAZ-KGZ-000-0002", "KGZ")
	p1c, p1v := piOf(t, menu[2], "KAZ-KGZ-000-0001", "courier"), piOf(t, menu[2], "KAZ-KGZ-000-0001", "car")
	p2c := piOf(t, menu[2], "KAZ-KGZ-000-0002", "courier")
	wantOut := map[[2]int]float64{
		{g1k, 0}: p1c, {g1z, 0}: p1c, {g1k, 1}: p1v, {g1z, 1}: p1v,
		{g2k, 0}: p2c, {g2z, 0}: p2c, // the car has no arc there
	}
	if got := effects(2); !mapsEqual(got, wantOut) {
		t.Errorf("outpost at 0001: %v, want %v", got, wantOut)
	}
	if got := effects(3); !mapsEqual(got, map[[2]int]float64{{g1k, 1}: 0.9, {g1z, 1}: 0.9}) {
		t.Errorf("barrier at 0001: %v, want 0.9 on the car's gap edges of 0001", got)
	}
	// The extras name the same edges for the full model.
	x, err := c.Extras([]int{0})
	if err != nil {
		t.Fatal(err)
	}
	if len(x) != 1 || x[0].Edge != korday || x[0].Country != "KAZ" || !slices.Equal(x[0].Carriers, []string{"car"}) {
		t.Errorf("extras %+v", x)
	}
	bad := append(slices.Clone(menu), Candidate{Kind: Outpost, Feature: "KAZ-KGZ-999-0001", Side: "KAZ", Cost: 1, Effects: []Placed{{Feature: "KAZ-KGZ-999-0001", Pi: 0.1}}})
	var ue *UpgradeError
	if _, err := FromModel(m, nil, bad); !errors.As(err, &ue) || ue.Upgrade != len(menu) {
		t.Errorf("unknown segment: error %v, want an UpgradeError naming upgrade %d", err, len(menu))
	}
}

func mapsEqual(a, b map[[2]int]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || math.Abs(v-w) > 1e-15 {
			return false
		}
	}
	return true
}

func TestCorridorCompare(t *testing.T) {
	tp := toyPlanned(t)
	m, c, base, scen := tp.m, tp.c, tp.base, tp.scen
	// Two carriers, one pair each: the car carries 60% of the 10 t.
	if len(scen) != 2 || math.Abs(scen[0].Weight-6) > 1e-9 || math.Abs(scen[1].Weight-4) > 1e-9 {
		t.Fatalf("scenarios %+v, want 6 t and 4 t", scen)
	}
	worstChanged := false
	for _, tc := range []struct {
		budget float64
		pairs  []OD
	}{{0, scen}, {2, scen}, {3.5, scen}, {5, scen}, {8, scen}, {3.5, scen[:1]}, {5, scen[1:]}} {
		budget := tc.budget
		rows, err := c.Compare(context.Background(), budget, tc.pairs, scen, base, nil)
		if err != nil {
			t.Fatal(err)
		}
		exact, snip, gmm, gsnip := rows[0], rows[1], rows[2], rows[3]
		if exact.MaxMin < gmm.MaxMin-1e-12 {
			t.Errorf("budget %v: exact max-min %v below greedy's %v", budget, exact.MaxMin, gmm.MaxMin)
		}
		if none, _ := c.Instance.Value(nil, scen, true); budget >= 3.5 && !(snip.Evasion < none-1e-3) {
			t.Errorf("budget %v: SNIP evasion %v, %v with no plan: the test checks little", budget, snip.Evasion, none)
		}
		if snip.Evasion > gsnip.Evasion+1e-12 {
			t.Errorf("budget %v: exact SNIP %v above greedy's %v", budget, snip.Evasion, gsnip.Evasion)
		}
		// Brute force over every affordable plan; the worst pair changes
		// with the plan.
		bestMM, bestEv := math.Inf(-1), math.Inf(1)
		worstOf := map[int]bool{}
		n := c.Instance.NumUpgrades()
		for mask := 0; mask < 1<<n; mask++ {
			var p []int
			for u := range n {
				if mask&(1<<u) != 0 {
					p = append(p, u)
				}
			}
			if !c.Instance.Feasible(p, budget) {
				continue
			}
			mm := math.Inf(1)
			worst := -1
			for i, od := range tc.pairs {
				l := naiveLengths(c.Instance, p)
				if d := naiveDist(c.Instance, l, od.Origin)[od.Destination]; d < mm {
					mm, worst = d, i
				}
			}
			worstOf[worst] = true
			ev, _ := c.Instance.Value(p, scen, true)
			bestMM, bestEv = max(bestMM, mm), min(bestEv, ev)
		}
		worstChanged = worstChanged || len(worstOf) > 1
		if math.Abs(exact.MaxMin-bestMM) > 1e-9 || math.Abs(snip.Evasion-bestEv) > 1e-9 {
			t.Errorf("budget %v, %d pairs: exact %v / %v, brute force %v / %v", budget, len(tc.pairs), exact.MaxMin, snip.Evasion, bestMM, bestEv)
		}
		if d, _ := c.Instance.RouteLengths(exact.Plan, tc.pairs); d[exact.Worst] != exact.MaxMin || slices.Min(d) != exact.MaxMin {
			t.Errorf("budget %v: worst pair %d at %v, lengths %v", budget, exact.Worst, exact.MaxMin, d)
		}
		for _, r := range rows {
			if r.Cost > budget+1e-9 {
				t.Errorf("budget %v: %s costs %v", budget, r.Name, r.Cost)
			}
			var kaz risk.CountryChange
			for _, cc := range r.Change.Countries {
				if cc.Country == "KAZ" {
					kaz = cc
				}
			}
			bk, _ := base.Country("KAZ")
			if math.Abs(kaz.DeltaSeizedKg-(r.CountryKg("KAZ")-bk.SeizedKg)) > 1e-9 {
				t.Errorf("budget %v: %s: KAZ change %v kg, results differ by %v", budget, r.Name, kaz.DeltaSeizedKg, r.CountryKg("KAZ")-bk.SeizedKg)
			}
		}
	}
	if !worstChanged {
		t.Errorf("the worst pair is the same under every plan: the test checks little")
	}
	// The programme's kind of scenario: a scanner rule at korday for everyone.
	s := m.Settings()
	s.Name = "toy-programme"
	s.Rules = append(s.Rules, risk.CrossingRule{ID: "KAZ-KGZ-korday", Entering: "KAZ", AddScanner: true})
	row, err := c.ScenarioRow("programme", s, 3, scen, scen, base)
	if err != nil {
		t.Fatal(err)
	}
	none, _ := c.Instance.Value(nil, scen, true)
	if row.Cost != 3 || row.Plan != nil || row.Evasion > none || row.Result.Settings.Name != "toy-programme" {
		t.Errorf("scenario row %+v: want cost 3, evasion at most %v and the scenario's result", row, none)
	}
}

func TestPlanLayer(t *testing.T) {
	tp := toyPlanned(t)
	segs, xs, menu, c, scen := tp.segs, tp.xs, tp.menu, tp.c, tp.scen
	p := []int{0, 2}
	fc, err := c.PlanLayer(p, xs, segs, scen)
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 2 {
		t.Fatalf("%d features, want 2", len(fc.Features))
	}
	all, _ := c.Instance.Value(p, scen, true)
	for i, f := range fc.Features {
		cand := menu[p[i]]
		rest, _ := c.Instance.Value(p[1-i:2-i], scen, true) // the other upgrade alone
		if f.Properties["kind"] != string(cand.Kind) || f.Properties["feature"] != cand.Feature ||
			f.Properties["cost_kzt"] != cand.Cost || f.Properties["side"] != "KAZ" ||
			math.Abs(f.Properties["marginal"].(float64)-(rest-all)) > 1e-15 {
			t.Errorf("feature %d: %v, want %s marginal %v", i, f.Properties, cand.Name(), rest-all)
		}
	}
	if _, ok := fc.Features[0].Geometry.(orb.Point); !ok {
		t.Errorf("scanner geometry %T, want a point", fc.Features[0].Geometry)
	}
	if _, ok := fc.Features[1].Geometry.(orb.LineString); !ok {
		t.Errorf("outpost geometry %T, want a line", fc.Features[1].Geometry)
	}
}

// TestMaxMinAll checks the solve on extended instances against brute
// force and against MaxMin over the pairs, on seeded grids with several
// origins (west column) and destinations (east column): the full product
// (one super pair), the product less one pair and one with a node both an
// origin and a destination (a sink per origin), more destinations than
// origins (a source per destination), and distinct ends (MaxMin itself).
func TestMaxMinAll(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 7))
	used := map[string]int{}
	for k := 0; k < 6; k++ {
		w, h := 4, 3
		ty := gridToy(rng, w, h, 14)
		var product []OD
		for y := 0; y < h; y++ {
			for y2 := 0; y2 < h; y2 += 2 {
				product = append(product, OD{Origin: y * w, Destination: y2*w + w - 1, Weight: 1})
			}
		}
		for _, tc := range []struct {
			name, how string
			ods       []OD
		}{
			{"product", "one pair", product},
			{"product less one", "per end", product[1:]},
			{"origin is a destination", "per end", append(slices.Clone(product), OD{Origin: w - 1, Destination: 1})},
			{"one origin", "one pair", []OD{{0, w - 1, 1}, {0, 2*w - 1, 1}, {0, 2*w + 1, 1}}},
			{"two origins, three destinations", "per end", []OD{{0, w - 1, 1}, {0, 2*w - 1, 1}, {w, 2*w + 1, 1}}},
			{"distinct ends", "MaxMin", []OD{{0, w - 1, 1}, {w, 2*w - 1, 1}}},
		} {
			how := "MaxMin"
			if _, red, ok := superPair(ty.in, tc.ods); ok {
				how = "one pair"
				if len(red) != 1 {
					t.Fatalf("%s: %d pairs", tc.name, len(red))
				}
			} else if _, red, ok := perEnd(ty.in, tc.ods); ok {
				how = "per end"
				if len(red) >= len(tc.ods) {
					t.Fatalf("%s: %d pairs for %d", tc.name, len(red), len(tc.ods))
				}
			}
			if how != tc.how {
				t.Fatalf("%s: solved by %s, want %s", tc.name, how, tc.how)
			}
			for budget := 0.0; budget <= 3; budget++ {
				r, err := MaxMinAll(context.Background(), ty.in, tc.ods, budget, nil)
				if err != nil {
					t.Fatal(err)
				}
				per, err := MaxMin(context.Background(), ty.in, tc.ods, budget, nil)
				if err != nil {
					t.Fatal(err)
				}
				best := math.Inf(-1)
				plans(ty.in, budget, func(p []int) { best = max(best, naiveMaxMin(ty.in, tc.ods, p)) })
				name := fmt.Sprintf("grid %d %s budget %v", k, tc.name, budget)
				if math.Abs(r.Objective-best) > 1e-9 || math.Abs(per.Objective-best) > 1e-9 {
					t.Errorf("%s: MaxMinAll %v, MaxMin %v, brute force %v", name, r.Objective, per.Objective, best)
				}
				if r.Status != Optimal && r.Status != NothingAffordable {
					t.Errorf("%s: status %v", name, r.Status)
				}
				checkMaxMinCertificate(t, name, ty.in, tc.ods, budget, r)
				used[how]++
			}
		}
	}
	if len(used) != 3 {
		t.Errorf("constructions used %v, want all three", used)
	}
}

// TestMaxMinPairs checks the weight threshold of the max–min pairs.
func TestMaxMinPairs(t *testing.T) {
	scen := []OD{{0, 1, 6}, {0, 2, 3}, {3, 1, 1}}
	for _, tc := range []struct {
		share float64
		want  []OD
	}{{0, scen}, {0.1, scen}, {0.11, scen[:2]}, {0.6, scen[:1]}} {
		got, err := MaxMinPairs(scen, tc.share)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("share %v: %v (%v), want %v", tc.share, got, err, tc.want)
		}
	}
	for _, share := range []float64{-0.1, 1.1, math.NaN(), 0.61} {
		if _, err := MaxMinPairs(scen, share); err == nil {
			t.Errorf("share %v: no error", share)
		}
	}
	if _, err := MaxMinPairs([]OD{{0, 1, math.NaN()}}, 0); !errors.Is(err, ErrBadScenario) {
		t.Errorf("NaN weight: error %v, want ErrBadScenario", err)
	}
}

// toyFerry returns a Caspian crossing: Turkmenbashi (TKM, the origin) and
// Aktau (KAZ, the destination), each with its port, joined by a ferry both
// ways, with a truck that rides ferries and a courier that does not.
func toyFerry(t testing.TB) (*risk.Model, []geo.Crossing) {
	t.Helper()
	b := route.NewBuilder()
	edge := func(e route.Edge) {
		t.Helper()
		if _, err := b.AddEdge(e); err != nil {
			t.Fatal(err)
		}
	}
	var xs []geo.Crossing
	var towns, ports []int64
	for _, p := range []struct {
		town, port, country string
		at                  orb.Point
	}{{"Turkmenbashi", "TKM-port-t", "TKM", orb.Point{52.97, 40.01}}, {"Aktau", "KAZ-port-a", "KAZ", orb.Point{51.215, 43.605}}} {
		xs = append(xs, geo.Crossing{ID: p.port, Name: p.port, A: p.country, Point: p.at, Mode: geo.ModeFerry, Regime: geo.RegimeFull, Source: "test"})
		tn := b.AddNode(route.Node{Kind: route.NodeSettlement, Name: p.town, Country: p.country, Point: p.at, Feature: "town:" + p.town})
		pn := b.AddNode(route.Node{Kind: route.NodeCrossingSide, Name: p.port, Country: p.country, Point: p.at, Feature: p.port})
		edge(route.Edge{From: tn, To: pn, Kind: route.EdgeLocal, Modes: route.RoadModes, LengthKm: 5, Hours: 0.2, Country: p.country})
		edge(route.Edge{From: pn, To: tn, Kind: route.EdgeLocal, Modes: route.RoadModes, LengthKm: 5, Hours: 0.2, Country: p.country})
		towns, ports = append(towns, tn), append(ports, pn)
	}
	for _, e := range [][2]int{{0, 1}, {1, 0}} {
		edge(route.Edge{From: ports[e[0]], To: ports[e[1]], Kind: route.EdgeFerry, Modes: route.Ferry, LengthKm: 420, Hours: 20,
			Country: xs[e[0]].A, Country2: xs[e[1]].A, Feature: xs[e[1]].ID})
	}
	g, err := b.Graph().WithPlaces([]route.Place{{Name: "Turkmenbashi", Node: towns[0], Weight: 1}}, []route.Place{{Name: "Aktau", Node: towns[1], Weight: 1}})
	if err != nil {
		t.Fatal(err)
	}
	s := risk.DefaultSettings()
	s.Name = "toy-ferry"
	s.Carriers = []risk.Carrier{
		{Name: "courier", Modes: route.Foot | route.Vehicle, Share: 0.5},
		{Name: "truck", Modes: route.Truck | route.Ferry, Share: 0.5},
	}
	s.FlowTonnes = 10
	s.K = 2
	m, err := risk.New(g, &geo.Corridor{Name: "toy-ferry", Crossings: xs}, nil, &s)
	if err != nil {
		t.Fatal(err)
	}
	return m, xs
}

// TestCorridorPortAsRisk checks the port candidates: a scanner and a canine
// unit at each open port of Ports on the port's own country, none at a
// closed port, and a scanner plan that prices the ferry landing as risk
// does with the scanner in its rules, to 1e-12.
func TestCorridorPortAsRisk(t *testing.T) {
	m, xs := toyFerry(t)
	ms := &MenuSettings{Side: "KAZ", Borders: []string{"KAZ-TKM"}, SpacingKm: 50,
		Ports:       []string{"KAZ-port-a", "TKM-port-t"},
		PortScanner: Item{Cost: 3, Carriers: []string{"truck"}}, PortDogs: Item{Cost: 1}}
	menu, err := CorridorMenu(m, nil, xs, ms)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range menu {
		names = append(names, c.Name())
	}
	want := []string{"scanner KAZ KAZ-port-a", "dogs KAZ KAZ-port-a", "scanner TKM TKM-port-t", "dogs TKM TKM-port-t"}
	if !slices.Equal(names, want) {
		t.Fatalf("menu %q, want %q", names, want)
	}
	// By hand: full regime, inspection 0.05, visual 0.3, scanner 0.7.
	hand := 1 - (1-0.05*(1-0.7*0.3))/(1-0.05*0.3)
	if sc := menu[0]; len(sc.Effects) != 1 || math.Abs(piOf(t, sc, "KAZ-port-a", "truck")-hand) > 1e-15 {
		t.Errorf("port scanner effects %+v, want π %v for the truck", sc.Effects, hand)
	}
	c, err := FromModel(m, nil, menu)
	if err != nil {
		t.Fatal(err)
	}
	// Only the truck rides the ferry: the scanner acts on its landing at
	// Aktau, one arc.
	if up := c.Instance.Upgrade(0); len(up.Effects) != 1 {
		t.Fatalf("port scanner on %d arcs, want 1: %+v", len(up.Effects), up.Effects)
	} else if e, li := c.Edge(up.Effects[0].Arc); m.Graph().EdgeAt(e).Kind != route.EdgeFerry || c.Carriers[li] != "truck" || m.Graph().EdgeAt(e).Feature != "KAZ-port-a" {
		t.Errorf("port scanner on edge %+v of %s", m.Graph().EdgeAt(e), c.Carriers[li])
	}
	planned, ruled := firstAsRule(t, m, c, risk.CrossingRule{ID: "KAZ-port-a", Entering: "KAZ", AddScanner: true, Carriers: []string{"truck"}})
	changed := false
	for _, name := range []string{"courier", "truck"} {
		p0, _ := m.EdgeProbs(name)
		pp, _ := planned.EdgeProbs(name)
		pr, _ := ruled.EdgeProbs(name)
		for e := range pp {
			if math.Abs(float64(pp[e]-pr[e])) > 1e-12 {
				t.Errorf("%s: edge %d: p %v with the plan, %v with the rule", name, e, pp[e], pr[e])
			}
			changed = changed || pp[e] != p0[e]
		}
	}
	if !changed {
		t.Error("the port scanner changed no edge")
	}
	// A closed port gets nothing; a port that is no port is an error.
	closed := slices.Clone(xs)
	closed[1].Regime = geo.RegimeClosed // Aktau
	if menu2, err := CorridorMenu(m, nil, closed, ms); err != nil || len(menu2) != 2 || menu2[0].Feature != "TKM-port-t" {
		t.Errorf("closed Aktau: menu %v (%v), want Turkmenbashi's two only", menu2, err)
	}
	road, _, roadXs := toyCorridor(t)
	bad := toyMenu()
	bad.Ports = []string{"KAZ-KGZ-korday"}
	if _, err := CorridorMenu(road, nil, roadXs, bad); !errors.Is(err, ErrBadSetting) || !strings.Contains(err.Error(), "not a sea port") {
		t.Errorf("road crossing as a port: error %v, want ErrBadSetting naming it", err)
	}
	bad.Ports = []string{"KAZ-port-x"}
	if _, err := CorridorMenu(road, nil, roadXs, bad); !errors.Is(err, ErrBadSetting) || !strings.Contains(err.Error(), `no crossing "KAZ-port-x"`) {
		t.Errorf("unknown port: error %v, want ErrBadSetting naming it", err)
	}
}

// TestInterdictable checks the pairs some plan moves against brute force
// over every plan at an unbounded budget, on seeded toys with 4 upgrades
// and every pair of nodes 0..4 to the last three.
func TestInterdictable(t *testing.T) {
	kept, dropped := 0, 0
	rng := rand.New(rand.NewPCG(11, 5))
	for _, ty := range []toy{gridToy(rng, 4, 3, 4), randomToy(rng, 10, 14, 4), gridToy(rng, 4, 4, 3), randomToy(rng, 12, 20, 3)} {
		n := ty.in.NumNodes()
		var ods []OD
		for o := 0; o < 5; o++ {
			for d := n - 3; d < n; d++ {
				if o != d && !math.IsInf(naiveMaxMin(ty.in, []OD{{o, d, 1}}, nil), 1) {
					ods = append(ods, OD{o, d, 1})
				}
			}
		}
		got, err := ty.in.Interdictable(ods)
		if err != nil {
			t.Fatal(err)
		}
		var want []OD
		for _, od := range ods {
			base := naiveMaxMin(ty.in, []OD{od}, nil)
			moved := false
			plans(ty.in, math.Inf(1), func(p []int) { moved = moved || naiveMaxMin(ty.in, []OD{od}, p) > base+1e-12 })
			if moved {
				want = append(want, od)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", ty.name, got, want)
		}
		kept, dropped = kept+len(want), dropped+len(ods)-len(want)
	}
	if kept == 0 || dropped == 0 {
		t.Errorf("%d pairs kept, %d dropped: the test checks little", kept, dropped)
	}
}

// TestMenuSites checks that every segment lies within half the spacing of
// a site: on a border that bends, s1 is a site and s2 and s3, 45 km from
// it (within the spacing) but 64 km from each other, are sites too.
func TestMenuSites(t *testing.T) {
	at := func(id string, eastKm, northKm float64) geo.Segment {
		// near 43°N: 1° of latitude 111.2 km, of longitude 81.3 km
		return geo.Segment{ID: id, Mid: orb.Point{75 + eastKm/81.3, 43 + northKm/111.2}}
	}
	ss := []geo.Segment{at("s1", 0, 0), at("s2", 45, 0), at("s3", 0, 45), at("s4", 20, 0), at("s5", 0, 90)}
	var got []string
	for _, s := range menuSites(ss, 50) {
		got = append(got, s.ID)
	}
	// s4 is 20 km from s1; s5 is 90 km from s1, a site in the first pass.
	if want := []string{"s1", "s2", "s3", "s5"}; !slices.Equal(got, want) {
		t.Errorf("sites %v, want %v", got, want)
	}
	for _, sg := range ss {
		near := math.Inf(1)
		for _, id := range got {
			for _, site := range ss {
				if site.ID == id {
					near = min(near, geo.DistanceKm(site.Mid, sg.Mid))
				}
			}
		}
		if near > 25 {
			t.Errorf("%s is %.1f km from the nearest site", sg.ID, near)
		}
	}
}

// TestCorridorInterdiction checks the interdiction chance of the cheapest
// routes against the model with the plan's extras: routes rebuilt from an
// independent Dijkstra, probabilities from the model's own EdgeProbs.
func TestCorridorInterdiction(t *testing.T) {
	tp := toyPlanned(t)
	m, c, scen := tp.m, tp.c, tp.scen
	in := c.Instance
	values := map[float64]bool{}
	for _, p := range [][]int{nil, {0}, {2}, {0, 2, 4}, {0, 1, 2, 3, 4, 5}} {
		got, err := c.Interdiction(p, scen)
		if err != nil {
			t.Fatal(err)
		}
		x, _ := c.Extras(p)
		mp, err := m.WithExtra(x)
		if err != nil {
			t.Fatal(err)
		}
		l := naiveLengths(in, p)
		var caught, total float64
		for _, od := range scen {
			d := naiveDist(in, l, od.Origin)
			// walk back from the destination along tight arcs
			surv, v := 1.0, od.Destination
			for v != od.Origin {
				found := false
				for a := 0; a < in.NumArcs(); a++ {
					if arc := in.Arc(a); arc.To == v && math.Abs(d[arc.From]+l[a]-d[v]) < 1e-15 {
						e, li := c.Edge(a)
						probs, _ := mp.EdgeProbs(c.Carriers[li])
						surv *= 1 - float64(probs[e])
						v, found = arc.From, true
						break
					}
				}
				if !found {
					t.Fatalf("no tight arc into %d", v)
				}
			}
			caught += od.Weight * (1 - surv)
			total += od.Weight
		}
		if want := caught / total; math.Abs(got-want) > 1e-12 {
			t.Errorf("plan %v: interdiction %v, want %v", p, got, want)
		}
		values[got] = true
	}
	if len(values) < 3 {
		t.Errorf("%d distinct values over 5 plans: the test checks little", len(values))
	}
}

// TestCorridorSweep checks the sweep on the toy corridor: at each budget
// the exact plans' values equal brute force over the affordable plans,
// SNIP's evasion falls and the max–min length rises with the budget, and
// the plot takes the points.
func TestCorridorSweep(t *testing.T) {
	tp := toyPlanned(t)
	c, scen := tp.c, tp.scen
	budgets := []float64{0, 2, 3.5, 5, 8}
	pts, err := c.Sweep(context.Background(), budgets, scen, scen, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range pts {
		bestMM, bestEv := math.Inf(-1), math.Inf(1)
		plans(c.Instance, q.Budget, func(p []int) {
			bestMM = max(bestMM, naiveMaxMin(c.Instance, scen, p))
			bestEv = min(bestEv, naiveSNIP(c.Instance, scen, p))
		})
		if math.Abs(q.SNIP-bestEv) > 1e-9 || math.Abs(q.MaxMin-bestMM) > 1e-9 || q.Greedy < q.SNIP-1e-12 {
			t.Errorf("budget %v: SNIP %v, max-min %v, greedy %v; brute force %v, %v", q.Budget, q.SNIP, q.MaxMin, q.Greedy, bestEv, bestMM)
		}
		if q.Cost > q.Budget+1e-9 || q.CostMaxMin > q.Budget+1e-9 || q.CostGrd > q.Budget+1e-9 {
			t.Errorf("budget %v: costs %v, %v, %v", q.Budget, q.Cost, q.CostMaxMin, q.CostGrd)
		}
		if i > 0 && (q.SNIP > pts[i-1].SNIP+1e-12 || q.MaxMin < pts[i-1].MaxMin-1e-12) {
			t.Errorf("budget %v: SNIP %v after %v, max-min %v after %v", q.Budget, q.SNIP, pts[i-1].SNIP, q.MaxMin, pts[i-1].MaxMin)
		}
		for k, v := range q.Interdicted {
			if !(v > 0 && v < 1) {
				t.Errorf("budget %v: interdicted[%d] = %v", q.Budget, k, v)
			}
		}
	}
	if !(pts[len(pts)-1].Interdicted[0] > pts[0].Interdicted[0]) {
		t.Errorf("interdiction %v at the largest budget, %v at none", pts[len(pts)-1].Interdicted[0], pts[0].Interdicted[0])
	}
	if _, err := SweepPlot(pts, 1, "toy", "budget"); err != nil {
		t.Error(err)
	}
	if _, err := SweepPlot(pts, 0, "toy", "budget"); !errors.Is(err, ErrBadSetting) {
		t.Errorf("unit 0: error %v, want ErrBadSetting", err)
	}
}

// TestCorridorRoute checks the cheapest route of each pair under a few
// plans: a walk of the graph from origin to destination in the pair's
// layer whose weights add up to the pair's route length.
func TestCorridorRoute(t *testing.T) {
	tp := toyPlanned(t)
	m, c, scen := tp.m, tp.c, tp.scen
	g := m.Graph()
	crossings := map[string]bool{}
	for _, p := range [][]int{nil, {0}, {0, 2, 3}} {
		want, _ := c.Instance.RouteLengths(p, scen)
		for i, od := range scen {
			edges, li, err := c.Route(p, od)
			if err != nil {
				t.Fatal(err)
			}
			x, _ := c.Extras(p)
			mp, _ := m.WithExtra(x)
			w, _ := mp.Weights(c.Carriers[li])
			at, sum := int64(od.Origin%g.NumNodes()), 0.0
			for _, e := range edges {
				ed := g.EdgeAt(e)
				if ed.From != at {
					t.Fatalf("plan %v pair %d: edge %d does not continue the walk at %d", p, i, e, at)
				}
				at, sum = ed.To, sum+w[e]
				if ed.Kind == route.EdgeCrossing || ed.Kind == route.EdgeGap && ed.Country2 != "" {
					crossings[ed.Feature] = true
				}
			}
			if at != int64(od.Destination%g.NumNodes()) || od.Origin/g.NumNodes() != li || math.Abs(sum-want[i]) > 1e-12 {
				t.Errorf("plan %v pair %d: walk ends at %d in layer %d, weight %v; want %v", p, i, at, li, sum, want[i])
			}
		}
	}
	if len(crossings) < 2 {
		t.Errorf("the routes cross at %v only: the test checks little", crossings)
	}
	if _, _, err := c.Route(nil, OD{Origin: 0, Destination: 0}); !errors.Is(err, ErrBadScenario) {
		t.Errorf("origin = destination: error %v", err)
	}
}

// TestCorridorBadInput checks the errors of the corridor's evaluations.
func TestCorridorBadInput(t *testing.T) {
	tp := toyPlanned(t)
	c, base, scen := tp.c, tp.base, tp.scen
	n := c.Instance.NumNodes()
	for _, tc := range []struct {
		name string
		err  error
		call func() error
	}{
		{"interdiction, unknown upgrade", ErrBadUpgrade, func() error { _, err := c.Interdiction([]int{99}, scen); return err }},
		{"interdiction, upgrade twice", ErrBadUpgrade, func() error { _, err := c.Interdiction([]int{0, 0}, scen); return err }},
		{"interdiction, no scenarios", ErrBadScenario, func() error { _, err := c.Interdiction(nil, nil); return err }},
		{"interdiction, zero weights", ErrBadScenario, func() error {
			_, err := c.Interdiction(nil, []OD{{scen[0].Origin, scen[0].Destination, 0}})
			return err
		}},
		{"interdiction, unreachable", ErrNoPath, func() error {
			_, err := c.Interdiction(nil, []OD{{scen[0].Origin, (scen[0].Destination + n/2) % n, 1}})
			return err
		}},
		{"route lengths, node outside", ErrBadScenario, func() error { _, err := c.Instance.RouteLengths(nil, []OD{{0, n, 1}}); return err }},
		{"route, unreachable", ErrNoPath, func() error {
			_, _, err := c.Route(nil, OD{Origin: scen[0].Origin, Destination: (scen[0].Destination + n/2) % n})
			return err
		}},
		{"route, unknown upgrade", ErrBadUpgrade, func() error { _, _, err := c.Route([]int{-1}, scen[0]); return err }},
		{"interdictable, no pairs", ErrBadScenario, func() error { _, err := c.Instance.Interdictable(nil); return err }},
		{"max-min all, no pairs", ErrBadScenario, func() error {
			_, err := MaxMinAll(context.Background(), c.Instance, nil, 1, nil)
			return err
		}},
		{"max-min all, NaN budget", ErrBadSetting, func() error {
			_, err := MaxMinAll(context.Background(), c.Instance, scen, math.NaN(), nil)
			return err
		}},
		{"compare, NaN budget", ErrBadSetting, func() error {
			_, err := c.Compare(context.Background(), math.NaN(), scen, scen, base, nil)
			return err
		}},
		{"sweep, negative budget", ErrBadSetting, func() error {
			_, err := c.Sweep(context.Background(), []float64{-1}, scen, scen, nil)
			return err
		}},
	} {
		if err := tc.call(); !errors.Is(err, tc.err) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.err)
		}
	}
}

// firstAsRule returns m with the first upgrade of c placed (as risk
// extras) and m with rule added instead, for comparing the two.
func firstAsRule(t *testing.T, m *risk.Model, c *Corridor, rule risk.CrossingRule) (planned, ruled *risk.Model) {
	t.Helper()
	x, err := c.Extras([]int{0})
	if err != nil {
		t.Fatal(err)
	}
	if planned, err = m.WithExtra(x); err != nil {
		t.Fatal(err)
	}
	s := m.Settings()
	s.Rules = append(s.Rules, rule)
	if ruled, err = m.With(&s); err != nil {
		t.Fatal(err)
	}
	return planned, ruled
}
