package plan

import (
	"context"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"time"
)

// An OD is an origin–destination pair of the smuggler, with a weight used by
// SNIP (the scenario's probability up to normalisation) and ignored by MaxMin.
type OD struct {
	Origin, Destination int
	Weight              float64
}

// A Cut is a route of the certificate: a walk of arcs from the OD's origin to
// its destination whose length bounds the smuggler's best (in SNIP, a
// linearisation of its evasion taken at the plan At).
type Cut struct {
	OD   int   // index of the OD pair or scenario
	Arcs []int // arcs in order from origin to destination
	At   []int // SNIP only: the plan the cut is tight at
}

// A Result is a plan with certified bounds on the optimal value.
type Result struct {
	Plan []int   // chosen upgrades, ascending indices into the menu
	Cost float64 // total cost of Plan
	// Objective is the plan's value, evaluated exactly by Dijkstra: for MaxMin
	// the smuggler's cheapest route length (worst OD), for SNIP the expected
	// evasion probability.
	Objective float64
	// Lower and Upper bound the optimal value. For MaxMin (maximise) Lower is
	// the Objective and Upper the master's bound; for SNIP (minimise) Lower is
	// the master's bound and Upper the Objective.
	Lower, Upper float64
	Gap          float64 // Upper − Lower, ≥ 0
	Status       Status
	Cuts         []Cut // the routes of the final master, a certificate for the bound
	Nodes        int   // branch-and-bound nodes solved
	Evaluations  int   // plans evaluated exactly
	Elapsed      time.Duration

	snip bool
}

// Evasion returns exp(−Objective) for MaxMin and Greedy(…, false): the
// evasion probability of the smuggler's best route when lengths are −ln(1−p)
// with no travel-time term; for SNIP it returns Objective.
func (r *Result) Evasion() float64 {
	if r.snip {
		return r.Objective
	}
	return math.Exp(-r.Objective)
}

func checkODs(in *Instance, ods []OD, weighted bool) error {
	if len(ods) == 0 {
		return fmt.Errorf("%w: no origin–destination pairs", ErrBadScenario)
	}
	for i, od := range ods {
		if od.Origin < 0 || od.Origin >= in.nodes || od.Destination < 0 || od.Destination >= in.nodes {
			return fmt.Errorf("%w: pair %d joins nodes %d and %d, outside 0..%d", ErrBadScenario, i, od.Origin, od.Destination, in.nodes-1)
		}
		if od.Origin == od.Destination {
			return fmt.Errorf("%w: pair %d has the same origin and destination %d", ErrBadScenario, i, od.Origin)
		}
		if weighted && (!(od.Weight >= 0) || math.IsInf(od.Weight, 0)) {
			return fmt.Errorf("%w: scenario %d has weight %v: must be finite and ≥ 0", ErrBadScenario, i, od.Weight)
		}
	}
	return nil
}

func affordable(in *Instance, budget float64) bool {
	for _, up := range in.menu {
		if up.Cost <= budget+1e-9*math.Max(1, budget) {
			return true
		}
	}
	return false
}

// maxminOracle evaluates plans for MaxMin and returns route cuts.
type maxminOracle struct {
	in      *Instance
	ods     []OD
	extra   int
	s       *searcher
	fwd     tree
	bwd     tree
	l       []float64
	seed    maphash.Seed
	keys    map[uint64]bool
	certs   []Cut
	dist    []float64
	scratch []int32
	order   []int
	targets []int
	// pot holds per OD the distances to its destination under the base
	// lengths: consistent A* potentials for every plan, as upgrades only
	// lengthen arcs (nil when there are too many destinations to keep)
	pot [][]float64
}

// maxPotentials bounds the destinations whose base distances are kept for
// A* (a memory choice: one float64 per node each).
const maxPotentials = 16

func newMaxMinOracle(in *Instance, ods []OD, extra int) *maxminOracle {
	return &maxminOracle{in: in, ods: ods, extra: extra, s: newSearcher(in), l: make([]float64, len(in.arcs)),
		seed: maphash.MakeSeed(), keys: map[uint64]bool{}, dist: make([]float64, len(ods))}
}

