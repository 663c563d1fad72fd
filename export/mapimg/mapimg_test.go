package mapimg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export/internal/conic"
	"github.com/routerisk/routerisk/export/layer"
)

var white = color.NRGBA{255, 255, 255, 255}

func gray(c *canvas, x, y int) uint8 { return c.img.Pix[y*c.img.Stride+x*4] }

func TestFillCoverage(t *testing.T) {
	c := newCanvas(12, 12, white)
	// A black square from x 2 to 7.5, rows 2 to 8: the pixels of column 7
	// are half covered.
	c.fill([][]pt{{{2, 2}, {7.5, 2}, {7.5, 8}, {2, 8}}}, color.NRGBA{0, 0, 0, 255}, true)
	for _, p := range []struct {
		x, y int
		want uint8
	}{{0, 0, 255}, {4, 4, 0}, {2, 2, 0}, {7, 4, 128}, {8, 4, 255}, {4, 8, 255}, {4, 1, 255}} {
		if got := gray(c, p.x, p.y); int(got)-int(p.want) > 2 || int(p.want)-int(got) > 2 {
			t.Errorf("pixel (%d,%d): %d, want %d", p.x, p.y, got, p.want)
		}
	}
}

func TestFillRules(t *testing.T) {
	outer := []pt{{1, 1}, {11, 1}, {11, 11}, {1, 11}}
	inner := []pt{{4, 4}, {8, 4}, {8, 8}, {4, 8}}
	black := color.NRGBA{0, 0, 0, 255}
	eo := newCanvas(12, 12, white)
	eo.fill([][]pt{outer, inner}, black, true)
	if gray(eo, 6, 6) != 255 || gray(eo, 2, 6) != 0 {
		t.Errorf("even-odd: hole %d, ring %d; want 255 and 0", gray(eo, 6, 6), gray(eo, 2, 6))
	}
	nz := newCanvas(12, 12, white)
	nz.fill([][]pt{outer, inner}, black, false) // both wound the same way
	if gray(nz, 6, 6) != 0 {
		t.Errorf("non-zero: centre %d, want 0", gray(nz, 6, 6))
	}
}

// TestStrokeUnion checks that a half-transparent line is as dark where it
// overlaps itself (at a join) as elsewhere: the pieces unite, not stack.
func TestStrokeUnion(t *testing.T) {
	c := newCanvas(40, 40, white)
	line := []pt{{5, 20}, {35, 20}, {20, 20.5}, {20, 35}}
	c.fill(strokeRings(line, 6, false), color.NRGBA{0, 0, 0, 128}, false)
	single, overlap := gray(c, 10, 20), gray(c, 25, 20)
	if single < 120 || single > 135 || overlap != single {
		t.Errorf("single %d, overlap %d; want both about 127", single, overlap)
	}
}

func TestFont(t *testing.T) {
	for r := rune(32); r < 127; r++ {
		src, ok := glyphSrc[r]
		if !ok {
			t.Errorf("no glyph for %q", r)
			continue
		}
		rows := strings.Split(src, "|")
		if len(rows) < glyphH || len(rows) > glyphH+glyphDesc {
			t.Errorf("%q: %d rows", r, len(rows))
		}
		for _, row := range rows {
			if len(row) != glyphW || strings.Trim(row, "#.") != "" {
				t.Errorf("%q: bad row %q", r, row)
			}
		}
	}
	if got := ascii("Termez – Hairatan, Āq Kupruk, Şatlyk, 東"); got != "Termez - Hairatan, Aq Kupruk, Satlyk, ?" {
		t.Errorf("ascii: %q", got)
	}
	if got := textWidth("ab", 2); got != 22 {
		t.Errorf("width of two letters at scale 2: %d, want 22", got)
	}
}

func testLayers() []layer.Layer {
	countries := geojson.NewFeatureCollection()
	f := geojson.NewFeature(orb.Polygon{{{60, 40}, {70, 40}, {70, 50}, {60, 50}, {60, 40}}})
	f.Properties = geojson.Properties{"code": "KAZ", "name": "Kazakhstan"}
	countries.Append(f)
	xs := geojson.NewFeatureCollection()
	x := geojson.NewFeature(orb.Point{63, 43})
	x.Properties = geojson.Properties{"name": "Middle post (a crossing)", "p_interdict": 0.001}
	xs.Append(x)
	return []layer.Layer{
		{Name: "countries", Title: "Countries", Features: countries, Style: layer.CountryStyle(countries)},
		{Name: "crossings", Title: "Crossings", Features: xs, Style: layer.CrossingStyle(xs)},
	}
}

