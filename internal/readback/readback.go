// Package readback checks, in tests, that an export's corridor layers read
// back through geo's readers unchanged.
package readback

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/routerisk/routerisk/geo"
)

// Corridor reads the corridor layers of an export folder back through
// geo's readers (countries, borders, settlements, crossings, outposts, and
// origins, destinations and roads when c has them) and reports each that
// differs from c or fails to read. It lives apart from testfiles, which
// geo's own dependencies' tests import.
func Corridor(t testing.TB, dir string, c *geo.Corridor) {
	t.Helper()
	open := func(name string) *os.File { return Open(t, dir, name) }
	same := func(name string, got, want any, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s: read back: %v", name, err)
		} else if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: read back differs from what was written", name)
		}
	}
	countries, err := geo.ReadCountries(open("countries"), "countries")
	same("countries", countries, c.Countries, err)
	borders, err := geo.ReadBorders(open("borders"), "borders")
	same("borders", borders, c.Borders, err)
	settlements, err := geo.ReadSettlements(open("settlements"), "settlements")
	same("settlements", settlements, c.Settlements, err)
	crossings, err := geo.ReadCrossings(open("crossings"), "crossings")
	same("crossings", crossings, c.Crossings, err)
	outposts, err := geo.ReadOutposts(open("outposts"), "outposts")
	same("outposts", outposts, c.Outposts, err)
	if len(c.Origins) > 0 {
		origins, err := geo.ReadPlaces(open("origins"), "origins")
		same("origins", origins, c.Origins, err)
	}
	if len(c.Destinations) > 0 {
		destinations, err := geo.ReadPlaces(open("destinations"), "destinations")
		same("destinations", destinations, c.Destinations, err)
	}
	if len(c.Roads) > 0 {
		roads, err := geo.ReadRoads(open("roads"), "roads")
		same("roads", roads, c.Roads, err)
	}
}

// Open opens the layer name.geojson of the export folder dir, to be closed
// when the test ends; a layer that cannot be opened fails the test.
func Open(t testing.TB, dir, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name+".geojson"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
