package layer

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
)

func collection(gs ...orb.Geometry) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, g := range gs {
		fc.Append(geojson.NewFeature(g))
	}
	return fc
}

func withProps(fc *geojson.FeatureCollection, props ...geojson.Properties) *geojson.FeatureCollection {
	for i, p := range props {
		fc.Features[i].Properties = p
	}
	return fc
}

func TestValidName(t *testing.T) {
	for _, c := range []struct {
		name string
		want bool
	}{
		{"segments", true}, {"a", true}, {"top_3_routes", true},
		{"", false}, {"Segments", false}, {"3routes", false}, {"_x", false},
		{"a-b", false}, {"a b", false}, {"../x", false}, {string(make([]byte, 64)), false},
	} {
		if got := ValidName(c.name); got != c.want {
			t.Errorf("ValidName(%q): got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestGeometryType(t *testing.T) {
	line := orb.LineString{{0, 0}, {1, 1}}
	poly := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}
	for _, c := range []struct {
		name string
		fc   *geojson.FeatureCollection
		want GeomType
		dim  int
	}{
		{"empty", collection(), Unknown, -1},
		{"only null", collection(nil, nil), Unknown, -1},
		{"points", collection(orb.Point{1, 2}, nil, orb.Point{3, 4}), Point, 0},
		{"lines", collection(line, line), LineString, 1},
		{"mixed lines", collection(line, orb.MultiLineString{line}), MultiLineString, 1},
		{"mixed polygons", collection(orb.MultiPolygon{poly}, poly), MultiPolygon, 2},
		{"ring", collection(orb.Ring(poly[0])), Polygon, 2},
		{"points and lines", collection(orb.Point{1, 2}, line), Unknown, -1},
	} {
		got := GeometryType(c.fc)
		if got != c.want || got.Dim() != c.dim {
			t.Errorf("%s: got %v (dim %d), want %v (dim %d)", c.name, got, got.Dim(), c.want, c.dim)
		}
	}
}

func TestFields(t *testing.T) {
	fc := withProps(collection(orb.Point{0, 0}, orb.Point{1, 1}, orb.Point{2, 2}),
		geojson.Properties{"zeta": "x", "id": "a", "length_km": 5.0, "p_interdict": 0.5, "rank": 1, "scanner": true, "nodes": []any{"n1", "n2"}, "tonnes": 3.0, "empty": nil, "mixed": 1, "whole": 1.0, "ints": 1},
		geojson.Properties{"id": "b", "p_interdict": 1.0, "rank": 2, "scanner": false, "tonnes": 4.5, "mixed": "one", "whole": 2.0, "ints": 2.5},
		geojson.Properties{"id": "c", "p_interdict": nil, "rank": int64(3), "scanner": nil, "alpha": 2, "whole": float32(3)},
	)
	// Types from Go types: float64 columns are Real even when every value
	// is whole (whole, length_km), integers mixed with floats are Real
	// (ints), Go integers Integer (rank, alpha).
	want := []Field{
		{"id", Text}, {"rank", Integer}, {"scanner", Bool}, {"length_km", Real}, {"p_interdict", Real}, {"tonnes", Real},
		{"nodes", JSON}, {"alpha", Integer}, {"empty", Text}, {"ints", Real}, {"mixed", Text}, {"whole", Real}, {"zeta", Text},
	}
	if got := Fields(fc); !slices.Equal(got, want) {
		t.Errorf("got %v,\nwant %v", got, want)
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{nil, ""}, {"Termez", "Termez"}, {true, "true"}, {1, "1"}, {2.0, "2"}, {0.05, "0.05"},
		{1234567.5, "1234567.5"}, {1e-7, "1e-07"}, {[]any{"a", 1.0}, `["a",1]`}, {uint8(7), "7"},
		{-67.123456, "-67.123456"}, {math.Nextafter(0.3, 1), "0.30000000000000004"}, {1e15, "1e+15"}, {int64(-42), "-42"},
		{json.Number("12.50"), "12.50"}, {float32(0.1), "0.10000000149011612"}, {false, "false"},
		{map[string]any{"k": "<&>"}, `{"k":"\u003c\u0026\u003e"}`},
		{[]float64{1, math.NaN()}, "[1 NaN]"}, // not JSON: as fmt prints it
	} {
		if got := Format(c.v); got != c.want {
			t.Errorf("Format(%#v): got %q, want %q", c.v, got, c.want)
		}
		if got := string(AppendFormat([]byte("x"), c.v)); got != "x"+c.want {
			t.Errorf("AppendFormat(%#v): got %q, want %q", c.v, got, "x"+c.want)
		}
	}
}

func TestClassGraduated(t *testing.T) {
	s := Style{Kind: Graduated, Field: "p", Breaks: []float64{0, 0.1, 0.5, 1}, Colors: InterdictionColors[:3]}
	for _, c := range []struct {
		v     any
		class int
		ok    bool
	}{
		{0.0, 0, true}, {0.05, 0, true}, {0.1, 0, true}, {0.10001, 1, true}, {0.5, 1, true},
		{0.7, 2, true}, {1, 2, true}, {1.01, -1, false}, {-0.01, -1, false}, {nil, -1, false}, {"0.3", -1, false},
	} {
		class, ok := s.Class(geojson.Properties{"p": c.v})
		if class != c.class || ok != c.ok {
			t.Errorf("Class(%v): got %d %v, want %d %v", c.v, class, ok, c.class, c.ok)
		}
	}
}

func TestClassCategorized(t *testing.T) {
	s := Style{Kind: Categorized, Field: "rank", Values: []string{"1", "2"}, Colors: rankColors[:2]}
	for _, c := range []struct {
		v     any
		class int
		ok    bool
	}{
		{1, 0, true}, {1.0, 0, true}, {"2", 1, true}, {3, -1, false}, {nil, -1, false},
	} {
		class, ok := s.Class(geojson.Properties{"rank": c.v})
		if class != c.class || ok != c.ok {
			t.Errorf("Class(%v): got %d %v, want %d %v", c.v, class, ok, c.class, c.ok)
		}
	}
	s.Color = hex(0x999999)
	if class, ok := s.Class(geojson.Properties{"rank": 9}); class != -1 || !ok {
		t.Errorf("other value with an other colour: got %d %v, want -1 true", class, ok)
	}
}

func TestValidate(t *testing.T) {
	good := InterdictionStyle(Style{})
	if err := good.Validate(); err != nil {
		t.Fatalf("interdiction style: %v", err)
	}
	for _, c := range []struct {
		name string
		edit func(*Style)
	}{
		{"no field", func(s *Style) { s.Field = "" }},
		{"one break", func(s *Style) { s.Breaks = s.Breaks[:1] }},
		{"descending", func(s *Style) { s.Breaks[2] = s.Breaks[1] }},
		{"NaN break", func(s *Style) { s.Breaks[3] = math.NaN() }},
		{"colours", func(s *Style) { s.Colors = s.Colors[1:] }},
		{"labels", func(s *Style) { s.Labels = s.Labels[1:] }},
		{"sizes", func(s *Style) { s.Sizes = []float64{1} }},
		{"negative size", func(s *Style) { s.Size = -1 }},
		{"domain", func(s *Style) { s.SizeField = "tonnes" }},
		{"label min without label", func(s *Style) { s.LabelMinField = "population" }},
		{"kind", func(s *Style) { s.Kind = 7 }},
		{"categories", func(s *Style) {
			s.Kind, s.Values, s.Colors = Categorized, []string{"a", "a"}, s.Colors[:2]
		}},
	} {
		s := InterdictionStyle(Style{})
		c.edit(&s)
		if err := s.Validate(); !errors.Is(err, ErrStyle) {
			t.Errorf("%s: got %v, want ErrStyle", c.name, err)
		}
	}
}

func TestSizeAndLabel(t *testing.T) {
	s := SettlementStyle(withProps(collection(orb.Point{0, 0}), geojson.Properties{"population": 5000}))
	if s.LabelMaxScale != 0 || s.LabelMinField != "population" {
		t.Errorf("settlements with populations: label rule %q from 1:%v, want by population at every scale", s.LabelMinField, s.LabelMaxScale)
	}
	if z := SettlementStyle(withProps(collection(orb.Point{0, 0}), geojson.Properties{"population": 0})); z.LabelMinField != "" || z.LabelMaxScale != SettlementLabelScale {
		t.Errorf("settlements without populations: label rule %q from 1:%v, want every one from 1:%v", z.LabelMinField, z.LabelMaxScale, SettlementLabelScale)
	}
	for _, c := range []struct {
		props geojson.Properties
		size  float64
		label string
	}{
		{geojson.Properties{"name": "Almaty", "population": 2000000}, 2.6, "Almaty"},
		{geojson.Properties{"name": "Big", "population": 5e6}, 2.6, "Big"},
		{geojson.Properties{"name": "Tiny", "population": 10}, 0.4, ""},
		{geojson.Properties{"name": "Mid", "population": MainSettlementPopulation}, 0.4 + (MainSettlementPopulation-1000)/(2000000-1000.0)*2.2, "Mid"},
		{geojson.Properties{"name": "Unknown"}, 0.6, ""},
	} {
		if got := s.FeatureSize(0, 0, c.props); math.Abs(got-c.size) > 1e-12 {
			t.Errorf("%v: size %v, want %v", c.props, got, c.size)
		}
		if got, _ := s.Label(c.props); got != c.label {
			t.Errorf("%v: label %q, want %q", c.props, got, c.label)
		}
	}
}

func TestQuantileBreaks(t *testing.T) {
	fc := collection()
	for i := 1; i <= 10; i++ {
		f := geojson.NewFeature(orb.Point{0, 0})
		f.Properties["t"] = float64(i)
		fc.Append(f)
	}
	if got, want := QuantileBreaks(fc, "t", 5), []float64{1, 2, 4, 6, 8, 10}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	one := withProps(collection(orb.Point{0, 0}, orb.Point{1, 1}), geojson.Properties{"t": 3}, geojson.Properties{"t": 3})
	if got := QuantileBreaks(one, "t", 5); got != nil {
		t.Errorf("one distinct value: got %v, want nil", got)
	}
	if got := QuantileBreaks(fc, "missing", 5); got != nil {
		t.Errorf("missing field: got %v, want nil", got)
	}
}

func TestRoundBreaks(t *testing.T) {
	for _, c := range []struct {
		in, want []float64
	}{
		{[]float64{0.123, 1.234, 12.51, 87.9}, []float64{0.12, 1.2, 13, 88}},
		{[]float64{3, 3.01, 3.02}, []float64{3, 3.1}},
		{[]float64{0, 0.0004, 90}, []float64{0, 0.0004, 90}},
	} {
		if got := roundBreaks(c.in); !slices.Equal(got, c.want) {
			t.Errorf("roundBreaks(%v): got %v, want %v", c.in, got, c.want)
		}
	}
}

func TestStyleConstructors(t *testing.T) {
	line := orb.LineString{{60, 40}, {61, 41}}
	plain := withProps(collection(line), geojson.Properties{"id": "s1"})
	if s := SegmentStyle(plain); s.Kind != Single {
		t.Errorf("segments without p_interdict: got %v, want single", s.Kind)
	}
	scored := withProps(collection(line), geojson.Properties{"id": "s1", "p_interdict": 0.03})
	s := SegmentStyle(scored)
	if s.Kind != Graduated || s.Field != InterdictionField || !slices.Equal(s.Breaks, InterdictionBreaks) {
		t.Errorf("scored segments: got %v on %q with %v", s.Kind, s.Field, s.Breaks)
	}
	s.Breaks[0] = -1 // a copy: the package's breaks must not change
	if InterdictionBreaks[0] != 0 {
		t.Errorf("SegmentStyle shares InterdictionBreaks")
	}
	routes := withProps(collection(line, line, line),
		geojson.Properties{"rank": 2, "tonnes": 10.0}, geojson.Properties{"rank": 10, "tonnes": 40.0}, geojson.Properties{"rank": 1, "tonnes": 30.0})
	r := RouteStyle(routes)
	if !slices.Equal(r.Values, []string{"1", "2", "10"}) || r.SizeDomain != [2]float64{0, 40} {
		t.Errorf("routes: values %v, size domain %v; want [1 2 10], [0 40]", r.Values, r.SizeDomain)
	}
	for _, fc := range []*geojson.FeatureCollection{nil, plain, scored, routes} {
		for name, s := range map[string]Style{
			"country": CountryStyle(fc), "border": BorderStyle(fc), "segment": SegmentStyle(fc),
			"crossing": CrossingStyle(fc), "outpost": OutpostStyle(), "settlement": SettlementStyle(fc),
			"road": RoadStyle(), "node": NodeStyle(fc), "edge": EdgeStyle(fc), "route": RouteStyle(fc),
			"flow": FlowStyle(fc), "plain": PlainStyle(fc), "diverging": DivergingStyle("tonnes", LineStyle(hex(0), 1), fc),
		} {
			if err := s.Validate(); err != nil {
				t.Errorf("%s style: %v", name, err)
			}
		}
	}
}

// TestPlainStyleByGeometry checks that a layer without a style is drawn by
// its geometry alone: the same for any name, grey in each dimension.
func TestPlainStyleByGeometry(t *testing.T) {
	scored := geojson.Properties{"p_interdict": 0.03, "code": "KAZ", "rank": 1}
	for _, c := range []struct {
		g    orb.Geometry
		want Style
	}{
		{orb.Point{1, 2}, Style{Color: plainPoint, Stroke: hex(0xffffff), StrokeWidth: 0.2, Size: DefaultMarkerSize}},
		{orb.LineString{{1, 2}, {3, 4}}, Style{Color: plainLine, Size: DefaultLineWidth}},
		{orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, Style{Color: plainFill, Stroke: plainStroke}},
	} {
		for _, name := range []string{"segments", "countries", "routes", "x"} {
			ls, err := Prepare([]Layer{{Name: name, Features: withProps(collection(c.g), scored)}})
			if err != nil {
				t.Fatal(err)
			}
			if got := ls[0].Style; !reflect.DeepEqual(got, c.want) {
				t.Errorf("%T layer %q: got %+v, want %+v", c.g, name, got, c.want)
			}
		}
	}
}

func TestDivergingStyle(t *testing.T) {
	fc := withProps(collection(orb.Point{0, 0}, orb.Point{1, 1}, orb.Point{2, 2}),
		geojson.Properties{"d": -0.02}, geojson.Properties{"d": 0.0}, geojson.Properties{"d": 0.07})
	s := DivergingStyle("d", Style{}, fc)
	// Largest |d| is 0.07: edges at ±0.01, ±0.03, ±0.05, ±0.07.
	want := []float64{-0.07, -0.05, -0.03, -0.01, 0.01, 0.03, 0.05, 0.07}
	if !slices.Equal(s.Breaks, want) {
		t.Errorf("breaks: got %v, want %v", s.Breaks, want)
	}
	for v, class := range map[float64]int{-0.07: 0, -0.02: 2, 0: 3, 0.07: 6} {
		if got, ok := s.Class(geojson.Properties{"d": v}); got != class || !ok {
			t.Errorf("class of %v: got %d, want %d", v, got, class)
		}
	}
	if c := s.ClassColor(3); c != hex(0xf0f0f0) {
		t.Errorf("the class holding zero is %v, want pale grey", c)
	}
	zero := withProps(collection(orb.Point{0, 0}), geojson.Properties{"d": 0.0})
	if s := DivergingStyle("d", LineStyle(hex(0x123456), 1), zero); s.Kind != Single {
		t.Errorf("only zeros: got %v, want the base style", s.Kind)
	}
}

func TestPrepare(t *testing.T) {
	good := Layer{Name: "routes", Features: collection(orb.LineString{{60, 40}, {61, 41}})}
	ring := Layer{Name: "area", Features: collection(orb.Ring{{60, 40}, {61, 40}, {61, 41}})}
	got, err := Prepare([]Layer{good, ring})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Style.IsZero() || got[0].Style.Field != "" {
		t.Errorf("zero style not replaced by the default: %+v", got[0].Style)
	}
	p, ok := got[1].Features.Features[0].Geometry.(orb.Polygon)
	if !ok || len(p[0]) != 4 || !p[0].Closed() {
		t.Errorf("ring not made a closed polygon: %#v", got[1].Features.Features[0].Geometry)
	}
	if _, ok := ring.Features.Features[0].Geometry.(orb.Ring); !ok {
		t.Errorf("input changed")
	}
	// A line needs no conversion: its feature is shared, not copied; the
	// ring's is a copy.
	if got[0].Features.Features[0] != good.Features.Features[0] || got[0].Features == good.Features {
		t.Errorf("line: feature copied, or the collection shared")
	}
	if got[1].Features.Features[0] == ring.Features.Features[0] {
		t.Errorf("ring: the converted feature is the input's")
	}

	badCoord := Layer{Name: "pts", Features: collection(orb.Point{0, 0}, orb.Point{math.NaN(), 1})}
	badProp := Layer{Name: "pts", Features: withProps(collection(orb.Point{0, 0}), geojson.Properties{"x": math.Inf(1)})}
	twoBad := Layer{Name: "pts", Features: withProps(collection(orb.Point{0, 0}), geojson.Properties{"z": math.NaN(), "a": 1.0, "m": math.Inf(-1), "b": "ok"})}
	coll := Layer{Name: "pts", Features: collection(orb.Collection{orb.Point{0, 0}})}
	for _, c := range []struct {
		name   string
		ls     []Layer
		target error
		index  int
		prop   string
	}{
		{"bad name", []Layer{{Name: "Bad Name", Features: collection()}}, ErrName, -2, ""},
		{"duplicate", []Layer{good, good}, ErrDuplicate, -2, ""},
		{"nil features", []Layer{{Name: "x"}}, ErrNoData, -2, ""},
		{"NaN", []Layer{badCoord}, geo.ErrBadCoordinate, 1, ""},
		{"Inf property", []Layer{badProp}, geo.ErrBadProperty, 0, "x"},
		{"first bad property by name", []Layer{twoBad}, geo.ErrBadProperty, 0, "m"},
		{"collection", []Layer{coll}, geo.ErrGeometryType, 0, ""},
		{"bad style", []Layer{{Name: "x", Features: collection(), Style: Style{Kind: Graduated}}}, ErrStyle, -2, ""},
		// Several layers, prepared at the same time: the first error in
		// the layers' order, whichever layer is largest.
		{"first bad layer", []Layer{good, badProp, {Name: "Bad Name", Features: collection()}, badCoord}, geo.ErrBadProperty, 0, "x"},
		{"bad name before a bad layer", []Layer{good, {Name: "Bad Name", Features: collection()}, badCoord}, ErrName, -2, ""},
		{"a bad layer before a duplicate", []Layer{badCoord, {Name: "pts", Features: collection(orb.Point{1, 1}, orb.Point{2, 2}, orb.Point{3, 3})}}, geo.ErrBadCoordinate, 1, ""},
	} {
		_, err := Prepare(c.ls)
		if !errors.Is(err, c.target) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.target)
			continue
		}
		var fe *geo.FeatureError
		if c.index >= -1 {
			if !errors.As(err, &fe) || fe.File != "pts" || fe.Index != c.index || fe.Property != c.prop {
				t.Errorf("%s: got %v, want a FeatureError at pts feature %d property %q", c.name, err, c.index, c.prop)
			}
		}
	}
}

