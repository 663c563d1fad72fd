package layer

import "errors"

// Errors about a layer or its style as a whole. Problems with one feature
// are reported as a *geo.FeatureError naming the layer and the feature.
var (
	ErrName      = errors.New("layer: bad layer name")
	ErrDuplicate = errors.New("layer: duplicate layer name")
	ErrNoData    = errors.New("layer: nil FeatureCollection")
	ErrStyle     = errors.New("layer: bad style")
	ErrTemporal  = errors.New("layer: bad temporal setting or date")
)
