package geo

import (
	"fmt"
	"math"
)

// OutpostSettings sets how ModelOutposts places border-guard posts. Real
// post positions are not public; the defaults are assumptions, to be
// replaced by a user's own outpost layer where one exists.
type OutpostSettings struct {
	// PerHundredKm is the number of posts per 100 km of border that each
	// country keeps on its side, by ISO alpha-3 code. A country not in the
	// map (or a nil map) gets DefaultPerHundredKm.
	PerHundredKm map[string]float64

	// SkipNearCrossingKm drops a modelled post within this distance of an
	// official crossing of the same country, which already is a post. Zero
	// means half the country's post spacing.
	SkipNearCrossingKm float64
}

// DefaultPerHundredKm is the density of border-guard posts, in posts per
// 100 km of border, that ModelOutposts assumes for a country its settings
// do not name: one post every 100 km. It is an assumption, not a published
// figure; a corridor sets its own densities in OutpostSettings.
const DefaultPerHundredKm = 1.0

// ModelOutposts returns an outpost at every official crossing (one for each
// side) and more posts spaced evenly along each side of every border at the
// country's density. Output order is stable: crossings first, then borders in
// the order given.
func ModelOutposts(c *Corridor, s *OutpostSettings) ([]Outpost, error) {
	density := func(code string) float64 {
		if s != nil {
			if d, ok := s.PerHundredKm[code]; ok {
				return d
			}
		}
		return DefaultPerHundredKm
	}
	var posts []Outpost
	for _, x := range c.Crossings {
		for _, code := range []string{x.A, x.B} {
			if code == "" {
				continue
			}
			posts = append(posts, Outpost{
				ID:      "post:" + code + ":" + x.ID,
				Country: code,
				Point:   x.Point,
				Source:  OutpostAtCrossing,
			})
		}
	}
	crossingIx := crossingIndexes(c)
	for _, b := range c.Borders {
		for _, code := range []string{b.A, b.B} {
			d := density(code)
			if !(d >= 0) || math.IsInf(d, 0) {
				return nil, fmt.Errorf("geo: outpost density for %s is %v: must be a finite number ≥ 0", code, d)
			}
			if d == 0 {
				continue
			}
			spacing := 100 / d
			skip := spacing / 2
			if s != nil && s.SkipNearCrossingKm > 0 {
				skip = s.SkipNearCrossingKm
			}
			ix := crossingIx[code]
			n := 0
			for _, part := range b.Geometry {
				length := LineLengthKm(part)
				for at := spacing / 2; at < length; at += spacing {
					p := PointAlongKm(part, at)
					if ix != nil {
						if _, km := ix.Nearest(p); km < skip {
							continue
						}
					}
					posts = append(posts, Outpost{
						ID:      fmt.Sprintf("post:%s:%s:%04d", code, b.Pair(), n),
						Country: code,
						Point:   p,
						Source:  OutpostModelled,
					})
					n++
				}
			}
		}
	}
	return posts, nil
}
