package geo

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/simplify"
)

var gjUpdateFixtures = flag.Bool("update-fixtures", false, "rebuild testdata/geojson/afg-tjk.*.geojson from the Northern Route data in northernroute/data")

// gjFixtureDir holds the GeoJSON fixtures shared by the tests of the module.
const gjFixtureDir = "../testdata/geojson"

// gjEmbeddedDir holds the Northern Route's layers, the source of the
// fixtures and the large inputs of the benchmarks.
const gjEmbeddedDir = "../northernroute/data"

// embeddedBorders reads the Northern Route's borders.
func embeddedBorders(t testing.TB) []Border {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(gjEmbeddedDir, "borders.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	bs, err := ReadBorders(bytes.NewReader(b), "borders.geojson")
	if err != nil {
		t.Fatal(err)
	}
	return bs
}

// embeddedSegments cuts the Northern Route's borders into segments of
// about km.
func embeddedSegments(t testing.TB, km float64) []Segment {
	t.Helper()
	segs, err := SegmentBorders(embeddedBorders(t), km)
	if err != nil {
		t.Fatal(err)
	}
	return segs
}

// gjLayerIO reads and writes one layer kind through the package's API, with
// values as any so that one table covers all seven layers.
type gjLayerIO struct {
	name  string
	read  func(r io.Reader, file string) (any, error)
	layer func(v any) *geojson.FeatureCollection
}

var gjLayers = []gjLayerIO{
	{"countries", func(r io.Reader, f string) (any, error) { return ReadCountries(r, f) },
		func(v any) *geojson.FeatureCollection { return CountriesLayer(v.([]Country)) }},
	{"borders", func(r io.Reader, f string) (any, error) { return ReadBorders(r, f) },
		func(v any) *geojson.FeatureCollection { return BordersLayer(v.([]Border)) }},
	{"settlements", func(r io.Reader, f string) (any, error) { return ReadSettlements(r, f) },
		func(v any) *geojson.FeatureCollection { return SettlementsLayer(v.([]Settlement)) }},
	{"crossings", func(r io.Reader, f string) (any, error) { return ReadCrossings(r, f) },
		func(v any) *geojson.FeatureCollection { return CrossingsLayer(v.([]Crossing)) }},
	{"outposts", func(r io.Reader, f string) (any, error) { return ReadOutposts(r, f) },
		func(v any) *geojson.FeatureCollection { return OutpostsLayer(v.([]Outpost)) }},
	{"roads", func(r io.Reader, f string) (any, error) { return ReadRoads(r, f) },
		func(v any) *geojson.FeatureCollection { return RoadsLayer(v.([]Road)) }},
	{"segments", func(r io.Reader, f string) (any, error) { return ReadSegments(r, f) },
		func(v any) *geojson.FeatureCollection { return SegmentsLayer(v.([]Segment)) }},
}

func gjLayerByName(t testing.TB, name string) gjLayerIO {
	t.Helper()
	for _, l := range gjLayers {
		if l.name == name {
			return l
		}
	}
	t.Fatalf("no layer %q", name)
	return gjLayerIO{}
}

// gjEncode returns the bytes WriteLayer writes for fc.
func gjEncode(t testing.TB, fc *geojson.FeatureCollection) []byte {
	t.Helper()
	out, err := rfc7946("test", fc)
	if err != nil {
		t.Fatalf("rfc7946: %v", err)
	}
	var b bytes.Buffer
	if err := encodeCollection(&b, out); err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b.Bytes()
}

// gjReadFixture returns the bytes of testdata/geojson/name.
func gjReadFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(gjFixtureDir, name))
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return b
}

// TestFixtures reads each fixture layer, writes it with WriteLayer, checks
// the bytes against the fixture (a golden file: the fixtures were written by
// WriteLayer) and reads the written file back to the same values.
func TestFixtures(t *testing.T) {
	if *gjUpdateFixtures {
		gjWriteFixtures(t)
	}
	for _, l := range gjLayers {
		t.Run(l.name, func(t *testing.T) {
			name := "afg-tjk." + l.name + ".geojson"
			want := gjReadFixture(t, name)
			v, err := l.read(bytes.NewReader(want), name)
			if err != nil {
				t.Fatal(err)
			}
			if n := reflect.ValueOf(v).Len(); n < 2 {
				t.Fatalf("fixture has %d features, want at least 2", n)
			}
			path := filepath.Join(t.TempDir(), name)
			if err := WriteLayer(path, l.layer(v)); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				got1 := filepath.Join(gjFixtureDir, name+".got")
				os.WriteFile(got1, got, 0o644)
				t.Errorf("written layer differs from the fixture; wrote it to %s", got1)
			}
			back, err := l.read(bytes.NewReader(got), path)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, v) {
				t.Errorf("round trip changed the layer:\ngot  %v\nwant %v", back, v)
			}
		})
	}
}

// TestFixtureFacts checks the fixtures' contents against facts: Dushanbe
// and Kunduz where GeoNames puts them, the AFG–TJK border of plausible
// length, the segments' midpoints on their lines.
func TestFixtureFacts(t *testing.T) {
	cs, err := ReadCountries(bytes.NewReader(gjReadFixture(t, "afg-tjk.countries.geojson")), "countries")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].Code != "AFG" || cs[1].Code != "TJK" {
		t.Fatalf("countries %v, want AFG and TJK", cs)
	}
	for _, c := range cs {
		for _, p := range c.Geometry {
			if o := p[0].Orientation(); o != orb.CCW {
				t.Errorf("%s: outer ring orientation %v, want CCW", c.Code, o)
			}
		}
	}
	ss, err := ReadSettlements(bytes.NewReader(gjReadFixture(t, "afg-tjk.settlements.geojson")), "settlements")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]orb.Point{}
	for _, s := range ss {
		found[s.Name] = s.Point
	}
	for name, want := range map[string]orb.Point{"Dushanbe": {68.77905, 38.53575}, "Kunduz": {68.857, 36.72895}} {
		if got := found[name]; got != want {
			t.Errorf("%s at %v, want %v", name, got, want)
		}
	}
	bs, err := ReadBorders(bytes.NewReader(gjReadFixture(t, "afg-tjk.borders.geojson")), "borders")
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 || bs[0].Pair() != "AFG-TJK" || bs[1].Pair() != "AFG-UZB" {
		t.Fatalf("borders %v, want AFG-TJK and AFG-UZB", bs)
	}
	// Factbook: 1,357 km; Natural Earth 1:10m runs 5–20% below, and the
	// fixture is simplified further.
	if km := MultiLineLengthKm(bs[0].Geometry); km < 900 || km > 1357 {
		t.Errorf("AFG-TJK fixture border is %.0f km, want 900–1357", km)
	}
	segs, err := ReadSegments(bytes.NewReader(gjReadFixture(t, "afg-tjk.segments.geojson")), "segments")
	if err != nil {
		t.Fatal(err)
	}
	var nulls int
	for _, s := range segs {
		if d := PointLineDistanceKm(s.Mid, s.Line); d > 1e-6 {
			t.Errorf("%s: Mid %v is %g km off the line", s.ID, s.Mid, d)
		}
		if math.Abs(s.LengthKm-LineLengthKm(s.Line)) > 1e-9 {
			t.Errorf("%s: length_km %v, line is %v km", s.ID, s.LengthKm, LineLengthKm(s.Line))
		}
		if math.IsInf(s.Remote.OutpostKm[0], 1) {
			nulls++
		}
	}
	if nulls != len(segs) {
		t.Errorf("%d of %d segments have a null outpost_km_a, want all (the fixture has no AFG posts)", nulls, len(segs))
	}
}

