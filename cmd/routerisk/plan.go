package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/settingsfile"
)

const planAbout = `Plan chooses defender upgrades within a budget, with lower and upper bounds
on the optimum and the gap, in one of two ways.

On a corridor (without -arcs): the embedded Northern Route or, with
-corridor, a corridor folder. The corridor is analysed as analyze does
(calibrated when there is a target) under its default scenario, then the
plans are placed on the baseline -scenario with the fitted parameters: the
exact max–min plan for the worst origin–destination pair the menu can
reach, the exact SNIP plan over the flow's pairs, their greedy
counterparts, and the -programme scenario as announced, each evaluated
under the full flow model against the baseline; then a sweep of budgets.
It prints the table and writes the plan layer, the segments' and
crossings' change in interdiction probability, the sweep's curve
(sweep.svg, sweep.png) and the seizures per country into -out. On the
Northern Route the defaults are examples/border-budget's: the Customs
Union of 2011 as baseline, northernroute's menu in KZT, the 4.2 bn KZT of
Kazakhstan's 2012 programme for its southern border, and that programme
as announced. A corridor folder needs -menu and -budget: a menu has no
library defaults (start from 'routerisk settings show menu northern-route'
and set Side, Borders and Ports to your corridor's).

From plain CSV files (-arcs and -scenarios): an arc list with header
from,to,p,p_upgraded,cost (an arc's interdiction probability, its
probability once upgraded, the upgrade's cost) and origin–destination
scenarios with header origin,destination,weight. It minimises the expected
evasion over the scenarios (stochastic network interdiction) or, with
-maxmin, maximises the smuggler's best route's risk.

The two ways' flags do not mix.`

// corridorTimeLimit is the time limit of each exact solve on a corridor
// when -time-limit is not given: examples/border-budget's.
const corridorTimeLimit = 20 * time.Second

// The plain-file flags, and the flags of a corridor's plan.
var (
	fileFlags     = []string{"arcs", "scenarios", "maxmin"}
	corridorFlags = []string{"corridor", "out", "project", "target", "graph", "countries", "segment-km", "calibrate",
		"scenario", "menu", "pair-share", "programme", "sweep"}
)

