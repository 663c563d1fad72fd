package topojson

import (
	"fmt"
	"sort"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// SourceArcs is the Border.Source of borders made from shared arcs.
const SourceArcs = "topojson-arcs"

// Borders returns the borders between the countries of the named object,
// sorted by pair. An arc used exactly twice, by the rings of two countries
// with different codes (see CodeFunc), is part of their border; arcs used
// once (coasts), by one country only (between two of its geometries) or
// more than twice (overlaps) are not. Each pair's arcs are joined end to
// start by geo.MergeLines, so a border is as few lines as its arcs allow,
// longest first. Positions must be lon/lat, as for Countries.
func (t *Topology) Borders(object string, code CodeFunc) ([]geo.Border, error) {
	type use struct {
		n     int
		codes [2]string
	}
	uses := make([]use, len(t.Arcs))
	err := t.walk(object, code, func(_ int, g *Geometry, c string, _ map[string]any) error {
		for _, p := range g.Polygons {
			for _, r := range p {
				for _, ref := range r {
					i, err := t.arc(ref)
					if err != nil {
						return err
					}
					u := &uses[i]
					if u.n < 2 {
						u.codes[u.n] = c
					}
					u.n++
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	byPair := map[[2]string][]orb.LineString{}
	var pairs [][2]string
	for i, u := range uses {
		if u.n != 2 || u.codes[0] == u.codes[1] {
			continue
		}
		a := append(orb.LineString(nil), t.Arcs[i]...)
		for k, q := range a {
			var ok bool
			if a[k], ok = lonLat(q); !ok {
				return nil, &geo.FeatureError{File: t.Name, Index: -1, Property: "arcs",
					Err: fmt.Errorf("%w: arc %d position %d is %v, not lon/lat", geo.ErrBadCoordinate, i, k, q)}
			}
		}
		pair := u.codes
		if pair[0] > pair[1] {
			pair[0], pair[1] = pair[1], pair[0]
		}
		if _, ok := byPair[pair]; !ok {
			pairs = append(pairs, pair)
		}
		byPair[pair] = append(byPair[pair], a)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i][0] != pairs[j][0] {
			return pairs[i][0] < pairs[j][0]
		}
		return pairs[i][1] < pairs[j][1]
	})
	borders := make([]geo.Border, 0, len(pairs))
	for _, p := range pairs {
		borders = append(borders, geo.Border{
			A:        p[0],
			B:        p[1],
			Geometry: geo.MergeLines(byPair[p]),
			Source:   SourceArcs,
		})
	}
	return borders, nil
}
