package settingsfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// The files: a base key and the fields of the settings they hold.
type (
	scenarioFile struct {
		Base string `toml:"base" json:"base"`
		risk.Settings
	}
	targetFile struct {
		Base string `toml:"base" json:"base"`
		risk.Target
	}
	graphFile struct {
		Base string `toml:"base" json:"base"`
		route.Settings
	}
	countriesFile struct {
		Base      string `toml:"base" json:"base"`
		Countries map[string]risk.CountryParams
	}
	menuFile struct {
		Base string `toml:"base" json:"base"`
		plan.MenuSettings
	}
)

type format uint8

const (
	formatTOML format = iota
	formatJSON
)

// formatOf returns the format named by the file's extension.
func formatOf(name string) (format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".toml":
		return formatTOML, nil
	case ".json":
		return formatJSON, nil
	}
	return 0, &FileError{File: name, Err: ErrFormat}
}

// ReadScenario returns the scenario in the TOML or JSON file at path (by its
// extension): the base it names (see Bases) with the file's keys set, checked
// with risk's Validate.
func ReadScenario(path string, b *Bases) (risk.Settings, error) {
	return readPath(path, b, DecodeScenario)
}

// DecodeScenario is ReadScenario for a file already open; name gives its
// format and names it in errors.
func DecodeScenario(r io.Reader, name string, b *Bases) (risk.Settings, error) {
	var f scenarioFile
	err := decode(r, name, &f, func(base string) (err error) {
		f.Settings, err = b.scenario(base)
		return err
	}, func(d *decoded) error {
		return d.check(f.Settings.Validate())
	})
	return f.Settings, err
}

// ReadTarget returns the calibration target in the TOML or JSON file at path,
// checked with risk's Validate.
func ReadTarget(path string, b *Bases) (risk.Target, error) {
	return readPath(path, b, DecodeTarget)
}

// DecodeTarget is ReadTarget for a file already open.
func DecodeTarget(r io.Reader, name string, b *Bases) (risk.Target, error) {
	var f targetFile
	err := decode(r, name, &f, func(base string) (err error) {
		f.Target, err = b.target(base)
		return err
	}, func(d *decoded) error {
		return d.check(f.Target.Validate())
	})
	return f.Target, err
}

// ReadGraph returns the graph settings in the TOML or JSON file at path,
// checked with route's Validate.
func ReadGraph(path string, b *Bases) (route.Settings, error) {
	return readPath(path, b, DecodeGraph)
}

// DecodeGraph is ReadGraph for a file already open.
func DecodeGraph(r io.Reader, name string, b *Bases) (route.Settings, error) {
	var f graphFile
	err := decode(r, name, &f, func(base string) (err error) {
		f.Settings, err = b.graph(base)
		return err
	}, func(d *decoded) error {
		return d.check(f.Settings.Validate())
	})
	return f.Settings, err
}

// ReadCountries returns the country parameters in the TOML or JSON file at
// path, a table Countries of tables by country code, checked with risk's
// Validate. A country the file names keeps the base's values of the fields
// it leaves out.
func ReadCountries(path string, b *Bases) (map[string]risk.CountryParams, error) {
	return readPath(path, b, DecodeCountries)
}

// DecodeCountries is ReadCountries for a file already open.
func DecodeCountries(r io.Reader, name string, b *Bases) (map[string]risk.CountryParams, error) {
	var f countriesFile
	err := decode(r, name, &f, func(base string) (err error) {
		f.Countries, err = b.countries(base)
		return err
	}, func(d *decoded) error {
		s := risk.DefaultSettings()
		s.Countries = f.Countries
		return d.check(s.Validate())
	})
	return f.Countries, err
}

// ReadMenu returns the upgrade menu in the TOML or JSON file at path (costs
// in the budget's unit, e.g. KZT for the Northern Route), checked with
// plan's Validate. The file must name a base: plan has no default menu.
func ReadMenu(path string, b *Bases) (plan.MenuSettings, error) {
	return readPath(path, b, DecodeMenu)
}

// DecodeMenu is ReadMenu for a file already open.
func DecodeMenu(r io.Reader, name string, b *Bases) (plan.MenuSettings, error) {
	var f menuFile
	err := decode(r, name, &f, func(base string) (err error) {
		f.MenuSettings, err = b.menu(base)
		return err
	}, func(d *decoded) error {
		err := f.MenuSettings.Validate()
		if err == nil {
			return nil
		}
		// plan names the field as MenuSettings.Scanner.Cost; the file as Scanner.Cost.
		path := fieldOf(err)
		if len(path) > 0 && path[0] == "MenuSettings" {
			path = path[1:]
		}
		return d.at(path, fmt.Errorf("%w: %w", ErrBadValue, err))
	})
	return f.MenuSettings, err
}

func readPath[T any](path string, b *Bases, dec func(io.Reader, string, *Bases) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	return dec(f, path, b)
}

// decoded is a file that decoded: its name, bytes and format, to place a
// validation error at the key it names.
type decoded struct {
	name   string
	data   []byte
	format format
	base   string
}

