package risk_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// A small corridor by hand: from Kunduz over the Amu Darya into Tajikistan,
// by the Sher Khan – Panji Poyon bridge (scanner) or on foot across a
// remote stretch of the border, then by road to Dushanbe.
func Example() {
	b := route.NewBuilder()
	town := func(name, country string, lon, lat float64) int64 {
		return b.AddNode(route.Node{Kind: route.NodeSettlement, Name: name, Country: country, Point: orb.Point{lon, lat}})
	}
	kunduz := town("Kunduz", "AFG", 68.86, 36.73)
	panj := town("Panj", "TJK", 69.1, 37.2)
	dushanbe := town("Dushanbe", "TJK", 68.78, 38.56)
	gap := b.AddNode(route.Node{Kind: route.NodeGap, Name: "AFG-TJK-000-0007", Point: orb.Point{69.9, 37.3}})
	for _, e := range []route.Edge{
		{From: kunduz, To: panj, Kind: route.EdgeCrossing, Modes: route.RoadModes, LengthKm: 60, Hours: 3, Country: "AFG", Country2: "TJK", Feature: "AFG-TJK-sherkhan"},
		// The gap: the edge into the gap point carries the segment.
		{From: kunduz, To: gap, Kind: route.EdgeGap, Modes: route.Foot | route.Horse, LengthKm: 45, Hours: 11, Country: "AFG", Country2: "TJK", Feature: "AFG-TJK-000-0007"},
		{From: gap, To: panj, Kind: route.EdgeGap, Modes: route.Foot | route.Horse, LengthKm: 30, Hours: 8, Country: "TJK", Feature: "AFG-TJK-000-0007"},
		{From: panj, To: dushanbe, Kind: route.EdgeRoad, Modes: route.RoadModes, LengthKm: 200, Hours: 3.5, Country: "TJK"},
	} {
		if _, err := b.AddEdge(e); err != nil {
			log.Fatal(err)
		}
	}
	g, err := b.Graph().WithPlaces(
		[]route.Place{{Name: "Kunduz", Node: kunduz, Weight: 1}},
		[]route.Place{{Name: "Dushanbe", Node: dushanbe, Weight: 1}})
	if err != nil {
		log.Fatal(err)
	}
	corridor := &geo.Corridor{Crossings: []geo.Crossing{{
		ID: "AFG-TJK-sherkhan", Name: "Sher Khan – Panji Poyon", A: "AFG", B: "TJK",
		Mode: geo.ModeBridge, Regime: geo.RegimeFull, Scanner: true,
	}}}
	segs := []geo.Segment{{ID: "AFG-TJK-000-0007", A: "AFG", B: "TJK", LengthKm: 5, Remote: geo.Remoteness{
		SettlementKm: [2]float64{12, 20}, OutpostKm: [2]float64{60, 35}, CrossingKm: [2]float64{90, 90},
	}}}

	s := risk.DefaultSettings()
	s.FlowTonnes = 90 // assumption for the example
	// Afghanistan's side of the river is hardly guarded (assumption);
	// Tajikistan gets Other's parameters.
	s.Countries = map[string]risk.CountryParams{"AFG": {GapBase: 0.01, HazardPerKm: 0.2e-5}}
	s.Carriers = []risk.Carrier{
		{Name: "courier", Modes: route.Foot | route.Horse | route.Vehicle, Share: 0.3},
		{Name: "truck", Modes: route.Truck, Share: 0.7},
	}

	m, err := risk.New(g, corridor, segs, &s)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("findings:", len(m.Findings()))
	x, _ := m.ScoreCrossing("AFG-TJK-sherkhan", "TJK", "truck")
	fmt.Printf("bridge: inspection %.2f × detection %.2f = %.4f\n", x.Inspection, x.Detection, x.P)
	gs, _ := m.ScoreGap("AFG-TJK-000-0007", risk.GapFoot)
	tj := gs.Sides[1]
	fmt.Printf("gap on foot: %.4f (Tajik side: %.2f × f %.3f × g %.3f × foot %.1f)\n",
		gs.P, tj.Base, tj.GuardFactor, tj.SettlementFactor, gs.ModeFactor)

	res, err := m.Run()
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range res.Routes {
		fmt.Printf("%d. %-7s %5.2f t  P %.4f  %4.0f km  via %s\n", r.Rank, r.Carrier, r.Tonnes, r.P, r.LengthKm, strings.Join(r.Via, ", "))
	}
	for _, c := range res.Countries {
		fmt.Printf("%s: %6.1f kg seized of %.1f t (crossing %.1f, gap %.1f, inland %.1f)\n", c.Country, c.SeizedKg, c.InflowTonnes, c.CrossingKg, c.GapKg, c.InlandKg)
	}
	// Output:
	// findings: 0
	// bridge: inspection 0.05 × detection 0.79 = 0.0395
	// gap on foot: 0.0032 (Tajik side: 0.05 × f 0.187 × g 0.587 × foot 0.5)
	// 1. truck   63.00 t  P 0.0414   260 km  via AFG-TJK-sherkhan
	// 2. courier 27.00 t  P 0.0055   275 km  via AFG-TJK-000-0007
	// 3. courier  0.00 t  P 0.0414   260 km  via AFG-TJK-sherkhan
	// AFG:   13.7 kg seized of 90.0 t (crossing 0.0, gap 11.2, inland 2.4)
	// TJK: 2745.4 kg seized of 90.0 t (crossing 2488.5, gap 74.2, inland 182.7)
}
