package route

import (
	"errors"
	"fmt"
)

// Errors returned by the package, wrapped with detail (test with errors.Is).
var (
	ErrNoPath       = errors.New("route: no path")
	ErrBadWeight    = errors.New("route: invalid weight")
	ErrUnknownNode  = errors.New("route: unknown node")
	ErrBadEdge      = errors.New("route: invalid edge")
	ErrBadSettings  = errors.New("route: invalid settings")
	ErrUnknownPlace = errors.New("route: origin or destination not found among the settlements")
	ErrNoPlaces     = errors.New("route: no origins or no destinations")
	ErrBadCapacity  = errors.New("route: invalid capacity")
	ErrNoFiniteCut  = errors.New("route: no finite cut")
	ErrBadParameter = errors.New("route: invalid parameter")
)

// A WeightError is an invalid weight (or capacity) of one edge.
type WeightError struct {
	Edge  int     // edge ID
	Value float64 // the offending value
	Err   error   // ErrBadWeight or ErrBadCapacity
}

// Error returns the message, naming the edge and the value.
func (e *WeightError) Error() string {
	return fmt.Sprintf("%v: edge %d has %v: must be a number ≥ 0 (+Inf allowed)", e.Err, e.Edge, e.Value)
}

// Unwrap returns ErrBadWeight or ErrBadCapacity.
func (e *WeightError) Unwrap() error { return e.Err }
