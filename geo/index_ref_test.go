package geo

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/paulmach/orb"
)

// refBuild is Index.build before it selected the median instead of
// sorting and left ranges of up to leafSize points as leaves, kept as the
// reference of TestIndexMatchesRef.
func refBuild(ix *Index, lo, hi int) {
	if hi-lo <= 1 {
		return
	}
	axis := ix.widestAxis(lo, hi)
	sort.Sort(refSlotSorter{ix: ix, lo: lo, hi: hi, axis: axis})
	mid := (lo + hi) / 2
	ix.axes[mid] = uint8(axis)
	refBuild(ix, lo, mid)
	refBuild(ix, mid+1, hi)
}

type refSlotSorter struct {
	ix     *Index
	lo, hi int
	axis   int
}

func (s refSlotSorter) Len() int { return s.hi - s.lo }
func (s refSlotSorter) Less(i, j int) bool {
	a, b := s.ix.pts[s.lo+i], s.ix.pts[s.lo+j]
	if a[s.axis] != b[s.axis] {
		return a[s.axis] < b[s.axis]
	}
	return s.ix.ids[s.lo+i] < s.ix.ids[s.lo+j]
}
func (s refSlotSorter) Swap(i, j int) {
	i, j = s.lo+i, s.lo+j
	s.ix.pts[i], s.ix.pts[j] = s.ix.pts[j], s.ix.pts[i]
	s.ix.ids[i], s.ix.ids[j] = s.ix.ids[j], s.ix.ids[i]
}

// refNewIndex is NewIndex with refBuild.
func refNewIndex(pts []orb.Point) *Index {
	ix := &Index{pts: make([]vec3, len(pts)), ids: make([]int, len(pts)), axes: make([]uint8, len(pts))}
	for i, p := range pts {
		ix.pts[i] = toVec(p)
		ix.ids[i] = i
	}
	refBuild(ix, 0, len(pts))
	return ix
}

// refKNearest is KNearest before it sorted with slices.SortFunc into a
// heap of preset capacity and visited the tree with refVisit, kept as a
// reference.
func refKNearest(ix *Index, p orb.Point, o KNearestOptions) []Neighbor {
	if len(ix.pts) == 0 || !finitePoint(p) {
		return nil
	}
	k := o.MaxResults
	if k <= 0 || k > len(ix.pts) {
		k = len(ix.pts)
	}
	r2 := math.Inf(1)
	if o.MaxDistanceKm > 0 && !math.IsInf(o.MaxDistanceKm, 1) {
		a := o.MaxDistanceKm / earthRadiusKm
		if a < math.Pi {
			c := 2 * math.Sin(a/2)
			r2 = c*c*(1+1e-12) + 1e-24
		}
	}
	q := toVec(p)
	kn := knn{ix: ix, q: q, k: k, r2: r2}
	refVisit(&kn, 0, len(ix.pts))
	sort.Slice(kn.heap, func(a, b int) bool { return kn.less(kn.heap[a], kn.heap[b]) })
	out := make([]Neighbor, 0, len(kn.heap))
	for _, h := range kn.heap {
		km := angle(q, ix.pts[h.slot]) * earthRadiusKm
		if o.MaxDistanceKm > 0 && km > o.MaxDistanceKm {
			continue
		}
		out = append(out, Neighbor{Index: ix.ids[h.slot], DistanceKm: km})
	}
	return out
}

// refVisit is knn.visit before it looped on the far side.
func refVisit(kn *knn, lo, hi int) {
	if lo >= hi {
		return
	}
	ix := kn.ix
	mid := (lo + hi) / 2
	kn.offer(knnHit{mid, sqChord(kn.q, ix.pts[mid])})
	axis := ix.axes[mid]
	diff := kn.q[axis] - ix.pts[mid][axis]
	first, second := [2]int{lo, mid}, [2]int{mid + 1, hi}
	if diff > 0 {
		first, second = second, first
	}
	refVisit(kn, first[0], first[1])
	if diff*diff <= kn.bound() {
		refVisit(kn, second[0], second[1])
	}
}

