package plan

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// cutRow is one Benders cut of the master, y[aux] + Σ coef·x[idx] ≤ rhs, with
// y the auxiliary variable of an origin–destination pair (or of the worst one)
// and x the upgrade choices.
type cutRow struct {
	aux  int32
	rhs  float64
	idx  []int32
	coef []float64
	src  int // index of the certificate entry it came from
}

// oracle evaluates a plan exactly: its value in the engine's maximising sense
// and the cuts that make the master exact at the plan.
type oracle interface {
	evaluate(plan []int, master func(aux int) float64) (float64, []cutRow, error)
}

// router is an oracle that names the upgrades acting on a best route of
// the smuggler under a plan: the moves of the local search.
type router interface {
	routeUpgrades(plan []int) []int
	value(plan []int) float64
}

// engine is the branch-and-check master shared by MaxMin and SNIP: a
// best-first branch and bound over the upgrades with LP bounds from lp,
// and cuts added lazily whenever an integral plan is found.
type engine struct {
	ctx      context.Context
	in       *Instance
	budget   float64
	set      Settings
	deadline time.Time
	start    time.Time

	naux   int
	auxObj []float64
	auxUB  []float64
	cuts   []cutRow
	byAux  [][]int32 // cut indices per aux
	orc    oracle

	best    []int
	bestVal float64
	seen    map[string]float64
	tab     tableau
	nodes   int
	evals   int
	xbuf    []float64
	status  Status
	// searched counts the plans valued by the local search
	searched int
	// ann is the annealing search (anneal), nil before its first step
	ann *annealer
	// rcFix holds the cut-off fixings of the last node LP (reducedCostFixings)
	rcFix []fixing
	upper float64
	// strengthen caps each cut coefficient of an aux at U − rhs, with U an
	// upper bound on the aux in the node (coefficient reduction): valid for
	// every binary plan, and much tighter LPs for route cuts (MaxMin).
	strengthen bool

	// rows are the master LP's rows η + Σ G_u x_u ≤ R in one aux η: for one
	// aux the cuts themselves, for several an aggregation of one cut per aux
	// (a supergradient of the master's concave value), added Kelley-style.
	rows   []cutRow
	rowKey map[string]int32
	// column view of the cuts, for evaluating all of them at a sparse x
	colCuts [][]colEntry
	cutVal  []float64
	pc      *pseudoCosts
	// rounds of fractional separation below the root, and those that
	// found a cut
	sepTried, sepFound int
}

type colEntry struct {
	cut  int32
	coef float64
}

type bbNode struct {
	bound float64
	depth int
	seq   int
	fix   []int8 // -1 free, 0 excluded, 1 chosen
	tight []int32
	// the branching that made the node, for pseudo-costs: the upgrade
	// (-1 at the root and for re-queued nodes), the direction, and the
	// distance its LP value moved (x for a 0 branch, 1 − x for a 1 branch)
	branchVar  int
	branchUp   bool
	branchDist float64
}

type nodeHeap []*bbNode

func (h nodeHeap) Len() int { return len(h) }
func (h nodeHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if a.bound != b.bound {
		return a.bound > b.bound
	}
	if a.depth != b.depth {
		return a.depth > b.depth
	}
	return a.seq < b.seq
}
func (h nodeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *nodeHeap) Push(x any)   { *h = append(*h, x.(*bbNode)) }
func (h *nodeHeap) Pop() any {
	old := *h
	n := old[len(old)-1]
	*h = old[:len(old)-1]
	return n
}

func planKey(plan []int) string {
	var b strings.Builder
	for i, u := range plan {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(u))
	}
	return b.String()
}

// masterAux returns the master's value of y[aux] at the integral plan given
// as a dense 0/1 vector x.
func (e *engine) masterAux(aux int, x []float64) float64 {
	v := e.auxUB[aux]
	for _, i := range e.byAux[aux] {
		c := &e.cuts[i]
		s := c.rhs
		for k, u := range c.idx {
			s -= c.coef[k] * x[u]
		}
		v = math.Min(v, s)
	}
	return v
}

// eval runs the oracle on plan (sorted), updates the incumbent and adds cuts;
// it returns the plan's true value.
func (e *engine) eval(plan []int) (float64, error) {
	key := planKey(plan)
	if v, ok := e.seen[key]; ok {
		return v, nil
	}
	x := e.xbuf
	clear(x)
	for _, u := range plan {
		x[u] = 1
	}
	v, cuts, err := e.orc.evaluate(plan, func(aux int) float64 { return e.masterAux(aux, x) })
	if err != nil {
		return 0, err
	}
	e.evals++
	e.seen[key] = v
	e.addCuts(cuts)
	if v > e.bestVal || (v == e.bestVal && e.best != nil && slices.Compare(plan, e.best) < 0) {
		e.bestVal, e.best = v, slices.Clone(plan)
	}
	return v, nil
}

