package topojson

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

const testdata = "../../testdata/topojson"

// decodeFile decodes a fixture of testdata/topojson.
func decodeFile(t testing.TB, name string) *Topology {
	t.Helper()
	f, err := os.Open(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	topo, err := Decode(f, name)
	if err != nil {
		t.Fatalf("Decode(%s): %v", name, err)
	}
	return topo
}

// idCode keeps every geometry with an id, the id as its code.
func idCode(id string, _ map[string]any) (string, bool) { return id, id != "" }

// degreeKm is the length of one degree of a great circle on orb's sphere.
const degreeKm = orb.EarthRadius * math.Pi / 180 / 1000

func TestDecodeTwoSquares(t *testing.T) {
	for _, name := range []string{"two-squares.topo.json", "two-squares-quantized.topo.json", "reversed.topo.json"} {
		t.Run(name, func(t *testing.T) {
			topo := decodeFile(t, name)
			cs, err := topo.Countries("countries", idCode)
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != 2 || cs[0].Code != "A" || cs[1].Code != "B" {
				t.Fatalf("got countries %+v, want A and B", cs)
			}
			if cs[0].Name != "Westland" || cs[1].Name != "Eastland" {
				t.Errorf("got names %q, %q, want Westland, Eastland", cs[0].Name, cs[1].Name)
			}
			wantBound := []orb.Bound{{Min: orb.Point{60, 40}, Max: orb.Point{61, 41}}, {Min: orb.Point{61, 40}, Max: orb.Point{62, 41}}}
			for i, c := range cs {
				if len(c.Geometry) != 1 || len(c.Geometry[0]) != 1 {
					t.Fatalf("%s: got %d polygons, want 1 with 1 ring", c.Code, len(c.Geometry))
				}
				r := c.Geometry[0][0]
				if r.Orientation() != orb.CCW {
					t.Errorf("%s: outer ring not counter-clockwise: %v", c.Code, r)
				}
				if !r.Closed() {
					t.Errorf("%s: ring not closed: %v", c.Code, r)
				}
				if got := r.Bound(); got != wantBound[i] {
					t.Errorf("%s: got bound %v, want %v", c.Code, got, wantBound[i])
				}
			}
			bs, err := topo.Borders("countries", idCode)
			if err != nil {
				t.Fatal(err)
			}
			if len(bs) != 1 {
				t.Fatalf("got %d borders, want 1", len(bs))
			}
			b := bs[0]
			if b.A != "A" || b.B != "B" || b.Source != SourceArcs {
				t.Errorf("got border %s source %q, want A-B source %q", b.Pair(), b.Source, SourceArcs)
			}
			if len(b.Geometry) != 1 {
				t.Fatalf("got %d lines, want the shared edge as one line: %v", len(b.Geometry), b.Geometry)
			}
			if got := geo.MultiLineLengthKm(b.Geometry); math.Abs(got-degreeKm) > 1e-9 {
				t.Errorf("got border length %v km, want %v", got, degreeKm)
			}
			for _, p := range b.Geometry[0] {
				if p[0] != 61 {
					t.Errorf("border point %v not on the meridian 61°E", p)
				}
			}
		})
	}
}

func TestQuantizedMatchesUnquantized(t *testing.T) {
	plain, quant := decodeFile(t, "two-squares.topo.json"), decodeFile(t, "two-squares-quantized.topo.json")
	if quant.Transform == nil || plain.Transform != nil {
		t.Fatalf("got transforms %v and %v, want nil and set", plain.Transform, quant.Transform)
	}
	if !reflect.DeepEqual(plain.Arcs, quant.Arcs) {
		t.Errorf("arcs differ:\nplain %v\nquant %v", plain.Arcs, quant.Arcs)
	}
	c1, err1 := plain.Countries("countries", idCode)
	c2, err2 := quant.Countries("countries", idCode)
	if err1 != nil || err2 != nil || !reflect.DeepEqual(c1, c2) {
		t.Errorf("countries differ: %v %v\n%v\n%v", err1, err2, c1, c2)
	}
	b1, err1 := plain.Borders("countries", idCode)
	b2, err2 := quant.Borders("countries", idCode)
	if err1 != nil || err2 != nil || !reflect.DeepEqual(b1, b2) {
		t.Errorf("borders differ: %v %v\n%v\n%v", err1, err2, b1, b2)
	}
}

func TestReversedArcsMerge(t *testing.T) {
	topo := decodeFile(t, "reversed.topo.json")
	bs, err := topo.Borders("countries", idCode)
	if err != nil {
		t.Fatal(err)
	}
	want := orb.MultiLineString{{{61, 41}, {61, 40.5}, {61, 40}}}
	if len(bs) != 1 || !bs[0].Geometry.Equal(want) {
		t.Errorf("got %v, want the two shared arcs merged: %v", bs, want)
	}
	// The member of B's collection took B's id and name.
	cs, err := topo.Countries("countries", idCode)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[1].Code != "B" || cs[1].Name != "Eastland" {
		t.Errorf("got %+v, want B named Eastland", cs)
	}
}

const enclave = `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[
 {"type":"Polygon","id":"OUT","arcs":[[0],[-2]]},
 {"type":"Polygon","id":"IN","arcs":[[1]]},
 {"type":"Polygon","id":"SEA","arcs":[[2]]}]}},
 "arcs":[
  [[70,40],[73,40],[73,43],[70,43],[70,40]],
  [[71,41],[72,41],[72,42],[71,42],[71,41]],
  [[80,40],[81,40],[81,41],[80,40]]]}`

func TestEnclave(t *testing.T) {
	topo, err := Decode(strings.NewReader(enclave), "enclave")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := topo.Countries("countries", idCode)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 || cs[1].Code != "OUT" {
		t.Fatalf("got %+v", cs)
	}
	out := cs[1].Geometry[0]
	if len(out) != 2 || out[0].Orientation() != orb.CCW || out[1].Orientation() != orb.CW {
		t.Errorf("OUT: got %d rings, orientations %v; want outer CCW, hole CW", len(out), orientations(out))
	}
	bs, err := topo.Borders("countries", idCode)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 || bs[0].Pair() != "IN-OUT" {
		t.Fatalf("got %v, want one border IN-OUT", bs)
	}
	line := bs[0].Geometry[0]
	if len(bs[0].Geometry) != 1 || line[0] != line[len(line)-1] {
		t.Errorf("got %v, want one closed line round the enclave", bs[0].Geometry)
	}
	want := geo.DistanceKm(orb.Point{71, 41}, orb.Point{72, 41}) + geo.DistanceKm(orb.Point{71, 42}, orb.Point{72, 42}) + 2*degreeKm
	if got := geo.MultiLineLengthKm(bs[0].Geometry); math.Abs(got-want) > 1e-9 {
		t.Errorf("got %v km, want %v", got, want)
	}
}

func orientations(p orb.Polygon) []orb.Orientation {
	var o []orb.Orientation
	for _, r := range p {
		o = append(o, r.Orientation())
	}
	return o
}

// TestRealFixture decodes the corridor's topology, extracted from world-atlas
// countries-10m.json by the generator.
func TestRealFixture(t *testing.T) {
	topo := decodeFile(t, "northern-route.topo.json")
	if topo.Transform == nil {
		t.Fatal("the fixture should be quantized")
	}
	code := func(id string, props map[string]any) (string, bool) {
		c, ok := map[string]string{"004": "AFG", "031": "AZE", "398": "KAZ", "417": "KGZ",
			"643": "RUS", "762": "TJK", "795": "TKM", "860": "UZB"}[id]
		return c, ok
	}
	cs, err := topo.Countries("countries", code)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, c := range cs {
		codes = append(codes, c.Code)
	}
	if want := []string{"AFG", "AZE", "KAZ", "KGZ", "RUS", "TJK", "TKM", "UZB"}; !reflect.DeepEqual(codes, want) {
		t.Errorf("got countries %v, want %v", codes, want)
	}
	bs, err := topo.Borders("countries", code)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, b := range bs {
		got[b.Pair()] = geo.MultiLineLengthKm(b.Geometry)
	}
	// The twelve land borders among the eight countries (the Caspian
	// ports are not borders here).
	pairs := []string{"AFG-TJK", "AFG-TKM", "AFG-UZB", "AZE-RUS", "KAZ-KGZ", "KAZ-RUS",
		"KAZ-TKM", "KAZ-UZB", "KGZ-TJK", "KGZ-UZB", "TJK-UZB", "TKM-UZB"}
	var gotPairs []string
	for _, b := range bs {
		gotPairs = append(gotPairs, b.Pair())
		if km := got[b.Pair()]; !(km > 100) {
			t.Errorf("%s: %.1f km, want over 100 km", b.Pair(), km)
		}
	}
	slices.Sort(gotPairs)
	if !reflect.DeepEqual(gotPairs, pairs) {
		t.Errorf("got borders %v, want %v", gotPairs, pairs)
	}
	if km := got["AFG-TJK"]; math.Abs(km-1172.93) > 0.01 {
		t.Errorf("AFG-TJK: got %.3f km, want 1172.93 (as in northernroute/data/borders.geojson)", km)
	}
}

// TestEncodeRoundTrip re-encodes the fixture: the generator wrote it with
// Encode, so the bytes must come back unchanged.
func TestEncodeRoundTrip(t *testing.T) {
	for _, name := range []string{"northern-route.topo.json", "two-squares.topo.json", "two-squares-quantized.topo.json", "reversed.topo.json"} {
		t.Run(name, func(t *testing.T) {
			topo := decodeFile(t, name)
			var buf bytes.Buffer
			if err := topo.Encode(&buf); err != nil {
				t.Fatal(err)
			}
			if name == "northern-route.topo.json" {
				want, err := os.ReadFile(filepath.Join(testdata, name))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(buf.Bytes(), want) {
					out := filepath.Join(t.TempDir(), name)
					os.WriteFile(out, buf.Bytes(), 0o644)
					t.Errorf("re-encoded fixture differs; written to %s", out)
				}
			}
			again, err := Decode(&buf, name)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(again.Arcs, topo.Arcs) {
				t.Error("arcs changed in the round trip")
			}
			if !reflect.DeepEqual(again.Objects, topo.Objects) {
				t.Error("objects changed in the round trip")
			}
		})
	}
}

func TestSubset(t *testing.T) {
	topo := decodeFile(t, "reversed.topo.json")
	sub, err := topo.Subset("countries", func(g *Geometry) bool { return g.ID == "B" })
	if err != nil {
		t.Fatal(err)
	}
	if len(sub.Arcs) != 3 {
		t.Errorf("got %d arcs, want the 3 that B uses", len(sub.Arcs))
	}
	cs, err := sub.Countries("countries", idCode)
	if err != nil {
		t.Fatal(err)
	}
	full, _ := topo.Countries("countries", idCode)
	if len(cs) != 1 || !reflect.DeepEqual(cs[0], full[1]) {
		t.Errorf("got %+v, want B as in the full topology: %+v", cs, full[1])
	}
	if bs, err := sub.Borders("countries", idCode); err != nil || len(bs) != 0 {
		t.Errorf("got borders %v, %v; want none", bs, err)
	}
	// The subset shares no memory with the original.
	sub.Arcs[0][0][0] = 999
	if topo.Arcs[0][0][0] == 999 {
		t.Error("Subset shares arcs with the original")
	}
}

func TestDecodeErrors(t *testing.T) {
	const squares = `"objects":{"c":{"type":"GeometryCollection","geometries":[{"type":"Polygon","id":"A","arcs":[[0]]},%s]}}`
	tests := []struct {
		name  string
		input string
		want  error
		index int
		prop  string
	}{
		{"empty", ``, geo.ErrNotJSON, -1, ""},
		{"not JSON", `{"type":"Topology",`, geo.ErrNotJSON, -1, ""},
		{"plain text", `hello`, geo.ErrNotJSON, -1, ""},
		{"array", `[1,2]`, ErrNotTopology, -1, ""},
		{"feature collection", `{"type":"FeatureCollection","features":[]}`, ErrNotTopology, -1, "type"},
		{"missing arcs", `{"type":"Topology","objects":{}}`, ErrNotTopology, -1, "arcs"},
		{"null arcs", `{"type":"Topology","objects":{},"arcs":null}`, ErrNotTopology, -1, "arcs"},
		{"missing objects", `{"type":"Topology","arcs":[]}`, ErrNotTopology, -1, "objects"},
		{"arcs not arrays", `{"type":"Topology","objects":{},"arcs":"x"}`, ErrNotTopology, -1, "arcs"},
		{"arc of one position", `{"type":"Topology","objects":{},"arcs":[[[1,2]]]}`, geo.ErrEmptyGeometry, -1, "arcs"},
		{"position of one number", `{"type":"Topology","objects":{},"arcs":[[[1,2],[3]]]}`, geo.ErrBadCoordinate, -1, "arcs"},
		{"number too large", `{"type":"Topology","objects":{},"arcs":[[[1,2],[3,1e999]]]}`, geo.ErrBadCoordinate, -1, "arcs"},
		{"zero scale", `{"type":"Topology","transform":{"scale":[0,1],"translate":[0,0]},"objects":{},"arcs":[]}`, ErrTransform, -1, "transform"},
		{"short scale", `{"type":"Topology","transform":{"scale":[1],"translate":[0,0]},"objects":{},"arcs":[]}`, ErrTransform, -1, "transform"},
		{"no translate", `{"type":"Topology","transform":{"scale":[1,1]},"objects":{},"arcs":[]}`, ErrTransform, -1, "transform"},
		{"transform not object", `{"type":"Topology","transform":"x","objects":{},"arcs":[]}`, ErrTransform, -1, "transform"},
		{"quantized overflow", `{"type":"Topology","transform":{"scale":[1e308,1],"translate":[0,0]},"objects":{},"arcs":[[[1e308,0],[1e308,0]]]}`, geo.ErrBadCoordinate, -1, "arcs"},
		{"arc index too high", `{"type":"Topology",` + sprintf(squares, `{"type":"Polygon","id":"B","arcs":[[1]]}`) + `,"arcs":[[[0,0],[1,0],[0,0]]]}`, geo.ErrArcIndex, 1, "arcs"},
		{"reversed arc index too high", `{"type":"Topology",` + sprintf(squares, `{"type":"Polygon","id":"B","arcs":[[-2]]}`) + `,"arcs":[[[0,0],[1,0],[0,0]]]}`, geo.ErrArcIndex, 1, "arcs"},
		{"arc index in a nested collection", `{"type":"Topology",` + sprintf(squares, `{"type":"GeometryCollection","geometries":[{"type":"MultiPolygon","arcs":[[[0]],[[7]]]}]}`) + `,"arcs":[[[0,0],[1,0],[0,0]]]}`, geo.ErrArcIndex, 1, "arcs"},
		{"arc index not integer", `{"type":"Topology",` + sprintf(squares, `{"type":"LineString","id":"B","arcs":[0.5]}`) + `,"arcs":[[[0,0],[1,0],[0,0]]]}`, geo.ErrArcIndex, 1, "arcs"},
		{"polygon without arcs", `{"type":"Topology",` + sprintf(squares, `{"type":"Polygon","id":"B"}`) + `,"arcs":[[[0,0],[1,0],[0,0]]]}`, ErrNotTopology, 1, "arcs"},
		{"unknown type", `{"type":"Topology",` + sprintf(squares, `{"type":"Circle","id":"B"}`) + `,"arcs":[[[0,0],[1,0],[0,0]]]}`, geo.ErrGeometryType, 1, "type"},
		{"type not a string", `{"type":"Topology",` + sprintf(squares, `{"type":7}`) + `,"arcs":[[[0,0],[1,0],[0,0]]]}`, geo.ErrGeometryType, 1, "type"},
		{"id an object", `{"type":"Topology",` + sprintf(squares, `{"type":null,"id":{}}`) + `,"arcs":[[[0,0],[1,0],[0,0]]]}`, geo.ErrBadProperty, 1, "id"},
		{"properties an array", `{"type":"Topology",` + sprintf(squares, `{"type":null,"properties":[1]}`) + `,"arcs":[[[0,0],[1,0],[0,0]]]}`, geo.ErrBadProperty, 1, "properties"},
		{"nested too deep", `{"type":"Topology",` + sprintf(squares, strings.Repeat(`{"type":"GeometryCollection","geometries":[`, 40)+strings.Repeat(`]}`, 40)) + `,"arcs":[[[0,0],[1,0],[0,0]]]}`, ErrNotTopology, 1, "geometries"},
		{"point without coordinates", `{"type":"Topology",` + sprintf(squares, `{"type":"Point"}`) + `,"arcs":[[[0,0],[1,0],[0,0]]]}`, geo.ErrBadCoordinate, 1, "coordinates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			topo, err := Decode(strings.NewReader(tt.input), "bad.json")
			if err == nil {
				t.Fatalf("got %v, want an error", topo)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
			var fe *geo.FeatureError
			if !errors.As(err, &fe) {
				t.Fatalf("got %T, want *geo.FeatureError", err)
			}
			if fe.File != "bad.json" || fe.Index != tt.index || fe.Property != tt.prop {
				t.Errorf("got file %q index %d property %q, want bad.json, %d, %q (%v)", fe.File, fe.Index, fe.Property, tt.index, tt.prop, err)
			}
		})
	}
}

func sprintf(format, s string) string { return strings.Replace(format, "%s", s, 1) }

func TestDecodeReadError(t *testing.T) {
	_, err := Decode(iotest.ErrReader(errors.New("disk on fire")), "r")
	if !errors.Is(err, geo.ErrNotJSON) || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("got %v, want ErrNotJSON naming the read error", err)
	}
}

