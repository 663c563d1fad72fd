package geo

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// This file is the streaming GeoJSON encoder behind WriteLayer: features
// are appended to a byte buffer with strconv, without encoding/json's
// reflection, and the bytes are those json.Marshal writes for them.

// AppendFeature appends f as GeoJSON to b and returns the extended buffer:
// the bytes json.Marshal(f) writes, property keys in sorted order, strings
// escaped as encoding/json escapes them (HTML characters included), numbers
// in its shortest round-trip form. A NaN or infinite number is an error
// (wrapping ErrBadCoordinate or ErrBadProperty) and b is then returned as given.
// Unlike WriteLayer it neither checks nor rewinds the geometry.
func AppendFeature(b []byte, f *geojson.Feature) ([]byte, error) {
	start := len(b)
	keys := keyOrders.Get().(*keyOrder)
	out, err := appendFeature(b, f, keys)
	keyOrders.Put(keys)
	if err != nil {
		return b[:start], err
	}
	return out, nil
}

// EncodeLayer writes fc to w as WriteLayer writes its file: RFC 7946
// GeoJSON, one feature a line, polygons rewound and checked. A feature
// that WriteLayer refuses is an error naming it, and nothing is written.
func EncodeLayer(w io.Writer, fc *geojson.FeatureCollection) error {
	out, err := rfc7946("", fc)
	if err != nil {
		return err
	}
	return encodeCollection(w, out)
}

// sortedKeys returns the keys of m in byte order, as encoding/json writes
// a map's members.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// flushAt is the buffer size at which encodeCollection hands its bytes to
// the writer.
const flushAt = 1 << 16

// encodeCollection writes fc as GeoJSON, one feature a line, feature by
// feature through one reused buffer.
func encodeCollection(w io.Writer, fc *geojson.FeatureCollection) error {
	return encode(w, "", fc, false)
}