// addCuts appends cuts to the pool and its per-aux and column views.
func (e *engine) addCuts(cuts []cutRow) {
	for _, c := range cuts {
		ci := int32(len(e.cuts))
		e.byAux[c.aux] = append(e.byAux[c.aux], ci)
		for k, u := range c.idx {
			e.colCuts[u] = append(e.colCuts[u], colEntry{ci, c.coef[k]})
		}
		e.cuts = append(e.cuts, c)
	}
}

func (e *engine) tol() float64 {
	return math.Max(e.set.RelGap, exactTol) * math.Max(1, math.Abs(e.bestVal))
}

func (e *engine) stopped() (Status, bool) {
	if st, stop := e.interrupted(); stop {
		return st, true
	}
	if e.set.MaxNodes > 0 && e.nodes >= e.set.MaxNodes {
		return TimeLimit, true
	}
	return 0, false
}

// interrupted reports whether the context is done or the time limit has
// passed, with the status to stop with; unlike stopped, not the node limit.
func (e *engine) interrupted() (Status, bool) {
	if e.ctx.Err() != nil {
		return Cancelled, true
	}
	if !e.deadline.IsZero() && time.Now().After(e.deadline) {
		return TimeLimit, true
	}
	return 0, false
}

// aborted sets the status and the upper bound of a search stopped while it
// solved a node of bound b, with h the nodes still open.
func (e *engine) aborted(h *nodeHeap, b float64) {
	st, _ := e.stopped()
	e.upper = math.Max(e.bestVal, b)
	if h.Len() > 0 {
		e.upper = math.Max(e.upper, (*h)[0].bound)
	}
	e.status = st
}

