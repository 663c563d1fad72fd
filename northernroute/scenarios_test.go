package northernroute

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

func TestScenariosValid(t *testing.T) {
	for _, s := range Scenarios() {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
		if want := float64(FlowTonnes2010 + OpiumTonnes2010); s.FlowTonnes != 0 || s.TotalFlowTonnes() != want {
			t.Errorf("%s: flow %v t, commodities %v t, want 0 and %v", s.Name, s.FlowTonnes, s.TotalFlowTonnes(), want)
		}
		target := Observed2011()
		if !slices.Equal(s.ShareCountries, target.ShareCountries()) {
			t.Errorf("%s: share countries %v, want the target's %v", s.Name, s.ShareCountries, target.ShareCountries())
		}
		got, err := ScenarioByName(s.Name)
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Errorf("ScenarioByName(%q): %v", s.Name, err)
		}
	}
	if _, err := ScenarioByName("baseline-2011"); !errors.Is(err, risk.ErrBadParam) {
		t.Errorf("unknown name: got %v, want ErrBadParam", err)
	}
	if err := func() error { tg := Observed2011(); return tg.Validate() }(); err != nil {
		t.Errorf("Observed2011: %v", err)
	}
}

// TestScenarioFieldsOnlyDiffer checks that each scenario differs from its
// parent in its name, rules and upgrades only, and only by additions.
func TestScenarioFieldsOnlyDiffer(t *testing.T) {
	for _, p := range [][2]risk.Settings{
		{Baseline2010(), CustomsUnion2011()},
		{Baseline2010(), TIRTransit()},
		{CustomsUnion2011(), Programme2012()},
	} {
		parent, child := p[0], p[1]
		if len(child.Rules) <= len(parent.Rules) || (len(parent.Rules) > 0 && !reflect.DeepEqual(child.Rules[:len(parent.Rules)], parent.Rules)) {
			t.Errorf("%s: rules do not extend %s's", child.Name, parent.Name)
		}
		if len(parent.Upgrades) > 0 && !reflect.DeepEqual(child.Upgrades[:len(parent.Upgrades)], parent.Upgrades) {
			t.Errorf("%s: upgrades do not extend %s's", child.Name, parent.Name)
		}
		c := child.Clone()
		c.Name, c.Rules, c.Upgrades = parent.Name, parent.Rules, parent.Upgrades
		if !reflect.DeepEqual(c, parent) {
			t.Errorf("%s differs from %s beyond name, rules and upgrades", child.Name, parent.Name)
		}
	}
}

