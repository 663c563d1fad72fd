package webmap

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"image/color"
	"io"
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/geo"
)

// Leaflet 1.9.4 from npm, BSD 2-Clause (see leaflet/NOTICE.md).
var (
	//go:embed leaflet/leaflet.js
	leafletJS string
	//go:embed leaflet/leaflet.css
	leafletCSS string
	//go:embed leaflet/LICENSE
	leafletLicense string
)

// PxPerMM is the screen pixels per millimetre of a style's sizes: 96 dpi,
// as browsers and QGIS measure a CSS pixel.
const PxPerMM = 96 / 25.4

// coordDigits is the number of decimals kept of a coordinate: 1e-5 degrees
// is about a metre, finer than any symbol on the map.
const coordDigits = 5

// A symbol is one class of a layer as drawn in the browser.
type symbol struct {
	Color  string  `json:"color"`  // CSS colour of the fill, line or marker
	Size   float64 `json:"size"`   // line width or marker diameter, px
	Label  string  `json:"label"`  // legend text
	Legend bool    `json:"legend"` // shown in the legend (drawn somewhere)
}

// A webLayer is one layer as the page script reads it.
type webLayer struct {
	Name    string   `json:"name"`
	Title   string   `json:"title"`
	Dim     int      `json:"dim"` // 0 points, 1 lines, 2 polygons
	Hidden  bool     `json:"hidden"`
	Legend  bool     `json:"legend"`
	Head    string   `json:"head"` // legend heading
	Stroke  string   `json:"stroke"`
	StrokeW float64  `json:"strokeWidth"`
	Shape   string   `json:"shape"`
	Symbols []symbol `json:"symbols"`
	// Features holds the drawn features with their properties (for the
	// popup); Sym gives each one's symbol and size in px, Label its label.
	Features []*geojson.Feature `json:"-"` // written by encodeLayers

	Sym       [][2]float64 `json:"sym"`
	Labels    []string     `json:"labels"`
	Permanent bool         `json:"permanent"` // labels always shown (polygons)
}

// Options are the settings of Write; nil means all defaults.
type Options struct {
	// Title heads the page and the legend; "" means "Map".
	Title string
	// Notes are lines under the legend: sources, scenario.
	Notes []string
}

// Write writes the layers as one self-contained HTML page to w: Leaflet
// and the data inlined, each layer drawn by its Style with the same
// classes, colours and sizes as the QGIS style (Style.Class and
// Style.FeatureSize decide in Go, so the browser cannot disagree), bottom
// to top in layer.DrawOrder, Hidden layers switched off in the layer
// control, a legend, and a popup listing each feature's properties. There
// is no tile basemap, since the page must work without a network. Layers
// go through layer.Prepare; those whose Style.WebMapOmitted is set are left
// out. The data is streamed into the page, so an error from w can leave
// part of the page written.
func Write(w io.Writer, layers []layer.Layer, opts *Options) error {
	if opts == nil {
		opts = &Options{}
	}
	ls, err := layer.Prepare(layers)
	if err != nil {
		return fmt.Errorf("webmap: %w", err)
	}
	var out []webLayer
	for _, l := range layer.DrawOrder(ls) {
		if !l.Style.WebMapOmitted {
			out = append(out, build(l))
		}
	}
	title := opts.Title
	if title == "" {
		title = "Map"
	}
	// The page is made with a marker where the data goes, and the data,
	// tens of megabytes for a corridor, streamed in its place.
	var p bytes.Buffer
	if err := page.Execute(&p, map[string]any{
		"Title":   title,
		"Notes":   opts.Notes,
		"CSS":     template.CSS(leafletCSS),
		"JS":      template.JS(leafletJS),
		"License": leafletLicense,
		"Data":    template.JS(dataMarker),
		"Script":  template.JS(script),
	}); err != nil {
		return fmt.Errorf("webmap: %w", err)
	}
	// The last marker is the data's: only the fixed script follows it.
	at := bytes.LastIndex(p.Bytes(), []byte(dataMarker))
	if _, err := w.Write(p.Bytes()[:at]); err != nil {
		return fmt.Errorf("webmap: %w", err)
	}
	if err := encodeLayers(w, out); err != nil {
		return fmt.Errorf("webmap: %w", err)
	}
	if _, err := w.Write(p.Bytes()[at+len(dataMarker):]); err != nil {
		return fmt.Errorf("webmap: %w", err)
	}
	return nil
}