// run searches from the empty plan; on return e.best, e.bestVal, e.upper and
// e.status are set.
func (e *engine) run() error {
	nu := len(e.in.menu)
	e.seen = map[string]float64{}
	e.xbuf = make([]float64, nu)
	e.byAux = make([][]int32, e.naux)
	e.rowKey = map[string]int32{}
	e.colCuts = make([][]colEntry, nu)
	e.tab.abort = func() bool { _, stop := e.stopped(); return stop }
	e.bestVal = math.Inf(-1)
	if _, err := e.eval(nil); err != nil {
		return err
	}
	if e.set.Start != nil {
		start := slices.Clone(e.set.Start)
		slices.Sort(start)
		for _, u := range start {
			if u < 0 || u >= nu {
				return fmt.Errorf("%w: Start: upgrade %d of a menu of %d", ErrBadSetting, u, nu)
			}
		}
		if !e.in.Feasible(start, e.budget) {
			return fmt.Errorf("%w: Start %v: costs more than the budget %v, repeats an upgrade or takes two of a group", ErrBadSetting, e.set.Start, e.budget)
		}
		if _, err := e.eval(start); err != nil {
			return err
		}
	}
	e.pc = newPseudoCosts(nu)
	root := &bbNode{bound: math.Inf(1), fix: make([]int8, nu), branchVar: -1}
	for u := range root.fix {
		root.fix[u] = -1
	}
	h := &nodeHeap{root}
	seq := 1
	improved := math.Inf(-1)
	traced := math.Inf(-1)
	for {
		if h.Len() == 0 {
			e.upper = e.bestVal
			e.status = Optimal
			return nil
		}
		top := (*h)[0]
		if top.bound <= e.bestVal+e.tol() {
			e.upper = math.Max(e.bestVal, top.bound)
			e.status = Optimal
			if e.upper-e.bestVal > exactTol*math.Max(1, math.Abs(e.bestVal)) {
				e.status = GapReached
			}
			return nil
		}
		if st, stop := e.stopped(); stop {
			e.upper = math.Max(e.bestVal, top.bound)
			e.status = st
			return nil
		}
		n := heap.Pop(h).(*bbNode)
		e.nodes++
		if traceBounds != nil && (e.nodes&255 == 0 || e.bestVal > traced) {
			traced = e.bestVal
			traceBounds(time.Since(e.start), e.nodes, e.bestVal, top.bound)
		}
		bound, x, cols, tight, err := e.nodeLP(n)
		if errors.Is(err, errAborted) {
			e.aborted(h, n.bound)
			return nil
		}
		if err != nil {
			return err
		}
		rc := slices.Clone(e.rcFix)
		if bound > n.bound { // a bound never rises below its parent
			bound = n.bound
		}
		if n.branchVar >= 0 {
			e.pc.record(n.branchVar, n.branchUp, n.branchDist, n.bound-bound)
		}
		if err := e.anneal(); err != nil {
			return err
		}
		if bound <= e.bestVal+e.tol() {
			continue
		}
		plan := fixedPlan(n.fix)
		frac, fracVal := -1, 0.0
		var fracs []int
		for k, u := range cols {
			xv := x[k]
			if xv > 1-1e-9 {
				plan = append(plan, u)
			} else if xv > 1e-9 {
				fracs = append(fracs, k)
			}
		}
		if len(fracs) > 0 {
			cutoff, err := e.strongBranch(n, bound, tight, cols, x, fracs)
			if errors.Is(err, errAborted) {
				e.aborted(h, bound)
				return nil
			} else if err != nil {
				return err
			}
			if len(cutoff) > 0 {
				// a child that cannot beat the incumbent fixes its upgrade
				// the other way for the whole node, solved again
				if m := e.fixed(n, append(cutoff, rc...), bound, tight); m != nil {
					m.seq = seq
					seq++
					heap.Push(h, m)
				}
				continue
			}
			k := e.pc.choose(cols, x, fracs)
			frac, fracVal = cols[k], x[k]
		}
		slices.Sort(plan)
		if frac < 0 { // integral
			v, err := e.eval(plan)
			if err != nil {
				return err
			}
			if bound-v > e.tol() {
				n.bound, n.tight, n.seq, n.branchVar = bound, tight, seq, -1
				seq++
				heap.Push(h, n)
			}
			continue
		}
		// rounding heuristic: the LP's choices, largest first, while
		// affordable; near the root and then at every roundEvery-th node
		// evaluated with its cuts, at the other nodes valued by a shortest
		// path and evaluated only when it beats the incumbent (corridor
		// budget 100: the optimum at node 44 instead of about 900)
		if n.depth < 4 || e.nodes%roundEvery == 0 {
			if _, err := e.eval(e.round(n.fix, x, cols)); err != nil {
				return err
			}
		} else if r, ok := e.orc.(router); ok {
			if p := e.round(n.fix, x, cols); r.value(p) > e.bestVal+e.tol() {
				if _, err := e.eval(p); err != nil {
					return err
				}
			}
		}
		// local search from each new incumbent, while it has valued at
		// most searchFirst plans and searchPerNode per node solved
		if e.bestVal > improved && e.searched <= searchFirst+searchPerNode*e.nodes {
			improved = e.bestVal
			if err := e.improve(e.best); err != nil {
				return err
			}
		}
		// the reduced-cost fixings hold in both children
		if len(rc) > 0 {
			rc = slices.DeleteFunc(rc, func(f fixing) bool { return f.u == frac })
			m := e.fixed(n, rc, bound, tight)
			if m == nil {
				continue
			}
			n.fix = m.fix
		}
		for _, val := range []int8{1, 0} {
			if child := e.child(n, frac, val, fracVal, bound, tight); child != nil {
				child.seq = seq
				seq++
				heap.Push(h, child)
			}
		}
	}
}

// child returns the child of n with upgrade u fixed at val (1: its group's
// other members at 0), inheriting bound and the tight rows, or nil when u
// is not affordable in n; x is u's LP value at n.
func (e *engine) child(n *bbNode, u int, val int8, x, bound float64, tight []int32) *bbNode {
	c := &bbNode{bound: bound, depth: n.depth + 1, fix: slices.Clone(n.fix), tight: tight,
		branchVar: u, branchUp: val == 1, branchDist: x}
	c.fix[u] = val
	if val == 1 {
		c.branchDist = 1 - x
		if e.in.menu[u].Cost > e.remaining(n.fix)+1e-9*math.Max(1, e.budget) || !e.in.take(c.fix, u) {
			return nil
		}
	}
	return c
}

// take fixes u at 1 in fix and the other members of its group at 0; it
// reports false, fix left half done, when one of them is already fixed at 1.
func (in *Instance) take(fix []int8, u int) bool {
	fix[u] = 1
	if g := in.group[u]; g >= 0 {
		for _, m := range in.groups[g] {
			if int(m) == u {
				continue
			}
			if fix[m] == 1 {
				return false
			}
			fix[m] = 0
		}
	}
	return true
}

