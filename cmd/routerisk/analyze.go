package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/geo"
)

const analyzeAbout = `Analyze runs the whole analysis on a corridor: the embedded Northern Route
(its graph settings, the 2010 baseline and the 2011 seizures as the target)
or, with -corridor, a corridor folder (the library's neutral defaults unless
settings are given). It prints the summary, the findings, the seizures per
country and the busiest passages through the borders, and writes the
QGIS project, GeoPackage, KML, map picture and web map (index.html) into
-out. The output folder is checked before any work: it must be new, empty,
or a previous export; files of your own in it are never deleted.`

// analysisFlags are the flags analyze and compare share.
type analysisFlags struct {
	corridor, out, project, target, graph, countries string
	segmentKm                                        float64
	calibrate                                        autoBool
}

func (f *analysisFlags) register(fs *flag.FlagSet, outDefault string) {
	fs.StringVar(&f.corridor, "corridor", "", "corridor `folder` with a corridor.json (default: the embedded Northern Route)")
	fs.StringVar(&f.out, "out", outDefault, "output `folder` (created if missing; only a previous export's files are replaced)")
	fs.StringVar(&f.project, "project", "", "`name` of the project files (default: northern-route, or the corridor folder's name)")
	fs.Float64Var(&f.segmentKm, "segment-km", geo.DefaultSegmentKm, "length of the border segments in `km`")
	fs.Var(&f.calibrate, "calibrate", "fit the per-country intensities to the target first (default: when there is a target)")
	fs.StringVar(&f.target, "target", "", "calibration target: a settings `file` (.toml, .json), observed-2011 or none (default: observed-2011 on the Northern Route, none on a corridor folder)")
	fs.StringVar(&f.graph, "graph", "", "graph settings: a settings `file`, northern-route or defaults (default: the corridor's)")
	fs.StringVar(&f.countries, "countries", "", "country parameters `file` setting the scenario's parameters of the countries it lists")
}

// setup reads the corridor and the settings the flags name, before any
// analysis, and returns the options of Analyze.
func (f *analysisFlags) setup(scenarioFlag string) (*corridorSetup, *routerisk.Options, error) {
	if !(f.segmentKm > 0) {
		return nil, nil, fmt.Errorf("-segment-km %v: want a length in km > 0", f.segmentKm)
	}
	cs, err := loadCorridor(f.corridor)
	if err != nil {
		return nil, nil, err
	}
	if cs.graph, err = graphArg(f.graph, cs.graph); err != nil {
		return nil, nil, err
	}
	if cs.scenario, err = scenarioArg(scenarioFlag, cs.scenario); err != nil {
		return nil, nil, err
	}
	if err := applyCountries(&cs.scenario, f.countries); err != nil {
		return nil, nil, fmt.Errorf("-countries %s: %w", f.countries, err)
	}
	if cs.target, err = targetArg(f.target, cs.target); err != nil {
		return nil, nil, err
	}
	calibrate := f.calibrate.or(cs.target != nil)
	if calibrate && cs.target == nil {
		return nil, nil, fmt.Errorf("-calibrate needs a target: give -target FILE, or -calibrate=false")
	}
	if f.project == "" {
		f.project = cs.project
	}
	return cs, &routerisk.Options{
		SegmentKm: f.segmentKm, Graph: &cs.graph, Scenario: &cs.scenario, Target: cs.target, Calibrate: calibrate,
	}, nil
}

func cmdAnalyze(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("analyze", "[flags]", analyzeAbout)
	var f analysisFlags
	f.register(fs, "out")
	scenario := fs.String("scenario", "", "scenario: a settings `file` (.toml, .json) or a name from 'routerisk scenario list' (default: baseline-2010 on the Northern Route, defaults on a corridor folder)")
	if _, err := e.parse(fs, args, 0); err != nil {
		return err
	}
	// The output folder first: a bad one is reported before any work.
	if err := export.CheckDir(f.out); err != nil {
		return err
	}
	cs, opt, err := f.setup(*scenario)
	if err != nil {
		return err
	}
	a, err := e.analyze(ctx, "analyze", cs, opt)
	if err != nil {
		return err
	}
	if err := printAnalysis(e.stdout, a, f.segmentKm); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "routerisk: writing the export to %s\n", f.out)
	m, err := a.WriteQGIS(f.out, f.project, &export.Options{
		Title: fmt.Sprintf("%s: interdiction risk, %s", cs.corridor.Name, a.Result.Settings.Name),
		Notes: []string{a.Summary()},
	})
	if err != nil {
		return err
	}
	printWritten(e, m)
	return nil
}

// printWritten tells where the export is and what was cleaned up.
func printWritten(e *env, m export.Manifest) {
	for _, c := range m.Cleaned {
		fmt.Fprintf(e.stderr, "routerisk: removed %s, left by an earlier interrupted run\n", c)
	}
	if m.Stale != "" {
		fmt.Fprintf(e.stderr, "routerisk: warning: could not remove %s, a copy left by an earlier run; delete it by hand\n", m.Stale)
	}
	fmt.Fprintf(e.stdout, "\nwritten to %s: open %s in QGIS, or %s in a web browser\n",
		m.Dir, m.QGS, filepath.Join(m.Dir, export.WebMapName))
}
