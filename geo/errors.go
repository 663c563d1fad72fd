package geo

import (
	"errors"
	"fmt"
)

// Errors about bad input, wrapped in a *FeatureError.
var (
	ErrNotJSON              = errors.New("geo: not JSON")
	ErrNotFeatureCollection = errors.New("geo: not a GeoJSON FeatureCollection")
	ErrNoCountry            = errors.New("geo: missing country code")
	ErrUnknownCountry       = errors.New("geo: unknown country code")
	ErrGeometryType         = errors.New("geo: wrong geometry type")
	ErrEmptyGeometry        = errors.New("geo: empty coordinates")
	ErrBadCoordinate        = errors.New("geo: coordinate not a finite lon/lat")
	ErrUnclosedRing         = errors.New("geo: polygon ring not closed")
	ErrBadProperty          = errors.New("geo: bad property value")
	ErrArcIndex             = errors.New("geo: TopoJSON arc index out of range")
	ErrEmptyLayer           = errors.New("geo: empty layer")
	ErrInvalidPolygon       = errors.New("geo: invalid polygon")
)

// A FeatureError is bad input found at one feature of one file.
type FeatureError struct {
	File     string // file or reader name given by the caller
	Index    int    // feature (or TopoJSON geometry) index; -1 for the whole file
	Property string // the offending property, "" when not one property
	Err      error  // one of the Err* values, possibly wrapped with detail
}

// Error reads "file: feature i: property \"p\": problem", leaving out
// the parts that are not known.
func (e *FeatureError) Error() string {
	where := e.File
	if e.Index >= 0 {
		where = fmt.Sprintf("%s: feature %d", where, e.Index)
	}
	if e.Property != "" {
		where = fmt.Sprintf("%s: property %q", where, e.Property)
	}
	return where + ": " + e.Err.Error()
}

// Unwrap returns the problem, so errors.Is finds the sentinel errors.
func (e *FeatureError) Unwrap() error { return e.Err }
