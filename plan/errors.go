package plan

import (
	"errors"
	"fmt"
)

// Errors returned by the package, wrapped with detail (test with errors.Is).
var (
	ErrBadInstance = errors.New("plan: invalid instance")
	ErrBadUpgrade  = errors.New("plan: invalid upgrade")
	ErrBadSetting  = errors.New("plan: invalid setting")
	ErrBadScenario = errors.New("plan: invalid scenario")
	ErrNoPath      = errors.New("plan: destination unreachable")
	ErrBadFile     = errors.New("plan: invalid file")
	ErrLP          = errors.New("plan: master LP failed")
)

// An UpgradeError is a problem with one upgrade of the menu.
type UpgradeError struct {
	Upgrade int    // index in the menu
	Name    string // its name
	Effect  int    // index of the offending effect, or -1
	Problem string
}

// Error returns the message, naming the upgrade and, where relevant, the effect.
func (e *UpgradeError) Error() string {
	if e.Effect >= 0 {
		return fmt.Sprintf("%v: upgrade %d (%q), effect %d: %s", ErrBadUpgrade, e.Upgrade, e.Name, e.Effect, e.Problem)
	}
	return fmt.Sprintf("%v: upgrade %d (%q): %s", ErrBadUpgrade, e.Upgrade, e.Name, e.Problem)
}

// Unwrap returns ErrBadUpgrade.
func (e *UpgradeError) Unwrap() error { return ErrBadUpgrade }

// A FileError is a problem at one place of an input file.
type FileError struct {
	File    string // file name as given
	Line    int    // 1-based line, 0 when the whole file is at fault
	Column  int    // 1-based column (field), 0 when the whole line is at fault
	Problem string
}

// Error returns the message as file:line:column: problem.
func (e *FileError) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%v: %s: %s", ErrBadFile, e.File, e.Problem)
	case e.Column == 0:
		return fmt.Sprintf("%v: %s:%d: %s", ErrBadFile, e.File, e.Line, e.Problem)
	}
	return fmt.Sprintf("%v: %s:%d:%d: %s", ErrBadFile, e.File, e.Line, e.Column, e.Problem)
}

// Unwrap returns ErrBadFile.
func (e *FileError) Unwrap() error { return ErrBadFile }
