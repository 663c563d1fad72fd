package topojson_test

import (
	"fmt"
	"strings"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/geo/topojson"
)

// Decode a quantized topology of two countries that share one arc, and
// read their polygons and their border.
func ExampleDecode() {
	const input = `{"type":"Topology",
	 "transform":{"scale":[0.5,0.25],"translate":[60,40]},
	 "objects":{"countries":{"type":"GeometryCollection","geometries":[
	  {"type":"Polygon","id":"795","properties":{"name":"West"},"arcs":[[1,0]]},
	  {"type":"Polygon","id":"860","properties":{"name":"East"},"arcs":[[2,-1]]}]}},
	 "arcs":[[[2,0],[0,4]],[[2,4],[-2,0],[0,-4],[2,0]],[[2,0],[2,0],[0,4],[-2,0]]]}`
	topo, err := topojson.Decode(strings.NewReader(input), "example.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	// world-atlas ids are ISO 3166-1 numeric codes.
	alpha3 := map[string]string{"795": "TKM", "860": "UZB"}
	code := func(id string, _ map[string]any) (string, bool) {
		c, ok := alpha3[id]
		return c, ok
	}
	countries, err := topo.Countries("countries", code)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range countries {
		fmt.Println(c.Code, c.Name, c.Geometry[0][0])
	}
	borders, err := topo.Borders("countries", code)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range borders {
		fmt.Printf("%s %v %.1f km\n", b.Pair(), b.Geometry, geo.MultiLineLengthKm(b.Geometry))
	}
	// Output:
	// TKM West [[61 41] [60 41] [60 40] [61 40] [61 41]]
	// UZB East [[61 40] [62 40] [62 41] [61 41] [61 40]]
	// TKM-UZB [[[61 40] [61 41]]] 111.3 km
}
