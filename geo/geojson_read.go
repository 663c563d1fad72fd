package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// This file reads the layers as GeoJSON (RFC 7946) with the
// property schema of the team brief: every reader accepts what the matching
// writer produces, and rejects anything else with a *FeatureError that names
// the file, the feature and the property.
//
// Reading decodes with encoding/json into raw members first, feature by
// feature, so that an error can say which feature is bad; coordinates are
// checked by this file, not by orb/geojson, which accepts positions of any
// length and cannot tell which feature of a collection failed.

// ReadCountries reads a countries layer: Polygon or MultiPolygon features
// with the properties code (an ISO 3166-1 alpha-3 code, assigned or
// user-assigned such as XKX, unique in the layer) and name (a string; when
// missing or null, the ISO short name, or the code for a user-assigned one). A Polygon
// becomes a MultiPolygon of one polygon. Polygons are checked and split at
// the antimeridian by CheckMultiPolygon. name is the file name used in
// errors.
func ReadCountries(r io.Reader, name string) ([]Country, error) {
	return readLayer(r, name, func(f *featureReader, seen map[string]int) (c Country) {
		c.Code = f.country("code")
		f.unique("code", c.Code, seen)
		if f.present("name") {
			c.Name = f.str("name")
		} else if f.err == nil {
			var ok bool
			if c.Name, ok = CountryName(c.Code); !ok {
				c.Name = c.Code // a user-assigned code has no ISO name
			}
		}
		c.Geometry = f.multiPolygon()
		if f.err == nil {
			var err error
			if c.Geometry, err = CheckMultiPolygon(c.Geometry); err != nil {
				f.fail("", ErrInvalidPolygon, "%v", strings.TrimPrefix(err.Error(), ErrInvalidPolygon.Error()+": "))
			}
		}
		return c
	})
}

// ReadBorders reads a borders layer: LineString or MultiLineString features
// with the properties a and b (ISO alpha-3 codes, a < b, one feature per
// pair) and, optional, source (a string), pair (must be "a-b") and length_km
// (a number ≥ 0; it is derived from the geometry and not kept). A LineString
// becomes a MultiLineString of one line. name is the file name used in
// errors.
func ReadBorders(r io.Reader, name string) ([]Border, error) {
	return readLayer(r, name, func(f *featureReader, seen map[string]int) (b Border) {
		b.A, b.B = f.pair()
		f.unique("b", b.Pair(), seen)
		if f.present("pair") {
			if p := f.str("pair"); f.err == nil && p != b.Pair() {
				f.fail("pair", ErrBadProperty, "%q does not match a and b (%q)", p, b.Pair())
			}
		}
		if f.present("length_km") {
			f.km("length_km")
		}
		if f.present("source") {
			b.Source = f.str("source")
		}
		b.Geometry = f.multiLineString()
		return b
	})
}

// ReadSettlements reads a settlements layer: Point features with the
// properties id (non-empty, unique), name (a string), country (ISO alpha-3)
// and, optional, population (a whole number ≥ 0; missing or null means 0).
// name is the file name used in errors.
func ReadSettlements(r io.Reader, name string) ([]Settlement, error) {
	return readLayer(r, name, func(f *featureReader, seen map[string]int) (s Settlement) {
		s.ID = f.id(seen)
		s.Name = f.str("name")
		s.Country = f.country("country")
		if f.present("population") {
			s.Population = f.count("population")
		}
		s.Point = f.point()
		return s
	})
}

// The values allowed for the enumerated properties, in schema order.
var (
	crossingModes   = []string{string(ModeRoad), string(ModeRail), string(ModeBridge), string(ModeFerry)}
	crossingRegimes = []string{string(RegimeFull), string(RegimeTIRSealed), string(RegimeCustomsUnion), string(RegimeClosed)}
	outpostSources  = []string{string(OutpostAtCrossing), string(OutpostModelled), string(OutpostUser)}
)

