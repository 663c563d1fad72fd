package geo_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// Cut a border into 25 km segments and find, with a spatial index, how far
// each lies from the nearest town.
func ExampleSegmentBorders() {
	border := geo.Border{A: "KAZ", B: "KGZ", Geometry: orb.MultiLineString{
		{{74.0, 43.0}, {74.5, 42.9}, {75.0, 42.85}},
	}}
	segs, err := geo.SegmentBorders([]geo.Border{border}, 25)
	if err != nil {
		fmt.Println(err)
		return
	}
	towns := []orb.Point{{74.59, 42.87}, {73.6, 43.2}} // Bishkek, and a point to the north-west
	ix, err := geo.NewIndex(towns)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range segs {
		i, km := ix.NearestToLine(s.Line)
		fmt.Printf("%s %.1f km long, %.1f km from town %d\n", s.ID, s.LengthKm, km, i)
	}
	// Output:
	// KAZ-KGZ-000-0000 27.8 km long, 22.4 km from town 0
	// KAZ-KGZ-000-0001 27.8 km long, 2.3 km from town 0
	// KAZ-KGZ-000-0002 27.8 km long, 6.1 km from town 0
}
