package mapimg

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export/internal/conic"
	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/geo"
)

// Options are the settings of Render; nil means all defaults.
type Options struct {
	// Width is the width of the map area in pixels; 0 means 1400. The
	// legend panel adds LegendWidth to it, and the height follows from the
	// extent.
	Width int
	// Bounds is the area shown, lon/lat; the zero Bound means the extent
	// of the drawn layers with a 2% margin.
	Bounds orb.Bound
	// Title heads the legend panel.
	Title string
	// Notes are lines at the foot of the legend: sources, scenario.
	Notes []string
	// LegendSkip names layers drawn but left out of the legend, besides
	// those whose style has NoLegend.
	LegendSkip []string
}

// ErrEmpty is returned by Render when no layer has anything to draw.
var ErrEmpty = errors.New("mapimg: nothing to draw")

// LegendWidth is the width of the legend panel in pixels.
const LegendWidth = 380

// textScale is the pixels a font cell in the picture: 7-cell capitals
// come out 14 pixels high.
const textScale = 2

var (
	background = color.NRGBA{0xf4, 0xf6, 0xf8, 0xff}
	panelColor = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	frameColor = color.NRGBA{0x9a, 0x9a, 0x9a, 0xff}
	inkColor   = color.NRGBA{0x1a, 0x1a, 0x1a, 0xff}
	haloColor  = color.NRGBA{0xff, 0xff, 0xff, 0xd8}
	noteColor  = color.NRGBA{0x55, 0x55, 0x55, 0xff}
)

type itemKind int

const (
	fillItem   itemKind = iota // rings filled by the even-odd rule
	strokeItem                 // polylines stroked with round joins
	markerItem                 // a point symbol
	textItem                   // a line of text, baseline-left at at
)

// An item is one drawing instruction; both the SVG writer and the
// rasteriser play the same list, so the two pictures agree.
type item struct {
	kind   itemKind
	rings  [][]pt // fillItem: rings; strokeItem: polylines
	closed bool   // strokeItem: the polylines are rings
	color  color.NRGBA
	width  float64 // strokeItem: line width; markerItem: outline width (px)
	stroke color.NRGBA
	shape  layer.Shape
	at     pt
	size   float64 // markerItem: diameter (px)
	text   string
	halo   bool
}

// A Picture is a rendered map: its size and drawing list, written out by
// WriteSVG and WritePNG.
type Picture struct {
	Width, Height int
	items         []item
	used          map[string]map[int]bool // classes drawn, by layer
}

// projection maps lon/lat to picture pixels: a Lambert conformal conic
// fitted to the extent (see Projection), or, where no conic suits (an
// extent near the equator or a pole), equirectangular with longitudes
// shrunk by the cosine of the middle latitude; then scaled to k pixels a
// km with (x0, y1) at the top left.
type projection struct {
	conic  conic.Conic
	isCone bool
	lon0   float64
	cosф   float64
	x0, y1 float64
	k      float64
}

// xy returns q on the plane in km.
func (p projection) xy(q orb.Point) (float64, float64) {
	if p.isCone {
		return p.conic.Project(q)
	}
	return (q[0] - p.lon0) * p.cosф * kmPerDegree, q[1] * kmPerDegree
}

func (p projection) pt(q orb.Point) pt {
	x, y := p.xy(q)
	return pt{(x - p.x0) * p.k, (p.y1 - y) * p.k}
}

// Projection returns the PROJ string of the picture's projection for an
// extent (lon/lat), so that a QGIS project can show the same map: a
// Lambert conformal conic centred on the extent with standard parallels
// at a sixth of its height from top and bottom; "" where no conic suits.
func Projection(b orb.Bound) string {
	if c, ok := conic.For(b); ok {
		return c.Proj4()
	}
	return ""
}

// line returns the projected points of ls, without points closer than a
// third of a pixel to the last kept one.
func (p projection) line(ls []orb.Point) []pt {
	out := make([]pt, 0, len(ls))
	for i, q := range ls {
		v := p.pt(q)
		if n := len(out); n > 0 && i < len(ls)-1 && math.Abs(v.X-out[n-1].X) < 0.33 && math.Abs(v.Y-out[n-1].Y) < 0.33 {
			continue
		}
		out = append(out, v)
	}
	return out
}

