package geo_test

import (
	"fmt"

	"github.com/routerisk/routerisk/geo"
)

// ExampleReadCorridorDir reads a corridor folder: its corridor.json names
// the layer files; borders are derived and outposts modelled.
func ExampleReadCorridorDir() {
	c, err := geo.ReadCorridorDir("../testdata/corridors/afg-tjk")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Name)
	for _, b := range c.Borders {
		fmt.Printf("border %s: %.0f km\n", b.Pair(), geo.MultiLineLengthKm(b.Geometry))
	}
	for _, p := range c.Origins {
		fmt.Printf("origin %s (%s), weight %g\n", p.Name, p.Country, p.Weight)
	}
	for _, p := range c.Destinations {
		fmt.Printf("destination %s (%s), weight %g\n", p.Name, p.Country, p.Weight)
	}
	// Output:
	// Afghanistan – Tajikistan (test corridor)
	// border AFG-TJK: 1173 km
	// origin Kunduz (AFG), weight 2
	// origin Fayzabad (AFG), weight 1
	// destination Dushanbe (TJK), weight 3
	// destination Khorugh (TJK), weight 1
}
