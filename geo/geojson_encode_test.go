package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// The streaming encoder must write the bytes that encoding/json writes
// through orb, which is how WriteLayer wrote its files before it; the old
// writer is kept here as the baseline of the tests and benchmarks.

// oldEncodeCollection is the writer WriteLayer used before the streaming
// encoder: each feature through json.Marshal and orb.
func oldEncodeCollection(w io.Writer, fc *geojson.FeatureCollection) error {
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection"`)
	if len(fc.BBox) > 0 {
		j, err := json.Marshal(fc.BBox)
		if err != nil {
			return err
		}
		b.WriteString(`,"bbox":`)
		b.Write(j)
	}
	for _, k := range slices.Sorted(maps.Keys(fc.ExtraMembers)) {
		if k == "type" || k == "features" || k == "bbox" {
			continue
		}
		kj, _ := json.Marshal(k)
		vj, err := json.Marshal(fc.ExtraMembers[k])
		if err != nil {
			return fmt.Errorf("member %q: %w", k, err)
		}
		fmt.Fprintf(&b, ",%s:%s", kj, vj)
	}
	b.WriteString(`,"features":[`)
	if _, err := w.Write(b.Bytes()); err != nil {
		return err
	}
	for i, f := range fc.Features {
		j, err := json.Marshal(f)
		if err != nil {
			return fmt.Errorf("feature %d: %w", i, err)
		}
		sep := ",\n"
		if i == 0 {
			sep = "\n"
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := w.Write(j); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n]}\n")
	return err
}

// encCase is one feature of the encoder's table tests.
type encCase struct {
	name string
	f    *geojson.Feature
}

func encFeature(g orb.Geometry, props geojson.Properties) *geojson.Feature {
	f := geojson.NewFeature(g)
	f.Properties = props
	return f
}

// encCases are edge cases of the encoder: every geometry type, null and
// empty parts, strings that need escapes, numbers at the ends of
// encoding/json's formats, and property values of every kind.
func encCases() []encCase {
	sq := orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	hole := orb.Ring{{0.2, 0.2}, {0.2, 0.4}, {0.4, 0.4}, {0.2, 0.2}}
	withID := encFeature(orb.Point{1, 2}, geojson.Properties{"a": 1.0})
	withID.ID = "node-7"
	numID := encFeature(orb.Point{1, 2}, nil)
	numID.ID = 42
	withBBox := encFeature(orb.LineString{{1, 2}, {3, 4}}, geojson.Properties{"a": "b"})
	withBBox.BBox = geojson.BBox{1, 2, 3, 4}
	extra := encFeature(orb.Point{5, 6}, geojson.Properties{"x": 1.0})
	extra.ExtraMembers = geojson.Properties{"title": "extra <member>", "zz": []any{1.0, "two"}}
	return []encCase{
		{"null geometry", encFeature(nil, geojson.Properties{"name": "nowhere"})},
		{"empty properties", encFeature(orb.Point{69.2, 34.5}, geojson.Properties{})},
		{"nil properties", encFeature(orb.Point{69.2, 34.5}, nil)},
		{"point", encFeature(orb.Point{67.8, 37.2}, geojson.Properties{"id": "termez", "population": 140404})},
		{"multipoint", encFeature(orb.MultiPoint{{1, 2}, {3.5, -4.25}}, geojson.Properties{"n": 2})},
		{"empty multipoint", encFeature(orb.MultiPoint{}, nil)},
		{"nil linestring", encFeature(orb.LineString(nil), nil)},
		{"linestring", encFeature(orb.LineString{{69.1, 37.1}, {69.123456789012, 37.987654321098}}, geojson.Properties{"length_km": 12.3456})},
		{"multilinestring", encFeature(orb.MultiLineString{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}, {9, 10}}}, geojson.Properties{"pair": "AFG-TJK"})},
		{"multilinestring with a nil line", encFeature(orb.MultiLineString{nil, {{1, 2}, {3, 4}}}, nil)},
		{"ring", encFeature(sq, nil)},
		{"polygon with hole", encFeature(orb.Polygon{sq, hole}, geojson.Properties{"code": "AFG"})},
		{"multipolygon", encFeature(orb.MultiPolygon{{sq}, {sq, hole}}, geojson.Properties{"code": "TJK"})},
		{"nil multipolygon", encFeature(orb.MultiPolygon(nil), nil)},
		{"bound", encFeature(orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}}, nil)},
		{"collection", encFeature(orb.Collection{orb.Point{1, 2}, orb.LineString{{1, 2}, {3, 4}}, nil, orb.Collection{}, orb.Collection{orb.Ring(sq)}}, nil)},
		{"empty collection", encFeature(orb.Collection{}, geojson.Properties{"a": 1})},
		{"unicode names", encFeature(orb.Point{68.77, 38.54}, geojson.Properties{
			"name": "Душанбе", "alt": "Mazār-i-Sharīf", "fa": "مزار شریف", "emoji": "🚚", "cjk": "杜尚别"})},
		{"escapes", encFeature(orb.Point{0, 0}, geojson.Properties{
			"quote": `say "hi"`, "backslash": `C:\data\nr`, "html": "<b>A & B</b>",
			"controls": "\x00\x01\b\f\n\r\t\x1f\x7f", "separators": "a\u2028b\u2029c",
			"bad utf8": "a\xffb\xc3", "key \"quoted\" <&>": true})},
		{"numbers", encFeature(orb.Point{-0.0, 1e-7}, geojson.Properties{
			"neg zero": math.Copysign(0, -1), "tiny": 1e-7, "edge small": 1e-6, "below edge": 9.99e-7,
			"edge large": 1e21, "below large": 1e20, "large": 123456789012345678.0, "max": math.MaxFloat64,
			"smallest": math.SmallestNonzeroFloat64, "third": 1.0 / 3, "neg": -2.5e-8, "round": 100.0,
			"f32": float32(0.1), "f32 tiny": float32(1e-7), "f32 big": float32(3e21),
			"int": -7, "int8": int8(-128), "int16": int16(32767), "int32": int32(-5), "int64": int64(math.MinInt64),
			"uint": uint(7), "uint8": uint8(255), "uint16": uint16(65535), "uint32": uint32(1 << 31), "uint64": uint64(math.MaxUint64),
			"true": true, "false": false, "null": nil})},
		{"coordinates at the ends", encFeature(orb.LineString{{-180, -90}, {180, 90}, {1e-300, -1e-9}, {179.99999999999997, 0.1 + 0.2}}, nil)},
		{"nested values", encFeature(orb.Point{1, 1}, geojson.Properties{
			"list": []any{1.0, "two", nil, true}, "object": map[string]any{"z": 1, "a": "<x>"},
			"strings": []string{"a", "b"}, "number": json.Number("12.50"), "struct": struct {
				A int    `json:"a"`
				B string `json:"b"`
			}{3, "&"}})},
		{"string id", withID},
		{"number id", numID},
		{"feature bbox", withBBox},
		{"extra members", extra},
	}
}