// Render draws the layers that are not Hidden, bottom to top in
// layer.DrawOrder, each by its style: polygons filled and outlined, lines
// in their class colours and widths, point markers, labels where the style
// labels at every scale (kept clear of one another, without a closing
// parenthetical note), and a legend panel with the classes of every drawn
// layer (the categories drawn, all graduated classes). Sizes in mm become
// pixels at Width/400 pixels a mm. Layers go through layer.Prepare.
func Render(layers []layer.Layer, opts *Options) (*Picture, error) {
	if opts == nil {
		opts = &Options{}
	}
	ls, err := layer.Prepare(layers)
	if err != nil {
		return nil, fmt.Errorf("mapimg: %w", err)
	}
	var drawn []layer.Layer
	for _, l := range layer.DrawOrder(ls) {
		if !l.Style.Hidden {
			drawn = append(drawn, l)
		}
	}
	width := opts.Width
	if width == 0 {
		width = 1400
	}
	if width < 200 || width > 20000 {
		return nil, fmt.Errorf("mapimg: width %d pixels outside 200 to 20000", width)
	}
	bound := opts.Bounds
	fit := bound // the extent the conic is fitted to: the data's, unpadded
	if bound == (orb.Bound{}) {
		fcs := make([]*geojson.FeatureCollection, len(drawn))
		for i, l := range drawn {
			fcs[i] = l.Features
		}
		b, ok := layer.Bound(fcs...)
		if !ok {
			return nil, ErrEmpty
		}
		bound = padDegenerate(b)
		fit = bound
		dx, dy := 0.02*(bound.Max[0]-bound.Min[0]), 0.02*(bound.Max[1]-bound.Min[1])
		bound.Min = orb.Point{bound.Min[0] - dx, bound.Min[1] - dy}
		bound.Max = orb.Point{bound.Max[0] + dx, bound.Max[1] + dy}
	}
	if !(bound.Max[0] > bound.Min[0]) || !(bound.Max[1] > bound.Min[1]) {
		return nil, fmt.Errorf("mapimg: empty extent %v", bound)
	}
	proj := projection{lon0: (bound.Min[0] + bound.Max[0]) / 2, cosф: math.Cos((bound.Min[1] + bound.Max[1]) / 2 * math.Pi / 180)}
	proj.conic, proj.isCone = conic.For(fit)
	// The plane extent: the image of the lon/lat box's outline, which
	// encloses the image of everything inside it.
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	const steps = 32
	for i := 0; i <= steps; i++ {
		f := float64(i) / steps
		lon := bound.Min[0] + f*(bound.Max[0]-bound.Min[0])
		lat := bound.Min[1] + f*(bound.Max[1]-bound.Min[1])
		for _, q := range []orb.Point{{lon, bound.Min[1]}, {lon, bound.Max[1]}, {bound.Min[0], lat}, {bound.Max[0], lat}} {
			x, y := proj.xy(q)
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	proj.x0, proj.y1 = x0, y1
	proj.k = float64(width) / (x1 - x0)
	height := int(math.Ceil((y1 - y0) * proj.k))
	if height > 20000 {
		return nil, fmt.Errorf("mapimg: extent %v gives a picture %d pixels high", bound, height)
	}
	pxPerMM := float64(width) / 400

	pic := &Picture{Width: width + LegendWidth, Height: max(height, 560)}
	var labels []label
	for _, l := range drawn {
		labels = append(labels, pic.drawLayer(l, proj, pxPerMM)...)
	}
	pic.placeLabels(labels, width, height)
	pic.scaleBar(proj, height)
	pic.items = append(pic.items, item{kind: strokeItem, rings: [][]pt{{{0.5, 0.5}, {float64(width) - 0.5, 0.5}, {float64(width) - 0.5, float64(height) - 0.5}, {0.5, float64(height) - 0.5}}}, closed: true, color: frameColor, width: 1})
	skip := map[string]bool{}
	for _, n := range opts.LegendSkip {
		skip[n] = true
	}
	var legend []layer.Layer
	for i := len(drawn) - 1; i >= 0; i-- {
		if !skip[drawn[i].Name] && !drawn[i].Style.NoLegend {
			legend = append(legend, drawn[i])
		}
	}
	pic.legend(width, opts, legend, pxPerMM)
	return pic, nil
}

// MinSpanDeg is the smallest side, in degrees of latitude, of the area
// the picture shows: a single point, or points on one line, get a map
// about 110 km across rather than no map at all.
const MinSpanDeg = 1.0

// padDegenerate returns b widened about its centre so that neither side is
// shorter than MinSpanDeg (a longitude span measured at the middle
// latitude), clamped to the world.
func padDegenerate(b orb.Bound) orb.Bound {
	c := b.Center()
	cos := max(math.Cos(c[1]*math.Pi/180), 0.01)
	if h := b.Max[1] - b.Min[1]; h < MinSpanDeg {
		b.Min[1], b.Max[1] = max(c[1]-MinSpanDeg/2, -90), min(c[1]+MinSpanDeg/2, 90)
	}
	if w := (b.Max[0] - b.Min[0]) * cos; w < MinSpanDeg {
		half := MinSpanDeg / cos / 2
		b.Min[0], b.Max[0] = max(c[0]-half, -180), min(c[0]+half, 180)
	}
	return b
}

// A label is a text to place near a point or, for polygons, on it.
type label struct {
	text     string
	at       pt
	centred  bool    // polygons: centred on at
	gap      float64 // points: distance from at to the text
	priority int
}

func (pic *Picture) drawLayer(l layer.Layer, proj projection, pxPerMM float64) []label {
	s := l.Style
	dim := l.SymbolDim()
	feats := l.Features.Features
	if s.OrderField != "" {
		feats = slices.Clone(feats)
		slices.SortStableFunc(feats, func(a, b *geojson.Feature) int {
			va, oka := layer.Number(a.Properties[s.OrderField])
			vb, okb := layer.Number(b.Properties[s.OrderField])
			c := cmp.Compare(boolInt(oka), boolInt(okb)) // nulls first
			if c == 0 {
				c = cmp.Compare(va, vb)
			}
			if s.OrderDescending && oka && okb {
				c = -c
			}
			return c
		})
	}
	var labels []label
	if pic.used == nil {
		pic.used = map[string]map[int]bool{}
	}
	used := map[int]bool{}
	pic.used[l.Name] = used
	for _, f := range feats {
		class, ok := s.Class(f.Properties)
		if !ok || f.Geometry == nil {
			continue
		}
		used[class] = true
		col := s.ClassColor(class)
		size := s.FeatureSize(class, dim, f.Properties) * pxPerMM
		text, labelled := s.Label(f.Properties)
		labelled = labelled && s.LabelMaxScale == 0
		text = shortLabel(text)
		switch g := f.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
			var polys [][][]pt // the projected rings of each polygon
			var rings [][]pt   // all of them, as one even-odd fill
			for _, p := range toPolys(g) {
				rs := make([][]pt, len(p))
				for i, r := range p {
					rs[i] = proj.line(r)
				}
				polys = append(polys, rs)
				rings = append(rings, rs...)
			}
			pic.items = append(pic.items, item{kind: fillItem, rings: rings, color: col})
			if s.Stroke.A > 0 {
				pic.items = append(pic.items, item{kind: strokeItem, rings: rings, closed: true, color: s.Stroke, width: max(s.OutlineWidth()*pxPerMM, 0.6)})
			}
			if labelled {
				if at, ok := labelPoint(polys); ok {
					labels = append(labels, label{text: text, at: at, centred: true, priority: 0})
				}
			}
		case orb.LineString, orb.MultiLineString:
			var lines [][]pt
			for _, ls := range toLines(g) {
				lines = append(lines, proj.line(ls))
			}
			pic.items = append(pic.items, item{kind: strokeItem, rings: lines, color: col, width: max(size, 0.5)})
		case orb.Point, orb.MultiPoint:
			for _, p := range toPoints(g) {
				at := proj.pt(p)
				it := item{kind: markerItem, at: at, color: col, size: max(size, 1.5), shape: s.Shape}
				if s.Stroke.A > 0 {
					it.stroke, it.width = s.Stroke, max(s.OutlineWidth()*pxPerMM, 0.8)
				}
				pic.items = append(pic.items, it)
				if labelled {
					labels = append(labels, label{text: text, at: at, gap: size/2 + 3, priority: 1})
				}
			}
		}
	}
	return labels
}

// shortLabel returns a map label without a closing parenthetical note:
// "Sher Khan Bandar – Panji Poyon (Nizhny Panj) bridge" stays whole, but
// "Karakoga – Isilkul (M51, Petropavlovsk – Omsk)" becomes "Karakoga –
// Isilkul", since a small-scale map has no room for the notes.
func shortLabel(s string) string {
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			return s[:i]
		}
	}
	return s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func toPoints(g orb.Geometry) []orb.Point {
	if p, ok := g.(orb.Point); ok {
		return []orb.Point{p}
	}
	return g.(orb.MultiPoint)
}

