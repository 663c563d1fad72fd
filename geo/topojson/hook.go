package topojson

import (
	"fmt"
	"io"
	"strconv"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/geo/internal/topohook"
)

// init lets geo.ReadCorridor read a countries layer given as TopoJSON.
func init() {
	topohook.Countries = func(r io.Reader, file, object, code string) (any, error) {
		t, err := Decode(r, file)
		if err != nil {
			return nil, err
		}
		cs, err := t.countries(object, CodeByProperty(code), true)
		if err != nil {
			return nil, err
		}
		// A corridor's countries are checked as geo.ReadCountries checks
		// them (Countries itself stays lenient, for whole-world data).
		for i := range cs {
			if cs[i].Geometry, err = geo.CheckMultiPolygon(cs[i].Geometry); err != nil {
				return nil, &geo.FeatureError{File: file, Index: -1, Property: code,
					Err: fmt.Errorf("object %q country %s: %w", object, cs[i].Code, err)}
			}
		}
		return cs, nil
	}
}

// CodeByProperty returns a CodeFunc that takes each geometry's country code
// from property key, or from the geometry's id when key is "id": an
// ISO 3166-1 alpha-3 code (assigned, or user-assigned such as XKX), or a
// numeric code such as "004" (or the number 4), turned into alpha-3. A
// geometry with no code, or one not of these forms, gives the code "", which
// Countries and Borders report as geo.ErrNoCountry naming the geometry.
func CodeByProperty(key string) CodeFunc {
	return func(id string, props map[string]any) (string, bool) {
		v := id
		if key != "id" {
			switch p := props[key].(type) {
			case string:
				v = p
			case float64:
				v = strconv.FormatFloat(p, 'f', -1, 64)
			default:
				v = ""
			}
		}
		if geo.IsCountryCode(v) || geo.IsUserAssignedCode(v) {
			return v, true
		}
		if a3, ok := geo.Alpha3FromNumeric(v); ok {
			return a3, true
		}
		return "", true
	}
}
