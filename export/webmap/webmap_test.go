package webmap

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export/layer"
)

// testLayers are two countries, three scored border lines, three crossings
// and a triangle outpost: 9 features, all drawn.
func testLayers() []layer.Layer {
	countries := geojson.NewFeatureCollection()
	for i, code := range []string{"KAZ", "UZB"} {
		x := 60 + 5*float64(i)
		f := geojson.NewFeature(orb.Polygon{{{x, 40}, {x + 5, 40}, {x + 5, 45}, {x, 45}, {x, 40}}})
		f.Properties = geojson.Properties{"code": code, "name": code + " land"}
		countries.Append(f)
	}
	segs := geojson.NewFeatureCollection()
	for i, p := range []float64{0.001, 0.03, 0.5} {
		f := geojson.NewFeature(orb.LineString{{65, 40 + float64(i)}, {65, 41 + float64(i)}})
		f.Properties = geojson.Properties{"id": "s" + strconv.Itoa(i), "p_interdict": p, "f_outpost": 0.5}
		segs.Append(f)
	}
	xs := geojson.NewFeatureCollection()
	for i, p := range []float64{0.002, 0.04, 0.2} {
		f := geojson.NewFeature(orb.Point{62 + 2*float64(i), 42.5})
		f.Properties = geojson.Properties{"name": "Crossing <" + strconv.Itoa(i) + ">", "p_interdict": p, "regime": "full"}
		xs.Append(f)
	}
	posts := geojson.NewFeatureCollection()
	posts.Append(geojson.NewFeature(orb.Point{66, 43}))
	return []layer.Layer{
		{Name: "countries", Title: "Countries", Features: countries, Style: layer.CountryStyle(countries)},
		{Name: "segments", Title: "Border segments", Features: segs, Style: layer.SegmentStyle(segs)},
		{Name: "crossings", Title: "Crossings", Features: xs, Style: layer.CrossingStyle(xs)},
		{Name: "outposts", Title: "Border posts", Features: posts, Style: layer.OutpostStyle()},
	}
}

func TestWriteContent(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, testLayers(), &Options{Title: "Test <map>", Notes: []string{"a note"}}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		"<title>Test &lt;map&gt;</title>",
		"BSD 2-Clause License",
		`"p_interdict":0.03`,
		`Crossing \u003c1\u003e`, // escaped inside the script
		"rgba(215,48,39,1)",      // the permeable class colour of InterdictionColors
		`"shape":"triangle"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"http://", "https://unpkg", "<script src=", "<link "} {
		if strings.Contains(strings.ReplaceAll(html, "http://www.w3.org/2000/svg", ""), bad) && !strings.Contains(leafletJS, bad) {
			t.Errorf("page refers to the network: %q", bad)
		}
	}
	if strings.Contains(html, "Crossing <1>") {
		t.Errorf("a feature's text reaches the page unescaped")
	}
}

// chromium returns the path of a headless Chromium, skipping the test when
// there is none, unless CI=true, where it fails.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found (apt-get install -y chromium)")
	}
	t.Skip("chromium not found; apt-get install -y chromium")
	return ""
}

// runChromium runs headless Chromium on the page with the extra arguments
// and returns its standard output and error.
func runChromium(t *testing.T, bin, page string, args ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"}
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), "file://"+page)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.String())
	}
	return out.String(), errb.String()
}

// TestChromium opens the page in headless Chromium from file://, with no
// server, and checks that every feature was drawn, that the SVG holds a
// path per polygon, line and circle marker, that no script error or console
// error was reported, and that the screenshot shows the layers' colours.
func TestChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "index.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(f, testLayers(), &Options{Title: "Test map", Notes: []string{"a note"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	dom, logs := runChromium(t, bin, page, "--dump-dom")
	if p := os.Getenv("WEBMAP_DOM"); p != "" {
		os.WriteFile(p, []byte(dom), 0o644)
	}
	if m := regexp.MustCompile(`data-errors="([^"]*)"`).FindStringSubmatch(dom); m != nil {
		t.Errorf("script errors: %s", m[1])
	}
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, "CONSOLE") && (strings.Contains(line, "Uncaught") || strings.Contains(line, "Error")) {
			t.Errorf("console: %s", line)
		}
	}
	m := regexp.MustCompile(`data-drawn="(\d+)"`).FindStringSubmatch(dom)
	if m == nil || m[1] != "9" {
		t.Fatalf("drawn: %v, want 9 features\n%s", m, logs)
	}
	// 2 polygons + 3 lines + 3 circle markers are SVG paths in the map
	// pane; the triangle is an icon with its own path; the legend adds
	// swatches outside the pane.
	pane := dom[strings.Index(dom, `class="leaflet-pane leaflet-overlay-pane"`):]
	pane = pane[:strings.Index(pane, `class="leaflet-pane leaflet-shadow-pane"`)]
	if n := strings.Count(pane, "<path"); n != 8 {
		t.Errorf("%d SVG paths in the overlay pane, want 8", n)
	}
	for _, want := range []string{"Border segments: p_interdict", "0 – 0.005 permeable", "a note", "leaflet-tooltip"} {
		if !strings.Contains(dom, want) {
			t.Errorf("page lacks %q after drawing", want)
		}
	}

	shot := filepath.Join(dir, "shot.png")
	runChromium(t, bin, page, "--screenshot="+shot, "--window-size=1000,700", "--hide-scrollbars")
	img := readPNG(t, shot)
	// The permeable red of the first segment class, and the fill of
	// the first country, are on the screen.
	for _, c := range []struct {
		name    string
		r, g, b uint8
	}{{"permeable red", 0xd7, 0x30, 0x27}, {"country fill", 0xe9, 0xdf, 0xc9}} {
		if n := countColor(img, c.r, c.g, c.b); n < 20 {
			t.Errorf("%s: %d pixels, want the layer drawn", c.name, n)
		}
	}
	if os.Getenv("WEBMAP_SHOT") != "" {
		b, _ := os.ReadFile(shot)
		os.WriteFile(os.Getenv("WEBMAP_SHOT"), b, 0o644)
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// countColor returns the pixels of img within 6 of the colour in each
// channel.
func countColor(img image.Image, r, g, b uint8) int {
	n := 0
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d > -7 && d < 7 }
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr, r) && near(pg, g) && near(pb, b) {
				n++
			}
		}
	}
	return n
}

