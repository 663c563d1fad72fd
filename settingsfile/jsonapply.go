package settingsfile

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/routerisk/routerisk/internal/textdist"
)

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// decodeJSON sets dst from the JSON file with the same rules as go-toml
// applies to TOML: keys match fields ignoring case, unknown keys are
// errors, a table (object) changes only the fields it names, also within a
// map's entry, and a list replaces the list it sets.
func decodeJSON(d *decoded, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(d.data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return d.syntaxError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		p := offsetPosition(d.data, dec.InputOffset())
		return &FileError{File: d.name, Line: p.line, Column: p.column, Err: fmt.Errorf("%w: data after the top-level object", ErrSyntax)}
	}
	if _, ok := v.(map[string]any); !ok {
		return &FileError{File: d.name, Line: 1, Err: fmt.Errorf("%w: want a JSON object at the top", ErrSyntax)}
	}
	var errs []error
	apply(reflect.ValueOf(dst).Elem(), v, nil, func(path []string, err error) {
		errs = append(errs, d.at(path, err))
	})
	return errors.Join(errs...)
}

// fieldsOf returns the settable fields of a struct type, those of embedded
// structs in their place, with the names a file uses for them.
func fieldsOf(t reflect.Type) (names []string, index [][]int) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			n, ix := fieldsOf(f.Type)
			names = append(names, n...)
			for _, x := range ix {
				index = append(index, append([]int{i}, x...))
			}
			continue
		}
		name := f.Name
		if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag != "" && tag != "-" {
			name = tag
		}
		names = append(names, name)
		index = append(index, []int{i})
	}
	return names, index
}

// findField returns the index of the field named key: exactly, or else
// ignoring case.
func findField(t reflect.Type, key string) ([]int, bool) {
	names, index := fieldsOf(t)
	if i := slices.Index(names, key); i >= 0 {
		return index[i], true
	}
	for i, n := range names {
		if strings.EqualFold(n, key) {
			return index[i], true
		}
	}
	return nil, false
}

// apply sets v from the decoded JSON value x, reporting each problem at its
// path.
func apply(v reflect.Value, x any, path []string, report func([]string, error)) {
	if reflect.PointerTo(v.Type()).Implements(textUnmarshaler) {
		s, ok := x.(string)
		if !ok {
			report(path, fmt.Errorf("%w: want text, got %s", ErrBadValue, jsonKind(x)))
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			report(path, fmt.Errorf("%w: %w", ErrBadValue, err))
		}
		return
	}
	if x == nil { // JSON null: the zero value
		v.SetZero()
		return
	}
	want := func(what string) {
		report(path, fmt.Errorf("%w: want %s, got %s", ErrBadValue, what, jsonKind(x)))
	}
	switch v.Kind() {
	case reflect.Struct:
		obj, ok := x.(map[string]any)
		if !ok {
			want("an object")
			return
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			sub := append(append([]string(nil), path...), k)
			ix, ok := findField(v.Type(), k)
			if !ok {
				report(sub, unknownKey(v.Type(), []string{k}))
				continue
			}
			apply(v.FieldByIndex(ix), obj[k], sub, report)
		}
	case reflect.Map:
		obj, ok := x.(map[string]any)
		if !ok || v.Type().Key().Kind() != reflect.String {
			want("an object")
			return
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			key := reflect.ValueOf(k).Convert(v.Type().Key())
			e := reflect.New(v.Type().Elem()).Elem()
			if old := v.MapIndex(key); old.IsValid() {
				copyValue(e, old)
			}
			apply(e, obj[k], append(append([]string(nil), path...), k), report)
			v.SetMapIndex(key, e)
		}
	case reflect.Slice, reflect.Array:
		arr, ok := x.([]any)
		if !ok {
			want("a list")
			return
		}
		if v.Kind() == reflect.Array && len(arr) != v.Len() {
			report(path, fmt.Errorf("%w: want a list of %d, got %d", ErrBadValue, v.Len(), len(arr)))
			return
		}
		if v.Kind() == reflect.Slice {
			v.Set(reflect.MakeSlice(v.Type(), len(arr), len(arr)))
		}
		for i, e := range arr {
			apply(v.Index(i), e, append(append([]string(nil), path...), strconv.Itoa(i)), report)
		}
	case reflect.String:
		s, ok := x.(string)
		if !ok {
			want("text")
			return
		}
		v.SetString(s)
	case reflect.Bool:
		b, ok := x.(bool)
		if !ok {
			want("true or false")
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := x.(json.Number)
		if !ok {
			want("a whole number")
			return
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil || v.OverflowInt(i) {
			want("a whole number in range")
			return
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := x.(json.Number)
		if !ok {
			want("a whole number ≥ 0")
			return
		}
		u, err := strconv.ParseUint(string(n), 10, 64)
		if err != nil || v.OverflowUint(u) {
			want("a whole number ≥ 0 in range")
			return
		}
		v.SetUint(u)
	case reflect.Float32, reflect.Float64:
		n, ok := x.(json.Number)
		if !ok {
			want("a number")
			return
		}
		f, err := n.Float64()
		if err != nil {
			want("a number")
			return
		}
		v.SetFloat(f)
	default:
		report(path, fmt.Errorf("%w: a field of type %s cannot be set from a file", ErrBadValue, v.Type()))
	}
}

// jsonKind names the kind of a decoded JSON value.
func jsonKind(x any) string {
	switch x := x.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("text %q", x)
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return "the number " + string(x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", x)
}

// unknownKey returns ErrUnknownKey for the last key of path under the type t,
// with the nearest known key as a hint, or the known keys when they are few.
func unknownKey(t reflect.Type, path []string) error {
	for _, k := range path[:len(path)-1] {
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if isIndex(k) {
			continue
		}
		switch t.Kind() {
		case reflect.Map:
			t = t.Elem()
		case reflect.Struct:
			ix, ok := findField(t, k)
			if !ok {
				return ErrUnknownKey
			}
			t = t.FieldByIndex(ix).Type
		}
	}
	for t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return ErrUnknownKey
	}
	names, _ := fieldsOf(t)
	key := path[len(path)-1]
	best, dist := "", 3
	for _, n := range names {
		if d := textdist.Levenshtein(strings.ToLower(key), strings.ToLower(n)); d < dist {
			best, dist = n, d
		}
	}
	if best != "" {
		return fmt.Errorf("%w (did you mean %s?)", ErrUnknownKey, best)
	}
	if len(names) <= 8 {
		return fmt.Errorf("%w (want %s)", ErrUnknownKey, strings.Join(names, ", "))
	}
	return fmt.Errorf("%w (see docs/settings.md)", ErrUnknownKey)
}
