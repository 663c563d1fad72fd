package geo

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync"

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
}

// NewIndex returns an index over pts. Building takes O(n log² n) time. A
// point whose longitude or latitude is not a finite number is an error
// wrapping ErrBadCoordinate that names the point: it would make every
// answer wrong.
func NewIndex(pts []orb.Point) (*Index, error) {
	for i, p := range pts {
		if !finitePoint(p) {
			return nil, fmt.Errorf("%w: index point %d is %v", ErrBadCoordinate, i, p)
		}
	}
	ix := &Index{
		pts:  make([]vec3, len(pts)),
		ids:  make([]int, len(pts)),
		axes: make([]uint8, len(pts)),
	}
	for i, p := range pts {
		ix.pts[i] = toVec(p)
		ix.ids[i] = i
	}
	ix.build(0, len(pts))
	return ix, nil
}

// Len returns the number of points in the index.
func (ix *Index) Len() int { return len(ix.pts) }

// leafSize is the most points a leaf of the tree holds: a range of slots
// no longer than this is searched point by point, which is faster than
// splitting it further.
const leafSize = 8

// widestAxis returns the axis along which slots lo..hi-1 spread widest,
// the one a subtree over them splits on.
func (ix *Index) widestAxis(lo, hi int) int {
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
	return axis
}

// build arranges slots lo..hi-1 as a subtree whose root is the median slot,
// or leaves them as a leaf.
func (ix *Index) build(lo, hi int) {
	if hi-lo <= leafSize {
		return
	}
	axis := ix.widestAxis(lo, hi)
	mid := (lo + hi) / 2
	ix.selectSlot(lo, hi, mid, axis)
	ix.axes[mid] = uint8(axis)
	ix.build(lo, mid)
	ix.build(mid+1, hi)
}

// less orders slots by their coordinate on axis, ties by original index:
// a total order, so the tree depends only on the points, not on the order
// in which they are given or arranged while building.
func (ix *Index) less(i, j, axis int) bool {
	a, b := ix.pts[i][axis], ix.pts[j][axis]
	if a != b {
		return a < b
	}
	return ix.ids[i] < ix.ids[j]
}

func (ix *Index) swap(i, j int) {
	ix.pts[i], ix.pts[j] = ix.pts[j], ix.pts[i]
	ix.ids[i], ix.ids[j] = ix.ids[j], ix.ids[i]
}

// selectSlot arranges slots lo..hi-1 so that slot k holds the point that
// sorting them by less would put there, the ones before it less and the
// ones after it greater (Hoare's selection with a median-of-three pivot,
// expected linear time).
func (ix *Index) selectSlot(lo, hi, k, axis int) {
	for hi-lo > 2 {
		// Median of three to slot lo.
		m := lo + (hi-lo)/2
		a, b, c := lo, m, hi-1
		if ix.less(b, a, axis) {
			a, b = b, a
		}
		if ix.less(c, b, axis) {
			b = c
			if ix.less(b, a, axis) {
				b = a
			}
		}
		ix.swap(lo, b)
		// Partition the rest around the pivot at lo (Lomuto).
		p := lo
		for i := lo + 1; i < hi; i++ {
			if ix.less(i, lo, axis) {
				p++
				ix.swap(p, i)
			}
		}
		ix.swap(lo, p)
		switch {
		case k == p:
			return
		case k < p:
			hi = p
		default:
			lo = p + 1
		}
	}
	if hi-lo == 2 && ix.less(lo+1, lo, axis) {
		ix.swap(lo, lo+1)
	}
}

func sqChord(a, b vec3) float64 {
	dx, dy, dz := a[0]-b[0], a[1]-b[1], a[2]-b[2]
	return dx*dx + dy*dy + dz*dz
}

// Nearest returns the index (into the slice given to NewIndex) of the point
// nearest to p and its great-circle distance in km; ties go to the lower
// index. It returns -1 and +Inf for an empty index or a point that is not
// finite.
func (ix *Index) Nearest(p orb.Point) (int, float64) {
	if len(ix.pts) == 0 {
		return -1, math.Inf(1)
	}
	q := toVec(p)
	slot := ix.nearestSlot(q)
	if slot < 0 { // p is not finite
		return -1, math.Inf(1)
	}
	return ix.ids[slot], angle(q, ix.pts[slot]) * earthRadiusKm
}

