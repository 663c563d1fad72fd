package geo

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// An Index answers nearest-site queries over a fixed set of lon/lat points.
// It is a k-d tree over the points' unit vectors in 3-D, where straight-line
// (chord) distance orders points exactly as great-circle distance does, so
// the answers are exact, not approximate. Build it once; it is immutable and
// safe for concurrent use.
type Index struct {
	pts  []vec3  // in tree order
	ids  []int   // original index of each tree slot
	axes []uint8 // split axis of each slot
	orig []vec3  // by original index
}

// NewIndex returns an index over pts. Building takes O(n log² n) time.
func NewIndex(pts []orb.Point) *Index {
	ix := &Index{
		pts:  make([]vec3, len(pts)),
		ids:  make([]int, len(pts)),
		axes: make([]uint8, len(pts)),
		orig: make([]vec3, len(pts)),
	}
	for i, p := range pts {
		ix.pts[i] = toVec(p)
		ix.ids[i] = i
	}
	copy(ix.orig, ix.pts)
	ix.build(0, len(pts))
	return ix
}

// Len returns the number of points in the index.
func (ix *Index) Len() int { return len(ix.pts) }

// build arranges slots lo..hi-1 as a subtree whose root is the median slot.
func (ix *Index) build(lo, hi int) {
	if hi-lo <= 1 {
		return
	}
	// Split on the axis of widest spread.
	var mn, mx vec3
	for k := 0; k < 3; k++ {
		mn[k], mx[k] = math.Inf(1), math.Inf(-1)
	}
	for i := lo; i < hi; i++ {
		for k := 0; k < 3; k++ {
			mn[k] = math.Min(mn[k], ix.pts[i][k])
			mx[k] = math.Max(mx[k], ix.pts[i][k])
		}
	}
	axis := 0
	for k := 1; k < 3; k++ {
		if mx[k]-mn[k] > mx[axis]-mn[axis] {
			axis = k
		}
	}
	sort.Sort(slotSorter{ix: ix, lo: lo, hi: hi, axis: axis})
	mid := (lo + hi) / 2
	ix.axes[mid] = uint8(axis)
	ix.build(lo, mid)
	ix.build(mid+1, hi)
}

type slotSorter struct {
	ix     *Index
	lo, hi int
	axis   int
}

func (s slotSorter) Len() int { return s.hi - s.lo }
func (s slotSorter) Less(i, j int) bool {
	a, b := s.ix.pts[s.lo+i], s.ix.pts[s.lo+j]
	if a[s.axis] != b[s.axis] {
		return a[s.axis] < b[s.axis]
	}
	return s.ix.ids[s.lo+i] < s.ix.ids[s.lo+j]
}
func (s slotSorter) Swap(i, j int) {
	i, j = s.lo+i, s.lo+j
	s.ix.pts[i], s.ix.pts[j] = s.ix.pts[j], s.ix.pts[i]
	s.ix.ids[i], s.ix.ids[j] = s.ix.ids[j], s.ix.ids[i]
}

func sqChord(a, b vec3) float64 {
	dx, dy, dz := a[0]-b[0], a[1]-b[1], a[2]-b[2]
	return dx*dx + dy*dy + dz*dz
}

// Nearest returns the index (into the slice given to NewIndex) of the point
// nearest to p and its great-circle distance in km; ties go to the lower
// index. It returns -1 and +Inf for an empty index.
func (ix *Index) Nearest(p orb.Point) (int, float64) {
	if len(ix.pts) == 0 {
		return -1, math.Inf(1)
	}
	q := toVec(p)
	best, bestD := -1, math.Inf(1)
	ix.nearest(q, 0, len(ix.pts), &best, &bestD)
	return best, angle(q, ix.orig[best]) * earthRadiusKm
}

func (ix *Index) nearest(q vec3, lo, hi int, best *int, bestD *float64) {
	if lo >= hi {
		return
	}
	mid := (lo + hi) / 2
	d := sqChord(q, ix.pts[mid])
	if d < *bestD || (d == *bestD && ix.ids[mid] < *best) {
		*best, *bestD = ix.ids[mid], d
	}
	axis := ix.axes[mid]
	diff := q[axis] - ix.pts[mid][axis]
	first, second := [2]int{lo, mid}, [2]int{mid + 1, hi}
	if diff > 0 {
		first, second = second, first
	}
	ix.nearest(q, first[0], first[1], best, bestD)
	if diff*diff <= *bestD {
		ix.nearest(q, second[0], second[1], best, bestD)
	}
}

// within calls fn with the original index of every point whose chord
// distance from q is at most chord.
func (ix *Index) within(q vec3, chord float64, fn func(id int, v vec3)) {
	ix.withinRange(q, chord*chord, 0, len(ix.pts), fn)
}

func (ix *Index) withinRange(q vec3, r2 float64, lo, hi int, fn func(int, vec3)) {
	if lo >= hi {
		return
	}
	mid := (lo + hi) / 2
	if sqChord(q, ix.pts[mid]) <= r2 {
		fn(ix.ids[mid], ix.pts[mid])
	}
	axis := ix.axes[mid]
	diff := q[axis] - ix.pts[mid][axis]
	if diff <= 0 || diff*diff <= r2 {
		ix.withinRange(q, r2, lo, mid, fn)
	}
	if diff >= 0 || diff*diff <= r2 {
		ix.withinRange(q, r2, mid+1, hi, fn)
	}
}

// NearestToLine returns the index of the point nearest to the line ls (each
// edge a great-circle arc) and its distance in km; ties go to the lower
// index. The answer is exact: the point nearest the line's midpoint bounds
// the search, and every point that could beat it is measured.
func (ix *Index) NearestToLine(ls orb.LineString) (int, float64) {
	if len(ix.pts) == 0 || len(ls) == 0 {
		return -1, math.Inf(1)
	}
	line := lineVecs(ls)
	center := toVec(ls[len(ls)/2])
	// reach: the farthest any point of the line lies from center.
	var reach float64
	for _, v := range line {
		reach = math.Max(reach, angle(center, v))
	}
	seed, _ := ix.Nearest(ls[len(ls)/2])
	bound := pointLineAngle(ix.orig[seed], line)
	best, bestA := seed, bound
	r := (bound + reach) * (1 + 1e-9)
	chord := 2.0
	if r < math.Pi {
		chord = 2*math.Sin(r/2) + 1e-12
	}
	ix.within(center, chord, func(id int, v vec3) {
		a := pointLineAngle(v, line)
		if a < bestA || (a == bestA && id < best) {
			best, bestA = id, a
		}
	})
	return best, bestA * earthRadiusKm
}
