package risk

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// jacobian returns the Jacobian of f at x by central differences (step
// 1e-4 in parameter space), or an error where it is not finite.
func jacobian(f func([]float64) ([]float64, error), x []float64) (*mat.Dense, error) {
	const h = 1e-4
	var jac *mat.Dense
	xp := slices.Clone(x)
	for j := range x {
		xp[j] = x[j] + h
		up, err := f(xp)
		if err != nil {
			return nil, err
		}
		xp[j] = x[j] - h
		down, err := f(xp)
		if err != nil {
			return nil, err
		}
		xp[j] = x[j]
		if jac == nil {
			if len(up) == 0 {
				return nil, fmt.Errorf("risk: calibration: no residuals")
			}
			jac = mat.NewDense(len(up), len(x), nil)
		}
		for i := range up {
			d := (up[i] - down[i]) / (2 * h)
			if math.IsNaN(d) || math.IsInf(d, 0) {
				return nil, fmt.Errorf("risk: calibration: the residuals are not finite near the fit (parameter %d): %w", j, ErrBadTarget)
			}
			jac.Set(i, j, d)
		}
	}
	return jac, nil
}

// levenbergMarquardt minimises |f(x)|² from x0 with at most maxEval
// evaluations of f: Gauss–Newton steps damped by λ·diag(JᵀJ) (Marquardt),
// the Jacobian from jf (counted as one evaluation) or, for nil, by forward
// differences. It returns the point, |f|² there, the evaluations used and
// a status; a non-finite |f|² counts as +Inf, so that a step into it is
// refused.
func levenbergMarquardt(f func([]float64) ([]float64, error), jf func([]float64) ([]float64, *mat.Dense, error), x0 []float64, maxEval int) ([]float64, float64, int, string, error) {
	n := len(x0)
	x := slices.Clone(x0)
	evals := 0
	norm := func(r []float64) float64 {
		var s float64
		for _, v := range r {
			s += v * v
		}
		if math.IsNaN(s) {
			return math.Inf(1)
		}
		return s
	}
	// With jf, every point is evaluated with its Jacobian, so that an
	// accepted step needs no further evaluation.
	eval := func(x []float64) ([]float64, *mat.Dense, error) {
		if jf != nil {
			return jf(x)
		}
		r, err := f(x)
		return r, nil, err
	}
	r, jx, err := eval(x)
	if err != nil {
		return x, 0, 1, "", err
	}
	evals++
	obj := norm(r)
	if math.IsInf(obj, 1) {
		return x, obj, evals, "not finite at the start", nil
	}
	lambda := 1e-3
	var jac *mat.Dense // jx with jf, else forward differences made here
	if jf == nil {
		jac = mat.NewDense(len(r), n, nil)
	}
	xp := make([]float64, n)
	for (jf != nil && evals+1 <= maxEval) || evals+n+1 <= maxEval {
		finite := true
		if jf != nil {
			jac = jx
			for _, d := range jac.RawMatrix().Data {
				if math.IsNaN(d) || math.IsInf(d, 0) {
					finite = false
				}
			}
		} else {
			// Forward differences.
			for j := range n {
				h := 1e-6 * math.Max(1, math.Abs(x[j]))
				copy(xp, x)
				xp[j] += h
				rj, err := f(xp)
				evals++
				if err != nil {
					return x, obj, evals, "", err
				}
				for i := range r {
					d := (rj[i] - r[i]) / h
					if math.IsNaN(d) || math.IsInf(d, 0) {
						finite, d = false, 0
					}
					jac.Set(i, j, d)
				}
			}
		}
		if !finite {
			return x, obj, evals, "derivatives not finite", nil
		}
		var a mat.Dense
		a.Mul(jac.T(), jac)
		g := mat.NewVecDense(n, nil)
		g.MulVec(jac.T(), mat.NewVecDense(len(r), r))
		var gmax float64
		for j := range n {
			gmax = math.Max(gmax, math.Abs(g.AtVec(j)))
		}
		if gmax < 1e-12 {
			return x, obj, evals, "gradient converged", nil
		}
		stepped := false
		for evals < maxEval {
			var damped mat.Dense
			damped.CloneFrom(&a)
			for j := range n {
				damped.Set(j, j, a.At(j, j)*(1+lambda)+1e-12)
			}
			var delta mat.VecDense
			if err := delta.SolveVec(&damped, g); err != nil {
				lambda *= 10
				if lambda > 1e12 {
					return x, obj, evals, "singular system", nil
				}
				continue
			}
			for j := range n {
				xp[j] = x[j] - delta.AtVec(j)
			}
			rn, jn, err := eval(xp)
			evals++
			if err != nil {
				return x, obj, evals, "", err
			}
			if on := norm(rn); on < obj {
				dec := obj - on
				copy(x, xp)
				r, obj, jx = rn, on, jn
				lambda = math.Max(lambda/3, 1e-9)
				stepped = true
				if dec <= 1e-12+1e-9*obj {
					return x, obj, evals, "objective converged", nil
				}
				break
			}
			lambda *= 4
			if lambda > 1e12 {
				return x, obj, evals, "no descent step", nil
			}
		}
		if !stepped {
			break
		}
	}
	return x, obj, evals, "evaluation limit", nil
}

// residuals returns the residual vector of the objective: share residuals
// and √w times the relative kg residuals.
func residuals(rows []FitRow, w float64) []float64 {
	r := make([]float64, len(rows))
	for i, row := range rows {
		if row.Kind == "kg" {
			r[i] = math.Sqrt(w) * row.Residual / row.Observed
		} else {
			r[i] = row.Residual
		}
	}
	return r
}

// residualJacobian returns the Jacobian of the residuals (those of
// residuals, then n priors of weight priorW) given the seizures kg and
// their derivatives dkg (entries × n), a country's (of a commodity) at
// at(country, commodity), −1 for none: a share is kg_c/Σkg over the
// target's share countries, a kg residual √w·kg_c/obs.
func residualJacobian(t *Target, at func(country, commodity string) int, kg, dkg []float64, n int, priorW float64) *mat.Dense {
	jac := mat.NewDense(len(t.Shares)+len(t.Kg)+n, n, nil)
	row := func(country, commodity string) ([]float64, float64) {
		if i := at(country, commodity); i >= 0 {
			return dkg[i*n : (i+1)*n], kg[i]
		}
		return nil, 0
	}
	var sum float64
	dsum := make([]float64, n)
	for _, o := range t.Shares {
		d, v := row(o.Country, "")
		sum += v
		for j := range d {
			dsum[j] += d[j]
		}
	}
	for i, o := range t.Shares {
		d, v := row(o.Country, "")
		if !(sum > 0) {
			continue
		}
		for j := range n {
			var dj float64
			if d != nil {
				dj = d[j]
			}
			jac.Set(i, j, (dj-v/sum*dsum[j])/sum)
		}
	}
	w := math.Sqrt(t.kgWeight())
	for i, o := range t.Kg {
		d, _ := row(o.Country, o.Commodity)
		for j := range d {
			jac.Set(len(t.Shares)+i, j, w*d[j]/o.Kg)
		}
	}
	for j := range n {
		jac.Set(len(t.Shares)+len(t.Kg)+j, j, priorW)
	}
	return jac
}