// ReadCrossings reads a crossings layer: Point features with the properties
// id (non-empty, unique), name (a string), a (ISO alpha-3), b (ISO alpha-3
// other than a, or "" for a sea port), mode (road, rail, bridge or ferry),
// regime (full, tir_sealed, customs_union or closed) and, optional, scanner
// and dogs (booleans; missing or null means false), source (a string),
// inspection_rate (the share searched, a number in [0,1]) and wait_hours (a
// number of hours ≥ 0); missing or null leaves those two nil. name is the
// file name used in errors.
func ReadCrossings(r io.Reader, name string) ([]Crossing, error) {
	return readLayer(r, name, func(f *featureReader, seen map[string]int) (x Crossing) {
		x.ID = f.id(seen)
		x.Name = f.str("name")
		x.A = f.country("a")
		if !f.present("b") {
			f.fail("b", ErrNoCountry, `use "" for a sea port`)
		} else if x.B = f.str("b"); x.B != "" {
			x.B = f.country("b")
			if f.err == nil && x.B == x.A {
				f.fail("b", ErrBadProperty, "a and b are both %s", x.A)
			}
		}
		x.Mode = CrossingMode(f.enum("mode", crossingModes))
		x.Regime = Regime(f.enum("regime", crossingRegimes))
		x.Scanner = f.boolean("scanner")
		x.Dogs = f.boolean("dogs")
		if f.present("source") {
			x.Source = f.str("source")
		}
		x.InspectionRate = f.optionalNumber("inspection_rate", 0, 1, "a share in [0, 1]")
		x.WaitHours = f.optionalNumber("wait_hours", 0, maxWaitHours, fmt.Sprintf("hours in [0, %v]", maxWaitHours))
		x.Point = f.point()
		return x
	})
}

// ReadOutposts reads an outposts layer: Point features with the properties
// id (non-empty, unique), country (ISO alpha-3) and source (crossing,
// modelled or user). name is the file name used in errors.
func ReadOutposts(r io.Reader, name string) ([]Outpost, error) {
	return readLayer(r, name, func(f *featureReader, seen map[string]int) (o Outpost) {
		o.ID = f.id(seen)
		o.Country = f.country("country")
		o.Source = OutpostSource(f.enum("source", outpostSources))
		o.Point = f.point()
		return o
	})
}

// ReadRoads reads a road or railway layer as an analyst exports it from
// OpenStreetMap (for example with QGIS): LineString or MultiLineString
// features with the optional properties
//
//   - id (a non-empty string, or a number such as an OSM way id; unique),
//     else osm_id, else "road:<feature index>";
//   - the class: highway (e.g. "trunk"), else railway (e.g. "rail"), else
//     class; "" when none is given;
//   - maxspeed: km/h as a number, or an OSM value: "60", "60 km/h",
//     "40 mph", "20 knots"; "none", "signals", "variable", "walk" and
//     implicit zone values such as "RU:rural" mean unknown (0);
//   - name, else ref (e.g. "M39"); "" when neither is given;
//   - country (ISO alpha-3; "" when missing).
//
// A MultiLineString of n > 1 lines becomes n roads with IDs "<id>/0" ...
// "<id>/<n-1>". A bad maxspeed is an error naming the feature. name is the
// file name used in errors.
func ReadRoads(r io.Reader, name string) ([]Road, error) {
	feats, err := readCollection(r, name)
	if err != nil {
		return nil, err
	}
	out := make([]Road, 0, len(feats))
	seen := make(map[string]int, len(feats))
	for _, f := range feats {
		var rd Road
		rd.ID = f.optionalID(seen, "id", "osm_id")
		if rd.ID == "" && f.err == nil {
			rd.ID = fmt.Sprintf("road:%d", f.index)
			f.unique("id", rd.ID, seen)
		}
		for _, key := range []string{"highway", "railway", "class"} {
			if f.present(key) {
				rd.Class = f.str(key)
				break
			}
		}
		if f.present("maxspeed") {
			rd.MaxSpeedKmh = f.maxSpeed("maxspeed")
		}
		if f.present("name") {
			rd.Name = f.str("name")
		}
		if rd.Name == "" && f.present("ref") {
			rd.Name = f.str("ref")
		}
		if f.present("country") {
			if rd.Country = f.str("country"); rd.Country != "" {
				rd.Country = f.country("country")
			}
		}
		lines := f.multiLineString()
		if f.err != nil {
			return nil, f.err
		}
		if len(lines) == 1 {
			rd.Line = lines[0]
			out = append(out, rd)
			continue
		}
		for i, l := range lines {
			part := rd
			part.ID = fmt.Sprintf("%s/%d", rd.ID, i)
			f.unique("id", part.ID, seen)
			part.Line = l
			out = append(out, part)
		}
		if f.err != nil {
			return nil, f.err
		}
	}
	return out, nil
}