// TestAppendFeature checks that AppendFeature writes the bytes json.Marshal
// writes for each edge case, and that they read back as the same JSON.
func TestAppendFeature(t *testing.T) {
	for _, c := range encCases() {
		t.Run(c.name, func(t *testing.T) {
			want, err := json.Marshal(c.f)
			if err != nil {
				t.Fatalf("json.Marshal: %v", err)
			}
			prefix := []byte("prefix,")
			got, err := AppendFeature(slices.Clone(prefix), c.f)
			if err != nil {
				t.Fatalf("AppendFeature: %v", err)
			}
			if !bytes.HasPrefix(got, prefix) {
				t.Fatalf("AppendFeature lost the buffer's start: %q", got)
			}
			encSameJSON(t, got[len(prefix):], want)
		})
	}
}

// encSameJSON fails unless got and want are the same bytes; where they are
// not, it says whether they at least parse to the same values.
func encSameJSON(t *testing.T, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	var g, w any
	gerr, werr := json.Unmarshal(got, &g), json.Unmarshal(want, &w)
	same := gerr == nil && werr == nil && fmt.Sprint(g) == fmt.Sprint(w)
	t.Errorf("got  %s\nwant %s\n(parse errors %v, %v; same values after parsing: %v)", got, want, gerr, werr, same)
}