// strongBranch solves both children of n for the sbCandidates fractional
// upgrades of best pseudo-cost score that have no record yet in some
// direction, recording the falls of the bound as pseudo-costs (strong
// branching until reliable, Achterberg, Koch & Martin 2005). It returns the
// children whose bound cannot beat the incumbent: upgrade and value.
func (e *engine) strongBranch(n *bbNode, bound float64, tight []int32, cols []int, x []float64, fracs []int) ([]fixing, error) {
	order := slices.Clone(fracs)
	score := func(k int) float64 { return e.pc.score(cols[k], x[k]) }
	slices.SortStableFunc(order, func(a, b int) int {
		if sa, sb := score(a), score(b); sa != sb {
			if sa > sb {
				return -1
			}
			return 1
		}
		return a - b
	})
	var cutoff []fixing
	done := 0
	for _, k := range order {
		if done == sbCandidates {
			break
		}
		u := cols[k]
		if e.pc.n[0][u] > 0 && e.pc.n[1][u] > 0 {
			continue
		}
		done++
		for _, val := range []int8{0, 1} {
			c := e.child(n, u, val, x[k], bound, tight)
			if c == nil {
				continue
			}
			b, _, _, _, err := e.nodeLP(c)
			if err != nil {
				return nil, err
			}
			e.pc.record(u, val == 1, c.branchDist, bound-math.Min(b, bound))
			if b <= e.bestVal+e.tol() {
				cutoff = append(cutoff, fixing{u, val})
			}
		}
	}
	return cutoff, nil
}

// A fixing is an upgrade u and a value, 0 or 1.
type fixing struct {
	u   int
	val int8
}

// fixed returns node n with the opposite of each cut-off fixing imposed
// (every plan of n better than the incumbent takes it), with bound and
// tight rows to start from, or nil when no such plan remains: both values
// of an upgrade cut off, a fixing against one of n, or the budget exceeded.
func (e *engine) fixed(n *bbNode, cutoff []fixing, bound float64, tight []int32) *bbNode {
	m := &bbNode{bound: bound, depth: n.depth, fix: slices.Clone(n.fix), tight: tight, branchVar: -1}
	for _, c := range cutoff {
		val := 1 - c.val
		switch m.fix[c.u] {
		case val:
			continue
		case 1 - val:
			return nil
		}
		m.fix[c.u] = val
		if val == 1 && !e.in.take(m.fix, c.u) {
			return nil
		}
	}
	if e.remaining(m.fix) < -1e-9*math.Max(1, e.budget) {
		return nil
	}
	return m
}

// sbCandidates is the number of upgrades strong branching tries per node
// (a tuning choice: each costs two node LPs).
const sbCandidates = 4

// traceBounds, when set (by a test flag), receives the bounds as the
// search goes: the time, the nodes solved, the incumbent and the best bound.
var traceBounds func(elapsed time.Duration, nodes int, lower, upper float64)

// searchFirst and searchPerNode bound the plans the local search values:
// searchFirst, then searchPerNode per node solved (a tuning choice that
// keeps runs reproducible, unlike a share of the time: a valuation is one
// shortest path, a node an LP).
const (
	searchFirst   = 2000
	searchPerNode = 1
)

// maxImprove bounds the rounds of the local search per new incumbent.
const maxImprove = 100

// maxTries bounds the plans valued by one local search.
const maxTries = 1000

// improve searches around plan for a better one: each round values, by the
// oracle without cuts, the plans that add an upgrade acting on the
// smuggler's best route or swap one in for a chosen upgrade, and moves to
// the best if it improves. The plan it ends at is evaluated with its cuts.
func (e *engine) improve(plan []int) error {
	r, ok := e.orc.(router)
	if !ok {
		return nil
	}
	plan = slices.Clone(plan)
	v := e.seen[planKey(plan)]
	start := v
	tried := map[string]bool{}
	for round := 0; round < maxImprove; round++ {
		if _, stop := e.stopped(); stop {
			break
		}
		var next []int
		nextV := v + e.tol()
		try := func(p []int) {
			slices.Sort(p)
			k := planKey(p)
			if tried[k] || !e.in.Feasible(p, e.budget) {
				return
			}
			tried[k] = true
			if val := r.value(p); val > nextV {
				next, nextV = p, val
			}
		}
		for _, a := range r.routeUpgrades(plan) {
			if len(tried) >= maxTries {
				break
			}
			if slices.Contains(plan, a) {
				continue
			}
			try(append(slices.Clone(plan), a))
			for i := range plan {
				p := slices.Clone(plan)
				p[i] = a
				try(p)
			}
		}
		if next == nil {
			break
		}
		plan, v = next, nextV
	}
	e.searched += len(tried)
	if v > start {
		_, err := e.eval(plan)
		return err
	}
	return nil
}

func fixedPlan(fix []int8) []int {
	var p []int
	for u, f := range fix {
		if f == 1 {
			p = append(p, u)
		}
	}
	return p
}

