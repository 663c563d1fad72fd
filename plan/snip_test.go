package plan

import (
	"context"
	"fmt"
	"math"
	"testing"
)

func TestSNIPBruteForce(t *testing.T) {
	cases, moved := 0, 0
	for seed := uint64(1); seed <= 6; seed++ {
		for _, ty := range toys(seed) {
			for _, budget := range []float64{0, 1, 2, 3} {
				name := fmt.Sprintf("%s/seed%d/B%v", ty.name, seed, budget)
				want, base := math.Inf(1), naiveSNIP(ty.in, ty.ods, nil)
				plans(ty.in, budget, func(p []int) {
					want = math.Min(want, naiveSNIP(ty.in, ty.ods, p))
				})
				r, err := SNIP(context.Background(), ty.in, ty.ods, budget, nil)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if r.Status != Optimal && r.Status != NothingAffordable {
					t.Errorf("%s: status %v", name, r.Status)
				}
				if math.Abs(r.Objective-want) > 1e-9 {
					t.Errorf("%s: objective %v, want %v (plan %v)", name, r.Objective, want, r.Plan)
				}
				checkSNIPCertificate(t, name, ty.in, ty.ods, budget, r)
				cases++
				if want < base-1e-9 {
					moved++
				}
			}
		}
	}
	if moved < cases/3 {
		t.Errorf("only %d of %d cases improve on no upgrade: toys too easy", moved, cases)
	}
	t.Logf("%d cases, %d where upgrades help", cases, moved)
}

// checkSNIPCertificate re-checks a SNIP result: the plan's evasion by an
// independent Dijkstra is Upper, and the final master, rebuilt from the cut
// routes and re-solved by enumeration, is at least Lower.
func checkSNIPCertificate(t *testing.T, name string, in *Instance, ods []OD, budget float64, r *Result) {
	t.Helper()
	if !in.Feasible(r.Plan, budget) {
		t.Errorf("%s: plan %v infeasible", name, r.Plan)
	}
	if v := naiveSNIP(in, ods, r.Plan); math.Abs(v-r.Upper) > 1e-12 || r.Objective != r.Upper {
		t.Errorf("%s: upper bound %v, objective %v, independent Dijkstra %v", name, r.Upper, r.Objective, v)
	}
	if r.Lower > r.Upper {
		t.Errorf("%s: bounds %v > %v", name, r.Lower, r.Upper)
	}
	if r.Status == NothingAffordable {
		return
	}
	total := 0.0
	for _, od := range ods {
		total += od.Weight
	}
	// weight of each cut's pair: all scenarios with the same pair
	weight := func(i int) float64 {
		w := 0.0
		for _, od := range ods {
			if od.Origin == ods[i].Origin && od.Destination == ods[i].Destination {
				w += od.Weight
			}
		}
		return w / total
	}
	master := math.Inf(1)
	plans(in, budget, func(p []int) {
		x := map[int]bool{}
		for _, u := range p {
			x[u] = true
		}
		theta := map[int]float64{}
		for _, c := range r.Cuts {
			// D_u over the route, from the menu's effects
			D := map[int]float64{}
			a := 0.0
			onRoute := map[int]int{}
			for _, arc := range c.Arcs {
				onRoute[arc]++
				a += in.Arc(arc).Length
			}
			for u := 0; u < in.NumUpgrades(); u++ {
				for _, e := range in.Upgrade(u).Effects {
					D[u] += float64(onRoute[e.Arc]) * -math.Log(1-e.Pi)
				}
			}
			at := map[int]bool{}
			l := a
			for _, u := range c.At {
				at[u] = true
				l += D[u]
			}
			f := math.Exp(-l)
			b := 1.0
			for u := range D {
				if !at[u] && x[u] {
					b -= 1 - math.Exp(-D[u])
				}
			}
			v := f * b
			if len(c.At) > 0 {
				tg := 1.0
				for u, d := range D {
					xv, xh := 0.0, 0.0
					if x[u] {
						xv = 1
					}
					if at[u] {
						xh = 1
					}
					tg -= d * (xv - xh)
				}
				v = math.Max(v, f*tg)
			}
			theta[c.OD] = math.Max(theta[c.OD], v)
		}
		m := 0.0
		for od, th := range theta {
			m += weight(od) * th
		}
		master = math.Min(master, m)
	})
	if master < r.Lower-1e-9 {
		t.Errorf("%s: final master's optimum %v below the lower bound %v", name, master, r.Lower)
	}
}