func (o *maxminOracle) lengths(plan []int) {
	copy(o.l, o.in.base)
	for _, u := range plan {
		o.in.addUpgrade(o.l, u, 1)
	}
}

// distances fills o.dist under o.l: by A* per pair when the potentials are
// kept, else one forward search per distinct origin, each stopped once its
// destinations are settled.
func (o *maxminOracle) distances() {
	if o.pot == nil {
		o.potentials()
	}
	if len(o.pot) > 0 {
		for i, od := range o.ods {
			o.dist[i] = o.s.astar(&o.fwd, od.Origin, od.Destination, o.l, o.pot[i])
		}
		return
	}
	if o.order == nil {
		o.order = odOrder(o.ods)
	}
	for k := 0; k < len(o.order); {
		origin := o.ods[o.order[k]].Origin
		o.targets = o.targets[:0]
		m := k
		for ; m < len(o.order) && o.ods[o.order[m]].Origin == origin; m++ {
			o.targets = append(o.targets, o.ods[o.order[m]].Destination)
		}
		o.s.runTo(&o.fwd, origin, o.l, false, o.targets)
		for ; k < m; k++ {
			o.dist[o.order[k]] = o.fwd.dist[o.ods[o.order[k]].Destination]
		}
	}
}

// potentials fills o.pot, one backward search under the base lengths per
// destination, or leaves it empty beyond maxPotentials destinations.
func (o *maxminOracle) potentials() {
	o.pot = [][]float64{}
	byDest := map[int][]float64{}
	for _, od := range o.ods {
		byDest[od.Destination] = nil
	}
	if len(byDest) > maxPotentials {
		return
	}
	for _, od := range o.ods {
		h, ok := byDest[od.Destination]
		if h == nil || !ok {
			var t tree
			o.s.run(&t, od.Destination, o.in.base, true)
			h = t.dist
			byDest[od.Destination] = h
		}
		o.pot = append(o.pot, h)
	}
}

// odOrder returns the OD indices sorted by origin (stable).
func odOrder(ods []OD) []int {
	idx := make([]int, len(ods))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return ods[a].Origin - ods[b].Origin })
	return idx
}

// cut returns the master row of the walk arcs for pair od, z − Σ D_u x_u ≤ a,
// registering it in the certificate; ok is false for a walk already cut.
func (o *maxminOracle) cut(od int, arcs []int32) (cutRow, bool) {
	var h maphash.Hash
	h.SetSeed(o.seed)
	var b [4]byte
	for _, a := range arcs {
		b[0], b[1], b[2], b[3] = byte(a), byte(a>>8), byte(a>>16), byte(a>>24)
		h.Write(b[:])
	}
	b[0], b[1], b[2], b[3] = byte(od), byte(od>>8), byte(od>>16), byte(od>>24)
	h.Write(b[:])
	key := h.Sum64()
	if o.keys[key] {
		return cutRow{}, false
	}
	o.keys[key] = true
	row := routeRow(o.in, arcs)
	row.src = len(o.certs)
	c := Cut{OD: od, Arcs: make([]int, len(arcs))}
	for i, a := range arcs {
		c.Arcs[i] = int(a)
	}
	o.certs = append(o.certs, c)
	return row, true
}

// routeRow returns z − Σ D_u x_u ≤ a for a walk: a its base length, D_u the
// sum of upgrade u's δ over the walk's arcs.
func routeRow(in *Instance, arcs []int32) cutRow {
	var row cutRow
	d := map[int32]float64{}
	for _, a := range arcs {
		row.rhs += in.base[a]
		for k, u := range in.upOnArc[a] {
			if _, ok := d[u]; !ok {
				row.idx = append(row.idx, u)
			}
			d[u] += in.upDelta[a][k]
		}
	}
	slices.Sort(row.idx)
	row.coef = make([]float64, len(row.idx))
	for k, u := range row.idx {
		row.coef[k] = -d[u]
	}
	return row
}

