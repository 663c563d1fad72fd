package plan

import (
	"context"
	"math"
	"testing"
)

// greedyTrap is a shared arc s→m followed by two parallel arcs m→t. Upgrade
// "shared" (cost 1) adds 0.5 to the shared arc; "left" and "right" (cost 1
// each) add 1 to one branch. With budget 2 greedy takes "shared" first (the
// only upgrade that gains alone, 0.5) and then nothing gains; the optimum is
// left+right, gaining 1.
func greedyTrap(t *testing.T) (*Instance, []OD) {
	t.Helper()
	d := func(delta float64) float64 { return -math.Expm1(-delta) } // π with −ln(1−π) = delta
	arcs := []Arc{{0, 1, 1}, {1, 2, 1}, {1, 2, 1}}
	menu := []Upgrade{
		{Name: "shared", Cost: 1, Effects: []Effect{{0, d(0.5)}}},
		{Name: "left", Cost: 1, Effects: []Effect{{1, d(1)}}},
		{Name: "right", Cost: 1, Effects: []Effect{{2, d(1)}}},
	}
	in, err := NewInstance(3, arcs, menu)
	mustNoErr(t, err)
	return in, []OD{{0, 2, 1}}
}

func TestGreedySuboptimal(t *testing.T) {
	in, ods := greedyTrap(t)
	g, err := Greedy(context.Background(), in, ods, 2, false)
	mustNoErr(t, err)
	x, err := MaxMin(context.Background(), in, ods, 2, nil)
	mustNoErr(t, err)
	if got, want := g.Objective, 2.5; math.Abs(got-want) > 1e-12 || len(g.Plan) != 1 || g.Plan[0] != 0 {
		t.Errorf("greedy: plan %v value %v, want [0] and %v", g.Plan, got, want)
	}
	if got, want := x.Objective, 3.0; math.Abs(got-want) > 1e-12 || len(x.Plan) != 2 || x.Plan[0] != 1 || x.Plan[1] != 2 {
		t.Errorf("exact: plan %v value %v, want [1 2] and %v", x.Plan, got, want)
	}
	if g.Status != Heuristic || x.Status != Optimal {
		t.Errorf("statuses %v and %v, want heuristic and optimal", g.Status, x.Status)
	}
	// SNIP on the same trap: evasion e^{-2.5} greedy, e^{-3} exact.
	gs, err := Greedy(context.Background(), in, ods, 2, true)
	mustNoErr(t, err)
	xs, err := SNIP(context.Background(), in, ods, 2, nil)
	mustNoErr(t, err)
	if math.Abs(gs.Objective-math.Exp(-2.5)) > 1e-12 || math.Abs(xs.Objective-math.Exp(-3)) > 1e-12 {
		t.Errorf("SNIP: greedy %v exact %v, want %v and %v", gs.Objective, xs.Objective, math.Exp(-2.5), math.Exp(-3))
	}
}

// TestGreedyNeverBeatsExact checks greedy against the exact solvers on the toys.
func TestGreedyNeverBeatsExact(t *testing.T) {
	worse := 0
	for _, ty := range toys(7) {
		for _, b := range []float64{1, 2, 3} {
			g, err := Greedy(context.Background(), ty.in, ty.ods, b, false)
			mustNoErr(t, err)
			x, err := MaxMin(context.Background(), ty.in, ty.ods, b, nil)
			mustNoErr(t, err)
			if !ty.in.Feasible(g.Plan, b) || math.Abs(g.Objective-naiveMaxMin(ty.in, ty.ods, g.Plan)) > 1e-12 {
				t.Errorf("%s B%v: greedy plan %v infeasible or misvalued", ty.name, b, g.Plan)
			}
			if g.Objective > x.Objective+1e-12 {
				t.Errorf("%s B%v: greedy %v beats exact %v", ty.name, b, g.Objective, x.Objective)
			}
			if g.Objective < x.Objective-1e-9 {
				worse++
			}
		}
	}
	t.Logf("greedy below the optimum in %d of 12 cases", worse)
}