// TestEmbeddedData reads the embedded Northern Route layers and writes them
// back unchanged.
func TestEmbeddedData(t *testing.T) {
	for _, name := range []string{"countries", "borders", "settlements", "crossings"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(gjEmbeddedDir, name+".geojson")
			data, err := os.ReadFile(path) // embedded, so always there
			if err != nil {
				t.Fatal(err)
			}
			l := gjLayerByName(t, name)
			v, err := l.read(bytes.NewReader(data), path)
			if err != nil {
				t.Fatal(err)
			}
			back, err := l.read(bytes.NewReader(gjEncode(t, l.layer(v))), path)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, v) {
				t.Errorf("round trip changed %s", path)
			}
		})
	}
}

// TestRoundTripRandom writes random layers and reads them back.
func TestRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(2012, 2016))
	for _, l := range gjLayers {
		t.Run(l.name, func(t *testing.T) {
			for trial := 0; trial < 20; trial++ {
				v := gjRandomLayer(rng, l.name, 1+rng.IntN(12))
				path := filepath.Join(t.TempDir(), l.name+".geojson")
				if err := WriteLayer(path, l.layer(v)); err != nil {
					t.Fatal(err)
				}
				f, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				got, err := l.read(f, path)
				f.Close()
				if err != nil {
					t.Fatalf("trial %d: %v", trial, err)
				}
				if !reflect.DeepEqual(got, v) {
					t.Fatalf("trial %d: round trip changed the layer:\ngot  %+v\nwant %+v", trial, got, v)
				}
			}
		})
	}
}

// gjRandomLayer returns n random values of the named layer, valid and with
// right-hand rings, so that they survive a round trip unchanged.
func gjRandomLayer(rng *rand.Rand, name string, n int) any {
	code := func() string { return isoCountries[rng.IntN(len(isoCountries))].alpha3 }
	pair := func() (string, string) {
		for {
			a, b := code(), code()
			if a < b {
				return a, b
			}
			if b < a {
				return b, a
			}
		}
	}
	pt := func() orb.Point { return orb.Point{-180 + 360*rng.Float64(), -90 + 180*rng.Float64()} }
	gjLine := func() orb.LineString {
		ls := orb.LineString{pt()}
		for k := 1 + rng.IntN(6); k > 0; k-- {
			last := ls[len(ls)-1]
			ls = append(ls, orb.Point{
				math.Max(-180, math.Min(180, last[0]+rng.NormFloat64())),
				math.Max(-90, math.Min(90, last[1]+rng.NormFloat64())),
			})
		}
		return ls
	}
	km := func() float64 {
		if rng.IntN(4) == 0 {
			return math.Inf(1)
		}
		return 500 * rng.Float64()
	}
	id := func(i int) string { return fmt.Sprintf("%s:%d:%s", name, i, gjRandomText(rng)) }
	switch name {
	case "countries":
		seen := map[string]bool{}
		var cs []Country
		for len(cs) < n {
			c := Country{Code: code(), Name: gjRandomText(rng)}
			if seen[c.Code] {
				continue
			}
			seen[c.Code] = true
			for k := 1 + rng.IntN(3); k > 0; k-- {
				c.Geometry = append(c.Geometry, gjRandomPolygon(rng))
			}
			cs = append(cs, c)
		}
		return cs
	case "borders":
		seen := map[string]bool{}
		var bs []Border
		for len(bs) < n {
			b := Border{Source: gjRandomText(rng)}
			b.A, b.B = pair()
			if seen[b.Pair()] {
				continue
			}
			seen[b.Pair()] = true
			for k := 1 + rng.IntN(3); k > 0; k-- {
				b.Geometry = append(b.Geometry, gjLine())
			}
			bs = append(bs, b)
		}
		return bs
	case "settlements":
		ss := make([]Settlement, n)
		for i := range ss {
			ss[i] = Settlement{ID: id(i), Name: gjRandomText(rng), Country: code(), Point: pt(), Population: rng.IntN(30_000_000)}
		}
		return ss
	case "crossings":
		xs := make([]Crossing, n)
		for i := range xs {
			x := Crossing{ID: id(i), Name: gjRandomText(rng), Point: pt(),
				Mode:    CrossingMode(crossingModes[rng.IntN(len(crossingModes))]),
				Regime:  Regime(crossingRegimes[rng.IntN(len(crossingRegimes))]),
				Scanner: rng.IntN(2) == 0, Dogs: rng.IntN(2) == 0, Source: gjRandomText(rng)}
			if rng.IntN(2) == 0 {
				r := float64(rng.IntN(1001)) / 1000
				x.InspectionRate = &r
			}
			if rng.IntN(2) == 0 {
				h := rng.Float64() * 72
				x.WaitHours = &h
			}
			x.A = code()
			if rng.IntN(4) > 0 {
				for x.B == "" || x.B == x.A {
					x.B = code()
				}
			}
			xs[i] = x
		}
		return xs
	case "outposts":
		ps := make([]Outpost, n)
		for i := range ps {
			ps[i] = Outpost{ID: id(i), Country: code(), Point: pt(), Source: OutpostSource(outpostSources[rng.IntN(len(outpostSources))])}
		}
		return ps
	case "roads":
		rs := make([]Road, n)
		for i := range rs {
			rs[i] = Road{ID: id(i), Name: gjRandomText(rng), Country: code(), Line: gjLine(),
				Class: []string{"", "trunk", "track", "rail"}[rng.IntN(4)]}
			if rng.IntN(2) == 0 {
				rs[i].MaxSpeedKmh = float64(10 * (1 + rng.IntN(12)))
			}
		}
		return rs
	case "segments":
		segs := make([]Segment, n)
		for i := range segs {
			s := Segment{ID: id(i), Line: gjLine(), LengthKm: 50 * rng.Float64()}
			s.A, s.B = pair()
			s.Mid = LineMidpoint(s.Line)
			s.Remote = Remoteness{
				SettlementKm: [2]float64{km(), km()},
				OutpostKm:    [2]float64{km(), km()},
				CrossingKm:   [2]float64{km(), km()},
			}
			segs[i] = s
		}
		return segs
	}
	panic("randomLayer: unknown layer " + name)
}

// gjRandomText returns a short string with characters that JSON must escape.
func gjRandomText(rng *rand.Rand) string {
	const alphabet = "abc XYZ-–é\"\\/\n\t\u00e9\u4e2d\U0001F30D<>&\u2028\x01"
	rs := []rune(alphabet)
	var b strings.Builder
	for k := rng.IntN(12); k > 0; k-- {
		b.WriteRune(rs[rng.IntN(len(rs))])
	}
	return b.String()
}

// gjRandomPolygon returns a star-shaped polygon with a counter-clockwise outer
// ring and, sometimes, one clockwise hole.
func gjRandomPolygon(rng *rand.Rand) orb.Polygon {
	c := orb.Point{-170 + 340*rng.Float64(), -80 + 160*rng.Float64()}
	ring := func(r float64, ccw bool) orb.Ring {
		k := 3 + rng.IntN(10)
		angles := make([]float64, k)
		for i := range angles {
			angles[i] = 2 * math.Pi * rng.Float64()
		}
		sort.Float64s(angles)
		if !ccw {
			slices.Reverse(angles)
		}
		ring := make(orb.Ring, 0, k+1)
		for _, a := range angles {
			rr := r * (0.6 + 0.4*rng.Float64())
			ring = append(ring, orb.Point{c[0] + rr*math.Cos(a), c[1] + rr*math.Sin(a)})
		}
		return append(ring, ring[0])
	}
	for {
		p := orb.Polygon{ring(0.5+5*rng.Float64(), true)}
		if rng.IntN(2) == 0 {
			p = append(p, ring(0.2*rng.Float64()+0.01, false))
		}
		// Points at nearly equal angles can make a ring of no area, which
		// has no orientation, and a hole can reach out of a thin shell:
		// draw again.
		if p[0].Orientation() == orb.CCW && (len(p) == 1 || p[1].Orientation() == orb.CW) && checkPolygon(p) == nil {
			return p
		}
	}
}