func TestCountriesErrors(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		object string
		code   CodeFunc
		want   error
		index  int
	}{
		{"no such object", enclave, "land", idCode, ErrNoObject, -1},
		{"empty code", enclave, "countries", func(string, map[string]any) (string, bool) { return "", true }, geo.ErrNoCountry, 0},
		{"unclosed ring", `{"type":"Topology","objects":{"c":{"type":"GeometryCollection","geometries":[
			{"type":"Polygon","id":"A","arcs":[[0]]},{"type":"Polygon","id":"B","arcs":[[1]]}]}},
			"arcs":[[[0,0],[1,0],[1,1],[0,0]],[[0,0],[1,0],[1,1]]]}`, "c", idCode, geo.ErrUnclosedRing, 1},
		{"line string kept", `{"type":"Topology","objects":{"c":{"type":"GeometryCollection","geometries":[
			{"type":"LineString","id":"A","arcs":[0]}]}},"arcs":[[[0,0],[1,0]]]}`, "c", idCode, geo.ErrGeometryType, 0},
		{"not lon/lat", `{"type":"Topology","objects":{"c":{"type":"Polygon","id":"A","arcs":[[0]]}},
			"arcs":[[[0,0],[500,0],[500,1],[0,0]]]}`, "c", idCode, geo.ErrBadCoordinate, 0},
		{"no area", `{"type":"Topology","objects":{"c":{"type":"Polygon","id":"A","arcs":[[0]]}},
			"arcs":[[[0,0],[1,0],[2,0],[0,0]]]}`, "c", idCode, geo.ErrEmptyGeometry, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			topo, err := Decode(strings.NewReader(tt.input), "c.json")
			if err != nil {
				t.Fatal(err)
			}
			_, err = topo.Countries(tt.object, tt.code)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
			var fe *geo.FeatureError
			if !errors.As(err, &fe) || fe.File != "c.json" || fe.Index != tt.index {
				t.Errorf("got %#v, want a *geo.FeatureError for c.json index %d", err, tt.index)
			}
			if tt.want == geo.ErrEmptyGeometry || tt.want == geo.ErrUnclosedRing || tt.want == geo.ErrBadCoordinate {
				return // Borders builds no rings and reads only shared arcs
			}
			if _, err := topo.Borders(tt.object, tt.code); !errors.Is(err, tt.want) {
				t.Errorf("Borders: got %v, want %v", err, tt.want)
			}
		})
	}
}

