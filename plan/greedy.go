package plan

import (
	"context"
	"math"
	"slices"
	"time"
)

// Greedy returns the baseline plan that repeatedly adds the affordable
// upgrade with the largest gain in objective per unit cost (ties: lowest
// index) until none gains: for MaxMin when snip is false, else for SNIP. Its
// Status is Heuristic and Lower and Upper are both the plan's value: greedy
// certifies nothing.
// Only upgrades touching a current best route are tried, since others gain nothing.
func Greedy(ctx context.Context, in *Instance, ods []OD, budget float64, snip bool) (*Result, error) {
	if err := checkBudget(budget); err != nil {
		return nil, err
	}
	if err := checkODs(in, ods, snip); err != nil {
		return nil, err
	}
	start := time.Now()
	var merged []OD
	var prob []float64
	if snip {
		var err error
		if merged, prob, _, err = mergeScenarios(ods); err != nil {
			return nil, err
		}
	}
	newOracle := func() oracle {
		if snip {
			return &snipOracle{in: in, ods: merged, prob: prob, order: odOrder(merged), s: newSearcher(in),
				l: make([]float64, len(in.arcs)), keys: map[string]bool{}}
		}
		return newMaxMinOracle(in, ods, 0)
	}
	orc := newOracle()
	// a fresh oracle's cuts name the upgrades on the current best routes
	touching := func(plan []int) ([]int32, float64, error) {
		v, rows, err := newOracle().evaluate(plan, func(int) float64 { return math.Inf(1) })
		if err != nil {
			return nil, 0, err
		}
		var us []int32
		for _, r := range rows {
			us = append(us, r.idx...)
		}
		slices.Sort(us)
		return slices.Compact(us), v, nil
	}
	plan := []int{}
	cur, val, err := touching(plan)
	if err != nil {
		return nil, err
	}
	evals := 1
	rem := budget
	usedGroup := map[int32]bool{}
	in2 := map[int]bool{}
	for {
		if ctx.Err() != nil {
			break
		}
		bestU, bestRatio, bestVal := -1, 0.0, 0.0
		for _, u32 := range cur {
			u := int(u32)
			c := in.menu[u].Cost
			if in2[u] || c > rem+1e-9*math.Max(1, budget) || (in.group[u] >= 0 && usedGroup[in.group[u]]) {
				continue
			}
			trial := append(slices.Clone(plan), u)
			slices.Sort(trial)
			v, _, err := orc.evaluate(trial, func(int) float64 { return math.Inf(-1) })
			if err != nil {
				return nil, err
			}
			evals++
			gain := v - val
			if gain <= 1e-12*math.Max(1, math.Abs(val)) {
				continue
			}
			ratio := gain / math.Max(c, 1e-12)
			if ratio > bestRatio {
				bestU, bestRatio, bestVal = u, ratio, v
			}
		}
		if bestU < 0 {
			break
		}
		plan = append(plan, bestU)
		slices.Sort(plan)
		in2[bestU] = true
		rem -= in.menu[bestU].Cost
		if g := in.group[bestU]; g >= 0 {
			usedGroup[g] = true
		}
		val = bestVal
		if cur, _, err = touching(plan); err != nil {
			return nil, err
		}
	}
	r := &Result{Plan: plan, Cost: in.Cost(plan), Status: Heuristic, Evaluations: evals, Elapsed: time.Since(start), snip: snip}
	r.Objective = val
	if snip {
		r.Objective = 1 - val
	}
	r.Lower, r.Upper = r.Objective, r.Objective
	if !affordable(in, budget) {
		r.Status = NothingAffordable
	}
	return r, nil
}