// gjCollection returns a FeatureCollection of the given features.
func gjCollection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

// gjFeature returns a Feature with the given properties and geometry JSON.
func gjFeature(props, geometry string) string {
	return `{"type":"Feature","properties":{` + props + `},"geometry":` + geometry + `}`
}

// Good features of each layer; a bad case puts its feature after one of
// these, so the error must name feature 1.
const (
	gjSquare       = `{"type":"Polygon","coordinates":[[[69,37],[70,37],[70,38],[69,38],[69,37]]]}`
	gjPoint        = `{"type":"Point","coordinates":[69.5,37.2]}`
	gjLine         = `{"type":"LineString","coordinates":[[69,37],[69.5,37.2],[70,37.1]]}`
	gjCountryProps = `"code":"AFG","name":"Afghanistan"`
	gjBorderProps  = `"a":"AFG","b":"TJK","pair":"AFG-TJK","length_km":1.5,"source":"test"`
	gjSettleProps  = `"id":"s1","name":"Panj","country":"TJK","population":0`
	gjCrossProps   = `"id":"x1","name":"Tem","a":"TJK","b":"AFG","mode":"bridge","regime":"full","scanner":true,"dogs":false,"source":"test"`
	gjPostProps    = `"id":"p1","country":"TJK","source":"user"`
	gjRoadProps    = `"id":"r1","name":"","country":"TJK"`
	gjSegProps     = `"id":"AFG-TJK-000-0000","a":"AFG","b":"TJK","length_km":4.9,"settlement_km_a":1,"settlement_km_b":2,"outpost_km_a":null,"outpost_km_b":3,"crossing_km_a":4,"crossing_km_b":5`
)

var gjGoodFeature = map[string]string{
	"countries":   gjFeature(gjCountryProps, gjSquare),
	"borders":     gjFeature(gjBorderProps, gjLine),
	"settlements": gjFeature(gjSettleProps, gjPoint),
	"crossings":   gjFeature(gjCrossProps, gjPoint),
	"outposts":    gjFeature(gjPostProps, gjPoint),
	"roads":       gjFeature(gjRoadProps, gjLine),
	"segments":    gjFeature(gjSegProps, gjLine),
}

// gjFirstFeature holds, for each layer, a good feature of another identity
// (id, code or pair) than gjGoodFeature's.
var gjFirstFeature = map[string]string{
	"countries":   gjFeature(`"code":"TJK","name":"Tajikistan"`, gjSquare),
	"borders":     gjFeature(`"a":"KAZ","b":"KGZ","source":""`, gjLine),
	"settlements": gjFeature(`"id":"s0","name":"Khorugh","country":"TJK"`, gjPoint),
	"crossings":   gjFeature(`"id":"x0","name":"Aktau","a":"KAZ","b":"","mode":"ferry","regime":"full"`, gjPoint),
	"outposts":    gjFeature(`"id":"p0","country":"AFG","source":"modelled"`, gjPoint),
	"roads":       gjFeature(`"id":"r0","name":"M41","country":"TJK"`, gjLine),
	"segments":    gjFeature(`"id":"s0","a":"KAZ","b":"KGZ","length_km":0,"settlement_km_a":null,"settlement_km_b":null,"outpost_km_a":null,"outpost_km_b":null,"crossing_km_a":null,"crossing_km_b":null`, gjLine),
}

// gjSecond returns a collection of a good feature of the layer and then bad.
func gjSecond(layer, bad string) string { return gjCollection(gjFirstFeature[layer], bad) }

func TestReadGoodFeatures(t *testing.T) {
	for _, l := range gjLayers {
		v, err := l.read(strings.NewReader(gjCollection(gjFirstFeature[l.name], gjGoodFeature[l.name])), "good.geojson")
		if err != nil {
			t.Errorf("%s: %v", l.name, err)
			continue
		}
		if n := reflect.ValueOf(v).Len(); n != 2 {
			t.Errorf("%s: %d features, want 2", l.name, n)
		}
	}
}

