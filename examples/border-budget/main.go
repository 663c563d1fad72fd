// Command border-budget asks what Kazakhstan's 4.2 bn KZT for its southern
// border buys when a solver places it, against the 2012 programme as
// announced: it builds the menu of upgrades (northernroute.UpgradeMenu:
// the southern borders' crossings and segments, and Kazakhstan's Caspian
// ports), solves the max–min plan for the worst of the flow's
// origin–destination pairs that the menu can reach and the SNIP plan over
// all of them, with their certified gaps, and the greedy plans, evaluates
// each under the full flow model against the Customs Union of 2011 (the
// programme's own starting point), sweeps the budget, and writes the plan,
// the before/after layers and the curve.
//
//	go run ./examples/border-budget -out out-border-budget
//
// -pair-share S keeps to the pairs carrying at least the share S of the
// flow for the max–min. -menu FILE reads the menu from a settings file
// instead (docs/settings.md), e.g. an edited copy of `routerisk settings
// show menu northern-route`.
//
// It runs about 2 minutes on 2 cores with the default 20 s limit per
// exact solve (calibration included); solves that reach the limit print
// their bounds, gap and status "time_limit".
package main

import (
	"context"
	"flag"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/settingsfile"
)

func main() {
	out := flag.String("out", "out-border-budget", "output folder (created if missing)")
	calibrate := flag.Bool("calibrate", true, "calibrate the per-country intensities to the observed seizures first")
	limit := flag.Duration("limit", 20*time.Second, "time limit of each exact solve (the sweep gives each budget a third of it)")
	pairShare := flag.Float64("pair-share", 0, "max–min over the origin–destination pairs carrying at least this `share` of the flow (0: every pair)")
	menuFile := flag.String("menu", "", "upgrade menu settings `file` (.toml or .json, on base \"northern-route\"; start from 'routerisk settings show menu northern-route'); default northernroute.UpgradeMenu")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "border-budget: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	ms := northernroute.UpgradeMenu()
	if *menuFile != "" {
		var err error
		bases := &settingsfile.Bases{Menus: map[string]plan.MenuSettings{"northern-route": northernroute.UpgradeMenu()}}
		if ms, err = settingsfile.ReadMenu(*menuFile, bases); err != nil {
			fmt.Fprintln(os.Stderr, "border-budget:", err)
			os.Exit(1)
		}
	}
	if err := run(*out, *calibrate, *limit, *pairShare, &ms, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "border-budget:", err)
		os.Exit(1)
	}
}

