package settingsfile

import (
	"bytes"
	"encoding"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

var textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()

// layering explains, in every written file, how a file is read; example
// is a named base of the file's kind.
func layering(example string) string {
	return fmt.Sprintf(`A key left out keeps the value of the base: "defaults" (the library's
documented defaults) or a named base such as %q. A list given
here replaces the base's list; a table changes only the keys it names.
Every field is documented in docs/settings.md.`, example)
}

// WriteScenario writes s as an editable TOML file, every field with its
// value and its documentation (units, default, public figure or
// assumption) as comments; base is written as the file's base ("" for
// DefaultBase). ReadScenario of the file gives s back.
func WriteScenario(w io.Writer, s *risk.Settings, base string) error {
	name := s.Name
	if name == "" {
		name = "unnamed"
	}
	head := fmt.Sprintf(`routerisk scenario %q: the settings of the interdiction model, of
route choice and of flow assignment (risk.Settings). Use it with
  routerisk analyze -scenario FILE
%s
Probabilities are numbers in [0,1]; distances are km; flows tonnes a year.`, name, layering("baseline-2010"))
	return writeFile(w, head, base, reflect.ValueOf(s).Elem())
}

// WriteTarget writes t as an editable TOML file with its documentation as
// comments; ReadTarget of the file gives t back.
func WriteTarget(w io.Writer, t *risk.Target, base string) error {
	head := fmt.Sprintf(`routerisk calibration target %q: the observed seizures a calibration
fits (risk.Target). Use it with
  routerisk analyze -target FILE -calibrate
%s`, t.Name, layering("observed-2011"))
	return writeFile(w, head, base, reflect.ValueOf(t).Elem())
}

// WriteGraph writes s as an editable TOML file with its documentation as
// comments; ReadGraph of the file gives s back.
func WriteGraph(w io.Writer, s *route.Settings, base string) error {
	head := fmt.Sprintf(`routerisk graph settings: how a corridor becomes a graph (route.Settings).
Use it with
  routerisk analyze -graph FILE
%s
Speeds are km/h, distances km, times hours.`, layering("northern-route"))
	return writeFile(w, head, base, reflect.ValueOf(s).Elem())
}

// WriteCountries writes the country parameters m as an editable TOML file
// with their documentation as comments; ReadCountries of the file gives m
// back.
func WriteCountries(w io.Writer, m map[string]risk.CountryParams, base string) error {
	head := fmt.Sprintf(`routerisk country parameters by country code (risk.CountryParams).
Use it with
  routerisk analyze -countries FILE
%s`, layering("northern-route"))
	v := reflect.ValueOf(&countriesFile{Countries: m}).Elem()
	if err := writeFile(w, head, base, v); err != nil {
		return err
	}
	if len(m) > 0 {
		return nil
	}
	_, err := io.WriteString(w, `
# For example, to set two of Kazakhstan's parameters:
# [Countries.KAZ]
# GapBase = 0.05
# Intensity = 1.5
`)
	return err
}

// WriteMenu writes the upgrade menu s as an editable TOML file with its
// documentation as comments; base must name a menu the reader offers
// (plan has no default menu). ReadMenu of the file gives s back.
func WriteMenu(w io.Writer, s *plan.MenuSettings, base string) error {
	if base == "" || base == DefaultBase {
		return fmt.Errorf("settingsfile: an upgrade menu has no library defaults: name its base, e.g. \"northern-route\"")
	}
	head := fmt.Sprintf(`routerisk upgrade menu: which upgrades a side can buy on its borders and
what each costs (plan.MenuSettings). Use it with
  routerisk plan -menu FILE -out DIR
or go run ./examples/border-budget -menu FILE
A key left out keeps the value of the base, here %q; a menu
has no library defaults, so base is required. A list given here replaces
the base's list; a table changes only the keys it names. Costs are in the
budget's unit (KZT for the Northern Route); distances are km; chances are
numbers in [0,1).
Every field is documented in docs/settings.md.`, base)
	return writeFile(w, head, base, reflect.ValueOf(s).Elem())
}

func writeFile(w io.Writer, head, base string, v reflect.Value) error {
	tw := &tomlWriter{}
	tw.comment(head)
	tw.b.WriteString("\n")
	if base == "" {
		base = DefaultBase
	}
	tw.b.WriteString("base = " + quote(base) + "\n")
	tw.table(nil, v, true)
	if tw.err != nil {
		return tw.err
	}
	_, err := w.Write(tw.b.Bytes())
	return err
}

type tomlWriter struct {
	b   bytes.Buffer
	err error
}

// comment writes text as comment lines.
func (t *tomlWriter) comment(text string) {
	for line := range strings.SplitSeq(strings.TrimRight(text, "\n"), "\n") {
		t.b.WriteString(strings.TrimRight("# "+line, " ") + "\n")
	}
}

// field is one settable field of a written struct.
type field struct {
	name string
	doc  string
	v    reflect.Value
}

// fieldsToWrite returns the exported fields of v with their documentation,
// embedded structs flattened, the base key left out.
func fieldsToWrite(v reflect.Value) []field {
	var out []field
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Name == "Base" {
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, fieldsToWrite(v.Field(i))...)
			continue
		}
		out = append(out, field{f.Name, fieldDoc(t, f.Name), v.Field(i)})
	}
	return out
}