func toPolys(g orb.Geometry) []orb.Polygon {
	if p, ok := g.(orb.Polygon); ok {
		return []orb.Polygon{p}
	}
	return g.(orb.MultiPolygon)
}

func toLines(g orb.Geometry) []orb.LineString {
	if l, ok := g.(orb.LineString); ok {
		return []orb.LineString{l}
	}
	return g.(orb.MultiLineString)
}

// labelPoint returns a point well inside the largest part of a polygon,
// given as the projected rings of each part: the middle of the widest run
// inside it along the row through its centre of area.
func labelPoint(polys [][][]pt) (pt, bool) {
	best, bestArea := -1, 0.0
	for i, rs := range polys {
		a := 0.0
		for k, q := range rs[0] { // the outer ring
			w := rs[0][(k+1)%len(rs[0])]
			a += q.X*w.Y - w.X*q.Y
		}
		if area := math.Abs(a) / 2; area > bestArea {
			best, bestArea = i, area
		}
	}
	if best < 0 || bestArea < 400 { // too small to hold a label
		return pt{}, false
	}
	// Centre of area of the outer ring.
	var cx, cy, a float64
	outer := polys[best][0]
	for k := range outer {
		q, w := outer[k], outer[(k+1)%len(outer)]
		c := q.X*w.Y - w.X*q.Y
		a += c
		cx += (q.X + w.X) * c
		cy += (q.Y + w.Y) * c
	}
	if a == 0 {
		return pt{}, false
	}
	cy /= 3 * a
	cx /= 3 * a
	var xs []float64
	for _, r := range polys[best] {
		for k := range r {
			q, w := r[k], r[(k+1)%len(r)]
			if (q.Y <= cy) != (w.Y <= cy) {
				xs = append(xs, q.X+(cy-q.Y)*(w.X-q.X)/(w.Y-q.Y))
			}
		}
	}
	slices.Sort(xs)
	bestW := -1.0
	at := pt{cx, cy}
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > bestW {
			bestW, at = w, pt{(xs[i] + xs[i+1]) / 2, cy}
		}
	}
	return at, bestW > 0
}

