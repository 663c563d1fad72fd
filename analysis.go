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
	// The corridor is checked while its segments, graph and model are made
	// from it (all only read it). Its findings come first, then the
	// graph's, then the model's, and the first with an error refuses the
	// analysis before any step's own error: that error may come from what
	// the findings name.
	checked := make(chan []geo.Finding, 1)
	go func() { checked <- append(c.Validate(), route.CheckClasses(c, &graph)...) }()
	validated := sync.OnceValue(func() error { return a.keep(<-checked) })
	if err := step(1); err != nil {
		return nil, err
	}
	segs, err := c.Segments(o.SegmentKm)
	if err != nil {
		if verr := validated(); verr != nil {
			return nil, verr
		}
		return nil, fmt.Errorf("routerisk: %s: %w", c.Name, err)
	}
	a.Segments = segs
	if err := step(2); err != nil {
		return nil, err
	}
	g, err := route.Build(c, segs, &graph)
	if err != nil {
		if verr := validated(); verr != nil {
			return nil, verr
		}
		return nil, fmt.Errorf("routerisk: %s: %w", c.Name, err)
	}
	graphFindings := route.Validate(g)
	if err := step(3); err != nil {
		return nil, err
	}
	m, modelErr := risk.New(g, c, segs, &scenario)
	if err := validated(); err != nil {
		return nil, err
	}
	if err := a.keep(graphFindings); err != nil {
		return nil, err
	}
	if modelErr != nil {
		return nil, fmt.Errorf("routerisk: %s: %w", c.Name, modelErr)
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
	// The layers and their styles are independent: they are made at the
	// same time, and the first error in the layers' order is returned.
	c := a.Corridor
	type maker struct {
		name  string
		layer func() (*geojson.FeatureCollection, error)
		style func(*geojson.FeatureCollection) layer.Style
	}
	fixed := func(s layer.Style) func(*geojson.FeatureCollection) layer.Style {
		return func(*geojson.FeatureCollection) layer.Style { return s }
	}
	ms := []maker{
		{"countries", func() (*geojson.FeatureCollection, error) { return geo.CountriesLayer(c.Countries), nil }, layer.CountryStyle},
		{"borders", func() (*geojson.FeatureCollection, error) { return geo.BordersLayer(c.Borders), nil }, layer.BorderStyle},
	}
	if len(c.Roads) > 0 {
		ms = append(ms, maker{"roads", func() (*geojson.FeatureCollection, error) { return geo.RoadsLayer(c.Roads), nil }, fixed(layer.RoadStyle())})
	}
	if len(c.Railways) > 0 {
		ms = append(ms, maker{"railways", func() (*geojson.FeatureCollection, error) { return geo.RoadsLayer(c.Railways), nil }, fixed(railwayStyle)})
	}
	ms = append(ms,
		maker{"segments", func() (*geojson.FeatureCollection, error) { return risk.SegmentsLayer(a.Result, a.Segments) }, layer.SegmentStyle},
		maker{"crossings", func() (*geojson.FeatureCollection, error) { return risk.CrossingsLayer(a.Result, c.Crossings) }, layer.CrossingStyle},
		maker{"outposts", func() (*geojson.FeatureCollection, error) { return geo.OutpostsLayer(c.Outposts), nil }, fixed(layer.OutpostStyle())},
		maker{"settlements", func() (*geojson.FeatureCollection, error) { return geo.SettlementsLayer(c.Settlements), nil }, layer.SettlementStyle},
		maker{"origins", func() (*geojson.FeatureCollection, error) { return geo.PlacesLayer(c.Origins), nil }, fixed(originStyle)},
		maker{"destinations", func() (*geojson.FeatureCollection, error) { return geo.PlacesLayer(c.Destinations), nil }, fixed(destinationStyle)},
		maker{"nodes", func() (*geojson.FeatureCollection, error) { return route.NodesLayer(a.Graph()), nil },
			func(fc *geojson.FeatureCollection) layer.Style { return graphStyle(layer.NodeStyle(fc)) }},
		maker{"edges", a.edgesLayer, func(fc *geojson.FeatureCollection) layer.Style { return graphStyle(layer.EdgeStyle(fc)) }},
		maker{"routes", func() (*geojson.FeatureCollection, error) { return risk.RoutesLayer(a.Result) }, layer.RouteStyle},
		maker{"flows", func() (*geojson.FeatureCollection, error) { return risk.FlowsLayer(a.Result) }, layer.FlowStyle},
	)
	ls := make([]export.Layer, len(ms))
	errs := make([]error, len(ms))
	var wg sync.WaitGroup
	for i, m := range ms {
		wg.Go(func() {
			fc, err := m.layer()
			if err != nil {
				errs[i] = err
				return
			}
			ls[i] = export.Layer{Name: m.name, Features: fc, Style: m.style(fc)}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return ls, nil
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