func TestDrawOrder(t *testing.T) {
	pt := collection(orb.Point{0, 0})
	line := collection(orb.LineString{{0, 0}, {1, 1}})
	poly := collection(orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}})
	ls := []Layer{
		{Name: "crossings", Features: pt}, {Name: "mine", Features: line}, {Name: "routes", Features: line},
		{Name: "settlements", Features: pt}, {Name: "countries", Features: poly}, {Name: "segments", Features: line},
		{Name: "empty", Features: collection()},
	}
	var got []string
	for _, l := range DrawOrder(ls) {
		got = append(got, l.Name)
	}
	// By geometry, then as given: names play no part.
	want := []string{"countries", "mine", "routes", "segments", "crossings", "settlements", "empty"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestRamp(t *testing.T) {
	r := Ramp(flowColors, 3)
	if r[0] != flowColors[0] || r[2] != flowColors[4] || r[1] != flowColors[2] {
		t.Errorf("got %v", r)
	}
	if got := Ramp(flowColors, 1); got[0] != flowColors[4] {
		t.Errorf("one colour: got %v", got)
	}
}

// TestPrepareAgain checks that layers Prepare returned are not copied or
// checked again when given back, unless their features are replaced, and
// that their styles are still checked.
func TestPrepareAgain(t *testing.T) {
	fc := geojson.NewFeatureCollection()
	f := geojson.NewFeature(orb.Ring{{0, 0}, {0, 1}, {1, 1}, {0, 0}})
	f.Properties = geojson.Properties{"name": "a", "p_interdict": 0.2}
	fc.Append(f)
	in := []Layer{{Name: "areas", Features: fc}}
	once, err := Prepare(in)
	if err != nil {
		t.Fatal(err)
	}
	if once[0].Features == fc {
		t.Fatalf("Prepare did not copy the caller's features")
	}
	if _, ok := once[0].Features.Features[0].Geometry.(orb.Polygon); !ok {
		t.Fatalf("the ring was not made a Polygon")
	}
	twice, err := Prepare(once)
	if err != nil {
		t.Fatal(err)
	}
	if twice[0].Features != once[0].Features {
		t.Errorf("prepared features copied again")
	}
	again, err := Prepare(in)
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Features == once[0].Features {
		t.Errorf("the caller's layers were marked as prepared")
	}

	// Replaced features are checked again.
	bad := geojson.NewFeatureCollection()
	g := geojson.NewFeature(orb.Point{1, 2})
	g.Properties = geojson.Properties{"p_interdict": math.NaN()}
	bad.Append(g)
	swapped := slices.Clone(once)
	swapped[0].Features = bad
	var fe *geo.FeatureError
	if _, err := Prepare(swapped); !errors.As(err, &fe) || fe.Property != "p_interdict" {
		t.Errorf("replaced features: got %v, want a FeatureError at p_interdict", err)
	}
	// A prepared layer's style is still checked.
	restyled := slices.Clone(once)
	restyled[0].Style.Kind, restyled[0].Style.Field = Graduated, "p_interdict"
	if _, err := Prepare(restyled); err == nil {
		t.Errorf("a graduated style without breaks passed on a prepared layer")
	}
}

// TestLayerFacts checks Fields, Bound and GeometryType of a prepared layer,
// asked from several goroutines, against the functions over its features,
// and that a layer whose features were replaced answers for the new ones.
func TestLayerFacts(t *testing.T) {
	fc := geojson.NewFeatureCollection()
	a := geojson.NewFeature(orb.LineString{{69, 37}, {70, 38}})
	a.Properties = geojson.Properties{"id": "e1", "length_km": 12.5}
	b := geojson.NewFeature(orb.MultiLineString{{{71, 36}, {72, 39.5}}})
	b.Properties = geojson.Properties{"id": "e2", "rank": 2}
	fc.Append(a).Append(b)
	ls, err := Prepare([]Layer{{Name: "edges", Features: fc}})
	if err != nil {
		t.Fatal(err)
	}
	l := ls[0]
	wantB := orb.Bound{Min: orb.Point{69, 36}, Max: orb.Point{72, 39.5}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got, want := l.Fields(), Fields(l.Features); !reflect.DeepEqual(got, want) || len(got) != 3 {
				t.Errorf("Fields: got %v, want %v", got, want)
			}
			if got, ok := l.Bound(); !ok || got != wantB {
				t.Errorf("Bound: got %v %v, want %v", got, ok, wantB)
			}
			if got := l.GeometryType(); got != MultiLineString {
				t.Errorf("GeometryType: got %v, want MultiLineString", got)
			}
		})
	}
	wg.Wait()
	// The caller's copy of the fields is its own.
	l.Fields()[0].Name = "changed"
	if l.Fields()[0].Name == "changed" {
		t.Error("Fields handed out the layer's own slice")
	}
	// New features: the facts are of them, not of the old ones.
	pts := geojson.NewFeatureCollection()
	pts.Append(geojson.NewFeature(orb.Point{60, 40}))
	l.Features = pts
	if got := l.GeometryType(); got != Point {
		t.Errorf("replaced features: GeometryType %v, want Point", got)
	}
	if got, ok := l.Bound(); !ok || got != (orb.Bound{Min: orb.Point{60, 40}, Max: orb.Point{60, 40}}) {
		t.Errorf("replaced features: Bound %v %v", got, ok)
	}
	if got := l.Fields(); len(got) != 0 {
		t.Errorf("replaced features: Fields %v, want none", got)
	}
	if got := (Layer{Name: "empty"}).GeometryType(); got != Unknown {
		t.Errorf("no features: GeometryType %v, want Unknown", got)
	}
}
