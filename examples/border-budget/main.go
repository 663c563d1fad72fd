// Command border-budget asks what Kazakhstan's 4.2 bn KZT for its southern
// border buys when a solver places it, against the 2012 programme as
// announced: it builds the menu of upgrades (northernroute.UpgradeMenu:
// the southern borders' crossings and segments, and Kazakhstan's Caspian
// ports), solves the max–min plan for the worst of the flow's
// origin–destination pairs that the menu can reach and the SNIP plan over
// all of them, with their certified gaps, and the greedy plans, evaluates
// each under the full flow model against the Customs Union of 2011 (the
// programme's own starting point), sweeps the budget, and writes the plan,
// the before/after layers and the curve. The flow is one library call,
// (*routerisk.Analysis).Budget; `routerisk plan -out DIR` runs the same
// from the command line, and on a corridor folder of your own.
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
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/plan"
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
	// The programme came after the Customs Union: that is the baseline.
	cu := northernroute.CustomsUnion2011()
	s := plan.DefaultSettings()
	s.TimeLimit = limit
	budget := northernroute.SouthernBudgetKZT
	r, err := a.Budget(ctx, &routerisk.BudgetOptions{
		Menu:      ms,
		Budget:    budget,
		Baseline:  &cu,
		Compare:   []routerisk.ScenarioCost{{Name: "programme 2012 (as announced)", Scenario: northernroute.Programme2012(), Cost: budget}},
		PairShare: pairShare,
		Solver:    s,
		Sweep:     []float64{0, 0.5e9, 1e9, 2e9, 3e9, 4.2e9, 6e9},
		Country:   "KAZ",
		Unit:      "bn KZT",
		UnitScale: 1e9,
		Title:     "Interdiction bought on Kazakhstan's southern border",
	})
	if err != nil {
		return err
	}
	if err := r.WriteText(w); err != nil {
		return err
	}
	man, err := r.WriteQGIS(out, "border-budget", &export.Options{
		Title: "Northern Route: 4.2 bn KZT placed by SNIP",
		Notes: []string{fmt.Sprintf("SNIP plan at %.1f bn KZT against %s; unit costs and effects are assumptions (northernroute.UpgradeMenu)", budget/1e9, r.Base.Settings.Name)},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nopen %s in QGIS; the curve is %s\n", man.QGS, filepath.Join(out, "sweep.svg"))
	return nil
}
