package layer

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb/geojson"
)

// InterdictionField is the property holding an interdiction probability.
const InterdictionField = "p_interdict"

// InterdictionBreaks are the fixed class edges for interdiction
// probabilities. Fixed, not computed from the data, so that one colour
// means one probability in every scenario and every run. They roughly
// double from class to class, since the probabilities of one crossing or
// one 5 km stretch of border are small: in the 2010 baseline the border
// segments run from 0.003 to 0.06 (median 0.016) and most crossings score
// 0.015, so the classes split them where the differences lie.
var InterdictionBreaks = []float64{0, 0.005, 0.01, 0.02, 0.05, 0.1, 1}

// InterdictionColors colour the InterdictionBreaks classes from permeable
// (red: a shipment is likely to pass) to guarded (blue): ColorBrewer's
// RdYlBu, whose two palest middle colours are left out so that thin lines
// stay visible on a pale map, and which reads for the colour-blind.
var InterdictionColors = []color.NRGBA{
	hex(0xd73027), hex(0xf46d43), hex(0xfdae61), hex(0xabd9e9), hex(0x74add1), hex(0x4575b4),
}

// InterdictionLabels are the legend texts of the InterdictionBreaks classes.
var InterdictionLabels = []string{
	"0 – 0.005 permeable", "0.005 – 0.01", "0.01 – 0.02", "0.02 – 0.05", "0.05 – 0.1", "0.1 – 1 guarded",
}

// mutedColors fill the countries: pale, distinct, and quiet enough for
// the red-to-blue lines drawn on them.
var mutedColors = []color.NRGBA{
	hex(0xe9dfc9), hex(0xd8e3cf), hex(0xe8d5d0), hex(0xd5dde7),
	hex(0xeee6c4), hex(0xdfd6e6), hex(0xcfe2de), hex(0xe4dccf),
}

// categoryColors tell categories (graph node and edge kinds) apart:
// ColorBrewer Dark2.
var categoryColors = []color.NRGBA{
	hex(0x1b9e77), hex(0xd95f02), hex(0x7570b3), hex(0xe7298a),
	hex(0x66a61e), hex(0xe6ab02), hex(0xa6761d), hex(0x666666),
}

// rankColors draw routes by rank, the best route darkest: ColorBrewer RdPu.
var rankColors = []color.NRGBA{
	hex(0x49006a), hex(0x7a0177), hex(0xae017e), hex(0xdd3497), hex(0xf768a1), hex(0xfa9fb5),
}

// flowColors grade flows from light to dark orange: ColorBrewer Oranges.
var flowColors = []color.NRGBA{
	hex(0xfdd0a2), hex(0xfdae6b), hex(0xfd8d3c), hex(0xe6550d), hex(0xa63603),
}