// ReadPlaces reads a layer of origins or destinations: Point features with
// the properties name (non-empty), country (ISO alpha-3) and weight (a
// finite number ≥ 0, the place's relative share of the flow) and, optional,
// id (unique; the name when missing) and source (a string). name is the
// file name used in errors.
func ReadPlaces(r io.Reader, name string) ([]Place, error) {
	return readLayer(r, name, func(f *featureReader, seen map[string]int) (p Place) {
		p.Name = f.str("name")
		if f.err == nil && p.Name == "" {
			f.fail("name", ErrBadProperty, "empty")
		}
		if p.ID = f.optionalID(seen, "id"); p.ID == "" && f.err == nil {
			p.ID = p.Name
			f.unique("name", p.ID, seen)
		}
		p.Country = f.country("country")
		p.Weight = f.number("weight")
		if f.err == nil && p.Weight < 0 {
			f.fail("weight", ErrBadProperty, "%v is negative", p.Weight)
		}
		if f.present("source") {
			p.Source = f.str("source")
		}
		p.Point = f.point()
		return p
	})
}

// segmentKmProps are the remoteness properties of the segments layer, in
// the order of Remoteness.kms.
var segmentKmProps = [6]string{
	"settlement_km_a", "settlement_km_b",
	"outpost_km_a", "outpost_km_b",
	"crossing_km_a", "crossing_km_b",
}

// kms returns pointers to r's six distances, in the order of its fields,
// side A before side B.
func (r *Remoteness) kms() [6]*float64 {
	return [6]*float64{
		&r.SettlementKm[0], &r.SettlementKm[1],
		&r.OutpostKm[0], &r.OutpostKm[1],
		&r.CrossingKm[0], &r.CrossingKm[1],
	}
}

// ReadSegments reads a segments layer: LineString features with the
// properties id (non-empty, unique), a and b (ISO alpha-3 codes, a < b),
// length_km (a number ≥ 0) and the six remoteness distances settlement_km_a
// ... crossing_km_b (each a number ≥ 0, or null for +Inf: no site on that
// side). Mid is recomputed as LineMidpoint of the line. name is the file
// name used in errors.
func ReadSegments(r io.Reader, name string) ([]Segment, error) {
	return readLayer(r, name, func(f *featureReader, seen map[string]int) (s Segment) {
		s.ID = f.id(seen)
		s.A, s.B = f.pair()
		s.LengthKm = f.km("length_km")
		for i, km := range s.Remote.kms() {
			*km = f.kmOrInf(segmentKmProps[i])
		}
		s.Line = f.lineString()
		s.Mid = LineMidpoint(s.Line)
		return s
	})
}

// readLayer reads a FeatureCollection with readCollection and turns each
// feature into a T with read, which gets the map of identities seen so far
// (for featureReader.unique). It returns the first feature's error.
func readLayer[T any](r io.Reader, file string, read func(f *featureReader, seen map[string]int) T) ([]T, error) {
	feats, err := readCollection(r, file)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(feats))
	seen := make(map[string]int, len(feats))
	for _, f := range feats {
		v := read(f, seen)
		if f.err != nil {
			return nil, f.err
		}
		out = append(out, v)
	}
	return out, nil
}

