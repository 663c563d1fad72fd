package geo

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// ErrBadSetting is a setting outside its documented range.
var ErrBadSetting = errors.New("geo: bad setting")

// OutpostSettings sets how ModelOutposts places border-guard posts. Real
// post positions are not public; the defaults are assumptions, to be
// replaced by a user's own outpost layer where one exists. The zero value
// (or nil) means the defaults.
type OutpostSettings struct {
	// PerHundredKm is the number of posts per 100 km of border that each
	// country keeps on its side, by ISO alpha-3 code, from 0 (none) to
	// MaxPerHundredKm. A country not in the map (or a nil map) gets
	// DefaultPerHundredKm.
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

// MaxPerHundredKm is the highest density ModelOutposts accepts: one post
// every 100 m of border, already denser than any fenced border is manned.
const MaxPerHundredKm = 1000.0

// check returns an error naming the first setting (countries in code
// order) outside its range.
func (s *OutpostSettings) check() error {
	if s == nil {
		return nil
	}
	if d := s.SkipNearCrossingKm; !(d >= 0) || math.IsInf(d, 0) {
		return fmt.Errorf("%w: OutpostSettings.SkipNearCrossingKm is %v: must be a finite number ≥ 0", ErrBadSetting, d)
	}
	codes := make([]string, 0, len(s.PerHundredKm))
	for code := range s.PerHundredKm {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		if d := s.PerHundredKm[code]; !(d >= 0 && d <= MaxPerHundredKm) {
			return fmt.Errorf("%w: OutpostSettings.PerHundredKm[%q] is %v posts per 100 km: must be from 0 to %v (one post every 100 m)",
				ErrBadSetting, code, d, MaxPerHundredKm)
		}
	}
	return nil
}

// ModelOutposts returns an outpost at every official crossing (one for each
// side) and more posts spaced evenly along each side of every border at the
// country's density. Output order is stable: crossings first, then borders in
// the order given. A density outside [0, MaxPerHundredKm] or a negative
// skip distance is an error wrapping ErrBadSetting that names the setting.
// The work is linear in border vertices and posts (times log of crossings).
func ModelOutposts(c *Corridor, s *OutpostSettings) ([]Outpost, error) {
	if c == nil {
		return nil, errors.New("geo: ModelOutposts: nil corridor")
	}
	if err := s.check(); err != nil {
		return nil, err
	}
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
	var at []orb.Point // scratch: the posts of one border part
	for _, b := range c.Borders {
		for _, code := range []string{b.A, b.B} {
			d := density(code)
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
				at = pointsEvery(at[:0], part, spacing)
				for _, p := range at {
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

// pointsEvery appends to dst the points of ls at spacing/2, 3·spacing/2,
// ... km along it, short of its end, in one walk along its edges.
func pointsEvery(dst []orb.Point, ls orb.LineString, spacing float64) []orb.Point {
	n0 := len(dst)
	next := spacing / 2
	start := 0.0 // km from the start of ls to the start of edge i
	for i := 1; i < len(ls); i++ {
		d := DistanceKm(ls[i-1], ls[i])
		if d > 0 {
			for next-start <= d {
				dst = append(dst, slerp(ls[i-1], ls[i], (next-start)/d))
				next += spacing
			}
		}
		start += d
	}
	if len(dst) > n0 && next-spacing >= start { // a post at the very end
		dst = dst[:len(dst)-1]
	}
	return dst
}
