package routerisk

import (
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// Options set an Analysis. The zero value (or nil) runs the 2010 baseline
// with the documented defaults of every package, uncalibrated.
type Options struct {
	// SegmentKm is the length of the border segments in km; 0 means
	// geo.DefaultSegmentKm (5 km).
	SegmentKm float64
	// Graph sets how the corridor graph is built; nil means route's
	// defaults (the trunk highways, default origins and destinations).
	Graph *route.Settings
	// Scenario is the risk model; nil means risk.Baseline2010().
	Scenario *risk.Settings
	// Calibrate fits the per-country parameters to the observed seizures
	// (Calibration.Target, by default risk.Observed2011) before the final
	// run, and applies the fit to Scenario. It takes tens of seconds on
	// the Northern Route.
	Calibrate bool
	// Calibration sets the fit; nil means risk's defaults.
	Calibration *risk.CalibSettings
}

// An Analysis is one run of the whole pipeline on a corridor: its
// segments and the result of the interdiction model on its graph.
type Analysis struct {
	Corridor *geo.Corridor
	Segments []geo.Segment
	// Result holds the routes, flows and seizures; see Model and Graph.
	Result *risk.Result
	// Calibration is the fit, nil when Options.Calibrate was false.
	Calibration *risk.Calibration
	// Target is what the seizures are judged against: the calibration's
	// target, by default risk.Observed2011().
	Target risk.Target
}

// Analyze runs the pipeline geo → route → risk on c: it cuts the borders
// into segments with their remoteness, builds the corridor graph, binds
// the interdiction model to it, calibrates it if asked, and assigns the
// flow to the smugglers' routes.
func Analyze(c *geo.Corridor, opt *Options) (*Analysis, error) {
	if c == nil {
		return nil, fmt.Errorf("routerisk: nil corridor")
	}
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.SegmentKm == 0 {
		o.SegmentKm = geo.DefaultSegmentKm
	}
	scenario := risk.Baseline2010()
	if o.Scenario != nil {
		scenario = *o.Scenario
	}

	segs, err := c.Segments(o.SegmentKm)
	if err != nil {
		return nil, fmt.Errorf("routerisk: %s: %w", c.Name, err)
	}
	g, err := route.Build(c, segs, o.Graph)
	if err != nil {
		return nil, fmt.Errorf("routerisk: %s: %w", c.Name, err)
	}
	m, err := risk.New(g, c, segs, &scenario)
	if err != nil {
		return nil, fmt.Errorf("routerisk: %s: %w", c.Name, err)
	}
	a := &Analysis{Corridor: c, Segments: segs, Target: risk.Observed2011()}
	if o.Calibration != nil && o.Calibration.Target != nil {
		a.Target = *o.Calibration.Target
	}
	if o.Calibrate {
		// The calibration ends with a Run under the fitted settings.
		if a.Calibration, err = m.Calibrate(o.Calibration); err != nil {
			return nil, fmt.Errorf("routerisk: %s: calibration: %w", c.Name, err)
		}
		a.Result = a.Calibration.Result
	} else if a.Result, err = m.Run(); err != nil {
		return nil, fmt.Errorf("routerisk: %s: %w", c.Name, err)
	}
	return a, nil
}

// Model returns the model the result came from: the scenario's, with the
// fitted parameters when calibrated.
func (a *Analysis) Model() *risk.Model { return a.Result.Model() }

// Graph returns the corridor graph the routes were found on.
func (a *Analysis) Graph() *route.Graph { return a.Result.Model().Graph() }

// Layers returns the analysis as the export package's layers, bottom to
// top: countries, borders, scored segments and crossings, outposts,
// settlements, the graph's nodes and edges (with each carrier's edge
// weight, weight_<carrier>, so a route can be recomputed from the files),
// the routes and the flows.
func (a *Analysis) Layers() ([]export.Layer, error) {
	segs, err := risk.SegmentsLayer(a.Result, a.Segments)
	if err != nil {
		return nil, err
	}
	xs, err := risk.CrossingsLayer(a.Result, a.Corridor.Crossings)
	if err != nil {
		return nil, err
	}
	edges, err := a.edgesLayer()
	if err != nil {
		return nil, err
	}
	c := a.Corridor
	return []export.Layer{
		{Name: "countries", Features: geo.CountriesLayer(c.Countries)},
		{Name: "borders", Features: geo.BordersLayer(c.Borders)},
		{Name: "segments", Features: segs},
		{Name: "crossings", Features: xs},
		{Name: "outposts", Features: geo.OutpostsLayer(c.Outposts)},
		{Name: "settlements", Features: geo.SettlementsLayer(c.Settlements)},
		{Name: "nodes", Features: route.NodesLayer(a.Graph())},
		{Name: "edges", Features: edges},
		{Name: "routes", Features: risk.RoutesLayer(a.Result)},
		{Name: "flows", Features: risk.FlowsLayer(a.Result)},
	}, nil
}

// edgesLayer is route.EdgesLayer with one weight column per carrier
// (null where the carrier may not use the edge).
func (a *Analysis) edgesLayer() (*geojson.FeatureCollection, error) {
	m := a.Model()
	fc := route.EdgesLayer(m.Graph(), false)
	for _, cr := range m.Carriers() {
		w, err := m.Weights(cr.Name)
		if err != nil {
			return nil, err
		}
		key := "weight_" + cr.Name
		for i, f := range fc.Features {
			if math.IsInf(w[i], 1) {
				f.Properties[key] = nil
			} else {
				f.Properties[key] = w[i]
			}
		}
	}
	return fc, nil
}

// WriteQGIS writes the analysis into the folder dir as a QGIS-ready export
// named project (see export.Write): styled GeoJSON layers, <project>.qgs,
// a GeoPackage, KML, the map picture, and countries.csv, the seizures per
// country against Target. The folder is replaced whole. opts nil means
// export's defaults, with the scenario and the flow as the map's notes.
// Open the returned Manifest's QGS in QGIS.
func (a *Analysis) WriteQGIS(dir, project string, opts *export.Options) (export.Manifest, error) {
	layers, err := a.Layers()
	if err != nil {
		return export.Manifest{}, err
	}
	var o export.Options
	if opts != nil {
		o = *opts
	}
	if o.Notes == nil {
		o.Notes = []string{a.Summary()}
	}
	o.Extra = append(slices.Clip(o.Extra), export.Extra{Name: "countries.csv", Format: "csv", Write: func(w io.Writer) error {
		return risk.EncodeCountryCSV(w, a.Result, &a.Target)
	}})
	return export.Write(dir, project, layers, &o)
}

// Summary is one line on the analysis: the scenario, whether it was
// calibrated, the flow routed and the share seized.
func (a *Analysis) Summary() string {
	s := a.Result.Settings
	cal := "uncalibrated"
	if a.Calibration != nil {
		cal = "calibrated to " + a.Target.Name
	}
	routed := a.Result.RoutedTonnes()
	seized := a.Result.SeizedKg()
	pct := 0.0
	if routed > 0 {
		pct = 100 * seized / (1000 * routed)
	}
	return fmt.Sprintf("scenario %s (%s): %.1f t a year routed, %.0f kg seized (%.1f%%)", s.Name, cal, routed, seized, pct)
}