func hex(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// TopRouteClasses is the number of best-ranked routes that the default
// style draws each in a class of its own.
const TopRouteClasses = 5

// DefaultTitle returns the display title of a layer the library produces
// ("segments" → "Border segments"), and name itself for other names.
func DefaultTitle(name string) string {
	switch name {
	case "countries":
		return "Countries"
	case "borders":
		return "Borders"
	case "segments":
		return "Border segments"
	case "crossings":
		return "Crossings"
	case "outposts":
		return "Border posts"
	case "settlements":
		return "Settlements"
	case "roads":
		return "Roads"
	case "nodes":
		return "Graph nodes"
	case "edges":
		return "Graph edges"
	case "routes":
		return "Routes"
	case "flows":
		return "Flows"
	}
	return name
}

// MainSettlementPopulation is the population from which the default style
// labels a settlement.
const MainSettlementPopulation = 250000

// SettlementLabelScale is the scale denominator from which the default
// style labels every settlement of a layer that gives no populations.
const SettlementLabelScale = 1500000

// DefaultStyle returns the style for a layer of the given name, fitted to
// its features where the style depends on them (the categories present,
// the largest tonnage). For the layers the library produces:
//
//   - countries: a muted fill per country code, labelled by name;
//   - borders, segments: graduated by p_interdict over InterdictionBreaks,
//     red (permeable) to blue (guarded); plain grey lines without it;
//   - crossings: points graduated the same way, labelled by name;
//   - outposts: small green triangles; settlements: grey dots sized by
//     population, the main ones (MainSettlementPopulation and more)
//     labelled, or, where no settlement has a population, every one
//     labelled from 1:SettlementLabelScale in;
//   - nodes, edges: categorized by kind, switched off;
//   - routes: categorized by rank (the TopRouteClasses best; the others
//     thin and faint), best darkest and on top, width by tonnes;
//   - flows: graduated by tonnes (quantile classes), width by tonnes.
//
// Other names get a single grey symbol. A classification whose field no
// feature holds falls back to a single symbol, since QGIS draws nothing
// for features outside every class.
func DefaultStyle(name string, fc *geojson.FeatureCollection) Style {
	if fc == nil {
		fc = geojson.NewFeatureCollection()
	}
	switch name {
	case "countries":
		s := Style{Color: hex(0xeeeae2), Stroke: hex(0x8f8f8f), StrokeWidth: 0.3, LabelField: "name", LabelSize: 10}
		if vals := distinct(fc, "code"); len(vals) > 0 {
			s.Kind, s.Field, s.Values = Categorized, "code", vals
			s.Colors = cycle(mutedColors, len(vals))
		}
		return s
	case "borders", "segments":
		width := 0.5
		if name == "borders" {
			width = 0.7
		}
		if hasNumber(fc, InterdictionField) {
			return interdiction(Style{Size: width + 0.3})
		}
		return Style{Color: hex(0x555555), Size: width}
	case "crossings":
		s := Style{Color: hex(0xffffff), Stroke: hex(0x1a1a1a), StrokeWidth: 0.4, Size: 2.6, LabelField: "name"}
		if hasNumber(fc, InterdictionField) {
			s = interdiction(s)
			s.Size = 3.2
		}
		return s
	case "outposts":
		return Style{Color: hex(0x2f6b3a), Stroke: hex(0xffffff), StrokeWidth: 0.2, Size: 1.8, Shape: Triangle}
	case "settlements":
		s := Style{Color: withAlpha(hex(0x5a5a5a), 200), Size: 0.6}
		if hi, ok := maxNumber(fc, "population"); ok && hi > 0 {
			s.SizeField, s.SizeDomain, s.SizeRange = "population", [2]float64{1000, 2000000}, [2]float64{0.4, 2.6}
			s.LabelField, s.LabelMinField, s.LabelMin = "name", "population", MainSettlementPopulation
		} else {
			s.LabelField, s.LabelMaxScale = "name", SettlementLabelScale
		}
		return s
	case "roads":
		return Style{Color: hex(0xb08850), Size: 0.4}
	case "nodes", "edges":
		s := Style{Color: hex(0x666666), Size: 1.6, Hidden: true}
		if name == "edges" {
			s.Size = 0.3
		}
		if vals := distinct(fc, "kind"); len(vals) > 0 {
			s.Kind, s.Field, s.Values = Categorized, "kind", vals
			s.Colors = cycle(categoryColors, len(vals))
		}
		return s
	case "routes":
		s := Style{Color: withAlpha(rankColors[0], 230), Size: 1.6, OrderField: "rank", OrderDescending: true}
		if vals := distinct(fc, "rank"); len(vals) > 0 {
			// The best TopRouteClasses ranks get a class each, darkest
			// first; the others are drawn thin and faint as "other values".
			s.Kind, s.Field, s.Color = Categorized, "rank", color.NRGBA{}
			if len(vals) > TopRouteClasses {
				vals = vals[:TopRouteClasses]
				s.Color = withAlpha(rankColors[len(rankColors)-1], 90)
			}
			s.Values = vals
			s.Colors = make([]color.NRGBA, len(vals))
			s.Labels = make([]string, len(vals))
			s.Sizes = make([]float64, len(vals))
			for i, v := range vals {
				s.Colors[i] = withAlpha(rankColors[min(i, len(rankColors)-1)], 230)
				s.Labels[i] = "route " + v
				s.Sizes[i] = max(2.4-0.4*float64(i), 0.8)
			}
			s.Size = 0.4 // the other routes
		}
		if hi, ok := maxNumber(fc, "tonnes"); ok && hi > 0 {
			s.SizeField, s.SizeDomain, s.SizeRange = "tonnes", [2]float64{0, hi}, [2]float64{0.8, 3.6}
		}
		return s
	case "flows":
		s := Style{Color: hex(0xe6550d), Size: 0.8}
		if breaks := roundBreaks(QuantileBreaks(fc, "tonnes", len(flowColors))); len(breaks) >= 2 {
			s.Kind, s.Field, s.Breaks = Graduated, "tonnes", breaks
			s.Colors = Ramp(flowColors, len(breaks)-1)
		}
		if hi, ok := maxNumber(fc, "tonnes"); ok && hi > 0 {
			s.SizeField, s.SizeDomain, s.SizeRange = "tonnes", [2]float64{0, hi}, [2]float64{0.3, 3.0}
			s.OrderField = "tonnes"
		}
		return s
	}
	return Style{Color: hex(0x7a7a7a), Stroke: hex(0x4d4d4d)}
}

// interdiction returns s graduated by p_interdict over the fixed breaks.
func interdiction(s Style) Style {
	s.Kind, s.Field = Graduated, InterdictionField
	s.Breaks = slices.Clone(InterdictionBreaks)
	s.Colors = slices.Clone(InterdictionColors)
	s.Labels = slices.Clone(InterdictionLabels)
	return s
}

func cycle(cs []color.NRGBA, n int) []color.NRGBA {
	out := make([]color.NRGBA, n)
	for i := range out {
		out[i] = cs[i%len(cs)]
	}
	return out
}

// distinct returns the distinct non-null values of field as text: in
// numeric order when all are numbers, else sorted as text.
func distinct(fc *geojson.FeatureCollection, field string) []string {
	seen := map[string]float64{}
	numeric := true
	for _, f := range fc.Features {
		if f == nil || f.Properties[field] == nil {
			continue
		}
		v := f.Properties[field]
		n, ok := Number(v)
		numeric = numeric && ok
		seen[Format(v)] = n
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b string) int {
		if numeric {
			if c := cmp.Compare(seen[a], seen[b]); c != 0 {
				return c
			}
		}
		return cmp.Compare(a, b)
	})
	return out
}

