package layer

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/parallel"
)

// A Layer is one named feature layer with its style.
type Layer struct {
	// Name names the layer's files and its GeoPackage table: a lower-case
	// letter, then lower-case letters, digits or '_', at most 63 bytes.
	Name string
	// Title is the name shown in QGIS, Google Earth and the map legend;
	// "" means Name.
	Title string
	// Features are the layer's features in WGS 84 lon/lat. Writers never
	// change them.
	Features *geojson.FeatureCollection
	// Style is how the layer is drawn, chosen by the caller for what the
	// layer is (CountryStyle, SegmentStyle, RouteStyle, ...); the zero
	// Style means PlainStyle(Features), by geometry alone, never by Name.
	Style Style
	// Temporal, when set, names the properties that date the features,
	// for the QGIS temporal controller; the other formats keep the dates
	// as plain properties.
	Temporal *Temporal

	// checked is the collection Prepare made for the layer from checked
	// features; nil in a layer Prepare did not return.
	checked *geojson.FeatureCollection
	// facts are worked out once from checked, for the writers that each
	// ask for them; shared by the copies of the layer.
	facts *facts
}

// facts are what several writers want to know of a prepared layer's
// features, each worked out at the first asking.
type facts struct {
	fieldsOnce, boundOnce, typeOnce sync.Once
	fields                          []Field
	bound                           orb.Bound
	bounded                         bool
	geomType                        GeomType
}

// known returns the facts of l's features, or nil when l's features are
// not the ones Prepare checked.
func (l Layer) known() *facts {
	if l.facts == nil || l.Features != l.checked {
		return nil
	}
	return l.facts
}

// Fields returns Fields(l.Features), worked out once for a layer Prepare
// returned whose features have not been replaced since.
func (l Layer) Fields() []Field {
	f := l.known()
	if f == nil {
		return Fields(l.Features)
	}
	f.fieldsOnce.Do(func() { f.fields = Fields(l.Features) })
	return slices.Clone(f.fields)
}

// Bound returns Bound(l.Features), worked out once for a layer Prepare
// returned whose features have not been replaced since.
func (l Layer) Bound() (orb.Bound, bool) {
	f := l.known()
	if f == nil {
		return Bound(l.Features)
	}
	f.boundOnce.Do(func() { f.bound, f.bounded = Bound(l.Features) })
	return f.bound, f.bounded
}

// GeometryType returns GeometryType(l.Features), Unknown when l has no
// features, worked out once for a layer Prepare returned whose features
// have not been replaced since.
func (l Layer) GeometryType() GeomType {
	if l.Features == nil {
		return Unknown
	}
	f := l.known()
	if f == nil {
		return GeometryType(l.Features)
	}
	f.typeOnce.Do(func() { f.geomType = GeometryType(l.Features) })
	return f.geomType
}

// DisplayTitle returns l.Title, or l.Name when the title is empty.
func (l Layer) DisplayTitle() string {
	if l.Title != "" {
		return l.Title
	}
	return l.Name
}

// SymbolDim returns the dimension of the symbols that draw l, as
// GeometryType gives it (0 points, 1 lines, 2 polygons); 0, point
// markers, for a layer without geometries or with mixed dimensions.
func (l Layer) SymbolDim() int {
	return max(l.GeometryType().Dim(), 0)
}