func (e *engine) remaining(fix []int8) float64 {
	r := e.budget
	for u, f := range fix {
		if f == 1 {
			r -= e.in.menu[u].Cost
		}
	}
	return r
}

// round returns the fixed choices plus the LP's positive choices in order of
// decreasing value, each taken while the budget and groups allow.
func (e *engine) round(fix []int8, x []float64, cols []int) []int {
	plan := fixedPlan(fix)
	rem := e.remaining(fix)
	usedGroup := map[int32]bool{}
	for _, u := range plan {
		if g := e.in.group[u]; g >= 0 {
			usedGroup[g] = true
		}
	}
	order := make([]int, 0, len(cols))
	for k := range cols {
		if x[k] > 1e-9 {
			order = append(order, k)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if x[a] != x[b] {
			if x[a] > x[b] {
				return -1
			}
			return 1
		}
		return cols[a] - cols[b]
	})
	for _, k := range order {
		u := cols[k]
		c := e.in.menu[u].Cost
		g := e.in.group[u]
		if c > rem+1e-9*math.Max(1, e.budget) || (g >= 0 && usedGroup[g]) {
			continue
		}
		rem -= c
		if g >= 0 {
			usedGroup[g] = true
		}
		plan = append(plan, u)
	}
	slices.Sort(plan)
	return plan
}

// roundEvery is how often, below depth 4, a node's rounded LP solution is
// evaluated with its cuts (a tuning choice: an evaluation costs shortest-path
// trees); at the other nodes it is only valued, by one shortest path.
const roundEvery = 16

// maxKelley bounds the aggregated rows added per node LP when there are
// several aux variables; the LP value is a valid bound whenever it stops.
const maxKelley = 60

// poolRows returns the LP's row pool: the cuts themselves for one aux.
func (e *engine) poolRows() []cutRow {
	if e.naux == 1 {
		return e.cuts
	}
	return e.rows
}

// aggregate returns the index in e.rows of the row Σ_k obj_k·(cut of aux k
// active at x), x dense over all upgrades; an aux with no cut below its
// upper bound adds obj_k·ub_k to the rhs. Only for several aux.
func (e *engine) aggregate(x []float64) int32 {
	act := make([]int32, e.naux)
	if cap(e.cutVal) < len(e.cuts) {
		e.cutVal = make([]float64, len(e.cuts), 2*len(e.cuts))
	}
	vals := e.cutVal[:len(e.cuts)]
	for i := range e.cuts {
		vals[i] = e.cuts[i].rhs
	}
	for u, xu := range x {
		if xu != 0 {
			for _, ce := range e.colCuts[u] {
				vals[ce.cut] -= ce.coef * xu
			}
		}
	}
	var key strings.Builder
	for k := 0; k < e.naux; k++ {
		act[k] = -1
		best := e.auxUB[k]
		for _, i := range e.byAux[k] {
			if v := vals[i]; v < best {
				best, act[k] = v, i
			}
		}
		key.WriteString(strconv.Itoa(int(act[k])))
		key.WriteByte(',')
	}
	if r, ok := e.rowKey[key.String()]; ok {
		return r
	}
	g := map[int32]float64{}
	var row cutRow
	for k, ci := range act {
		if ci < 0 {
			row.rhs += e.auxObj[k] * e.auxUB[k]
			continue
		}
		c := &e.cuts[ci]
		row.rhs += e.auxObj[k] * c.rhs
		for j, u := range c.idx {
			if _, ok := g[u]; !ok {
				row.idx = append(row.idx, u)
			}
			g[u] += e.auxObj[k] * c.coef[j]
		}
	}
	slices.Sort(row.idx)
	row.coef = make([]float64, len(row.idx))
	for j, u := range row.idx {
		row.coef[j] = g[u]
	}
	r := int32(len(e.rows))
	e.rows = append(e.rows, row)
	e.rowKey[key.String()] = r
	return r
}

// Kinds of LP rows other than route rows, for the Lagrangian bound.
const (
	budgetKind = -1
	groupKind  = -2 // group g is groupKind − g
)

// separator is an oracle that can cut a fractional master point: routes
// whose length, with each upgrade's effect scaled by its value in x (dense
// over the menu), falls short of eta.
type separator interface {
	separate(x []float64, eta float64) []cutRow
}

// separations returns the rounds of fractional separation a node LP at
// depth may run: 100 at the root, whose cuts serve every node; below it one
// round, while at least one in sepHitRate of the rounds below the root has
// found a cut (and at every sepProbe-th node, to keep measuring). Tuning
// choices: each round costs a shortest path and an LP repair.
func (e *engine) separations(depth int) int {
	switch {
	case depth == 0:
		return 100
	case e.sepTried < sepProbe || e.sepFound*sepHitRate >= e.sepTried || e.nodes%sepProbe == 0:
		return 1
	}
	return 0
}

