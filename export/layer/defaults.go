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

// TopRouteClasses is the number of best-ranked routes that RouteStyle
// draws each in a class of its own.
const TopRouteClasses = 5

// PictureRoutes is the number of best-ranked routes that RouteStyle keeps
// in the small-scale map picture.
const PictureRoutes = 3

// PictureCrossingLabels is the number of crossings, the busiest by tonnes,
// that CrossingStyle labels in the map picture.
const PictureCrossingLabels = 12

// MainSettlementPopulation is the population from which SettlementStyle
// labels a settlement.
const MainSettlementPopulation = 250000

// SettlementLabelScale is the scale denominator from which SettlementStyle
// labels every settlement of a layer that gives no populations.
const SettlementLabelScale = 1500000

// Plain grey of the styles by geometry.
var (
	plainFill   = hex(0xd9d9d9)
	plainStroke = hex(0x4d4d4d)
	plainLine   = hex(0x555555)
	plainPoint  = hex(0x7a7a7a)
)

// PlainStyle returns the style of a layer whose caller chose none: by the
// layer's geometry alone, grey polygons with a dark outline, grey lines
// DefaultLineWidth wide, or grey circles DefaultMarkerSize across.
func PlainStyle(fc *geojson.FeatureCollection) Style {
	dim := 0
	if fc != nil {
		dim = GeometryType(fc).Dim()
	}
	switch dim {
	case 2:
		return Style{Color: plainFill, Stroke: plainStroke}
	case 1:
		return LineStyle(plainLine, DefaultLineWidth)
	}
	return PointStyle(plainPoint, DefaultMarkerSize, Circle)
}

// LineStyle returns a single-symbol line style of the colour c, width mm
// wide.
func LineStyle(c color.NRGBA, width float64) Style {
	return Style{Color: c, Size: width}
}

// PointStyle returns a single-symbol point style: markers of the shape and
// colour given, size mm across, with a thin white outline.
func PointStyle(c color.NRGBA, size float64, shape Shape) Style {
	return Style{Color: c, Stroke: hex(0xffffff), StrokeWidth: 0.2, Size: size, Shape: shape}
}

// CountryStyle returns the style of a country layer: a muted fill per
// value of "code" (one grey fill where no feature has a code), grey
// outlines, labelled by "name", and left out of the map legends, since
// the labels name the countries.
func CountryStyle(fc *geojson.FeatureCollection) Style {
	s := Style{Color: hex(0xeeeae2), Stroke: hex(0x8f8f8f), StrokeWidth: 0.3, LabelField: "name", LabelSize: 10, NoLegend: true}
	if vals := distinct(fc, "code"); len(vals) > 0 {
		s.Kind, s.Field, s.Values = Categorized, "code", vals
		s.Colors = cycle(mutedColors, len(vals))
	}
	return s
}

// InterdictionStyle returns base graduated by p_interdict over the fixed
// InterdictionBreaks, from red (permeable) to blue (guarded), so that one
// colour means one probability in every layer, scenario and run.
func InterdictionStyle(base Style) Style {
	base.Kind, base.Field = Graduated, InterdictionField
	base.Breaks = slices.Clone(InterdictionBreaks)
	base.Colors = slices.Clone(InterdictionColors)
	base.Labels = slices.Clone(InterdictionLabels)
	return base
}

// BorderStyle returns the style of whole borders: InterdictionStyle lines
// 1 mm wide where a feature has a p_interdict, else plain grey lines
// 0.7 mm wide.
func BorderStyle(fc *geojson.FeatureCollection) Style {
	return scoredLines(fc, 0.7)
}

// SegmentStyle returns the style of border segments: InterdictionStyle
// lines 0.8 mm wide where a feature has a p_interdict, else plain grey
// lines 0.5 mm wide.
func SegmentStyle(fc *geojson.FeatureCollection) Style {
	return scoredLines(fc, 0.5)
}

// scoredLines returns interdiction lines width+0.3 mm wide, or grey lines
// width mm wide when no feature is scored: a classification whose field no
// feature holds would draw nothing in QGIS.
func scoredLines(fc *geojson.FeatureCollection, width float64) Style {
	if hasNumber(fc, InterdictionField) {
		return InterdictionStyle(LineStyle(plainLine, width+0.3))
	}
	return LineStyle(plainLine, width)
}

// CrossingStyle returns the style of border crossings: InterdictionStyle
// markers 3.2 mm across with a dark outline where scored (white markers
// 2.6 mm across otherwise), labelled by "name"; the map picture labels only
// the PictureCrossingLabels busiest by "tonnes" where tonnes are given.
func CrossingStyle(fc *geojson.FeatureCollection) Style {
	s := Style{Color: hex(0xffffff), Stroke: hex(0x1a1a1a), StrokeWidth: 0.4, Size: 2.6, LabelField: "name",
		PictureLabels: PictureCrossingLabels, PictureLabelField: "tonnes"}
	if hasNumber(fc, InterdictionField) {
		s = InterdictionStyle(s)
		s.Size = 3.2
	}
	return s
}

// OutpostStyle returns the style of border posts: small dark green
// triangles, left out of the small-scale map picture.
func OutpostStyle() Style {
	s := PointStyle(hex(0x2f6b3a), 1.8, Triangle)
	s.PictureHidden = true
	return s
}

