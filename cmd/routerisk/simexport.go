package main

import (
	"image/color"
	"io"
	"slices"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/dynamics"
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

// datedLayers returns the simulation's layers, each dated by month for the
// temporal controller: routes as lines by their flow, crossings and gaps
// coloured and sized by the flow through them, seizures sized by weight.
func datedLayers(sim *dynamics.Simulation) []export.Layer {
	when := &layer.Temporal{StartField: dynamics.DateField, EndField: dynamics.EndField}
	routes := dynamics.RoutesLayer(sim)
	rs := layer.LineStyle(routeBlue, 0.5)
	rs.SizeField, rs.SizeDomain, rs.SizeRange = "kg", [2]float64{0, maxOf(routes, "kg")}, [2]float64{0.3, 3}
	rs.OrderField, rs.PictureHidden = "kg", true

	elements := dynamics.ElementsLayer(sim)
	es := layer.PointStyle(flowLow, 1.5, layer.Circle)
	if breaks := layer.QuantileBreaks(elements, "flow_kg", 5); len(breaks) >= 2 {
		es.Kind, es.Field, es.Breaks = layer.Graduated, "flow_kg", breaks
		es.Colors = layer.Ramp([]color.NRGBA{flowLow, flowHigh}, len(breaks)-1)
	}
	es.Stroke = outline
	es.SizeField, es.SizeDomain, es.SizeRange = "flow_kg", [2]float64{0, maxOf(elements, "flow_kg")}, [2]float64{1.2, 5}
	es.OrderField, es.PictureHidden = "flow_kg", true

	seizures := dynamics.SeizuresLayer(sim)
	ss := layer.PointStyle(seizedRed, 2, layer.Diamond)
	ss.Stroke = outline
	ss.SizeField, ss.SizeDomain, ss.SizeRange = "seized_kg", [2]float64{0, maxOf(seizures, "seized_kg")}, [2]float64{1.5, 7}
	ss.OrderField = "seized_kg"

	return []export.Layer{
		{Name: "dyn_routes", Title: "Routes (top 20 a month)", Features: routes, Style: rs, Temporal: when},
		{Name: "dyn_elements", Title: "Crossings and gaps: flow, kg a month", Features: elements, Style: es, Temporal: when},
		{Name: "dyn_seizures", Title: "Seizures, kg a month", Features: seizures, Style: ss, Temporal: when},
	}
}

// background are the analysis's layers drawn beneath the dated ones.
var background = []string{"countries", "borders", "settlements", "origins", "destinations"}

// writeSimulation writes the QGIS-ready folder: the background layers of
// the analysis, the dated layers, the plots (SVG and PNG, with a line per
// country of countries in the seizures by country) and the summary.
func writeSimulation(out, project string, sim *dynamics.Simulation, base []export.Layer, countries []string, summary []byte, opts *export.Options) (export.Manifest, error) {
	var ls []export.Layer
	for _, l := range base {
		if slices.Contains(background, l.Name) {
			ls = append(ls, l)
		}
	}
	ls = append(ls, datedLayers(sim)...)
	charts, err := dynamics.Charts(sim, countries)
	if err != nil {
		return export.Manifest{}, err
	}
	o := *opts
	o.Extra = append(slices.Clone(o.Extra), export.Extra{Name: "summary.txt", Format: "txt", Write: writeSummary(summary)})
	for _, c := range charts {
		for _, ext := range []string{"svg", "png"} {
			o.Extra = append(o.Extra, export.Extra{Name: "plot_" + c.Name + "." + ext, Format: ext,
				Write: func(w io.Writer) error { return c.Write(w, ext) }})
		}
	}
	return export.Write(out, project, ls, &o)
}
