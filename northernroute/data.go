package northernroute

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"sync"

	"github.com/paulmach/orb"
	"github.com/routerisk/routerisk/geo"
)

// The embedded Northern Route data; data/README.md names the sources and
// internal/gen/northernroute rebuilds the generated files.
//
//go:embed data/countries.geojson data/borders.geojson data/settlements.geojson data/crossings.geojson
var dataFS embed.FS

// Window is the area of the corridor: Russia and the settlements are
// clipped to it. It reaches west to Moscow and east to Novosibirsk, the
// Russian markets of the route.
var Window = orb.Bound{Min: orb.Point{30, 35}, Max: orb.Point{90, 60}}

// OutpostDensity is the assumed density of border-guard posts, in posts per
// 100 km of border, for the countries of the Northern Route. These are
// assumptions, not published figures: Uzbekistan's fenced Afghan and Tajik
// borders are the most densely guarded, Afghanistan's side the least, and
// Kazakhstan's southern border was thinly guarded before its 2012–2016
// programme.
var OutpostDensity = map[string]float64{
	"AFG": 0.5,
	"TJK": 3,
	"UZB": 5,
	"TKM": 3,
	"KGZ": 2,
	"KAZ": 1.5,
	"RUS": 2,
	"AZE": 3,
}

// geography returns the embedded Afghanistan – Central Asia – Russia
// corridor: Natural Earth 1:10m countries and borders, GeoNames settlements,
// the curated official crossings, and outposts modelled with OutpostDensity.
// Each call returns a fresh copy the caller may change.
func geography() (*geo.Corridor, error) {
	return load(false)
}

// load returns geography(), and with transport also the roads, railways,
// origins and destinations that Corridor adds. The settlements, the
// largest file, and what is built on them are made in one goroutine; the
// other layers and the outposts, which need only borders and crossings,
// in another. The first error in the order of the layers is returned.
func load(transport bool) (*geo.Corridor, error) {
	c := &geo.Corridor{Name: "Northern Route", Window: Window}
	var errs [8]error
	var wg sync.WaitGroup
	wg.Go(func() {
		if c.Settlements, errs[2] = readEmbedded("settlements.geojson", geo.ReadSettlements); errs[2] != nil || !transport {
			return
		}
		errs[5] = addTransport(c)
	})
	c.Countries, errs[0] = readEmbedded("countries.geojson", geo.ReadCountries)
	c.Borders, errs[1] = readEmbedded("borders.geojson", geo.ReadBorders)
	c.Crossings, errs[3] = readEmbedded("crossings.geojson", geo.ReadCrossings)
	if errs[1] == nil && errs[3] == nil {
		density := make(map[string]float64, len(OutpostDensity))
		for code, d := range OutpostDensity {
			density[code] = d
		}
		if c.Outposts, errs[4] = geo.ModelOutposts(c, &geo.OutpostSettings{PerHundredKm: density}); errs[4] != nil {
			errs[4] = fmt.Errorf("northernroute: outposts: %w", errs[4])
		}
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// addTransport sets c's roads, railways, origins and destinations, found
// among c's settlements.
func addTransport(c *geo.Corridor) error {
	m := newTownMatcher(c.Settlements, matchKm)
	var err error
	if c.Roads, c.Railways, err = transport(m); err != nil {
		return fmt.Errorf("northernroute: roads: %w", err)
	}
	if c.Origins, err = origins(m); err != nil {
		return fmt.Errorf("northernroute: origins: %w", err)
	}
	if c.Destinations, err = destinations(m); err != nil {
		return fmt.Errorf("northernroute: destinations: %w", err)
	}
	return nil
}

// readEmbedded returns the layer read by read from the embedded file
// data/name.
func readEmbedded[T any](name string, read func(io.Reader, string) ([]T, error)) ([]T, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("northernroute: embedded file %s: %w", name, err)
	}
	return read(bytes.NewReader(b), "embedded northernroute/data/"+name)
}

// factbookBorderKm holds the official land-boundary lengths of the Northern
// Route's border pairs, in km, from the CIA World Factbook ("Land
// boundaries", editions 2020–2024). Natural Earth 1:10m lines are
// generalised, so derived lengths run 5–20% below these.
var factbookBorderKm = map[string]float64{
	"AFG-TJK": 1357,
	"AFG-UZB": 144,
	"AFG-TKM": 804,
	"TJK-UZB": 1312,
	"KGZ-TJK": 984,
	"KGZ-UZB": 1314,
	"KAZ-KGZ": 1212,
	"KAZ-UZB": 2330,
	"TKM-UZB": 1793,
	"KAZ-TKM": 413,
	"KAZ-RUS": 7644,
	"AZE-RUS": 338,
}

// OfficialBorderKm returns the official length in km of the border between
// two countries of the corridor (in either order) from the CIA World
// Factbook, and whether it is known.
func OfficialBorderKm(a, b string) (float64, bool) {
	if a > b {
		a, b = b, a
	}
	km, ok := factbookBorderKm[a+"-"+b]
	return km, ok
}

// Pairs returns the border pairs of the Northern Route analysis, each "A-B"
// with A < B, in a fixed order: Afghanistan's borders first, then those
// between the Central Asian states, then Russia's.
func Pairs() []string {
	return []string{
		"AFG-TJK", "AFG-UZB", "AFG-TKM",
		"TJK-UZB", "KGZ-TJK", "KGZ-UZB", "KAZ-KGZ", "KAZ-UZB", "TKM-UZB", "KAZ-TKM",
		"KAZ-RUS", "AZE-RUS",
	}
}
