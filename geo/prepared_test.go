package geo

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

// embeddedCountries reads the Northern Route's countries.
func embeddedCountries(t testing.TB) []Country {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(gjEmbeddedDir, "countries.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := ReadCountries(bytes.NewReader(b), "countries.geojson")
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// embeddedBorders reads the Northern Route's borders.
func embeddedBorders(t testing.TB) []Border {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(gjEmbeddedDir, "borders.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	bs, err := ReadBorders(bytes.NewReader(b), "borders.geojson")
	if err != nil {
		t.Fatal(err)
	}
	return bs
}

// embeddedSegments cuts the Northern Route's borders into segments of
// about km.
func embeddedSegments(t testing.TB, km float64) []Segment {
	t.Helper()
	segs, err := SegmentBorders(embeddedBorders(t), km)
	if err != nil {
		t.Fatal(err)
	}
	return segs
}

// probes returns points to test against ring r: random points in and
// around its bound, and from every step-th edge its first vertex, its
// midpoint and points level with that vertex (where the ray runs through
// an edge's end).
func probes(r orb.Ring, rng *rand.Rand, random, step int) []orb.Point {
	b := r.Bound().Pad(0.5)
	var ps []orb.Point
	for range random {
		ps = append(ps, orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])})
	}
	for i := 1; i < len(r); i += step {
		a, c := r[i-1], r[i]
		ps = append(ps, a, orb.Point{(a[0] + c[0]) / 2, (a[1] + c[1]) / 2}, orb.Point{a[0] - 0.01, a[1]}, orb.Point{a[0] + 0.01, a[1]})
	}
	return ps
}

// TestBandedRingMatchesRingContains checks bandedRing.contains against
// ringContains on every large ring of the Northern Route's countries and
// on random star-shaped rings.
func TestBandedRingMatchesRingContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var rings []orb.Ring
	for _, c := range embeddedCountries(t) {
		for _, poly := range c.Geometry {
			rings = append(rings, poly...)
		}
	}
	for range 50 {
		n := 40 + rng.IntN(400)
		ring := make(orb.Ring, 0, n+1)
		for k := range n {
			a := 2 * math.Pi * float64(k) / float64(n)
			rad := 1 + 4*rng.Float64()
			ring = append(ring, orb.Point{60 + rad*math.Cos(a), 40 + math.Round(rad*math.Sin(a)*4)/4})
		}
		rings = append(rings, append(ring, ring[0]))
	}
	banded, inside := 0, 0
	for i, r := range rings {
		br := newBandedRing(r)
		if br == nil {
			continue
		}
		banded++
		for _, p := range probes(r, rng, 2000, 7) {
			got, want := br.contains(p), ringContains(r, p)
			if got != want {
				t.Fatalf("ring %d (%d points), %v: got %v, want %v", i, len(r), p, got, want)
			}
			if got {
				inside++
			}
		}
	}
	if banded < 50 || inside == 0 {
		t.Errorf("%d rings banded, %d probes inside: the test tested little", banded, inside)
	}
}

// TestCapLineMatchesPointLineAngle checks capLine.minAngle against
// pointLineAngle on the rings of the Northern Route's countries, from
// random points near and far and from their own vertices.
func TestCapLineMatchesPointLineAngle(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var lbs []float64
	for i, c := range embeddedCountries(t) {
		for _, poly := range c.Geometry {
			for _, r := range poly {
				l := newCapLine(r)
				vs := lineVecs(orb.LineString(r))
				for _, p := range probes(r, rng, 100, 97) {
					v := toVec(p)
					if got, want := l.minAngle(v, math.Inf(1), &lbs), pointLineAngle(v, vs); got != want {
						t.Fatalf("country %d, %v: got %v, want %v", i, p, got, want)
					}
				}
			}
		}
	}
	one := newCapLine([]orb.Point{{69, 37}})
	if got, want := one.minAngle(toVec(orb.Point{70, 37}), math.Inf(1), &lbs), angle(toVec(orb.Point{70, 37}), toVec(orb.Point{69, 37})); got != want {
		t.Errorf("one point: got %v, want %v", got, want)
	}
	if got := (&capLine{}).minAngle(toVec(orb.Point{70, 37}), math.Inf(1), &lbs); !math.IsInf(got, 1) {
		t.Errorf("no points: got %v, want +Inf", got)
	}
}