func TestAppendFeatureErrors(t *testing.T) {
	nanBBox := encFeature(orb.Point{1, 2}, nil)
	nanBBox.BBox = geojson.BBox{1, 2, math.NaN(), 4}
	badID := encFeature(orb.Point{1, 2}, nil)
	badID.ID = math.Inf(1)
	for _, c := range []struct {
		name string
		f    *geojson.Feature
		want error
	}{
		{"NaN property", encFeature(orb.Point{1, 2}, geojson.Properties{"a": 1.0, "p": math.NaN()}), ErrBadProperty},
		{"infinite float32 property", encFeature(orb.Point{1, 2}, geojson.Properties{"p": float32(math.Inf(-1))}), ErrBadProperty},
		{"NaN inside a list", encFeature(orb.Point{1, 2}, geojson.Properties{"p": []any{math.NaN()}}), ErrBadProperty},
		{"function property", encFeature(orb.Point{1, 2}, geojson.Properties{"p": func() {}}), ErrBadProperty},
		{"NaN coordinate", encFeature(orb.LineString{{1, 2}, {math.NaN(), 3}}, nil), ErrBadCoordinate},
		{"infinite coordinate in a collection", encFeature(orb.Collection{orb.Point{math.Inf(1), 0}}, nil), ErrBadCoordinate},
		{"NaN bbox", nanBBox, ErrBadCoordinate},
		{"infinite id", badID, ErrBadProperty},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := json.Marshal(c.f); err == nil {
				t.Fatalf("json.Marshal accepts the case; it is not an error case")
			}
			b := []byte("keep")
			got, err := AppendFeature(b, c.f)
			if !errors.Is(err, c.want) {
				t.Errorf("got error %v, want %v", err, c.want)
			}
			if string(got) != "keep" {
				t.Errorf("got buffer %q after an error, want it as given", got)
			}
		})
	}
}

// TestEncodeCollection checks the streaming writer against the old one on
// the fixture layers of every kind and on collections with members of
// their own.
func TestEncodeCollection(t *testing.T) {
	type named struct {
		name string
		fc   *geojson.FeatureCollection
	}
	var cases []named
	for _, l := range gjLayers {
		path := filepath.Join(gjFixtureDir, "afg-tjk."+l.name+".geojson")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		v, err := l.read(bytes.NewReader(b), path)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, named{l.name, l.layer(v)})
	}
	empty := geojson.NewFeatureCollection()
	members := geojson.NewFeatureCollection()
	members.BBox = geojson.BBox{-1, -2, 3, 4}
	members.ExtraMembers = geojson.Properties{"name": "layer <1>", "type": "ignored", "features": "ignored", "bbox": "ignored", "meta": map[string]any{"b": 1, "a": 2}}
	all := geojson.NewFeatureCollection()
	for _, c := range encCases() {
		if c.f.Geometry == nil {
			all.Append(c.f)
		} else if g, err := RFC7946Geometry(c.f.Geometry); err == nil {
			f := *c.f
			f.Geometry = g
			all.Append(&f)
		}
		members.Append(c.f)
	}
	cases = append(cases, named{"empty", empty}, named{"members", members}, named{"edge cases", all})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got, want bytes.Buffer
			if err := oldEncodeCollection(&want, c.fc); err != nil {
				t.Fatal(err)
			}
			if err := encodeCollection(&got, c.fc); err != nil {
				t.Fatal(err)
			}
			encSameJSON(t, got.Bytes(), want.Bytes())
		})
	}
	// Larger than the flush size: the writer gets the bytes in pieces.
	big := geojson.NewFeatureCollection()
	for i := range 2000 {
		big.Append(encFeature(orb.LineString{{float64(i) / 7, 1}, {2, float64(i) / 3}}, geojson.Properties{"i": i, "name": "Ниж. Пяндж"}))
	}
	var got, want bytes.Buffer
	if err := oldEncodeCollection(&want, big); err != nil {
		t.Fatal(err)
	}
	w := &encCountingWriter{w: &got}
	if err := encodeCollection(w, big); err != nil {
		t.Fatal(err)
	}
	if w.writes < 2 || got.Len() <= flushAt {
		t.Errorf("%d bytes in %d writes, want more than %d bytes in pieces", got.Len(), w.writes, flushAt)
	}
	encSameJSON(t, got.Bytes(), want.Bytes())
}

// encCountingWriter counts the writes it passes on.
type encCountingWriter struct {
	w      io.Writer
	writes int
}

func (c *encCountingWriter) Write(p []byte) (int, error) {
	c.writes++
	return c.w.Write(p)
}