// dataMarker stands for the layers' data in the page template. The title
// and notes may hold it too, but they come before the data, and only the
// fixed script after it, so the data's marker is the last.
const dataMarker = "/*routerisk:layers*/"

// encodeLayers writes the layers to w as the page's JSON array, each
// layer's features as a GeoJSON FeatureCollection member "features".
// Strings are escaped as encoding/json escapes them (<, > and & included),
// so the data is safe inside <script>; the features go through geo's
// streaming encoder rather than reflection, in pieces of about 64 KiB.
func encodeLayers(w io.Writer, ls []webLayer) error {
	const flushAt = 1 << 16
	b := make([]byte, 0, flushAt+flushAt/4)
	b = append(b, '[')
	for i, l := range ls {
		if i > 0 {
			b = append(b, ',')
		}
		head, err := json.Marshal(l)
		if err != nil {
			return fmt.Errorf("layer %q: %w", l.Name, err)
		}
		b = append(b, head[:len(head)-1]...) // without the closing brace
		b = append(b, `,"features":{"type":"FeatureCollection","features":[`...)
		for j, f := range l.Features {
			if j > 0 {
				b = append(b, ',')
			}
			if b, err = geo.AppendFeature(b, f); err != nil {
				return fmt.Errorf("layer %q: feature %d: %w", l.Name, j, err)
			}
			if len(b) >= flushAt {
				if _, err := w.Write(b); err != nil {
					return err
				}
				b = b[:0]
			}
		}
		b = append(b, "]}}"...)
	}
	b = append(b, ']')
	_, err := w.Write(b)
	return err
}

// build returns the browser's description of a prepared layer.
func build(l layer.Layer) webLayer {
	s := l.Style
	dim := l.SymbolDim()
	wl := webLayer{
		Name: l.Name, Title: l.DisplayTitle(), Dim: dim, Hidden: s.Hidden, Legend: !s.NoLegend,
		Head: l.DisplayTitle(), Shape: s.Shape.String(), Permanent: dim == 2,
	}
	if s.Kind != layer.Single {
		wl.Head += ": " + s.Field
	}
	if s.Stroke.A > 0 {
		wl.Stroke = css(s.Stroke)
		wl.StrokeW = round(s.OutlineWidth() * PxPerMM)
	}
	n := s.NumClasses()
	other := s.Kind == layer.Categorized && s.Color.A > 0
	classes := n
	if other {
		classes++ // the last symbol draws the "other values"
	}
	for i := 0; i < classes; i++ {
		c := i
		if i == n {
			c = -1
		}
		label := s.ClassLabel(c)
		if s.Kind == layer.Single {
			label = l.DisplayTitle()
		}
		wl.Symbols = append(wl.Symbols, symbol{Color: css(s.ClassColor(c)), Size: round(s.ClassSize(c, dim) * PxPerMM), Label: label, Legend: s.Kind == layer.Graduated})
	}
	for _, f := range l.Features.Features {
		c, ok := s.Class(f.Properties)
		if !ok || f.Geometry == nil {
			continue
		}
		k := c
		if c < 0 {
			k = n
		}
		wl.Symbols[k].Legend = true
		g := f.Geometry
		// Not geojson.NewFeature, whose properties map would go unused.
		nf := &geojson.Feature{Type: "Feature", Geometry: roundGeometry(g), Properties: f.Properties}
		wl.Features = append(wl.Features, nf)
		wl.Sym = append(wl.Sym, [2]float64{float64(k), round(s.FeatureSize(c, dim, f.Properties) * PxPerMM)})
		text, _ := s.Label(f.Properties)
		wl.Labels = append(wl.Labels, text)
	}
	return wl
}

func css(c color.NRGBA) string {
	return fmt.Sprintf("rgba(%d,%d,%d,%s)", c.R, c.G, c.B, layer.FormatFloat(math.Round(float64(c.A)/255*1000)/1000))
}

func round(v float64) float64 { return math.Round(v*100) / 100 }

