package kml

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-kml/v3/icon"

	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/geo"
)

// pixelsPerMM converts the styles' millimetres to the pixels of KML line
// widths, at 96 pixels an inch.
const pixelsPerMM = 96 / 25.4

// iconSizeMM is the diameter of a KML icon at scale 1, about 32 pixels.
const iconSizeMM = 32 / pixelsPerMM

// Write writes the layers as one KML 2.2 document titled title to w: a
// folder per layer, topmost layer first, with shared styles for its
// classes in the same colours and sizes as the QGIS styles (sizes from a
// SizeField go inline per placemark), labels where the style labels, and
// every property in the placemark's ExtendedData. Hidden layers start
// switched off. Lines follow the ground (tessellate). Layers go through
// layer.Prepare; errors name the layer and the feature. Features outside
// every class of their style, which QGIS leaves out, are kept in grey.
// The document is streamed to w placemark by placemark, indented by one
// space a level, after every feature has been checked: only an error from
// w can leave part of it written.
func Write(w io.Writer, title string, layers []layer.Layer) error {
	ls, err := layer.Prepare(layers)
	if err != nil {
		return fmt.Errorf("kml: %w", err)
	}
	if len(ls) == 0 {
		return errors.New("kml: no layers")
	}
	top := layer.DrawOrder(ls) // a fresh slice
	slices.Reverse(top)
	// The shared styles come before the folders, so each layer's
	// placemarks are worked out first and the folders written after.
	folders := make([][]placemark, len(top))
	styles := make([][]sharedStyle, len(top))
	for i, l := range top {
		if styles[i], folders[i], err = layerFolder(l); err != nil {
			return fmt.Errorf("kml: layer %q: %w", l.Name, err)
		}
	}
	x := &xmlWriter{w: w}
	x.b = append(x.b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<kml xmlns="http://www.opengis.net/kml/2.2">`...)
	x.depth = 1
	x.open("Document")
	x.text("name", title)
	x.text("open", "1")
	for i, l := range top {
		for _, st := range styles[i] {
			x.openAttr("Style", "id", st.id)
			writeSymbolStyle(x, l.Style, st.class, l.SymbolDim(), l.Style.ClassSize(st.class, l.SymbolDim()), st.labelled)
			x.close("Style")
		}
	}
	for i, l := range top {
		x.open("Folder")
		x.text("name", l.DisplayTitle())
		x.text("visibility", kmlBool(!l.Style.Hidden))
		x.text("open", "0")
		fields := l.Fields()
		// Each field's Data start tag, escaped once for the layer.
		tags := make([]string, len(fields))
		for j, fd := range fields {
			tags[j] = `<Data name="` + string(appendEscaped(nil, fd.Name, true)) + `">`
		}
		for _, pm := range folders[i] {
			writePlacemark(x, l, fields, tags, pm)
			if x.flush(); x.err != nil {
				return fmt.Errorf("kml: %w", x.err)
			}
		}
		x.close("Folder")
	}
	x.close("Document")
	x.depth = 0
	x.b = append(x.b, "\n</kml>"...)
	x.flushAll()
	if x.err != nil {
		return fmt.Errorf("kml: %w", x.err)
	}
	return nil
}

// unclassified stands for the class of features outside every class.
const unclassified = -2

// unclassifiedColor is the grey of features outside every class.
var unclassifiedColor = color.NRGBA{0x99, 0x99, 0x99, 0xb0}

// styleID returns the id of the shared style of a class, with or without a
// label.
func styleID(name string, class int, labelled bool) string {
	id := name + "-" + strconv.Itoa(class)
	switch class {
	case -1:
		id = name + "-other"
	case unclassified:
		id = name + "-unclassified"
	}
	if labelled {
		id += "-label"
	}
	return id
}

// A sharedStyle is a class's style, shared by the placemarks of a layer.
type sharedStyle struct {
	id       string
	class    int
	labelled bool
}

// A placemark is one feature as the document shows it.
type placemark struct {
	f        int // the feature's index in its layer
	name     string
	class    int
	labelled bool
	inline   bool    // a style of its own, of size mm; else the shared style of class and labelled
	size     float64 // mm, for an inline style
}

// layerFolder returns the shared styles a layer's placemarks use, in
// first-use order, and its placemarks, features without a geometry left
// out.
func layerFolder(l layer.Layer) ([]sharedStyle, []placemark, error) {
	s := l.Style
	dim := l.SymbolDim()
	// Which shared styles the features use, in first-use order.
	type key struct {
		class    int
		labelled bool
	}
	used := map[key]bool{}
	var styles []sharedStyle
	var pms []placemark
	for i, f := range l.Features.Features {
		if f.Geometry == nil {
			continue
		}
		if err := checkGeometry(f.Geometry); err != nil {
			return nil, nil, fmt.Errorf("feature %d: %w", i, err)
		}
		class, drawn := s.Class(f.Properties)
		if !drawn {
			// QGIS does not draw it; Google Earth shows it in grey so that
			// no feature is lost from the document.
			class = unclassified
		}
		label, labelled := s.Label(f.Properties)
		labelled = labelled && s.LabelMaxScale == 0
		pm := placemark{f: i, name: placemarkName(label, f.Properties), class: class, labelled: labelled}
		if _, sized := layer.Number(f.Properties[s.SizeField]); s.SizeField != "" && dim < 2 && sized && class >= 0 {
			pm.inline, pm.size = true, s.FeatureSize(class, dim, f.Properties)
		} else {
			if k := (key{class, labelled}); !used[k] {
				used[k] = true
				styles = append(styles, sharedStyle{styleID(l.Name, class, labelled), class, labelled})
			}
		}
		pms = append(pms, pm)
	}
	return styles, pms, nil
}

// writePlacemark writes one placemark of layer l: its name, style,
// properties as ExtendedData (in the order of fields, each in a Data
// element opened by its tag, nulls left out) and geometry.
func writePlacemark(x *xmlWriter, l layer.Layer, fields []layer.Field, tags []string, pm placemark) {
	f := l.Features.Features[pm.f]
	x.open("Placemark")
	if pm.name != "" {
		x.text("name", pm.name)
	}
	if pm.inline {
		x.open("Style")
		writeSymbolStyle(x, l.Style, pm.class, l.SymbolDim(), pm.size, pm.labelled)
		x.close("Style")
	} else {
		x.text("styleUrl", "#"+styleID(l.Name, pm.class, pm.labelled))
	}
	x.open("ExtendedData")
	for j, fd := range fields {
		if v, ok := f.Properties[fd.Name]; ok && v != nil {
			x.openTag(tags[j])
			x.value(v)
			x.close("Data")
		}
	}
	x.close("ExtendedData")
	writeGeometry(x, f.Geometry)
	x.close("Placemark")
}

// placemarkName returns the label, or else the feature's name or id, so
// that the Google Earth places list tells features apart.
func placemarkName(label string, props map[string]any) string {
	if label != "" {
		return label
	}
	for _, k := range []string{"name", "id", "pair", "rank", "code"} {
		if v, ok := props[k]; ok && v != nil {
			return layer.Format(v)
		}
	}
	return ""
}

// writeSymbolStyle writes the KML sub-styles of class i at the given size
// (mm).
func writeSymbolStyle(x *xmlWriter, s layer.Style, class, dim int, size float64, labelled bool) {
	c := s.ClassColor(class)
	if class == unclassified {
		c = unclassifiedColor
	}
	labelScale := 0.0
	if labelled {
		labelScale = s.FontSize() / 10
	}
	labelStyle := func() {
		x.open("LabelStyle")
		x.text("scale", formatFloat(labelScale))
		x.close("LabelStyle")
	}
	switch dim {
	case 1:
		x.open("LineStyle")
		x.text("color", kmlColor(c))
		x.text("width", formatFloat(round2(size*pixelsPerMM)))
		x.close("LineStyle")
		return
	case 2:
		x.open("PolyStyle")
		x.text("color", kmlColor(c))
		x.text("fill", "1")
		x.text("outline", kmlBool(s.Stroke.A > 0))
		x.close("PolyStyle")
		x.open("LineStyle")
		x.text("color", kmlColor(s.Stroke))
		x.text("width", formatFloat(round2(s.OutlineWidth()*pixelsPerMM)))
		x.close("LineStyle")
		labelStyle()
		return
	}
	x.open("IconStyle")
	x.text("color", kmlColor(opaque(c)))
	x.text("scale", formatFloat(round2(max(size/iconSizeMM*2, 0.3))))
	x.open("Icon")
	x.text("href", icon.ShapeHref(shapeIcon(s.Shape)))
	x.close("Icon")
	x.close("IconStyle")
	labelStyle()
}

// kmlColor returns c as KML writes colours, aabbggrr in hex, from the
// alpha-premultiplied components of color.Color (as go-kml writes them).
func kmlColor(c color.Color) string {
	const hex = "0123456789abcdef"
	r, g, b, a := c.RGBA()
	out := make([]byte, 0, 8)
	for _, v := range []uint32{a, b, g, r} {
		v /= 256
		out = append(out, hex[v>>4], hex[v&0xf])
	}
	return string(out)
}

func kmlBool(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// opaque returns c without transparency: Google Earth multiplies an icon
// by its colour, and a half-transparent dot disappears on imagery.
func opaque(c color.NRGBA) color.NRGBA {
	c.A = 255
	return c
}

// shapeIcon returns the Google Earth shape icon for a marker: white, so
// that the style's colour tints it.
func shapeIcon(s layer.Shape) string {
	switch s {
	case layer.Square:
		return "placemark_square"
	case layer.Triangle:
		return "triangle"
	case layer.Diamond:
		return "open-diamond"
	}
	return "shaded_dot"
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// checkGeometry returns an error for a geometry KML cannot hold here
// (layer.Prepare has already refused collections).
func checkGeometry(g orb.Geometry) error {
	switch g.(type) {
	case orb.Point, orb.MultiPoint, orb.LineString, orb.MultiLineString, orb.Ring, orb.Polygon, orb.MultiPolygon, orb.Bound:
		return nil
	}
	return fmt.Errorf("%T cannot be written as KML", g)
}

// writeGeometry writes g as a KML geometry: multi-part geometries as a
// MultiGeometry, lines and polygons following the ground
// (tessellate), coordinates as lon,lat in the shortest decimal form.
func writeGeometry(x *xmlWriter, g orb.Geometry) {
	switch g := g.(type) {
	case orb.Point:
		x.open("Point")
		x.coordinates([]orb.Point{g})
		x.close("Point")
	case orb.MultiPoint:
		x.open("MultiGeometry")
		for _, p := range g {
			writeGeometry(x, p)
		}
		x.close("MultiGeometry")
	case orb.LineString:
		x.open("LineString")
		x.text("tessellate", "1")
		x.coordinates(g)
		x.close("LineString")
	case orb.MultiLineString:
		x.open("MultiGeometry")
		for _, l := range g {
			writeGeometry(x, l)
		}
		x.close("MultiGeometry")
	case orb.Ring:
		writeGeometry(x, orb.Polygon{g})
	case orb.Bound:
		writeGeometry(x, g.ToPolygon())
	case orb.Polygon:
		x.open("Polygon")
		x.text("tessellate", "1")
		for i, r := range g {
			boundary := "outerBoundaryIs"
			if i > 0 {
				boundary = "innerBoundaryIs"
			}
			x.open(boundary)
			x.open("LinearRing")
			x.coordinates(r)
			x.close("LinearRing")
			x.close(boundary)
		}
		x.close("Polygon")
	case orb.MultiPolygon:
		x.open("MultiGeometry")
		for _, p := range g {
			writeGeometry(x, p)
		}
		x.close("MultiGeometry")
	}
}

// An xmlWriter writes XML indented as encoding/xml's Encoder with
// Indent("", " ") writes it: each element on a line of its own, indented
// a space a level, an element without children on one line, text escaped
// as encoding/xml escapes it. It buffers and hands its bytes to w in
// pieces; the first error is kept in err.
type xmlWriter struct {
	w      io.Writer
	b      []byte
	depth  int
	opened bool // the last thing written is a start tag
	err    error
}

// flushAt is the buffer size at which xmlWriter.flush writes.
const flushAt = 1 << 16

func (x *xmlWriter) flush() {
	if len(x.b) >= flushAt {
		x.flushAll()
	}
}

func (x *xmlWriter) flushAll() {
	if x.err == nil {
		_, x.err = x.w.Write(x.b)
	}
	x.b = x.b[:0]
}

func (x *xmlWriter) newline() {
	x.b = append(x.b, '\n')
	for range x.depth {
		x.b = append(x.b, ' ')
	}
}

func (x *xmlWriter) open(name string) {
	x.newline()
	x.b = append(append(append(x.b, '<'), name...), '>')
	x.depth++
	x.opened = true
}

// openAttr opens name with one attribute.
func (x *xmlWriter) openAttr(name, attr, value string) {
	x.newline()
	x.b = append(append(append(x.b, '<'), name...), ' ')
	x.b = append(append(x.b, attr...), `="`...)
	x.b = appendEscaped(x.b, value, true)
	x.b = append(x.b, `">`...)
	x.depth++
	x.opened = true
}

// openTag opens an element by its start tag, written as it is.
func (x *xmlWriter) openTag(tag string) {
	x.newline()
	x.b = append(x.b, tag...)
	x.depth++
	x.opened = true
}

// value writes the element value holding the property v as text, as
// text("value", layer.Format(v)) writes it, without the string.
func (x *xmlWriter) value(v any) {
	x.newline()
	x.b = append(x.b, "<value>"...)
	if s, ok := v.(string); ok {
		x.b = appendEscaped(x.b, s, false)
	} else {
		start := len(x.b)
		x.b = layer.AppendFormat(x.b, v)
		if plain := x.b[start:]; !isPlain(plain) {
			x.b = appendEscaped(x.b[:start], string(plain), false)
		}
	}
	x.b = append(x.b, "</value>"...)
	x.opened = false
}

// isPlain reports whether text holds no byte that appendEscaped would
// change: numbers and booleans, not JSON text.
func isPlain(text []byte) bool {
	for _, c := range text {
		if c < 0x20 || c >= utf8.RuneSelf || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
			return false
		}
	}
	return true
}

