package settingsfile

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// DefaultBase is the base a file without a base key starts from: the
// library's documented defaults (risk.DefaultSettings, route.DefaultSettings,
// an empty target, no country parameters).
const DefaultBase = "defaults"

// Bases are the named settings a file may start from with base = "NAME",
// so that it holds only what it changes. A corridor package supplies its
// own, e.g. the Northern Route's scenarios by their Name. A nil *Bases
// offers DefaultBase alone.
type Bases struct {
	Scenarios map[string]risk.Settings
	Targets   map[string]risk.Target
	Graphs    map[string]route.Settings
	Countries map[string]map[string]risk.CountryParams
	// Menus are upgrade menus, e.g. the Northern Route's "northern-route".
	// plan has no neutral default menu, so a menu file must name one.
	Menus map[string]plan.MenuSettings
}

// scenario returns a deep copy of the named scenario base.
func (b *Bases) scenario(name string) (risk.Settings, error) {
	if name == "" || name == DefaultBase {
		return risk.DefaultSettings(), nil
	}
	var m map[string]risk.Settings
	if b != nil {
		m = b.Scenarios
	}
	s, ok := m[name]
	if !ok {
		return risk.Settings{}, badBase(name, m)
	}
	return deepCopy(s), nil
}

// target returns a deep copy of the named target base.
func (b *Bases) target(name string) (risk.Target, error) {
	if name == "" || name == DefaultBase {
		return risk.Target{}, nil
	}
	var m map[string]risk.Target
	if b != nil {
		m = b.Targets
	}
	t, ok := m[name]
	if !ok {
		return risk.Target{}, badBase(name, m)
	}
	return deepCopy(t), nil
}

// graph returns a deep copy of the named graph settings base.
func (b *Bases) graph(name string) (route.Settings, error) {
	if name == "" || name == DefaultBase {
		return route.DefaultSettings(), nil
	}
	var m map[string]route.Settings
	if b != nil {
		m = b.Graphs
	}
	s, ok := m[name]
	if !ok {
		return route.Settings{}, badBase(name, m)
	}
	return deepCopy(s), nil
}

// countries returns a deep copy of the named country parameters base.
func (b *Bases) countries(name string) (map[string]risk.CountryParams, error) {
	if name == "" || name == DefaultBase {
		return nil, nil
	}
	var m map[string]map[string]risk.CountryParams
	if b != nil {
		m = b.Countries
	}
	c, ok := m[name]
	if !ok {
		return nil, badBase(name, m)
	}
	return deepCopy(c), nil
}

// menu returns a deep copy of the named upgrade menu base. There is no
// default menu: a file without a base, or with DefaultBase, is an error.
func (b *Bases) menu(name string) (plan.MenuSettings, error) {
	var m map[string]plan.MenuSettings
	if b != nil {
		m = b.Menus
	}
	if name == "" || name == DefaultBase {
		names := slices.Sorted(maps.Keys(m))
		if len(names) == 0 {
			names = []string{"a menu your program supplies"}
		}
		return plan.MenuSettings{}, fmt.Errorf("%w %q: an upgrade menu has no library defaults; name a base (want %s)",
			ErrBadBase, orDefault(name), strings.Join(names, ", "))
	}
	s, ok := m[name]
	if !ok {
		return plan.MenuSettings{}, fmt.Errorf("%w %q (want %s)", ErrBadBase, name, strings.Join(slices.Sorted(maps.Keys(m)), ", "))
	}
	return deepCopy(s), nil
}

// badBase returns ErrBadBase for name, listing the names offered.
func badBase[V any](name string, m map[string]V) error {
	names := append([]string{DefaultBase}, slices.Sorted(maps.Keys(m))...)
	return fmt.Errorf("%w %q (want %s)", ErrBadBase, name, strings.Join(names, ", "))
}

// deepCopy returns a copy of v that shares no map, slice or pointer with it,
// so that decoding a file into the copy leaves the base untouched.
func deepCopy[T any](v T) T {
	var out T
	copyValue(reflect.ValueOf(&out).Elem(), reflect.ValueOf(v))
	return out
}

func copyValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Struct:
		for i := range src.NumField() {
			if dst.Field(i).CanSet() {
				copyValue(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			copyValue(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Array:
		for i := range src.Len() {
			copyValue(dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			e := reflect.New(src.Type().Elem()).Elem()
			copyValue(e, it.Value())
			m.SetMapIndex(it.Key(), e)
		}
		dst.Set(m)
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyValue(p.Elem(), src.Elem())
		dst.Set(p)
	default:
		dst.Set(src)
	}
}