// roundGeometry returns a copy of g with coordinates rounded to
// coordDigits decimals.
func roundGeometry(g orb.Geometry) orb.Geometry {
	p := math.Pow(10, coordDigits)
	r := func(q orb.Point) orb.Point { return orb.Point{math.Round(q[0]*p) / p, math.Round(q[1]*p) / p} }
	pts := func(ps []orb.Point) []orb.Point {
		out := make([]orb.Point, len(ps))
		for i, q := range ps {
			out[i] = r(q)
		}
		return out
	}
	switch g := g.(type) {
	case orb.Point:
		return r(g)
	case orb.MultiPoint:
		return orb.MultiPoint(pts(g))
	case orb.LineString:
		return orb.LineString(pts(g))
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, l := range g {
			out[i] = pts(l)
		}
		return out
	case orb.Polygon:
		out := make(orb.Polygon, len(g))
		for i, ring := range g {
			out[i] = pts(ring)
		}
		return out
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, poly := range g {
			out[i] = roundGeometry(poly).(orb.Polygon)
		}
		return out
	}
	return g
}

// script draws LAYERS with Leaflet: one SVG renderer, layers in order,
// a layer control, a legend and popups. It records errors and the number
// of features drawn on the body, so that a headless browser can check.
const script = `
(function () {
  var errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e.message));
    document.body.setAttribute('data-errors', errors.join(' | '));
  });
  var map = L.map('map', {renderer: L.svg({padding: 0.5}), zoomSnap: 0.25, preferCanvas: false});
  var overlays = {}, bounds = null, drawn = 0;
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function popup(title, props) {
    props = props || {};
    var keys = Object.keys(props).sort(function (a, b) {
      var ka = a === 'p_interdict' ? 0 : 1, kb = b === 'p_interdict' ? 0 : 1;
      return ka - kb || (a < b ? -1 : a > b ? 1 : 0);
    });
    var rows = keys.map(function (k) {
      var v = props[k];
      if (v === null || v === undefined) v = '';
      else if (typeof v === 'object') v = JSON.stringify(v);
      return '<tr' + (k === 'p_interdict' ? ' class="key"' : '') + '><td>' + esc(k) + '</td><td>' + esc(v) + '</td></tr>';
    });
    return '<div class="rr-popup"><b>' + esc(title) + '</b><table>' + rows.join('') + '</table></div>';
  }
  function marker(shape, latlng, size, sym, l) {
    var r = Math.max(size / 2, 1.5);
    var opts = {radius: r, color: l.stroke || sym.color, weight: l.stroke ? l.strokeWidth : 0,
      fillColor: sym.color, fillOpacity: 1, opacity: 1};
    if (shape === 'circle') return L.circleMarker(latlng, opts);
    var html = '<svg width="' + (2 * r + 2) + '" height="' + (2 * r + 2) + '" viewBox="' + (-r - 1) + ' ' + (-r - 1) + ' ' + (2 * r + 2) + ' ' + (2 * r + 2) + '">' +
      '<path d="' + shapePath(shape, r) + '" fill="' + sym.color + '" stroke="' + (l.stroke || 'none') + '" stroke-width="' + (l.strokeWidth || 0) + '"/></svg>';
    return L.marker(latlng, {icon: L.divIcon({html: html, className: '', iconSize: [2 * r + 2, 2 * r + 2]})});
  }
  function shapePath(shape, r) {
    if (shape === 'square') return 'M' + (-r) + ',' + (-r) + 'H' + r + 'V' + r + 'H' + (-r) + 'Z';
    if (shape === 'diamond') return 'M0,' + (-r) + 'L' + r + ',0L0,' + r + 'L' + (-r) + ',0Z';
    return 'M0,' + (-r) + 'L' + (0.866 * r) + ',' + (0.5 * r) + 'L' + (-0.866 * r) + ',' + (0.5 * r) + 'Z';
  }
  LAYERS.forEach(function (l) {
    var i = 0;
    var group = L.geoJSON(l.features, {
      style: function (f) {
        if (l.dim === 0) return undefined; // markers keep their own options
        var s = l.sym[i], sym = l.symbols[s[0]];
        if (l.dim === 2) return {color: l.stroke || sym.color, weight: l.stroke ? l.strokeWidth : 0, fillColor: sym.color, fillOpacity: 1};
        return {color: sym.color, weight: Math.max(s[1], 0.5), opacity: 1, lineCap: 'round', lineJoin: 'round'};
      },
      pointToLayer: function (f, latlng) {
        var s = l.sym[i];
        return marker(l.shape, latlng, s[1], l.symbols[s[0]], l);
      },
      onEachFeature: function (f, layer) {
        layer.bindPopup(popup(l.labels[i] || l.title, f.properties));
        if (l.labels[i]) layer.bindTooltip(esc(l.labels[i]), {permanent: l.permanent, direction: 'center', className: 'rr-label'});
        i++;
        drawn++;
      }
    });
    overlays[esc(l.title)] = group;
    if (!l.hidden) {
      group.addTo(map);
      var b = group.getBounds();
      if (b.isValid()) bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
    }
  });
  if (!bounds) bounds = L.latLngBounds([[-60, -180], [80, 180]]);
  if (bounds.getNorth() - bounds.getSouth() < 0.5 && bounds.getEast() - bounds.getWest() < 0.5) bounds = bounds.pad(5);
  map.fitBounds(bounds, {padding: [10, 10]});
  L.control.layers(null, overlays, {collapsed: false, position: 'topright'}).addTo(map);
  L.control.scale({imperial: false}).addTo(map);
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var div = L.DomUtil.create('div', 'rr-legend');
    var html = '<h1>' + esc(TITLE) + '</h1>';
    LAYERS.slice().reverse().forEach(function (l) {
      if (!l.legend) return;
      html += '<h2>' + esc(l.head) + '</h2>';
      l.symbols.forEach(function (sym) {
        if (!sym.legend) return;
        var sw;
        if (l.dim === 1) sw = '<svg width="28" height="12"><line x1="2" y1="6" x2="26" y2="6" stroke="' + sym.color + '" stroke-width="' + Math.min(Math.max(sym.size, 2), 8) + '" stroke-linecap="round"/></svg>';
        else if (l.dim === 2) sw = '<svg width="28" height="14"><rect x="2" y="1" width="24" height="12" fill="' + sym.color + '" stroke="' + (l.stroke || 'none') + '"/></svg>';
        else sw = '<svg width="28" height="14" viewBox="-14 -7 28 14"><path d="' + (l.shape === 'circle' ? 'M-5,0a5,5 0 1,0 10,0a5,5 0 1,0 -10,0' : shapePath(l.shape, 6)) + '" fill="' + sym.color + '" stroke="' + (l.stroke || 'none') + '"/></svg>';
        html += '<div class="row">' + sw + '<span>' + esc(sym.label) + '</span></div>';
      });
    });
    (NOTES || []).forEach(function (n) { html += '<div class="note">' + esc(n) + '</div>'; });
    div.innerHTML = html;
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo(map);
  document.body.setAttribute('data-drawn', String(drawn));
})();
`

