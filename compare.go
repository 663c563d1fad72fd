package routerisk

import (
	"fmt"

	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
)

// A Comparison is two results on the same corridor and graph, a base and
// another scenario, with what changed between them.
type Comparison struct {
	Base   *Analysis
	Other  *risk.Result
	Change *risk.Comparison
}

// CompareWith runs scenario s on the analysis's graph (with the fitted
// parameters applied when the analysis was calibrated) and compares it
// with the analysis's result.
func (a *Analysis) CompareWith(s risk.Settings) (*Comparison, error) {
	if a == nil || a.Result == nil {
		return nil, fmt.Errorf("routerisk: compare: nil analysis")
	}
	_, res, err := a.runScenario(s)
	if err != nil {
		return nil, fmt.Errorf("routerisk: compare: %w", err)
	}
	ch, err := risk.Compare(a.Result, res)
	if err != nil {
		return nil, err
	}
	return &Comparison{Base: a, Other: res, Change: ch}, nil
}

// keepFindings returns a *ValidationError when any finding is an error.
func (a *Analysis) keepFindings(fs []geo.Finding) error {
	for _, f := range fs {
		if f.Severity == geo.Error {
			return &ValidationError{Corridor: a.Corridor.Name, Findings: fs}
		}
	}
	return nil
}

// Layers returns the comparison as export layers: countries and borders
// for context, then the segments, crossings and routes with the change in
// interdiction probability (delta_p) and the moves of flow, coloured on a
// diverging ramp (blue falls, red rises).
func (c *Comparison) Layers() ([]export.Layer, error) {
	under, xs, err := c.Base.diffLayers(c.Base.Result, c.Other)
	if err != nil {
		return nil, err
	}
	routes, err := risk.RoutesDiffLayer(c.Change)
	if err != nil {
		return nil, err
	}
	moves, err := risk.MovesLayer(c.Change)
	if err != nil {
		return nil, err
	}
	// Most routes keep their flow; in the map picture their near-white
	// class would hide the rest, so the picture leaves them to the moves.
	routesDiff := layer.DivergingStyle("delta_tonnes", layer.RouteStyle(routes), routes)
	routesDiff.PictureHidden = true
	return append(under,
		export.Layer{Name: "routes_diff", Title: "Change in flow (routes)", Features: routes, Style: routesDiff},
		export.Layer{Name: "moves", Title: "Flow displaced", Features: moves, Style: layer.FlowStyle(moves)},
		xs), nil
}

// diffLayers returns the layers both comparisons show of a's corridor
// under other against base: under the caller's own layers, the countries,
// the borders and the segments' change in interdiction probability
// (delta_p); over them, the crossings' change.
func (a *Analysis) diffLayers(base, other *risk.Result) (under []export.Layer, crossings export.Layer, err error) {
	segs, err := risk.SegmentsDiffLayer(base, other, a.Segments)
	if err != nil {
		return nil, export.Layer{}, err
	}
	xs, err := risk.CrossingsDiffLayer(base, other, a.Corridor.Crossings)
	if err != nil {
		return nil, export.Layer{}, err
	}
	countries := geo.CountriesLayer(a.Corridor.Countries)
	borders := geo.BordersLayer(a.Corridor.Borders)
	under = []export.Layer{
		{Name: "countries", Features: countries, Style: layer.CountryStyle(countries)},
		{Name: "borders", Features: borders, Style: layer.BorderStyle(borders)},
		{Name: "segments_diff", Title: "Change in interdiction probability (segments)", Features: segs,
			Style: layer.DivergingStyle("delta_p", layer.SegmentStyle(segs), segs)},
	}
	crossings = export.Layer{Name: "crossings_diff", Title: "Change in interdiction probability (crossings)", Features: xs,
		Style: layer.DivergingStyle("delta_p", layer.CrossingStyle(xs), xs)}
	return under, crossings, nil
}

// WriteQGIS writes the comparison into the folder dir as a QGIS-ready
// export named project (see export.Write), with countries_a.csv and
// countries_b.csv, the seizures per country under each scenario.
func (c *Comparison) WriteQGIS(dir, project string, opts *export.Options) (export.Manifest, error) {
	layers, err := c.Layers()
	if err != nil {
		return export.Manifest{}, err
	}
	note := fmt.Sprintf("%s to %s: seizures %.0f kg, then %.0f kg; %.1f t of flow displaced",
		c.Change.A, c.Change.B, c.Base.Result.SeizedKg(), c.Other.SeizedKg(), c.Change.MovedTonnes)
	return writeExport(dir, project, layers, opts, note,
		map[string]*risk.Result{"countries_a.csv": c.Base.Result, "countries_b.csv": c.Other}, c.Base.Target)
}
