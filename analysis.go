package routerisk

import (
	"context"
	"fmt"
	"image/color"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/geo"
	// A corridor folder may hold its countries as TopoJSON; this registers
	// geo/topojson's reader with geo.ReadCorridor.
	_ "github.com/routerisk/routerisk/geo/topojson"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// Options set an Analysis. The zero value (or nil) is neutral: the
// documented defaults of route and risk (risk.DefaultSettings), no target,
// no calibration. A corridor package supplies its own values; see
// northernroute for the Northern Route's.
type Options struct {
	// SegmentKm is the length of the border segments in km; 0 means
	// geo.DefaultSegmentKm (5 km).
	SegmentKm float64
	// Graph sets how the corridor graph is built; nil means
	// route.DefaultSettings().
	Graph *route.Settings
	// Scenario is the risk model; nil means risk.DefaultSettings().
	Scenario *risk.Settings
	// Target is what the seizures are judged against (and fitted to when
	// calibrating), for instance northernroute.Observed2011(); nil means
	// none: seizure shares are then shares of all the corridor's countries.
	Target *risk.Target
	// Calibrate fits the per-country parameters to Target before the final
	// run, and applies the fit to Scenario. It needs a Target.
	Calibrate bool
	// Calibration sets the fit; nil means risk's defaults. Its Target, when
	// nil, is Options.Target.
	Calibration *risk.CalibSettings
	// Progress, when not nil, is told of each step as it starts (see Step).
	Progress func(Step)
}

// A Step is one stage of an analysis, reported to Options.Progress as it
// starts: Index of Total, with a short name such as "graph".
type Step struct {
	Index, Total int
	Name         string
}

// The steps of Analyze, in order.
var steps = []string{"validate", "segments", "graph", "model", "routes"}

// An Analysis is one run of the whole pipeline on a corridor: its
// segments and the result of the interdiction model on its graph.
type Analysis struct {
	Corridor *geo.Corridor
	Segments []geo.Segment
	// Result holds the routes, flows and seizures; see Model and Graph.
	Result *risk.Result
	// Calibration is the fit, nil when Options.Calibrate was false.
	Calibration *risk.Calibration
	// Target is what the seizures are judged against; nil when none was
	// given.
	Target *risk.Target
	// Findings are the warnings of the corridor's, the graph's and the
	// model's validation (Analyze refuses a corridor with errors).
	Findings []geo.Finding
}

// A ValidationError is a corridor or settings that Analyze refused: the
// findings of severity geo.Error (and the warnings beside them).
type ValidationError struct {
	Corridor string
	Findings []geo.Finding
}

// Error lists the errors among the findings, one a line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	n := 0
	for _, f := range e.Findings {
		if f.Severity == geo.Error {
			n++
		}
	}
	fmt.Fprintf(&b, "routerisk: %s: %d error(s) found", e.Corridor, n)
	for _, f := range e.Findings {
		if f.Severity == geo.Error {
			b.WriteString("\n\t" + f.String())
		}
	}
	return b.String()
}