// embeddedSettlementPoints returns the points of the Northern Route's
// settlements, with duplicates (the same point twice) to test ties.
func embeddedSettlementPoints(t testing.TB) []orb.Point {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(gjEmbeddedDir, "settlements.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	sets, err := ReadSettlements(bytes.NewReader(b), "settlements.geojson")
	if err != nil {
		t.Fatal(err)
	}
	pts := make([]orb.Point, 0, len(sets)+100)
	for _, s := range sets {
		pts = append(pts, s.Point)
	}
	for i := 0; i < 100; i++ {
		pts = append(pts, pts[i*7])
	}
	return pts
}

// refNearest is Index.nearest before the tree had leaves.
func refNearest(ix *Index, q vec3, lo, hi int, best *int, bestD *float64) {
	if lo >= hi {
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
	refNearest(ix, q, first[0], first[1], best, bestD)
	if diff*diff <= *bestD {
		refNearest(ix, q, second[0], second[1], best, bestD)
	}
}

// refWithin is Index.withinRange before the tree had leaves.
func refWithin(ix *Index, q vec3, r2 float64, lo, hi int, fn func(int, vec3)) {
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
		refWithin(ix, q, r2, lo, mid, fn)
	}
	if diff >= 0 || diff*diff <= r2 {
		refWithin(ix, q, r2, mid+1, hi, fn)
	}
}

// refNearestToLine is nearestToLine on a tree without leaves, with
// pointLineAngle.
func refNearestToLine(ix *Index, q lineQuery) (int, float64) {
	if len(ix.pts) == 0 {
		return -1, math.Inf(1)
	}
	seed, seedD := -1, math.Inf(1)
	refNearest(ix, q.center, 0, len(ix.pts), &seed, &seedD)
	if seed < 0 {
		return -1, math.Inf(1)
	}
	bound := pointLineAngle(ix.pts[seed], q.line)
	best, bestA := ix.ids[seed], bound
	r := (bound + q.reach) * (1 + 1e-9)
	chord := 2.0
	if r < math.Pi {
		chord = 2*math.Sin(r/2) + 1e-12
	}
	refWithin(ix, q.center, chord*chord, 0, len(ix.pts), func(id int, v vec3) {
		a := pointLineAngle(v, q.line)
		if a < bestA || (a == bestA && id < best) {
			best, bestA = id, a
		}
	})
	return best, bestA * earthRadiusKm
}

// TestIndexMatchesRef builds indexes over the Northern Route's settlements
// (and parts of them, with repeated points) with NewIndex and refNewIndex,
// and wants the same answers, bit for bit, from Nearest, KNearest and
// nearestToLine as the reference code gives on the reference tree.
func TestIndexMatchesRef(t *testing.T) {
	all := embeddedSettlementPoints(t)
	segs := embeddedSegments(t, 5)
	same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	for _, n := range []int{0, 1, 2, 3, 5, 8, 9, 17, 100, 1000, len(all)} {
		pts := all[len(all)-n:]
		ix, err := NewIndex(pts)
		if err != nil {
			t.Fatal(err)
		}
		ref := refNewIndex(pts)
		step := 1 + len(all)/300
		for i := 0; i < len(all); i += step {
			p := orb.Point{all[i][0] + 0.05, all[i][1] - 0.03}
			gi, gkm := ix.Nearest(p)
			wi, wkm := -1, math.Inf(1)
			if slot, d := -1, math.Inf(1); n > 0 {
				refNearest(ref, toVec(p), 0, n, &slot, &d)
				wi, wkm = ref.ids[slot], angle(toVec(p), ref.pts[slot])*earthRadiusKm
			}
			if gi != wi || !same(gkm, wkm) {
				t.Fatalf("%d points, Nearest(%v): got %d, %v; want %d, %v", n, p, gi, gkm, wi, wkm)
			}
			for _, o := range []KNearestOptions{{MaxResults: 5, MaxDistanceKm: 60}, {MaxResults: 9, MaxDistanceKm: 150}, {MaxResults: 1}, {MaxDistanceKm: 30}, {MaxResults: 40},
				{MaxResults: 3, MaxDistanceKm: 1e-3}, {MaxResults: 50, MaxDistanceKm: 25000}, {MaxResults: 4, MaxDistanceKm: math.Inf(1)}} {
				want := refKNearest(ref, p, o)
				if got := ix.KNearest(p, o); !reflect.DeepEqual(got, want) {
					t.Fatalf("%d points, %v %+v: got %v, want %v", n, p, o, got, want)
				}
				// IndexOnly: the same points, no distances.
				o.IndexOnly = true
				for i := range want {
					want[i].DistanceKm = 0
				}
				if got := ix.KNearest(p, o); !reflect.DeepEqual(got, want) {
					t.Fatalf("%d points, %v %+v: got %v, want %v", n, p, o, got, want)
				}
			}
		}
		if n == 0 {
			continue
		}
		prev := -1
		for i := 0; i < len(segs); i += 1 + len(segs)/500 {
			q := newLineQuery(segs[i].Line)
			gi, gkm := ix.nearestToLine(q)
			wi, wkm := refNearestToLine(ref, q)
			if gi != wi || !same(gkm, wkm) {
				t.Fatalf("%d points, segment %s: got %d, %v; want %d, %v", n, segs[i].ID, gi, gkm, wi, wkm)
			}
			// Any hint, near (the last answer) or far (a random point),
			// gives the same answer.
			for _, hint := range []int{prev, (i * 7919) % n, n - 1} {
				hi, slot, hkm := ix.nearestToLineFrom(q, hint)
				if hi != wi || !same(hkm, wkm) || ix.ids[slot] != hi {
					t.Fatalf("%d points, segment %s, hint %d: got %d (slot %d), %v; want %d, %v", n, segs[i].ID, hint, hi, slot, hkm, wi, wkm)
				}
				if hint == prev {
					prev = slot
				}
			}
		}
	}
}

// BenchmarkIndex builds an index over the Northern Route's settlements and
// asks it the k-nearest queries of route.Build's local links and the
// nearest settlement to each 5 km border segment, with the code of today
// and the reference code kept in this file.
func BenchmarkIndex(b *testing.B) {
	pts := embeddedSettlementPoints(b)
	b.Run("NewIndex", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := NewIndex(pts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("NewIndex/ref", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			refNewIndex(pts)
		}
	})
	ix, err := NewIndex(pts)
	if err != nil {
		b.Fatal(err)
	}
	o := KNearestOptions{MaxResults: 5, MaxDistanceKm: 60}
	b.Run("KNearest", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range pts[:1000] {
				ix.KNearest(p, o)
			}
		}
	})
	ref := refNewIndex(pts)
	b.Run("KNearest/ref", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range pts[:1000] {
				refKNearest(ref, p, o)
			}
		}
	})
	lines := func(b *testing.B) []lineQuery {
		segs := embeddedSegments(b, 5)
		qs := make([]lineQuery, len(segs))
		for i, s := range segs {
			qs[i] = newLineQuery(s.Line)
		}
		return qs
	}(b)
	b.Run("NearestToLine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, q := range lines {
				ix.nearestToLine(q)
			}
		}
	})
	b.Run("NearestToLine/ref", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, q := range lines {
				refNearestToLine(ref, q)
			}
		}
	})
}