func cmdPlan(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("plan", "[-corridor DIR] [-menu FILE] [-budget N] -out DIR [flags]  |  -arcs FILE -scenarios FILE -budget N [flags]", planAbout)
	arcs := fs.String("arcs", "", "arc list CSV `file` (plain files; with -scenarios)")
	scenarios := fs.String("scenarios", "", "origin–destination scenarios CSV `file` (plain files; with -arcs)")
	budget := fs.Float64("budget", 0, "budget, in the unit of the costs, ≥ 0 (required, except on the Northern Route: 4.2e9 KZT)")
	maxmin := fs.Bool("maxmin", false, "plain files: maximise the risk of the smuggler's best route instead of minimising the expected evasion")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	limit := fs.Duration("time-limit", 0, "stop each exact solve after this `duration` with the best plan and its gap (0: none; default none with -arcs, 20s on a corridor, where each budget of the sweep gets a third)")
	var f analysisFlags
	f.register(fs, "")
	scenario := fs.String("scenario", "", "corridor: the baseline scenario the plans are placed on and judged against, a settings `file` or a name (default: customs-union-2011 on the Northern Route, the corridor's default scenario on a corridor folder)")
	menuFile := fs.String("menu", "", "corridor: upgrade menu settings `file` (.toml, .json; required on a corridor folder; default: northernroute's menu on the Northern Route)")
	pairShare := fs.Float64("pair-share", 0, "corridor: the max–min plan takes the worst of the pairs carrying at least this `share` of the flow (0: every pair)")
	programme := fs.String("programme", "", "corridor: a scenario set beside the plans as announced, costing -budget: a settings `file`, a name, or none (default: programme-2012 on the Northern Route, at its 4.2e9 KZT; none on a corridor folder)")
	sweep := fs.String("sweep", "", "corridor: comma-separated `budgets` to sweep, or none (default: 0, 0.5e9, 1e9, 2e9, 3e9, 4.2e9, 6e9 on the Northern Route; 0, ¼, ½, 1 and 1.5 × -budget on a corridor folder)")
	if _, err := e.parse(fs, args, 0); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	has := func(names []string) []string {
		var out []string
		for _, n := range names {
			if set[n] {
				out = append(out, "-"+n)
			}
		}
		return out
	}
	if fl, cl := has(fileFlags), has(corridorFlags); len(fl) > 0 && len(cl) > 0 {
		return e.usageError(fs, "%s (plain files) and %s (a corridor's plan) do not mix: give -arcs and -scenarios, or a corridor",
			strings.Join(fl, ", "), strings.Join(cl, ", "))
	}
	if *limit < 0 {
		return e.usageError(fs, "-time-limit %v: want a duration ≥ 0", *limit)
	}
	if set["budget"] && (!(*budget >= 0) || math.IsInf(*budget, 0)) {
		return e.usageError(fs, "-budget %v: want a finite number ≥ 0", *budget)
	}
	if *arcs == "" && *scenarios == "" && !set["maxmin"] {
		if !set["time-limit"] {
			*limit = corridorTimeLimit
		}
		return planCorridor(ctx, e, fs, &corridorPlan{flags: f, budget: *budget, budgetSet: set["budget"], limit: *limit, json: *asJSON,
			scenario: *scenario, menu: *menuFile, pairShare: *pairShare, programme: *programme, sweep: *sweep})
	}
	switch {
	case *arcs == "":
		return e.usageError(fs, "-arcs is required: plain files need -arcs and -scenarios")
	case *scenarios == "":
		return e.usageError(fs, "-scenarios is required: plain files need -arcs and -scenarios")
	case !set["budget"]:
		return e.usageError(fs, "-budget is required: a number ≥ 0")
	}
	s := plan.DefaultSettings()
	s.TimeLimit = *limit
	start := time.Now()
	r, err := plan.SolveFiles(ctx, *arcs, *scenarios, *budget, *maxmin, s)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if *asJSON {
		return r.WriteJSON(e.stdout)
	}
	if err := r.WriteText(e.stdout); err != nil {
		return err
	}
	if e.terminal {
		fmt.Fprintf(e.stderr, "routerisk: plan solved in %.1f s\n", time.Since(start).Seconds())
	}
	return nil
}

// corridorPlan holds the flags of a corridor's plan.
type corridorPlan struct {
	flags                            analysisFlags
	budget                           float64
	budgetSet, json                  bool
	limit                            time.Duration
	scenario, menu, programme, sweep string
	pairShare                        float64
}

