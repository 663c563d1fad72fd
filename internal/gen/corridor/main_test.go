package main

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/geo/topojson"
)

// The fixture: three unit squares, ALB (numeric 008) at 20–21°E 40–41°N,
// MKD (807) east of it at 21–22°E, and Kosovo (no id, found by name) north
// of both at 20–22°E 41–42°N; GRC (300) lies far away and is not a
// corridor country.
const fixtureTopo = `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[
{"type":"Polygon","id":"008","properties":{"name":"Albania"},"arcs":[[0,1,2]]},
{"type":"Polygon","id":"807","properties":{"name":"Macedonia"},"arcs":[[4,3,-1]]},
{"type":"Polygon","properties":{"name":"Kosovo"},"arcs":[[-2,-4,-6]]},
{"type":"Polygon","id":"300","properties":{"name":"Greece"},"arcs":[[6]]}]}},
"arcs":[[[21,40],[21,41]],[[21,41],[20,41]],[[20,41],[20,40],[21,40]],[[22,41],[21,41]],
[[21,40],[22,40],[22,41]],[[20,41],[20,42],[22,42],[22,41]],[[30,30],[31,30],[31,31],[30,30]]]}`

// Alpha2 lies 1.7 km east of Alpha; Outside is north of the window; Delta
// is in a country outside the corridor; Stray is given as Albanian but lies
// in Macedonia's square.
const fixtureCities = `[
{"name":"Alpha","lat":"40.5","lng":"20.5","country":"AL","admin1":"","admin2":""},
{"name":"Alpha2","lat":"40.5","lng":"20.52","country":"AL","admin1":"","admin2":""},
{"name":"Beta","lat":"40.5","lng":"21.5","country":"MK","admin1":"","admin2":""},
{"name":"Gamma","lat":"41.5","lng":"21","country":"XK","admin1":"","admin2":""},
{"name":"Delta","lat":"30.2","lng":"30.5","country":"GR","admin1":"","admin2":""},
{"name":"Outside","lat":"45","lng":"20.5","country":"AL","admin1":"","admin2":""},
{"name":"Stray","lat":"40.7","lng":"21.5","country":"AL","admin1":"","admin2":""}]`

