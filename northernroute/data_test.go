package northernroute

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/routerisk/routerisk/geo"
)

// loadGeography loads the embedded corridor once for all tests.
var loadGeography = sync.OnceValues(geography)

func mustGeography(t testing.TB) *geo.Corridor {
	t.Helper()
	c, err := loadGeography()
	if err != nil {
		t.Fatalf("geography: %v", err)
	}
	return c
}

// TestBordersOfficialLength checks every corridor border pair against its
// official length from the CIA World Factbook (factbookBorderKm): Natural
// Earth 1:10m is generalised, so derived lengths may fall short, but never by
// more than 25%.
func TestBordersOfficialLength(t *testing.T) {
	c := mustGeography(t)
	got := map[string]float64{}
	for _, b := range c.Borders {
		if b.A >= b.B {
			t.Errorf("border %s: codes not sorted", b.Pair())
		}
		got[b.Pair()] += geo.MultiLineLengthKm(b.Geometry)
	}
	if len(got) != len(Pairs()) {
		t.Errorf("%d border pairs, want the %d of Pairs", len(got), len(Pairs()))
	}
	for _, pair := range Pairs() {
		km, ok := got[pair]
		if !ok {
			t.Errorf("border %s missing", pair)
			continue
		}
		official, ok := OfficialBorderKm(pair[4:], pair[:3]) // either order
		if !ok {
			t.Errorf("border %s: no official length", pair)
			continue
		}
		if ratio := km / official; ratio < 0.75 || ratio > 1.25 {
			t.Errorf("border %s: derived %.0f km, official %.0f km (ratio %.2f)", pair, km, official, ratio)
		}
	}
	if _, ok := OfficialBorderKm("AFG", "RUS"); ok {
		t.Error("OfficialBorderKm(AFG, RUS): known, but the two share no border")
	}
}

func TestCrossingsOnBorders(t *testing.T) {
	c := mustGeography(t)
	if len(c.Crossings) < 40 {
		t.Errorf("%d crossings, want at least 40", len(c.Crossings))
	}
	borders := map[string]geo.Border{}
	for _, b := range c.Borders {
		borders[b.Pair()] = b
	}
	countries := map[string]geo.Country{}
	for _, k := range c.Countries {
		countries[k.Code] = k
	}
	perPair := map[string]int{}
	for _, x := range c.Crossings {
		if x.Mode == geo.ModeFerry {
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
					d = math.Min(d, geo.PointLineDistanceKm(x.Point, orb.LineString(ring)))
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
			d = math.Min(d, geo.PointLineDistanceKm(x.Point, part))
		}
		if d > 2 {
			t.Errorf("crossing %s (%s) is %.2f km from the %s border", x.ID, x.Name, d, b.Pair())
		}
	}
	for _, pair := range Pairs() {
		if perPair[pair] == 0 {
			t.Errorf("border %s has no official crossing", pair)
		}
	}
}

// TestGeography checks the corridor's name, window and countries, that
// every call returns a fresh copy, and that the modelled outposts follow
// OutpostDensity: on each side of its borders, a country has some posts
// but no more than the density gives for their length (those near a
// crossing are left out).
func TestGeography(t *testing.T) {
	c := mustGeography(t)
	if c.Name != "Northern Route" || c.Window != Window {
		t.Errorf("name %q, window %v", c.Name, c.Window)
	}
	var codes []string
	for _, k := range c.Countries {
		codes = append(codes, k.Code)
	}
	if want := []string{"AFG", "AZE", "KAZ", "KGZ", "RUS", "TJK", "TKM", "UZB"}; !reflect.DeepEqual(codes, want) {
		t.Errorf("countries %v, want %v", codes, want)
	}
	for _, code := range codes {
		if _, ok := OutpostDensity[code]; !ok {
			t.Errorf("country %s has no OutpostDensity", code)
		}
	}
	again, err := geography()
	if err != nil {
		t.Fatal(err)
	}
	again.Countries[0].Code = "XXX"
	if c.Countries[0].Code == "XXX" {
		t.Error("geography shares its countries between calls")
	}
	modelled := map[string]int{} // by country and pair
	for _, p := range c.Outposts {
		if p.Source == geo.OutpostModelled {
			modelled[p.Country]++
		}
	}
	for _, code := range codes {
		var km float64
		for _, b := range c.Borders {
			if b.A == code || b.B == code {
				km += geo.MultiLineLengthKm(b.Geometry)
			}
		}
		most := km*OutpostDensity[code]/100 + float64(len(c.Borders)) // one spare per border part
		if n := float64(modelled[code]); n > most || n == 0 {
			t.Errorf("%s: %v modelled posts on %.0f km of border at %v per 100 km", code, n, km, OutpostDensity[code])
		}
	}
}