func TestReadBad(t *testing.T) {
	// sub replaces the first old in the layer's good feature.
	sub := func(layer, old, new string) string {
		g := gjGoodFeature[layer]
		if !strings.Contains(g, old) {
			panic("sub: no " + old + " in " + g)
		}
		return gjSecond(layer, strings.Replace(g, old, new, 1))
	}
	tests := []struct {
		name    string
		layer   string
		input   string // or the name of a file in testdata/geojson
		file    string
		want    error
		index   int
		prop    string
		message string // in the error, besides the file name
	}{
		// The file as a whole.
		{name: "empty input", layer: "countries", input: "", want: ErrNotJSON, index: -1, message: "empty input"},
		{name: "blank input", layer: "countries", input: " \n\t", want: ErrNotJSON, index: -1},
		{name: "not JSON", layer: "countries", input: "countries: AFG, TJK", want: ErrNotJSON, index: -1, message: "line 1, column 1"},
		{name: "truncated", layer: "settlements", input: `{"type":"FeatureCollection","features":[` + "\n" + gjGoodFeature["settlements"], want: ErrNotJSON, index: -1, message: "line 2"},
		{name: "trailing data", layer: "settlements", input: gjCollection(gjGoodFeature["settlements"]) + " {}", want: ErrNotJSON, index: -1},
		{name: "top-level array", layer: "countries", input: `[` + gjGoodFeature["countries"] + `]`, want: ErrNotFeatureCollection, index: -1, message: "array"},
		{name: "top-level null", layer: "countries", input: `null`, want: ErrNotFeatureCollection, index: -1},
		{name: "top-level number", layer: "countries", input: `1e999`, want: ErrNotFeatureCollection, index: -1},
		{name: "a Feature", layer: "countries", input: gjGoodFeature["countries"], want: ErrNotFeatureCollection, index: -1, message: `"Feature"`},
		{name: "no type", layer: "countries", input: `{"features":[` + gjGoodFeature["countries"] + `]}`, want: ErrNotFeatureCollection, index: -1},
		{name: "type case", layer: "countries", input: `{"TYPE":"FeatureCollection","features":[` + gjGoodFeature["countries"] + `]}`, want: ErrNotFeatureCollection, index: -1},
		{name: "features not array", layer: "countries", input: `{"type":"FeatureCollection","features":{}}`, want: ErrNotFeatureCollection, index: -1},
		{name: "features null", layer: "countries", input: `{"type":"FeatureCollection","features":null}`, want: ErrNotFeatureCollection, index: -1},
		{name: "empty layer", layer: "crossings", input: `{"type":"FeatureCollection","features":[]}`, want: ErrEmptyLayer, index: -1},
		{name: "projected crs", layer: "settlements", input: `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[` + gjGoodFeature["settlements"] + `]}`, want: ErrBadCoordinate, index: -1, message: "3857"},

		// The feature's structure.
		{name: "feature not object", layer: "countries", input: gjSecond("countries", `[1,2]`), want: ErrNotFeatureCollection, index: 1},
		{name: "feature without type", layer: "countries", input: gjSecond("countries", `{"properties":{`+gjCountryProps+`},"geometry":`+gjSquare+`}`), want: ErrNotFeatureCollection, index: 1},
		{name: "feature type null", layer: "countries", input: gjSecond("countries", `{"type":null,"properties":{`+gjCountryProps+`},"geometry":`+gjSquare+`}`), want: ErrNotFeatureCollection, index: 1},
		{name: "properties not object", layer: "settlements", input: gjSecond("settlements", `{"type":"Feature","properties":[1],"geometry":`+gjPoint+`}`), want: ErrBadProperty, index: 1},

		// Country codes.
		{name: "missing code", layer: "countries", input: sub("countries", `"code":"AFG",`, ``), want: ErrNoCountry, index: 1, prop: "code"},
		{name: "null code", layer: "countries", input: sub("countries", `"code":"AFG"`, `"code":null`), want: ErrNoCountry, index: 1, prop: "code"},
		{name: "empty code", layer: "countries", input: sub("countries", `"code":"AFG"`, `"code":""`), want: ErrNoCountry, index: 1, prop: "code"},
		{name: "unknown code", layer: "countries", input: sub("countries", `"code":"AFG"`, `"code":"ABC"`), want: ErrUnknownCountry, index: 1, prop: "code", message: "ABC"},
		{name: "alpha-2 code", layer: "settlements", input: sub("settlements", `"country":"TJK"`, `"country":"TJ"`), want: ErrUnknownCountry, index: 1, prop: "country", message: `"TJK"`},
		{name: "numeric code", layer: "settlements", input: sub("settlements", `"country":"TJK"`, `"country":"762"`), want: ErrUnknownCountry, index: 1, prop: "country", message: `"TJK"`},
		{name: "lower-case code", layer: "outposts", input: sub("outposts", `"country":"TJK"`, `"country":"tjk"`), want: ErrUnknownCountry, index: 1, prop: "country", message: "upper case"},
		{name: "code not string", layer: "countries", input: sub("countries", `"code":"AFG"`, `"code":4`), want: ErrBadProperty, index: 1, prop: "code", message: "want a string"},
		{name: "crossing without b", layer: "crossings", input: sub("crossings", `"b":"AFG",`, ``), want: ErrNoCountry, index: 1, prop: "b", message: "sea port"},
		{name: "crossing unknown b", layer: "crossings", input: sub("crossings", `"b":"AFG"`, `"b":"AFX"`), want: ErrUnknownCountry, index: 1, prop: "b"},
		{name: "crossing a equals b", layer: "crossings", input: sub("crossings", `"b":"AFG"`, `"b":"TJK"`), want: ErrBadProperty, index: 1, prop: "b"},
		{name: "inspection rate above 1", layer: "crossings", input: sub("crossings", `"dogs":false`, `"dogs":false,"inspection_rate":1.5`), want: ErrBadProperty, index: 1, prop: "inspection_rate", message: "[0, 1]"},
		{name: "inspection rate not number", layer: "crossings", input: sub("crossings", `"dogs":false`, `"dogs":false,"inspection_rate":"5%"`), want: ErrBadProperty, index: 1, prop: "inspection_rate", message: "want a number"},
		{name: "negative wait", layer: "crossings", input: sub("crossings", `"dogs":false`, `"dogs":false,"wait_hours":-1`), want: ErrBadProperty, index: 1, prop: "wait_hours", message: "hours in"},
		{name: "border without a", layer: "borders", input: sub("borders", `"a":"AFG",`, ``), want: ErrNoCountry, index: 1, prop: "a"},
		{name: "border a after b", layer: "borders", input: sub("borders", `"a":"AFG","b":"TJK"`, `"a":"TJK","b":"AFG"`), want: ErrBadProperty, index: 1, prop: "b", message: "sort before"},
		{name: "segment a equals b", layer: "segments", input: sub("segments", `"b":"TJK"`, `"b":"AFG"`), want: ErrBadProperty, index: 1, prop: "b"},

		// Geometry.
		{name: "point in countries", layer: "countries", input: sub("countries", gjSquare, gjPoint), want: ErrGeometryType, index: 1, message: "Point, want Polygon or MultiPolygon"},
		{name: "polygon in segments", layer: "segments", input: sub("segments", gjLine, gjSquare), want: ErrGeometryType, index: 1},
		{name: "polygon in roads", layer: "roads", input: sub("roads", gjLine, gjSquare), want: ErrGeometryType, index: 1},
		{name: "line in settlements", layer: "settlements", input: sub("settlements", gjPoint, gjLine), want: ErrGeometryType, index: 1},
		{name: "geometry collection", layer: "crossings", input: sub("crossings", gjPoint, `{"type":"GeometryCollection","geometries":[`+gjPoint+`]}`), want: ErrGeometryType, index: 1},
		{name: "unknown geometry type", layer: "crossings", input: sub("crossings", gjPoint, `{"type":"Pointe","coordinates":[1,2]}`), want: ErrGeometryType, index: 1},
		{name: "geometry not object", layer: "crossings", input: sub("crossings", gjPoint, `[69,37]`), want: ErrGeometryType, index: 1},
		{name: "null geometry", layer: "outposts", input: sub("outposts", gjPoint, `null`), want: ErrEmptyGeometry, index: 1, message: "no geometry"},
		{name: "no coordinates", layer: "outposts", input: sub("outposts", gjPoint, `{"type":"Point"}`), want: ErrEmptyGeometry, index: 1},
		{name: "empty point", layer: "outposts", input: sub("outposts", gjPoint, `{"type":"Point","coordinates":[]}`), want: ErrEmptyGeometry, index: 1},
		{name: "empty multipolygon", layer: "countries", input: sub("countries", gjSquare, `{"type":"MultiPolygon","coordinates":[]}`), want: ErrEmptyGeometry, index: 1},
		{name: "empty polygon", layer: "countries", input: sub("countries", gjSquare, `{"type":"Polygon","coordinates":[]}`), want: ErrEmptyGeometry, index: 1},
		{name: "empty ring", layer: "countries", input: sub("countries", gjSquare, `{"type":"Polygon","coordinates":[[]]}`), want: ErrEmptyGeometry, index: 1},
		{name: "empty line", layer: "roads", input: sub("roads", gjLine, `{"type":"LineString","coordinates":[]}`), want: ErrEmptyGeometry, index: 1},
		{name: "line of one position", layer: "segments", input: sub("segments", gjLine, `{"type":"LineString","coordinates":[[69,37]]}`), want: ErrEmptyGeometry, index: 1, message: "at least 2"},
		{name: "empty multiline", layer: "borders", input: sub("borders", gjLine, `{"type":"MultiLineString","coordinates":[]}`), want: ErrEmptyGeometry, index: 1},
		{name: "unclosed ring", layer: "countries", input: sub("countries", gjSquare, `{"type":"Polygon","coordinates":[[[69,37],[70,37],[70,38],[69,38]]]}`), want: ErrUnclosedRing, index: 1, message: "coordinates[0]"},
		{name: "unclosed hole", layer: "countries", input: sub("countries", gjSquare, `{"type":"MultiPolygon","coordinates":[[[[69,37],[70,37],[70,38],[69,38],[69,37]],[[69.2,37.2],[69.2,37.4],[69.4,37.4]]]]}`), want: ErrUnclosedRing, index: 1, message: "coordinates[0][1]"},
		{name: "ring of three", layer: "countries", input: sub("countries", gjSquare, `{"type":"Polygon","coordinates":[[[69,37],[70,37],[69,37]]]}`), want: ErrEmptyGeometry, index: 1, message: "at least 4"},
		{name: "longitude 181", layer: "settlements", input: sub("settlements", gjPoint, `{"type":"Point","coordinates":[181,37]}`), want: ErrBadCoordinate, index: 1, message: "longitude 181"},
		{name: "longitude -180.5", layer: "roads", input: sub("roads", gjLine, `{"type":"LineString","coordinates":[[69,37],[-180.5,37]]}`), want: ErrBadCoordinate, index: 1, message: "coordinates[1]"},
		{name: "latitude -91", layer: "countries", input: sub("countries", gjSquare, `{"type":"Polygon","coordinates":[[[69,37],[70,-91],[70,38],[69,38],[69,37]]]}`), want: ErrBadCoordinate, index: 1, message: "latitude -91"},
		{name: "huge exponent", layer: "crossings", input: sub("crossings", gjPoint, `{"type":"Point","coordinates":[1e999,37]}`), want: ErrBadCoordinate, index: 1, message: "1e999"},
		{name: "huge negative exponent in line", layer: "segments", input: sub("segments", gjLine, `{"type":"LineString","coordinates":[[69,37],[-1E+400,37]]}`), want: ErrBadCoordinate, index: 1},
		{name: "position of one number", layer: "settlements", input: sub("settlements", gjPoint, `{"type":"Point","coordinates":[69]}`), want: ErrBadCoordinate, index: 1, message: "1 numbers"},
		{name: "position of four numbers", layer: "settlements", input: sub("settlements", gjPoint, `{"type":"Point","coordinates":[69,37,0,0]}`), want: ErrBadCoordinate, index: 1},
		{name: "string coordinate", layer: "outposts", input: sub("outposts", gjPoint, `{"type":"Point","coordinates":["69",37]}`), want: ErrBadCoordinate, index: 1, message: `"69" is not a number`},
		{name: "null coordinate", layer: "outposts", input: sub("outposts", gjPoint, `{"type":"Point","coordinates":[69,null]}`), want: ErrBadCoordinate, index: 1},
		{name: "line of numbers", layer: "roads", input: sub("roads", gjLine, `{"type":"LineString","coordinates":[69,37]}`), want: ErrBadCoordinate, index: 1},
		{name: "polygon too shallow", layer: "countries", input: sub("countries", gjSquare, `{"type":"Polygon","coordinates":[[69,37],[70,37],[70,38],[69,37]]}`), want: ErrBadCoordinate, index: 1},

		// Property values.
		{name: "mode boat", layer: "crossings", input: sub("crossings", `"mode":"bridge"`, `"mode":"boat"`), want: ErrBadProperty, index: 1, prop: "mode", message: `"boat" is not one of road, rail, bridge, ferry`},
		{name: "missing mode", layer: "crossings", input: sub("crossings", `"mode":"bridge",`, ``), want: ErrBadProperty, index: 1, prop: "mode", message: "missing"},
		{name: "regime unknown", layer: "crossings", input: sub("crossings", `"regime":"full"`, `"regime":"open"`), want: ErrBadProperty, index: 1, prop: "regime"},
		{name: "regime case", layer: "crossings", input: sub("crossings", `"regime":"full"`, `"regime":"Full"`), want: ErrBadProperty, index: 1, prop: "regime"},
		{name: "scanner string", layer: "crossings", input: sub("crossings", `"scanner":true`, `"scanner":"yes"`), want: ErrBadProperty, index: 1, prop: "scanner", message: "true or false"},
		{name: "dogs number", layer: "crossings", input: sub("crossings", `"dogs":false`, `"dogs":0`), want: ErrBadProperty, index: 1, prop: "dogs"},
		{name: "name number", layer: "crossings", input: sub("crossings", `"name":"Tem"`, `"name":7`), want: ErrBadProperty, index: 1, prop: "name"},
		{name: "missing name", layer: "settlements", input: sub("settlements", `"name":"Panj",`, ``), want: ErrBadProperty, index: 1, prop: "name"},
		{name: "negative population", layer: "settlements", input: sub("settlements", `"population":0`, `"population":-5`), want: ErrBadProperty, index: 1, prop: "population", message: "negative"},
		{name: "fractional population", layer: "settlements", input: sub("settlements", `"population":0`, `"population":1.5`), want: ErrBadProperty, index: 1, prop: "population"},
		{name: "population string", layer: "settlements", input: sub("settlements", `"population":0`, `"population":"5000"`), want: ErrBadProperty, index: 1, prop: "population", message: "want a number"},
		{name: "population overflow", layer: "settlements", input: sub("settlements", `"population":0`, `"population":1e999`), want: ErrBadProperty, index: 1, prop: "population", message: "out of range"},
		{name: "population too large", layer: "settlements", input: sub("settlements", `"population":0`, `"population":1e300`), want: ErrBadProperty, index: 1, prop: "population"},
		{name: "empty id", layer: "settlements", input: sub("settlements", `"id":"s1"`, `"id":""`), want: ErrBadProperty, index: 1, prop: "id"},
		{name: "empty road id", layer: "roads", input: sub("roads", `"id":"r1",`, `"id":"",`), want: ErrBadProperty, index: 1, prop: "id"},
		{name: "duplicate id", layer: "settlements", input: gjCollection(gjGoodFeature["settlements"], gjGoodFeature["settlements"]), want: ErrBadProperty, index: 1, prop: "id", message: "repeats feature 0"},
		{name: "duplicate country", layer: "countries", input: gjCollection(gjGoodFeature["countries"], gjGoodFeature["countries"]), want: ErrBadProperty, index: 1, prop: "code"},
		{name: "duplicate border", layer: "borders", input: gjCollection(gjGoodFeature["borders"], gjGoodFeature["borders"]), want: ErrBadProperty, index: 1, prop: "b"},
		{name: "outpost source", layer: "outposts", input: sub("outposts", `"source":"user"`, `"source":"satellite"`), want: ErrBadProperty, index: 1, prop: "source"},
		{name: "border pair mismatch", layer: "borders", input: sub("borders", `"pair":"AFG-TJK"`, `"pair":"TJK-AFG"`), want: ErrBadProperty, index: 1, prop: "pair"},
		{name: "border negative length", layer: "borders", input: sub("borders", `"length_km":1.5`, `"length_km":-1.5`), want: ErrBadProperty, index: 1, prop: "length_km"},
		{name: "segment negative length", layer: "segments", input: sub("segments", `"length_km":4.9`, `"length_km":-4.9`), want: ErrBadProperty, index: 1, prop: "length_km", message: "negative"},
		{name: "segment length string", layer: "segments", input: sub("segments", `"length_km":4.9`, `"length_km":"4.9"`), want: ErrBadProperty, index: 1, prop: "length_km"},
		{name: "segment missing distance", layer: "segments", input: sub("segments", `"settlement_km_a":1,`, ``), want: ErrBadProperty, index: 1, prop: "settlement_km_a", message: "missing"},
		{name: "segment negative distance", layer: "segments", input: sub("segments", `"crossing_km_b":5`, `"crossing_km_b":-0.1`), want: ErrBadProperty, index: 1, prop: "crossing_km_b"},
		{name: "segment infinite distance", layer: "segments", input: sub("segments", `"outpost_km_b":3`, `"outpost_km_b":1e400`), want: ErrBadProperty, index: 1, prop: "outpost_km_b"},

		// Files with bad input.
		{name: "file: unclosed ring", layer: "countries", file: "bad-unclosed-ring.geojson", want: ErrUnclosedRing, index: 1},
		{name: "file: point in countries", layer: "countries", file: "bad-point-in-countries.geojson", want: ErrGeometryType, index: 0},
		{name: "file: huge exponent", layer: "segments", file: "bad-huge-exponent.geojson", want: ErrBadCoordinate, index: 0},
		{name: "file: crossing mode boat", layer: "crossings", file: "bad-mode-boat.geojson", want: ErrBadProperty, index: 1, prop: "mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input, fileName := []byte(tt.input), "bad-"+tt.layer+".geojson"
			if tt.file != "" {
				input, fileName = gjReadFixture(t, tt.file), tt.file
			}
			v, err := gjLayerByName(t, tt.layer).read(bytes.NewReader(input), fileName)
			if err == nil {
				t.Fatalf("read %v, want an error", v)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error %q does not wrap %q", err, tt.want)
			}
			var fe *FeatureError
			if !errors.As(err, &fe) {
				t.Fatalf("error %q is not a *FeatureError", err)
			}
			if fe.File != fileName || fe.Index != tt.index || fe.Property != tt.prop {
				t.Errorf("got file %q, index %d, property %q; want %q, %d, %q", fe.File, fe.Index, fe.Property, fileName, tt.index, tt.prop)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, fileName+": ") {
				t.Errorf("message %q does not start with the file name", msg)
			}
			if !strings.Contains(msg, tt.message) {
				t.Errorf("message %q does not contain %q", msg, tt.message)
			}
			if tt.index >= 0 && !strings.Contains(msg, fmt.Sprintf("feature %d", tt.index)) {
				t.Errorf("message %q does not name feature %d", msg, tt.index)
			}
		})
	}
}