var page = template.Must(template.New("index.html").Parse(strings.TrimSpace(`
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
<style>
html, body, #map { height: 100%; margin: 0; }
#map { background: #f4f6f8; }
.rr-legend { background: #fff; padding: 8px 12px; font: 12px/1.4 sans-serif; max-height: 70vh; overflow-y: auto; box-shadow: 0 1px 4px rgba(0,0,0,.3); border-radius: 4px; }
.rr-legend h1 { font-size: 14px; margin: 0 0 6px; }
.rr-legend h2 { font-size: 12px; margin: 8px 0 2px; }
.rr-legend .row { display: flex; align-items: center; gap: 6px; }
.rr-legend .note { color: #555; margin-top: 8px; max-width: 280px; }
.rr-popup table { border-collapse: collapse; font: 12px sans-serif; }
.rr-popup td { padding: 1px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
.rr-popup td:first-child { color: #555; }
.rr-popup .key td { font-weight: bold; }
.rr-label { background: rgba(255,255,255,.75); border: none; box-shadow: none; font: 11px sans-serif; padding: 0 2px; }
</style>
</head>
<body>
<div id="map"></div>
<pre id="leaflet-license" hidden>Leaflet 1.9.4 (https://leafletjs.com), inlined below, is used under the BSD 2-Clause License:

{{.License}}</pre>
<script>{{.JS}}</script>
<script>
var TITLE = {{.Title}};
var NOTES = {{.Notes}};
var LAYERS = {{.Data}};
</script>
<script>{{.Script}}</script>
</body>
</html>
`)))
