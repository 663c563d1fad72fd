package plan

import (
	"context"
	"fmt"
	"math"
	"testing"
)

func TestMaxMinBruteForce(t *testing.T) {
	cases, moved := 0, 0
	for seed := uint64(1); seed <= 6; seed++ {
		for _, ty := range toys(seed) {
			for _, budget := range []float64{0, 1, 2, 3} {
				for _, odSet := range [][]OD{ty.ods[:1], ty.ods} {
					name := fmt.Sprintf("%s/seed%d/B%v/ods%d", ty.name, seed, budget, len(odSet))
					want := math.Inf(-1)
					plans(ty.in, budget, func(p []int) {
						want = math.Max(want, naiveMaxMin(ty.in, odSet, p))
					})
					r, err := MaxMin(context.Background(), ty.in, odSet, budget, nil)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if r.Status != Optimal && r.Status != NothingAffordable {
						t.Errorf("%s: status %v", name, r.Status)
					}
					if math.Abs(r.Objective-want) > 1e-9 {
						t.Errorf("%s: objective %v, want %v (plan %v)", name, r.Objective, want, r.Plan)
					}
					checkMaxMinCertificate(t, name, ty.in, odSet, budget, r)
					cases++
					if want > naiveMaxMin(ty.in, odSet, nil)+1e-9 {
						moved++
					}
				}
			}
		}
	}
	if moved < cases/3 {
		t.Errorf("only %d of %d cases have an optimum above the unprotected value: toys too easy", moved, cases)
	}
	t.Logf("%d cases, %d where upgrades help", cases, moved)
}

// checkMaxMinCertificate re-checks a result: the plan is feasible, its value
// by an independent Dijkstra is Lower, every cut is a walk of its OD, and the
// final master re-solved by enumeration is at most Upper.
func checkMaxMinCertificate(t *testing.T, name string, in *Instance, ods []OD, budget float64, r *Result) {
	t.Helper()
	if !in.Feasible(r.Plan, budget) {
		t.Errorf("%s: plan %v infeasible", name, r.Plan)
	}
	if v := naiveMaxMin(in, ods, r.Plan); math.Abs(v-r.Lower) > 1e-12 {
		t.Errorf("%s: lower bound %v, independent Dijkstra %v", name, r.Lower, v)
	}
	if r.Upper < r.Lower || math.Abs(r.Gap-(r.Upper-r.Lower)) > 1e-15 {
		t.Errorf("%s: bounds %v..%v gap %v", name, r.Lower, r.Upper, r.Gap)
	}
	for _, c := range r.Cuts {
		at := ods[c.OD].Origin
		for _, a := range c.Arcs {
			if in.Arc(a).From != at {
				t.Fatalf("%s: cut %v is not a walk", name, c)
			}
			at = in.Arc(a).To
		}
		if at != ods[c.OD].Destination {
			t.Fatalf("%s: cut %v ends at %d, not %d", name, c, at, ods[c.OD].Destination)
		}
	}
	if r.Status == NothingAffordable {
		return
	}
	master := math.Inf(-1)
	plans(in, budget, func(p []int) {
		l := naiveLengths(in, p)
		z := math.Inf(1)
		for _, c := range r.Cuts {
			s := 0.0
			for _, a := range c.Arcs {
				s += l[a]
			}
			z = math.Min(z, s)
		}
		master = math.Max(master, z)
	})
	if master > r.Upper+1e-9 {
		t.Errorf("%s: final master's optimum %v above the upper bound %v", name, master, r.Upper)
	}
}
