package plan

import (
	"fmt"
	"math"
)

// tableau is a bounded-variable simplex tableau that grows: variables
// (columns) and rows a·y ≤ b can be added to a solved tableau and the optimum
// restored by the primal method (after a column) or the dual method (after a
// row), instead of solving again from y = 0. It maximises c·y subject to
// the rows and 0 ≤ y ≤ ub. Rows must admit y = 0 when first solved.
type tableau struct {
	rows    [][]float64 // B⁻¹[A | I], one slice per row over all variables
	c, ub   []float64   // per variable
	d       []float64   // reduced costs per variable
	xb      []float64   // value of the basic variable of each row
	basis   []int       // basic variable of each row
	inBasis []int       // row of a basic variable, -1 when nonbasic
	atUpper []bool
	slack   []int // slack variable of each row
	abort   func() bool
	pivots  int
	nz      []int // nonzero columns of the pivot row
	nzA     []int // nonzero entries of a column being added
}

func (t *tableau) reset() {
	t.rows = t.rows[:0]
	t.c, t.ub, t.d = t.c[:0], t.ub[:0], t.d[:0]
	t.xb, t.basis, t.slack = t.xb[:0], t.basis[:0], t.slack[:0]
	t.inBasis, t.atUpper = t.inBasis[:0], t.atUpper[:0]
}

func (t *tableau) numVars() int { return len(t.c) }

// value returns variable j's current value.
func (t *tableau) value(j int) float64 {
	if r := t.inBasis[j]; r >= 0 {
		return t.xb[r]
	}
	if t.atUpper[j] {
		return t.ub[j]
	}
	return 0
}

// addVar adds a nonbasic variable at 0 with objective c, upper bound ub and
// coefficient a[k] in existing row k (a may be nil for zeros); it returns
// its index. Its column is B⁻¹a, read off the slack columns.
func (t *tableau) addVar(c, ub float64, a []float64) int {
	j := len(t.c)
	dj := c
	t.nzA = t.nzA[:0]
	for k, ak := range a {
		if ak != 0 {
			dj += ak * t.d[t.slack[k]]
			t.nzA = append(t.nzA, k)
		}
	}
	for i := range t.rows {
		v := 0.0
		for _, k := range t.nzA {
			v += a[k] * t.rows[i][t.slack[k]]
		}
		t.rows[i] = append(t.rows[i], v)
	}
	t.c = append(t.c, c)
	t.ub = append(t.ub, ub)
	t.d = append(t.d, dj)
	t.inBasis = append(t.inBasis, -1)
	t.atUpper = append(t.atUpper, false)
	return j
}

// addRow adds the row Σ a[j]·y_j ≤ b (a over the current variables) with a
// new basic slack, possibly negative: call dual to restore feasibility.
func (t *tableau) addRow(a []float64, b float64) {
	s := t.addVar(0, math.Inf(1), nil)
	row := make([]float64, len(t.c))
	copy(row, a)
	row[s] = 1
	val := b
	for j, aj := range a {
		if aj == 0 {
			continue
		}
		val -= aj * t.value(j)
		if r := t.inBasis[j]; r >= 0 {
			for k, v := range t.rows[r] {
				if v != 0 {
					row[k] -= aj * v
				}
			}
			row[j] = 0
		}
	}
	t.rows = append(t.rows, row)
	t.xb = append(t.xb, val)
	t.basis = append(t.basis, s)
	t.slack = append(t.slack, s)
	t.inBasis[s] = len(t.rows) - 1
}

// pivot makes variable j basic in row r after moving it by step (the
// leaving variable lands on its bound, upper when toUpper).
func (t *tableau) pivot(r, j int, step float64, toUpper bool) {
	t.pivots++
	for i := range t.rows {
		if i != r {
			t.xb[i] -= step * t.rows[i][j]
		}
	}
	enterVal := t.value(j) + step
	leave := t.basis[r]
	t.inBasis[leave] = -1
	t.atUpper[leave] = toUpper
	t.atUpper[j] = false
	t.xb[r] = enterVal
	pr := t.rows[r]
	inv := 1 / pr[j]
	t.nz = t.nz[:0]
	for k, v := range pr {
		if v != 0 {
			pr[k] = v * inv
			t.nz = append(t.nz, k)
		}
	}
	pr[j] = 1
	for i, ri := range t.rows {
		if i == r {
			continue
		}
		f := ri[j]
		if f == 0 {
			continue
		}
		for _, k := range t.nz {
			ri[k] -= f * pr[k]
		}
		ri[j] = 0
	}
	if f := t.d[j]; f != 0 {
		for _, k := range t.nz {
			t.d[k] -= f * pr[k]
		}
		t.d[j] = 0
	}
	t.basis[r] = j
	t.inBasis[j] = r
}

func (t *tableau) checkAbort() error {
	if t.pivots&63 == 63 && t.abort != nil && t.abort() {
		return errAborted
	}
	return nil
}

