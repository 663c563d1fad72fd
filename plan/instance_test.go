package plan

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestNewInstanceErrors(t *testing.T) {
	arcs := []Arc{{0, 1, 0.1}, {1, 2, 0.2}}
	one := func(u Upgrade) []Upgrade { return []Upgrade{u} }
	cases := []struct {
		name  string
		nodes int
		arcs  []Arc
		menu  []Upgrade
		is    error
		want  string
	}{
		{"empty menu", 3, arcs, nil, ErrBadUpgrade, "empty menu"},
		{"negative cost", 3, arcs, one(Upgrade{Name: "dogs", Cost: -1, Effects: []Effect{{0, 0.2}}}), ErrBadUpgrade, `upgrade 0 ("dogs"): cost -1`},
		{"NaN cost", 3, arcs, one(Upgrade{Name: "x", Cost: math.NaN(), Effects: []Effect{{0, 0.2}}}), ErrBadUpgrade, "cost NaN"},
		{"pi one", 3, arcs, one(Upgrade{Name: "wall", Cost: 1, Effects: []Effect{{0, 1}}}), ErrBadUpgrade, `effect 0: detection chance 1 outside [0, 1)`},
		{"pi negative", 3, arcs, one(Upgrade{Name: "w", Cost: 1, Effects: []Effect{{1, 0.1}, {0, -0.1}}}), ErrBadUpgrade, "effect 1"},
		{"unknown arc", 3, arcs, one(Upgrade{Name: "scanner", Cost: 1, Effects: []Effect{{7, 0.5}}}), ErrBadUpgrade, "arc 7 is not an arc"},
		{"no effects", 3, arcs, one(Upgrade{Name: "idle", Cost: 1}), ErrBadUpgrade, "no effects"},
		{"bad node", 2, arcs, one(Upgrade{Name: "u", Cost: 1, Effects: []Effect{{0, 0.5}}}), ErrBadInstance, "arc 1 joins 1 and 2"},
		{"bad length", 3, []Arc{{0, 1, math.Inf(1)}}, one(Upgrade{Name: "u", Cost: 1, Effects: []Effect{{0, 0.5}}}), ErrBadInstance, "arc 0 has length +Inf"},
		{"no arcs", 3, nil, one(Upgrade{Name: "u", Cost: 1, Effects: []Effect{{0, 0.5}}}), ErrBadInstance, "no arcs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewInstance(c.nodes, c.arcs, c.menu)
			if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %v containing %q", err, c.is, c.want)
			}
		})
	}
}

func TestSolverInputErrors(t *testing.T) {
	in, ods := greedyTrap(t)
	ctx := context.Background()
	bad := DefaultSettings()
	bad.RelGap = -1
	cases := []struct {
		name   string
		ods    []OD
		budget float64
		s      *Settings
		is     error
	}{
		{"negative budget", ods, -1, nil, ErrBadSetting},
		{"NaN budget", ods, math.NaN(), nil, ErrBadSetting},
		{"infinite budget", ods, math.Inf(1), nil, ErrBadSetting},
		{"negative gap", ods, 1, bad, ErrBadSetting},
		{"no pairs", nil, 1, nil, ErrBadScenario},
		{"node outside", []OD{{0, 9, 1}}, 1, nil, ErrBadScenario},
		{"same node", []OD{{1, 1, 1}}, 1, nil, ErrBadScenario},
		{"unreachable", []OD{{2, 0, 1}}, 1, nil, ErrNoPath},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := MaxMin(ctx, in, c.ods, c.budget, c.s); !errors.Is(err, c.is) {
				t.Errorf("MaxMin: got %v, want %v", err, c.is)
			}
			if _, err := SNIP(ctx, in, c.ods, c.budget, c.s); !errors.Is(err, c.is) {
				t.Errorf("SNIP: got %v, want %v", err, c.is)
			}
		})
	}
	if _, err := SNIP(ctx, in, []OD{{0, 2, -1}}, 1, nil); !errors.Is(err, ErrBadScenario) {
		t.Errorf("negative weight: got %v", err)
	}
	if _, err := SNIP(ctx, in, []OD{{0, 2, 0}}, 1, nil); !errors.Is(err, ErrBadScenario) {
		t.Errorf("zero total weight: got %v", err)
	}
}

func TestNothingAffordable(t *testing.T) {
	in, ods := greedyTrap(t)
	r, err := MaxMin(context.Background(), in, ods, 0.5, nil)
	mustNoErr(t, err)
	if r.Status != NothingAffordable || len(r.Plan) != 0 || r.Objective != 2 || r.Gap != 0 {
		t.Errorf("got %+v, want nothing_affordable, empty plan, value 2", r)
	}
	s, err := SNIP(context.Background(), in, ods, 0, nil)
	mustNoErr(t, err)
	if s.Status != NothingAffordable || math.Abs(s.Objective-math.Exp(-2)) > 1e-15 {
		t.Errorf("got %+v, want nothing_affordable and evasion e^-2", s)
	}
}

func TestCancelledAndTimeLimit(t *testing.T) {
	ty := mediumGrid(5, 25, 20, 150)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := MaxMin(ctx, ty.in, ty.ods, 25, nil)
	mustNoErr(t, err)
	if r.Status != Cancelled || r.Lower > r.Upper || !ty.in.Feasible(r.Plan, 25) {
		t.Errorf("cancelled: status %v bounds %v..%v", r.Status, r.Lower, r.Upper)
	}
	s := DefaultSettings()
	s.MaxNodes = 2
	r, err = MaxMin(context.Background(), ty.in, ty.ods, 25, s)
	mustNoErr(t, err)
	if (r.Status != TimeLimit && r.Status != Optimal) || r.Lower > r.Upper {
		t.Errorf("node limit: status %v bounds %v..%v", r.Status, r.Lower, r.Upper)
	}
	if r.Status == TimeLimit && !(r.Gap > 0) {
		t.Errorf("node limit: stopped early with gap %v", r.Gap)
	}
	if math.Abs(naiveMaxMin(ty.in, ty.ods, r.Plan)-r.Lower) > 1e-12 {
		t.Errorf("node limit: lower bound %v is not the plan's value", r.Lower)
	}
}
