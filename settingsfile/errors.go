package settingsfile

import (
	"errors"
	"fmt"
)

// Errors returned by the package, wrapped in a *FileError with detail.
var (
	ErrFormat     = errors.New("settingsfile: unsupported file type (want .toml or .json)")
	ErrSyntax     = errors.New("settingsfile: syntax error")
	ErrUnknownKey = errors.New("settingsfile: unknown key")
	ErrBadValue   = errors.New("settingsfile: bad value")
	ErrBadBase    = errors.New("settingsfile: unknown base")
)

// A FileError is a problem with one settings file, at a line and key where
// they are known.
type FileError struct {
	File   string // the file's name as given
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based; 0 when unknown
	Key    string // the key, dotted as in the file, e.g. "Inspection.Full"; "" for the whole file
	Err    error
}

// Error returns "file:line:column: key: problem", leaving out what is unknown.
func (e *FileError) Error() string {
	pos := e.File
	if e.Line > 0 {
		pos += fmt.Sprintf(":%d", e.Line)
		if e.Column > 0 {
			pos += fmt.Sprintf(":%d", e.Column)
		}
	}
	if e.Key != "" {
		return fmt.Sprintf("%s: %s: %v", pos, e.Key, e.Err)
	}
	return fmt.Sprintf("%s: %v", pos, e.Err)
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }
