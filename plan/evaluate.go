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
	if err := checkODs(in, ods, snip); err != nil {
		return 0, err
	}
	d, err := in.RouteLengths(plan, ods)
	if err != nil {
		return 0, err
	}
	if !snip {
		return slices.Min(d), nil
	}
	var total, val float64
	for i, od := range ods {
		val += od.Weight * math.Exp(-d[i])
		total += od.Weight
	}
	if !(total > 0) {
		return 0, fmt.Errorf("%w: weights add up to %v", ErrBadScenario, total)
	}
	return val / total, nil
}

// A Row is one plan of a comparison at one budget, evaluated on the
// instance and under the full flow model.
type Row struct {
	Name string
	Plan []int   // upgrades, indices into the menu; nil for a scenario
	Cost float64 // in the budget's unit; for a scenario, as given
	// MaxMin is the smuggler's cheapest route length over the max–min
	// pairs (the worst of them, Worst its index) and Evasion the expected
	// evasion over the scenarios (SNIP's objective), both on the instance.
	MaxMin, Evasion float64
	Worst           int
	// Interdicted is the chance a shipment is interdicted on the
	// scenarios' cheapest routes (Corridor.Interdiction): Evasion's costs
	// carry the smuggler's travel time as well, this is risk's p alone.
	Interdicted float64
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
// for the max–min pairs (the worst of them) and the scenarios, and its
// result under the full model compared with base.
func (c *Corridor) PlanRow(name string, plan []int, pairs, scen []OD, base *risk.Result) (*Row, error) {
	d, err := c.Instance.RouteLengths(plan, pairs)
	if err != nil {
		return nil, err
	}
	worst := 0
	for i, v := range d {
		if v < d[worst] {
			worst = i
		}
	}
	ev, err := c.Instance.Value(plan, scen, true)
	if err != nil {
		return nil, err
	}
	caught, err := c.Interdiction(plan, scen)
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
	return &Row{Name: name, Plan: slices.Clone(plan), Cost: c.Instance.Cost(plan), MaxMin: d[worst], Worst: worst, Evasion: ev, Interdicted: caught,
		Lower: math.NaN(), Upper: math.NaN(), Gap: math.NaN(), Status: "", Result: res, Change: ch}, nil
}

// ScenarioRow returns the row of a scenario s of the corridor's model (for
// instance a programme as announced) costing cost: its values on the
// instance its model's weights give, and its result compared with base.
func (c *Corridor) ScenarioRow(name string, s risk.Settings, cost float64, pairs, scen []OD, base *risk.Result) (*Row, error) {
	m, err := c.Model.With(&s)
	if err != nil {
		return nil, err
	}
	sc, err := FromModel(m, c.Carriers, c.Candidates)
	if err != nil {
		return nil, err
	}
	row, err := sc.PlanRow(name, nil, pairs, scen, base)
	if err != nil {
		return nil, err
	}
	row.Plan, row.Cost, row.Status = nil, cost, "scenario"
	return row, nil
}

// Compare returns the rows of the exact max–min plan for the worst of
// pairs (MaxMinAll; the scenarios, or MaxMinPairs of them, or one pair,
// best kept to the Interdictable ones), the exact SNIP plan for the
// scenarios, and the greedy plans for both, all within budget and
// evaluated against base. Settings s (nil: DefaultSettings) bound the
// exact solvers, which start from the greedy plans (Settings.Start); their
// rows carry their bounds, gap and status.
func (c *Corridor) Compare(ctx context.Context, budget float64, pairs, scen []OD, base *risk.Result, s *Settings) ([]*Row, error) {
	// The greedy plans first: each exact solve starts from its own.
	grMaxMin, err := Greedy(ctx, c.Instance, pairs, budget, false)
	if err != nil {
		return nil, fmt.Errorf("plan: greedy max-min: %w", err)
	}
	grSNIP, err := Greedy(ctx, c.Instance, scen, budget, true)
	if err != nil {
		return nil, fmt.Errorf("plan: greedy SNIP: %w", err)
	}
	type solver struct {
		name  string
		solve func() (*Result, error)
	}
	solvers := []solver{
		{"max-min (exact)", func() (*Result, error) {
			return MaxMinAll(ctx, c.Instance, pairs, budget, startingAt(s, grMaxMin.Plan))
		}},
		{"SNIP (exact)", func() (*Result, error) { return SNIP(ctx, c.Instance, scen, budget, startingAt(s, grSNIP.Plan)) }},
		{"greedy max-min", func() (*Result, error) { return grMaxMin, nil }},
		{"greedy SNIP", func() (*Result, error) { return grSNIP, nil }},
	}
	var rows []*Row
	for _, sv := range solvers {
		r, err := sv.solve()
		if err != nil {
			return nil, fmt.Errorf("plan: %s: %w", sv.name, err)
		}
		row, err := c.PlanRow(sv.name, r.Plan, pairs, scen, base)
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

// RouteLengths returns each pair's cheapest route length on in with plan's
// upgrades (+Inf where the destination is unreachable), from one
// shortest-path tree per distinct origin.
func (in *Instance) RouteLengths(plan []int, ods []OD) ([]float64, error) {
	l, err := in.planLengths(plan)
	if err != nil {
		return nil, err
	}
	if err := checkODs(in, ods, false); err != nil {
		return nil, err
	}
	out := make([]float64, len(ods))
	in.fromOrigins(ods, l, func(i int, t *tree) error {
		out[i] = t.dist[ods[i].Destination]
		return nil
	})
	return out, nil
}

// planLengths returns the arc lengths with plan's upgrades, or an error
// when plan names an upgrade twice, one outside the menu or two of a group.
func (in *Instance) planLengths(plan []int) ([]float64, error) {
	if !in.Feasible(plan, math.Inf(1)) {
		return nil, fmt.Errorf("%w: plan %v names an upgrade twice, one outside the menu or two of a group", ErrBadUpgrade, plan)
	}
	return in.Lengths(plan)
}

// fromOrigins grows one shortest-path tree under the arc lengths l per
// distinct origin of ods, in ascending order, and calls visit with the
// index of each of the origin's pairs, in the order given, and its tree;
// it returns visit's first error.
func (in *Instance) fromOrigins(ods []OD, l []float64, visit func(i int, t *tree) error) error {
	s := newSearcher(in)
	var t tree
	order := odOrder(ods)
	for k := 0; k < len(order); {
		o := ods[order[k]].Origin
		s.run(&t, o, l, false)
		for ; k < len(order) && ods[order[k]].Origin == o; k++ {
			if err := visit(order[k], &t); err != nil {
				return err
			}
		}
	}
	return nil
}

// MaxMinPairs returns the scenarios whose weight is at least minShare of
// their total, in the order given: the pairs whose worst route a max–min
// plan lengthens. minShare 0 keeps every pair; one above every share is an
// error.
func MaxMinPairs(scen []OD, minShare float64) ([]OD, error) {
	if !(minShare >= 0 && minShare <= 1) {
		return nil, fmt.Errorf("%w: minimum share %v of a max–min pair outside [0, 1]", ErrBadSetting, minShare)
	}
	total := 0.0
	for i, od := range scen {
		if !(od.Weight >= 0) || math.IsInf(od.Weight, 0) {
			return nil, fmt.Errorf("%w: scenario %d has weight %v: must be finite and ≥ 0", ErrBadScenario, i, od.Weight)
		}
		total += od.Weight
	}
	var out []OD
	for _, od := range scen {
		if minShare == 0 || od.Weight >= minShare*total {
			out = append(out, od)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no pair of %d carries %v of the weight or more", ErrBadScenario, len(scen), minShare)
	}
	return out, nil
}

// MaxMinAll returns MaxMin's plan for the worst of the pairs ods, its cuts
// named on in and ods, solved on fewer pairs of an extended instance: one
// pair from a super-source to a super-sink when ods hold every reachable
// pair of their origins and destinations (as the flow model's scenarios of
// a gravity flow do), else one pair per origin, to a sink of its own, or
// per destination, from a source of its own, whichever are fewer.
//
// Both are exact. For an origin o, add a node T_o with an arc of length 0
// from each destination d of o's pairs, and no upgrade on it. T_o has no
// arc out, so for any plan every o–T_o walk is a walk o⇝d of in followed
// by d→T_o, of the same length, and each such walk extends to one: so
// dist(o, T_o) is the minimum over o's pairs, and the minimum over the
// origins is the minimum over ods. Sources per destination are the mirror
// image. For the one pair, let O and D be the origins and destinations,
// disjoint, and add S with arcs of length 0 to each o ∈ O and T with arcs
// from each d ∈ D: by the same argument dist(S, T) is the minimum over
// O×D of dist(o, d), where pairs unreachable in in (+Inf under every plan,
// as upgrades add finite lengths) do not count; that is the minimum over
// ods exactly when ods hold every reachable pair of O×D. Either way the
// two problems share their plans and objectives, hence their optima.
func MaxMinAll(ctx context.Context, in *Instance, ods []OD, budget float64, s *Settings) (*Result, error) {
	if err := checkODs(in, ods, false); err != nil {
		return nil, err
	}
	ext, red, ok := superPair(in, ods)
	if !ok {
		ext, red, ok = perEnd(in, ods)
	}
	if !ok {
		return MaxMin(ctx, in, ods, budget, s)
	}
	r, err := MaxMin(ctx, ext, red, budget, s)
	if err != nil {
		return nil, err
	}
	at := map[[2]int]int{}
	for i := len(ods) - 1; i >= 0; i-- {
		at[[2]int{ods[i].Origin, ods[i].Destination}] = i
	}
	added := func(a int) bool { return a >= len(in.arcs) }
	for i, c := range r.Cuts {
		arcs := c.Arcs
		if added(arcs[0]) { // S→o or S_d→o
			arcs = arcs[1:]
		}
		if added(arcs[len(arcs)-1]) { // d→T or d→T_o
			arcs = arcs[:len(arcs)-1]
		}
		o, d := in.arcs[arcs[0]].From, in.arcs[arcs[len(arcs)-1]].To
		r.Cuts[i] = Cut{OD: at[[2]int{o, d}], Arcs: slices.Clone(arcs)}
	}
	return r, nil
}

// perEnd returns in with a sink per origin of ods, joined from the
// origin's destinations, and the pairs (origin, its sink); or with a
// source per destination, when there are fewer destinations than origins.
// ok is false when that would not reduce the pairs (see MaxMinAll).
func perEnd(in *Instance, ods []OD) (*Instance, []OD, bool) {
	byOrigin := map[int][]int{}
	byDest := map[int][]int{}
	var origins, dests []int
	for _, od := range ods {
		if !slices.Contains(byOrigin[od.Origin], od.Destination) {
			if byOrigin[od.Origin] == nil {
				origins = append(origins, od.Origin)
			}
			byOrigin[od.Origin] = append(byOrigin[od.Origin], od.Destination)
		}
		if !slices.Contains(byDest[od.Destination], od.Origin) {
			if byDest[od.Destination] == nil {
				dests = append(dests, od.Destination)
			}
			byDest[od.Destination] = append(byDest[od.Destination], od.Origin)
		}
	}
	pairs := len(ods)
	if min(len(origins), len(dests)) >= pairs {
		return nil, nil, false
	}
	arcs := slices.Clone(in.arcs)
	var red []OD
	if len(origins) <= len(dests) {
		for k, o := range origins {
			t := in.nodes + k
			for _, d := range byOrigin[o] {
				arcs = append(arcs, Arc{From: d, To: t})
			}
			red = append(red, OD{Origin: o, Destination: t})
		}
	} else {
		for k, d := range dests {
			src := in.nodes + k
			for _, o := range byDest[d] {
				arcs = append(arcs, Arc{From: src, To: o})
			}
			red = append(red, OD{Origin: src, Destination: d})
		}
	}
	ext, err := NewInstance(in.nodes+len(red), arcs, in.menu)
	if err != nil {
		return nil, nil, false // in was valid, so this does not happen
	}
	return ext, red, true
}

// superPair returns in with a super-source (node n) joined to the origins
// of ods and a super-sink (node n+1) joined from their destinations, and
// the one pair between them; ok is whether ods hold every pair of their
// origins and destinations that in joins by a walk, origins and
// destinations disjoint (see MaxMinAll).
func superPair(in *Instance, ods []OD) (*Instance, []OD, bool) {
	var origins, dests []int
	pairs := map[[2]int]bool{}
	for _, od := range ods {
		origins = append(origins, od.Origin)
		dests = append(dests, od.Destination)
		pairs[[2]int{od.Origin, od.Destination}] = true
	}
	slices.Sort(origins)
	slices.Sort(dests)
	origins, dests = slices.Compact(origins), slices.Compact(dests)
	if len(origins) == 1 && len(dests) == 1 {
		return nil, nil, false // one pair already
	}
	isDest := make([]bool, in.nodes)
	for _, d := range dests {
		isDest[d] = true
	}
	for _, o := range origins {
		if isDest[o] {
			return nil, nil, false
		}
	}
	// every reachable (o, d) must be a pair of ods
	seen := make([]bool, in.nodes)
	var stack []int
	for _, o := range origins {
		clear(seen)
		seen[o] = true
		stack = append(stack[:0], o)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if isDest[v] && !pairs[[2]int{o, v}] {
				return nil, nil, false
			}
			for k := in.outStart[v]; k < in.outStart[v+1]; k++ {
				if w := in.arcs[in.outArc[k]].To; !seen[w] {
					seen[w] = true
					stack = append(stack, w)
				}
			}
		}
	}
	arcs := slices.Clone(in.arcs)
	for _, o := range origins {
		arcs = append(arcs, Arc{From: in.nodes, To: o})
	}
	for _, d := range dests {
		arcs = append(arcs, Arc{From: d, To: in.nodes + 1})
	}
	sup, err := NewInstance(in.nodes+2, arcs, in.menu)
	if err != nil {
		return nil, nil, false // in was valid, so this does not happen
	}
	return sup, []OD{{Origin: in.nodes, Destination: in.nodes + 1}}, true
}

// Interdictable returns the pairs of ods whose cheapest route some plan
// lengthens, in the order given: those longer with every upgrade of the
// menu applied than with none (lengths only grow with upgrades, so no plan
// moves the others). A pair no plan moves caps a max–min objective at its
// own length and leaves the max–min plan arbitrary.
func (in *Instance) Interdictable(ods []OD) ([]OD, error) {
	before, err := in.RouteLengths(nil, ods)
	if err != nil {
		return nil, err
	}
	l := slices.Clone(in.base)
	for u := range in.menu {
		in.addUpgrade(l, u, 1)
	}
	moved := make([]bool, len(ods))
	in.fromOrigins(ods, l, func(i int, t *tree) error {
		moved[i] = t.dist[ods[i].Destination] > before[i]*(1+1e-12)
		return nil
	})
	var out []OD
	for i, od := range ods {
		if moved[i] {
			out = append(out, od)
		}
	}
	return out, nil
}