// primal runs the bounded primal simplex from a primal feasible basis
// (Dantzig's rule; Bland's after a run of degenerate pivots).
func (t *tableau) primal() error {
	degenerate := 0
	limit := t.pivots + 50*(len(t.c)+10)
	for {
		if err := t.checkAbort(); err != nil {
			return err
		}
		if t.pivots > limit {
			return fmt.Errorf("%w: primal simplex did not converge (%d rows, %d columns)", ErrLP, len(t.rows), len(t.c))
		}
		bland := degenerate > 30
		enter, best := -1, 0.0
		for j, dj := range t.d {
			if t.inBasis[j] >= 0 {
				continue
			}
			var gain float64
			if !t.atUpper[j] && dj > lpCostTol {
				gain = dj
			} else if t.atUpper[j] && dj < -lpCostTol {
				gain = -dj
			} else {
				continue
			}
			if bland {
				enter = j
				break
			}
			if gain > best {
				enter, best = j, gain
			}
		}
		if enter < 0 {
			return nil
		}
		sigma := 1.0
		if t.atUpper[enter] {
			sigma = -1
		}
		tMax := t.ub[enter]
		row, toUpper := -1, false
		for i, ri := range t.rows {
			ai := sigma * ri[enter]
			var lim float64
			var up bool
			switch {
			case ai > lpPivotTol:
				lim = math.Max(t.xb[i], 0) / ai
			case ai < -lpPivotTol:
				ubi := t.ub[t.basis[i]]
				if math.IsInf(ubi, 1) {
					continue
				}
				lim = math.Max(ubi-t.xb[i], 0) / -ai
				up = true
			default:
				continue
			}
			if lim < tMax || (lim == tMax && row >= 0 && t.basis[i] < t.basis[row]) {
				tMax, row, toUpper = lim, i, up
			}
		}
		if math.IsInf(tMax, 1) {
			return fmt.Errorf("%w: unbounded master (column %d)", ErrLP, enter)
		}
		if tMax == 0 {
			degenerate++
		} else {
			degenerate = 0
		}
		step := sigma * tMax
		if row < 0 { // bound flip
			t.pivots++
			for i, ri := range t.rows {
				t.xb[i] -= step * ri[enter]
			}
			t.atUpper[enter] = !t.atUpper[enter]
			continue
		}
		t.pivot(row, enter, step, toUpper)
	}
}

// dual runs the bounded dual simplex from a dual feasible basis until the
// basic values are within their bounds (largest infeasibility leaves).
func (t *tableau) dual() error {
	const feasTol = 1e-9
	limit := t.pivots + 10*(len(t.c)+10)
	degenerate := 0
	for {
		if err := t.checkAbort(); err != nil {
			return err
		}
		if t.pivots > limit {
			return fmt.Errorf("%w: dual simplex did not converge (%d rows, %d columns)", ErrLP, len(t.rows), len(t.c))
		}
		// leaving row: the largest infeasibility, or after a run of
		// degenerate pivots the lowest basic variable index (Bland)
		bland := degenerate > 30
		r, worst, up := -1, feasTol, false
		for i, v := range t.xb {
			inf, isUp := -v, false
			if u := t.ub[t.basis[i]]; v-u > inf {
				inf, isUp = v-u, true
			}
			if inf <= feasTol {
				continue
			}
			if bland {
				if r < 0 || t.basis[i] < t.basis[r] {
					r, up = i, isUp
				}
			} else if inf > worst {
				r, worst, up = i, inf, isUp
			}
		}
		if r < 0 {
			return nil
		}
		target := 0.0
		if up {
			target = t.ub[t.basis[r]]
		}
		pr := t.rows[r]
		enter, ratio := -1, math.Inf(1)
		for j, a := range pr {
			if t.inBasis[j] >= 0 || math.Abs(a) <= 1e-9 {
				continue
			}
			// need x_r to rise (not up) or fall (up): x_r changes by −a·Δ_j
			canRise := !t.atUpper[j] // Δ_j > 0 possible
			canFall := t.atUpper[j]
			ok := false
			if !up {
				ok = (canRise && a < 0) || (canFall && a > 0)
			} else {
				ok = (canRise && a > 0) || (canFall && a < 0)
			}
			if !ok {
				continue
			}
			if q := math.Abs(t.d[j]) / math.Abs(a); q < ratio || (q == ratio && j < enter) {
				enter, ratio = j, q
			}
		}
		if enter < 0 {
			return fmt.Errorf("%w: master LP infeasible", ErrLP)
		}
		if ratio == 0 {
			degenerate++
		} else {
			degenerate = 0
		}
		step := (t.xb[r] - target) / pr[enter]
		t.pivot(r, enter, step, up)
	}
}

// solution returns the values of variables 0..n-1 and the objective.
func (t *tableau) solution(n int) ([]float64, float64) {
	y := make([]float64, n)
	val := 0.0
	for j := 0; j < n; j++ {
		y[j] = math.Min(math.Max(t.value(j), 0), t.ub[j])
		val += t.c[j] * y[j]
	}
	return y, val
}
