// Command balkan-route runs the routerisk analysis on a corridor read from
// a folder, the way an analyst brings their own: by default the Balkan
// route of Afghan heroin in testdata/corridors/balkan (Natural Earth
// borders, GeoNames towns, curated crossings, weighted origins and
// markets, described by its corridor.json). It uses the library's neutral
// defaults (risk.DefaultSettings, route.DefaultSettings): every parameter
// is an assumption documented on its settings field, nothing is
// calibrated.
//
//	go run ./examples/balkan-route -out out-balkan/
//
// Then open out-balkan/balkan-route.qgs in QGIS. -corridor DIR reads
// another corridor folder.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/geo"
)

func main() {
	dir := flag.String("corridor", "testdata/corridors/balkan", "corridor folder holding corridor.json")
	out := flag.String("out", "out-balkan", "output folder (created if missing)")
	segmentKm := flag.Float64("segment-km", geo.DefaultSegmentKm, "length of the border segments in km (≥ 0.5)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "balkan-route: unexpected argument %q (flags go before arguments; this command takes none)\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dir, *out, *segmentKm, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "balkan-route:", err)
		os.Exit(1)
	}
}

func run(dir, out string, segmentKm float64, w io.Writer) error {
	c, err := geo.ReadCorridorDir(dir)
	if err != nil {
		return err
	}
	a, err := routerisk.Analyze(context.Background(), c, &routerisk.Options{SegmentKm: segmentKm})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %d countries, %d borders, %d segments, %d crossings, %d settlements, %d origins, %d destinations\n",
		c.Name, len(c.Countries), len(c.Borders), len(a.Segments), len(c.Crossings), len(c.Settlements), len(c.Origins), len(c.Destinations))
	if err := a.WriteFindings(w, 10); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, a.Summary())
	fmt.Fprintln(w)
	if err := a.WriteCountries(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := a.WritePassages(w, 8); err != nil {
		return err
	}

	m, err := a.WriteQGIS(out, "balkan-route", &export.Options{
		Title: c.Name + ": interdiction risk under the library's neutral defaults",
		Notes: []string{a.Summary(), "Borders: Natural Earth 1:10m (public domain). Towns: GeoNames (CC BY 4.0). Every model parameter is an assumption."},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nwritten to %s\nopen %s in QGIS\n", m.Dir, m.QGS)
	return nil
}