const (
	sepHitRate = 4
	sepProbe   = 16
)

// maxRecaps (at the root maxRootRecaps, near it maxTopRecaps) bounds the re-solves of a node LP
// with the cut coefficients capped at its own bound; recapGain is the least
// fall of the bound, as a share of its distance to the incumbent, worth
// another (tuning choices). The root's recaps serve every node: on the
// corridor, budget 30, its bound falls from 4.872 (one recap) to 4.834
// and the bound after 768 nodes from 4.670 to 4.644; budget 10 certifies in
// 1809 nodes against 3833. Up to 3 at depths 1 to 3: after 1000 nodes
// 4.632 against 4.635, in 7% less CPU (two runs each).
const (
	maxRecaps     = 1
	maxRootRecaps = 20
	maxTopRecaps  = 3 // at depths 1 to topDepth
	topDepth      = 3
	recapGain     = 0.02
)

func (e *engine) maxRecaps(depth int) int {
	switch {
	case depth == 0:
		return maxRootRecaps
	case depth <= topDepth:
		return maxTopRecaps
	}
	return maxRecaps
}

// nodeLP returns the LP bound of node n, the LP's values of the free upgrades
// cols, and the rows tight at its optimum. Rows enter lazily: for one aux the
// cuts violated at the LP optimum, for several the aggregation at the LP
// optimum (Kelley's cutting planes on the master's concave value). Cut
// coefficients are capped at U − rhs with U the node's inherited bound when
// e.strengthen (coefficient reduction, valid for binary plans with η ≤ U),
// then at the node's own LP bound (re-entering the rows it tightens).
func (e *engine) nodeLP(n *bbNode) (float64, []float64, []int, []int32, error) {
	in := e.in
	// U caps the route cuts' coefficients: the node's inherited bound, then
	// each LP bound of the node in turn (every one is valid for it)
	U := n.bound
	recaps := 0
	rem := e.remaining(n.fix)
	slack := 1e-9 * math.Max(1, e.budget)
	free := make([]bool, len(in.menu))
	for u, f := range n.fix {
		free[u] = f == -1 && in.menu[u].Cost <= rem+slack
	}
	fixedRHS := func(c *cutRow) float64 {
		r := c.rhs
		for k, u := range c.idx {
			if n.fix[u] == 1 {
				r -= c.coef[k]
			}
		}
		return math.Max(r, 0)
	}
	coef := func(g, r, cap float64) float64 {
		if e.strengthen && g < 0 && !math.IsInf(cap, 1) {
			return math.Max(g, -math.Max(cap-r, 0))
		}
		return g
	}
	// value of a row at the free values xfull, after fixings and capping at U
	rowValue := func(c *cutRow, xfull []float64) float64 {
		r := fixedRHS(c)
		v := r
		for k, u := range c.idx {
			if free[u] {
				v -= coef(c.coef[k], r, U) * xfull[u]
			}
		}
		return v
	}
	etaUB := 0.0
	for k := 0; k < e.naux; k++ {
		etaUB += e.auxObj[k] * e.auxUB[k]
	}
	// inLP holds the cap at which each pool row last entered the LP: a row
	// entered at a higher cap than U is looser than its current form
	inLP := map[int32]float64{}
	var sel []int32
	addRow := func(r int32) bool {
		cap, ok := inLP[r]
		if ok && cap == U {
			return false
		}
		if !ok {
			sel = append(sel, r)
		}
		inLP[r] = U
		return true
	}
	for _, r := range n.tight {
		addRow(r)
	}
	xfull := make([]float64, len(in.menu))
	xagg := make([]float64, len(in.menu))
	xsep := make([]float64, len(in.menu))
	seps := 0
	if e.naux == 1 {
		bestC, bestR := int32(-1), math.Inf(1)
		for i := range e.cuts {
			if r := fixedRHS(&e.cuts[i]); r < bestR {
				bestC, bestR = int32(i), r
			}
		}
		if bestC >= 0 {
			addRow(bestC)
		}
	} else {
		for u, f := range n.fix {
			if f == 1 {
				xagg[u] = 1
			}
		}
		addRow(e.aggregate(xagg))
	}
	// the LP grows: η, then upgrade columns as rows need them
	t := &e.tab
	var colOf map[int32]int
	var cols []int
	var budgetRow, nrows int
	var rowKind []int32  // per LP row: a pool row, or budgetKind, or groupKind − g
	var rowCap []float64 // per LP row: the cap of a pool row's coefficients
	var groupRow map[int32]int
	coefs := []float64{}
	addCol := func(u int32) error {
		a := make([]float64, nrows)
		if budgetRow >= 0 {
			a[budgetRow] = in.menu[u].Cost
		}
		g := in.group[u]
		if r, ok := groupRow[g]; ok && g >= 0 {
			a[r] = 1
		}
		colOf[u] = t.addVar(0, 1, a)
		cols = append(cols, int(u))
		if g >= 0 {
			if _, ok := groupRow[g]; !ok {
				var members []int
				for _, m := range in.groups[g] {
					if col, ok := colOf[m]; ok {
						members = append(members, col)
					}
				}
				if len(members) > 1 {
					row := make([]float64, t.numVars())
					for _, col := range members {
						row[col] = 1
					}
					t.addRow(row, 1)
					groupRow[g] = nrows
					rowKind = append(rowKind, groupKind-g)
					rowCap = append(rowCap, 0)
					nrows++
				}
			}
		}
		return nil
	}
	hasCost := false
	for u := range in.menu {
		if free[u] && in.menu[u].Cost > 0 {
			hasCost = true
		}
	}
	addLPRow := func(ri int32) {
		c := &e.poolRows()[ri]
		for _, u := range c.idx {
			if _, ok := colOf[u]; !ok && free[u] {
				addCol(u)
			}
		}
		rr := fixedRHS(c)
		coefs = coefs[:0]
		coefs = append(coefs, make([]float64, t.numVars())...)
		coefs[0] = 1
		for k, u := range c.idx {
			if free[u] {
				coefs[colOf[u]] += coef(c.coef[k], rr, U)
			}
		}
		t.addRow(coefs, rr)
		rowKind = append(rowKind, ri)
		rowCap = append(rowCap, U)
		nrows++
	}
	// lagrange returns the Lagrangian bound of the LP's rows at the
	// tableau's duals, scaled so the route rows' multipliers sum to 1: an
	// upper bound on the LP's value whatever the duals' rounding errors.
	gain := make([]float64, len(in.menu))
	lagrange := func() float64 {
		sum := 0.0
		for k, kind := range rowKind {
			if kind >= 0 {
				sum += math.Max(-t.d[t.slack[k]], 0)
			}
		}
		if !(sum > 0) {
			return math.Inf(1)
		}
		for u := range colOf {
			gain[u] = 0
		}
		b := 0.0
		pool := e.poolRows()
		for k, kind := range rowKind {
			y := math.Max(-t.d[t.slack[k]], 0) / sum
			if y == 0 {
				continue
			}
			switch {
			case kind >= 0:
				c := &pool[kind]
				rr := fixedRHS(c)
				b += y * rr
				for j, u := range c.idx {
					if free[u] {
						gain[u] -= y * coef(c.coef[j], rr, rowCap[k])
					}
				}
			case kind == budgetKind:
				b += y * math.Max(rem, 0)
				for u := range colOf {
					gain[u] -= y * in.menu[u].Cost
				}
			default:
				b += y
				for _, u := range in.groups[groupKind-kind] {
					if _, ok := colOf[u]; ok {
						gain[u] -= y
					}
				}
			}
		}
		for _, u := range cols { // in column order: the sum is the same every run
			b += math.Max(gain[u], 0)
		}
		return b
	}
	// build solves the LP of the rows in sel from y = 0 (always feasible)
	build := func() error {
		t.reset()
		t.addVar(1, etaUB, nil)
		colOf, cols, budgetRow, groupRow, nrows = map[int32]int{}, nil, -1, map[int32]int{}, 0
		rowKind, rowCap = rowKind[:0], rowCap[:0]
		if hasCost {
			t.addRow(nil, math.Max(rem, 0))
			budgetRow = nrows
			rowKind = append(rowKind, budgetKind)
			rowCap = append(rowCap, 0)
			nrows++
		}
		for _, ri := range sel {
			inLP[ri] = U
			addLPRow(ri)
		}
		return t.primal()
	}
	if err := build(); err != nil {
		return 0, nil, nil, nil, err
	}
	for iter := 0; ; iter++ {
		nv := t.numVars()
		yv, val := t.solution(nv)
		clear(xfull)
		for u, col := range colOf {
			xfull[u] = yv[col]
		}
		eta := yv[0]
		tol := 1e-10 * math.Max(1, math.Abs(val))
		var add []int32
		if e.naux == 1 {
			type viol struct {
				c int32
				v float64
			}
			var vs []viol
			for i := range e.cuts {
				if cap, ok := inLP[int32(i)]; !ok || cap != U {
					if v := eta - rowValue(&e.cuts[i], xfull); v > tol {
						vs = append(vs, viol{int32(i), v})
					}
				}
			}
			slices.SortStableFunc(vs, func(a, b viol) int {
				if a.v != b.v {
					if a.v > b.v {
						return -1
					}
					return 1
				}
				return int(a.c - b.c)
			})
			for k, v := range vs {
				if k == maxViolated {
					break
				}
				add = append(add, v.c)
			}
		} else if iter < maxKelley {
			for u, f := range n.fix {
				xagg[u] = xfull[u]
				if f == 1 {
					xagg[u] = 1
				}
			}
			ri := e.aggregate(xagg)
			if eta-rowValue(&e.rows[ri], xfull) > tol {
				add = append(add, ri)
			}
		}
		added := false
		for _, ri := range add {
			if addRow(ri) {
				addLPRow(ri)
				added = true
			}
		}
		// no pool row is violated: look for a route the LP point leaves
		// too short (the oracle's shortest path with fractional upgrades)
		if sep, ok := e.orc.(separator); ok && !added && e.naux == 1 && seps < e.separations(n.depth) {
			seps++
			for u, f := range n.fix {
				xsep[u] = xfull[u]
				if f == 1 {
					xsep[u] = 1
				}
			}
			first := int32(len(e.cuts))
			e.addCuts(sep.separate(xsep, eta))
			if n.depth > 0 {
				e.sepTried++
				if int32(len(e.cuts)) > first {
					e.sepFound++
				}
			}
			for ri := first; ri < int32(len(e.cuts)); ri++ {
				if addRow(ri) {
					addLPRow(ri)
					added = true
				}
			}
		}
		if !added {
			pool := e.poolRows()
			var tight []int32
			for _, ri := range sel {
				if eta-rowValue(&pool[ri], xfull) > -1e-9 {
					tight = append(tight, ri)
				}
			}
			x := make([]float64, len(cols))
			for k, u := range cols {
				x[k] = xfull[u]
			}
			// cols in ascending order for deterministic branching
			order := make([]int, len(cols))
			for k := range order {
				order[k] = k
			}
			slices.SortFunc(order, func(a, b int) int { return cols[a] - cols[b] })
			sc, sx := make([]int, len(cols)), make([]float64, len(cols))
			for k, o := range order {
				sc[k], sx[k] = cols[o], x[o]
			}
			lb := lagrange()
			bound := math.Min(math.Min(val+1e-11*(1+math.Abs(val)), U), lb)
			if !e.strengthen || e.naux != 1 || bound <= e.bestVal+e.tol() ||
				recaps == e.maxRecaps(n.depth) || !math.IsInf(U, 1) && U-bound <= recapGain*(U-e.bestVal) {
				e.reducedCostFixings(lb, gain, sc)
				return bound, sx, sc, tight, nil
			}
			// the bound is valid for the node: cap again at it; the rows
			// whose capped form is violated enter below
			U = bound
			recaps++
			continue
		}
		err := t.dual()
		if err == nil {
			err = t.primal()
		}
		if err != nil && !errors.Is(err, errAborted) {
			err = build() // a stalled warm start: solve again from y = 0
		}
		if err != nil {
			return 0, nil, nil, nil, err
		}
	}
}

