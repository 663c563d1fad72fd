package plan

import (
	"math"
	"math/rand/v2"
	"slices"
)

// annealer is a simulated annealing search over plans within the budget
// (Kirkpatrick, Gelatt & Vecchi 1983), the engine's primal heuristic for
// MaxMin: it walks across plateaus of equal value, which the local search
// (strict improvements only) cannot, e.g. when a band of patrols must grow
// on both sides of the smuggler's crossing before the value moves.
type annealer struct {
	rng  *rand.Rand
	plan []int   // current plan, ascending
	val  float64 // its value
	ups  []int   // upgrades acting on a best route under plan (nil: stale)
	step int     // steps taken in the current chain
	// credit is the steps the search may still take; rate the steps
	// granted per node solved, halved after each chain that does not
	// improve the incumbent and restored after one that does
	credit, rate float64
	nodes        int     // nodes solved when credit was last granted
	chainStart   float64 // the incumbent's value when the chain began
	started      bool    // whether a chain has begun
}

// Annealing schedule (tuning choices): each chain runs annealChain steps
// from the incumbent with a temperature falling geometrically from
// annealHot to annealCold times the incumbent's value; a step is one plan
// valued by a shortest path. annealFirst steps may run at the root, then
// annealPerNode per node solved, halved after each chain that does not
// improve the incumbent (so a search that has found the optimum soon
// stops paying for it); a fixed seed keeps runs reproducible.
const (
	annealChain   = 1000
	annealHot     = 0.005
	annealCold    = 0.0002
	annealFirst   = 1000
	annealPerNode = 0.5
	annealSeed    = 1
)

// anneal runs annealing steps while the engine's budget of steps allows,
// evaluating (with cuts) each plan better than the incumbent it meets.
func (e *engine) anneal() error {
	r, ok := e.orc.(router)
	if !ok || math.IsInf(e.bestVal, -1) {
		return nil
	}
	a := e.ann
	if a == nil {
		a = &annealer{rng: rand.New(rand.NewPCG(annealSeed, uint64(len(e.in.menu)))),
			credit: float64(annealFirst), rate: annealPerNode, nodes: e.nodes}
		e.ann = a
	}
	a.credit += a.rate * float64(e.nodes-a.nodes)
	a.nodes = e.nodes
	for a.credit >= 1 {
		if _, stop := e.interrupted(); stop {
			return nil
		}
		if !a.started || a.step >= annealChain {
			if a.started {
				if e.bestVal > a.chainStart {
					a.rate = annealPerNode
				} else {
					a.rate /= 2
				}
			}
			a.plan, a.val, a.ups, a.step, a.started = slices.Clone(e.best), e.bestVal, nil, 0, true
			a.chainStart = e.bestVal
		}
		a.credit--
		temp := math.Max(math.Abs(e.bestVal), 1e-12) * annealHot *
			math.Pow(annealCold/annealHot, float64(a.step)/float64(annealChain))
		a.step++
		p := a.move(e, r)
		if p == nil {
			continue
		}
		v := r.value(p)
		if v >= a.val || a.rng.Float64() < math.Exp((v-a.val)/temp) {
			a.plan, a.val, a.ups = p, v, nil
		}
		if v > e.bestVal+e.tol() {
			if _, err := e.eval(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// move returns a plan next to a.plan within the budget, or nil: an upgrade
// acting on a best route (or, every other step, any upgrade) is added,
// replacing the member of its group in the plan, or else a random member
// when the budget requires.
func (a *annealer) move(e *engine, r router) []int {
	in := e.in
	var u int
	if a.rng.IntN(2) == 0 {
		if a.ups == nil {
			a.ups = r.routeUpgrades(a.plan)
		}
		if len(a.ups) == 0 {
			return nil
		}
		u = a.ups[a.rng.IntN(len(a.ups))]
	} else {
		u = a.rng.IntN(len(in.menu))
	}
	if _, found := slices.BinarySearch(a.plan, u); found {
		return nil
	}
	p := make([]int, 0, len(a.plan)+1)
	mate := -1
	if g := in.group[u]; g >= 0 {
		for _, m := range a.plan {
			if in.group[m] == g {
				mate = m
			}
		}
	}
	for _, m := range a.plan {
		if m != mate {
			p = append(p, m)
		}
	}
	p = append(p, u)
	if !in.Feasible(p, e.budget) {
		// drop a random member other than u
		if len(p) < 2 {
			return nil
		}
		k := a.rng.IntN(len(p) - 1)
		p = append(p[:k], p[k+1:]...)
		if !in.Feasible(p, e.budget) {
			return nil
		}
	}
	slices.Sort(p)
	return p
}