// TestLineQueryAngleMatchesPointLineAngle checks lineQuery.angle, which
// computes each arc's pole once, against pointLineAngle, bit for bit, on
// the 5 km segments of the Northern Route's borders and random lines with
// repeated and antipodal points, from random points near and far.
func TestLineQueryAngleMatchesPointLineAngle(t *testing.T) {
	borders := embeddedBorders(t)
	segs, err := SegmentBorders(borders, 5)
	if err != nil {
		t.Fatal(err)
	}
	var lines []orb.LineString
	for _, s := range segs {
		lines = append(lines, s.Line)
	}
	long := 0
	for _, bd := range borders {
		for _, l := range bd.Geometry {
			if len(l) > 64 { // beyond angle's cache of vertex angles
				lines = append(lines, l)
				long++
			}
		}
	}
	if long == 0 {
		t.Error("no border part of more than 64 points")
	}
	rng := rand.New(rand.NewPCG(7, 9))
	pt := func() orb.Point { return orb.Point{rng.Float64()*360 - 180, rng.Float64()*180 - 90} }
	for range 300 {
		l := orb.LineString{pt()}
		for range rng.IntN(6) {
			switch rng.IntN(4) {
			case 0:
				l = append(l, l[len(l)-1])
			case 1:
				last := l[len(l)-1]
				l = append(l, orb.Point{last[0] - 180*math.Copysign(1, last[0]), -last[1]})
			default:
				l = append(l, pt())
			}
		}
		lines = append(lines, l)
	}
	for _, l := range lines {
		q := newLineQuery(l)
		// Points at and next to the vertices (a millimetre, a metre), and
		// far off on the bisector of two vertices, nearly as far from both.
		for i, v := range l {
			if len(l) > 64 {
				break // pointLineAngle decides for long lines
			}
			for _, off := range []float64{0, 1e-8, 1e-5} {
				p := orb.Point{v[0] + off, v[1] - off}
				if got, want := q.angle(toVec(p)), pointLineAngle(toVec(p), q.line); math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("line %v, point %v: got %v, want %v", l, p, got, want)
				}
			}
			if i > 0 {
				a := l[i-1]
				mid := orb.Point{(a[0] + v[0]) / 2, (a[1] + v[1]) / 2}
				for _, far := range []float64{0.01, 1, 20} {
					p := orb.Point{mid[0] - (v[1]-a[1])*far, math.Max(-89, math.Min(89, mid[1]+(v[0]-a[0])*far))}
					if got, want := q.angle(toVec(p)), pointLineAngle(toVec(p), q.line); math.Float64bits(got) != math.Float64bits(want) {
						t.Fatalf("line %v, point %v: got %v, want %v", l, p, got, want)
					}
				}
			}
		}
		for range 20 {
			p := pt()
			if rng.IntN(2) == 0 {
				p = orb.Point{l[0][0] + rng.NormFloat64()*0.1, math.Max(-90, math.Min(90, l[0][1]+rng.NormFloat64()*0.1))}
			}
			v := toVec(p)
			if got, want := q.angle(v), pointLineAngle(v, q.line); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("line %v, point %v: got %v, want %v", l, p, got, want)
			}
		}
	}
}

