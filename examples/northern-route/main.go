// Command northern-route runs the routerisk analysis of the embedded
// Afghanistan – Central Asia – Russia corridor: it builds the corridor
// graph, calibrates the interdiction model to the published seizures,
// assigns the 2010 flow to the smugglers' routes, prints what an analyst
// looks at first and the published figures held out of the fit beside the
// model's values, and writes every layer, styled for QGIS, into an output
// folder.
//
//	go run ./examples/northern-route -out out/
//
// Then open out/northern-route.qgs in QGIS. A later run replaces the files
// of the earlier export and refuses a folder that holds other files (see
// export.Write).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

func main() {
	out := flag.String("out", "out", "output folder, replaced whole (created if missing)")
	segmentKm := flag.Float64("segment-km", geo.DefaultSegmentKm, "length of the border segments in km (≥ 0.5)")
	calibrate := flag.Bool("calibrate", true, "calibrate the per-country intensities to the observed seizures first (about a second)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "northern-route: unexpected argument %q (flags go before arguments; this command takes none)\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, *segmentKm, *calibrate, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "northern-route:", err)
		os.Exit(1)
	}
}

func run(out string, segmentKm float64, calibrate bool, w io.Writer) error {
	c, err := northernroute.Corridor()
	if err != nil {
		return err
	}
	graph, scenario, target := northernroute.GraphSettings(), northernroute.Baseline2010(), northernroute.Observed2011()
	a, err := routerisk.Analyze(context.Background(), c, &routerisk.Options{
		SegmentKm: segmentKm, Graph: &graph, Scenario: &scenario, Target: &target, Calibrate: calibrate,
	})
	if err != nil {
		return err
	}

	section(w, "The corridor")
	fmt.Fprintf(w, "%s: %d countries, %d borders, %d segments of ~%g km, %d crossings, %d outposts, %d settlements\n\n",
		c.Name, len(c.Countries), len(c.Borders), len(a.Segments), segmentKm, len(c.Crossings), len(c.Outposts), len(c.Settlements))
	printBorderTable(w, c, a.Segments)
	fmt.Fprintln(w)
	if err := a.WriteFindings(w, 15); err != nil {
		return err
	}

	section(w, "The graph")
	g := a.Graph()
	unlinked := 0
	for id := range int64(g.NumNodes()) {
		if g.NodeAt(id).Kind == route.NodeGap && len(g.OutEdges(id)) == 0 {
			unlinked++
		}
	}
	fmt.Fprintf(w, "%d nodes, %d edges; %d of %d gap points unreachable (no settlement on either side within route.Settings.MaxLinkKm)\n",
		g.NumNodes(), g.NumEdges(), unlinked, len(a.Segments))
	if err := printShortest(w, g, "Kunduz", "Moscow"); err != nil {
		return err
	}

	section(w, "Interdiction risk")
	if a.Calibration != nil {
		if err := a.WriteCalibration(w); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, a.Summary())
	fmt.Fprintln(w)
	if err := a.WriteCountries(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := printGaps(w, a.Result, 10); err != nil {
		return err
	}
	printRoutes(w, a.Result, 10)
	if err := a.WritePassages(w, 8); err != nil {
		return err
	}

	section(w, "Held-out checks")
	checks, err := risk.CheckPublished(a.Result, northernroute.Published())
	if err != nil {
		return err
	}
	if a.Calibration == nil {
		fmt.Fprintln(w, "(uncalibrated model: run with -calibrate to hold the fitted model against them)")
	}
	if err := risk.WriteChecks(w, checks); err != nil {
		return err
	}

	section(w, "Output")
	m, err := a.WriteQGIS(out, "northern-route", &export.Options{
		Title:     "Northern Route: interdiction risk, " + a.Result.Settings.Name,
		MapLayers: []string{"countries", "borders", "segments", "flows", "crossings", "settlements"},
		Notes: []string{
			a.Summary(),
			"Borders: Natural Earth 1:10m (public domain). Towns: GeoNames (CC BY 4.0).",
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "written to %s\nopen %s in QGIS\n", m.Dir, m.QGS)
	return nil
}

func section(w io.Writer, title string) {
	fmt.Fprintf(w, "\n== %s ==\n\n", title)
}

// remoteKm is the distance beyond which a border stretch counts as remote:
// farther than this from every outpost and every settlement.
const remoteKm = 25

func printBorderTable(w io.Writer, c *geo.Corridor, segs []geo.Segment) {
	type row struct {
		segments            int
		derivedKm, remoteKm float64
	}
	rows := map[string]*row{}
	for _, b := range c.Borders {
		rows[b.Pair()] = &row{derivedKm: geo.MultiLineLengthKm(b.Geometry)}
	}
	for _, s := range segs {
		r := rows[s.A+"-"+s.B]
		r.segments++
		if s.Remote.NearestSettlementKm() > remoteKm && s.Remote.NearestGuardKm() > remoteKm {
			r.remoteKm += s.LengthKm
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "border\tofficial km\tderived km\tderived/official\tsegments\tkm > %d km from posts and towns\t\n", remoteKm)
	for _, pair := range northernroute.Pairs() {
		r, ok := rows[pair]
		if !ok {
			fmt.Fprintf(tw, "%s\t\tmissing\t\t\t\t\n", pair)
			continue
		}
		official, _ := northernroute.OfficialBorderKm(pair[:3], pair[4:])
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.2f\t%d\t%.0f\t\n", pair, official, r.derivedKm, r.derivedKm/official, r.segments, r.remoteKm)
	}
	tw.Flush()
}

// printShortest prints the shortest route by length between two towns, in
// any mode, with the borders it passes.
func printShortest(w io.Writer, g *route.Graph, from, to string) error {
	u, ok := g.FindNode(from)
	if !ok {
		return fmt.Errorf("no settlement named %q in the graph", from)
	}
	v, ok := g.FindNode(to)
	if !ok {
		return fmt.Errorf("no settlement named %q in the graph", to)
	}
	p, err := route.ShortestPath(g, u, v, route.AllModes)
	if err != nil {
		return fmt.Errorf("%s → %s: %w", from, to, err)
	}
	fmt.Fprintf(w, "shortest route %s → %s: %.0f km, %.0f h, %d edges, passing\n", from, to, p.LengthKm, p.Hours, len(p.Edges))
	passages, err := route.Passages(g, p)
	if err != nil {
		return err
	}
	for _, ps := range passages {
		fmt.Fprintf(w, "  %s → %s  %-8s %s\n", ps.From, ps.To, ps.Kind, ps.Name)
	}
	return nil
}

func printGaps(w io.Writer, r *risk.Result, n int) error {
	gaps, err := r.PermeableGaps(n)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "the %d most permeable gaps that carry flow:\n", len(gaps))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "segment\tmode\tp_interdict\tkm to post (sides)\tkm to town (sides)\ttonnes\t\n")
	for _, g := range gaps {
		s := g.Score.Sides
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.0f / %.0f\t%.0f / %.0f\t%.2f\t\n",
			g.Segment, g.Score.Mode, float64(g.Score.P), s[0].GuardKm, s[1].GuardKm, s[0].SettlementKm, s[1].SettlementKm, g.Tonnes)
	}
	tw.Flush()
	fmt.Fprintln(w)
	return nil
}

func printRoutes(w io.Writer, r *risk.Result, n int) {
	fmt.Fprintf(w, "the %d routes that carry the most flow:\n", min(n, len(r.Routes)))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "rank\tcarrier\tfrom → to\tP\tkm\thours\ttonnes\tvia\n")
	for _, rt := range r.Routes[:min(n, len(r.Routes))] {
		fmt.Fprintf(tw, "%d\t%s\t%s → %s\t%.4f\t%.0f\t%.0f\t%.2f\t%s\n",
			rt.Rank, rt.Carrier, rt.Origin, rt.Destination, float64(rt.P), rt.LengthKm, rt.Hours, rt.Tonnes, strings.Join(rt.Via, " → "))
	}
	tw.Flush()
	fmt.Fprintln(w)
}
