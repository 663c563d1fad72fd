package risk

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/route"
)

// toyBuilder builds a small hand-made corridor the way route lays one out:
// settlements joined by roads, official crossings as two side nodes with a
// crossing edge each way, gaps as a gap node with off-road edges.
type toyBuilder struct {
	t     testing.TB
	b     *route.Builder
	nodes map[string]int64
	c     geo.Corridor
	segs  []geo.Segment
}

func newToyBuilder(t testing.TB) *toyBuilder {
	return &toyBuilder{t: t, b: route.NewBuilder(), nodes: map[string]int64{}}
}

func (tb *toyBuilder) town(name, country string, lon, lat float64) {
	tb.nodes[name] = tb.b.AddNode(route.Node{Kind: route.NodeSettlement, Name: name, Country: country, Point: orb.Point{lon, lat}, Feature: "town:" + name})
}

func (tb *toyBuilder) edge(e route.Edge) {
	tb.t.Helper()
	if _, err := tb.b.AddEdge(e); err != nil {
		tb.t.Fatal(err)
	}
}

// road adds a road both ways at 60 km/h (rail: 40 km/h).
func (tb *toyBuilder) road(a, b string, km float64, kind route.EdgeKind) {
	modes, speed := route.RoadModes, 60.0
	if kind == route.EdgeRail {
		modes, speed = route.Rail, 40
	}
	for _, p := range [][2]string{{a, b}, {b, a}} {
		from, to := tb.nodes[p[0]], tb.nodes[p[1]]
		tb.edge(route.Edge{From: from, To: to, Kind: kind, Modes: modes, LengthKm: km, Hours: km / speed,
			Country: tb.b.Graph().NodeAt(from).Country})
	}
}

// crossing adds an official crossing between towns a (in x.A or x.B) and b,
// with side nodes and local links of linkKm.
func (tb *toyBuilder) crossing(x geo.Crossing, a, b string, linkKm float64) {
	tb.c.Crossings = append(tb.c.Crossings, x)
	modes := route.RoadModes
	if x.Mode == geo.ModeRail {
		modes = route.Rail
	}
	g := tb.b.Graph()
	ta, tbn := tb.nodes[a], tb.nodes[b]
	ca, cb := g.NodeAt(ta).Country, g.NodeAt(tbn).Country
	sa := tb.b.AddNode(route.Node{Kind: route.NodeCrossingSide, Name: x.Name, Country: ca, Point: x.Point, Feature: x.ID})
	sb := tb.b.AddNode(route.Node{Kind: route.NodeCrossingSide, Name: x.Name, Country: cb, Point: x.Point, Feature: x.ID})
	for _, l := range [][3]int64{{ta, sa, 0}, {sb, tbn, 1}} {
		country := ca
		if l[2] == 1 {
			country = cb
		}
		tb.edge(route.Edge{From: l[0], To: l[1], Kind: route.EdgeLocal, Modes: modes, LengthKm: linkKm, Hours: linkKm / 50, Country: country})
		tb.edge(route.Edge{From: l[1], To: l[0], Kind: route.EdgeLocal, Modes: modes, LengthKm: linkKm, Hours: linkKm / 50, Country: country})
	}
	tb.edge(route.Edge{From: sa, To: sb, Kind: route.EdgeCrossing, Modes: modes, LengthKm: 1, Hours: 2, Country: ca, Country2: cb, Feature: x.ID})
	tb.edge(route.Edge{From: sb, To: sa, Kind: route.EdgeCrossing, Modes: modes, LengthKm: 1, Hours: 2, Country: cb, Country2: ca, Feature: x.ID})
}