// readCollection decodes a FeatureCollection into its features' raw members:
// by the scanner of geojson_scan.go when it can, else by walking the
// collection with a json.Decoder after one check that the input is JSON.
func readCollection(r io.Reader, file string) ([]*featureReader, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("geo: read %s: %w", file, err)
	}
	whole := func(sentinel error, format string, args ...any) error {
		return &FeatureError{File: file, Index: -1, Err: wrapf(sentinel, format, args...)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, whole(ErrNotJSON, "empty input")
	}
	if feats, ok := scanCollection(data, file); ok && !decodeOnly {
		return feats, nil
	}
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			line, col := lineCol(data, syn.Offset)
			return nil, whole(ErrNotJSON, "%v (line %d, column %d)", syn, line, col)
		}
		return nil, whole(ErrNotJSON, "%v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, whole(ErrNotFeatureCollection, "%s, not an object", jsonKind(data))
	}
	var typRaw, crs json.RawMessage
	var feats []*featureReader
	featuresKind := "" // the JSON type of the features member; "" when missing
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, whole(ErrNotJSON, "%v", err)
		}
		key, _ := tok.(string)
		if key != "features" {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, whole(ErrNotJSON, "%v", err)
			}
			switch key {
			case "type":
				typRaw = raw
			case "crs":
				crs = raw
			}
			continue
		}
		tok, err = dec.Token()
		if err != nil {
			// The input is valid JSON: the value is a number beyond
			// float64, which the decoder has skipped.
			featuresKind = "a number"
			continue
		}
		switch tok {
		case json.Delim('['):
			featuresKind, feats = "an array", feats[:0]
			for i := 0; dec.More(); i++ {
				f := &featureReader{file: file, index: i}
				var members map[string]json.RawMessage
				if dec.Decode(&members) == nil && members != nil {
					f.members = members
				}
				feats = append(feats, f)
			}
			if _, err := dec.Token(); err != nil { // the closing ]
				return nil, whole(ErrNotJSON, "%v", err)
			}
		case json.Delim('{'):
			featuresKind = "an object"
			for depth := 1; depth > 0; { // skip the object
				tok, err := dec.Token()
				if err != nil {
					return nil, whole(ErrNotJSON, "%v", err)
				}
				switch tok {
				case json.Delim('{'), json.Delim('['):
					depth++
				case json.Delim('}'), json.Delim(']'):
					depth--
				}
			}
		case nil:
			featuresKind = ""
		default:
			featuresKind = describe(tok)
		}
	}
	var typ string
	if json.Unmarshal(typRaw, &typ) != nil || typ != "FeatureCollection" {
		if typ != "" {
			return nil, whole(ErrNotFeatureCollection, "type is %q", typ)
		}
		return nil, whole(ErrNotFeatureCollection, `no "type": "FeatureCollection" member`)
	}
	if !isNull(crs) && !isWGS84(crs) {
		return nil, whole(ErrBadCoordinate, "crs %s: coordinates must be WGS 84 longitude, latitude (RFC 7946 has no crs member)", clip(crs, 120))
	}
	switch featuresKind {
	case "":
		return nil, whole(ErrNotFeatureCollection, `no "features" member`)
	case "an array":
	default:
		return nil, whole(ErrNotFeatureCollection, `"features" is %s, not an array`, featuresKind)
	}
	if len(feats) == 0 {
		return nil, whole(ErrEmptyLayer, "no features")
	}
	for _, f := range feats {
		if f.members == nil {
			f.fail("", ErrNotFeatureCollection, "not a Feature object")
			return nil, f.err
		}
		var ftyp string
		if json.Unmarshal(f.members["type"], &ftyp) != nil || ftyp != "Feature" {
			f.fail("", ErrNotFeatureCollection, `no "type": "Feature" member`)
			return nil, f.err
		}
		if p := f.members["properties"]; !isNull(p) {
			var m map[string]json.RawMessage
			if json.Unmarshal(p, &m) != nil {
				f.fail("", ErrBadProperty, "properties is not an object")
				return nil, f.err
			}
			for k, v := range m { // the names are unique: the order is free
				f.props = append(f.props, member{[]byte(k), v})
			}
		}
		f.geom = f.members["geometry"]
		f.members = nil
	}
	return feats, nil
}

// isWGS84 reports whether a legacy GeoJSON crs member names WGS 84
// longitude, latitude (OGC CRS84 or EPSG:4326, as GDAL writes them).
func isWGS84(crs json.RawMessage) bool {
	var c struct {
		Properties struct {
			Name string `json:"name"`
		} `json:"properties"`
	}
	if json.Unmarshal(crs, &c) != nil {
		return false
	}
	n := strings.ToUpper(c.Properties.Name)
	return strings.HasSuffix(n, "CRS84") || strings.HasSuffix(n, ":4326")
}

// clip returns raw as a string of at most n bytes, for messages.
func clip(raw json.RawMessage, n int) string {
	if len(raw) <= n {
		return string(raw)
	}
	return string(raw[:n]) + "…"
}

func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

// lineCol returns the 1-based line and column of byte offset off in data.
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return line, col
}

// wrapf returns sentinel wrapped with a detail message.
func wrapf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}

// A featureReader reads the members of one feature. The first problem found
// is kept in err; later reads do nothing and return zero values, so a
// reader can read all properties and check err once.
type featureReader struct {
	file    string
	index   int
	members map[string]json.RawMessage // until readCollection has checked them
	props   members
	geom    json.RawMessage
	err     error

	// The geometry's type and raw coordinates when the fast path has read
	// them (gscanned), so that geometry need not scan geom again.
	gtype    string
	gcoords  json.RawMessage
	gscanned bool
}

func (f *featureReader) fail(prop string, sentinel error, format string, args ...any) {
	if f.err == nil {
		f.err = &FeatureError{File: f.file, Index: f.index, Property: prop, Err: wrapf(sentinel, format, args...)}
	}
}

// members are the members of a JSON object, names unescaped, in order.
type members []member

// A member is one member of a JSON object.
type member struct {
	name []byte
	raw  json.RawMessage
}

// get returns the value of the last member named key, as encoding/json
// keeps the last of repeated names, and whether there is one.
func (ms members) get(key string) (json.RawMessage, bool) {
	for i := len(ms) - 1; i >= 0; i-- {
		if string(ms[i].name) == key {
			return ms[i].raw, true
		}
	}
	return nil, false
}

