package dynamics

import (
	"errors"
	"fmt"
)

// Errors returned by the package, wrapped with detail.
var (
	ErrBadSetting = errors.New("dynamics: invalid setting")
	ErrNoRoute    = errors.New("dynamics: no route")
)

// A SettingError is an invalid field of Settings.
type SettingError struct {
	Field string // the settings field, e.g. "Capacity[KAZ]" or "Events[1].Date"
	Value string // the offending value as text
	Want  string // what the field must be
}

// Error returns the field, its value and what it must be.
func (e *SettingError) Error() string {
	return fmt.Sprintf("dynamics: %s is %s: must be %s", e.Field, e.Value, e.Want)
}

// Unwrap returns ErrBadSetting.
func (e *SettingError) Unwrap() error { return ErrBadSetting }
