package geo

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestParseMaxSpeed(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
		err  string // in the message; "" for no error
	}{
		{"60", 60, ""},
		{" 90 ", 90, ""},
		{"60 km/h", 60, ""},
		{"60km/h", 60, ""},
		{"40 mph", 64.37376, ""},
		{"20 knots", 37.04, ""},
		{"7.5", 7.5, ""},
		{"none", 0, ""},
		{"signals", 0, ""},
		{"RU:rural", 0, ""},
		{"TJ:urban", 0, ""},
		{"fast", 0, `"fast"`},
		{"", 0, "want a number"},
		{"0", 0, "above 0"},
		{"-5", 0, `"-5"`},
		{"60 kmph", 0, `unit "kmph"`},
		{"60;80", 0, `unit ";80"`},
		{"1000", 0, "at most 400"},
		{"ru:rural", 0, `"ru:rural"`},
	} {
		got, err := ParseMaxSpeed(tt.in)
		if tt.err == "" {
			if err != nil || math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("ParseMaxSpeed(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseMaxSpeed(%q) = %v, %v; want an error containing %q", tt.in, got, err, tt.err)
		}
	}
}

// osmRoads is a road layer as QGIS exports OpenStreetMap ways: numeric
// osm_id, highway or railway, maxspeed strings, ref without name, a
// MultiLineString.
const osmRoads = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"osm_id":24180394,"highway":"trunk","ref":"M41","maxspeed":"90"},
 "geometry":{"type":"LineString","coordinates":[[68.78,38.54],[69.1,37.24]]}},
{"type":"Feature","properties":{"osm_id":"way/55","railway":"rail","name":"Termez – Hairatan","maxspeed":"40 mph","country":"UZB"},
 "geometry":{"type":"MultiLineString","coordinates":[[[67.28,37.22],[67.3,37.2]],[[67.3,37.2],[67.31,37.18]]]}},
{"type":"Feature","properties":{"class":"track","maxspeed":null,"name":null},
 "geometry":{"type":"LineString","coordinates":[[71.5,37.5],[71.6,36.7]]}},
{"type":"Feature","properties":{"id":"r9","highway":"primary","maxspeed":60,"name":"Kulob road","ref":"RB10"},
 "geometry":{"type":"LineString","coordinates":[[69.7,37.9],[69.8,37.6]]}}
]}`

func TestReadRoadsOSM(t *testing.T) {
	got, err := ReadRoads(strings.NewReader(osmRoads), "roads.geojson")
	if err != nil {
		t.Fatal(err)
	}
	want := []Road{
		{ID: "24180394", Name: "M41", Class: "trunk", MaxSpeedKmh: 90, Line: orb.LineString{{68.78, 38.54}, {69.1, 37.24}}},
		{ID: "way/55/0", Name: "Termez – Hairatan", Country: "UZB", Class: "rail", MaxSpeedKmh: 40 * 1.609344, Line: orb.LineString{{67.28, 37.22}, {67.3, 37.2}}},
		{ID: "way/55/1", Name: "Termez – Hairatan", Country: "UZB", Class: "rail", MaxSpeedKmh: 40 * 1.609344, Line: orb.LineString{{67.3, 37.2}, {67.31, 37.18}}},
		{ID: "road:2", Class: "track", Line: orb.LineString{{71.5, 37.5}, {71.6, 36.7}}},
		{ID: "r9", Name: "Kulob road", Class: "primary", MaxSpeedKmh: 60, Line: orb.LineString{{69.7, 37.9}, {69.8, 37.6}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
	// What RoadsLayer writes, ReadRoads reads back unchanged.
	back, err := ReadRoads(strings.NewReader(string(gjEncode(t, RoadsLayer(got)))), "back.geojson")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, got) {
		t.Errorf("round trip: got\n%+v\nwant\n%+v", back, got)
	}
}

func TestReadRoadsBad(t *testing.T) {
	line := `"geometry":{"type":"LineString","coordinates":[[68,38],[69,37]]}`
	for _, tt := range []struct {
		name, props string
		prop, msg   string
	}{
		{"bad maxspeed", `"highway":"trunk","maxspeed":"fast"`, "maxspeed", `"fast"`},
		{"negative maxspeed number", `"maxspeed":-10`, "maxspeed", "above 0"},
		{"maxspeed object", `"maxspeed":{}`, "maxspeed", "want a string"},
		{"fractional osm_id", `"osm_id":1.5`, "osm_id", "whole number"},
		{"duplicate id", `"id":"a"`, "id", `"a" repeats feature 0`},
		{"unknown country", `"id":"b","country":"ABC"`, "country", `"ABC"`},
		{"class number", `"highway":7`, "highway", "want a string"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},` + line + `},
{"type":"Feature","properties":{` + tt.props + `},` + line + `}]}`
			_, err := ReadRoads(strings.NewReader(in), "roads.geojson")
			var fe *FeatureError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *FeatureError", err)
			}
			if fe.Index != 1 || fe.Property != tt.prop || !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), "roads.geojson") {
				t.Errorf("got %q (feature %d, property %q), want feature 1, property %q, containing %q", err, fe.Index, fe.Property, tt.prop, tt.msg)
			}
		})
	}
}

