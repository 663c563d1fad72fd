package geo

import (
	"bytes"
	"embed"
	"fmt"

	"github.com/paulmach/orb"
)

// The embedded Northern Route data; geo/data/README.md names the sources
// and internal/gen/northernroute rebuilds the generated files.
//
//go:embed data/countries.geojson data/borders.geojson data/settlements.geojson data/crossings.geojson
var northernRouteFS embed.FS

// NorthernRouteWindow is the area of the embedded corridor: Russia and the
// settlements are clipped to it. It reaches west to Moscow and east to
// Novosibirsk, the Russian markets of the route.
var NorthernRouteWindow = orb.Bound{Min: orb.Point{30, 35}, Max: orb.Point{90, 60}}

// NorthernRoute returns the embedded Afghanistan – Central Asia – Russia
// corridor: Natural Earth 1:10m countries and borders, GeoNames settlements,
// the curated official crossings, and outposts modelled with the default
// OutpostSettings. Each call returns a fresh copy the caller may change.
func NorthernRoute() (*Corridor, error) {
	c := &Corridor{Name: "Northern Route", Window: NorthernRouteWindow}
	var err error
	if c.Countries, err = ReadCountries(embedded("data/countries.geojson")); err != nil {
		return nil, err
	}
	if c.Borders, err = ReadBorders(embedded("data/borders.geojson")); err != nil {
		return nil, err
	}
	if c.Settlements, err = ReadSettlements(embedded("data/settlements.geojson")); err != nil {
		return nil, err
	}
	if c.Crossings, err = ReadCrossings(embedded("data/crossings.geojson")); err != nil {
		return nil, err
	}
	if c.Outposts, err = ModelOutposts(c, nil); err != nil {
		return nil, err
	}
	return c, nil
}

func embedded(name string) (*bytes.Reader, string) {
	b, err := northernRouteFS.ReadFile(name)
	if err != nil {
		// The names are fixed above and checked by go:embed at build time.
		panic(fmt.Sprintf("geo: embedded file %s missing: %v", name, err))
	}
	return bytes.NewReader(b), "embedded " + name
}
