package risk

import (
	"errors"
	"fmt"
)

// Errors returned by the package, wrapped with detail.
var (
	ErrBadParam       = errors.New("risk: invalid parameter")
	ErrUnknownFeature = errors.New("risk: unknown feature")
	ErrNoRoute        = errors.New("risk: no route")
	ErrBadTarget      = errors.New("risk: invalid calibration target")
	ErrMismatch       = errors.New("risk: results do not belong together")
)

// A ParamError is an invalid model parameter.
type ParamError struct {
	Field string  // the settings field, e.g. "Countries[KAZ].GapBase"
	Value float64 // the offending value
	Want  string  // what the field must be, e.g. "a probability in [0,1]"
}

// Error returns the field, its value and what it must be.
func (e *ParamError) Error() string {
	return fmt.Sprintf("risk: %s is %v: must be %s", e.Field, e.Value, e.Want)
}

// Unwrap returns ErrBadParam.
func (e *ParamError) Unwrap() error { return ErrBadParam }
