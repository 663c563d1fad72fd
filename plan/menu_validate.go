package plan

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Validate returns an error wrapping ErrBadSetting that names the first field
// of s out of range ("MenuSettings.Scanner.Cost is -1: ..."), or nil. It
// checks what CorridorMenu needs of s without a corridor: a Side, borders
// "A-B" of that side, a spacing, and costs, reaches and chances in range.
func (s *MenuSettings) Validate() error {
	bad := badMenu
	if s.Side == "" {
		return bad("Side", `""`, "want the code of the country that buys the upgrades")
	}
	if len(s.Borders) == 0 {
		return bad("Borders", "empty", `want at least one border "A-B" of the Side`)
	}
	seen := map[string]bool{}
	for _, b := range s.Borders {
		p := strings.Split(b, "-")
		if len(p) != 2 || p[0] == "" || p[1] == "" || p[0] == p[1] || (p[0] != s.Side && p[1] != s.Side) {
			return bad("Borders", fmt.Sprintf("%q", s.Borders), fmt.Sprintf("%q is no border \"A-B\" of %s", b, s.Side))
		}
		pair := p[0] + "-" + p[1]
		if p[0] > p[1] {
			pair = p[1] + "-" + p[0]
		}
		if seen[pair] {
			return bad("Borders", fmt.Sprintf("%q", s.Borders), fmt.Sprintf("%q is named twice", b))
		}
		seen[pair] = true
	}
	for i, id := range s.Ports {
		if id == "" {
			return bad(fmt.Sprintf("Ports[%d]", i), `""`, "want the ID of a sea port (a crossing of mode ferry)")
		}
		if slices.Contains(s.Ports[:i], id) {
			return bad(fmt.Sprintf("Ports[%d]", i), fmt.Sprintf("%q", id), "named twice")
		}
	}
	if !(s.SpacingKm > 0) || math.IsInf(s.SpacingKm, 0) {
		return bad("SpacingKm", s.SpacingKm, "want a distance > 0")
	}
	if !(s.MinPi >= 0 && s.MinPi < 1) {
		return bad("MinPi", s.MinPi, "want a chance in [0, 1)")
	}
	for _, it := range s.items() {
		if err := it.it.validate(it.name, bad); err != nil {
			return err
		}
	}
	return nil
}

// badMenu returns the error of MenuSettings field at value v, saying what
// is wanted instead.
func badMenu(field string, v any, want string) error {
	return fmt.Errorf("%w: MenuSettings.%s is %v: %s", ErrBadSetting, field, v, want)
}

// A namedItem is an Item of MenuSettings and its field's name.
type namedItem struct {
	name string
	it   *Item
}

// items returns the items of s with their field names, in field order.
func (s *MenuSettings) items() []namedItem {
	return []namedItem{{"Scanner", &s.Scanner}, {"Dogs", &s.Dogs}, {"PortScanner", &s.PortScanner}, {"PortDogs", &s.PortDogs},
		{"Outpost", &s.Outpost}, {"Patrol", &s.Patrol}, {"Barrier", &s.Barrier}}
}

// validate returns the first field of the item named name out of range.
func (it *Item) validate(name string, bad func(string, any, string) error) error {
	for _, f := range []struct {
		field string
		v     float64
	}{{"Cost", it.Cost}, {"CostPerKm", it.CostPerKm}, {"ReachKm", it.ReachKm}} {
		if !(f.v >= 0) || math.IsInf(f.v, 0) {
			return bad(name+"."+f.field, f.v, "want a finite number ≥ 0")
		}
	}
	if !(it.Pi >= 0 && it.Pi < 1) {
		return bad(name+".Pi", it.Pi, "want a chance in [0, 1)")
	}
	for i, c := range it.Carriers {
		if c == "" {
			return bad(fmt.Sprintf("%s.Carriers[%d]", name, i), `""`, "want a carrier's name")
		}
	}
	return nil
}