func numbers(fc *geojson.FeatureCollection, field string) []float64 {
	var vs []float64
	for _, f := range fc.Features {
		if f == nil {
			continue
		}
		if v, ok := Number(f.Properties[field]); ok && !math.IsNaN(v) && !math.IsInf(v, 0) {
			vs = append(vs, v)
		}
	}
	return vs
}

func hasNumber(fc *geojson.FeatureCollection, field string) bool {
	return len(numbers(fc, field)) > 0
}

func maxNumber(fc *geojson.FeatureCollection, field string) (float64, bool) {
	vs := numbers(fc, field)
	if len(vs) == 0 {
		return 0, false
	}
	return slices.Max(vs), true
}

// QuantileBreaks returns up to n+1 class edges that split the numeric
// values of field into n classes of about equal counts: the minimum, the
// quantiles at 1/n ... (n-1)/n (nearest rank), the maximum, with repeats
// removed. It returns nil when the field has fewer than two distinct
// numbers.
func QuantileBreaks(fc *geojson.FeatureCollection, field string, n int) []float64 {
	if fc == nil || n < 1 {
		return nil
	}
	vs := numbers(fc, field)
	if len(vs) == 0 {
		return nil
	}
	slices.Sort(vs)
	out := []float64{vs[0]}
	for i := 1; i < n; i++ {
		q := vs[min(len(vs)-1, int(math.Ceil(float64(i)*float64(len(vs))/float64(n)))-1)]
		if q > out[len(out)-1] {
			out = append(out, q)
		}
	}
	if hi := vs[len(vs)-1]; hi > out[len(out)-1] {
		out = append(out, hi)
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// roundBreaks rounds inner breaks to two significant digits and the outer
// ones outwards, so that the legend reads well and every value stays
// inside; breaks that become equal are merged.
func roundBreaks(bs []float64) []float64 {
	if len(bs) < 2 {
		return nil
	}
	out := make([]float64, 0, len(bs))
	for i, b := range bs {
		var r float64
		switch i {
		case 0:
			r = roundSig(b, 2, math.Floor)
		case len(bs) - 1:
			r = roundSig(b, 2, math.Ceil)
		default:
			r = roundSig(b, 2, math.Round)
		}
		if len(out) == 0 || r > out[len(out)-1] {
			out = append(out, r)
		} else if i == len(bs)-1 {
			out[len(out)-1] = r
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

func roundSig(v float64, digits int, round func(float64) float64) float64 {
	if v == 0 {
		return 0
	}
	p := math.Pow(10, float64(digits)-math.Ceil(math.Log10(math.Abs(v))))
	r, _ := strconv.ParseFloat(strconv.FormatFloat(round(v*p)/p, 'g', 12, 64), 64)
	return r
}

// Ramp returns n colours spread evenly along the stops, interpolated in
// sRGB: the first and last are the first and last stop.
func Ramp(stops []color.NRGBA, n int) []color.NRGBA {
	out := make([]color.NRGBA, n)
	if len(stops) == 0 {
		return out
	}
	for i := range out {
		if n == 1 || len(stops) == 1 {
			out[i] = stops[len(stops)-1]
			continue
		}
		t := float64(i) / float64(n-1) * float64(len(stops)-1)
		j := min(int(t), len(stops)-2)
		f := t - float64(j)
		a, b := stops[j], stops[j+1]
		mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
		out[i] = color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), mix(a.A, b.A)}
	}
	return out
}

// drawRank is the bottom-to-top order of the library's layers within
// their dimension.
var drawRank = map[string]int{
	"countries": 0,
	"borders":   0, "segments": 1, "roads": 2, "edges": 3, "flows": 4, "routes": 5,
	"outposts": 0, "nodes": 1, "settlements": 2, "crossings": 3,
}

// DrawOrder returns the layers sorted from bottom to top: polygons, then
// lines, then points, then layers without geometry; within each, the
// library's layers in a fixed order (countries; borders, segments, roads,
// edges, flows, routes; outposts, nodes, settlements, crossings), other
// layers after them in the order given.
func DrawOrder(ls []Layer) []Layer {
	type keyed struct {
		l          Layer
		band, rank int
	}
	ks := make([]keyed, len(ls))
	for i, l := range ls {
		band := 3 // no geometry: on top
		if l.Features != nil {
			if d := GeometryType(l.Features).Dim(); d >= 0 {
				band = 2 - d // polygons 0, lines 1, points 2
			}
		}
		r, ok := drawRank[l.Name]
		if !ok {
			r = 100
		}
		ks[i] = keyed{l, band, r}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.band, b.band), cmp.Compare(a.rank, b.rank))
	})
	out := make([]Layer, len(ks))
	for i, k := range ks {
		out[i] = k.l
	}
	return out
}