// ValidName reports whether name can name a layer: a lower-case ASCII
// letter, then lower-case letters, digits or '_', 63 bytes at most (so that
// it is a safe file name and SQL identifier everywhere).
func ValidName(name string) bool {
	if name == "" || len(name) > 63 || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for i := 1; i < len(name); i++ {
		c := name[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// Prepare returns a checked copy of ls ready for the writers: every name
// valid and unique, every geometry a Point, MultiPoint, LineString,
// MultiLineString, Polygon or MultiPolygon (an orb.Ring or orb.Bound becomes
// a Polygon, and unclosed rings are closed) with finite lon/lat positions,
// every property a JSON value, every zero Style replaced by PlainStyle,
// every style valid, and every Temporal layer's features dated (ISO
// yyyy-mm-dd start, and end after it). The features of ls are not
// changed: the layers returned share the features whose geometry needs no
// conversion (points and lines) and hold copies of the others (polygons),
// and all share the properties, so that a feature of ls changed after
// Prepare changes the prepared layer too, unchecked. Errors name the
// layer, and the feature and property where there is one (a
// *geo.FeatureError with File set to the layer name). The features of a
// layer Prepare returned are not checked again when it is given back (as
// export hands its layers to each writer), unless its Features are
// replaced: change such a layer's features only through a new
// FeatureCollection.
func Prepare(ls []Layer) ([]Layer, error) {
	out := make([]Layer, len(ls))
	// The layers are prepared at the same time, up to GOMAXPROCS at once
	// and the largest first; the error returned is the first in the
	// layers' order, as if they were prepared one after another.
	errs := make([]error, len(ls))
	order := make([]int, len(ls))
	for i := range order {
		order[i] = i
	}
	size := func(l Layer) int {
		if l.Features == nil || l.Features == l.checked {
			return 0
		}
		return len(l.Features.Features)
	}
	slices.SortStableFunc(order, func(a, b int) int { return size(ls[b]) - size(ls[a]) })
	parallel.For(len(order), 1, func(k int) {
		i := order[k]
		out[i], errs[i] = prepare(ls[i])
	})
	seen := make(map[string]bool, len(ls))
	for i, l := range ls {
		if !ValidName(l.Name) {
			return nil, fmt.Errorf("%w: layer %d: %q (want a lower-case letter, then lower-case letters, digits or '_')", ErrName, i, l.Name)
		}
		if seen[l.Name] {
			return nil, fmt.Errorf("%w: %q", ErrDuplicate, l.Name)
		}
		seen[l.Name] = true
		if errs[i] != nil {
			return nil, errs[i]
		}
	}
	return out, nil
}

func prepare(l Layer) (Layer, error) {
	if l.Features == nil {
		return Layer{}, fmt.Errorf("%w: layer %q", ErrNoData, l.Name)
	}
	if l.Features != l.checked {
		fc, err := prepareFeatures(l)
		if err != nil {
			return Layer{}, err
		}
		l.Features, l.checked, l.facts = fc, fc, &facts{}
	}
	if l.Style.IsZero() {
		l.Style = PlainStyle(l.Features)
	}
	if err := l.Style.Validate(); err != nil {
		return Layer{}, fmt.Errorf("layer %q: %w", l.Name, err)
	}
	if l.Temporal != nil {
		t := *l.Temporal
		if err := t.check(l.Name, l.Features); err != nil {
			return Layer{}, err
		}
		l.Temporal = &t
	}
	return l, nil
}

// prepareFeatures returns a collection of l's features, each checked, its
// geometry normalised by checkGeometry: the feature itself where that
// leaves the geometry as it is (points and lines), a copy with the new
// geometry where it converts it (polygons, rings and bounds).
func prepareFeatures(l Layer) (*geojson.FeatureCollection, error) {
	fc := &geojson.FeatureCollection{
		Type:     "FeatureCollection",
		BBox:     l.Features.BBox,
		Features: make([]*geojson.Feature, len(l.Features.Features)),
	}
	for i, f := range l.Features.Features {
		ferr := func(prop string, err error) error {
			return &geo.FeatureError{File: l.Name, Index: i, Property: prop, Err: err}
		}
		if f == nil {
			return nil, ferr("", fmt.Errorf("%w: nil feature", geo.ErrNotFeatureCollection))
		}
		g, err := checkGeometry(f.Geometry)
		if err != nil {
			return nil, ferr("", err)
		}
		if k, err := geo.CheckProperties(f.Properties); err != nil {
			return nil, ferr(k, err)
		}
		switch f.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon, orb.Ring, orb.Bound:
			nf := *f
			nf.Geometry = g
			fc.Features[i] = &nf
		default:
			fc.Features[i] = f
		}
	}
	return fc, nil
}

// checkGeometry returns g checked and normalised by geo.RFC7946Geometry
// (rings closed and rewound, Ring and Bound made Polygons), copying what it
// changes. A layer holds one geometry type, so collections are refused.
func checkGeometry(g orb.Geometry) (orb.Geometry, error) {
	if _, ok := g.(orb.Collection); ok {
		return nil, fmt.Errorf("%w: %T cannot be exported (use one geometry type per layer, not a collection)", geo.ErrGeometryType, g)
	}
	return geo.RFC7946Geometry(g)
}

// A GeomType is the geometry type of a whole layer, as GeoPackage and QGIS
// declare it.
type GeomType int

// The layer geometry types.
const (
	Unknown GeomType = iota // no geometry, or types of different dimensions
	Point
	LineString
	Polygon
	MultiPoint
	MultiLineString
	MultiPolygon
)

var geomNames = [...]string{"GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON"}

// String returns the OGC name of t, e.g. "MULTILINESTRING", or "GEOMETRY"
// for Unknown.
func (t GeomType) String() string {
	if t < 0 || int(t) >= len(geomNames) {
		return "GEOMETRY"
	}
	return geomNames[t]
}

// Dim returns the dimension of t: 0 for points, 1 for lines, 2 for polygons
// and -1 for Unknown.
func (t GeomType) Dim() int {
	switch t {
	case Point, MultiPoint:
		return 0
	case LineString, MultiLineString:
		return 1
	case Polygon, MultiPolygon:
		return 2
	}
	return -1
}

// Multi returns the multi-part type of t's dimension.
func (t GeomType) Multi() GeomType {
	switch t {
	case Point:
		return MultiPoint
	case LineString:
		return MultiLineString
	case Polygon:
		return MultiPolygon
	}
	return t
}

// TypeOf returns the GeomType of one geometry; Unknown for nil or a type
// that Prepare does not let through.
func TypeOf(g orb.Geometry) GeomType {
	switch g.(type) {
	case orb.Point:
		return Point
	case orb.MultiPoint:
		return MultiPoint
	case orb.LineString:
		return LineString
	case orb.MultiLineString:
		return MultiLineString
	case orb.Polygon, orb.Ring, orb.Bound:
		return Polygon
	case orb.MultiPolygon:
		return MultiPolygon
	}
	return Unknown
}

// GeometryType returns the type of the layer, as GDAL reads it: the common
// type of its geometries, the multi-part type where single and multi-part
// geometries of one dimension mix, and Unknown for a layer without
// geometries or with geometries of different dimensions.
func GeometryType(fc *geojson.FeatureCollection) GeomType {
	t, any := Unknown, false
	for _, f := range fc.Features {
		if f == nil || f.Geometry == nil {
			continue
		}
		g := TypeOf(f.Geometry)
		switch {
		case !any:
			t, any = g, true
		case g == t:
		case g.Dim() == t.Dim() && g.Dim() >= 0:
			t = t.Multi()
		default:
			return Unknown
		}
	}
	return t
}

// Bound returns the bounding box of the geometries of one or more layers,
// and false when they have none. Nil collections are skipped.
func Bound(fcs ...*geojson.FeatureCollection) (orb.Bound, bool) {
	var b orb.Bound
	any := false
	for _, fc := range fcs {
		if fc == nil {
			continue
		}
		for _, f := range fc.Features {
			if f == nil || f.Geometry == nil {
				continue
			}
			fb := f.Geometry.Bound()
			if !any {
				b, any = fb, true
			} else {
				b = b.Union(fb)
			}
		}
	}
	return b, any
}

// A FieldType is the type of an attribute column, from the Go types of
// its values.
type FieldType int

// The field types.
const (
	Text    FieldType = iota // strings, mixed values, or only nulls
	Integer                  // Go integers only
	Real                     // floating-point numbers, or integers mixed with them
	Bool                     // true and false only
	JSON                     // arrays and objects, kept as JSON text
)

var fieldTypeNames = [...]string{"Text", "Integer", "Real", "Bool", "JSON"}

// String returns the name of t, e.g. "Integer".
func (t FieldType) String() string {
	if t < 0 || int(t) >= len(fieldTypeNames) {
		return fmt.Sprintf("FieldType(%d)", int(t))
	}
	return fieldTypeNames[t]
}

// A Field is one attribute of a layer.
type Field struct {
	Name string
	Type FieldType
}

// fieldOrder is the order of the library's property names in every layer
// (the schema of the team brief); other names follow, sorted.
var fieldOrder = []string{
	"id", "rank", "code", "name", "kind", "country", "a", "b", "pair", "from", "to",
	"mode", "modes", "regime", "scanner", "dogs", "population",
	"length_km", "hours",
	"settlement_km_a", "settlement_km_b", "outpost_km_a", "outpost_km_b", "crossing_km_a", "crossing_km_b",
	"p_interdict", "tonnes", "weight", "nodes", "edges", "source",
}

// fieldRank is the position of each name in fieldOrder.
var fieldRank = func() map[string]int {
	m := make(map[string]int, len(fieldOrder))
	for i, n := range fieldOrder {
		m[n] = i
	}
	return m
}()

// Fields returns the attributes of the layer in a fixed order: the
// library's property names in schema order (id, rank, code, name, ...),
// then the others sorted. A type comes from the Go type of the values,
// never from whether they happen to be whole: Integer for Go integers and
// integral json.Numbers, Real for float64 and float32 (whole or not) and
// other json.Numbers, Bool for booleans only, JSON for arrays and objects,
// Text otherwise (strings, mixtures, only nulls). Integers mixed with
// reals make a Real column.
func Fields(fc *geojson.FeatureCollection) []Field {
	kinds := map[string]FieldType{} // -1: only nulls so far
	for _, f := range fc.Features {
		if f == nil {
			continue
		}
		for k, v := range f.Properties {
			cur, known := kinds[k]
			if !known {
				cur = -1
			}
			next := cur
			if t, ok := valueType(v); ok {
				next = merge(cur, t)
			}
			if !known || next != cur {
				kinds[k] = next // stored only when it changes: most values repeat their column's type
			}
		}
	}
	names := slices.Collect(maps.Keys(kinds))
	slices.SortFunc(names, func(a, b string) int {
		ra, oka := fieldRank[a]
		rb, okb := fieldRank[b]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return cmp.Compare(a, b)
	})
	out := make([]Field, len(names))
	for i, n := range names {
		t := kinds[n]
		if t < 0 {
			t = Text
		}
		out[i] = Field{Name: n, Type: t}
	}
	return out
}

// merge returns the type of a column holding values of types a and b; a
// may be -1 for "only nulls so far".
func merge(a, b FieldType) FieldType {
	switch {
	case a < 0 || a == b:
		return b
	case (a == Integer && b == Real) || (a == Real && b == Integer):
		return Real
	}
	return Text
}

// valueType returns the field type of one value, and false for null.
func valueType(v any) (FieldType, bool) {
	switch v := v.(type) {
	case nil:
		return 0, false
	case bool:
		return Bool, true
	case string:
		return Text, true
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return Integer, true
	case float64, float32:
		return Real, true
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return Integer, true
		}
		return Real, true
	}
	return JSON, true
}

// Number returns v as a float64, and false when v is not a number.
func Number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int:
		return float64(v), true
	case int8:
		return float64(v), true
	case int16:
		return float64(v), true
	case int32:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint:
		return float64(v), true
	case uint8:
		return float64(v), true
	case uint16:
		return float64(v), true
	case uint32:
		return float64(v), true
	case uint64:
		return float64(v), true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	}
	return 0, false
}