// encode writes fc as encodeCollection does; with check set, it writes
// rfc7946(file, fc) instead, checking and rewinding each feature as it
// goes, and a feature it refuses is the *FeatureError rfc7946 returns,
// after the features before it have been written.
func encode(w io.Writer, file string, fc *geojson.FeatureCollection, check bool) error {
	b := make([]byte, 0, flushAt+flushAt/4)
	b = append(b, `{"type":"FeatureCollection"`...)
	if len(fc.BBox) > 0 {
		j, err := json.Marshal(fc.BBox)
		if err != nil {
			return err
		}
		b = append(b, `,"bbox":`...)
		b = append(b, j...)
	}
	members := fc.ExtraMembers
	if check {
		members = withoutCRS(members)
	}
	for _, k := range sortedKeys(members) {
		if k == "type" || k == "features" || k == "bbox" {
			continue
		}
		vj, err := json.Marshal(members[k])
		if err != nil {
			return fmt.Errorf("member %q: %w", k, err)
		}
		b = append(appendString(append(b, ','), k), ':')
		b = append(b, vj...)
	}
	b = append(b, `,"features":[`...)
	var keys keyOrder
	for i, f := range fc.Features {
		if i == 0 {
			b = append(b, '\n')
		} else {
			b = append(b, ",\n"...)
		}
		var err error
		if check {
			b, err = appendChecked(b, file, i, f, &keys)
		} else if b, err = appendFeature(b, f, &keys); err != nil {
			err = fmt.Errorf("feature %d: %w", i, err)
		}
		if err != nil {
			return err
		}
		if len(b) >= flushAt {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	b = append(b, "\n]}\n"...)
	_, err := w.Write(b)
	return err
}

// appendChecked appends feature i of the layer file as rfc7946 makes it:
// its geometry checked and rewound (RFC7946Geometry), a crs member
// dropped. A feature refused is a *FeatureError, as rfc7946 names it; the
// properties are checked by encoding them, and again by CheckProperties
// only when that fails, for the property rfc7946 would name.
func appendChecked(b []byte, file string, i int, f *geojson.Feature, keys *keyOrder) ([]byte, error) {
	if f == nil {
		return b, &FeatureError{File: file, Index: i, Err: wrapf(ErrNotFeatureCollection, "nil Feature")}
	}
	g, err := RFC7946Geometry(f.Geometry)
	if err != nil {
		return b, &FeatureError{File: file, Index: i, Err: err}
	}
	// Points and lines come back as they are: f is then written itself,
	// not a copy.
	switch f.Geometry.(type) {
	case orb.Ring, orb.Polygon, orb.MultiPolygon, orb.Bound, orb.Collection:
		nf := *f
		nf.Geometry = g
		f = &nf
	}
	if _, ok := f.ExtraMembers["crs"]; ok {
		nf := *f
		nf.ExtraMembers = withoutCRS(f.ExtraMembers)
		f = &nf
	}
	out, err := appendFeature(b, f, keys)
	if err != nil {
		if k, perr := CheckProperties(f.Properties); perr != nil {
			return b, &FeatureError{File: file, Index: i, Property: k, Err: perr}
		}
		return b, &FeatureError{File: file, Index: i, Err: err}
	}
	return out, nil
}

// keyOrders hold the keyOrders of AppendFeature between calls, so that a
// caller appending the features of one layer sorts their keys once.
var keyOrders = sync.Pool{New: func() any { return new(keyOrder) }}

// A keyOrder holds the sorted keys of the last properties map encoded,
// each also quoted as a member name with its colon: the features of one
// layer mostly share their keys, which are then sorted and quoted once.
type keyOrder struct {
	keys   []string
	quoted [][]byte
}

// set makes the order that of the keys of m, in byte order.
func (o *keyOrder) set(m map[string]any) {
	o.keys = o.keys[:0]
	for k := range m {
		o.keys = append(o.keys, k)
	}
	slices.Sort(o.keys)
	o.quoted = o.quoted[:0]
	for _, k := range o.keys {
		o.quoted = append(o.quoted, append(appendString(nil, k), ':'))
	}
}

// appendProperties appends the members of m in the order of o, which
// must hold m's keys, and reports false, with b as given, where one is
// missing.
func (o *keyOrder) appendProperties(b []byte, m map[string]any) ([]byte, bool, error) {
	if len(o.keys) != len(m) {
		return b, false, nil
	}
	start := len(b)
	b = append(b, '{')
	for i, k := range o.keys {
		v, ok := m[k]
		if !ok {
			return b[:start], false, nil
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, o.quoted[i]...)
		var err error
		if b, err = appendValue(b, v); err != nil {
			return b, true, wrapf(ErrBadProperty, "property %q: %v", k, err)
		}
	}
	return append(b, '}'), true, nil
}

// appendFeature appends f as json.Marshal writes it (orb's FeatureOf
// MarshalJSON), using keys for the order of its properties.
func appendFeature(b []byte, f *geojson.Feature, keys *keyOrder) ([]byte, error) {
	if f == nil {
		return append(b, "null"...), nil
	}
	if len(f.ExtraMembers) > 0 {
		// Extra members are merged with the reserved ones into one map
		// by orb; rare enough to leave to encoding/json.
		j, err := json.Marshal(f)
		if err != nil {
			return b, wrapf(ErrBadProperty, "%v", err)
		}
		return append(b, j...), nil
	}
	b = append(b, '{')
	if f.ID != nil {
		var err error
		b = append(b, `"id":`...)
		if b, err = appendValue(b, f.ID); err != nil {
			return b, wrapf(ErrBadProperty, "id: %v", err)
		}
		b = append(b, ',')
	}
	b = append(b, `"type":"Feature"`...)
	if len(f.BBox) > 0 {
		b = append(b, `,"bbox":[`...)
		for i, v := range f.BBox {
			if i > 0 {
				b = append(b, ',')
			}
			if !finite(v) {
				return b, wrapf(ErrBadCoordinate, "bbox %v is not finite", v)
			}
			b = appendFloat(b, v, 64)
		}
		b = append(b, ']')
	}
	b = append(b, `,"geometry":`...)
	var err error
	if b, err = appendGeometry(b, f.Geometry); err != nil {
		return b, err
	}
	b = append(b, `,"properties":`...)
	if len(f.Properties) == 0 {
		// orb writes an empty object as null, as RFC 7946 allows.
		b = append(b, "null"...)
	} else {
		// The keys of the feature before, or else this feature's own.
		var ok bool
		if b, ok, err = keys.appendProperties(b, f.Properties); !ok {
			keys.set(f.Properties)
			b, _, err = keys.appendProperties(b, f.Properties)
		}
		if err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// appendGeometry appends g as orb's geojson.Geometry writes it: null for
// no geometry or an empty collection, a Ring or Bound as a Polygon.
func appendGeometry(b []byte, g orb.Geometry) ([]byte, error) {
	var err error
	switch g := g.(type) {
	case nil:
		return append(b, "null"...), nil
	case orb.Point:
		b = append(b, `{"type":"Point","coordinates":`...)
		b, err = appendPoint(b, g)
	case orb.MultiPoint:
		b = append(b, `{"type":"MultiPoint","coordinates":`...)
		b, err = appendPoints(b, g)
	case orb.LineString:
		b = append(b, `{"type":"LineString","coordinates":`...)
		b, err = appendPoints(b, g)
	case orb.MultiLineString:
		b = append(b, `{"type":"MultiLineString","coordinates":`...)
		b, err = appendArray(b, g, appendPoints[orb.LineString])
	case orb.Ring:
		b = append(b, `{"type":"Polygon","coordinates":[`...)
		if b, err = appendPoints(b, g); err == nil {
			b = append(b, ']')
		}
	case orb.Polygon:
		b = append(b, `{"type":"Polygon","coordinates":`...)
		b, err = appendPolygon(b, g)
	case orb.MultiPolygon:
		b = append(b, `{"type":"MultiPolygon","coordinates":`...)
		b, err = appendArray(b, g, appendPolygon)
	case orb.Bound:
		return appendGeometry(b, g.ToPolygon())
	case orb.Collection:
		if len(g) == 0 {
			return append(b, "null"...), nil
		}
		b = append(b, `{"type":"GeometryCollection","geometries":[`...)
		for i, m := range g {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendGeometry(b, m); err != nil {
				return b, err
			}
		}
		b = append(b, ']')
	default:
		j, err := json.Marshal(geojson.NewGeometry(g))
		if err != nil {
			return b, wrapf(ErrGeometryType, "%T: %v", g, err)
		}
		return append(b, j...), nil
	}
	if err != nil {
		return b, err
	}
	return append(b, '}'), nil
}

func appendPoint(b []byte, p orb.Point) ([]byte, error) {
	if !finite(p[0]) || !finite(p[1]) {
		return b, wrapf(ErrBadCoordinate, "[%v, %v] is not finite", p[0], p[1])
	}
	b = appendFloat(append(b, '['), p[0], 64)
	b = appendFloat(append(b, ','), p[1], 64)
	return append(b, ']'), nil
}

// appendPoints appends the positions as an array, null for a nil slice as
// encoding/json writes one.
func appendPoints[P ~[]orb.Point](b []byte, ps P) ([]byte, error) {
	if ps == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	var err error
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = appendPoint(b, p); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

func appendPolygon(b []byte, p orb.Polygon) ([]byte, error) {
	return appendArray(b, p, appendPoints[orb.Ring])
}

// appendArray appends the items as an array, each by each, null for a nil
// slice as encoding/json writes one.
func appendArray[S ~[]E, E any](b []byte, items S, each func([]byte, E) ([]byte, error)) ([]byte, error) {
	if items == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	var err error
	for i, x := range items {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = each(b, x); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

// appendValue appends a property value: the basic types directly, any
// other through json.Marshal.
func appendValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendString(b, v), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case float64:
		if !finite(v) {
			return b, fmt.Errorf("%v is not a JSON number", v)
		}
		return appendFloat(b, v, 64), nil
	case float32:
		if !finite(float64(v)) {
			return b, fmt.Errorf("%v is not a JSON number", v)
		}
		return appendFloat(b, float64(v), 32), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case int32:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int16:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int8:
		return strconv.AppendInt(b, int64(v), 10), nil
	case uint:
		return strconv.AppendUint(b, uint64(v), 10), nil
	case uint64:
		return strconv.AppendUint(b, v, 10), nil
	case uint32:
		return strconv.AppendUint(b, uint64(v), 10), nil
	case uint16:
		return strconv.AppendUint(b, uint64(v), 10), nil
	case uint8:
		return strconv.AppendUint(b, uint64(v), 10), nil
	}
	j, err := json.Marshal(v)
	if err != nil {
		return b, err
	}
	return append(b, j...), nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// appendFloat appends v as encoding/json writes a float of the given bit
// size: the shortest decimal that reads back to v, in exponent form
// (with an unpadded exponent) below 1e-6 and from 1e21 on, like
// ECMAScript's Number.prototype.toString.
func appendFloat(b []byte, v float64, bits int) []byte {
	if bits == 64 {
		// Six decimals or fewer: no exponent, the same digits.
		if out, ok := appendMicros(b, v); ok {
			return out
		}
	}
	form := byte('f')
	if a := math.Abs(v); a != 0 {
		if bits == 64 && (a < 1e-6 || a >= 1e21) || bits == 32 && (float32(a) < 1e-6 || float32(a) >= 1e21) {
			form = 'e'
		}
	}
	b = strconv.AppendFloat(b, v, form, -1, bits)
	if form == 'e' {
		// 1e-07 becomes 1e-7.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// AppendShortest appends v as strconv.AppendFloat(b, v, 'f', -1, 64)
// does: the shortest decimal that reads back to v, without an exponent. It
// is several times faster for the values of six decimals or fewer that most
// coordinates of real data are.
func AppendShortest(b []byte, v float64) []byte {
	if out, ok := appendMicros(b, v); ok {
		return out
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// appendMicros appends v with integer arithmetic when v is a non-zero
// whole number of millionths below 1e9 in magnitude, n/1e6 for an integer
// n, and reports whether it did. The digits are then those of the shortest
// form: below 1e9 two doubles at most a millionth apart read back apart
// (the spacing of doubles there is under 2^-22), so no other decimal of six
// decimals or fewer reads back to v, and one with more decimals has more
// digits. n/1e6 is rounded once, as reading the decimal back rounds it.
func appendMicros(b []byte, v float64) ([]byte, bool) {
	const scale = 1e6
	if v == 0 || !(v > -1e9 && v < 1e9) {
		return b, false
	}
	n := math.Round(v * scale)
	if n/scale != v {
		return b, false
	}
	// The digits are written backwards into buf: the decimals without
	// their trailing zeros, then the whole part.
	u := uint64(math.Abs(n))
	var buf [24]byte
	i := len(buf)
	if frac := u % scale; frac != 0 {
		digits := 6
		for frac%10 == 0 {
			frac /= 10
			digits--
		}
		for range digits {
			i--
			buf[i] = byte('0' + frac%10)
			frac /= 10
		}
		i--
		buf[i] = '.'
	}
	whole := u / scale
	for {
		i--
		buf[i] = byte('0' + whole%10)
		whole /= 10
		if whole == 0 {
			break
		}
	}
	if n < 0 {
		i--
		buf[i] = '-'
	}
	return append(b, buf[i:]...), true
}

// jsonSafe[c] reports whether the ASCII byte c stands for itself inside a
// JSON string as encoding/json writes it: not a control character, quote,
// backslash, or one of the HTML characters <, > and &.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()

// appendString appends s as a quoted JSON string with encoding/json's
// escapes: \" \\ \b \f \n \r \t, \u00XX for the other control characters
// and for <, > and &, \ufffd for each byte of invalid UTF-8, and \u2028
// and \u2029 for the two separators JavaScript reads as line ends.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	done := 0 // s[:done] has been appended
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[done:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, `\b`...)
			case '\f':
				b = append(b, `\f`...)
			case '\n':
				b = append(b, `\n`...)
			case '\r':
				b = append(b, `\r`...)
			case '\t':
				b = append(b, `\t`...)
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			done = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[done:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[done:i]...)
			b = append(b, `\u202`...)
			b = append(b, hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		done = i
	}
	b = append(b, s[done:]...)
	return append(b, '"')
}
