package geo

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
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
	parallelFor(len(segs), func(i int) { segs[i].Remote = sites.remoteness(segs[i]) })
	return segs, nil
}

// parallelFor calls fn(i) for every i in [0, n), spread over up to
// GOMAXPROCS goroutines in chunks; fn may only write what belongs to i.
func parallelFor(n int, fn func(i int)) {
	const chunk = 32
	workers := min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					fn(i)
				}
			}
		})
	}
	wg.Wait()
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
func (s *siteIndexes) remoteness(seg Segment) Remoteness {
	q := newLineQuery(seg.Line) // once for all six indexes
	var r Remoteness
	for side, code := range [2]string{seg.A, seg.B} {
		r.SettlementKm[side] = nearestKm(s.settlements[code], q)
		r.OutpostKm[side] = nearestKm(s.outposts[code], q)
		r.CrossingKm[side] = nearestKm(s.crossings[code], q)
	}
	return r
}

func nearestKm(ix *Index, q lineQuery) float64 {
	if ix == nil {
		return math.Inf(1)
	}
	_, km := ix.nearestToLine(q)
	return km
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