func run(out string, calibrate bool, limit time.Duration, pairShare float64, ms *plan.MenuSettings, w io.Writer) error {
	ctx := context.Background()
	c, err := northernroute.Corridor()
	if err != nil {
		return err
	}
	graph, scenario, target := northernroute.GraphSettings(), northernroute.Baseline2010(), northernroute.Observed2011()
	a, err := routerisk.Analyze(ctx, c, &routerisk.Options{Graph: &graph, Scenario: &scenario, Target: &target, Calibrate: calibrate})
	if err != nil {
		return err
	}
	apply := func(s risk.Settings) risk.Settings {
		if a.Calibration != nil {
			return a.Calibration.Apply(s)
		}
		return s
	}
	// The programme came after the Customs Union: that is the baseline.
	cu := apply(northernroute.CustomsUnion2011())
	m, err := a.Model().With(&cu)
	if err != nil {
		return err
	}
	base, err := m.Run()
	if err != nil {
		return err
	}
	menu, err := plan.CorridorMenu(m, a.Segments, a.Corridor.Crossings, ms)
	if err != nil {
		return err
	}
	pc, err := plan.FromModel(m, nil, menu)
	if err != nil {
		return err
	}
	scen, err := pc.Scenarios(base)
	if err != nil {
		return err
	}
	// The max–min pairs: every origin–destination pair of the flow, or
	// those carrying at least -pair-share of it.
	heavy, err := plan.MaxMinPairs(scen, pairShare)
	if err != nil {
		return err
	}
	// Only the pairs whose cheapest route some plan lengthens: a pair that
	// crosses none of the menu's borders (Afghanistan to Turkmenistan, say)
	// would cap the worst at its own length whatever the plan.
	pairs, err := pc.Instance.Interdictable(heavy)
	if err != nil {
		return err
	}
	if len(pairs) == 0 {
		return fmt.Errorf("no origin–destination pair of the %d crosses an element of the menu", len(heavy))
	}
	g := m.Graph()
	pairName := func(od plan.OD) string {
		n := g.NumNodes()
		return fmt.Sprintf("%s: %s → %s", pc.Carriers[od.Origin/n], g.NodeAt(int64(od.Origin%n)).Name, g.NodeAt(int64(od.Destination%n)).Name)
	}
	fmt.Fprintf(w, "menu: %d upgrades on %v and ports %v, %d of them on edges the carriers use (%d arcs, %d nodes over %d carriers); %d scenarios; max–min over the worst of the %d pairs (of %d) the menu can reach\n",
		len(menu), ms.Borders, ms.Ports, len(pc.Candidates), pc.Instance.NumArcs(), pc.Instance.NumNodes(), len(pc.Carriers), len(scen), len(pairs), len(heavy))
	s := plan.DefaultSettings()
	s.TimeLimit = limit
	budget := northernroute.SouthernBudgetKZT
	rows, err := pc.Compare(ctx, budget, pairs, scen, base, s)
	if err != nil {
		return err
	}
	prog, err := pc.ScenarioRow("programme 2012 (as announced)", apply(northernroute.Programme2012()), budget, pairs, scen, base)
	if err != nil {
		return err
	}
	rows = append(rows, prog)
	none, err := pc.PlanRow("no upgrade", nil, pairs, scen, base)
	if err != nil {
		return err
	}
	rows = append([]*plan.Row{none}, rows...)
	fmt.Fprintf(w, "\nat %.1f bn KZT, against %s (seizures %.0f kg a year, KAZ %.0f kg):\n", budget/1e9, base.Settings.Name, base.SeizedKg(), kazKg(base))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "plan\tupgrades\tcost bn KZT\tmax-min length\tSNIP objective\tlower\tupper\tgap\tstatus\tinterdicted %%\tseized kg\tΔ kg\tKAZ kg\tΔ KAZ kg\tmoved t\t\n")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.4f\t%.4f\t%s\t%s\t%s\t%s\t%.2f\t%.0f\t%+.0f\t%.0f\t%+.0f\t%.1f\t\n", r.Name, len(r.Plan), r.Cost/1e9, r.MaxMin, r.Evasion,
			num(r.Lower), num(r.Upper), num(r.Gap), r.Status, 100*r.Interdicted, r.SeizedKg(), r.SeizedKg()-base.SeizedKg(), kazKg(r.Result), kazKg(r.Result)-kazKg(base), r.Change.MovedTonnes)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nthe worst max–min pair (the smuggler's cheapest route of all) and its border crossings (menu units there):\n")
	units := map[string]int{}
	for _, cand := range pc.Candidates {
		for _, e := range cand.Effects {
			units[e.Feature]++
		}
	}
	for _, r := range rows[:2] {
		edges, _, err := pc.Route(r.Plan, pairs[r.Worst])
		if err != nil {
			return err
		}
		var via []string
		for _, e := range edges {
			if ed := g.EdgeAt(e); ed.Feature != "" && ed.Country2 != "" {
				via = append(via, fmt.Sprintf("%s (%d)", ed.Feature, units[ed.Feature]))
			}
		}
		fmt.Fprintf(w, "  %-16s %s, length %.4f, via %s\n", r.Name, pairName(pairs[r.Worst]), r.MaxMin, strings.Join(via, ", "))
	}
	snip := rows[2]
	fmt.Fprintf(w, "\nthe SNIP plan buys:\n")
	counts := map[plan.Kind]int{}
	spent := map[plan.Kind]float64{}
	for _, u := range snip.Plan {
		counts[pc.Candidates[u].Kind]++
		spent[pc.Candidates[u].Kind] += pc.Candidates[u].Cost
	}
	for _, k := range []plan.Kind{plan.Scanner, plan.Dogs, plan.Outpost, plan.Patrol, plan.Barrier} {
		if counts[k] > 0 {
			fmt.Fprintf(w, "  %-8s %3d  %.2f bn KZT\n", k, counts[k], spent[k]/1e9)
		}
	}

	budgets := []float64{0, 0.5e9, 1e9, 2e9, 3e9, 4.2e9, 6e9}
	ss := *s
	ss.TimeLimit = limit / 3
	pts, err := pc.Sweep(ctx, budgets, pairs, scen, &ss)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nbudget sweep (SNIP objective: mean of exp(−route cost) over the %d scenarios; interdicted: %% of shipments caught on the cheapest routes):\n", len(scen))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "budget bn KZT\tSNIP objective\tlower\tstatus\tcost\tinterdicted %%\tgreedy objective\tinterdicted %%\tmax-min length\tupper\tstatus\tcost\tinterdicted %%\t\n")
	for _, q := range pts {
		fmt.Fprintf(tw, "%.1f\t%.4f\t%.4f\t%s\t%.2f\t%.2f\t%.4f\t%.2f\t%.4f\t%.4f\t%s\t%.2f\t%.2f\t\n", q.Budget/1e9, q.SNIP, q.Lower, q.Status, q.Cost/1e9, 100*q.Interdicted[0],
			q.Greedy, 100*q.Interdicted[1], q.MaxMin, q.MaxMinUpper, q.MaxMinStatus, q.CostMaxMin/1e9, 100*q.Interdicted[2])
	}
	tw.Flush()

	// The layers: the plan, and the segments and crossings before and after.
	planFC, err := pc.PlanLayer(snip.Plan, a.Corridor.Crossings, a.Segments, scen)
	if err != nil {
		return err
	}
	segs, err := risk.SegmentsDiffLayer(base, snip.Result, a.Segments)
	if err != nil {
		return err
	}
	xs, err := risk.CrossingsDiffLayer(base, snip.Result, a.Corridor.Crossings)
	if err != nil {
		return err
	}
	countries := geo.CountriesLayer(a.Corridor.Countries)
	borders := geo.BordersLayer(a.Corridor.Borders)
	layers := []export.Layer{
		{Name: "countries", Features: countries, Style: layer.CountryStyle(countries)},
		{Name: "borders", Features: borders, Style: layer.BorderStyle(borders)},
		{Name: "segments_diff", Title: "Change in interdiction probability (segments)", Features: segs,
			Style: layer.DivergingStyle("delta_p", layer.SegmentStyle(segs), segs)},
		{Name: "crossings_diff", Title: "Change in interdiction probability (crossings)", Features: xs,
			Style: layer.DivergingStyle("delta_p", layer.CrossingStyle(xs), xs)},
	}
	pts2, lines := geojson.NewFeatureCollection(), geojson.NewFeatureCollection()
	for _, f := range planFC.Features {
		if _, ok := f.Geometry.(orb.Point); ok {
			pts2.Append(f)
		} else {
			lines.Append(f)
		}
	}
	red := color.NRGBA{0xc0, 0x39, 0x2b, 0xff}
	if len(lines.Features) > 0 {
		layers = append(layers, export.Layer{Name: "plan_segments", Title: "Upgrades of the SNIP plan (border)", Features: lines, Style: layer.LineStyle(red, 1.5)})
	}
	if len(pts2.Features) > 0 {
		layers = append(layers, export.Layer{Name: "plan_crossings", Title: "Upgrades of the SNIP plan (crossings)", Features: pts2, Style: layer.PointStyle(red, 4, layer.Circle)})
	}
	p, err := plan.SweepPlot(pts, 1e9, "Interdiction bought on Kazakhstan's southern border", "budget, bn KZT")
	if err != nil {
		return err
	}
	man, err := export.Write(out, "border-budget", layers, &export.Options{
		Title: "Northern Route: 4.2 bn KZT placed by SNIP",
		Notes: []string{fmt.Sprintf("SNIP plan at %.1f bn KZT against %s; unit costs and effects are assumptions (northernroute.UpgradeMenu)", budget/1e9, base.Settings.Name)},
		Extra: []export.Extra{
			{Name: "sweep.svg", Format: "svg", Write: func(w io.Writer) error { return writePlot(p, w, "svg") }},
			{Name: "sweep.png", Format: "png", Write: func(w io.Writer) error { return writePlot(p, w, "png") }},
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nopen %s in QGIS; the curve is %s\n", man.QGS, filepath.Join(out, "sweep.svg"))
	return nil
}

// kazKg returns Kazakhstan's seizures in r, kg a year.
func kazKg(r *risk.Result) float64 {
	cs, _ := r.Country("KAZ")
	return cs.SeizedKg
}

// num formats a bound, "-" when there is none.
func num(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.4f", v)
}

// writePlot writes p as SVG or PNG, 16 × 10 cm.
func writePlot(p *plot.Plot, w io.Writer, format string) error {
	wt, err := p.WriterTo(16*vg.Centimeter, 10*vg.Centimeter, format)
	if err != nil {
		return err
	}
	_, err = wt.WriteTo(w)
	return err
}
