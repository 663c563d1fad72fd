package plan

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
)

// TestStart checks that a starting plan (Settings.Start) leaves MaxMin's
// and SNIP's answers at the enumerated optimum, whether it is the greedy
// plan or the optimum itself.
func TestStart(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 3; seed++ {
		for _, ty := range toys(seed) {
			for _, budget := range []float64{1, 2, 3} {
				for _, snip := range []bool{false, true} {
					name := fmt.Sprintf("%s/seed%d/B%v/snip=%v", ty.name, seed, budget, snip)
					value := func(p []int) float64 {
						if snip {
							return naiveSNIP(ty.in, ty.ods, p)
						}
						return naiveMaxMin(ty.in, ty.ods, p)
					}
					var want float64
					var best []int
					first := true
					plans(ty.in, budget, func(p []int) {
						v := value(p)
						if first || (snip && v < want) || (!snip && v > want) {
							want, best, first = v, p, false
						}
					})
					gr, err := Greedy(ctx, ty.in, ty.ods, budget, snip)
					mustNoErr(t, err)
					for _, start := range [][]int{gr.Plan, best} {
						s := DefaultSettings()
						s.Start = start
						solve := MaxMin
						if snip {
							solve = SNIP
						}
						r, err := solve(ctx, ty.in, ty.ods, budget, s)
						if err != nil {
							t.Fatalf("%s: start %v: %v", name, start, err)
						}
						if math.Abs(r.Objective-want) > 1e-9 {
							t.Errorf("%s: start %v: objective %v, want %v", name, start, r.Objective, want)
						}
					}
				}
			}
		}
	}
}

// TestStartBad checks that a starting plan out of the menu, over the
// budget or taking two upgrades of a group is refused.
func TestStartBad(t *testing.T) {
	in, err := NewInstance(3, []Arc{{0, 1, 0.1}, {1, 2, 0.1}, {0, 2, 0.5}}, []Upgrade{
		{Name: "a", Cost: 1, Group: "g", Effects: []Effect{{0, 0.5}}},
		{Name: "b", Cost: 1, Group: "g", Effects: []Effect{{1, 0.5}}},
		{Name: "c", Cost: 2, Effects: []Effect{{2, 0.5}}},
	})
	mustNoErr(t, err)
	ods := []OD{{0, 2, 1}}
	for _, tc := range []struct {
		name  string
		start []int
	}{
		{"unknown upgrade", []int{3}},
		{"negative index", []int{-1}},
		{"over budget", []int{0, 2}},
		{"two of a group", []int{0, 1}},
		{"twice", []int{2, 2}},
	} {
		s := DefaultSettings()
		s.Start = tc.start
		if _, err := MaxMin(context.Background(), in, ods, 2, s); !errors.Is(err, ErrBadSetting) {
			t.Errorf("MaxMin, %s: error %v, want ErrBadSetting", tc.name, err)
		}
		if _, err := SNIP(context.Background(), in, ods, 2, s); !errors.Is(err, ErrBadSetting) {
			t.Errorf("SNIP, %s: error %v, want ErrBadSetting", tc.name, err)
		}
	}
}
