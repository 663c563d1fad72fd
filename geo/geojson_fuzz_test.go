package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// The fuzz tests feed arbitrary bytes to the readers, one target per
// geometry family, and check: no panic; a rejected input gives a
// *FeatureError naming the file and wrapping one of the package's
// sentinels; an accepted input, written with the layer's writer and read
// again, gives the same values (for countries: with rings rewound by the
// RFC 7946 rule), and writing those again gives the same bytes.

// gjSentinels are the errors a reader may wrap.
var gjSentinels = []error{
	ErrNotJSON, ErrNotFeatureCollection, ErrNoCountry, ErrUnknownCountry, ErrGeometryType,
	ErrEmptyGeometry, ErrBadCoordinate, ErrUnclosedRing, ErrBadProperty, ErrEmptyLayer,
}

// gjFuzzSeeds adds the fixtures, the bad-input files and the table test's
// good features of the named layers to f's corpus.
func gjFuzzSeeds(f *testing.F, layerNames ...string) {
	f.Helper()
	for _, name := range layerNames {
		b, err := os.ReadFile(filepath.Join(gjFixtureDir, "afg-tjk."+name+".geojson"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add([]byte(gjCollection(gjFirstFeature[name], gjGoodFeature[name])))
		f.Add([]byte(gjCollection(gjGoodFeature[name])))
	}
	bad, err := filepath.Glob(filepath.Join(gjFixtureDir, "bad-*.geojson"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range bad {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"type":"FeatureCollection","features":[]}`))
	f.Add([]byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[null]}`))
}

// gjFuzzRoundTrip reads data as the named layer and checks the properties
// above. normalise, if not nil, turns the values read into what a round
// trip must give.
func gjFuzzRoundTrip(t *testing.T, layer string, data []byte, normalise func(any) any) {
	t.Helper()
	const file = "fuzz.geojson"
	l := gjLayerByName(t, layer)
	v, err := l.read(bytes.NewReader(data), file)
	if err != nil {
		var fe *FeatureError
		if !errors.As(err, &fe) || fe.File != file {
			t.Fatalf("%s: error %q is not a *FeatureError for %s", layer, err, file)
		}
		if !strings.HasPrefix(err.Error(), file+": ") {
			t.Fatalf("%s: message %q does not start with the file name", layer, err)
		}
		known := false
		for _, s := range gjSentinels {
			known = known || errors.Is(err, s)
		}
		if !known {
			t.Fatalf("%s: error %q wraps none of the sentinels", layer, err)
		}
		return
	}
	out := gjEncode(t, l.layer(v))
	back, err := l.read(bytes.NewReader(out), file)
	if err != nil {
		t.Fatalf("%s: reading the written layer: %v\ninput:   %q\nwritten: %s", layer, err, data, out)
	}
	want := v
	if normalise != nil {
		want = normalise(v)
	}
	if !reflect.DeepEqual(back, want) {
		t.Fatalf("%s: round trip changed the values:\ngot  %+v\nwant %+v", layer, back, want)
	}
	if again := gjEncode(t, l.layer(back)); !bytes.Equal(again, out) {
		t.Fatalf("%s: writing again changed the bytes:\nfirst  %s\nsecond %s", layer, out, again)
	}
}

// gjRewound returns the countries with their rings rewound as WriteLayer
// writes them.
func gjRewound(v any) any {
	cs := v.([]Country)
	out := make([]Country, len(cs))
	for i, c := range cs {
		out[i] = c
		out[i].Geometry = nil
		for _, p := range c.Geometry {
			rp, err := rewindPolygon(p)
			if err != nil {
				panic("rewinding a polygon that was read: " + err.Error())
			}
			out[i].Geometry = append(out[i].Geometry, rp)
		}
	}
	return out
}

func FuzzReadCountries(f *testing.F) {
	gjFuzzSeeds(f, "countries")
	f.Fuzz(func(t *testing.T, data []byte) {
		gjFuzzRoundTrip(t, "countries", data, gjRewound)
	})
}

func FuzzReadBorders(f *testing.F) {
	gjFuzzSeeds(f, "borders")
	f.Fuzz(func(t *testing.T, data []byte) {
		gjFuzzRoundTrip(t, "borders", data, nil)
	})
}

// FuzzReadCrossings covers the Point layers: crossings, settlements and
// outposts read the same input.
func FuzzReadCrossings(f *testing.F) {
	gjFuzzSeeds(f, "crossings", "settlements", "outposts")
	f.Fuzz(func(t *testing.T, data []byte) {
		gjFuzzRoundTrip(t, "crossings", data, nil)
		gjFuzzRoundTrip(t, "settlements", data, nil)
		gjFuzzRoundTrip(t, "outposts", data, nil)
	})
}

// FuzzReadSegments covers the LineString layers: segments and roads read
// the same input.
func FuzzReadSegments(f *testing.F) {
	gjFuzzSeeds(f, "segments", "roads")
	f.Fuzz(func(t *testing.T, data []byte) {
		gjFuzzRoundTrip(t, "segments", data, nil)
		gjFuzzRoundTrip(t, "roads", data, nil)
	})
}

// FuzzCoordinates checks the readers' fast path for coordinates (the
// scanner of geojson_scan.go) against the generic decoding (into []any),
// which explains its rejections: whatever the fast one accepts, the
// generic one accepts with the same result.
func FuzzCoordinates(f *testing.F) {
	for _, c := range []string{
		`[69.5,37.2]`, `[69.5,37.2,300]`, `[]`, `[181,0]`, `[1e999,0]`, `[0,null]`, `["1",2]`,
		`[[69,37],[69.5,37.2],[70,37.1]]`, `[[69,37]]`, `[[69,37],[70,-91]]`,
		`[[[69,37],[70,37],[70,38],[69,38],[69,37]]]`, `[[[69,37],[70,37],[70,38],[69,38]]]`,
		`[[[[69,37],[70,37],[70,38],[69,38],[69,37]],[[69.2,37.2],[69.2,37.4],[69.4,37.4],[69.2,37.2]]]]`,
		`[[[[69,37],[70,37],[69,37]]]]`, `[[[[0,0],[1,0],[1,1],[0,0]]],[]]`,
	} {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return
		}
		slow := func() *featureReader { return &featureReader{file: "fuzz", index: 0} }
		if q, ok := scanCoords(raw, (*coordScan).position); ok {
			r := slow()
			if got := r.position(r.generic(raw), nil); r.err != nil || got != q {
				t.Fatalf("position %s: fast %v, generic %v, %v", raw, q, got, r.err)
			}
		}
		if ls, ok := scanCoords(raw, lineOf2); ok {
			r := slow()
			if got := r.line(r.generic(raw), nil); r.err != nil || !reflect.DeepEqual(got, ls) {
				t.Fatalf("line %s: fast %v, generic %v, %v", raw, ls, got, r.err)
			}
		}
		if poly, ok := scanCoords(raw, (*coordScan).polygon); ok {
			r := slow()
			if got := r.polygon(r.generic(raw), nil); r.err != nil || !reflect.DeepEqual(got, poly) {
				t.Fatalf("polygon %s: fast %v, generic %v, %v", raw, poly, got, r.err)
			}
		}
		// Whole geometries through the readers' entry points.
		for _, typ := range []string{"MultiLineString", "MultiPolygon"} {
			r := &featureReader{file: "fuzz", geom: json.RawMessage(`{"type":"` + typ + `","coordinates":` + string(raw) + `}`)}
			var got any
			if typ == "MultiLineString" {
				got = r.multiLineString()
			} else {
				got = r.multiPolygon()
			}
			if r.err == nil {
				// Accepted: every position must be a valid lon/lat.
				if _, err := RFC7946Geometry(got.(orb.Geometry)); err != nil {
					t.Fatalf("%s %s accepted, but %v", typ, raw, err)
				}
			}
		}
	})
}