// gap adds border segment id between towns a and b, reached off-road over
// km on each side, with the given distances to posts and towns on both
// sides.
func (tb *toyBuilder) gap(id, a, b string, km float64, modes route.Modes, guardKm, settleKm float64, at orb.Point) {
	g := tb.b.Graph()
	ta, tbn := tb.nodes[a], tb.nodes[b]
	ca, cb := g.NodeAt(ta).Country, g.NodeAt(tbn).Country
	A, B := ca, cb
	if A > B {
		A, B = B, A
	}
	tb.segs = append(tb.segs, geo.Segment{
		ID: id, A: A, B: B, Line: orb.LineString{{at[0] - 0.02, at[1]}, {at[0] + 0.02, at[1]}}, Mid: at, LengthKm: 3.2,
		Remote: geo.Remoteness{
			SettlementKm: [2]float64{settleKm, settleKm},
			OutpostKm:    [2]float64{guardKm, guardKm},
			CrossingKm:   [2]float64{math.Inf(1), math.Inf(1)},
		},
	})
	gn := tb.b.AddNode(route.Node{Kind: route.NodeGap, Name: id, Point: at, Feature: id})
	hours := km / 5
	tb.edge(route.Edge{From: ta, To: gn, Kind: route.EdgeGap, Modes: modes, LengthKm: km, Hours: hours, Country: ca, Country2: cb, Feature: id})
	tb.edge(route.Edge{From: tbn, To: gn, Kind: route.EdgeGap, Modes: modes, LengthKm: km, Hours: hours, Country: cb, Country2: ca, Feature: id})
	tb.edge(route.Edge{From: gn, To: ta, Kind: route.EdgeGap, Modes: modes, LengthKm: km, Hours: hours, Country: ca, Feature: id})
	tb.edge(route.Edge{From: gn, To: tbn, Kind: route.EdgeGap, Modes: modes, LengthKm: km, Hours: hours, Country: cb, Feature: id})
}

func (tb *toyBuilder) graph(origins, dests []route.Place) *route.Graph {
	tb.t.Helper()
	for i := range origins {
		origins[i].Node = tb.nodes[origins[i].Name]
	}
	for i := range dests {
		dests[i].Node = tb.nodes[dests[i].Name]
	}
	g, err := tb.b.Graph().WithPlaces(origins, dests)
	if err != nil {
		tb.t.Fatal(err)
	}
	return g
}

func cx(pair, name string, mode geo.CrossingMode, regime geo.Regime, scanner bool, lon, lat float64) geo.Crossing {
	return geo.Crossing{
		ID: fmt.Sprintf("%s-%s", pair, name), Name: name, A: pair[:3], B: pair[4:],
		Point: orb.Point{lon, lat}, Mode: mode, Regime: regime, Scanner: scanner, Source: "test fixture",
	}
}