// fixture writes the two packages into a temporary folder and returns a
// config reading them, with the flags given as text.
func fixture(t *testing.T, window, clip, check, keep string, spacingKm float64) *config {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"countries-10m.json": fixtureTopo, "cities.json": fixtureCities} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := &config{atlasDir: dir, citiesDir: dir, outDir: filepath.Join(dir, "out"), maxOff: 0.25, spacingKm: spacingKm}
	if err := cfg.parse("ALB,MKD,XKX", window, clip, "XKX:XK:Kosovo", check, keep); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func readLayer[T any](t *testing.T, path string, read func(io.Reader, string) ([]T, error)) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, err := read(f, filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// haversineKm is the great-circle distance on orb's sphere, computed
// independently of geo.
func haversineKm(p, q orb.Point) float64 {
	rad := math.Pi / 180
	dLat, dLon := (q[1]-p[1])*rad, (q[0]-p[0])*rad
	h := math.Pow(math.Sin(dLat/2), 2) + math.Cos(p[1]*rad)*math.Cos(q[1]*rad)*math.Pow(math.Sin(dLon/2), 2)
	return 2 * orb.EarthRadius / 1000 * math.Asin(math.Sqrt(h))
}

func TestRun(t *testing.T) {
	cfg := fixture(t, "19,39,23,41.5", "XKX", "ALB-MKD=111,ALB-XKX=84", "AL:Alpha2", 5)
	cfg.fixture = filepath.Join(cfg.outDir, "fixture.topo.json")
	cfg.inside = true
	var log strings.Builder
	if err := run(cfg, &log, &log); err != nil {
		t.Fatalf("run: %v\nlog:\n%s", err, log.String())
	}

	countries := readLayer(t, filepath.Join(cfg.outDir, "countries.geojson"), geo.ReadCountries)
	var codes []string
	for _, c := range countries {
		codes = append(codes, c.Code)
	}
	if got, want := strings.Join(codes, ","), "ALB,MKD,XKX"; got != want {
		t.Errorf("countries %s, want %s", got, want)
	}
	// Kosovo is clipped at 41.5°N, the others are whole.
	for _, c := range countries {
		b := c.Geometry.Bound()
		want := map[string]orb.Bound{
			"ALB": {Min: orb.Point{20, 40}, Max: orb.Point{21, 41}},
			"MKD": {Min: orb.Point{21, 40}, Max: orb.Point{22, 41}},
			"XKX": {Min: orb.Point{20, 41}, Max: orb.Point{22, 41.5}},
		}[c.Code]
		if b != want {
			t.Errorf("%s bound %v, want %v", c.Code, b, want)
		}
	}

	borders := readLayer(t, filepath.Join(cfg.outDir, "borders.geojson"), geo.ReadBorders)
	wantKm := map[string]float64{
		"ALB-MKD": haversineKm(orb.Point{21, 40}, orb.Point{21, 41}),
		"ALB-XKX": haversineKm(orb.Point{20, 41}, orb.Point{21, 41}),
		"MKD-XKX": haversineKm(orb.Point{21, 41}, orb.Point{22, 41}),
	}
	if len(borders) != len(wantKm) {
		t.Errorf("%d borders, want %d", len(borders), len(wantKm))
	}
	for _, b := range borders {
		want, ok := wantKm[b.Pair()]
		if !ok {
			t.Errorf("unexpected border %s", b.Pair())
			continue
		}
		if got := geo.MultiLineLengthKm(b.Geometry); math.Abs(got-want) > 1e-6 {
			t.Errorf("%s: %.6f km, want %.6f", b.Pair(), got, want)
		}
	}

	// Alpha is 1.7 km from Alpha2, which -keep puts first; Delta's country
	// and Outside's position are out of the corridor; Stray is outside its
	// country's polygon.
	settlements := readLayer(t, filepath.Join(cfg.outDir, "settlements.geojson"), geo.ReadSettlements)
	var got []string
	for _, s := range settlements {
		got = append(got, s.Country+":"+s.Name)
	}
	if g, want := strings.Join(got, ","), "ALB:Alpha2,MKD:Beta,XKX:Gamma"; g != want {
		t.Errorf("settlements %s, want %s", g, want)
	}
	if id := settlements[len(settlements)-1].ID; id != "geonames:XK:Gamma:41.5:21" {
		t.Errorf("Gamma's ID %q", id)
	}

	f, err := os.Open(cfg.fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	topo, err := topojson.Decode(f, "fixture.topo.json")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(topo.Objects["countries"].Geometries); n != 3 {
		t.Errorf("fixture holds %d geometries, want the 3 corridor countries", n)
	}
}

// TestRunRepeatable checks that two runs write identical files.
func TestRunRepeatable(t *testing.T) {
	var first []string
	for range 2 {
		cfg := fixture(t, "19,39,23,43", "", "", "", 0)
		if err := run(cfg, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
		var files []string
		for _, name := range []string{"countries.geojson", "borders.geojson", "settlements.geojson"} {
			b, err := os.ReadFile(filepath.Join(cfg.outDir, name))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, string(b))
		}
		if first == nil {
			// Without -inside and -spacing every corridor place in the
			// window stays, Stray too.
			if n := strings.Count(files[2], `"type":"Feature"`); n != 5 {
				t.Errorf("%d settlements, want 5", n)
			}
			first = files
			continue
		}
		for i := range files {
			if files[i] != first[i] {
				t.Errorf("file %d differs between runs", i)
			}
		}
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name, window, clip, check, keep, want string
	}{
		{"border too long", "19,39,23,43", "", "ALB-MKD=200", "", "ALB-MKD: 111.3 km against 200 km official"},
		{"border outside the window", "19,39,20.9,43", "", "ALB-MKD=111", "", "ALB-MKD: no shared arcs"},
		{"keep names nothing", "19,39,23,43", "", "", "AL:Nowhere", "-keep AL:Nowhere: no such place"},
		{"country clipped away", "19,39,23,40.5", "XKX", "", "", "XKX has no area left in the window"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := fixture(t, tt.window, tt.clip, tt.check, tt.keep, 1)
			err := run(cfg, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run: %v, want an error containing %q", err, tt.want)
			}
			if _, err := os.Stat(filepath.Join(cfg.outDir, "countries.geojson")); !os.IsNotExist(err) {
				t.Errorf("countries.geojson written despite the error (stat: %v)", err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name                                         string
		countries, window, clip, assign, check, keep string
		want                                         string
	}{
		{"unknown code", "ALB,QQQ", "0,0,1,1", "", "", "", "", `"QQQ" is neither`},
		{"one country", "ALB", "0,0,1,1", "", "", "", "", "at least two"},
		{"twice", "ALB,ALB", "0,0,1,1", "", "", "", "", "ALB given twice"},
		{"window short", "ALB,MKD", "0,0,1", "", "", "", "", "want minLon,minLat,maxLon,maxLat"},
		{"window empty", "ALB,MKD", "1,0,1,1", "", "", "", "", "-180 <= minLon < maxLon"},
		{"window NaN", "ALB,MKD", "NaN,0,1,1", "", "", "", "", `"NaN" is not a number`},
		{"clip outside", "ALB,MKD", "0,0,1,1", "GRC", "", "", "", "GRC is not one of"},
		{"assign ISO", "ALB,MKD", "0,0,1,1", "", "ALB:AL:Albania", "", "", "ALB is an ISO code"},
		{"assign form", "ALB,MKD", "0,0,1,1", "", "XKX:Kosovo", "", "", "want CODE:ALPHA2:NAME"},
		{"check order", "ALB,MKD", "0,0,1,1", "", "", "MKD-ALB=10", "", "alphabetical order"},
		{"check length", "ALB,MKD", "0,0,1,1", "", "", "ALB-MKD=-1", "", "positive length"},
		{"keep form", "ALB,MKD", "0,0,1,1", "", "", "", "Tirana", "want ALPHA2:NAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &config{maxOff: 0.25}
			err := cfg.parse(tt.countries, tt.window, tt.clip, tt.assign, tt.check, tt.keep)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parse: %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestThinBruteForce checks thin against the rule applied pair by pair on
// a grid of places 0.05° apart at 45°N.
func TestThinBruteForce(t *testing.T) {
	var ss []geo.Settlement
	for i := range 12 {
		for j := range 12 {
			p := orb.Point{20 + 0.05*float64(i) + 0.001*float64(j%3), 45 + 0.05*float64(j)}
			ss = append(ss, geo.Settlement{ID: "geonames:AL:p:" + string(rune('a'+i)) + string(rune('a'+j)), Name: "p", Country: "ALB", Point: p})
		}
	}
	for _, km := range []float64{3, 7.5, 12, 30} {
		got, err := thin(ss, km, nil)
		if err != nil {
			t.Fatal(err)
		}
		var want []geo.Settlement
		for _, s := range ss {
			near := false
			for _, k := range want {
				if haversineKm(s.Point, k.Point) < km {
					near = true
					break
				}
			}
			if !near {
				want = append(want, s)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%g km: kept %d, want %d", km, len(got), len(want))
		}
		for i := range got {
			if got[i].ID != want[i].ID {
				t.Errorf("%g km: place %d is %s, want %s", km, i, got[i].ID, want[i].ID)
			}
		}
	}
}
