package geo_test

import (
	"fmt"
	"log"
	"os"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
)

// A layer goes to any writer as WriteLayer writes its file: one feature a
// line, property keys sorted, the clockwise ring rewound.
func ExampleEncodeLayer() {
	fc := geojson.NewFeatureCollection()
	f := geojson.NewFeature(orb.Polygon{{{67, 37}, {67, 38}, {68, 38}, {67, 37}}})
	f.Properties = geojson.Properties{"name": "Termez & Hairatan", "code": "UZB"}
	fc.Append(f)
	if err := geo.EncodeLayer(os.Stdout, fc); err != nil {
		log.Fatal(err)
	}
	// Output:
	// {"type":"FeatureCollection","features":[
	// {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[67,37],[68,38],[67,38],[67,37]]]},"properties":{"code":"UZB","name":"Termez \u0026 Hairatan"}}
	// ]}
}

// AppendFeature writes one feature into a caller's buffer, the bytes
// json.Marshal would give, without reflection.
func ExampleAppendFeature() {
	f := geojson.NewFeature(orb.Point{68.78, 38.56})
	f.Properties = geojson.Properties{"name": "Душанбе", "population": 863400, "p": 1e-7}
	b, err := geo.AppendFeature(nil, f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	// Output:
	// {"type":"Feature","geometry":{"type":"Point","coordinates":[68.78,38.56]},"properties":{"name":"Душанбе","p":1e-7,"population":863400}}
}