// toyCorridor returns a small Northern Route: two Afghan origins, two
// Russian destinations, the five Central Asian states between, road and
// rail crossings and five gaps, remote and near posts.
func toyCorridor(t testing.TB) (*route.Graph, *geo.Corridor, []geo.Segment) {
	tb := newToyBuilder(t)
	for _, s := range []struct {
		name, country string
		lon, lat      float64
	}{
		{"Kunduz", "AFG", 68.86, 36.73}, {"Mazar", "AFG", 67.11, 36.71},
		{"Panj", "TJK", 69.1, 37.2}, {"Dushanbe", "TJK", 68.78, 38.56}, {"Khujand", "TJK", 69.62, 40.28},
		{"Termez", "UZB", 67.28, 37.22}, {"Tashkent", "UZB", 69.24, 41.3},
		{"Turkmenabat", "TKM", 63.58, 39.07}, {"Dashoguz", "TKM", 59.97, 41.84},
		{"Osh", "KGZ", 72.8, 40.53}, {"Bishkek", "KGZ", 74.59, 42.87},
		{"Shymkent", "KAZ", 69.6, 42.3}, {"Almaty", "KAZ", 76.93, 43.25}, {"Beyneu", "KAZ", 55.2, 45.32},
		{"Aktobe", "KAZ", 57.21, 50.28}, {"Pavlodar", "KAZ", 76.95, 52.29},
		{"Orenburg", "RUS", 55.1, 51.77}, {"Omsk", "RUS", 73.37, 54.99},
	} {
		tb.town(s.name, s.country, s.lon, s.lat)
	}
	for _, r := range []struct {
		a, b string
		km   float64
		kind route.EdgeKind
	}{
		{"Kunduz", "Mazar", 160, route.EdgeRoad}, {"Kunduz", "Mazar", 170, route.EdgeRail},
		{"Panj", "Dushanbe", 200, route.EdgeRoad}, {"Dushanbe", "Khujand", 300, route.EdgeRoad},
		{"Termez", "Tashkent", 700, route.EdgeRoad}, {"Termez", "Tashkent", 720, route.EdgeRail},
		{"Turkmenabat", "Dashoguz", 450, route.EdgeRoad},
		{"Osh", "Bishkek", 600, route.EdgeRoad},
		{"Shymkent", "Almaty", 690, route.EdgeRoad}, {"Shymkent", "Aktobe", 1200, route.EdgeRoad},
		{"Shymkent", "Aktobe", 1250, route.EdgeRail}, {"Beyneu", "Aktobe", 600, route.EdgeRoad},
		{"Almaty", "Pavlodar", 1000, route.EdgeRoad},
		{"Orenburg", "Omsk", 1350, route.EdgeRoad}, {"Orenburg", "Omsk", 1400, route.EdgeRail},
	} {
		tb.road(r.a, r.b, r.km, r.kind)
	}
	F, CU := geo.RegimeFull, geo.RegimeCustomsUnion
	tb.crossing(cx("AFG-TJK", "sherkhan", geo.ModeBridge, F, false, 68.9, 37.0), "Kunduz", "Panj", 10)
	tb.crossing(cx("AFG-UZB", "hairatan", geo.ModeBridge, F, true, 67.4, 37.2), "Mazar", "Termez", 60)
	tb.crossing(cx("AFG-UZB", "hairatan-rail", geo.ModeRail, F, true, 67.4, 37.21), "Mazar", "Termez", 60)
	tb.crossing(cx("AFG-TKM", "imamnazar", geo.ModeRoad, F, false, 65.0, 37.4), "Mazar", "Turkmenabat", 150)
	tb.crossing(cx("TJK-UZB", "oybek", geo.ModeRoad, F, false, 69.3, 40.9), "Khujand", "Tashkent", 60)
	tb.crossing(cx("KGZ-TJK", "kyzylbel", geo.ModeRoad, F, false, 70.9, 40.1), "Khujand", "Osh", 120)
	tb.crossing(cx("KAZ-KGZ", "korday", geo.ModeRoad, F, false, 75.2, 43.0), "Bishkek", "Almaty", 20)
	tb.crossing(cx("KAZ-UZB", "zhibekzholy", geo.ModeRoad, F, true, 69.3, 41.4), "Tashkent", "Shymkent", 40)
	tb.crossing(cx("KAZ-UZB", "saryagash-rail", geo.ModeRail, F, false, 69.2, 41.45), "Tashkent", "Shymkent", 40)
	tb.crossing(cx("KAZ-TKM", "temirbaba", geo.ModeRoad, F, false, 56.5, 41.6), "Dashoguz", "Beyneu", 150)
	tb.crossing(cx("KAZ-RUS", "zhaisan", geo.ModeRoad, F, false, 55.3, 51.2), "Aktobe", "Orenburg", 40)
	tb.crossing(cx("KAZ-RUS", "iletsk-rail", geo.ModeRail, CU, true, 55.0, 51.3), "Aktobe", "Orenburg", 40)
	tb.crossing(cx("KAZ-RUS", "kairak", geo.ModeRoad, CU, false, 75.0, 54.0), "Pavlodar", "Omsk", 60)
	tb.crossing(cx("KAZ-RUS", "closed", geo.ModeRoad, geo.RegimeClosed, false, 70.0, 54.5), "Pavlodar", "Omsk", 5)
	feet := route.Foot | route.Horse
	tb.gap("AFG-TJK-000-0001", "Kunduz", "Panj", 50, feet, 40, 20, orb.Point{70.5, 37.5})
	tb.gap("AFG-TJK-000-0002", "Kunduz", "Panj", 15, feet|route.Vehicle, 3, 5, orb.Point{69.0, 37.1})
	tb.gap("KAZ-KGZ-000-0001", "Bishkek", "Almaty", 80, feet, 35, 30, orb.Point{76.0, 42.9})
	tb.gap("KAZ-KGZ-000-0002", "Bishkek", "Almaty", 25, feet|route.Vehicle, 5, 4, orb.Point{75.1, 43.0})
	tb.gap("KAZ-UZB-000-0001", "Tashkent", "Shymkent", 120, feet|route.Vehicle, 25, 40, orb.Point{68.5, 41.8})
	g := tb.graph(
		[]route.Place{{Name: "Kunduz", Weight: 2}, {Name: "Mazar", Weight: 1}},
		[]route.Place{{Name: "Orenburg", Weight: 2}, {Name: "Omsk", Weight: 1}},
	)
	tb.c.Name = "toy"
	return g, &tb.c, tb.segs
}

// toyShareCountries are the share denominator of the toy corridor: the
// five states between the origins and the destinations.
var toyShareCountries = []string{"UZB", "TJK", "TKM", "KGZ", "KAZ"}