// Analyze runs the pipeline geo → route → risk on c: it validates the
// corridor, cuts the borders into segments with their remoteness, builds
// the corridor graph, binds the interdiction model to it, calibrates it if
// asked, and assigns the flow to the smugglers' routes. A corridor, graph
// or model with findings of severity geo.Error is refused with a
// *ValidationError; warnings are kept in Analysis.Findings. ctx stops the
// work between steps and within calibration.
func Analyze(ctx context.Context, c *geo.Corridor, opt *Options) (*Analysis, error) {
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
	scenario := risk.DefaultSettings()
	if o.Scenario != nil {
		scenario = *o.Scenario
	}
	graph := route.DefaultSettings()
	if o.Graph != nil {
		graph = *o.Graph
	}
	a := &Analysis{Corridor: c, Target: o.Target}
	var cal risk.CalibSettings
	if o.Calibration != nil {
		cal = *o.Calibration
	}
	if cal.Target == nil {
		cal.Target = o.Target
	}
	if o.Calibrate {
		if cal.Target == nil {
			return nil, fmt.Errorf("routerisk: %s: Calibrate needs a target: set Options.Target", c.Name)
		}
		a.Target = cal.Target
	}
	step := func(i int) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("routerisk: %s: %w", c.Name, err)
		}
		if o.Progress != nil {
			o.Progress(Step{Index: i, Total: len(steps), Name: steps[i]})
		}
		return nil
	}

	if err := step(0); err != nil {
		return nil, err
	}
	if err := a.keep(append(c.Validate(), route.CheckClasses(c, &graph)...)); err != nil {
		return nil, err
	}
	if err := step(1); err != nil {
		return nil, err
	}
	segs, err := c.Segments(o.SegmentKm)
	if err != nil {
		return nil, fmt.Errorf("routerisk: %s: %w", c.Name, err)
	}
	a.Segments = segs
	if err := step(2); err != nil {
		return nil, err
	}
	g, err := route.Build(c, segs, &graph)
	if err != nil {
		return nil, fmt.Errorf("routerisk: %s: %w", c.Name, err)
	}
	if err := a.keep(route.Validate(g)); err != nil {
		return nil, err
	}
	if err := step(3); err != nil {
		return nil, err
	}
	m, err := risk.New(g, c, segs, &scenario)
	if err != nil {
		return nil, fmt.Errorf("routerisk: %s: %w", c.Name, err)
	}
	if err := a.keep(m.Findings()); err != nil {
		return nil, err
	}
	if err := step(4); err != nil {
		return nil, err
	}
	if o.Calibrate {
		// The calibration ends with a Run under the fitted settings.
		if a.Calibration, err = m.Calibrate(ctx, &cal); err != nil {
			return nil, fmt.Errorf("routerisk: %s: calibration: %w", c.Name, err)
		}
		a.Result = a.Calibration.Result
	} else if a.Result, err = m.Run(); err != nil {
		return nil, fmt.Errorf("routerisk: %s: %w", c.Name, err)
	}
	flow, routed := a.Result.Settings.TotalFlowTonnes(), a.Result.RoutedTonnes()
	if routed < flow*(1-1e-9) {
		first := ""
		if len(a.Result.Unrouted) > 0 {
			first = fmt.Sprintf(" (%d pairs, e.g. %s)", len(a.Result.Unrouted), a.Result.Unrouted[0])
		}
		a.Findings = append(a.Findings, geo.Finding{Severity: geo.Warning, Layer: "Carriers",
			Message: fmt.Sprintf("%.3g t of the %.3g t flow found no route%s: check the carriers' modes against the corridor's roads and railways", flow-routed, flow, first)})
	}
	return a, nil
}

// keep adds the findings to a.Findings, or returns a *ValidationError when
// any is an error.
func (a *Analysis) keep(fs []geo.Finding) error {
	if err := a.keepFindings(fs); err != nil {
		return err
	}
	a.Findings = append(a.Findings, fs...)
	return nil
}

// Model returns the model the result came from: the scenario's, with the
// fitted parameters when calibrated.
func (a *Analysis) Model() *risk.Model { return a.Result.Model() }

// Graph returns the corridor graph the routes were found on.
func (a *Analysis) Graph() *route.Graph { return a.Result.Model().Graph() }

// Layers returns the analysis as the export package's layers, bottom to
// top, each with its style: countries, borders, roads and railways (when
// the corridor has them), scored segments and crossings, outposts,
// settlements, origins and destinations, the graph's nodes and edges (with
// each carrier's edge weight, weight_<carrier>, so a route can be
// recomputed from the files), the routes and the flows.
func (a *Analysis) Layers() ([]export.Layer, error) {
	// The layers are independent: they are made at the same time, and the
	// first error in the order below is returned.
	var (
		segs, xs, edges, nodes, routes, flows, countries, borders, settlements *geojson.FeatureCollection
		errs                                                                   [5]error
		wg                                                                     sync.WaitGroup
	)
	c := a.Corridor
	wg.Go(func() { segs, errs[0] = risk.SegmentsLayer(a.Result, a.Segments) })
	wg.Go(func() { xs, errs[1] = risk.CrossingsLayer(a.Result, c.Crossings) })
	wg.Go(func() { edges, errs[2] = a.edgesLayer() })
	wg.Go(func() { routes, errs[3] = risk.RoutesLayer(a.Result) })
	wg.Go(func() { flows, errs[4] = risk.FlowsLayer(a.Result) })
	wg.Go(func() { nodes = route.NodesLayer(a.Graph()) })
	wg.Go(func() {
		countries, borders = geo.CountriesLayer(c.Countries), geo.BordersLayer(c.Borders)
		settlements = geo.SettlementsLayer(c.Settlements)
	})
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	ls := []export.Layer{
		{Name: "countries", Features: countries, Style: layer.CountryStyle(countries)},
		{Name: "borders", Features: borders, Style: layer.BorderStyle(borders)},
	}
	if len(c.Roads) > 0 {
		ls = append(ls, export.Layer{Name: "roads", Features: geo.RoadsLayer(c.Roads), Style: layer.RoadStyle()})
	}
	if len(c.Railways) > 0 {
		ls = append(ls, export.Layer{Name: "railways", Features: geo.RoadsLayer(c.Railways), Style: railwayStyle})
	}
	return append(ls,
		export.Layer{Name: "segments", Features: segs, Style: layer.SegmentStyle(segs)},
		export.Layer{Name: "crossings", Features: xs, Style: layer.CrossingStyle(xs)},
		export.Layer{Name: "outposts", Features: geo.OutpostsLayer(c.Outposts), Style: layer.OutpostStyle()},
		export.Layer{Name: "settlements", Features: settlements, Style: layer.SettlementStyle(settlements)},
		export.Layer{Name: "origins", Features: geo.PlacesLayer(c.Origins), Style: originStyle},
		export.Layer{Name: "destinations", Features: geo.PlacesLayer(c.Destinations), Style: destinationStyle},
		export.Layer{Name: "nodes", Features: nodes, Style: graphStyle(layer.NodeStyle(nodes))},
		export.Layer{Name: "edges", Features: edges, Style: graphStyle(layer.EdgeStyle(edges))},
		export.Layer{Name: "routes", Features: routes, Style: layer.RouteStyle(routes)},
		export.Layer{Name: "flows", Features: flows, Style: layer.FlowStyle(flows)},
	), nil
}