// TestReadVariants checks what the readers accept besides the writers'
// exact output.
func TestReadVariants(t *testing.T) {
	t.Run("polygon and altitude", func(t *testing.T) {
		in := gjCollection(gjFeature(`"code":"TJK","name":"Tajikistan","extra":[1,{"a":null}]`,
			`{"type":"Polygon","coordinates":[[[69,37,300],[70,37,310],[70,38,320],[69,38,330],[69,37,300]]],"bbox":[69,37,70,38]}`))
		got, err := ReadCountries(strings.NewReader(in), "t")
		if err != nil {
			t.Fatal(err)
		}
		want := []Country{{Code: "TJK", Name: "Tajikistan", Geometry: orb.MultiPolygon{{{{69, 37}, {70, 37}, {70, 38}, {69, 38}, {69, 37}}}}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("name from the ISO table", func(t *testing.T) {
		for _, props := range []string{`"code":"KAZ"`, `"code":"KAZ","name":null`} {
			got, err := ReadCountries(strings.NewReader(gjCollection(gjFeature(props, gjSquare))), "t")
			if err != nil {
				t.Fatal(err)
			}
			if got[0].Name != "Kazakhstan" {
				t.Errorf("%s: name %q, want Kazakhstan", props, got[0].Name)
			}
		}
	})
	t.Run("optional properties", func(t *testing.T) {
		in := gjCollection(gjFeature(`"id":"x","name":"Aktau","a":"KAZ","b":"","mode":"ferry","regime":"tir_sealed","scanner":null`, gjPoint))
		got, err := ReadCrossings(strings.NewReader(in), "t")
		if err != nil {
			t.Fatal(err)
		}
		want := []Crossing{{ID: "x", Name: "Aktau", A: "KAZ", Mode: ModeFerry, Regime: RegimeTIRSealed, Point: orb.Point{69.5, 37.2}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
		ss, err := ReadSettlements(strings.NewReader(gjCollection(gjFeature(`"id":"s","name":"Panj","country":"TJK","population":1e4`, gjPoint))), "t")
		if err != nil || ss[0].Population != 10000 {
			t.Errorf("population 1e4: got %v, %v; want 10000", ss, err)
		}
	})
	t.Run("properties null, crs CRS84, foreign members", func(t *testing.T) {
		in := `{"type":"FeatureCollection","name":"x","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[` +
			`{"type":"Feature","id":7,"properties":null,"geometry":` + gjPoint + `}]}`
		_, err := ReadOutposts(strings.NewReader(in), "t")
		if !errors.Is(err, ErrBadProperty) { // null properties: no id
			t.Errorf("got %v, want ErrBadProperty for the missing id", err)
		}
		in = strings.Replace(in, `"properties":null`, `"properties":{`+gjPostProps+`}`, 1)
		got, err := ReadOutposts(strings.NewReader(in), "t")
		if err != nil {
			t.Fatal(err)
		}
		if want := []Outpost{{ID: "p1", Country: "TJK", Point: orb.Point{69.5, 37.2}, Source: OutpostUser}}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
	t.Run("segment distances", func(t *testing.T) {
		got, err := ReadSegments(strings.NewReader(gjCollection(gjGoodFeature["segments"])), "t")
		if err != nil {
			t.Fatal(err)
		}
		r := got[0].Remote
		if !math.IsInf(r.OutpostKm[0], 1) || r.SettlementKm != [2]float64{1, 2} || r.OutpostKm[1] != 3 || r.CrossingKm != [2]float64{4, 5} {
			t.Errorf("remoteness %+v, want settlement 1,2, outpost +Inf,3, crossing 4,5", r)
		}
		if got[0].LengthKm != 4.9 {
			t.Errorf("length %v, want 4.9 (as given, not recomputed)", got[0].LengthKm)
		}
		ls := orb.LineString{{69, 37}, {69.5, 37.2}, {70, 37.1}}
		if want := LineMidpoint(ls); got[0].Mid != want {
			t.Errorf("Mid %v, want %v", got[0].Mid, want)
		}
	})
}

// TestLayerSchema checks that the writers use exactly the schema's
// properties, with the JSON types of the schema.
func TestLayerSchema(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	schema := map[string]string{
		"countries":   "code:string name:string",
		"borders":     "a:string b:string length_km:float64 pair:string source:string",
		"settlements": "country:string id:string name:string population:int",
		"crossings":   "a:string b:string dogs:bool id:string mode:string name:string regime:string scanner:bool source:string",
		"outposts":    "country:string id:string source:string",
		"roads":       "class:string country:string id:string maxspeed:* name:string",
		"segments":    "a:string b:string crossing_km_a:* crossing_km_b:* id:string length_km:float64 outpost_km_a:* outpost_km_b:* settlement_km_a:* settlement_km_b:*",
	}
	geomType := map[string]string{
		"countries": "MultiPolygon", "borders": "MultiLineString", "settlements": "Point", "crossings": "Point",
		"outposts": "Point", "roads": "LineString", "segments": "LineString",
	}
	for _, l := range gjLayers {
		fc := l.layer(gjRandomLayer(rng, l.name, 5))
		for i, f := range fc.Features {
			var keys []string
			for k, v := range f.Properties {
				typ := fmt.Sprintf("%T", v)
				if l.name == "crossings" && (k == "inspection_rate" || k == "wait_hours") {
					if _, ok := v.(float64); !ok {
						t.Errorf("%s %d: %s is %T, want float64 (written only when set)", l.name, i, k, v)
					}
					continue
				}
				if strings.HasSuffix(k, "_km_a") || strings.HasSuffix(k, "_km_b") || k == "maxspeed" {
					if v != nil {
						if _, ok := v.(float64); !ok {
							t.Errorf("%s %d: %s is %T, want float64 or nil", l.name, i, k, v)
						}
					}
					typ = "*"
				}
				keys = append(keys, k+":"+typ)
			}
			sort.Strings(keys)
			if got := strings.Join(keys, " "); got != schema[l.name] {
				t.Errorf("%s %d: properties %s, want %s", l.name, i, got, schema[l.name])
			}
			if got := f.Geometry.GeoJSONType(); got != geomType[l.name] {
				t.Errorf("%s %d: geometry %s, want %s", l.name, i, got, geomType[l.name])
			}
		}
	}
}

func TestSegmentsLayerInf(t *testing.T) {
	s := Segment{ID: "s", A: "AFG", B: "TJK", Line: orb.LineString{{69, 37}, {70, 37}}, LengthKm: 88.8,
		Remote: Remoteness{SettlementKm: [2]float64{0, math.Inf(1)}, OutpostKm: [2]float64{2.5, 3}, CrossingKm: [2]float64{math.Inf(1), 7}}}
	got := string(gjEncode(t, SegmentsLayer([]Segment{s})))
	for _, want := range []string{`"settlement_km_a":0,`, `"settlement_km_b":null`, `"crossing_km_a":null`, `"outpost_km_a":2.5,`, `"length_km":88.8,`} {
		if !strings.Contains(got, want) {
			t.Errorf("output %s lacks %s", got, want)
		}
	}
}

func TestLayersCopyGeometry(t *testing.T) {
	rs := []Road{{ID: "r", Country: "TJK", Line: orb.LineString{{69, 37}, {70, 37}}}}
	fc := RoadsLayer(rs)
	fc.Features[0].Geometry.(orb.LineString)[0][0] = 0
	if rs[0].Line[0][0] != 69 {
		t.Errorf("changing the layer changed the road: %v", rs[0].Line)
	}
}

func TestWriteLayerRFC7946(t *testing.T) {
	cw := orb.Ring{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}              // clockwise
	ccwHole := orb.Ring{{0.2, 0.2}, {0.8, 0.2}, {0.8, 0.8}, {0.2, 0.8}} // counter-clockwise, unclosed
	fc := geojson.NewFeatureCollection()
	fc.ExtraMembers = geojson.Properties{"crs": map[string]any{"type": "name"}, "name": "test"}
	f := geojson.NewFeature(orb.Polygon{cw, ccwHole})
	f.Properties["v"] = 1.5
	fc.Append(f)
	g := geojson.NewFeature(orb.Collection{orb.MultiPolygon{{cw}}, orb.Point{1, 2}})
	fc.Append(g)
	path := filepath.Join(t.TempDir(), "layer.geojson")
	if err := WriteLayer(path, fc); err != nil {
		t.Fatal(err)
	}
	// The input is unchanged.
	if p := fc.Features[0].Geometry.(orb.Polygon); p[0].Orientation() != orb.CW || len(p[1]) != 4 {
		t.Errorf("WriteLayer changed its input: %v", p)
	}
	if _, ok := fc.ExtraMembers["crs"]; !ok {
		t.Errorf("WriteLayer deleted crs from its input")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(`"crs"`)) {
		t.Errorf("output has a crs member: %s", data)
	}
	if !bytes.Contains(data, []byte(`"name":"test"`)) {
		t.Errorf("output lost the foreign member name: %s", data)
	}
	back, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		t.Fatal(err)
	}
	p := back.Features[0].Geometry.(orb.Polygon)
	if p[0].Orientation() != orb.CCW || p[1].Orientation() != orb.CW {
		t.Errorf("orientations %v, %v; want CCW outer, CW hole", p[0].Orientation(), p[1].Orientation())
	}
	if !p[1].Closed() || len(p[1]) != 5 {
		t.Errorf("hole %v not closed", p[1])
	}
	mp := back.Features[1].Geometry.(orb.Collection)[0].(orb.MultiPolygon)
	if mp[0][0].Orientation() != orb.CCW {
		t.Errorf("polygon in a collection not rewound: %v", mp)
	}
	// One feature a line, for readable diffs.
	if n := bytes.Count(data, []byte("\n")); n != 4 {
		t.Errorf("%d lines, want 4 (header, 2 features, footer):\n%s", n, data)
	}
}

func TestWriteLayerBad(t *testing.T) {
	nan := geojson.NewFeature(orb.Point{69, 37})
	nan.Properties["p"] = math.NaN()
	inf := geojson.NewFeature(orb.Point{69, 37})
	inf.Properties["length_km"] = math.Inf(1)
	tests := []struct {
		name  string
		f     *geojson.Feature
		want  error
		prop  string
		inMsg string
	}{
		{"NaN property", nan, ErrBadProperty, "p", "NaN"},
		{"Inf property", inf, ErrBadProperty, "length_km", "+Inf"},
		{"NaN longitude", geojson.NewFeature(orb.Point{math.NaN(), 37}), ErrBadCoordinate, "", "not finite"},
		{"latitude 95", geojson.NewFeature(orb.LineString{{69, 37}, {69, 95}}), ErrBadCoordinate, "", "latitude 95"},
		{"longitude -200 in ring", geojson.NewFeature(orb.Polygon{{{0, 0}, {-200, 0}, {1, 1}, {0, 0}}}), ErrBadCoordinate, "", "longitude -200"},
		{"short line", geojson.NewFeature(orb.LineString{{69, 37}}), ErrEmptyGeometry, "", "at least 2"},
		{"short ring", geojson.NewFeature(orb.Polygon{{{0, 0}, {1, 1}}}), ErrEmptyGeometry, "", "at least 4"},
		{"empty multipolygon", geojson.NewFeature(orb.MultiPolygon{}), ErrEmptyGeometry, "", ""},
		{"nil feature", nil, ErrNotFeatureCollection, "", "nil Feature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "bad.geojson")
			fc := geojson.NewFeatureCollection()
			fc.Append(geojson.NewFeature(orb.Point{69, 37}))
			fc.Features = append(fc.Features, tt.f)
			err := WriteLayer(path, fc)
			var fe *FeatureError
			if !errors.Is(err, tt.want) || !errors.As(err, &fe) {
				t.Fatalf("error %v, want a *FeatureError wrapping %v", err, tt.want)
			}
			if fe.Index != 1 || fe.Property != tt.prop || fe.File != path {
				t.Errorf("got index %d, property %q, file %q; want 1, %q, %q", fe.Index, fe.Property, fe.File, tt.prop, path)
			}
			if !strings.Contains(err.Error(), tt.inMsg) {
				t.Errorf("message %q does not contain %q", err, tt.inMsg)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("files left behind: %v", entries)
			}
		})
	}
	if err := WriteLayer(filepath.Join(t.TempDir(), "x.geojson"), nil); !errors.Is(err, ErrNotFeatureCollection) {
		t.Errorf("nil collection: got %v, want ErrNotFeatureCollection", err)
	}
}

func TestReadError(t *testing.T) {
	_, err := ReadRoads(io.MultiReader(strings.NewReader(`{"type":`), gjErrReader{}), "roads.geojson")
	if err == nil || !strings.Contains(err.Error(), "roads.geojson") || !errors.Is(err, gjErrDisk) {
		t.Errorf("got %v, want the read error, naming the file", err)
	}
}

var gjErrDisk = errors.New("disk on fire")

type gjErrReader struct{}

func (gjErrReader) Read([]byte) (int, error) { return 0, gjErrDisk }

// gjWriteFixtures rebuilds the afg-tjk fixtures from the embedded data: the
// Afghanistan and Tajikistan polygons and the AFG–TJK and AFG–UZB borders,
// simplified, a few
// GeoNames settlements, two crossings placed on the border, modelled
// outposts (Tajik side only), straight road links and segments.
func gjWriteFixtures(t *testing.T) {
	t.Helper()
	open := func(name string) io.Reader {
		b, err := os.ReadFile(filepath.Join(gjEmbeddedDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return bytes.NewReader(b)
	}
	round := func(p orb.Point) orb.Point {
		return orb.Point{math.Round(p[0]*1e6) / 1e6, math.Round(p[1]*1e6) / 1e6}
	}
	const tol = 0.02 // degrees, about 2 km
	allC, err := ReadCountries(open("countries.geojson"), "countries.geojson")
	if err != nil {
		t.Fatal(err)
	}
	var cs []Country
	for _, c := range allC {
		if c.Code != "AFG" && c.Code != "TJK" {
			continue
		}
		var mp orb.MultiPolygon
		for _, p := range c.Geometry {
			sp := simplify.DouglasPeucker(tol).Simplify(p.Clone()).(orb.Polygon)
			var out orb.Polygon
			for _, r := range sp {
				if len(r) < 4 {
					continue
				}
				rr := make(orb.Ring, len(r))
				for i, q := range r {
					rr[i] = round(q)
				}
				out = append(out, rr)
			}
			if len(out) > 0 && len(out[0]) >= 8 {
				mp = append(mp, out)
			}
		}
		cs = append(cs, Country{Code: c.Code, Name: c.Name, Geometry: mp})
	}
	allB, err := ReadBorders(open("borders.geojson"), "borders.geojson")
	if err != nil {
		t.Fatal(err)
	}
	var bs []Border
	for _, b := range allB {
		if b.Pair() != "AFG-TJK" && b.Pair() != "AFG-UZB" {
			continue
		}
		var mls orb.MultiLineString
		for _, ls := range b.Geometry {
			s := simplify.DouglasPeucker(tol).Simplify(ls.Clone()).(orb.LineString)
			for i := range s {
				s[i] = round(s[i])
			}
			mls = append(mls, s)
		}
		bs = append(bs, Border{A: b.A, B: b.B, Geometry: mls, Source: b.Source + ", simplified (Douglas-Peucker, 0.02°) for a test fixture"})
	}
	allS, err := ReadSettlements(open("settlements.geojson"), "settlements.geojson")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Kunduz", "Fayzabad", "Imām Şāḩib", "Dushanbe", "Panj", "Khorugh", "Ishqoshim", "Vanj", "Shahritus"}
	var ss []Settlement
	byName := map[string]Settlement{}
	for _, s := range allS {
		if slices.Contains(names, s.Name) && (s.Country == "AFG" || s.Country == "TJK") {
			ss = append(ss, s)
			byName[s.Name] = s
		}
	}
	// A crossing at the border point nearest to a town on the border.
	onBorder := func(town string) orb.Point {
		p := byName[town].Point
		best, bestKm := orb.Point{}, math.Inf(1)
		for _, ls := range bs[0].Geometry {
			n := int(LineLengthKm(ls) * 10)
			for i := 0; i <= n; i++ {
				q := PointAlongKm(ls, float64(i)/10)
				if d := DistanceKm(p, q); d < bestKm {
					best, bestKm = q, d
				}
			}
		}
		return round(best)
	}
	xs := []Crossing{
		{ID: "TJK-AFG-khorog-tem", Name: "Khorog – Tem bridge", A: "TJK", B: "AFG", Point: onBorder("Khorugh"),
			Mode: ModeBridge, Regime: RegimeFull, Scanner: true, Dogs: false,
			Source: "test fixture: position is the fixture border's point nearest GeoNames Khorugh; scanner and dogs are test values, not facts"},
		{ID: "TJK-AFG-ishkashim", Name: "Ishkashim bridge", A: "TJK", B: "AFG", Point: onBorder("Ishqoshim"),
			Mode: ModeBridge, Regime: RegimeFull, Scanner: false, Dogs: true,
			Source: "test fixture: position is the fixture border's point nearest GeoNames Ishqoshim; scanner and dogs are test values, not facts"},
	}
	c := &Corridor{Name: "AFG-TJK fixture", Countries: cs, Borders: bs, Settlements: ss, Crossings: xs}
	// Three Tajik posts per 100 km: the Northern Route's assumption.
	posts, err := ModelOutposts(c, &OutpostSettings{PerHundredKm: map[string]float64{"TJK": 3}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range posts {
		if p.Country == "TJK" {
			c.Outposts = append(c.Outposts, p)
		}
	}
	for i := range c.Outposts {
		c.Outposts[i].Point = round(c.Outposts[i].Point)
	}
	link := func(id, name, country, from, to string) Road {
		return Road{ID: id, Name: name, Country: country, Line: orb.LineString{byName[from].Point, byName[to].Point}}
	}
	rs := []Road{
		link("link:AFG:kunduz-imam-sahib", "Kunduz – Imām Şāḩib", "AFG", "Kunduz", "Imām Şāḩib"),
		link("link:TJK:dushanbe-panj", "Dushanbe – Panj", "TJK", "Dushanbe", "Panj"),
		link("link:TJK:khorugh-ishqoshim", "", "TJK", "Khorugh", "Ishqoshim"),
	}
	segs, err := c.Segments(50)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct {
		name string
		fc   *geojson.FeatureCollection
	}{
		{"countries", CountriesLayer(cs)}, {"borders", BordersLayer(bs)}, {"settlements", SettlementsLayer(ss)},
		{"crossings", CrossingsLayer(xs)}, {"outposts", OutpostsLayer(c.Outposts)}, {"roads", RoadsLayer(rs)},
		{"segments", SegmentsLayer(segs)},
	} {
		if err := WriteLayer(filepath.Join(gjFixtureDir, "afg-tjk."+l.name+".geojson"), l.fc); err != nil {
			t.Fatal(err)
		}
	}
}

var gjBenchData = sync.OnceValues(func() (map[string][]byte, error) {
	m := map[string][]byte{}
	for _, name := range []string{"countries", "borders", "settlements"} {
		b, err := os.ReadFile(filepath.Join(gjEmbeddedDir, name+".geojson"))
		if err != nil {
			return nil, err
		}
		m[name] = b
	}
	return m, nil
})

// BenchmarkReadLayer reads the embedded layers, with the readers' fast
// path ("scan") and, as the baseline, with encoding/json alone ("decode");
// BenchmarkWriteLayer encodes them as WriteLayer does, without the file.
func BenchmarkReadLayer(b *testing.B) {
	data, err := gjBenchData()
	if err != nil {
		b.Skip(err)
	}
	for _, name := range []string{"countries", "borders", "settlements"} {
		for _, path := range []string{"scan", "decode"} {
			b.Run(name+"/"+path, func(b *testing.B) {
				decodeOnly = path == "decode"
				defer func() { decodeOnly = false }()
				l := gjLayerByName(b, name)
				b.ReportAllocs()
				b.SetBytes(int64(len(data[name])))
				for b.Loop() {
					if _, err := l.read(bytes.NewReader(data[name]), name); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkWriteLayer(b *testing.B) {
	data, err := gjBenchData()
	if err != nil {
		b.Skip(err)
	}
	for _, name := range []string{"countries", "borders", "settlements"} {
		b.Run(name, func(b *testing.B) {
			l := gjLayerByName(b, name)
			v, err := l.read(bytes.NewReader(data[name]), name)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(data[name])))
			for b.Loop() {
				out, err := rfc7946(name, l.layer(v))
				if err != nil {
					b.Fatal(err)
				}
				if err := encodeCollection(io.Discard, out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestCheckProperties(t *testing.T) {
	for _, c := range []struct {
		name  string
		props geojson.Properties
		key   string
	}{
		{"all good", geojson.Properties{"a": 1.5, "b": "x", "c": nil, "d": []any{1, "y"}}, ""},
		{"NaN", geojson.Properties{"p": math.NaN(), "q": 1.0}, "p"},
		{"first of two in key order", geojson.Properties{"z": math.Inf(1), "m": float32(math.Inf(-1)), "a": 1.0}, "m"},
		{"not encodable", geojson.Properties{"f": func() {}}, "f"},
	} {
		key, err := CheckProperties(c.props)
		if key != c.key || (c.key == "") != (err == nil) {
			t.Errorf("%s: got %q, %v; want %q", c.name, key, err, c.key)
		}
		if err != nil && !errors.Is(err, ErrBadProperty) {
			t.Errorf("%s: %v is not ErrBadProperty", c.name, err)
		}
	}
}