type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

// placeLabels places polygon labels first (centred), then point labels at
// the first of right, left, above or below that stays inside the map and
// clear of the labels already placed; a label with no room is left out.
func (pic *Picture) placeLabels(ls []label, w, h int) {
	slices.SortStableFunc(ls, func(a, b label) int { return cmp.Compare(a.priority, b.priority) })
	var placed []box
	th := float64(glyphH * textScale)
	for _, l := range ls {
		tw := float64(textWidth(l.text, textScale))
		var cands []pt // baseline-left corners
		if l.centred {
			cands = []pt{{l.at.X - tw/2, l.at.Y + th/2}}
		} else {
			g := l.gap
			cands = []pt{
				{l.at.X + g, l.at.Y + th/2},
				{l.at.X - g - tw, l.at.Y + th/2},
				{l.at.X - tw/2, l.at.Y - g},
				{l.at.X - tw/2, l.at.Y + g + th},
			}
		}
		for _, c := range cands {
			b := box{c.X - 3, c.Y - th - 3, c.X + tw + 3, c.Y + 3}
			if b.x0 < 2 || b.y0 < 2 || b.x1 > float64(w)-2 || b.y1 > float64(h)-2 {
				continue
			}
			if slices.ContainsFunc(placed, b.overlaps) {
				continue
			}
			placed = append(placed, b)
			col := inkColor
			if l.centred {
				col = noteColor
			}
			pic.items = append(pic.items, item{kind: textItem, text: l.text, at: c, color: col, halo: true})
			break
		}
	}
}

// kmPerDegree is the length of a degree of latitude on the library's sphere.
var kmPerDegree = geo.DistanceKm(orb.Point{0, 0}, orb.Point{0, 1})

// scaleBar draws a bar of a round length at the foot of the map.
func (pic *Picture) scaleBar(proj projection, h int) {
	kmPerPx := 1 / proj.k // true at the standard parallels
	target := 160 * kmPerPx
	step := math.Pow(10, math.Floor(math.Log10(target)))
	km := step
	for _, m := range []float64{5, 2, 1} {
		if m*step <= target {
			km = m * step
			break
		}
	}
	px := km / kmPerPx
	x0, y0 := 20.0, float64(h)-24
	pic.items = append(pic.items,
		item{kind: strokeItem, rings: [][]pt{{{x0, y0 - 6}, {x0, y0}, {x0 + px, y0}, {x0 + px, y0 - 6}}}, color: inkColor, width: 2},
		item{kind: textItem, text: layer.FormatFloat(km) + " km", at: pt{x0 + px + 8, y0 + 2}, color: inkColor, halo: true},
	)
}