const placesLayer = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Kunduz","country":"AFG","weight":3},"geometry":{"type":"Point","coordinates":[68.857,36.729]}},
{"type":"Feature","properties":{"id":"o2","name":"Fayzabad","country":"AFG","weight":0.5,"source":"assumption"},"geometry":{"type":"Point","coordinates":[70.579,37.116]}},
{"type":"Feature","properties":{"name":"Prishtina","country":"XKX","weight":0},"geometry":{"type":"Point","coordinates":[21.166,42.667]}}
]}`

func TestReadPlaces(t *testing.T) {
	got, err := ReadPlaces(strings.NewReader(placesLayer), "origins.geojson")
	if err != nil {
		t.Fatal(err)
	}
	want := []Place{
		{ID: "Kunduz", Name: "Kunduz", Country: "AFG", Weight: 3, Point: orb.Point{68.857, 36.729}},
		{ID: "o2", Name: "Fayzabad", Country: "AFG", Weight: 0.5, Source: "assumption", Point: orb.Point{70.579, 37.116}},
		{ID: "Prishtina", Name: "Prishtina", Country: "XKX", Weight: 0, Point: orb.Point{21.166, 42.667}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
	back, err := ReadPlaces(strings.NewReader(string(gjEncode(t, PlacesLayer(got)))), "back.geojson")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, got) {
		t.Errorf("round trip: got\n%+v\nwant\n%+v", back, got)
	}
}

func TestReadPlacesBad(t *testing.T) {
	pt := `"geometry":{"type":"Point","coordinates":[68,38]}`
	for _, tt := range []struct {
		name, props string
		prop, msg   string
	}{
		{"no weight", `"name":"B","country":"AFG"`, "weight", "missing"},
		{"negative weight", `"name":"B","country":"AFG","weight":-1`, "weight", "negative"},
		{"weight string", `"name":"B","country":"AFG","weight":"1"`, "weight", "want a number"},
		{"no name", `"country":"AFG","weight":1`, "name", "missing"},
		{"empty name", `"name":"","country":"AFG","weight":1`, "name", "empty"},
		{"no country", `"name":"B","weight":1`, "country", "missing"},
		{"same name, no ids", `"name":"A","country":"AFG","weight":1`, "name", `"A" repeats feature 0`},
		{"alpha-2 code", `"name":"B","country":"AF","weight":1`, "country", `"AFG"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A","country":"AFG","weight":1},` + pt + `},
{"type":"Feature","properties":{` + tt.props + `},` + pt + `}]}`
			_, err := ReadPlaces(strings.NewReader(in), "origins.geojson")
			var fe *FeatureError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *FeatureError", err)
			}
			if fe.Index != 1 || fe.Property != tt.prop || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %q (feature %d, property %q), want feature 1, property %q, containing %q", err, fe.Index, fe.Property, tt.prop, tt.msg)
			}
		})
	}
}

func TestIsUserAssignedCode(t *testing.T) {
	for code, want := range map[string]bool{
		"XKX": true, "AAA": true, "AAZ": true, "QMA": true, "QZZ": true, "XAA": true, "XZZ": true, "ZZZ": true,
		"AFG": false, "ABA": false, "QLZ": false, "ZZY": false, "xkx": false, "XK": false, "XKXX": false, "": false,
	} {
		if got := IsUserAssignedCode(code); got != want {
			t.Errorf("IsUserAssignedCode(%q) = %v, want %v", code, got, want)
		}
	}
	// No assigned code lies in the user-assigned ranges.
	for _, c := range isoCountries {
		if IsUserAssignedCode(c.alpha3) {
			t.Errorf("%s is assigned (%s) but counted as user-assigned", c.alpha3, c.name)
		}
	}
	cs, err := ReadCountries(strings.NewReader(`{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"XKX"},"geometry":{"type":"Polygon","coordinates":[[[20,42],[21,42],[21,43],[20,43],[20,42]]]}}]}`), "countries.geojson")
	if err != nil {
		t.Fatal(err)
	}
	if cs[0].Code != "XKX" || cs[0].Name != "XKX" {
		t.Errorf("got %+v, want code and name XKX", cs[0])
	}
}

// FuzzReadPlaces reads arbitrary input as a places layer: no panic, and
// what is read writes and reads back the same.
func FuzzReadPlaces(f *testing.F) {
	f.Add([]byte(placesLayer))
	f.Add([]byte(osmRoads))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := ReadPlaces(strings.NewReader(string(data)), "fuzz")
		if err != nil {
			return
		}
		back, err := ReadPlaces(strings.NewReader(string(gjEncode(t, PlacesLayer(ps)))), "back")
		if err != nil {
			t.Fatalf("written layer does not read back: %v", err)
		}
		if !reflect.DeepEqual(back, ps) {
			t.Fatalf("round trip changed %v to %v", ps, back)
		}
	})
}