// prop returns the raw value of property key, nil when it is missing.
func (f *featureReader) prop(key string) json.RawMessage {
	raw, _ := f.props.get(key)
	return raw
}

// present reports whether property key is given and not null.
func (f *featureReader) present(key string) bool {
	raw, ok := f.props.get(key)
	return ok && !isNull(raw)
}

// jsonKind names the JSON type of raw for messages.
func jsonKind(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return "nothing"
	}
	switch t[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// str returns the required string property key.
func (f *featureReader) str(key string) string {
	if f.err != nil {
		return ""
	}
	if !f.present(key) {
		f.fail(key, ErrBadProperty, "missing")
		return ""
	}
	raw := f.prop(key)
	if s, ok := plainString(raw); ok && !decodeOnly {
		return s
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		f.fail(key, ErrBadProperty, "%s, want a string", jsonKind(raw))
	}
	return s
}

// id returns the required, non-empty and unique id property.
func (f *featureReader) id(seen map[string]int) string {
	s := f.str("id")
	if f.err == nil && s == "" {
		f.fail("id", ErrBadProperty, "empty")
	}
	f.unique("id", s, seen)
	return s
}

// optionalID returns the first of keys given as a non-empty string or a
// whole number (as OSM ids are), checked unique; "" when none is given.
func (f *featureReader) optionalID(seen map[string]int, keys ...string) string {
	for _, key := range keys {
		if f.err != nil || !f.present(key) {
			continue
		}
		var id string
		if jsonKind(f.prop(key)) == "a number" {
			v := f.number(key)
			if f.err == nil && (v != math.Trunc(v) || math.Abs(v) > maxCount) {
				f.fail(key, ErrBadProperty, "%v is not a whole number", v)
			}
			id = strconv.FormatFloat(v, 'f', -1, 64)
		} else {
			id = f.str(key)
			if f.err == nil && id == "" {
				f.fail(key, ErrBadProperty, "empty")
			}
		}
		f.unique(key, id, seen)
		return id
	}
	return ""
}

// unique fails if value was seen at an earlier feature, and records it.
func (f *featureReader) unique(key, value string, seen map[string]int) {
	if f.err != nil {
		return
	}
	if j, dup := seen[value]; dup {
		f.fail(key, ErrBadProperty, "%q repeats feature %d", value, j)
		return
	}
	seen[value] = f.index
}

// country returns the required ISO 3166-1 alpha-3 code in property key.
func (f *featureReader) country(key string) string {
	if f.err != nil {
		return ""
	}
	if !f.present(key) {
		f.fail(key, ErrNoCountry, "missing")
		return ""
	}
	code := f.str(key)
	switch {
	case f.err != nil:
	case code == "":
		f.fail(key, ErrNoCountry, "empty")
	case !isCode(code):
		if a3, ok := Alpha3FromAlpha2(strings.ToUpper(code)); ok {
			f.fail(key, ErrUnknownCountry, "%q: want an alpha-3 code such as %q", code, a3)
		} else if a3, ok := Alpha3FromNumeric(code); ok {
			f.fail(key, ErrUnknownCountry, "%q: want an alpha-3 code such as %q", code, a3)
		} else if isCode(strings.ToUpper(code)) {
			f.fail(key, ErrUnknownCountry, "%q: codes are upper case", code)
		} else {
			f.fail(key, ErrUnknownCountry, "%q is not an ISO 3166-1 alpha-3 code, assigned or user-assigned (such as XKX)", code)
		}
	}
	return code
}

// pair returns the required country codes a and b, with a < b.
func (f *featureReader) pair() (a, b string) {
	a, b = f.country("a"), f.country("b")
	if f.err == nil && a >= b {
		f.fail("b", ErrBadProperty, "a (%s) must sort before b (%s)", a, b)
	}
	return a, b
}

// enum returns the required string property key, one of allowed.
func (f *featureReader) enum(key string, allowed []string) string {
	s := f.str(key)
	if f.err == nil && !slices.Contains(allowed, s) {
		f.fail(key, ErrBadProperty, "%q is not one of %s", s, strings.Join(allowed, ", "))
	}
	return s
}

// maxSpeed returns the speed limit in property key in km/h: a number
// (km/h), or a string as OpenStreetMap tags it (see ReadRoads); 0 means
// unknown.
func (f *featureReader) maxSpeed(key string) float64 {
	if f.err != nil {
		return 0
	}
	if jsonKind(f.prop(key)) == "a number" {
		v := f.number(key)
		if f.err == nil && !(v > 0 && v <= maxSpeedKmh) {
			f.fail(key, ErrBadProperty, "%v km/h: want a speed above 0 and at most %v km/h", v, maxSpeedKmh)
		}
		return v
	}
	s := f.str(key)
	if f.err != nil {
		return 0
	}
	v, err := ParseMaxSpeed(s)
	if err != nil {
		f.fail(key, ErrBadProperty, "%v", err)
	}
	return v
}

// boolean returns the optional boolean property key; missing means false.
func (f *featureReader) boolean(key string) bool {
	if f.err != nil || !f.present(key) {
		return false
	}
	var v bool
	if raw := f.prop(key); json.Unmarshal(raw, &v) != nil {
		f.fail(key, ErrBadProperty, "%s, want true or false", jsonKind(raw))
	}
	return v
}

// number returns the required numeric property key.
func (f *featureReader) number(key string) float64 {
	if f.err != nil {
		return 0
	}
	if !f.present(key) {
		f.fail(key, ErrBadProperty, "missing")
		return 0
	}
	raw := f.prop(key)
	if jsonKind(raw) != "a number" {
		f.fail(key, ErrBadProperty, "%s, want a number", jsonKind(raw))
		return 0
	}
	v, err := strconv.ParseFloat(string(bytes.TrimSpace(raw)), 64)
	if err != nil || math.IsInf(v, 0) {
		f.fail(key, ErrBadProperty, "%s is out of range", bytes.TrimSpace(raw))
		return 0
	}
	return v
}

// maxWaitHours is the longest waiting time a crossing may have, a year.
const maxWaitHours = 8760

// optionalNumber returns the optional numeric property key, nil when it is
// missing or null, failing unless lo ≤ v ≤ hi (want says so in words).
func (f *featureReader) optionalNumber(key string, lo, hi float64, want string) *float64 {
	if f.err != nil || !f.present(key) {
		return nil
	}
	v := f.number(key)
	if f.err != nil {
		return nil
	}
	if !(v >= lo && v <= hi) {
		f.fail(key, ErrBadProperty, "%v: want %s", v, want)
		return nil
	}
	return &v
}

// km returns the required distance property key: a number ≥ 0.
func (f *featureReader) km(key string) float64 {
	v := f.number(key)
	if f.err == nil && v < 0 {
		f.fail(key, ErrBadProperty, "%v km is negative", v)
	}
	return v
}

// kmOrInf returns the required distance property key, null meaning +Inf.
func (f *featureReader) kmOrInf(key string) float64 {
	if f.err != nil {
		return 0
	}
	if raw, ok := f.props.get(key); ok && isNull(raw) {
		return math.Inf(1)
	}
	return f.km(key)
}

// maxCount is the largest whole number a float64 holds exactly.
const maxCount = 1 << 53

// count returns the required whole-number property key, ≥ 0.
func (f *featureReader) count(key string) int {
	v := f.number(key)
	switch {
	case f.err != nil:
	case v < 0:
		f.fail(key, ErrBadProperty, "%v is negative", v)
	case v != math.Trunc(v):
		f.fail(key, ErrBadProperty, "%v is not a whole number", v)
	case v > maxCount:
		f.fail(key, ErrBadProperty, "%v is too large", v)
	default:
		return int(v)
	}
	return 0
}

// geometry checks the feature's geometry, which must be one of types, and
// returns its type and its raw coordinates, which are not null.
func (f *featureReader) geometry(types ...string) (string, json.RawMessage) {
	if f.err != nil {
		return "", nil
	}
	if isNull(f.geom) {
		f.fail("", ErrEmptyGeometry, "no geometry")
		return "", nil
	}
	if !decodeOnly {
		typ, raw, ok := f.gtype, f.gcoords, f.gscanned
		if !ok {
			typ, raw, ok = scanGeometry(f.geom)
		}
		if ok && slices.Contains(types, typ) && !isNull(raw) {
			return typ, raw
		}
	}
	var g map[string]json.RawMessage
	if json.Unmarshal(f.geom, &g) != nil || g == nil {
		f.fail("", ErrGeometryType, "geometry is %s, not an object", jsonKind(f.geom))
		return "", nil
	}
	var typ string
	json.Unmarshal(g["type"], &typ)
	if !slices.Contains(types, typ) {
		if typ == "" {
			typ = "no type"
		}
		f.fail("", ErrGeometryType, "%s, want %s", typ, strings.Join(types, " or "))
		return "", nil
	}
	raw := g["coordinates"]
	if isNull(raw) {
		f.fail("", ErrEmptyGeometry, "%s without coordinates", typ)
		return "", nil
	}
	return typ, raw
}

// generic decodes raw coordinates into nested []any and float64.
func (f *featureReader) generic(raw json.RawMessage) any {
	var coords any
	if err := json.Unmarshal(raw, &coords); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			f.fail("", ErrBadCoordinate, "%s is out of range", te.Value)
		} else {
			f.fail("", ErrBadCoordinate, "%v", err)
		}
		return nil
	}
	return coords
}