// TestEncodeLayer checks that EncodeLayer writes the bytes of WriteLayer's
// file, and refuses what WriteLayer refuses without writing anything.
func TestEncodeLayer(t *testing.T) {
	fc := geojson.NewFeatureCollection()
	// A clockwise outer ring: both must rewind it.
	fc.Append(encFeature(orb.Polygon{{{0, 0}, {0, 1}, {1, 1}, {1, 0}}}, geojson.Properties{"name": "Ayni"}))
	fc.Append(encFeature(orb.Point{68.8, 38.5}, geojson.Properties{"name": "Душанбе", "pop": 863400}))
	path := filepath.Join(t.TempDir(), "l.geojson")
	if err := WriteLayer(path, fc); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := EncodeLayer(&got, fc); err != nil {
		t.Fatal(err)
	}
	encSameJSON(t, got.Bytes(), want)
	if !strings.Contains(got.String(), `[[[0,0],[1,0],[1,1],[0,1],[0,0]]]`) {
		t.Errorf("outer ring not rewound counter-clockwise and closed: %s", got.String())
	}

	fc.Append(encFeature(orb.Point{1, 2}, geojson.Properties{"p": math.NaN()}))
	got.Reset()
	err = EncodeLayer(&got, fc)
	var fe *FeatureError
	if !errors.As(err, &fe) || fe.Index != 2 || fe.Property != "p" || !errors.Is(err, ErrBadProperty) {
		t.Errorf("got error %v, want feature 2, property p, ErrBadProperty", err)
	}
	if got.Len() != 0 {
		t.Errorf("EncodeLayer wrote %d bytes before its error, want none", got.Len())
	}
}

// FuzzAppendFeature decodes a feature with orb, sets two properties from
// the fuzzer, and checks that AppendFeature writes what json.Marshal
// writes, or fails where it fails.
func FuzzAppendFeature(f *testing.F) {
	for _, c := range encCases() {
		b, err := json.Marshal(c.f)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "Mazār-i-Sharīf", 1e-7)
	}
	f.Add([]byte(`{"type":"Feature","geometry":null,"properties":{"a":-0}}`), "\x00\"<\u2028\xff", math.Copysign(0, -1))
	f.Add([]byte(`{"type":"Feature","geometry":{"type":"Point","coordinates":[1e21,1e-6]},"properties":null}`), "", 1e21)
	f.Add([]byte(`{"type":"Feature","id":1.5,"bbox":[0,0,1,1],"geometry":{"type":"GeometryCollection","geometries":[]},"properties":{}}`), "x", math.MaxFloat64)
	f.Fuzz(func(t *testing.T, data []byte, s string, x float64) {
		feat, ok := encDecode(data)
		if !ok {
			return
		}
		if feat.Properties == nil {
			feat.Properties = geojson.Properties{}
		}
		feat.Properties["fuzz string"] = s
		feat.Properties["fuzz number"] = x
		feat.Properties[s] = x
		want, werr := json.Marshal(&feat)
		got, gerr := AppendFeature(nil, &feat)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("json.Marshal error %v, AppendFeature error %v", werr, gerr)
		}
		if werr == nil {
			encSameJSON(t, got, want)
		}
	})
}

// encDecode decodes data as one feature with orb, false where orb fails
// or panics (orb v0.14 panics on a null member of a GeometryCollection).
func encDecode(data []byte) (f geojson.Feature, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return f, json.Unmarshal(data, &f) == nil
}

