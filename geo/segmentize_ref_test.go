package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// refCutLine is cutLine, which SegmentBorders used before cutPieces, kept
// as the reference of TestSegmentBordersMatchesRef.
func refCutLine(ls orb.LineString, step float64) []orb.LineString {
	total := LineLengthKm(ls)
	n := int(math.Round(total / step))
	if n < 1 {
		n = 1
	}
	piece := total / float64(n)
	pieces := make([]orb.LineString, 0, n)
	cur := orb.LineString{ls[0]}
	next := piece
	walked := 0.0
	for i := 1; i < len(ls); i++ {
		a, b := ls[i-1], ls[i]
		d := DistanceKm(a, b)
		for len(pieces) < n-1 && walked+d > next {
			p := slerp(a, b, (next-walked)/d)
			cur = append(cur, p)
			pieces = append(pieces, cur)
			cur = orb.LineString{p}
			next += piece
		}
		walked += d
		if b != cur[len(cur)-1] {
			cur = append(cur, b)
		}
	}
	if len(cur) == 1 {
		cur = append(cur, cur[0])
	}
	return append(pieces, cur)
}

// refSegmentBorders is SegmentBorders before cutPieces.
func refSegmentBorders(borders []Border, lengthKm float64) []Segment {
	var segs []Segment
	for _, b := range borders {
		for pi, part := range b.Geometry {
			if len(part) < 2 {
				continue
			}
			for si, piece := range refCutLine(part, lengthKm) {
				km := LineLengthKm(piece)
				segs = append(segs, Segment{
					ID: fmt.Sprintf("%s-%03d-%04d", b.Pair(), pi, si), A: b.A, B: b.B,
					Line: piece, Mid: PointAlongKm(piece, km/2), LengthKm: km,
				})
			}
		}
	}
	return segs
}

// sameSegment reports whether a and b have the same ID, pair, line,
// midpoint and length, comparing the bits of every number.
func sameSegment(a, b Segment) bool {
	same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	if a.ID != b.ID || a.A != b.A || a.B != b.B || len(a.Line) != len(b.Line) || !same(a.LengthKm, b.LengthKm) ||
		!same(a.Mid[0], b.Mid[0]) || !same(a.Mid[1], b.Mid[1]) {
		return false
	}
	for i, p := range a.Line {
		if !same(p[0], b.Line[i][0]) || !same(p[1], b.Line[i][1]) {
			return false
		}
	}
	return true
}

// TestSegmentBordersMatchesRef cuts the Northern Route's borders and
// random lines (with repeated points and long edges) at several lengths
// with SegmentBorders and refSegmentBorders and wants the same segments,
// bit for bit.
func TestSegmentBordersMatchesRef(t *testing.T) {
	borders := embeddedBorders(t)
	rng := rand.New(rand.NewPCG(11, 12))
	random := Border{A: "AAA", B: "BBB"}
	for range 100 {
		l := orb.LineString{{rng.Float64()*20 + 50, rng.Float64()*20 + 30}}
		for range 1 + rng.IntN(12) {
			last := l[len(l)-1]
			if rng.IntN(5) == 0 {
				l = append(l, last)
				continue
			}
			s := math.Pow(10, rng.Float64()*3-2)
			l = append(l, orb.Point{last[0] + rng.NormFloat64()*s, math.Max(-89, math.Min(89, last[1]+rng.NormFloat64()*s))})
		}
		random.Geometry = append(random.Geometry, l)
	}
	for _, c := range []struct {
		set []Border
		kms []float64
	}{{borders, []float64{1, 5, 37}}, {[]Border{random}, []float64{0.5, 1, 2.5, 5, 10, 37, 1000}}} {
		set := c.set
		for _, km := range c.kms {
			got, err := SegmentBorders(set, km)
			if err != nil {
				t.Fatal(err)
			}
			want := refSegmentBorders(set, km)
			if len(got) != len(want) {
				t.Fatalf("%v km: %d segments, want %d", km, len(got), len(want))
			}
			for i := range got {
				if !sameSegment(got[i], want[i]) {
					t.Fatalf("%v km, segment %d: got %v, want %v", km, i, got[i], want[i])
				}
			}
		}
	}
}

// BenchmarkSegmentBorders cuts the Northern Route's borders into 5 km
// segments with SegmentBorders and with refSegmentBorders.
func BenchmarkSegmentBorders(b *testing.B) {
	borders := embeddedBorders(b)
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := SegmentBorders(borders, 5); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ref", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			refSegmentBorders(borders, 5)
		}
	})
}
