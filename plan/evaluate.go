package plan

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/routerisk/routerisk/risk"
)

// Value returns plan's objective on in for ods: when snip is false the
// smuggler's cheapest route length over the pairs (the max–min objective),
// else the expected evasion Σ_ω p_ω·exp(−length_ω) with the weights
// normalised. An unreachable pair has length +Inf and evasion 0.
func (in *Instance) Value(plan []int, ods []OD, snip bool) (float64, error) {
	if !in.Feasible(plan, math.Inf(1)) {
		return 0, fmt.Errorf("%w: plan %v names an upgrade twice, one outside the menu or two of a group", ErrBadUpgrade, plan)
	}
	l, err := in.Lengths(plan)
	if err != nil {
		return 0, err
	}
	if err := checkODs(in, ods, snip); err != nil {
		return 0, err
	}
	s := newSearcher(in)
	var t tree
	var total, val float64
	if !snip {
		val = math.Inf(1)
	}
	// One tree per origin, in order of first appearance.
	var origins []int
	for _, od := range ods {
		if !slices.Contains(origins, od.Origin) {
			origins = append(origins, od.Origin)
		}
		total += od.Weight
	}
	for _, o := range origins {
		s.run(&t, o, l, false)
		for _, od := range ods {
			if od.Origin != o {
				continue
			}
			d := t.dist[od.Destination]
			if snip {
				val += od.Weight * math.Exp(-d)
			} else {
				val = min(val, d)
			}
		}
	}
	if snip {
		if !(total > 0) {
			return 0, fmt.Errorf("%w: weights add up to %v", ErrBadScenario, total)
		}
		val /= total
	}
	return val, nil
}

// A Row is one plan of a comparison at one budget, evaluated on the
// instance and under the full flow model.
type Row struct {
	Name string
	Plan []int   // upgrades, indices into the menu; nil for a scenario
	Cost float64 // in the budget's unit; for a scenario, as given
	// MaxMin is the smuggler's cheapest route length on the max–min pair
	// and Evasion the expected evasion over the scenarios (SNIP's
	// objective), both on the instance.
	MaxMin, Evasion float64
	// Lower, Upper and Gap bound the optimum of the row's own problem
	// (NaN where the row certifies nothing); Status says how it stopped.
	Lower, Upper, Gap float64
	Status            string
	Result            *risk.Result     // under the full model
	Change            *risk.Comparison // against the baseline
}

// SeizedKg returns the row's seizures under the full model, in kg a year.
func (r *Row) SeizedKg() float64 { return r.Result.SeizedKg() }

// CountryKg returns the row's seizures in one country, in kg a year.
func (r *Row) CountryKg(code string) float64 {
	cs, _ := r.Result.Country(code)
	return cs.SeizedKg
}

// PlanRow returns the row of plan named name: its values on the instance
// for the max–min pair and the scenarios, and its result under the full
// model compared with base.
func (c *Corridor) PlanRow(name string, plan []int, pair OD, scen []OD, base *risk.Result) (*Row, error) {
	mm, err := c.Instance.Value(plan, []OD{pair}, false)
	if err != nil {
		return nil, err
	}
	ev, err := c.Instance.Value(plan, scen, true)
	if err != nil {
		return nil, err
	}
	res, err := c.Evaluate(plan)
	if err != nil {
		return nil, err
	}
	ch, err := risk.Compare(base, res)
	if err != nil {
		return nil, err
	}
	return &Row{Name: name, Plan: slices.Clone(plan), Cost: c.Instance.Cost(plan), MaxMin: mm, Evasion: ev,
		Lower: math.NaN(), Upper: math.NaN(), Gap: math.NaN(), Status: "", Result: res, Change: ch}, nil
}

// ScenarioRow returns the row of a scenario s of the corridor's model (for
// instance a programme as announced) costing cost: its values on the
// instance its model's weights give, and its result compared with base.
func (c *Corridor) ScenarioRow(name string, s risk.Settings, cost float64, pair OD, scen []OD, base *risk.Result) (*Row, error) {
	m, err := c.Model.With(&s)
	if err != nil {
		return nil, err
	}
	sc, err := FromModel(m, c.Carriers, c.Candidates)
	if err != nil {
		return nil, err
	}
	row, err := sc.PlanRow(name, nil, pair, scen, base)
	if err != nil {
		return nil, err
	}
	row.Plan, row.Cost, row.Status = nil, cost, "scenario"
	return row, nil
}

// Compare returns the rows of the exact max–min plan for pair, the exact
// SNIP plan for the scenarios, and the greedy plans for both, all within
// budget and evaluated against base. Settings s (nil: DefaultSettings)
// bound the exact solvers, whose rows carry their bounds, gap and status.
func (c *Corridor) Compare(ctx context.Context, budget float64, pair OD, scen []OD, base *risk.Result, s *Settings) ([]*Row, error) {
	type solver struct {
		name  string
		snip  bool
		solve func() (*Result, error)
	}
	solvers := []solver{
		{"max-min (exact)", false, func() (*Result, error) { return MaxMin(ctx, c.Instance, []OD{pair}, budget, s) }},
		{"SNIP (exact)", true, func() (*Result, error) { return SNIP(ctx, c.Instance, scen, budget, s) }},
		{"greedy max-min", false, func() (*Result, error) { return Greedy(ctx, c.Instance, []OD{pair}, budget, false) }},
		{"greedy SNIP", true, func() (*Result, error) { return Greedy(ctx, c.Instance, scen, budget, true) }},
	}
	var rows []*Row
	for _, sv := range solvers {
		r, err := sv.solve()
		if err != nil {
			return nil, fmt.Errorf("plan: %s: %w", sv.name, err)
		}
		row, err := c.PlanRow(sv.name, r.Plan, pair, scen, base)
		if err != nil {
			return nil, err
		}
		row.Status = r.Status.String()
		if r.Status != Heuristic {
			row.Lower, row.Upper, row.Gap = r.Lower, r.Upper, r.Gap
		}
		rows = append(rows, row)
	}
	return rows, nil
}
