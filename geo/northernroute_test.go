package geo

import (
	"math"
	"sync"
	"testing"

	"github.com/paulmach/orb"
)

var (
	northernOnce sync.Once
	northern     *Corridor
	northernErr  error
)

// loadNorthern loads the embedded corridor once for all tests.
func loadNorthern(t testing.TB) *Corridor {
	t.Helper()
	northernOnce.Do(func() { northern, northernErr = NorthernRoute() })
	if northernErr != nil {
		t.Fatalf("NorthernRoute: %v", northernErr)
	}
	return northern
}

// TestNorthernRouteBorders checks every corridor border pair against its
// official length from the CIA World Factbook (see official.go): Natural
// Earth 1:10m is generalised, so derived lengths may fall short, but never by
// more than 25%.
func TestNorthernRouteBorders(t *testing.T) {
	c := loadNorthern(t)
	got := map[string]float64{}
	for _, b := range c.Borders {
		if b.A >= b.B {
			t.Errorf("border %s: codes not sorted", b.Pair())
		}
		got[b.Pair()] += MultiLineLengthKm(b.Geometry)
	}
	for _, pair := range NorthernRoutePairs() {
		km, ok := got[pair]
		if !ok {
			t.Errorf("border %s missing", pair)
			continue
		}
		official, _ := OfficialBorderKm(pair[:3], pair[4:])
		if ratio := km / official; ratio < 0.75 || ratio > 1.25 {
			t.Errorf("border %s: derived %.0f km, official %.0f km (ratio %.2f)", pair, km, official, ratio)
		}
	}
}

func TestNorthernRouteCrossingsOnBorders(t *testing.T) {
	c := loadNorthern(t)
	if len(c.Crossings) < 40 {
		t.Errorf("%d crossings, want at least 40", len(c.Crossings))
	}
	borders := map[string]Border{}
	for _, b := range c.Borders {
		borders[b.Pair()] = b
	}
	countries := map[string]Country{}
	for _, k := range c.Countries {
		countries[k.Code] = k
	}
	perPair := map[string]int{}
	for _, x := range c.Crossings {
		if x.Mode == ModeFerry {
			// A port lies on its country's coast: within 5 km of the
			// polygon's boundary.
			k, ok := countries[x.A]
			if !ok {
				t.Errorf("port %s: country %s not in the corridor", x.ID, x.A)
				continue
			}
			d := math.Inf(1)
			for _, poly := range k.Geometry {
				for _, ring := range poly {
					d = math.Min(d, PointLineDistanceKm(x.Point, orb.LineString(ring)))
				}
			}
			if d > 5 {
				t.Errorf("port %s is %.1f km from the %s coast", x.ID, d, x.A)
			}
			continue
		}
		b, ok := borders[x.A+"-"+x.B]
		if !ok {
			t.Errorf("crossing %s: no border %s-%s", x.ID, x.A, x.B)
			continue
		}
		perPair[b.Pair()]++
		d := math.Inf(1)
		for _, part := range b.Geometry {
			d = math.Min(d, PointLineDistanceKm(x.Point, part))
		}
		if d > 2 {
			t.Errorf("crossing %s (%s) is %.2f km from the %s border", x.ID, x.Name, d, b.Pair())
		}
	}
	for _, pair := range NorthernRoutePairs() {
		if perPair[pair] == 0 {
			t.Errorf("border %s has no official crossing", pair)
		}
	}
}

func TestNorthernRouteSegments(t *testing.T) {
	c := loadNorthern(t)
	for _, km := range []float64{5, 1} {
		segs, err := c.Segments(km)
		if err != nil {
			t.Fatal(err)
		}
		again, err := c.Segments(km)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != len(segs) {
			t.Fatalf("%v km: %d segments, then %d", km, len(segs), len(again))
		}
		sums := map[string]float64{}
		for i, s := range segs {
			if again[i].ID != s.ID || again[i].Remote != s.Remote {
				t.Fatalf("%v km: segment %d differs between runs: %s vs %s", km, i, s.ID, again[i].ID)
			}
			sums[s.A+"-"+s.B] += s.LengthKm
		}
		for _, b := range c.Borders {
			want := MultiLineLengthKm(b.Geometry)
			if got := sums[b.Pair()]; math.Abs(got-want) > 0.001*want {
				t.Errorf("%v km: %s segments sum to %.3f km, border is %.3f km", km, b.Pair(), got, want)
			}
		}
	}
}

// bruteSites holds every site as a unit vector, by kind and country: the
// brute-force oracle for the spatial index scans all of them.
type bruteSites struct {
	settlements, outposts, crossings map[string][]vec3
}

func newBruteSites(c *Corridor) *bruteSites {
	b := &bruteSites{map[string][]vec3{}, map[string][]vec3{}, map[string][]vec3{}}
	for _, p := range c.Settlements {
		b.settlements[p.Country] = append(b.settlements[p.Country], toVec(p.Point))
	}
	for _, p := range c.Outposts {
		b.outposts[p.Country] = append(b.outposts[p.Country], toVec(p.Point))
	}
	for _, x := range c.Crossings {
		for _, code := range []string{x.A, x.B} {
			b.crossings[code] = append(b.crossings[code], toVec(x.Point))
		}
	}
	return b
}

// remoteness measures a segment's remoteness by scanning every site.
func (b *bruteSites) remoteness(s Segment) Remoteness {
	line := lineVecs(s.Line)
	scan := func(sites []vec3) float64 {
		best := math.Inf(1)
		for _, v := range sites {
			best = math.Min(best, pointLineAngle(v, line)*earthRadiusKm)
		}
		return best
	}
	var r Remoteness
	for side, code := range [2]string{s.A, s.B} {
		r.SettlementKm[side] = scan(b.settlements[code])
		r.OutpostKm[side] = scan(b.outposts[code])
		r.CrossingKm[side] = scan(b.crossings[code])
	}
	return r
}

func TestRemotenessMatchesBruteForce(t *testing.T) {
	c := loadNorthern(t)
	segs, err := c.Segments(DefaultSegmentKm)
	if err != nil {
		t.Fatal(err)
	}
	brute := newBruteSites(c)
	for _, s := range segs {
		if want := brute.remoteness(s); s.Remote != want {
			t.Fatalf("segment %s: index gives %+v, brute force %+v", s.ID, s.Remote, want)
		}
	}
}