// TestDeriveBorders finds the borders of the corridor from its country
// polygons alone and checks them against the borders made from the
// TopoJSON's shared arcs (data/borders.geojson): every pair, within 1% of
// its length, and no pair more.
func TestDeriveBorders(t *testing.T) {
	c := mustGeography(t)
	bs, err := geo.DeriveBorders(c.Countries, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{}
	for _, b := range c.Borders {
		want[b.Pair()] += geo.MultiLineLengthKm(b.Geometry)
	}
	got := map[string]float64{}
	for _, b := range bs {
		got[b.Pair()] += geo.MultiLineLengthKm(b.Geometry)
	}
	for _, pair := range Pairs() {
		w := want[pair]
		g, ok := got[pair]
		if !ok {
			t.Errorf("%s: not found from the polygons", pair)
			continue
		}
		if math.Abs(g-w) > 0.01*w {
			t.Errorf("%s: %.1f km from the polygons, %.1f km from the arcs: more than 1%% apart", pair, g, w)
		}
	}
	for pair := range got {
		if _, ok := want[pair]; !ok {
			t.Errorf("%s: found from the polygons but has no shared arcs", pair)
		}
	}
}

// TestDataRoundTrip reads each data file, writes it with geo.WriteLayer and
// reads it back to the same values.
func TestDataRoundTrip(t *testing.T) {
	c := mustGeography(t)
	dir := t.TempDir()
	open := func(path string) *bytes.Reader {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return bytes.NewReader(b)
	}
	layers := []struct {
		name  string
		write func(path string) error
		read  func(path string) (any, error)
		want  any
	}{
		{"countries.geojson", func(p string) error { return geo.WriteLayer(p, geo.CountriesLayer(c.Countries)) },
			func(p string) (any, error) { return geo.ReadCountries(open(p), p) }, c.Countries},
		{"borders.geojson", func(p string) error { return geo.WriteLayer(p, geo.BordersLayer(c.Borders)) },
			func(p string) (any, error) { return geo.ReadBorders(open(p), p) }, c.Borders},
		{"settlements.geojson", func(p string) error { return geo.WriteLayer(p, geo.SettlementsLayer(c.Settlements)) },
			func(p string) (any, error) { return geo.ReadSettlements(open(p), p) }, c.Settlements},
		{"crossings.geojson", func(p string) error { return geo.WriteLayer(p, geo.CrossingsLayer(c.Crossings)) },
			func(p string) (any, error) { return geo.ReadCrossings(open(p), p) }, c.Crossings},
	}
	for _, l := range layers {
		if err := l.write(filepath.Join(dir, l.name)); err != nil {
			t.Fatal(err)
		}
		back, err := l.read(filepath.Join(dir, l.name))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, l.want) {
			t.Errorf("%s: round trip changed the layer", l.name)
		}
	}
}

func BenchmarkGeography(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := geography(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGeographyValid runs geo's Validate on the embedded geography: no
// errors but the missing origins and destinations (Corridor adds them);
// warnings only for towns a few km off the generalised polygons or in a
// hole of one (Baikonur, leased to Russia, is a hole of Kazakhstan).
func TestGeographyValid(t *testing.T) {
	c := mustGeography(t)
	warnings := 0
	for _, f := range c.Validate() {
		switch {
		case f.Severity == geo.Warning:
			warnings++
		case (f.Layer == "origins" || f.Layer == "destinations") && f.ID == "":
		default:
			t.Errorf("%v", f)
		}
	}
	if warnings > 50 {
		t.Errorf("%d warnings, want a few dozen at most", warnings)
	}
}