// planCorridor analyses the corridor the flags name and places the budget
// on it (routerisk.Analysis.Budget).
func planCorridor(ctx context.Context, e *env, fs *flag.FlagSet, p *corridorPlan) error {
	f := &p.flags
	if f.out == "" {
		return e.usageError(fs, "-out is required on a corridor")
	}
	if !(p.pairShare >= 0 && p.pairShare <= 1) {
		return e.usageError(fs, "-pair-share %v: want a share in [0, 1]", p.pairShare)
	}
	embedded := f.corridor == ""
	if !embedded && p.menu == "" {
		return e.usageError(fs, "-menu is required on a corridor folder: a menu has no library defaults; start from 'routerisk settings show menu northern-route' and set Side, Borders and Ports to the corridor's")
	}
	if !embedded && !p.budgetSet {
		return e.usageError(fs, "-budget is required on a corridor folder: a number ≥ 0 in the menu's cost unit")
	}
	if err := export.CheckDir(f.out); err != nil {
		return err
	}
	o := routerisk.BudgetOptions{Budget: p.budget, PairShare: p.pairShare}
	var ms plan.MenuSettings
	if p.menu != "" {
		var err error
		if ms, err = settingsfile.ReadMenu(p.menu, bases()); err != nil {
			return fmt.Errorf("-menu: %w", err)
		}
	}
	cs, opt, err := f.setup("")
	if err != nil {
		return err
	}
	programme := p.programme
	if embedded {
		if p.menu == "" {
			ms = northernroute.UpgradeMenu()
		}
		if !p.budgetSet {
			o.Budget = northernroute.SouthernBudgetKZT
		}
		if p.scenario == "" {
			p.scenario = northernroute.NameCustomsUnion2011
		}
		if programme == "" {
			o.Compare = []routerisk.ScenarioCost{{Name: "programme 2012 (as announced)", Scenario: northernroute.Programme2012(), Cost: northernroute.SouthernBudgetKZT}}
			programme = nameNone
		}
		o.Unit, o.UnitScale = "bn KZT", 1e9
		o.Title = "Interdiction bought on Kazakhstan's southern border"
	}
	o.Menu = &ms
	if p.scenario != "" {
		b, err := scenarioArg(p.scenario, cs.scenario)
		if err != nil {
			return err
		}
		if err := applyCountries(&b, f.countries); err != nil {
			return fmt.Errorf("-countries %s: %w", f.countries, err)
		}
		o.Baseline = &b
	}
	if programme != "" && programme != nameNone {
		s, err := scenarioArg(programme, cs.scenario)
		if err != nil {
			return fmt.Errorf("-programme: %w", err)
		}
		if err := applyCountries(&s, f.countries); err != nil {
			return fmt.Errorf("-countries %s: %w", f.countries, err)
		}
		o.Compare = []routerisk.ScenarioCost{{Name: s.Name + " (as announced)", Scenario: s, Cost: o.Budget}}
	}
	if o.Sweep, err = sweepArg(p.sweep, o.Budget, embedded); err != nil {
		return e.usageError(fs, "%v", err)
	}
	s := plan.DefaultSettings()
	s.TimeLimit = p.limit
	o.Solver = s

	a, err := e.analyze(ctx, "plan", cs, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "routerisk: placing the budget (each exact solve stops after %v)\n", p.limit)
	r, err := a.Budget(ctx, &o)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	out := e
	if p.json {
		if err := r.WriteJSON(e.stdout); err != nil {
			return err
		}
		out = &env{stdout: e.stderr, stderr: e.stderr, terminal: e.terminal}
	} else if err := r.WriteText(e.stdout); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "routerisk: writing the plan to %s\n", f.out)
	// The map's note is the report's own (the plan, the budget and the
	// baseline).
	m, err := r.WriteQGIS(f.out, f.project+"-plan", &export.Options{
		Title: fmt.Sprintf("%s: the SNIP plan within %s", cs.corridor.Name, money(o.Budget, o.UnitScale, o.Unit)),
	})
	if err != nil {
		return err
	}
	printWritten(out, m)
	return nil
}

// money formats an amount v in unit (scale of it per unit; 0 means 1).
func money(v, scale float64, unit string) string {
	if scale == 0 {
		scale = 1
	}
	return strings.TrimSpace(strconv.FormatFloat(v/scale, 'g', 4, 64) + " " + unit)
}

// sweepArg returns the budgets of -sweep: a comma-separated list, none,
// or "" for the default (see the flag).
func sweepArg(arg string, budget float64, embedded bool) ([]float64, error) {
	switch {
	case arg == nameNone:
		return nil, nil
	case arg == "" && embedded:
		return []float64{0, 0.5e9, 1e9, 2e9, 3e9, 4.2e9, 6e9}, nil
	case arg == "":
		return []float64{0, budget / 4, budget / 2, budget, 1.5 * budget}, nil
	}
	var out []float64
	for _, f := range strings.Split(arg, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || !(v >= 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("-sweep %s: %q is not a budget ≥ 0", arg, f)
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