// point returns the feature's Point geometry.
func (f *featureReader) point() orb.Point {
	_, raw := f.geometry("Point")
	if f.err != nil {
		return orb.Point{}
	}
	if q, ok := scanCoords(raw, (*coordScan).position); ok && !decodeOnly {
		return q
	}
	c := f.generic(raw)
	if a, ok := c.([]any); ok && len(a) == 0 {
		f.fail("", ErrEmptyGeometry, "Point with empty coordinates")
		return orb.Point{}
	}
	return f.position(c, nil)
}

// lineString returns the feature's LineString geometry.
func (f *featureReader) lineString() orb.LineString {
	_, raw := f.geometry("LineString")
	if f.err != nil {
		return nil
	}
	if ls, ok := scanCoords(raw, lineOf2); ok && !decodeOnly {
		return ls
	}
	return f.line(f.generic(raw), nil)
}

// multiLineString returns the feature's LineString or MultiLineString
// geometry as a MultiLineString.
func (f *featureReader) multiLineString() orb.MultiLineString {
	typ, raw := f.geometry("LineString", "MultiLineString")
	if f.err != nil {
		return nil
	}
	if typ == "LineString" {
		if ls, ok := scanCoords(raw, lineOf2); ok && !decodeOnly {
			return orb.MultiLineString{ls}
		}
		if ls := f.line(f.generic(raw), nil); f.err == nil {
			return orb.MultiLineString{ls}
		}
		return nil
	}
	if mls, ok := scanCoords(raw, (*coordScan).lines); ok && !decodeOnly {
		return mls
	}
	lines := f.array(f.generic(raw), nil, 1, "MultiLineString")
	mls := make(orb.MultiLineString, len(lines))
	for i, l := range lines {
		if mls[i] = f.line(l, []int{i}); f.err != nil {
			return nil
		}
	}
	return mls
}

