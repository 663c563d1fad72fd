package dynamics

import (
	"image/color"
	"io"
	"slices"
	"strconv"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/export/layer"
)

// The colours of the dated layers.
var (
	flowLow   = color.NRGBA{254, 217, 118, 255}
	flowHigh  = color.NRGBA{189, 0, 38, 255}
	seizedRed = color.NRGBA{215, 25, 28, 210}
	routeBlue = color.NRGBA{49, 130, 189, 150}
	outline   = color.NRGBA{60, 60, 60, 255}
)

// maxOf returns the largest number in field, at least 1.
func maxOf(fc *geojson.FeatureCollection, field string) float64 {
	hi := 1.0
	for _, f := range fc.Features {
		if v, ok := layer.Number(f.Properties[field]); ok {
			hi = max(hi, v)
		}
	}
	return hi
}

// Layers returns the styled layers of s, each dated by month for a temporal
// controller: dyn_routes (RoutesLayer, lines by their flow), dyn_elements
// (ElementsLayer, coloured and sized by flow) and dyn_seizures (sized by kg).
func Layers(s *Simulation) []export.Layer {
	when := &layer.Temporal{StartField: DateField, EndField: EndField}
	routes := RoutesLayer(s)
	rs := layer.LineStyle(routeBlue, 0.5)
	rs.SizeField, rs.SizeDomain, rs.SizeRange = "kg", [2]float64{0, maxOf(routes, "kg")}, [2]float64{0.3, 3}
	rs.OrderField, rs.PictureHidden = "kg", true

	elements := ElementsLayer(s)
	es := layer.PointStyle(flowLow, 1.5, layer.Circle)
	if breaks := layer.QuantileBreaks(elements, "flow_kg", 5); len(breaks) >= 2 {
		es.Kind, es.Field, es.Breaks = layer.Graduated, "flow_kg", breaks
		es.Colors = layer.Ramp([]color.NRGBA{flowLow, flowHigh}, len(breaks)-1)
	}
	es.Stroke = outline
	es.SizeField, es.SizeDomain, es.SizeRange = "flow_kg", [2]float64{0, maxOf(elements, "flow_kg")}, [2]float64{1.2, 5}
	es.OrderField, es.PictureHidden = "flow_kg", true

	seizures := SeizuresLayer(s)
	ss := layer.PointStyle(seizedRed, 2, layer.Diamond)
	ss.Stroke = outline
	ss.SizeField, ss.SizeDomain, ss.SizeRange = "seized_kg", [2]float64{0, maxOf(seizures, "seized_kg")}, [2]float64{1.5, 7}
	ss.OrderField = "seized_kg"

	return []export.Layer{
		{Name: "dyn_routes", Title: "Routes (top " + strconv.Itoa(s.Settings.TopRoutes) + " a month)", Features: routes, Style: rs, Temporal: when},
		{Name: "dyn_elements", Title: "Crossings and gaps: flow, kg a month", Features: elements, Style: es, Temporal: when},
		{Name: "dyn_seizures", Title: "Seizures, kg a month", Features: seizures, Style: ss, Temporal: when},
	}
}

// WriteQGIS writes s into the folder dir for QGIS through export.Write:
// the background layers beneath Layers(s), the Charts of s and countries
// as SVG and PNG (plot_<name>.svg, .png) after opts's Extra, and the rest
// of opts (nil means export's defaults).
func WriteQGIS(dir, project string, s *Simulation, background []export.Layer, countries []string, opts *export.Options) (export.Manifest, error) {
	var o export.Options
	if opts != nil {
		o = *opts
	}
	ls := append(slices.Clip(background), Layers(s)...)
	charts, err := Charts(s, countries)
	if err != nil {
		return export.Manifest{}, err
	}
	o.Extra = slices.Clone(o.Extra)
	for _, c := range charts {
		for _, ext := range []string{"svg", "png"} {
			o.Extra = append(o.Extra, export.Extra{Name: "plot_" + c.Name + "." + ext, Format: ext,
				Write: func(w io.Writer) error { return c.Write(w, ext) }})
		}
	}
	return export.Write(dir, project, ls, &o)
}
