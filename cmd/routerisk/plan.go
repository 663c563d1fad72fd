package main

import (
	"context"
	"fmt"
	"time"

	"github.com/routerisk/routerisk/plan"
)

const planAbout = `Plan chooses defender upgrades within a budget from plain CSV files: an arc
list with header from,to,p,p_upgraded,cost (an arc's interdiction
probability, its probability once upgraded, the upgrade's cost) and
origin–destination scenarios with header origin,destination,weight. It
minimises the expected evasion over the scenarios (stochastic network
interdiction) or, with -maxmin, maximises the smuggler's best route's risk,
and reports the plan with lower and upper bounds and the gap.`

func cmdPlan(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("plan", "-arcs FILE -scenarios FILE -budget N [flags]", planAbout)
	arcs := fs.String("arcs", "", "arc list CSV `file` (required)")
	scenarios := fs.String("scenarios", "", "origin–destination scenarios CSV `file` (required)")
	budget := fs.Float64("budget", -1, "budget, in the unit of the arcs' costs (required, ≥ 0)")
	maxmin := fs.Bool("maxmin", false, "maximise the risk of the smuggler's best route instead of minimising the expected evasion")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	limit := fs.Duration("time-limit", 0, "stop after this `duration` with the best plan and its gap (0: none)")
	if _, err := e.parse(fs, args, 0); err != nil {
		return err
	}
	switch {
	case *arcs == "":
		return e.usageError(fs, "-arcs is required")
	case *scenarios == "":
		return e.usageError(fs, "-scenarios is required")
	case !(*budget >= 0):
		return e.usageError(fs, "-budget is required: a number ≥ 0")
	case *limit < 0:
		return e.usageError(fs, "-time-limit %v: want a duration ≥ 0", *limit)
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