// nearestSlot returns the tree slot of the point nearest to q, ties going
// to the lower original index; -1 when q is not finite or the index empty.
func (ix *Index) nearestSlot(q vec3) int {
	best, bestD := -1, math.Inf(1)
	ix.nearest(q, 0, len(ix.pts), &best, &bestD)
	return best
}

func (ix *Index) nearest(q vec3, lo, hi int, best *int, bestD *float64) {
	if hi-lo <= leafSize {
		for i := lo; i < hi; i++ {
			if d := sqChord(q, ix.pts[i]); d < *bestD || (d == *bestD && *best >= 0 && ix.ids[i] < ix.ids[*best]) {
				*best, *bestD = i, d
			}
		}
		return
	}
	mid := (lo + hi) / 2
	d := sqChord(q, ix.pts[mid])
	if d < *bestD || (d == *bestD && *best >= 0 && ix.ids[mid] < ix.ids[*best]) {
		*best, *bestD = mid, d
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

// within calls fn with the slot of every point whose chord distance from
// q is at most chord.
func (ix *Index) within(q vec3, chord float64, fn func(slot int)) {
	ix.withinRange(q, chord*chord, 0, len(ix.pts), fn)
}

func (ix *Index) withinRange(q vec3, r2 float64, lo, hi int, fn func(int)) {
	if hi-lo <= leafSize {
		for i := lo; i < hi; i++ {
			if sqChord(q, ix.pts[i]) <= r2 {
				fn(i)
			}
		}
		return
	}
	mid := (lo + hi) / 2
	if sqChord(q, ix.pts[mid]) <= r2 {
		fn(mid)
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
	if len(ls) == 0 {
		return -1, math.Inf(1)
	}
	return ix.nearestToLine(newLineQuery(ls))
}

// A lineQuery is a line prepared for NearestToLine, so that one line can be
// asked of several indexes.
type lineQuery struct {
	line   []vec3
	arcs   []arcPole // the pole of each arc, line[i] to line[i+1]
	center vec3      // the line's middle vertex
	reach  float64   // the farthest any vertex lies from center, in radians
}

// An arcPole is the unit normal of an arc's great circle, as arcDistance
// computes it, and whether the arc is long enough to have one.
type arcPole struct {
	n  vec3
	ok bool
}

// newLineQuery prepares ls, which must not be empty.
func newLineQuery(ls orb.LineString) lineQuery {
	q := lineQuery{line: lineVecs(ls)}
	q.center = q.line[len(q.line)/2]
	for _, v := range q.line {
		q.reach = math.Max(q.reach, angle(q.center, v))
	}
	if len(q.line) > 1 {
		q.arcs = make([]arcPole, len(q.line)-1)
		for i := range q.arcs {
			n := q.line[i].cross(q.line[i+1])
			if nn := n.norm(); nn > 1e-15 {
				q.arcs[i] = arcPole{n: vec3{n[0] / nn, n[1] / nn, n[2] / nn}, ok: true}
			}
		}
	}
	return q
}

// angle returns the angle from p to the nearest point of the line, as
// pointLineAngle(p, q.line) computes it, with the arcs' poles computed
// once for all points asked. An arc whose interior holds the foot of p
// gives its distance by the pole; the others ask for the angle to their
// ends, and of those only the vertices within a margin of the nearest by
// chord are measured (see nearestEnd).
func (q *lineQuery) angle(p vec3) float64 {
	switch len(q.line) {
	case 0:
		return math.Inf(1)
	case 1:
		return angle(p, q.line[0])
	}
	if len(q.line) > 64 {
		return pointLineAngle(p, q.line)
	}
	best := math.Inf(1)
	var ends uint64 // the vertices asked for
	for i, arc := range q.arcs {
		a, b := q.line[i], q.line[i+1]
		if n := arc.n; arc.ok && a.cross(p).dot(n) >= 0 && p.cross(b).dot(n) >= 0 {
			if d := math.Abs(math.Asin(math.Max(-1, math.Min(1, p.dot(n))))); d < best {
				best = d
			}
		} else {
			ends |= 3 << i
		}
	}
	if ends != 0 {
		best = math.Min(best, q.nearestEnd(p, ends))
	}
	return best
}

// nearestEnd returns the least angle from p to the vertices in the set
// ends (a bit per vertex). The chord orders points as the angle does
// (θ = 2 asin(c/2), and dθ/dc ≥ 1), so a vertex whose chord exceeds the
// least chord by more than 1e-9 (6 mm) plus a millionth lies farther by
// more than that margin, far above the rounding of either number: only the
// others are measured with angle, and the least of them is the least.
func (q *lineQuery) nearestEnd(p vec3, ends uint64) float64 {
	var c2 [64]float64
	least := math.Inf(1)
	for m := ends; m != 0; m &= m - 1 {
		j := bits.TrailingZeros64(m)
		if c2[j] = sqChord(p, q.line[j]); c2[j] < least {
			least = c2[j]
		}
	}
	r := math.Sqrt(least)*(1+1e-6) + 1e-9
	best := math.Inf(1)
	for m := ends; m != 0; m &= m - 1 {
		if j := bits.TrailingZeros64(m); c2[j] <= r*r {
			if d := angle(p, q.line[j]); d < best {
				best = d
			}
		}
	}
	return best
}

func (ix *Index) nearestToLine(q lineQuery) (int, float64) {
	id, _, km := ix.nearestToLineFrom(q, -1)
	return id, km
}

// nearestToLineFrom is nearestToLine with a hint, the slot of a point near
// the line (the answer for a neighbouring line) or -1. The hint's distance
// bounds the search in place of the distance of the point nearest the
// line's centre, which is then not sought: every point that could beat or
// tie the bound is measured either way, so the answer does not depend on
// the hint. It also returns the answer's slot, the next hint.
func (ix *Index) nearestToLineFrom(q lineQuery, hint int) (id, slot int, km float64) {
	if len(ix.pts) == 0 {
		return -1, -1, math.Inf(1)
	}
	seed, bound := hint, math.NaN()
	if seed >= 0 {
		bound = q.angle(ix.pts[seed])
	}
	if !(bound < math.Inf(1)) { // no hint, or a line that is not finite
		if seed = ix.nearestSlot(q.center); seed < 0 { // the line is not finite
			return -1, -1, math.Inf(1)
		}
		bound = q.angle(ix.pts[seed])
	}
	best, bestA := seed, bound
	r := (bound + q.reach) * (1 + 1e-9)
	chord := 2.0
	if r < math.Pi {
		chord = 2*math.Sin(r/2) + 1e-12
	}
	ix.within(q.center, chord, func(slot int) {
		a := q.angle(ix.pts[slot])
		if a < bestA || (a == bestA && ix.ids[slot] < ix.ids[best]) {
			best, bestA = slot, a
		}
	})
	return ix.ids[best], best, bestA * earthRadiusKm
}

// KNearestOptions limit a KNearest query, in the manner of s2's
// ClosestEdgeQuery options.
type KNearestOptions struct {
	// MaxResults is the most points returned; 0 or less means no limit.
	MaxResults int
	// MaxDistanceKm is the farthest a returned point may lie, in km along
	// the great circle; 0 or less (or +Inf) means no limit.
	MaxDistanceKm float64
	// IndexOnly leaves Neighbor.DistanceKm zero, for a caller that needs
	// only the points: the same points come back, faster. Default false.
	IndexOnly bool
}

// A Neighbor is one answer of KNearest: a point's index in the slice given
// to NewIndex and its great-circle distance in km.
type Neighbor struct {
	Index      int
	DistanceKm float64
}

// KNearest returns the points nearest to p within the limits of o, nearest
// first, ties going to the lower index. It returns nil for a point that is
// not finite. With MaxResults k it visits O(k log n) nodes of the tree on
// well-spread points.
func (ix *Index) KNearest(p orb.Point, o KNearestOptions) []Neighbor {
	if len(ix.pts) == 0 || !finitePoint(p) {
		return nil
	}
	k := o.MaxResults
	if k <= 0 || k > len(ix.pts) {
		k = len(ix.pts)
	}
	limited := o.MaxDistanceKm > 0 && !math.IsInf(o.MaxDistanceKm, 1)
	// r2 is the squared chord beyond which no point is kept, with a little
	// slack for rounding: the exact angle is checked below. A point within
	// inner2 lies within MaxDistanceKm by a margin far above rounding
	// (see IndexOnly): its angle need not be checked.
	r2, inner2 := math.Inf(1), math.Inf(1)
	if limited {
		inner2 = -1
		if a := o.MaxDistanceKm / earthRadiusKm; a < math.Pi {
			c := 2 * math.Sin(a/2)
			r2 = c*c*(1+1e-12) + 1e-24
			inner := c * (1 - 1e-9)
			inner2 = inner * inner
		}
	}
	q := toVec(p)
	buf := knnBufs.Get().(*[]knnHit)
	kn := knn{ix: ix, q: q, k: k, r2: r2, heap: (*buf)[:0]}
	kn.visit(0, len(ix.pts))
	kn.sort()
	out := make([]Neighbor, 0, len(kn.heap))
	for _, h := range kn.heap {
		var km float64
		if !o.IndexOnly || h.d2 > inner2 {
			km = angle(q, ix.pts[h.slot]) * earthRadiusKm
			if limited && km > o.MaxDistanceKm {
				continue
			}
		}
		if o.IndexOnly {
			km = 0
		}
		out = append(out, Neighbor{Index: ix.ids[h.slot], DistanceKm: km})
	}
	*buf = kn.heap[:0]
	knnBufs.Put(buf)
	return out
}

// knnBufs holds the heaps of finished KNearest queries for the next.
var knnBufs = sync.Pool{New: func() any { return new([]knnHit) }}

// sort orders the heap nearest first, by (chord², index): by insertion
// when it is short, else with slices.SortFunc.
func (kn *knn) sort() {
	h := kn.heap
	if len(h) > 32 {
		slices.SortFunc(h, func(a, b knnHit) int {
			switch {
			case kn.less(a, b):
				return -1
			case kn.less(b, a):
				return 1
			}
			return 0
		})
		return
	}
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && kn.less(h[j], h[j-1]); j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
}

// knn is the state of one KNearest query: a bounded max-heap of the best
// slots so far.
type knn struct {
	ix   *Index
	q    vec3
	k    int
	r2   float64 // squared chord limit
	heap []knnHit
}

type knnHit struct {
	slot int
	d2   float64
}

// less orders hits nearest first, ties by original index.
func (kn *knn) less(a, b knnHit) bool {
	if a.d2 != b.d2 {
		return a.d2 < b.d2
	}
	return kn.ix.ids[a.slot] < kn.ix.ids[b.slot]
}

// bound returns the squared chord beyond which no point can enter.
func (kn *knn) bound() float64 {
	if len(kn.heap) < kn.k {
		return kn.r2
	}
	return kn.heap[0].d2
}

func (kn *knn) offer(h knnHit) {
	if h.d2 > kn.r2 {
		return
	}
	if len(kn.heap) < kn.k {
		kn.heap = append(kn.heap, h)
		for i := len(kn.heap) - 1; i > 0; {
			p := (i - 1) / 2
			if !kn.less(kn.heap[p], kn.heap[i]) {
				break
			}
			kn.heap[p], kn.heap[i] = kn.heap[i], kn.heap[p]
			i = p
		}
		return
	}
	if !kn.less(h, kn.heap[0]) {
		return
	}
	kn.heap[0] = h
	for i, n := 0, len(kn.heap); ; {
		l, big := 2*i+1, i
		if l < n && kn.less(kn.heap[big], kn.heap[l]) {
			big = l
		}
		if l+1 < n && kn.less(kn.heap[big], kn.heap[l+1]) {
			big = l + 1
		}
		if big == i {
			break
		}
		kn.heap[i], kn.heap[big] = kn.heap[big], kn.heap[i]
		i = big
	}
}

// visit offers the points of slots lo..hi-1 that may be among the k
// nearest: the near side of each split first, then the far side unless the
// split plane lies beyond the bound. The far side is taken by the loop, not
// by a call. The hits kept are the k least by (chord², index) whatever the
// order of the visit.
func (kn *knn) visit(lo, hi int) {
	ix := kn.ix
	for lo < hi {
		if hi-lo <= leafSize {
			for i := lo; i < hi; i++ {
				if d2 := sqChord(kn.q, ix.pts[i]); d2 <= kn.r2 {
					kn.offer(knnHit{i, d2})
				}
			}
			return
		}
		mid := (lo + hi) / 2
		if d2 := sqChord(kn.q, ix.pts[mid]); d2 <= kn.r2 {
			kn.offer(knnHit{mid, d2})
		}
		axis := ix.axes[mid]
		diff := kn.q[axis] - ix.pts[mid][axis]
		nearLo, nearHi, farLo, farHi := lo, mid, mid+1, hi
		if diff > 0 {
			nearLo, nearHi, farLo, farHi = mid+1, hi, lo, mid
		}
		kn.visit(nearLo, nearHi)
		// Equal distances must be visited too: a tie may go to a lower index.
		if diff*diff > kn.bound() {
			return
		}
		lo, hi = farLo, farHi
	}
}

// finitePoint reports whether both coordinates of p are finite numbers.
func finitePoint(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && !math.IsInf(p[0], 0) && !math.IsInf(p[1], 0)
}
