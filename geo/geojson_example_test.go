package geo_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// A crossings layer of two features: a bridge on the Tajik–Afghan border
// and a Caspian sea port (b is "" for a port; scanner and dogs may be left
// out). The positions are the fixture's (testdata/geojson) and GeoNames'
// Aktau; the equipment is made up for the example.
const crossingsLayer = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"TJK-AFG-khorog-tem","name":"Khorog – Tem bridge","a":"TJK","b":"AFG",
 "mode":"bridge","regime":"full","scanner":false,"dogs":true,"source":"example"},
 "geometry":{"type":"Point","coordinates":[71.509543,37.492524]}},
{"type":"Feature","properties":{"id":"KAZ-aktau","name":"Aktau sea port","a":"KAZ","b":"",
 "mode":"ferry","regime":"tir_sealed","source":"example"},
 "geometry":{"type":"Point","coordinates":[51.17392,43.66105]}}
]}`

func ExampleReadCrossings() {
	xs, err := geo.ReadCrossings(strings.NewReader(crossingsLayer), "crossings.geojson")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, x := range xs {
		a, _ := geo.CountryName(x.A)
		b := "the sea"
		if x.B != "" {
			b, _ = geo.CountryName(x.B)
		}
		fmt.Printf("%s (%s, %s): %s to %s at %.3f°E %.3f°N, dogs %v\n",
			x.Name, x.Mode, x.Regime, a, b, x.Point[0], x.Point[1], x.Dogs)
	}
	// Output:
	// Khorog – Tem bridge (bridge, full): Tajikistan to Afghanistan at 71.510°E 37.493°N, dogs true
	// Aktau sea port (ferry, tir_sealed): Kazakhstan to the sea at 51.174°E 43.661°N, dogs false
}

// Bad input gives a *geo.FeatureError that names the file, the feature and
// the property, and wraps one of the package's sentinel errors.
func ExampleReadCrossings_error() {
	bad := strings.Replace(crossingsLayer, `"mode":"ferry"`, `"mode":"boat"`, 1)
	_, err := geo.ReadCrossings(strings.NewReader(bad), "crossings.geojson")
	fmt.Println(err)
	var fe *geo.FeatureError
	if errors.As(err, &fe) && errors.Is(err, geo.ErrBadProperty) {
		fmt.Printf("feature %d, property %s\n", fe.Index, fe.Property)
	}
	// Output:
	// crossings.geojson: feature 1: property "mode": geo: bad property value: "boat" is not one of road, rail, bridge, ferry
	// feature 1, property mode
}

// A layer is written with its ...Layer function and WriteLayer, and read
// back with the matching Read function.
func ExampleWriteLayer() {
	dir, err := os.MkdirTemp("", "routerisk-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	// GeoNames positions; the populations are made up for the example.
	towns := []geo.Settlement{
		{ID: "geonames:TJ:Panj", Name: "Panj", Country: "TJK", Point: orb.Point{69.09911, 37.23634}, Population: 9000},
		{ID: "geonames:AF:Kunduz", Name: "Kunduz", Country: "AFG", Point: orb.Point{68.857, 36.72895}, Population: 0},
	}
	path := filepath.Join(dir, "settlements.geojson")
	if err := geo.WriteLayer(path, geo.SettlementsLayer(towns)); err != nil {
		fmt.Println(err)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	back, err := geo.ReadSettlements(f, path)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range back {
		fmt.Printf("%s, %s: %v, population %d\n", s.Name, s.Country, s.Point, s.Population)
	}
	// Output:
	// Panj, TJK: [69.09911 37.23634], population 9000
	// Kunduz, AFG: [68.857 36.72895], population 0
}

func ExampleAlpha3FromNumeric() {
	for _, n := range []string{"4", "762", "398", "999"} {
		code, ok := geo.Alpha3FromNumeric(n)
		name, _ := geo.CountryName(code)
		fmt.Printf("%s: %q %q %v\n", n, code, name, ok)
	}
	// Output:
	// 4: "AFG" "Afghanistan" true
	// 762: "TJK" "Tajikistan" true
	// 398: "KAZ" "Kazakhstan" true
	// 999: "" "" false
}