func (x *xmlWriter) close(name string) {
	x.depth--
	if !x.opened {
		x.newline()
	}
	x.b = append(append(append(x.b, "</"...), name...), '>')
	x.opened = false
}

// text writes the element name holding the text s.
func (x *xmlWriter) text(name, s string) {
	x.newline()
	x.b = append(append(append(x.b, '<'), name...), '>')
	x.b = appendEscaped(x.b, s, false)
	x.b = append(append(append(x.b, "</"...), name...), '>')
	x.opened = false
}

// coordinates writes the coordinates element of the positions.
func (x *xmlWriter) coordinates(ps []orb.Point) {
	x.newline()
	x.b = append(x.b, "<coordinates>"...)
	for i, p := range ps {
		if i > 0 {
			x.b = append(x.b, ' ')
		}
		x.b = geo.AppendShortest(x.b, p[0])
		x.b = append(x.b, ',')
		x.b = geo.AppendShortest(x.b, p[1])
	}
	x.b = append(x.b, "</coordinates>"...)
	x.opened = false
}

// appendEscaped appends s escaped as encoding/xml escapes text: the five
// markup characters as &amp; &lt; &gt; &#34; &#39;, tab and carriage
// return as &#x9; and &#xD;, a newline as &#xA; in an attribute
// (escapeNewline) and as itself in text, and each character XML cannot
// hold or byte of invalid UTF-8 as U+FFFD.
func appendEscaped(b []byte, s string, escapeNewline bool) []byte {
	done := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		width := 1
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				esc = "&amp;"
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '"':
				esc = "&#34;"
			case c == '\'':
				esc = "&#39;"
			case c == '\t':
				esc = "&#x9;"
			case c == '\r':
				esc = "&#xD;"
			case c == '\n':
				if escapeNewline {
					esc = "&#xA;"
				}
			case c < 0x20:
				esc = "\uFFFD"
			}
		} else {
			var r rune
			r, width = utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && width == 1) || !inXMLRange(r) {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			b = append(append(b, s[done:i]...), esc...)
			done = i + width
		}
		i += width
	}
	return append(b, s[done:]...)
}

// inXMLRange reports whether the character r, from U+0080 up, may appear
// in an XML document (XML 1.0, section 2.2).
func inXMLRange(r rune) bool {
	return r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