// SettlementStyle returns the style of settlements: grey dots sized by
// "population" with the main ones (MainSettlementPopulation and more)
// labelled by "name", or, where no feature has a population, small dots
// all labelled from 1:SettlementLabelScale in. The map picture draws only
// the settlements labelled at every scale.
func SettlementStyle(fc *geojson.FeatureCollection) Style {
	s := Style{Color: withAlpha(hex(0x5a5a5a), 200), Size: 0.6, PictureLabelledOnly: true}
	if hi, ok := maxNumber(fc, "population"); ok && hi > 0 {
		s.SizeField, s.SizeDomain, s.SizeRange = "population", [2]float64{1000, 2000000}, [2]float64{0.4, 2.6}
		s.LabelField, s.LabelMinField, s.LabelMin = "name", "population", MainSettlementPopulation
	} else {
		s.LabelField, s.LabelMaxScale = "name", SettlementLabelScale
	}
	return s
}

// RoadStyle returns the style of roads: brown lines 0.4 mm wide.
func RoadStyle() Style { return LineStyle(hex(0xb08850), 0.4) }

// NodeStyle returns the style of graph nodes: markers 1.6 mm across,
// categorized by "kind", switched off.
func NodeStyle(fc *geojson.FeatureCollection) Style {
	return kinds(fc, Style{Color: hex(0x666666), Size: 1.6, Hidden: true})
}

// EdgeStyle returns the style of graph edges: lines 0.3 mm wide,
// categorized by "kind", switched off.
func EdgeStyle(fc *geojson.FeatureCollection) Style {
	return kinds(fc, LineStyle(hex(0x666666), 0.3))
}

func kinds(fc *geojson.FeatureCollection, s Style) Style {
	s.Hidden = true
	if vals := distinct(fc, "kind"); len(vals) > 0 {
		s.Kind, s.Field, s.Values = Categorized, "kind", vals
		s.Colors = cycle(categoryColors, len(vals))
	}
	return s
}

// RouteStyle returns the style of ranked routes: categorized by "rank",
// the TopRouteClasses best each in a class, darkest and widest first and
// drawn on top, the others thin and faint; width by "tonnes" where given.
// The map picture keeps the PictureRoutes best.
func RouteStyle(fc *geojson.FeatureCollection) Style {
	s := Style{Color: withAlpha(rankColors[0], 230), Size: 1.6, OrderField: "rank", OrderDescending: true,
		PictureMaxField: "rank", PictureMax: PictureRoutes}
	if vals := distinct(fc, "rank"); len(vals) > 0 {
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
}

// FlowStyle returns the style of flows on edges: graduated by "tonnes" in
// quantile classes, light to dark orange, width by tonnes, the largest on
// top; left out of the map picture unless named there.
func FlowStyle(fc *geojson.FeatureCollection) Style {
	s := Style{Color: hex(0xe6550d), Size: 0.8, PictureHidden: true}
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

// divergingColors run from blue (the value fell) through pale grey (no
// change) to red (it rose): ColorBrewer RdBu, reversed.
var divergingColors = []color.NRGBA{
	hex(0x2166ac), hex(0x67a9cf), hex(0xd1e5f0), hex(0xf0f0f0), hex(0xfddbc7), hex(0xef8a62), hex(0xb2182b),
}

// DivergingStyle returns base graduated by a difference field on a
// diverging ramp: seven classes symmetric about zero, blue for falls, grey
// for the class holding zero, red for rises, the edges at ±1/7, ±3/7 and
// ±5/7 of the largest absolute value (rounded up to two significant
// digits) so that equal changes either way get equal colours. With no
// number in the field, or only zeros, base is returned unchanged.
func DivergingStyle(field string, base Style, fc *geojson.FeatureCollection) Style {
	hi := 0.0
	for _, v := range numbers(fc, field) {
		hi = max(hi, math.Abs(v))
	}
	if hi == 0 {
		return base
	}
	hi = roundSig(hi, 2, math.Ceil)
	base.Kind, base.Field = Graduated, field
	base.Breaks = []float64{-hi}
	for _, f := range []float64{-5, -3, -1, 1, 3, 5, 7} {
		base.Breaks = append(base.Breaks, roundSig(f/7*hi, 3, math.Round))
	}
	base.Breaks[len(base.Breaks)-1] = hi
	base.Colors = slices.Clone(divergingColors)
	base.Labels = nil
	return base
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
	if fc == nil {
		return nil
	}
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
	if fc == nil {
		return nil
	}
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

// DrawOrder returns the layers sorted from bottom to top: polygons, then
// lines, then points, then layers without geometry; within each, in the
// order given, so that the caller decides what lies on top.
func DrawOrder(ls []Layer) []Layer {
	band := func(l Layer) int {
		if l.Features != nil {
			if d := GeometryType(l.Features).Dim(); d >= 0 {
				return 2 - d // polygons 0, lines 1, points 2
			}
		}
		return 3 // no geometry: on top
	}
	out := slices.Clone(ls)
	slices.SortStableFunc(out, func(a, b Layer) int { return cmp.Compare(band(a), band(b)) })
	return out
}
