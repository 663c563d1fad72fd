package geo

import (
	"strconv"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// This file is the readers' fast path. A jsonScan walks JSON text once,
// checking it against the grammar of RFC 8259 as json.Valid does, and hands
// out raw values as sub-slices of the input; coordinates are parsed
// straight into orb types. Whenever it meets something other than the
// common case (invalid JSON, an escaped member name, a crs member, a
// feature that is not an object, a coordinate that is not a valid lon/lat
// number...) it gives up, and the encoding/json path of geojson_read.go
// reads the input instead, with its error messages. Each fast answer is
// therefore one the encoding/json path gives too (TestScanMatchesDecoder
// and FuzzScanCollection check this).

// decodeOnly turns the fast path off, so that tests can compare the two
// paths; only tests set it.
var decodeOnly = false

// maxScanDepth is the deepest nesting the scanner follows before it gives
// up (encoding/json allows 10000).
const maxScanDepth = 1000

// A jsonScan is a position in JSON text.
type jsonScan struct {
	data []byte
	pos  int
}

// space skips white space.
func (s *jsonScan) space() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, or 0 at the end.
func (s *jsonScan) peek() byte {
	s.space()
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

// eat reports whether the next byte after white space is c, and skips it
// if so.
func (s *jsonScan) eat(c byte) bool {
	if s.peek() == c {
		s.pos++
		return true
	}
	return false
}

// str scans the string literal at the position and returns it with its
// quotes, and whether it is plain: without escapes and valid UTF-8, so
// that the bytes between the quotes are its value.
func (s *jsonScan) str() (raw []byte, plain, ok bool) {
	if s.peek() != '"' {
		return nil, false, false
	}
	start := s.pos
	s.pos++
	plain = true
	ascii := true
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			raw = s.data[start:s.pos]
			if plain && !ascii {
				plain = utf8.Valid(raw[1 : len(raw)-1])
			}
			return raw, plain, true
		case c == '\\':
			plain = false
			if s.pos+1 >= len(s.data) {
				return nil, false, false
			}
			switch s.data[s.pos+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.pos += 2
			case 'u':
				if s.pos+6 > len(s.data) {
					return nil, false, false
				}
				for _, h := range s.data[s.pos+2 : s.pos+6] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return nil, false, false
					}
				}
				s.pos += 6
			default:
				return nil, false, false
			}
		case c < 0x20:
			return nil, false, false
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			s.pos++
		}
	}
	return nil, false, false
}

// digits skips decimal digits and reports whether there was at least one.
func (s *jsonScan) digits() bool {
	start := s.pos
	for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
		s.pos++
	}
	return s.pos > start
}

// number scans the number literal at the position and returns it.
func (s *jsonScan) number() ([]byte, bool) {
	s.space()
	start := s.pos
	if s.pos < len(s.data) && s.data[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos >= len(s.data):
		return nil, false
	case s.data[s.pos] == '0':
		s.pos++
	case s.data[s.pos] >= '1' && s.data[s.pos] <= '9':
		s.digits()
	default:
		return nil, false
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if !s.digits() {
			return nil, false
		}
	}
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if !s.digits() {
			return nil, false
		}
	}
	return s.data[start:s.pos], true
}

// float returns the number at the position as encoding/json decodes it
// into a float64, and false for anything else or a number beyond float64.
func (s *jsonScan) float() (float64, bool) {
	lit, ok := s.number()
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(lit), 64)
	return v, err == nil
}

// value scans the value at the position and returns it.
func (s *jsonScan) value(depth int) ([]byte, bool) {
	c := s.peek()
	start := s.pos
	ok := false
	switch c {
	case '{':
		ok = depth < maxScanDepth && s.object(func([]byte) bool {
			_, ok := s.value(depth + 1)
			return ok
		})
	case '[':
		ok = depth < maxScanDepth && s.array(func() bool {
			_, ok := s.value(depth + 1)
			return ok
		})
	case '"':
		_, _, ok = s.str()
	case 't':
		ok = s.literal("true")
	case 'f':
		ok = s.literal("false")
	case 'n':
		ok = s.literal("null")
	default:
		_, ok = s.number()
	}
	if !ok {
		return nil, false
	}
	return s.data[start:s.pos], true
}