// reducedCostFixings sets e.rcFix to the fixings of the upgrades cols
// that every plan of the node better than the incumbent takes, from the
// Lagrangian bound b = C + Σ max(gain_u, 0) of the node's LP (lagrange in
// nodeLP): every plan x of the node has value ≤ C + Σ gain_u·x_u, so when
// gain_u > 0 the plans without u are worth at most b − gain_u, and when
// gain_u < 0 those with u at most b + gain_u; a fall to the incumbent (plus
// the tolerance) fixes u the other way (reduced-cost fixing, as in
// Nemhauser & Wolsey 1988, on the Lagrangian function instead of the LP).
func (e *engine) reducedCostFixings(b float64, gain []float64, cols []int) {
	e.rcFix = e.rcFix[:0]
	if math.IsInf(b, 0) || math.IsNaN(b) {
		return
	}
	lim := e.bestVal + e.tol()
	for _, u := range cols {
		switch g := gain[u]; {
		case g > 0 && b-g <= lim:
			e.rcFix = append(e.rcFix, fixing{u, 0}) // without u: cut off
		case g < 0 && b+g <= lim:
			e.rcFix = append(e.rcFix, fixing{u, 1}) // with u: cut off
		}
	}
}

// maxViolated bounds the pool rows added to a node LP per round, the most
// violated first (a tuning choice: every row costs in each pivot).
const maxViolated = 30