// TestArcIndexAfterDecode checks that methods guard indexes that a caller
// changed after Decode, instead of panicking.
func TestArcIndexAfterDecode(t *testing.T) {
	topo := decodeFile(t, "two-squares.topo.json")
	topo.Objects["countries"].Geometries[0].Polygons[0][0][0] = -100
	if _, err := topo.Countries("countries", idCode); !errors.Is(err, geo.ErrArcIndex) {
		t.Errorf("Countries: got %v, want ErrArcIndex", err)
	}
	if _, err := topo.Borders("countries", idCode); !errors.Is(err, geo.ErrArcIndex) {
		t.Errorf("Borders: got %v, want ErrArcIndex", err)
	}
	if _, err := topo.Subset("countries", func(*Geometry) bool { return true }); !errors.Is(err, geo.ErrArcIndex) {
		t.Errorf("Subset: got %v, want ErrArcIndex", err)
	}
}

func TestGeometryTypes(t *testing.T) {
	const input = `{"type":"Topology","transform":{"scale":[2,3],"translate":[10,20]},
	"objects":{"all":{"type":"GeometryCollection","geometries":[
	  {"type":"Point","coordinates":[1,1]},
	  {"type":"MultiPoint","coordinates":[[0,0],[1,2]]},
	  {"type":"LineString","arcs":[0]},
	  {"type":"MultiLineString","arcs":[[0],[-1]]},
	  {"type":null}]}},
	"arcs":[[[0,0],[1,0],[0,1]]]}`
	topo, err := Decode(strings.NewReader(input), "all")
	if err != nil {
		t.Fatal(err)
	}
	g, err := topo.Geometry(topo.Objects["all"])
	if err != nil {
		t.Fatal(err)
	}
	want := orb.Collection{
		orb.Point{12, 23},
		orb.MultiPoint{{10, 20}, {12, 26}},
		orb.LineString{{10, 20}, {12, 20}, {12, 23}},
		orb.MultiLineString{{{10, 20}, {12, 20}, {12, 23}}, {{12, 23}, {12, 20}, {10, 20}}},
	}
	if !orb.Equal(g, want) {
		t.Errorf("got %v, want %v", g, want)
	}
}
