package plan

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// snipOracle evaluates plans for SNIP: the value is the expected
// interdiction probability Σ p_ω (1 − exp(−L_ω)) and the cuts are
// linearisations of exp(−length) along each scenario's best route.
type snipOracle struct {
	in      *Instance
	ods     []OD      // merged scenarios
	prob    []float64 // normalised weights
	order   []int
	s       *searcher
	fwd     tree
	l       []float64
	dist    []float64
	paths   [][]int32
	keys    map[string]bool
	certs   []Cut
	targets []int
}

// mergeScenarios returns the distinct OD pairs with summed weights, their
// normalised weights, and the first input scenario of each.
func mergeScenarios(ods []OD) ([]OD, []float64, []int, error) {
	type key struct{ o, d int }
	at := map[key]int{}
	var out []OD
	var first []int
	total := 0.0
	for j, od := range ods {
		k := key{od.Origin, od.Destination}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, OD{Origin: od.Origin, Destination: od.Destination})
			first = append(first, j)
		}
		out[i].Weight += od.Weight
		total += od.Weight
	}
	if !(total > 0) {
		return nil, nil, nil, fmt.Errorf("%w: scenario weights sum to %v: need a positive total", ErrBadScenario, total)
	}
	prob := make([]float64, len(out))
	for i, od := range out {
		prob[i] = od.Weight / total
	}
	return out, prob, first, nil
}

func (o *snipOracle) evaluate(plan []int, master func(int) float64) (float64, []cutRow, error) {
	in := o.in
	copy(o.l, in.base)
	for _, u := range plan {
		in.addUpgrade(o.l, u, 1)
	}
	chosen := make(map[int32]bool, len(plan))
	for _, u := range plan {
		chosen[int32(u)] = true
	}
	last := -1
	v := 0.0
	var rows []cutRow
	for k, i := range o.order {
		od := o.ods[i]
		if od.Origin != last {
			o.targets = o.targets[:0]
			for m := k; m < len(o.order) && o.ods[o.order[m]].Origin == od.Origin; m++ {
				o.targets = append(o.targets, o.ods[o.order[m]].Destination)
			}
			o.s.runTo(&o.fwd, od.Origin, o.l, false, o.targets)
			last = od.Origin
		}
		L := o.fwd.dist[od.Destination]
		if math.IsInf(L, 1) {
			return 0, nil, fmt.Errorf("%w: scenario pair %d (node %d to %d)", ErrNoPath, i, od.Origin, od.Destination)
		}
		phi := -math.Expm1(-L) // interdiction probability 1 − e^{−L}
		v += o.prob[i] * phi
		if master(i) <= phi+1e-13 {
			continue
		}
		path := in.pathTo(&o.fwd, od.Destination, nil)
		rows = append(rows, o.cuts(i, path, plan, chosen)...)
	}
	return v, rows, nil
}

// cuts returns the rows tight at plan for scenario i's route path:
//
//	θ ≥ f̂ (1 − Σ_{u∉plan} (1 − e^{−D_u}) x_u)       (binary strengthening)
//	θ ≥ f̂ (1 − Σ_u D_u (x_u − x̂_u))                  (tangent; when plan touches the route)
//
// with f̂ = exp(−L_P(plan)), written for φ = 1 − θ.
func (o *snipOracle) cuts(i int, path []int32, plan []int, chosen map[int32]bool) []cutRow {
	base := routeRow(o.in, path) // rhs = a, coef = −D
	var at []int
	lp := base.rhs
	for k, u := range base.idx {
		if chosen[u] {
			at = append(at, int(u))
			lp -= base.coef[k]
		}
	}
	key := fmt.Sprint(i, path, at)
	if o.keys[key] {
		return nil
	}
	o.keys[key] = true
	f := math.Exp(-lp)
	src := len(o.certs)
	c := Cut{OD: i, Arcs: make([]int, len(path)), At: at}
	for k, a := range path {
		c.Arcs[k] = int(a)
	}
	o.certs = append(o.certs, c)
	b := cutRow{aux: int32(i), rhs: 1 - f, src: src}
	for k, u := range base.idx {
		if !chosen[u] {
			b.idx = append(b.idx, u)
			b.coef = append(b.coef, f*math.Expm1(base.coef[k])) // −f(1−e^{−D})
		}
	}
	rows := []cutRow{b}
	if len(at) > 0 {
		t := cutRow{aux: int32(i), src: src, idx: slices.Clone(base.idx), coef: make([]float64, len(base.idx))}
		dx := 0.0
		for k, u := range base.idx {
			t.coef[k] = f * base.coef[k] // −f D_u
			if chosen[u] {
				dx -= base.coef[k]
			}
		}
		t.rhs = 1 - f*(1+dx)
		rows = append(rows, t)
	}
	return rows
}

// SNIP returns the plan within budget that minimises the expected evasion
// probability Σ_ω p_ω max_P Π_{e∈P}(1−p_e) over the weighted scenarios ods
// (weights normalised to sum to 1; scenarios with the same pair merged), by
// Benders decomposition with one family of cuts per scenario (Morton, Pan &
// Saeger 2007; Pan & Morton 2008) and a branch-and-bound master.
func SNIP(ctx context.Context, in *Instance, ods []OD, budget float64, s *Settings) (*Result, error) {
	if s == nil {
		s = DefaultSettings()
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := checkBudget(budget); err != nil {
		return nil, err
	}
	if err := checkODs(in, ods, true); err != nil {
		return nil, err
	}
	start := time.Now()
	merged, prob, first, err := mergeScenarios(ods)
	if err != nil {
		return nil, err
	}
	o := &snipOracle{in: in, ods: merged, prob: prob, order: odOrder(merged), s: newSearcher(in),
		l: make([]float64, len(in.arcs)), keys: map[string]bool{}}
	ub := make([]float64, len(merged))
	for i := range ub {
		ub[i] = 1
	}
	e := &engine{ctx: ctx, in: in, budget: budget, set: *s, start: start, naux: len(merged),
		auxObj: prob, auxUB: ub, orc: o}
	if s.TimeLimit > 0 {
		e.deadline = start.Add(s.TimeLimit)
	}
	if !affordable(in, budget) {
		v, _, err := o.evaluate(nil, func(int) float64 { return 0 })
		if err != nil {
			return nil, err
		}
		return &Result{Plan: []int{}, Objective: 1 - v, Lower: 1 - v, Upper: 1 - v, Status: NothingAffordable, Evaluations: 1, Elapsed: time.Since(start), snip: true}, nil
	}
	if err := e.run(); err != nil {
		return nil, err
	}
	r := &Result{Plan: e.best, Cost: in.Cost(e.best), Objective: 1 - e.bestVal, Upper: 1 - e.bestVal,
		Lower: 1 - math.Max(e.upper, e.bestVal), Status: e.status, Nodes: e.nodes, Evaluations: e.evals, snip: true}
	r.Gap = r.Upper - r.Lower
	r.Cuts = certsOf(e.cuts, o.certs)
	for i := range r.Cuts {
		r.Cuts[i].OD = first[r.Cuts[i].OD]
	}
	if r.Plan == nil {
		r.Plan = []int{}
	}
	r.Elapsed = time.Since(start)
	return r, nil
}