// kazRus returns a one-crossing corridor: Aktobe (KAZ) to Orenburg (RUS)
// by the road crossing Zhaisan, under full inspection as the data records
// it for 2010.
func kazRus(t *testing.T) (*route.Graph, *geo.Corridor, []geo.Segment) {
	t.Helper()
	b := route.NewBuilder()
	ak := b.AddNode(route.Node{Kind: route.NodeSettlement, Name: "Aktobe", Country: "KAZ", Point: orb.Point{57.2, 50.3}})
	or := b.AddNode(route.Node{Kind: route.NodeSettlement, Name: "Orenburg", Country: "RUS", Point: orb.Point{55.1, 51.8}})
	x := geo.Crossing{ID: "KAZ-RUS-zhaisan", Name: "Zhaisan", A: "KAZ", B: "RUS", Point: orb.Point{55.3, 51.2},
		Mode: geo.ModeRoad, Regime: geo.RegimeFull}
	for _, e := range []route.Edge{
		{From: ak, To: or, Kind: route.EdgeCrossing, Modes: route.RoadModes, LengthKm: 250, Hours: 5, Country: "KAZ", Country2: "RUS", Feature: x.ID},
		{From: or, To: ak, Kind: route.EdgeCrossing, Modes: route.RoadModes, LengthKm: 250, Hours: 5, Country: "RUS", Country2: "KAZ", Feature: x.ID},
	} {
		if _, err := b.AddEdge(e); err != nil {
			t.Fatal(err)
		}
	}
	g, err := b.Graph().WithPlaces([]route.Place{{Name: "Aktobe", Node: ak, Weight: 1}}, []route.Place{{Name: "Orenburg", Node: or, Weight: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return g, &geo.Corridor{Crossings: []geo.Crossing{x}}, nil
}

// TestScenariosAtTheKazakhRussianBorder scores the Zhaisan crossing under
// each scenario: inspected in 2010 (Inspection.Full × visual detection =
// 0.05 × 0.3), not from July 2011.
func TestScenariosAtTheKazakhRussianBorder(t *testing.T) {
	g, c, segs := kazRus(t)
	tests := []struct {
		s      risk.Settings
		regime geo.Regime
		p      float64
	}{
		// Entering Russia, the unprotected share of shipments meets the
		// inspection: (1 − protectedShare["RUS"]) × 0.05 × 0.3.
		{Baseline2010(), geo.RegimeFull, (1 - float64(protectedShare["RUS"])) * 0.05 * 0.3},
		{CustomsUnion2011(), geo.RegimeCustomsUnion, 0},
		{TIRTransit(), geo.RegimeFull, (1 - float64(protectedShare["RUS"])) * 0.05 * 0.3}, // TIR applies to crossings into Kazakhstan
	}
	for _, tt := range tests {
		m, err := risk.New(g, c, segs, &tt.s)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := m.ScoreCrossing("KAZ-RUS-zhaisan", "RUS", "truck")
		if err != nil {
			t.Fatal(err)
		}
		if cs.Regime != tt.regime || abs(float64(cs.P)-tt.p) > 1e-15 {
			t.Errorf("%s: regime %s, P %v; want %s, %v", tt.s.Name, cs.Regime, cs.P, tt.regime, tt.p)
		}
		into, err := m.ScoreCrossing("KAZ-RUS-zhaisan", "KAZ", "truck")
		if err != nil {
			t.Fatal(err)
		}
		// Into Kazakhstan, TIR transit seals the truck: 0.005 × 0.3; both
		// for the unprotected share (1 − protectedShare["KAZ"]).
		want := (1 - float64(protectedShare["KAZ"])) * 0.05 * 0.3
		if tt.s.Name == NameTIRTransit {
			want = (1 - float64(protectedShare["KAZ"])) * 0.005 * 0.3
		} else if tt.s.Name == NameCustomsUnion2011 {
			want = 0
		}
		if abs(float64(into.P)-want) > 1e-15 {
			t.Errorf("%s: into KAZ P %v, want %v", tt.s.Name, into.P, want)
		}
	}
}

// TestProgrammeFindings: on a corridor of the Kazakh–Russian border alone,
// the programme's rules and upgrades of the southern borders match
// nothing, and Findings says so by ID; the Customs Union's rule matches.
func TestProgrammeFindings(t *testing.T) {
	g, c, segs := kazRus(t)
	base := onPlaces(Baseline2010(), g)
	m, err := risk.New(g, c, segs, &base)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Findings() {
		if f.Layer == "Rules" || f.Layer == "Upgrades" {
			t.Errorf("baseline: %v", f)
		}
	}
	prog := Programme2012()
	mp, err := m.With(&prog)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range mp.Findings() {
		if f.Severity == geo.Error {
			ids = append(ids, f.Layer+":"+f.ID)
		}
	}
	want := []string{"Rules:Rules[1]", "Rules:Rules[2]", "Upgrades:Upgrades[0]", "Upgrades:Upgrades[1]", "ShareCountries:UZB", "ShareCountries:TJK", "ShareCountries:TKM", "ShareCountries:KGZ"}
	slices.Sort(ids)
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("errors %v, want %v", ids, want)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestScenariosOnTheCorridor runs the scenarios on the Northern Route built
// from this package's corridor (three origins and three destinations keep
// it quick) and checks what each scenario claims.
func TestScenariosOnTheCorridor(t *testing.T) {
	if testing.Short() {
		t.Skip("the embedded corridor: not in -short mode")
	}
	c, err := Corridor()
	if err != nil {
		t.Fatal(err)
	}
	segs, err := c.Segments(0)
	if err != nil {
		t.Fatal(err)
	}
	gs := GraphSettings()
	g, err := route.Build(c, segs, &gs)
	if err != nil {
		t.Fatal(err)
	}
	g, err = g.WithPlaces(g.Origins()[:3], g.Destinations()[:3])
	if err != nil {
		t.Fatal(err)
	}
	base := onPlaces(Baseline2010(), g)
	m, err := risk.New(g, c, segs, &base)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Findings() {
		if f.Severity == geo.Error {
			t.Errorf("baseline on its own corridor: %v", f)
		} else {
			t.Logf("%v", f)
		}
	}
	rb, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	afg, _ := rb.Country("AFG")
	kaz, _ := rb.Country("KAZ")
	routed := rb.RoutedTonnes()
	if want := base.TotalFlowTonnes(); abs(routed+rb.UnroutedTonnes-want) > 1e-9 {
		t.Errorf("routed %v + unrouted %v t, want %v", routed, rb.UnroutedTonnes, want)
	}
	// Every routed shipment leaves Afghanistan and nearly all of it crosses
	// Kazakhstan, the only land link to Russia (the rest: Caspian ferries).
	if abs(afg.InflowTonnes-routed) > 1e-9 || kaz.InflowTonnes < 0.8*routed {
		t.Errorf("inflow AFG %v t, KAZ %v t of %v t routed", afg.InflowTonnes, kaz.InflowTonnes, routed)
	}
	t.Logf("baseline: %.0f kg seized of %.1f t routed (%.1f t unrouted: %v); KAZ inflow %.1f t",
		rb.SeizedKg(), routed, rb.UnroutedTonnes, rb.Unrouted, kaz.InflowTonnes)

	run := func(s risk.Settings) *risk.Result {
		s = onPlaces(s, g)
		ms, err := m.With(&s)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ms.Findings() {
			if f.Severity == geo.Error {
				t.Errorf("%s: %v", s.Name, f)
			}
		}
		r, err := ms.Run()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	cu := run(CustomsUnion2011())
	if rus, _ := cu.Country("RUS"); rus.CrossingKg != 0 {
		t.Errorf("Customs Union: Russia seizes %v kg at crossings, want 0", rus.CrossingKg)
	}
	prog := run(Programme2012())
	cmp, err := risk.Compare(cu, prog)
	if err != nil {
		t.Fatal(err)
	}
	var before, after float64
	for _, f := range cmp.Features {
		if strings.HasPrefix(f.Feature, "KAZ-KGZ") || strings.HasPrefix(f.Feature, "KAZ-UZB") {
			before += f.TonnesA
			after += f.TonnesB
		}
	}
	if !(after < before) {
		t.Errorf("programme: flow over the KAZ-KGZ and KAZ-UZB borders %v → %v t, want less", before, after)
	}
	t.Logf("programme: %.1f t → %.1f t over the Kazakh–Kyrgyz and Kazakh–Uzbek borders; %.1f t displaced", before, after, cmp.MovedTonnes)
}

// onPlaces returns s with each commodity's origins and destinations cut
// to those of g (the places' own weights when none of its own is left),
// for a graph restricted to some places.
func onPlaces(s risk.Settings, g *route.Graph) risk.Settings {
	s = s.Clone()
	cut := func(w map[string]float64, ps []route.Place) map[string]float64 {
		kept := map[string]float64{}
		for _, p := range ps {
			if v, ok := w[p.Name]; ok && v > 0 {
				kept[p.Name] = v
			}
		}
		if len(kept) == 0 {
			return nil
		}
		return kept
	}
	for i := range s.Commodities {
		c := &s.Commodities[i]
		c.Origins = cut(c.Origins, g.Origins())
		c.Destinations = cut(c.Destinations, g.Destinations())
	}
	return s
}

// BenchmarkRunBaseline2010 runs route choice and assignment of Baseline2010
// on the whole corridor (every origin and destination).
func BenchmarkRunBaseline2010(b *testing.B) {
	m := baselineCalibModel(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Run(); err != nil {
			b.Fatal(err)
		}
	}
}