func TestRender(t *testing.T) {
	pic, err := Render(testLayers(), &Options{Width: 400, Title: "Test map", Notes: []string{"A note & more"}})
	if err != nil {
		t.Fatal(err)
	}
	if pic.Width != 400+LegendWidth || pic.Height < 560 {
		t.Errorf("size %dx%d", pic.Width, pic.Height)
	}
	var svg bytes.Buffer
	if err := pic.WriteSVG(&svg); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Texts []string `xml:"text"`
	}
	if err := xml.Unmarshal(svg.Bytes(), &doc); err != nil {
		t.Fatalf("SVG is not XML: %v", err)
	}
	joined := strings.Join(doc.Texts, "|")
	for _, want := range []string{"Test map", "Kazakhstan", "Middle post", "Crossings: p_interdict", "0 – 0.005 permeable", "A note & more"} {
		if !strings.Contains(joined, want) {
			t.Errorf("SVG text lacks %q: %s", want, joined)
		}
	}
	var b bytes.Buffer
	if err := pic.WritePNG(&b); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != pic.Width || img.Bounds().Dy() != pic.Height {
		t.Errorf("PNG %v, picture %dx%d", img.Bounds(), pic.Width, pic.Height)
	}
	// The crossing's marker in the most permeable class colour. The
	// extent with its 2% margins runs over 59.8–70.2°E, 39.8–50.2°N; on a
	// northern conic the parallels are arcs about a northern apex, so the
	// map's left and right edges are the bottom corners and its top the
	// top corners.
	c, ok := conic.For(orb.Bound{Min: orb.Point{60, 40}, Max: orb.Point{70, 50}}) // fitted to the data
	if !ok {
		t.Fatal("no conic")
	}
	left, _ := c.Project(orb.Point{59.8, 39.8})
	right, _ := c.Project(orb.Point{70.2, 39.8})
	_, top := c.Project(orb.Point{59.8, 50.2})
	k := 400 / (right - left)
	mx, my := c.Project(orb.Point{63, 43})
	x, y := (mx-left)*k, (top-my)*k
	// A 3.2 px marker: the pixel nearest its centre, within anti-aliasing.
	r, g, bl, _ := img.At(int(math.Round(x)), int(y)).RGBA()
	want := layer.InterdictionColors[0]
	near := func(a uint32, b uint8) bool { return math.Abs(float64(a>>8)-float64(b)) <= 16 }
	if !near(r, want.R) || !near(g, want.G) || !near(bl, want.B) {
		t.Errorf("marker pixel %d,%d,%d, want %v", r>>8, g>>8, bl>>8, want)
	}
	// The map background beyond the country.
	if r, g, b, _ := img.At(3, 3).RGBA(); uint8(r>>8) != background.R || uint8(g>>8) != background.G || uint8(b>>8) != background.B {
		t.Errorf("corner pixel %d,%d,%d, want the background", r>>8, g>>8, b>>8)
	}
}

func TestRenderErrors(t *testing.T) {
	if _, err := Render(testLayers(), &Options{Width: 50}); err == nil {
		t.Errorf("no error for a 50 pixel map")
	}
	empty := []layer.Layer{{Name: "x", Features: geojson.NewFeatureCollection()}}
	if _, err := Render(empty, nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty layer: got %v, want ErrEmpty", err)
	}
	bad := testLayers()
	bad[1].Features.Features[0].Geometry = orb.Point{0, 100}
	if _, err := Render(bad, nil); err == nil {
		t.Errorf("no error for latitude 100")
	}
}

// TestRenderSinglePoint checks that one point as the whole extent gets a
// padded map with the point in the middle, not an empty-extent error.
func TestRenderSinglePoint(t *testing.T) {
	fc := geojson.NewFeatureCollection()
	f := geojson.NewFeature(orb.Point{69.24, 41.31})
	f.Properties["name"] = "Tashkent"
	fc.Append(f)
	pic, err := Render([]layer.Layer{{Name: "p", Features: fc, Style: layer.Style{Color: color.NRGBA{200, 0, 0, 255}, Size: 3, LabelField: "name"}}}, &Options{Width: 400})
	if err != nil {
		t.Fatal(err)
	}
	var marker *item
	for i := range pic.items {
		if pic.items[i].kind == markerItem && marker == nil {
			marker = &pic.items[i] // the map's, before the legend's swatch
		}
	}
	if marker == nil {
		t.Fatal("no marker drawn")
	}
	mapH := 0.0
	for _, it := range pic.items {
		if it.kind == strokeItem && it.closed && it.color == frameColor {
			mapH = it.rings[0][2].Y + 0.5
		}
	}
	if math.Abs(marker.at.X-200) > 2 || math.Abs(marker.at.Y-mapH/2) > 2 {
		t.Errorf("marker at %v, want the middle of a 400 × %v map", marker.at, mapH)
	}
	if mapH < 300 || mapH > 500 {
		t.Errorf("map %v pixels high for a square degree, want about 400", mapH)
	}
}

// TestEncodePNG encodes an opaque picture (written by encodePNG itself)
// and a half-transparent one (by image/png) and decodes both with
// image/png to the same colours.
func TestEncodePNG(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, opaque := range []bool{true, false} {
		img := image.NewRGBA(image.Rect(0, 0, 37, 23))
		for i := 0; i < len(img.Pix); i += 4 {
			a := uint8(255)
			if !opaque && i%12 == 0 {
				a = uint8(r.IntN(256))
			}
			// Premultiplied: no component above alpha.
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = uint8(r.IntN(int(a)+1)), uint8(r.IntN(int(a)+1)), a/2, a
		}
		var b bytes.Buffer
		if err := encodePNG(&b, img); err != nil {
			t.Fatal(err)
		}
		back, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("opaque %v: %v", opaque, err)
		}
		if back.Bounds() != img.Bounds() {
			t.Fatalf("opaque %v: bounds %v, want %v", opaque, back.Bounds(), img.Bounds())
		}
		for y := range 23 {
			for x := range 37 {
				if got, want := color.NRGBAModel.Convert(back.At(x, y)), color.NRGBAModel.Convert(img.At(x, y)); got != want {
					t.Fatalf("opaque %v: pixel %d,%d is %v, want %v", opaque, x, y, got, want)
				}
			}
		}
	}
}
