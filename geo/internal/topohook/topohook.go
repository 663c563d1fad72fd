// Package topohook lets package geo read TopoJSON countries through package
// geo/topojson, which imports geo and so cannot be imported by it.
package topohook

import "io"

// Countries returns the countries ([]geo.Country, as any) of the named
// object of the TopoJSON in r, each geometry's alpha-3 code taken from
// property code ("id": the geometry's id). file names r in errors. It is
// nil until package geo/topojson is linked into the program, whose init
// sets it.
var Countries func(r io.Reader, file, object, code string) (any, error)