// Format returns v as text: strings as they are, numbers in the shortest
// form that reads back the same (1, 0.25, 1e-07), booleans as true and
// false, null as "", arrays and objects as JSON. It is how a category value
// is matched, as QGIS compares a value's text.
func Format(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	var b [32]byte
	return string(AppendFormat(b[:0], v))
}

// AppendFormat appends Format(v) to b and returns the extended buffer,
// without allocating for a string, a number or a boolean.
func AppendFormat(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return b
	case string:
		return append(b, v...)
	case bool:
		return strconv.AppendBool(b, v)
	case json.Number:
		return append(b, v...)
	}
	if f, ok := Number(v); ok {
		return appendFloat(b, f)
	}
	j, err := json.Marshal(v)
	if err != nil {
		return fmt.Append(b, v)
	}
	return append(b, j...)
}

// FormatFloat returns f in the shortest form that reads back the same,
// without an exponent for everyday magnitudes: 3, 0.05, 1234.5, 1e-07.
func FormatFloat(f float64) string {
	var b [32]byte
	return string(appendFloat(b[:0], f))
}

// appendFloat appends FormatFloat(f) to b.
func appendFloat(b []byte, f float64) []byte {
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e15) {
		return strconv.AppendFloat(b, f, 'g', -1, 64)
	}
	return geo.AppendShortest(b, f)
}