// multiPolygon returns the feature's Polygon or MultiPolygon geometry as a
// MultiPolygon.
func (f *featureReader) multiPolygon() orb.MultiPolygon {
	typ, raw := f.geometry("Polygon", "MultiPolygon")
	if f.err != nil {
		return nil
	}
	if typ == "Polygon" {
		if p, ok := scanCoords(raw, (*coordScan).polygon); ok && !decodeOnly {
			return orb.MultiPolygon{p}
		}
		if p := f.polygon(f.generic(raw), nil); f.err == nil {
			return orb.MultiPolygon{p}
		}
		return nil
	}
	if mp, ok := scanCoords(raw, (*coordScan).polygons); ok && !decodeOnly {
		return mp
	}
	polys := f.array(f.generic(raw), nil, 1, "MultiPolygon")
	mp := make(orb.MultiPolygon, len(polys))
	for i, p := range polys {
		if mp[i] = f.polygon(p, []int{i}); f.err != nil {
			return nil
		}
	}
	return mp
}

// where names a place in the coordinates, as in "coordinates[0][3]".
func where(path []int) string {
	var b strings.Builder
	b.WriteString("coordinates")
	for _, i := range path {
		fmt.Fprintf(&b, "[%d]", i)
	}
	return b.String()
}

// array returns c as a JSON array of at least min members.
func (f *featureReader) array(c any, path []int, min int, what string) []any {
	if f.err != nil {
		return nil
	}
	a, ok := c.([]any)
	switch {
	case !ok:
		f.fail("", ErrBadCoordinate, "%s: %s is not an array", where(path), describe(c))
	case len(a) == 0:
		f.fail("", ErrEmptyGeometry, "%s: empty %s", where(path), what)
	case len(a) < min:
		f.fail("", ErrEmptyGeometry, "%s: a %s needs at least %d positions, has %d", where(path), what, min, len(a))
	default:
		return a
	}
	return nil
}

// describe names a decoded JSON value for messages.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		return "an array"
	}
	return "an object"
}

