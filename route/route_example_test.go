package route_test

import (
	"fmt"
	"log"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/route"
)

// A hand-made network: two towns joined by a road and by a longer track,
// the track crossing a border gap that a truck cannot use.
func ExampleKShortest() {
	b := route.NewBuilder()
	a := b.AddNode(route.Node{Kind: route.NodeSettlement, Name: "Aral", Country: "KAZ", Point: orb.Point{61.7, 46.8}})
	m := b.AddNode(route.Node{Kind: route.NodeSettlement, Name: "Mid", Country: "KAZ", Point: orb.Point{62.5, 47.5}})
	k := b.AddNode(route.Node{Kind: route.NodeSettlement, Name: "Kyzylorda", Country: "KAZ", Point: orb.Point{65.5, 44.9}})
	for _, e := range []route.Edge{
		{From: a, To: k, Kind: route.EdgeRoad, Modes: route.RoadModes, LengthKm: 450, Hours: 7.5, Country: "KAZ", Feature: "M-32"},
		{From: a, To: m, Kind: route.EdgeLocal, Modes: route.Foot | route.Horse, LengthKm: 120, Hours: 30, Country: "KAZ"},
		{From: m, To: k, Kind: route.EdgeLocal, Modes: route.Foot | route.Horse, LengthKm: 380, Hours: 95, Country: "KAZ"},
	} {
		if _, err := b.AddEdge(e); err != nil {
			log.Fatal(err)
		}
	}
	g := b.Graph() // weighted by length
	paths, err := route.KShortest(g, []int64{a}, []int64{k}, 3, route.AllModes)
	if err != nil {
		log.Fatal(err)
	}
	for i, p := range paths {
		fmt.Printf("%d: nodes %v, %.0f km, %.1f h\n", i+1, p.Nodes, p.LengthKm, p.Hours)
	}
	_, err = route.KShortest(g, []int64{k}, []int64{a}, 3, route.Truck)
	fmt.Println(err)
	// Output:
	// 1: nodes [0 2], 450 km, 7.5 h
	// 2: nodes [0 1 2], 500 km, 125.0 h
	// route: no path from 2 (settlement "Kyzylorda") to 0 (settlement "Aral") by truck
}

// The Northern Route: the shortest route by length from Kunduz to Moscow
// and the crossings and border gaps it uses.
func ExampleBuild() {
	c, err := northernroute.Corridor()
	if err != nil {
		log.Fatal(err)
	}
	segs, err := c.Segments(geo.DefaultSegmentKm)
	if err != nil {
		log.Fatal(err)
	}
	s := northernroute.GraphSettings()
	g, err := route.Build(c, segs, &s)
	if err != nil {
		log.Fatal(err)
	}
	kunduz, _ := g.FindNode("Kunduz")
	moscow, _ := g.FindNode("Moscow")
	for _, by := range []struct {
		name  string
		modes route.Modes
	}{{"any mode", route.AllModes}, {"truck", route.Truck}} {
		p, err := route.ShortestPath(g, kunduz, moscow, by.modes)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("by %s: %.0f km, %d edges\n", by.name, p.LengthKm, len(p.Edges))
		passages, err := route.Passages(g, p)
		if err != nil {
			log.Fatal(err)
		}
		for _, x := range passages {
			fmt.Printf("  %s %s → %s: %s\n", x.Kind, x.From, x.To, x.Feature)
		}
	}
	// Output:
	// by any mode: 4208 km, 24 edges
	//   crossing AFG → UZB: AFG-UZB-hairatan-termez
	//   crossing UZB → KAZ: KAZ-UZB-oasis-karakalpakiya-rail
	//   crossing KAZ → RUS: KAZ-RUS-taskala-ozinki
	// by truck: 4324 km, 32 edges
	//   crossing AFG → UZB: AFG-UZB-hairatan-termez
	//   crossing UZB → KAZ: KAZ-UZB-tazhen-daut-ata
	//   crossing KAZ → RUS: KAZ-RUS-syrym-mashtakovo
}

// A network of one's own from a plain edge list: the shortest route to a
// node from every other, by one reversed search.
func ExampleFromEdges() {
	g, err := route.FromEdges(4, []route.PlainEdge{
		{From: 0, To: 1, Weight: 1}, {From: 1, To: 3, Weight: 5},
		{From: 0, To: 2, Weight: 2}, {From: 2, To: 3, Weight: 2},
	})
	if err != nil {
		log.Fatal(err)
	}
	tree, err := route.ShortestTo(g, 3, route.AllModes)
	if err != nil {
		log.Fatal(err)
	}
	for v := int64(0); v < 3; v++ {
		p, _ := tree.PathTo(v)
		fmt.Printf("%d → 3: weight %g via %v\n", v, p.Weight, p.Nodes)
	}
	fmt.Println("node betweenness:", route.NodeBetweenness(g, route.AllModes))
	// Output:
	// 0 → 3: weight 4 via [0 2 3]
	// 1 → 3: weight 5 via [1 3]
	// 2 → 3: weight 2 via [2 3]
	// node betweenness: [0 0 1 0]
}
