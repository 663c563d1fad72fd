package geo

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/internal/parallel"
)

// Segments cuts the corridor's borders into segments of about lengthKm
// (zero means DefaultSegmentKm) and measures each segment's remoteness from
// the corridor's settlements, outposts and crossings with a spatial index.
func (c *Corridor) Segments(lengthKm float64) ([]Segment, error) {
	segs, err := SegmentBorders(c.Borders, lengthKm)
	if err != nil {
		return nil, err
	}
	sites := newSiteIndexes(c)
	// Chunks of neighbouring segments, each chunk's answers hinting the
	// next segment's searches (see nearestToLineFrom).
	const chunk = 16
	parallel.For((len(segs)+chunk-1)/chunk, 32, func(k int) {
		var h remoteHints
		for i := k * chunk; i < min(len(segs), (k+1)*chunk); i++ {
			segs[i].Remote = sites.remoteness(segs[i], &h)
		}
	})
	return segs, nil
}

// remoteHints are the indexes and answer slots of the last segment's six
// searches, in the order of Remoteness.kms.
type remoteHints struct {
	ix   [6]*Index
	slot [6]int
}

// siteIndexes holds one Index per site kind and country.
type siteIndexes struct {
	settlements, outposts, crossings map[string]*Index
}

func newSiteIndexes(c *Corridor) *siteIndexes {
	return &siteIndexes{
		settlements: indexByCountry(len(c.Settlements), func(i int) ([]string, orb.Point) {
			return []string{c.Settlements[i].Country}, c.Settlements[i].Point
		}),
		outposts: indexByCountry(len(c.Outposts), func(i int) ([]string, orb.Point) {
			return []string{c.Outposts[i].Country}, c.Outposts[i].Point
		}),
		crossings: crossingIndexes(c),
	}
}

// crossingIndexes indexes the crossings by country, each crossing under
// both its sides.
func crossingIndexes(c *Corridor) map[string]*Index {
	return indexByCountry(len(c.Crossings), func(i int) ([]string, orb.Point) {
		x := c.Crossings[i]
		return []string{x.A, x.B}, x.Point
	})
}

// indexByCountry builds an Index for each country over the n sites that
// site(i) places in the given countries ("" is skipped).
func indexByCountry(n int, site func(i int) ([]string, orb.Point)) map[string]*Index {
	pts := map[string][]orb.Point{}
	for i := 0; i < n; i++ {
		codes, p := site(i)
		if !finitePoint(p) { // cannot be nearest; NewIndex refuses it
			continue
		}
		for _, code := range codes {
			if code != "" {
				pts[code] = append(pts[code], p)
			}
		}
	}
	ix := make(map[string]*Index, len(pts))
	for code, ps := range pts {
		ix[code], _ = NewIndex(ps) // every point is finite
	}
	return ix
}

// remoteness measures seg, whose line must not be empty (SegmentBorders
// makes lines of two or more points).
// h holds the hints of the last segment measured and is updated.
func (s *siteIndexes) remoteness(seg Segment, h *remoteHints) Remoteness {
	q := newLineQuery(seg.Line) // once for all six indexes
	var r Remoteness
	for k, km := range r.kms() {
		code := seg.A
		if k%2 == 1 {
			code = seg.B
		}
		var ix *Index
		switch k / 2 {
		case 0:
			ix = s.settlements[code]
		case 1:
			ix = s.outposts[code]
		default:
			ix = s.crossings[code]
		}
		if ix == nil {
			*km = math.Inf(1)
			continue
		}
		hint := -1
		if h.ix[k] == ix {
			hint = h.slot[k]
		}
		_, h.slot[k], *km = ix.nearestToLineFrom(q, hint)
		h.ix[k] = ix
	}
	return r
}

// NearestSettlementKm returns the distance to the nearest settlement on
// either side of the border.
func (r Remoteness) NearestSettlementKm() float64 {
	return math.Min(r.SettlementKm[0], r.SettlementKm[1])
}

// NearestGuardKm returns the distance to the nearest outpost or official
// crossing on either side of the border: the guards a shipment must evade.
func (r Remoteness) NearestGuardKm() float64 {
	return math.Min(math.Min(r.OutpostKm[0], r.OutpostKm[1]), math.Min(r.CrossingKm[0], r.CrossingKm[1]))
}