// position returns c as a lon/lat position: two numbers, or three with an
// altitude, which is dropped.
func (f *featureReader) position(c any, path []int) orb.Point {
	if f.err != nil {
		return orb.Point{}
	}
	a, ok := c.([]any)
	if !ok || len(a) < 2 || len(a) > 3 {
		if ok {
			f.fail("", ErrBadCoordinate, "%s: a position of %d numbers, want 2 (lon, lat) or 3", where(path), len(a))
		} else {
			f.fail("", ErrBadCoordinate, "%s: %s is not a position", where(path), describe(c))
		}
		return orb.Point{}
	}
	for i, v := range a {
		if _, ok := v.(float64); !ok {
			f.fail("", ErrBadCoordinate, "%s: %s is not a number", where(append(path, i)), describe(v))
			return orb.Point{}
		}
	}
	p := orb.Point{a[0].(float64), a[1].(float64)}
	if err := checkLonLat(p); err != nil {
		f.fail("", ErrBadCoordinate, "%s: %v", where(path), err)
	}
	return p
}

// checkLonLat returns an error unless p is a finite lon/lat.
func checkLonLat(p orb.Point) error {
	switch {
	case math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0):
		return fmt.Errorf("[%v, %v] is not finite", p[0], p[1])
	case p[0] < -180 || p[0] > 180:
		return fmt.Errorf("longitude %v outside [-180, 180]", p[0])
	case p[1] < -90 || p[1] > 90:
		return fmt.Errorf("latitude %v outside [-90, 90]", p[1])
	}
	return nil
}

// line returns c as a line of at least two positions.
func (f *featureReader) line(c any, path []int) orb.LineString {
	a := f.array(c, path, 2, "line")
	ls := make(orb.LineString, len(a))
	for i, p := range a {
		if ls[i] = f.position(p, append(path, i)); f.err != nil {
			return nil
		}
	}
	return ls
}

// polygon returns c as a polygon: one or more closed rings of at least four
// positions each.
func (f *featureReader) polygon(c any, path []int) orb.Polygon {
	rings := f.array(c, path, 1, "polygon")
	poly := make(orb.Polygon, len(rings))
	for i, r := range rings {
		rp := append(slices.Clip(path), i)
		pts := f.array(r, rp, 1, "ring")
		ring := make(orb.Ring, len(pts))
		for j, p := range pts {
			if ring[j] = f.position(p, append(slices.Clip(rp), j)); f.err != nil {
				return nil
			}
		}
		if f.err != nil {
			return nil
		}
		if ring[0] != ring[len(ring)-1] {
			f.fail("", ErrUnclosedRing, "%s: first position %v, last %v", where(rp), ring[0], ring[len(ring)-1])
			return nil
		}
		if len(ring) < 4 {
			f.fail("", ErrEmptyGeometry, "%s: ring of %d positions, at least 4 needed", where(rp), len(ring))
			return nil
		}
		poly[i] = ring
	}
	return poly
}

// maxSpeedKmh is the highest speed limit ParseMaxSpeed accepts, in km/h,
// above any posted limit on public roads or conventional railways.
const maxSpeedKmh = 400

// ParseMaxSpeed returns an OpenStreetMap maxspeed value in km/h: a number
// ("60", km/h), or a number and a unit ("60 km/h", "40 mph", "20 knots").
// "none", "signals", "variable", "walk" and implicit zone values such as
// "RU:rural" give 0 (unknown: the road's class decides). Anything else, or
// a speed not above 0 and at most 400 km/h, is an error.
func ParseMaxSpeed(s string) (float64, error) {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "none", "signals", "variable", "walk":
		return 0, nil
	}
	if zone, kind, ok := strings.Cut(t, ":"); ok && len(zone) == 2 && kind != "" &&
		strings.ToUpper(zone) == zone && strings.Trim(kind, "abcdefghijklmnopqrstuvwxyz_") == "" {
		return 0, nil
	}
	num, unit := t, ""
	if i := strings.IndexFunc(t, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.') }); i >= 0 {
		num, unit = t[:i], strings.TrimSpace(t[i:])
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || num == "" {
		return 0, fmt.Errorf("maxspeed %q: want a number of km/h, or a number with km/h, mph or knots", s)
	}
	switch unit {
	case "", "km/h", "kmh", "kph":
	case "mph":
		v *= 1.609344 // international mile, exact
	case "knots":
		v *= 1.852 // international nautical mile, exact
	default:
		return 0, fmt.Errorf("maxspeed %q: unit %q, want km/h, mph or knots", s, unit)
	}
	if !(v > 0 && v <= maxSpeedKmh) {
		return 0, fmt.Errorf("maxspeed %q: want a speed above 0 and at most %v km/h", s, maxSpeedKmh)
	}
	return v, nil
}