func (o *maxminOracle) evaluate(plan []int, master func(int) float64) (float64, []cutRow, error) {
	o.lengths(plan)
	o.distances()
	zm := master(0)
	order := make([]int, len(o.ods))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if o.dist[a] != o.dist[b] {
			if o.dist[a] < o.dist[b] {
				return -1
			}
			return 1
		}
		return a - b
	})
	worst := order[0]
	v := o.dist[worst]
	if math.IsInf(v, 1) {
		return 0, nil, fmt.Errorf("%w: pair %d (node %d to %d)", ErrNoPath, worst, o.ods[worst].Origin, o.ods[worst].Destination)
	}
	if zm <= v+1e-13*math.Max(1, v) {
		return v, nil, nil // the master is already exact at this plan
	}
	var rows []cutRow
	for rank, i := range order {
		if rank >= 3 || o.dist[i] >= zm-1e-12*math.Max(1, zm) && rank > 0 {
			break
		}
		od := o.ods[i]
		o.s.run(&o.fwd, od.Origin, o.l, false)
		o.scratch = o.in.pathTo(&o.fwd, od.Destination, o.scratch[:0])
		if r, ok := o.cut(i, o.scratch); ok {
			rows = append(rows, r)
		}
		if rank > 0 || o.extra == 0 {
			continue
		}
		// the cheapest walks through upgradable arcs, from the two trees
		o.s.run(&o.bwd, od.Destination, o.l, true)
		rows = o.cheapestThrough(i, math.Inf(1), rows)
	}
	return v, rows, nil
}

// separate returns the route cuts of the pairs whose shortest walk, under
// the lengths with each upgrade's δ scaled by x[u], is shorter than eta,
// each with up to o.extra cuts of its walks through upgradable arcs.
func (o *maxminOracle) separate(x []float64, eta float64) []cutRow {
	copy(o.l, o.in.base)
	for u, xu := range x {
		if xu > 0 {
			o.in.addUpgrade(o.l, u, xu)
		}
	}
	if o.pot == nil {
		o.potentials()
	}
	lim := eta - 1e-9*math.Max(1, math.Abs(eta))
	var rows []cutRow
	for i, od := range o.ods {
		var d float64
		if len(o.pot) > 0 {
			d = o.s.astar(&o.fwd, od.Origin, od.Destination, o.l, o.pot[i])
		} else {
			o.s.runTo(&o.fwd, od.Origin, o.l, false, []int{od.Destination})
			d = o.fwd.dist[od.Destination]
		}
		if !(d < lim) {
			continue
		}
		o.scratch = o.in.pathTo(&o.fwd, od.Destination, o.scratch[:0])
		if r, ok := o.cut(i, o.scratch); ok {
			rows = append(rows, r)
		}
		if o.extra > 0 {
			// the cheapest walks through upgradable arcs, from the two
			// full trees
			o.s.run(&o.fwd, od.Origin, o.l, false)
			o.s.run(&o.bwd, od.Destination, o.l, true)
			rows = o.cheapestThrough(i, lim, rows)
		}
	}
	return rows
}

// cheapestThrough appends to rows the cuts of up to o.extra walks of pair
// i, the cheapest through each upgradable arc, shorter than lim, cheapest
// first (ties by arc), from the trees o.fwd and o.bwd grown for the pair.
func (o *maxminOracle) cheapestThrough(i int, lim float64, rows []cutRow) []cutRow {
	type cand struct {
		a int32
		v float64
	}
	var cs []cand
	for a := range o.in.arcs {
		if o.in.upOnArc[a] == nil {
			continue
		}
		arc := o.in.arcs[a]
		if w := o.fwd.dist[arc.From] + o.l[a] + o.bwd.dist[arc.To]; w < lim {
			cs = append(cs, cand{int32(a), w})
		}
	}
	slices.SortStableFunc(cs, func(x, y cand) int {
		if x.v != y.v {
			if x.v < y.v {
				return -1
			}
			return 1
		}
		return int(x.a - y.a)
	})
	added := 0
	for _, c := range cs {
		if added >= o.extra {
			break
		}
		arc := o.in.arcs[c.a]
		o.scratch = o.in.pathTo(&o.fwd, arc.From, o.scratch[:0])
		o.scratch = append(o.scratch, c.a)
		o.scratch = o.in.pathFrom(&o.bwd, arc.To, o.scratch)
		if r, ok := o.cut(i, o.scratch); ok {
			rows = append(rows, r)
			added++
		}
	}
	return rows
}