// legend draws the panel right of the map: title, each layer's classes
// with their symbols, the notes.
func (pic *Picture) legend(x0 int, opts *Options, ls []layer.Layer, pxPerMM float64) {
	X := float64(x0)
	pic.items = append(pic.items, item{kind: fillItem, rings: [][]pt{{{X, 0}, {float64(pic.Width), 0}, {float64(pic.Width), float64(pic.Height)}, {X, float64(pic.Height)}}}, color: panelColor})
	line := float64(glyphH*textScale) + 10
	y := 16.0
	text := func(s string, x float64, col color.NRGBA) {
		y += line
		pic.items = append(pic.items, item{kind: textItem, text: s, at: pt{x, y}, color: col})
	}
	maxChars := (LegendWidth - 40) / (advance * textScale)
	for _, t := range wrap(opts.Title, maxChars) {
		text(t, X+20, inkColor)
	}
	y += 8
	swatchX := X + 24
	for _, l := range ls {
		s := l.Style
		dim := l.SymbolDim()
		y += 10
		head := l.DisplayTitle()
		if s.Kind != layer.Single {
			head += ": " + s.Field
		}
		for _, t := range wrap(head, maxChars) {
			text(t, X+20, inkColor)
		}
		n := s.NumClasses()
		if s.Kind == layer.Categorized && s.Color.A > 0 {
			n++
		}
		for i := 0; i < n; i++ {
			class := i
			if i == s.NumClasses() {
				class = -1
			}
			if s.Kind == layer.Categorized && !pic.used[l.Name][class] {
				continue // categories absent from the map stay out of its legend
			}
			label := s.ClassLabel(class)
			if s.Kind == layer.Single {
				label = l.DisplayTitle()
			}
			y += line
			pic.swatch(pt{swatchX, y - float64(glyphH*textScale)/2}, s, class, dim, pxPerMM)
			pic.items = append(pic.items, item{kind: textItem, text: label, at: pt{swatchX + 40, y}, color: inkColor})
		}
		if s.SizeField != "" {
			what := "width"
			if dim == 0 {
				what = "size"
			}
			text(what+" by "+s.SizeField, swatchX+40, noteColor)
		}
	}
	y += 16
	for _, n := range opts.Notes {
		for _, t := range wrap(n, maxChars) {
			text(t, X+20, noteColor)
		}
	}
	if y+line > float64(pic.Height) {
		pic.Height = int(y + line)
	}
}

// swatch draws the symbol of a class, its middle at c.
func (pic *Picture) swatch(c pt, s layer.Style, class, dim int, pxPerMM float64) {
	col := s.ClassColor(class)
	switch dim {
	case 2:
		r := []pt{{c.X - 14, c.Y - 9}, {c.X + 14, c.Y - 9}, {c.X + 14, c.Y + 9}, {c.X - 14, c.Y + 9}}
		pic.items = append(pic.items, item{kind: fillItem, rings: [][]pt{r}, color: col})
		if s.Stroke.A > 0 {
			pic.items = append(pic.items, item{kind: strokeItem, rings: [][]pt{r}, closed: true, color: s.Stroke, width: 1})
		}
	case 1:
		w := min(max(s.ClassSize(class, 1)*pxPerMM, 2), 10)
		pic.items = append(pic.items, item{kind: strokeItem, rings: [][]pt{{{c.X - 14, c.Y}, {c.X + 14, c.Y}}}, color: col, width: w})
	default:
		it := item{kind: markerItem, at: c, color: col, size: min(max(s.ClassSize(class, 0)*pxPerMM, 6), 18), shape: s.Shape}
		if s.Stroke.A > 0 {
			it.stroke, it.width = s.Stroke, 1
		}
		pic.items = append(pic.items, it)
	}
}

// wrap splits s into lines of at most n characters at spaces.
func wrap(s string, n int) []string {
	var out []string
	cur := ""
	for _, w := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = w
		case len([]rune(cur))+1+len([]rune(w)) <= n:
			cur += " " + w
		default:
			out = append(out, cur)
			cur = w
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}
