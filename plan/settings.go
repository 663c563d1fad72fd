package plan

import (
	"fmt"
	"math"
	"time"
)

// Settings control the exact solvers. Use DefaultSettings and change fields.
type Settings struct {
	// RelGap stops the search when (upper − lower) ≤ RelGap·max(1, |value|);
	// values below 1e-10, the floor of floating-point noise, act as 1e-10.
	// Default 1e-10 (a solver tolerance, not a modelling assumption): exact.
	RelGap float64
	// TimeLimit bounds the wall-clock time; ≤ 0 means no limit. Default 0.
	TimeLimit time.Duration
	// ExtraCuts is the number of further routes cut per evaluation of a plan
	// in MaxMin: the cheapest routes through upgradable arcs, from forward and
	// backward shortest-path trees. Default 8 (a solver tuning choice).
	ExtraCuts int
	// MaxNodes bounds the branch-and-bound nodes; ≤ 0 means no limit. Default 0.
	MaxNodes int
	// Start is a plan (upgrade indices) valued before the search, e.g. a
	// greedy plan, so that the search prunes against it from the first
	// node; it must be within the budget and respect the groups. It only
	// speeds the search: the result is the same. Default nil.
	Start []int
}

// DefaultSettings returns the settings documented on Settings.
func DefaultSettings() *Settings {
	return &Settings{RelGap: exactTol, ExtraCuts: 8}
}

// exactTol is the relative gap treated as zero: floating-point noise.
const exactTol = 1e-10

func (s *Settings) check() error {
	if !(s.RelGap >= 0) || math.IsInf(s.RelGap, 0) {
		return fmt.Errorf("%w: RelGap %v must be finite and ≥ 0", ErrBadSetting, s.RelGap)
	}
	if s.ExtraCuts < 0 {
		return fmt.Errorf("%w: ExtraCuts %d must be ≥ 0", ErrBadSetting, s.ExtraCuts)
	}
	return nil
}

func checkBudget(b float64) error {
	if !(b >= 0) || math.IsInf(b, 0) {
		return fmt.Errorf("%w: budget %v must be finite and ≥ 0", ErrBadSetting, b)
	}
	return nil
}

// Status says why a solver stopped.
type Status int

// Statuses of a Result.
const (
	// Optimal: the plan is optimal up to floating-point noise (gap ≤ 1e-10 relative).
	Optimal Status = iota
	// GapReached: the gap fell below Settings.RelGap, larger than the exact tolerance.
	GapReached
	// TimeLimit: Settings.TimeLimit or Settings.MaxNodes was reached; bounds are valid.
	TimeLimit
	// Cancelled: the context was cancelled; bounds are valid.
	Cancelled
	// NothingAffordable: no upgrade costs at most the budget; the plan is empty.
	NothingAffordable
	// Heuristic: a plan from Greedy, with no bound on the optimum.
	Heuristic
)

var statusNames = [...]string{"optimal", "gap", "time_limit", "cancelled", "nothing_affordable", "heuristic"}

// String returns the status as a word: optimal, gap, time_limit, cancelled,
// nothing_affordable or heuristic.
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}