// routeUpgrades returns the upgrades acting on a best route of the worst
// pair under plan, ascending.
func (o *maxminOracle) routeUpgrades(plan []int) []int {
	o.lengths(plan)
	o.distances()
	worst := 0
	for i, d := range o.dist {
		if d < o.dist[worst] {
			worst = i
		}
	}
	od := o.ods[worst]
	switch {
	case len(o.pot) == 0:
		o.s.runTo(&o.fwd, od.Origin, o.l, false, []int{od.Destination})
	case worst != len(o.ods)-1: // else o.fwd is already its A* tree
		o.s.astar(&o.fwd, od.Origin, od.Destination, o.l, o.pot[worst])
	}
	o.scratch = o.in.pathTo(&o.fwd, od.Destination, o.scratch[:0])
	var ups []int
	for _, a := range o.scratch {
		for _, u := range o.in.upOnArc[a] {
			ups = append(ups, int(u))
		}
	}
	slices.Sort(ups)
	return slices.Compact(ups)
}

// value returns the smuggler's cheapest route length under plan (worst
// pair), without cuts.
func (o *maxminOracle) value(plan []int) float64 {
	o.lengths(plan)
	o.distances()
	return slices.Min(o.dist)
}

// MaxMin returns the plan within budget that maximises the smuggler's
// cheapest route length over the pairs ods (the minimum over them), by
// Benders decomposition with lazy route cuts (Israeli & Wood 2002) and a
// best-first branch and bound with LP bounds. It stops at Settings.RelGap,
// the time limit or ctx's cancellation, and says which in Result.Status.
func MaxMin(ctx context.Context, in *Instance, ods []OD, budget float64, s *Settings) (*Result, error) {
	if s == nil {
		s = DefaultSettings()
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := checkBudget(budget); err != nil {
		return nil, err
	}
	if err := checkODs(in, ods, false); err != nil {
		return nil, err
	}
	start := time.Now()
	o := newMaxMinOracle(in, ods, s.ExtraCuts)
	e := &engine{ctx: ctx, in: in, budget: budget, set: *s, start: start, naux: 1,
		auxObj: []float64{1}, auxUB: []float64{math.Inf(1)}, orc: o, strengthen: true}
	if s.TimeLimit > 0 {
		e.deadline = start.Add(s.TimeLimit)
	}
	if !affordable(in, budget) {
		v, _, err := o.evaluate(nil, func(int) float64 { return math.Inf(1) })
		if err != nil {
			return nil, err
		}
		return &Result{Objective: v, Lower: v, Upper: v, Status: NothingAffordable, Cuts: o.certs, Evaluations: 1, Elapsed: time.Since(start)}, nil
	}
	if err := e.run(); err != nil {
		return nil, err
	}
	r := &Result{Plan: e.best, Cost: in.Cost(e.best), Objective: e.bestVal, Lower: e.bestVal,
		Upper: math.Max(e.upper, e.bestVal), Status: e.status, Nodes: e.nodes, Evaluations: e.evals}
	r.Gap = r.Upper - r.Lower
	r.Cuts = certsOf(e.cuts, o.certs)
	if r.Plan == nil {
		r.Plan = []int{}
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

// certsOf returns the certificate entries of the pool's cuts, in pool order.
func certsOf(cuts []cutRow, certs []Cut) []Cut {
	out := make([]Cut, 0, len(certs))
	seen := make([]bool, len(certs))
	for _, c := range cuts {
		if !seen[c.src] {
			seen[c.src] = true
			out = append(out, certs[c.src])
		}
	}
	return out
}