// decode reads the file into dst: first its base key, which setBase turns
// into dst's starting values, then every key strictly (unknown keys are
// errors); then check validates the result.
func decode(r io.Reader, name string, dst any, setBase func(string) error, check func(*decoded) error) error {
	f, err := formatOf(name)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return &FileError{File: name, Err: err}
	}
	d := &decoded{name: name, data: data, format: f}
	var head struct {
		Base string `toml:"base" json:"base"`
	}
	if f == formatTOML {
		err = toml.Unmarshal(data, &head)
	} else {
		err = json.Unmarshal(data, &head)
	}
	if err != nil {
		return d.syntaxError(err)
	}
	d.base = head.Base
	if err := setBase(head.Base); err != nil {
		return d.at([]string{"base"}, err)
	}
	if f == formatTOML {
		dec := toml.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(dst); err != nil {
			return d.tomlError(err, reflect.TypeOf(dst).Elem())
		}
	} else if err := decodeJSON(d, dst); err != nil {
		return err
	}
	return check(d)
}

// at returns err as a FileError at the key path, with the key's position
// when the file sets it.
func (d *decoded) at(path []string, err error) error {
	fe := &FileError{File: d.name, Key: displayPath(path), Err: err}
	if p, ok := keyPositions(d.data, d.format)[pathKey(path)]; ok {
		fe.Line, fe.Column = p.line, p.column
	} else if len(path) > 0 && path[0] != "base" {
		fe.Err = fmt.Errorf("%w (a value of base %q)", err, orDefault(d.base))
	}
	return fe
}

func orDefault(base string) string {
	if base == "" {
		return DefaultBase
	}
	return base
}

// check returns a validation error as a FileError at the field it names.
func (d *decoded) check(err error) error {
	if err == nil {
		return nil
	}
	return d.at(fieldOf(err), fmt.Errorf("%w: %w", ErrBadValue, err))
}

// fieldPattern finds the field a route error names: "...: ClassKmh[\"x\"] is".
var fieldPattern = regexp.MustCompile(`: ([A-Z][A-Za-z0-9]*(?:\[[^\]]*\]|\.[A-Za-z0-9]+)*)(?: is|:)`)

// fieldOf returns the path of the settings field a validation error names,
// split into keys ("Countries[KAZ].GapBase" → Countries, KAZ, GapBase); nil
// when it names none.
func fieldOf(err error) []string {
	var field string
	var pe *risk.ParamError
	if errors.As(err, &pe) {
		field = pe.Field
	} else if m := fieldPattern.FindStringSubmatch(err.Error()); m != nil {
		field = m[1]
	}
	if field == "" {
		return nil
	}
	var parts []string
	for _, p := range strings.FieldsFunc(field, func(r rune) bool { return r == '.' || r == '[' || r == ']' }) {
		parts = append(parts, strings.Trim(p, `"`))
	}
	return parts
}

// displayPath returns a key path as the file spells it, indexes in brackets:
// Rules[0].ID.
func displayPath(path []string) string {
	var b strings.Builder
	for i, p := range path {
		if isIndex(p) {
			b.WriteString("[" + p + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// syntaxError returns a parse error of either format as a FileError.
func (d *decoded) syntaxError(err error) error {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		return &FileError{File: d.name, Line: line, Column: col, Key: strings.Join(de.Key(), "."),
			Err: fmt.Errorf("%w: %s", ErrSyntax, strings.TrimPrefix(de.Error(), "toml: "))}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		p := offsetPosition(d.data, se.Offset)
		return &FileError{File: d.name, Line: p.line, Column: p.column, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		p := offsetPosition(d.data, te.Offset)
		return &FileError{File: d.name, Line: p.line, Column: p.column, Key: te.Field,
			Err: fmt.Errorf("%w: want %s, got JSON %s", ErrBadValue, te.Type, te.Value)}
	}
	return &FileError{File: d.name, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
}

func offsetPosition(data []byte, off int64) position {
	before := data[:max(0, min(int(off), len(data)))]
	return position{bytes.Count(before, []byte("\n")) + 1, len(before) - bytes.LastIndexByte(before, '\n')}
}

// tomlError returns go-toml's decoding error as FileErrors, one per unknown
// key, with a suggestion where a known key is close.
func (d *decoded) tomlError(err error, t reflect.Type) error {
	var sm *toml.StrictMissingError
	if errors.As(err, &sm) {
		var errs []error
		for i := range sm.Errors {
			e := &sm.Errors[i]
			line, col := e.Position()
			errs = append(errs, &FileError{File: d.name, Line: line, Column: col, Key: strings.Join(e.Key(), "."),
				Err: unknownKey(t, e.Key())})
		}
		return errors.Join(errs...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		kind := ErrSyntax
		if len(de.Key()) > 0 {
			kind = ErrBadValue
		}
		return &FileError{File: d.name, Line: line, Column: col, Key: strings.Join(de.Key(), "."),
			Err: fmt.Errorf("%w: %s", kind, strings.TrimPrefix(de.Error(), "toml: "))}
	}
	return &FileError{File: d.name, Err: fmt.Errorf("%w: %v", ErrBadValue, err)}
}
