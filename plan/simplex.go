package plan

import (
	"errors"
	"fmt"
	"math"
)

// lp is a dense linear programme in the form
//
//	maximise c·y  subject to  A y ≤ b,  0 ≤ y ≤ ub,
//
// with b ≥ 0, so that y = 0 is feasible and no phase one is needed. ub may
// hold +Inf. The master problems of both solvers have this form.
type lp struct {
	m, n int
	a    []float64 // m×n, row-major
	b    []float64
	c    []float64
	ub   []float64

	abort func() bool // polled every 64 pivots; true stops solve with errAborted

	// scratch of the solver, reused between solves
	t       []float64 // tableau m×(n+m)
	d       []float64 // reduced costs, n+m
	xb      []float64 // basic values
	basis   []int
	atUpper []bool
	inBasis []int // row of a basic column, -1 otherwise
}

func (p *lp) reset(m, n int) {
	p.m, p.n = m, n
	p.a = grow(p.a, m*n)
	clear(p.a)
	p.b = grow(p.b, m)
	p.c = grow(p.c, n)
	p.ub = grow(p.ub, n)
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// errAborted reports that lp.abort stopped a solve.
var errAborted = errors.New("plan: stopped")

const (
	lpPivotTol = 1e-11
	lpCostTol  = 1e-10
)

// solve returns the optimal value and solution y (a fresh slice), by the
// bounded-variable primal simplex method (Dantzig's rule, Bland's rule after
// a run of degenerate pivots; Chvátal 1983, ch. 8).
func (p *lp) solve() (float64, []float64, error) {
	m, n := p.m, p.n
	w := n + m
	p.t = grow(p.t, m*w)
	clear(p.t)
	p.d = grow(p.d, w)
	p.xb = grow(p.xb, m)
	if cap(p.basis) < m {
		p.basis = make([]int, m)
	}
	p.basis = p.basis[:m]
	if cap(p.atUpper) < w {
		p.atUpper = make([]bool, w)
		p.inBasis = make([]int, w)
	}
	p.atUpper = p.atUpper[:w]
	p.inBasis = p.inBasis[:w]
	for i := 0; i < m; i++ {
		row := p.t[i*w : (i+1)*w]
		copy(row, p.a[i*n:(i+1)*n])
		row[n+i] = 1
		p.xb[i] = p.b[i]
		p.basis[i] = n + i
	}
	for j := 0; j < w; j++ {
		p.atUpper[j] = false
		p.inBasis[j] = -1
		if j < n {
			p.d[j] = p.c[j]
		} else {
			p.d[j] = 0
			p.inBasis[j] = j - n
		}
	}
	upper := func(j int) float64 {
		if j < n {
			return p.ub[j]
		}
		return math.Inf(1)
	}
	degenerate := 0
	maxIter := 50 * (w + 10)
	for iter := 0; ; iter++ {
		if iter&63 == 63 && p.abort != nil && p.abort() {
			return 0, nil, errAborted
		}
		if iter > maxIter {
			return 0, nil, fmt.Errorf("%w: no convergence after %d pivots (%d rows, %d columns)", ErrLP, iter, m, n)
		}
		bland := degenerate > 30
		enter, best := -1, 0.0
		for j := 0; j < w; j++ {
			if p.inBasis[j] >= 0 {
				continue
			}
			dj := p.d[j]
			var gain float64
			if !p.atUpper[j] && dj > lpCostTol {
				gain = dj
			} else if p.atUpper[j] && dj < -lpCostTol {
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
			break
		}
		sigma := 1.0
		if p.atUpper[enter] {
			sigma = -1
		}
		tMax := upper(enter)
		row, toUpper := -1, false
		for i := 0; i < m; i++ {
			ai := sigma * p.t[i*w+enter]
			var lim float64
			var up bool
			switch {
			case ai > lpPivotTol:
				lim = math.Max(p.xb[i], 0) / ai
			case ai < -lpPivotTol:
				ubi := upper(p.basis[i])
				if math.IsInf(ubi, 1) {
					continue
				}
				lim = math.Max(ubi-p.xb[i], 0) / -ai
				up = true
			default:
				continue
			}
			if lim < tMax || (lim == tMax && row >= 0 && p.basis[i] < p.basis[row]) {
				tMax, row, toUpper = lim, i, up
			}
		}
		if math.IsInf(tMax, 1) {
			return 0, nil, fmt.Errorf("%w: unbounded master (column %d)", ErrLP, enter)
		}
		if tMax == 0 {
			degenerate++
		} else {
			degenerate = 0
		}
		step := sigma * tMax
		for i := 0; i < m; i++ {
			p.xb[i] -= step * p.t[i*w+enter]
		}
		if row < 0 { // bound flip
			p.atUpper[enter] = !p.atUpper[enter]
			continue
		}
		start := 0.0
		if p.atUpper[enter] {
			start = upper(enter)
		}
		leave := p.basis[row]
		p.atUpper[leave] = toUpper
		p.inBasis[leave] = -1
		p.xb[row] = start + step
		p.atUpper[enter] = false
		pr := p.t[row*w : (row+1)*w]
		inv := 1 / pr[enter]
		for j := range pr {
			pr[j] *= inv
		}
		pr[enter] = 1
		for i := 0; i < m; i++ {
			if i == row {
				continue
			}
			ri := p.t[i*w : (i+1)*w]
			f := ri[enter]
			if f == 0 {
				continue
			}
			for j, v := range pr {
				if v != 0 {
					ri[j] -= f * v
				}
			}
			ri[enter] = 0
		}
		if f := p.d[enter]; f != 0 {
			for j, v := range pr {
				if v != 0 {
					p.d[j] -= f * v
				}
			}
			p.d[enter] = 0
		}
		p.basis[row] = enter
		p.inBasis[enter] = row
	}
	y := make([]float64, n)
	for j := 0; j < n; j++ {
		if r := p.inBasis[j]; r >= 0 {
			y[j] = math.Min(math.Max(p.xb[r], 0), p.ub[j])
		} else if p.atUpper[j] {
			y[j] = p.ub[j]
		}
	}
	val := 0.0
	for j, cj := range p.c[:n] {
		val += cj * y[j]
	}
	return val, y, nil
}
