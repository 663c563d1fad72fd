package topojson

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// FuzzDecode decodes arbitrary input and checks that it never panics, that
// every error is a *geo.FeatureError, and, for what decodes, that countries
// have right-hand closed rings, that borders keep the length of the arcs
// they come from, and that an unquantized topology survives Encode and
// Decode unchanged. Seeds: every fixture in testdata/topojson, among them
// the real corridor extracted from world-atlas, and inline edge cases.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(testdata, "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed fixtures: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(enclave))
	f.Add([]byte(`{"type":"Topology","objects":{"a":{"type":"Polygon","id":"X","arcs":[[-1]]}},"arcs":[[[0,0],[0,1],[1,1],[0,0]]]}`))
	f.Add([]byte(`{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},"objects":{"a":{"type":"MultiPoint","coordinates":[[1,2]]}},"arcs":[]}`))
	f.Add([]byte(`{"type":"Topology","objects":{"a":null},"arcs":[]}`))

	f.Fuzz(checkDecode)
}

// checkDecode is FuzzDecode's check of one input.
func checkDecode(t *testing.T, data []byte) {
	topo, err := Decode(bytes.NewReader(data), "fuzz")
	if err != nil {
		var fe *geo.FeatureError
		if !errors.As(err, &fe) || fe.File != "fuzz" {
			t.Fatalf("error %v (%T) is not a *geo.FeatureError for the input", err, err)
		}
		return
	}
	code := func(id string, _ map[string]any) (string, bool) { return "C" + id, true }
	for _, name := range topo.ObjectNames() {
		checkCountries(t, topo, name, code)
		checkBorders(t, topo, name, code)
		if _, err := topo.Geometry(topo.Objects[name]); err != nil && !isDataError(err) {
			t.Errorf("Geometry(%q): unexpected error %v", name, err)
		}
		if _, err := topo.Subset(name, func(*Geometry) bool { return true }); err != nil {
			t.Errorf("Subset(%q): %v", name, err)
		}
	}
	if topo.Transform != nil {
		var buf bytes.Buffer
		_ = topo.Encode(&buf) // may fail when snapping to the grid overflows
		return
	}
	var buf bytes.Buffer
	if err := topo.Encode(&buf); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	encoded := append([]byte(nil), buf.Bytes()...)
	again, err := Decode(&buf, "again")
	if err != nil {
		t.Fatalf("decoding the encoded topology: %v\n%s", err, encoded)
	}
	if !reflect.DeepEqual(again.Arcs, topo.Arcs) || !reflect.DeepEqual(again.Objects, topo.Objects) ||
		!reflect.DeepEqual(again.BBox, topo.BBox) {
		t.Fatalf("round trip changed the topology:\n%s", encoded)
	}
}

// isDataError reports whether err is one of the errors bad data may give.
func isDataError(err error) bool {
	for _, e := range []error{geo.ErrArcIndex, geo.ErrUnclosedRing, geo.ErrEmptyGeometry,
		geo.ErrGeometryType, geo.ErrBadCoordinate, geo.ErrNoCountry, ErrNoObject} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func checkCountries(t *testing.T, topo *Topology, object string, code CodeFunc) {
	cs, err := topo.Countries(object, code)
	if err != nil {
		var fe *geo.FeatureError
		if !errors.As(err, &fe) || !isDataError(err) {
			t.Fatalf("Countries(%q): unexpected error %v", object, err)
		}
		return
	}
	for i, c := range cs {
		if i > 0 && cs[i-1].Code >= c.Code {
			t.Errorf("countries not sorted by code: %q then %q", cs[i-1].Code, c.Code)
		}
		for _, p := range c.Geometry {
			for ri, r := range p {
				if len(r) < 4 || !r.Closed() {
					t.Errorf("%s: ring of %d points, closed %v", c.Code, len(r), r.Closed())
				}
				want := orb.CCW
				if ri > 0 {
					want = orb.CW
				}
				if o := r.Orientation(); o != want {
					t.Errorf("%s ring %d: orientation %v, want %v", c.Code, ri, o, want)
				}
			}
		}
	}
}

func checkBorders(t *testing.T, topo *Topology, object string, code CodeFunc) {
	bs, err := topo.Borders(object, code)
	if err != nil {
		if !isDataError(err) {
			t.Fatalf("Borders(%q): unexpected error %v", object, err)
		}
		return
	}
	// The length of the borders is the length of the shared arcs, counted
	// here independently of Borders: uses per arc, by code.
	uses := map[int][]string{}
	var visit func(g *Geometry, id string, props map[string]any)
	visit = func(g *Geometry, id string, props map[string]any) {
		if g == nil {
			return
		}
		if g.ID != "" || g.Properties != nil {
			id = g.ID
		}
		if g.Type == "GeometryCollection" {
			for _, m := range g.Geometries {
				visit(m, id, props)
			}
			return
		}
		c, _ := code(id, props)
		for _, p := range g.Polygons {
			for _, r := range p {
				for _, ref := range r {
					uses[absArc(ref)] = append(uses[absArc(ref)], c)
				}
			}
		}
	}
	obj := topo.Objects[object]
	if obj != nil && obj.Type == "GeometryCollection" {
		for _, m := range obj.Geometries {
			visit(m, "", nil)
		}
	} else {
		visit(obj, "", nil)
	}
	var want float64
	for i, u := range uses {
		if len(u) == 2 && u[0] != u[1] {
			want += geo.LineLengthKm(topo.Arcs[i])
		}
	}
	var got float64
	for _, b := range bs {
		if b.A >= b.B {
			t.Errorf("border %s: codes not in order", b.Pair())
		}
		for _, l := range b.Geometry {
			if len(l) < 2 {
				t.Errorf("border %s: line of %d points", b.Pair(), len(l))
			}
		}
		got += geo.MultiLineLengthKm(b.Geometry)
	}
	if math.Abs(got-want) > 1e-9*math.Max(1, want) && !math.IsNaN(want) {
		t.Errorf("borders are %v km long, shared arcs %v km", got, want)
	}
}