// graphStyle returns s left out of the web map: the graph's nodes and
// edges (tens of MB on a real corridor) are for QGIS and GIS tools.
func graphStyle(s layer.Style) layer.Style {
	s.WebMapOmitted = true
	return s
}

// The styles of the layers that export has no constructor for: railways
// dark grey, origins as red triangles, destinations as purple squares.
var (
	railwayStyle     = layer.LineStyle(color.NRGBA{0x44, 0x44, 0x44, 0xff}, 0.6)
	originStyle      = layer.PointStyle(color.NRGBA{0xc0, 0x1f, 0x1f, 0xff}, 3.5, layer.Triangle)
	destinationStyle = layer.PointStyle(color.NRGBA{0x6a, 0x1b, 0x9a, 0xff}, 3.5, layer.Square)
)

// edgesLayer is route.EdgesLayer with one weight column per carrier,
// weight_<carrier> (null where the carrier may not use the edge).
func (a *Analysis) edgesLayer() (*geojson.FeatureCollection, error) {
	m := a.Model()
	crs := m.Carriers()
	cols := make([]route.EdgeColumn, len(crs))
	for i, cr := range crs {
		w, err := m.Weights(cr.Name)
		if err != nil {
			return nil, err
		}
		cols[i] = route.EdgeColumn{Name: "weight_" + cr.Name, Values: w}
	}
	return route.EdgesLayerWith(m.Graph(), false, cols...)
}

// WriteQGIS writes the analysis into the folder dir as a QGIS-ready export
// named project (see export.Write): styled GeoJSON layers, <project>.qgs,
// a GeoPackage, KML, the map picture, the web map, and countries.csv, the
// seizures per country against Target. A later run replaces only the files
// of the earlier export. opts nil means export's defaults, with the
// scenario and the flow as the map's notes. Open the returned Manifest's
// QGS in QGIS.
func (a *Analysis) WriteQGIS(dir, project string, opts *export.Options) (export.Manifest, error) {
	layers, err := a.Layers()
	if err != nil {
		return export.Manifest{}, err
	}
	return writeExport(dir, project, layers, opts, a.Summary(), map[string]*risk.Result{"countries.csv": a.Result}, a.Target)
}

// writeExport writes layers through export.Write with opts (nil: export's
// defaults), the note given when opts has none, and one seizures-per-country
// CSV file per entry of csv, against target.
func writeExport(dir, project string, layers []export.Layer, opts *export.Options, note string, csv map[string]*risk.Result, target *risk.Target) (export.Manifest, error) {
	var o export.Options
	if opts != nil {
		o = *opts
	}
	if o.Notes == nil {
		o.Notes = []string{note}
	}
	o.Extra = slices.Clip(o.Extra)
	for _, name := range slices.Sorted(maps.Keys(csv)) {
		r := csv[name]
		o.Extra = append(o.Extra, export.Extra{Name: name, Format: "csv", Write: func(w io.Writer) error {
			return risk.EncodeCountryCSV(w, r, target)
		}})
	}
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
