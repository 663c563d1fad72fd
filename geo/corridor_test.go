package geo

import (
	"bytes"
	"math"
	"testing"
)

// fixtureCorridor returns the small AFG–TJK corridor of testdata/geojson:
// countries, borders, settlements, crossings and outposts.
func fixtureCorridor(t testing.TB) *Corridor {
	t.Helper()
	read := func(layer string) *bytes.Reader {
		return bytes.NewReader(gjReadFixture(t, "afg-tjk."+layer+".geojson"))
	}
	c := &Corridor{Name: "AFG-TJK fixture"}
	var err error
	if c.Countries, err = ReadCountries(read("countries"), "countries"); err != nil {
		t.Fatal(err)
	}
	if c.Borders, err = ReadBorders(read("borders"), "borders"); err != nil {
		t.Fatal(err)
	}
	if c.Settlements, err = ReadSettlements(read("settlements"), "settlements"); err != nil {
		t.Fatal(err)
	}
	if c.Crossings, err = ReadCrossings(read("crossings"), "crossings"); err != nil {
		t.Fatal(err)
	}
	if c.Outposts, err = ReadOutposts(read("outposts"), "outposts"); err != nil {
		t.Fatal(err)
	}
	c.Window = c.Countries[0].Geometry.Bound().Union(c.Countries[1].Geometry.Bound())
	return c
}

func TestSegmentsCoverBorders(t *testing.T) {
	c := fixtureCorridor(t)
	for _, km := range []float64{5, 1, 0.5} {
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
	c := fixtureCorridor(t)
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