// literal reports whether lit follows, and skips it.
func (s *jsonScan) literal(lit string) bool {
	if len(s.data)-s.pos >= len(lit) && string(s.data[s.pos:s.pos+len(lit)]) == lit {
		s.pos += len(lit)
		return true
	}
	return false
}

// object scans the object at the position. For each member it calls
// member(name) with the position at the member's value, which member must
// scan and report on; it fails on a name that is not plain (see str).
func (s *jsonScan) object(member func(name []byte) bool) bool {
	if !s.eat('{') {
		return false
	}
	if s.eat('}') {
		return true
	}
	for {
		raw, plain, ok := s.str()
		if !ok || !plain || !s.eat(':') || !member(raw[1:len(raw)-1]) {
			return false
		}
		if s.eat('}') {
			return true
		}
		if !s.eat(',') {
			return false
		}
	}
}

// array scans the array at the position. For each element it calls elem
// with the position at the element, which elem must scan and report on.
func (s *jsonScan) array(elem func() bool) bool {
	if !s.eat('[') {
		return false
	}
	if s.eat(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if s.eat(']') {
			return true
		}
		if !s.eat(',') {
			return false
		}
	}
}

// end reports whether only white space is left.
func (s *jsonScan) end() bool {
	s.space()
	return s.pos == len(s.data)
}

// scanCollection returns the features of a FeatureCollection as
// readCollection does, or false when readCollection's encoding/json path
// must decide (see the top of this file).
func scanCollection(data []byte, file string) ([]*featureReader, bool) {
	s := &jsonScan{data: data}
	var typ, crs []byte
	var feats []*featureReader
	var shared members
	var block []featureReader // the features are allocated in blocks
	ok := s.object(func(name []byte) bool {
		var ok bool
		switch string(name) {
		case "features":
			feats = feats[:0]
			return s.array(func() bool {
				if len(block) == cap(block) {
					block = make([]featureReader, 0, 256)
				}
				block = append(block, featureReader{file: file, index: len(feats)})
				f := &block[len(block)-1]
				ok := s.feature(f, &shared)
				feats = append(feats, f)
				return ok
			})
		case "type":
			typ, ok = s.value(1)
		case "crs":
			crs, ok = s.value(1)
		default:
			_, ok = s.value(1)
		}
		return ok
	})
	if !ok || !s.end() || string(typ) != `"FeatureCollection"` || !isNull(crs) || len(feats) == 0 {
		return nil, false
	}
	return feats, true
}

// feature scans one feature object of a collection into f: its type must be
// "Feature" and its properties an object or null. The properties are
// appended to shared, blocks of members for the whole collection, and the
// feature's are a full slice of one block.
func (s *jsonScan) feature(f *featureReader, shared *members) bool {
	var typ []byte
	ok := s.object(func(name []byte) bool {
		var ok bool
		switch string(name) {
		case "type":
			typ, ok = s.value(3)
		case "geometry":
			f.gtype, f.gcoords, f.gscanned = "", nil, false
			if s.peek() != '{' {
				f.geom, ok = s.value(3)
				return ok
			}
			start := s.pos
			f.gtype, f.gcoords, f.gscanned, ok = s.geometry()
			f.geom = s.data[start:s.pos]
		case "properties":
			if s.peek() != '{' {
				var raw []byte
				raw, ok = s.value(3)
				f.props = nil
				return ok && isNull(raw)
			}
			start := len(*shared)
			ok = s.object(func(key []byte) bool {
				v, ok := s.value(4)
				if len(*shared) == cap(*shared) { // a new block, not a copy of all
					part := (*shared)[start:]
					next := make(members, len(part), max(1024, 2*len(part)))
					copy(next, part)
					*shared, start = next, 0
				}
				*shared = append(*shared, member{key, v})
				return ok
			})
			f.props = (*shared)[start:len(*shared):len(*shared)]
		default:
			_, ok = s.value(3)
		}
		return ok
	})
	return ok && string(typ) == `"Feature"`
}