// TestWebMapOmitted leaves a layer marked WebMapOmitted out of the page
// and keeps the others.
func TestWebMapOmitted(t *testing.T) {
	ls := testLayers()
	ls[2].Style.WebMapOmitted = true // crossings
	var b bytes.Buffer
	if err := Write(&b, ls, nil); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if strings.Contains(html, `"name":"crossings"`) || strings.Contains(html, "Crossing \\u003c1\\u003e") {
		t.Error("the omitted crossings layer is in the page")
	}
	for _, name := range []string{"countries", "segments", "outposts"} {
		if !strings.Contains(html, `"name":"`+name+`"`) {
			t.Errorf("layer %s missing from the page", name)
		}
	}
}

// TestEncodeLayers checks the page's data, written by geo's streaming
// encoder, against encoding/json's encoding of the same layers with their
// features as FeatureCollections (as Write wrote them before), after
// parsing both; and that a NaN property is an error naming its feature.
func TestEncodeLayers(t *testing.T) {
	ls := testLayers()
	odd := geojson.NewFeature(orb.Point{69.12345678, 37.5})
	odd.Properties = geojson.Properties{"name": "Нижний Пяндж \"bridge\" <&>\u2028", "p_interdict": 1e-7, "n": -0.0}
	ls[2].Features.Append(odd)
	prepared, err := layer.Prepare(ls)
	if err != nil {
		t.Fatal(err)
	}
	var web []webLayer
	type withFeatures struct {
		webLayer
		Features *geojson.FeatureCollection `json:"features"`
	}
	var old []withFeatures
	for _, l := range layer.DrawOrder(prepared) {
		wl := build(l)
		web = append(web, wl)
		fc := geojson.NewFeatureCollection()
		fc.Features = wl.Features
		old = append(old, withFeatures{wl, fc})
	}
	var page bytes.Buffer
	if err := encodeLayers(&page, web); err != nil {
		t.Fatal(err)
	}
	got := page.Bytes()
	want, err := json.Marshal(old)
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("the data is not JSON: %v", err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("data differs from encoding/json's:\ngot  %s\nwant %s", got, want)
	}
	for _, raw := range []string{"<", ">", "&", "\u2028"} {
		if bytes.Contains(got, []byte(raw)) {
			t.Errorf("data holds %q unescaped", raw)
		}
	}

	bad := geojson.NewFeature(orb.Point{1, 2})
	bad.Properties = geojson.Properties{"p_interdict": 0.5, "x": math.NaN()}
	web[0].Features = append(web[0].Features, bad)
	if err := encodeLayers(io.Discard, web); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("feature %d", len(web[0].Features)-1)) {
		t.Errorf("got error %v, want one naming feature %d", err, len(web[0].Features)-1)
	}
}

// TestWriteMarkerInTitle gives the data's marker as title and note: the
// data still goes where LAYERS is set, and the title and note keep it.
func TestWriteMarkerInTitle(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, testLayers(), &Options{Title: dataMarker, Notes: []string{dataMarker}}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		`var LAYERS = [{"name":`,
		"<title>" + dataMarker + "</title>",
		`var TITLE = "` + dataMarker + `";`,
		`var NOTES = ["` + dataMarker + `"];`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(html, dataMarker); n != 3 {
		t.Errorf("the marker is %d times in the page, want 3 (title, TITLE, NOTES)", n)
	}
}