// BenchmarkEncodeCollection encodes the embedded layers with the old
// writer and the streaming one (compare the two lines of each layer).
func BenchmarkEncodeCollection(b *testing.B) {
	data, err := gjBenchData()
	if err != nil {
		b.Skip(err)
	}
	for _, name := range []string{"countries", "borders", "settlements"} {
		l := gjLayerByName(b, name)
		v, err := l.read(bytes.NewReader(data[name]), name)
		if err != nil {
			b.Fatal(err)
		}
		fc, err := rfc7946(name, l.layer(v))
		if err != nil {
			b.Fatal(err)
		}
		for _, enc := range []struct {
			name string
			fn   func(io.Writer, *geojson.FeatureCollection) error
		}{{"old", oldEncodeCollection}, {"stream", encodeCollection}} {
			b.Run(name+"/"+enc.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data[name])))
				for b.Loop() {
					if err := enc.fn(io.Discard, fc); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// shortestCases are values for AppendShortest and appendFloat: whole
// millionths (the fast path) at every magnitude it takes, and values just
// outside it, which strconv formats.
func shortestCases() []float64 {
	vs := []float64{
		1e-6, -1e-6, 9.99e-7, 1.5e-6, 0.1, 0.2, 0.3, 1.0 / 3, 0.5, 1, -1, 10, 100, 1e6, 12.34, 67.123456, -67.123456,
		67.1234567, 37.2, 0.000001, 0.0000015, 0.999999, 0.9999995, 9.999999, 10.000001, 999999999.999999,
		-999999999.999999, 1e9, -1e9, 999999999, 1e9 - 0.5, 123456789.123456, 2.5e-7, 1e21, 1e300, 5e-324,
		math.Copysign(0, -1), 0, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Nextafter(0.1, 1),
		math.Nextafter(67.123456, 0), math.Nextafter(67.123456, 100),
	}
	// Whole millionths at each magnitude and their neighbouring doubles.
	for e := -6; e <= 9; e++ {
		for _, m := range []float64{1, 1.000001, 1.234567, 9.999999, 5.5} {
			v := math.Round(m*math.Pow(10, float64(e))*1e6) / 1e6
			vs = append(vs, v, -v, math.Nextafter(v, math.Inf(1)), math.Nextafter(v, math.Inf(-1)))
		}
	}
	return vs
}

// TestAppendShortest checks AppendShortest against strconv's shortest
// 'f' form, and appendFloat against encoding/json, on shortestCases.
func TestAppendShortest(t *testing.T) {
	for _, v := range shortestCases() {
		if got, want := string(AppendShortest([]byte("x"), v)), "x"+strconv.FormatFloat(v, 'f', -1, 64); got != want {
			t.Errorf("AppendShortest(%v): got %s, want %s", v, got, want)
		}
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(appendFloat(nil, v, 64)); got != string(j) {
			t.Errorf("appendFloat(%v): got %s, want %s (encoding/json)", v, got, j)
		}
	}
}

// FuzzAppendShortest checks AppendShortest against strconv and appendFloat
// against encoding/json for a double and for the whole number of
// millionths nearest it, which takes the fast path.
func FuzzAppendShortest(f *testing.F) {
	for _, v := range shortestCases() {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		for _, v := range []float64{x, math.Round(x*1e6) / 1e6} {
			if math.IsInf(v, 0) {
				continue // x*1e6 overflowed
			}
			if got, want := string(AppendShortest(nil, v)), strconv.FormatFloat(v, 'f', -1, 64); got != want {
				t.Fatalf("AppendShortest(%v): got %s, want %s", v, got, want)
			}
			j, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(appendFloat(nil, v, 64)); got != string(j) {
				t.Fatalf("appendFloat(%v): got %s, want %s", v, got, j)
			}
		}
	})
}

// BenchmarkAppendShortest formats coordinates of six decimals (the fast
// path), of full precision (strconv's), with AppendShortest and with
// strconv alone.
func BenchmarkAppendShortest(b *testing.B) {
	for _, c := range []struct {
		name string
		v    float64
	}{{"micros", 67.123456}, {"full", 67.12345678901234}} {
		for _, fn := range []struct {
			name string
			f    func([]byte, float64) []byte
		}{
			{"AppendShortest", AppendShortest},
			{"strconv", func(b []byte, v float64) []byte { return strconv.AppendFloat(b, v, 'f', -1, 64) }},
		} {
			b.Run(c.name+"/"+fn.name, func(b *testing.B) {
				b.ReportAllocs()
				buf := make([]byte, 0, 32)
				for b.Loop() {
					buf = fn.f(buf[:0], c.v)
				}
			})
		}
	}
}

// TestWriteLayerOnePass checks WriteLayer, which checks each feature as it
// writes it, against EncodeLayer, which checks them all first: for every
// edge case, between two good features, in a collection and a feature
// with crs members, the same bytes or the same error, and no file left
// after an error.
func TestWriteLayerOnePass(t *testing.T) {
	dir := t.TempDir()
	for _, c := range encCases() {
		t.Run(c.name, func(t *testing.T) {
			fc := geojson.NewFeatureCollection()
			fc.ExtraMembers = geojson.Properties{"crs": map[string]any{"type": "name"}, "name": "layer"}
			first := encFeature(orb.Point{67.8, 37.2}, geojson.Properties{"p": 0.25})
			first.ExtraMembers = geojson.Properties{"crs": "EPSG:4326", "note": "kept"}
			fc.Append(first).Append(c.f).Append(encFeature(orb.LineString{{1, 2}, {3, 4}}, nil))
			var want bytes.Buffer
			werr := EncodeLayer(&want, fc)
			path := filepath.Join(dir, "one.geojson")
			gerr := WriteLayer(path, fc)
			if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != strings.ReplaceAll(gerr.Error(), path, "") {
				t.Fatalf("WriteLayer error %v, EncodeLayer error %v", gerr, werr)
			}
			if gerr != nil {
				var fe *FeatureError
				if !errors.As(gerr, &fe) || fe.Index != 1 || fe.File != path {
					t.Errorf("error %v: want a *FeatureError of feature 1 naming the file", gerr)
				}
				if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("a file is left after the error: %v", err)
				}
				return
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("WriteLayer wrote\n%s\nEncodeLayer\n%s", got, want.Bytes())
			}
			if bytes.Contains(got, []byte("crs")) {
				t.Errorf("a crs member is written: %s", got)
			}
			os.Remove(path)
		})
	}
}