// geometry scans the geometry object at the position and returns its type
// and raw coordinates; simple is false when its type is not a plain string
// (then featureReader.geometry asks encoding/json).
func (s *jsonScan) geometry() (typ string, coords []byte, simple, ok bool) {
	var t []byte
	plain := false
	ok = s.object(func(name []byte) bool {
		var ok bool
		switch string(name) {
		case "type":
			if s.peek() != '"' {
				t, plain = nil, false
				_, ok = s.value(4)
				return ok
			}
			t, plain, ok = s.str()
		case "coordinates":
			coords, ok = s.value(4)
		default:
			_, ok = s.value(4)
		}
		return ok
	})
	if !ok || !plain {
		return "", nil, false, ok
	}
	return string(t[1 : len(t)-1]), coords, true, true
}

// scanGeometry returns the type and the raw coordinates of a geometry
// object, or false when it is not a plain object with a plain string type.
func scanGeometry(raw []byte) (typ string, coords []byte, ok bool) {
	s := &jsonScan{data: raw}
	typ, coords, simple, ok := s.geometry()
	if !ok || !simple || !s.end() {
		return "", nil, false
	}
	return typ, coords, true
}

// plainString returns the value of the JSON string raw when it is plain
// (see jsonScan.str), as encoding/json decodes it.
func plainString(raw []byte) (string, bool) {
	s := &jsonScan{data: raw}
	q, plain, ok := s.str()
	if !ok || !plain || s.pos != len(raw) {
		return "", false
	}
	return string(q[1 : len(q)-1]), true
}

// A coordScan parses coordinates into orb types, keeping the points of
// the line being read in buf.
type coordScan struct {
	jsonScan
	buf []orb.Point
}

// position parses a position: two numbers, or three (the altitude is
// dropped), a valid lon/lat.
func (s *coordScan) position() (orb.Point, bool) {
	var p orb.Point
	n := 0
	ok := s.array(func() bool {
		v, ok := s.float()
		if n < 2 {
			p[n] = v
		}
		n++
		return ok && n <= 3
	})
	return p, ok && n >= 2 && checkLonLat(p) == nil
}

// line parses a line of at least min positions into a new slice.
func (s *coordScan) line(min int) (orb.LineString, bool) {
	s.buf = s.buf[:0]
	ok := s.array(func() bool {
		p, ok := s.position()
		s.buf = append(s.buf, p)
		return ok
	})
	if !ok || len(s.buf) < min {
		return nil, false
	}
	return append(make(orb.LineString, 0, len(s.buf)), s.buf...), true
}

// lines parses an array of at least one line of at least two positions.
func (s *coordScan) lines() (orb.MultiLineString, bool) {
	var mls orb.MultiLineString
	ok := s.array(func() bool {
		ls, ok := s.line(2)
		mls = append(mls, ls)
		return ok
	})
	if !ok || len(mls) == 0 {
		return nil, false
	}
	return mls[:len(mls):len(mls)], true
}

// polygon parses a polygon: at least one closed ring of at least four
// positions.
func (s *coordScan) polygon() (orb.Polygon, bool) {
	var poly orb.Polygon
	ok := s.array(func() bool {
		ls, ok := s.line(4)
		if !ok || ls[0] != ls[len(ls)-1] {
			return false
		}
		poly = append(poly, orb.Ring(ls))
		return true
	})
	if !ok || len(poly) == 0 {
		return nil, false
	}
	return poly[:len(poly):len(poly)], true
}

// polygons parses an array of at least one polygon.
func (s *coordScan) polygons() (orb.MultiPolygon, bool) {
	var mp orb.MultiPolygon
	ok := s.array(func() bool {
		p, ok := s.polygon()
		mp = append(mp, p)
		return ok
	})
	if !ok || len(mp) == 0 {
		return nil, false
	}
	return mp[:len(mp):len(mp)], true
}

// scanCoords runs parse on raw coordinates and reports whether it read
// them whole.
func scanCoords[T any](raw []byte, parse func(*coordScan) (T, bool)) (T, bool) {
	s := &coordScan{jsonScan: jsonScan{data: raw}}
	v, ok := parse(s)
	if !ok || !s.end() {
		var zero T
		return zero, false
	}
	return v, true
}

// lineOf2 parses a line of at least two positions.
func lineOf2(s *coordScan) (orb.LineString, bool) { return s.line(2) }
