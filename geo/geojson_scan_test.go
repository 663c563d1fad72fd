package geo

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// readBothPaths reads data as layer twice, with the fast path and with
// encoding/json alone, and fails unless both give the same layer or the
// same error.
func readBothPaths(t *testing.T, l gjLayerIO, data []byte) {
	t.Helper()
	read := func(decode bool) (any, string) {
		decodeOnly = decode
		defer func() { decodeOnly = false }()
		v, err := l.read(bytes.NewReader(data), "in.geojson")
		if err != nil {
			return nil, err.Error()
		}
		return v, ""
	}
	fastV, fastErr := read(false)
	slowV, slowErr := read(true)
	if fastErr != slowErr {
		t.Fatalf("%s of %s: fast path error %q, encoding/json %q", l.name, clip(data, 200), fastErr, slowErr)
	}
	if !reflect.DeepEqual(fastV, slowV) {
		t.Fatalf("%s of %s: fast path read %v, encoding/json %v", l.name, clip(data, 200), fastV, slowV)
	}
}

// scanCases are inputs where the fast path must give up or must agree
// with encoding/json on a detail: escapes, duplicate members, odd white
// space, numbers at the edges of float64, invalid JSON.
func scanCases() []string {
	pt := func(props, coords string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{` + props +
			`},"geometry":{"type":"Point","coordinates":` + coords + `}}]}`
	}
	const set = `"id":"s1","name":"Kunduz","country":"AFG","population":1000`
	const cross = `"id":"x1","name":"Termez","a":"AFG","b":"UZB","mode":"bridge","regime":"full"`
	return []string{
		pt(set, `[68.86,36.73]`),
		pt(set, `[68.86,36.73,400]`),
		pt(set, `[68.86,36.73,400,1]`),
		pt(set, `[68.86]`),
		pt(set, `[-0,-0.0]`),
		pt(set, `[1e400,0]`),
		pt(set, `[1e-400,0]`),
		pt(set, `[181,0]`),
		pt(set, `[0,null]`),
		pt(set, `["1",2]`),
		pt(set, `[01,2]`),
		pt(set, `[1.,2]`),
		pt(set, `[1e,2]`),
		pt(set, `[ 68.86 , 36.73 ]`),
		pt(set, `[68.860000000000000000000001,36.73E+0]`),
		pt(`"id":"s\u0031","name":"K\u00fcnd\"uz","country":"AFG"`, `[68.86,36.73]`),
		pt(`"id":"s1","name":"Kunduz","name":"Other","country":"AFG"`, `[68.86,36.73]`),
		pt(`"i\u0064":"s1","name":"Kunduz","country":"AFG"`, `[68.86,36.73]`),
		pt(`"id":"s1","name":"K`+"\xff"+`","country":"AFG"`, `[68.86,36.73]`),
		pt(`"id":"s1","name":"K`+"\x01"+`","country":"AFG"`, `[68.86,36.73]`),
		pt(`"id":"s1","name":"Kunduz","country":"AFG","population":null`, `[68.86,36.73]`),
		pt(`"id":"s1","name":"Kunduz","country":"AFG","population":1.5`, `[68.86,36.73]`),
		pt(`"id":"s1","name":["K"],"country":"AFG","extra":{"a":[1,{"b":null}]}`, `[68.86,36.73]`),
		pt(`"id":"s1","name":"Kunduz","country":"af"`, `[68.86,36.73]`),
		pt(cross, `[67.3,37.2]`),
		pt(cross+`,"scanner":true,"dogs":false,"inspection_rate":0.2,"wait_hours":null`, `[67.3,37.2]`),
		pt(cross+`,"scanner":"yes"`, `[67.3,37.2]`),
		pt(`"id":"o1","country":"TJK","source":"modelled"`, `[69,37]`),
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[1,2]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"properties":null,"geometry":{"type":"Point","coordinates":[1,2]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":[],"geometry":null}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feat\u0075re","properties":{},"geometry":null}]}`,
		`{"type":"FeatureCollection","features":[null]}`,
		`{"type":"FeatureCollection","features":[]}`,
		`{"type":"FeatureCollection","features":{}}`,
		`{"type":"FeatureCollection"}`,
		`{"type":"Feature","features":[]}`,
		`{"type":"FeatureCollection","crs":null,"features":[{"type":"Feature","properties":{"id":"o1","country":"TJK","source":"user"},"geometry":{"type":"Point","coordinates":[69,37]}}]}`,
		`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[{"type":"Feature","properties":{"id":"o1","country":"TJK","source":"user"},"geometry":{"type":"Point","coordinates":[69,37]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"o1","country":"TJK","source":"user"},"geometry":{"type":"Point","coordinates":[69,37]}}],"features":[]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"o1","country":"TJK","source":"user"},"geometry":{"coordinates":[69,37],"type":"Point","bbox":[1,2,3,4]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"o1","country":"TJK","source":"user"},"geometry":{"type":"Po\u0069nt","coordinates":[69,37]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"o1","country":"TJK","source":"user"},"geometry":{"type":"Point","coordinates":[69,37],"type":"LineString"}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"o1","country":"TJK","source":"user"},"geometry":{"type":"Point"}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"o1","country":"TJK","source":"user"},"geometry":[]}]}`,
		` {"type" : "FeatureCollection" , "features" : [ { "type" : "Feature" , "properties" : { "id" : "o1" , "country" : "TJK" , "source" : "user" } , "geometry" : { "type" : "Point" , "coordinates" : [ 69 , 37 ] } } ] } `,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"o1","country":"TJK","source":"user"},"geometry":{"type":"Point","coordinates":[69,37]}}]} x`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"o1","country":"TJK","source":"user"},"geometry":{"type":"Point","coordinates":[69,37]}},]}`,
		"\ufeff" + `{"type":"FeatureCollection","features":[]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"r1","highway":"trunk","maxspeed":"60 mph","osm_id":7},"geometry":{"type":"MultiLineString","coordinates":[[[69,37],[70,37]],[[70,37],[71,38]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":"AFG","b":"TJK"},"geometry":{"type":"MultiLineString","coordinates":[]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":"AFG","b":"TJK"},"geometry":{"type":"MultiLineString","coordinates":[[[69,37]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":"AFG","b":"TJK"},"geometry":{"type":"LineString","coordinates":[[69,37],[70,37],[70.5,37.5,3]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"AFG"},"geometry":{"type":"Polygon","coordinates":[[[69,37],[70,37],[70,38],[69,38],[69,37]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"AFG"},"geometry":{"type":"Polygon","coordinates":[[[69,37],[70,37],[70,38],[69,38]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"AFG"},"geometry":{"type":"Polygon","coordinates":[[[69,37],[70,37],[69,37]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"AFG"},"geometry":{"type":"MultiPolygon","coordinates":[[[[69,37],[70,37],[70,38],[69,38],[69,37]],[[69.2,37.2],[69.4,37.4],[69.2,37.4],[69.2,37.2]]],[]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"AFG"},"geometry":{"type":"MultiPolygon","coordinates":[[[[69,37],[70,37],[70,38],[69,38],[69,37]],[[69.2,37.2],[69.4,37.4],[69.2,37.4],[69.2,37.2]]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"g1","a":"AFG","b":"TJK","length_km":1,"settlement_km_a":null,"settlement_km_b":2,"outpost_km_a":3,"outpost_km_b":4,"crossing_km_a":5,"crossing_km_b":6},"geometry":{"type":"LineString","coordinates":[[69,37],[69.01,37]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Kunduz","country":"AFG","weight":2,"source":"x"},"geometry":{"type":"Point","coordinates":[68.86,36.73]}}]}`,
		strings.Repeat("[", 2000) + strings.Repeat("]", 2000),
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"x":` + strings.Repeat("[", 1500) + strings.Repeat("]", 1500) + `},"geometry":null}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"x":"\u12"},"geometry":null}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"x":tru},"geometry":null}]}`,
		``,
		`   `,
	}
}

// TestScanMatchesDecoder reads the embedded Northern Route layers, the
// fixtures and scanCases with every reader, with and without the fast
// path, and wants the same layers and the same errors.
func TestScanMatchesDecoder(t *testing.T) {
	var inputs [][]byte
	for _, dir := range []string{gjEmbeddedDir, gjFixtureDir} {
		files, err := filepath.Glob(filepath.Join(dir, "*.geojson"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no GeoJSON in %s: %v", dir, err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, b)
		}
	}
	for _, c := range scanCases() {
		inputs = append(inputs, []byte(c))
	}
	for i, in := range inputs {
		for _, l := range gjLayers {
			t.Run(fmt.Sprintf("%d/%s", i, l.name), func(t *testing.T) { readBothPaths(t, l, in) })
		}
	}
}

// TestScanTakesCommonCase checks that the fast path does read the embedded
// layers (so that TestScanMatchesDecoder compares two paths, not one), and
// gives up on inputs only encoding/json can judge.
func TestScanTakesCommonCase(t *testing.T) {
	for _, name := range []string{"countries", "borders", "settlements", "crossings"} {
		b, err := os.ReadFile(filepath.Join(gjEmbeddedDir, name+".geojson"))
		if err != nil {
			t.Fatal(err)
		}
		if feats, ok := scanCollection(b, name); !ok || len(feats) == 0 {
			t.Errorf("%s: fast path gave up (%d features)", name, len(feats))
		}
	}
	for _, in := range []string{
		`{"type":"FeatureCollection","features":[{"type":"Feat\u0075re","properties":{},"geometry":null}]}`,
		`{"type":"FeatureCollection","features":[null]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1},"geometry":null}]} x`,
		`{"type":"FeatureCollection","crs":{},"features":[{"type":"Feature","properties":{"a":1},"geometry":null}]}`,
	} {
		if _, ok := scanCollection([]byte(in), "in"); ok {
			t.Errorf("%s: fast path read it, want encoding/json to", in)
		}
	}
	for _, c := range []struct {
		raw  string
		want bool
	}{{`[69,37]`, true}, {`[69,37,1]`, true}, {`[69,37,1,2]`, false}, {`[69]`, false}, {`[69,91]`, false}, {`[69,1e999]`, false}, {`[69,37] ,`, false}} {
		if _, ok := scanCoords([]byte(c.raw), (*coordScan).position); ok != c.want {
			t.Errorf("position %s: got %v, want %v", c.raw, ok, c.want)
		}
	}
}

// FuzzScanCollection reads any input with every reader along both paths
// and wants the same answer.
func FuzzScanCollection(f *testing.F) {
	for _, name := range []string{"countries", "borders", "settlements", "crossings", "outposts", "segments", "roads"} {
		f.Add([]byte(gjCollection(gjFirstFeature[name], gjGoodFeature[name])))
	}
	for _, c := range scanCases() {
		if len(c) < 2000 { // small seeds: the fuzzer mutates them faster
			f.Add([]byte(c))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, l := range gjLayers {
			readBothPaths(t, l, data)
		}
	})
}