// toySettings returns the settings of the toy corridor's baseline:
// DefaultSettings with per-country parameters, carriers, a 90 t flow,
// shares over the five states between and every KAZ–RUS crossing under
// full inspection.
func toySettings() Settings {
	s := DefaultSettings()
	s.Name = "toy-baseline"
	s.Countries = map[string]CountryParams{
		"AFG": {GapBase: 0.01, HazardPerKm: 0.2e-5, Intensity: 1},
		"TJK": {GapBase: 0.05, HazardPerKm: 1e-5, Intensity: 1},
		"UZB": {GapBase: 0.10, HazardPerKm: 2e-5, Intensity: 1},
		"TKM": {GapBase: 0.06, HazardPerKm: 2e-5, Intensity: 1},
		"KGZ": {GapBase: 0.04, HazardPerKm: 0.8e-5, Intensity: 1},
		"KAZ": {GapBase: 0.05, HazardPerKm: 0.5e-5, Intensity: 1},
		"RUS": {GapBase: 0.08, HazardPerKm: 0.5e-5, Intensity: 1},
	}
	s.Carriers = []Carrier{
		{Name: "courier", Modes: route.Foot | route.Horse | route.Vehicle, Share: 0.2},
		{Name: "car", Modes: route.Vehicle, Share: 0.4},
		{Name: "truck", Modes: route.Truck, Share: 0.3},
		{Name: "rail", Modes: route.Rail, Share: 0.1},
	}
	s.FlowTonnes = 90
	// The path-size logit alone: the planted values of the calibration
	// tests are unique under it; nested corridors are tested apart.
	s.NestScale = 1
	s.ShareCountries = slices.Clone(toyShareCountries)
	s.Rules = []CrossingRule{{Pair: "KAZ-RUS", FromRegime: geo.RegimeCustomsUnion, Regime: geo.RegimeFull, Source: "toy"}}
	return s
}

// toyCustomsUnion returns toySettings with no inspection at the KAZ–RUS
// border.
func toyCustomsUnion() Settings {
	s := toySettings()
	s.Name = "toy-customs-union"
	s.Rules = append(s.Rules, CrossingRule{Pair: "KAZ-RUS", FromRegime: geo.RegimeFull, Regime: geo.RegimeCustomsUnion})
	return s
}

// toyProgramme returns toyCustomsUnion with scanners, dogs, outposts and
// patrols on Kazakhstan's side of its borders with Kyrgyzstan and
// Uzbekistan.
func toyProgramme() Settings {
	s := toyCustomsUnion()
	s.Name = "toy-programme"
	for _, pair := range []string{"KAZ-KGZ", "KAZ-UZB"} {
		s.Rules = append(s.Rules, CrossingRule{Pair: pair, Entering: "KAZ", AddScanner: true, AddDogs: true})
		s.Upgrades = append(s.Upgrades, BorderUpgrade{Pair: pair, Side: "KAZ", OutpostsPer100Km: 2, Patrol: 0.01})
	}
	return s
}

// toyTarget returns a calibration target on the toy corridor: shares of
// the five states between (rescaled from 97%) and Kazakhstan's kg.
func toyTarget() Target {
	return Target{
		Name: "toy-observed",
		Shares: []ShareObs{
			{"UZB", 0.38}, {"TJK", 0.23}, {"TKM", 0.18}, {"KGZ", 0.11}, {"KAZ", 0.07},
		},
		Kg:     []KgObs{{Country: "KAZ", Kg: 323}},
		Source: "test fixture",
	}
}

// toyModel returns the model of the toy corridor under s, toySettings()
// for nil.
func toyModel(t testing.TB, s *Settings) *Model {
	t.Helper()
	g, c, segs := toyCorridor(t)
	if s == nil {
		ts := toySettings()
		s = &ts
	}
	m, err := New(g, c, segs, s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// toyRun returns the result of Run on the toy corridor under
// toySettings, with the corridor and the segments it was built from.
func toyRun(t testing.TB) (*Result, *geo.Corridor, []geo.Segment) {
	t.Helper()
	g, c, segs := toyCorridor(t)
	s := toySettings()
	m, err := New(g, c, segs, &s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	return res, c, segs
}

// toyCommoditySettings returns toyCommodities with nested corridors,
// protected shares in TJK and UZB, and UZB's border and inland
// intensities apart.
func toyCommoditySettings() Settings {
	s := toyCommodities()
	s.NestScale = 0.3
	s.Countries["TJK"] = CountryParams{GapBase: 0.05, HazardPerKm: 1e-5, Intensity: 1.2, Protected: 0.3}
	s.Countries["UZB"] = CountryParams{GapBase: 0.10, HazardPerKm: 2e-5, Intensity: 1, BorderIntensity: 2, InlandIntensity: 0.5, Protected: 0.1}
	return s
}