// TestKNearestIndexOnlyAtTheLimit sets MaxDistanceKm to the exact distance
// of a neighbour (and a hair less), where the angle must decide, and wants
// IndexOnly to keep the same points as the reference.
func TestKNearestIndexOnlyAtTheLimit(t *testing.T) {
	pts := embeddedSettlementPoints(t)
	ix, err := NewIndex(pts)
	if err != nil {
		t.Fatal(err)
	}
	ref := refNewIndex(pts)
	checked := 0
	for i := 0; i < len(pts); i += 97 {
		p := orb.Point{pts[i][0] + 0.02, pts[i][1] + 0.01}
		for _, nb := range refKNearest(ref, p, KNearestOptions{MaxResults: 12}) {
			for _, lim := range []float64{nb.DistanceKm, math.Nextafter(nb.DistanceKm, 0), nb.DistanceKm * (1 - 1e-10)} {
				o := KNearestOptions{MaxResults: 12, MaxDistanceKm: lim}
				want := refKNearest(ref, p, o)
				for j := range want {
					want[j].DistanceKm = 0
				}
				o.IndexOnly = true
				if got := ix.KNearest(p, o); !reflect.DeepEqual(got, want) {
					t.Fatalf("%v, limit %v km: got %v, want %v", p, lim, got, want)
				}
				checked++
			}
		}
	}
	if checked < 100 {
		t.Errorf("%d limits checked", checked)
	}
}