// fieldDoc returns the documentation of a struct type's field.
func fieldDoc(t reflect.Type, name string) string {
	return fieldDocs[typeKey(t)+"."+name]
}

// typeKey returns "pkg.Type" for a named type.
func typeKey(t reflect.Type) string {
	p := t.PkgPath()
	return p[strings.LastIndexByte(p, '/')+1:] + "." + t.Name()
}

// isScalar reports whether values of t are written as one TOML value.
func isScalar(t reflect.Type) bool {
	if t.Implements(textMarshaler) {
		return true
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	case reflect.Slice, reflect.Array:
		return isScalar(t.Elem())
	}
	return false
}

// table writes the fields of the struct v under the table path: values
// first, then tables, maps of tables and arrays of tables, as TOML orders
// them. Documentation is written when doc is set.
func (t *tomlWriter) table(path []string, v reflect.Value, doc bool) {
	fields := fieldsToWrite(v)
	note := func(f field) {
		if doc && f.doc != "" {
			t.b.WriteString("\n")
			t.comment(f.doc)
		}
	}
	var later []field
	for _, f := range fields {
		ft := f.v.Type()
		switch {
		case isScalar(ft):
			if ft.Kind() == reflect.Slice && f.v.IsNil() {
				note(f)
				t.comment(f.name + ": none")
				continue
			}
			note(f)
			t.b.WriteString(key(f.name) + " = " + t.value(f.v) + "\n")
		case (ft.Kind() == reflect.Slice || ft.Kind() == reflect.Map) && f.v.IsNil():
			note(f)
			t.comment(f.name + ": none")
		case (ft.Kind() == reflect.Slice || ft.Kind() == reflect.Map) && f.v.Len() == 0:
			note(f)
			empty := "[]"
			if ft.Kind() == reflect.Map {
				empty = "{}"
			}
			t.b.WriteString(key(f.name) + " = " + empty + "\n")
		default:
			later = append(later, f)
		}
	}
	for _, f := range later {
		sub := append(append([]string(nil), path...), f.name)
		note(f)
		switch f.v.Kind() {
		case reflect.Struct:
			t.b.WriteString("[" + keyPath(sub) + "]\n")
			t.table(sub, f.v, doc)
		case reflect.Map:
			keys := f.v.MapKeys()
			slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
			if isScalar(f.v.Type().Elem()) {
				t.b.WriteString("[" + keyPath(sub) + "]\n")
				for _, k := range keys {
					t.b.WriteString(key(k.String()) + " = " + t.value(f.v.MapIndex(k)) + "\n")
				}
				continue
			}
			for i, k := range keys {
				if i > 0 || !doc {
					t.b.WriteString("\n")
				}
				e := append(append([]string(nil), sub...), k.String())
				t.b.WriteString("[" + keyPath(e) + "]\n")
				t.table(e, f.v.MapIndex(k), doc && i == 0)
			}
		case reflect.Slice:
			for i := range f.v.Len() {
				if i > 0 || !doc {
					t.b.WriteString("\n")
				}
				t.b.WriteString("[[" + keyPath(sub) + "]]\n")
				t.table(sub, f.v.Index(i), doc && i == 0)
			}
		default:
			t.err = fmt.Errorf("settingsfile: %s: a field of type %s cannot be written", keyPath(sub), f.v.Type())
		}
	}
}

// value returns v as a TOML value.
func (t *tomlWriter) value(v reflect.Value) string {
	if v.Type().Implements(textMarshaler) {
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil && t.err == nil {
			t.err = err
		}
		return quote(string(b))
	}
	switch v.Kind() {
	case reflect.String:
		return quote(v.String())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return formatFloat(v.Float())
	case reflect.Slice, reflect.Array:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = t.value(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	if t.err == nil {
		t.err = fmt.Errorf("settingsfile: a value of type %s cannot be written", v.Type())
	}
	return ""
}

// formatFloat returns f as a TOML float: the shortest decimal that reads
// back as f, always with a point or an exponent.
func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// key returns k as a TOML key, quoted when it is not a bare key.
func key(k string) string {
	if bareKey.MatchString(k) {
		return k
	}
	return quote(k)
}

func keyPath(parts []string) string {
	ks := make([]string, len(parts))
	for i, p := range parts {
		ks[i] = key(p)
	}
	return strings.Join(ks, ".")
}

// quote returns s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
