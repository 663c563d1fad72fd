package topojson

import "errors"

// Errors about bad input beyond those of package geo, wrapped in a
// *geo.FeatureError like those.
var (
	ErrNotTopology = errors.New("topojson: not a TopoJSON Topology")
	ErrTransform   = errors.New("topojson: bad transform")
	ErrNoObject    = errors.New("topojson: no such object")
)
