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
	s := &lmRun{f: f, jf: jf, maxEval: maxEval, x: slices.Clone(x0), lambda: 1e-3}
	r, jx, err := s.eval(s.x)
	if err != nil {
		return s.x, 0, 1, "", err
	}
	s.evals++
	s.r, s.jx, s.obj = r, jx, sumSquares(r)
	if math.IsInf(s.obj, 1) {
		return s.x, s.obj, s.evals, "not finite at the start", nil
	}
	if jf == nil {
		s.jac = mat.NewDense(len(r), n, nil)
	}
	s.xp = make([]float64, n)
	for (jf != nil && s.evals+1 <= maxEval) || s.evals+n+1 <= maxEval {
		finite, err := s.derivatives()
		if err != nil {
			return s.x, s.obj, s.evals, "", err
		}
		if !finite {
			return s.x, s.obj, s.evals, "derivatives not finite", nil
		}
		var a mat.Dense
		a.Mul(s.jac.T(), s.jac)
		g := mat.NewVecDense(n, nil)
		g.MulVec(s.jac.T(), mat.NewVecDense(len(s.r), s.r))
		var gmax float64
		for j := range n {
			gmax = math.Max(gmax, math.Abs(g.AtVec(j)))
		}
		if gmax < 1e-12 {
			return s.x, s.obj, s.evals, "gradient converged", nil
		}
		stepped, status, err := s.step(&a, g)
		if err != nil || status != "" {
			return s.x, s.obj, s.evals, status, err
		}
		if !stepped {
			break
		}
	}
	return s.x, s.obj, s.evals, "evaluation limit", nil
}

// An lmRun is the state of one run of levenbergMarquardt.
type lmRun struct {
	f       func([]float64) ([]float64, error)
	jf      func([]float64) ([]float64, *mat.Dense, error)
	maxEval int
	evals   int        // evaluations so far
	x, r    []float64  // the point and its residuals
	obj     float64    // |r|²
	jx      *mat.Dense // the Jacobian at x from jf
	jac     *mat.Dense // jx with jf, else forward differences made here
	lambda  float64    // the damping λ
	xp      []float64  // the trial point
}

// eval returns the residuals at x and, with jf, their Jacobian: with jf,
// every point is evaluated with its Jacobian, so that an accepted step
// needs no further evaluation.
func (s *lmRun) eval(x []float64) ([]float64, *mat.Dense, error) {
	if s.jf != nil {
		return s.jf(x)
	}
	r, err := s.f(x)
	return r, nil, err
}

// derivatives sets jac to the Jacobian at x (jx with jf, else forward
// differences, one evaluation per parameter) and reports whether it is
// finite.
func (s *lmRun) derivatives() (bool, error) {
	finite := true
	if s.jf != nil {
		s.jac = s.jx
		for _, d := range s.jac.RawMatrix().Data {
			if math.IsNaN(d) || math.IsInf(d, 0) {
				finite = false
			}
		}
		return finite, nil
	}
	for j := range s.x {
		h := 1e-6 * math.Max(1, math.Abs(s.x[j]))
		copy(s.xp, s.x)
		s.xp[j] += h
		rj, err := s.f(s.xp)
		s.evals++
		if err != nil {
			return false, err
		}
		for i := range s.r {
			d := (rj[i] - s.r[i]) / h
			if math.IsNaN(d) || math.IsInf(d, 0) {
				finite, d = false, 0
			}
			s.jac.Set(i, j, d)
		}
	}
	return finite, nil
}

// step solves (a + λ·diag(a))·δ = g, a = JᵀJ and g = Jᵀr, raising λ until
// x − δ lowers |r|², and moves there. It reports whether it moved, and a
// status where the run ends (converged, or no step found).
func (s *lmRun) step(a *mat.Dense, g *mat.VecDense) (bool, string, error) {
	n := len(s.x)
	for s.evals < s.maxEval {
		var damped mat.Dense
		damped.CloneFrom(a)
		for j := range n {
			damped.Set(j, j, a.At(j, j)*(1+s.lambda)+1e-12)
		}
		var delta mat.VecDense
		if err := delta.SolveVec(&damped, g); err != nil {
			s.lambda *= 10
			if s.lambda > 1e12 {
				return false, "singular system", nil
			}
			continue
		}
		for j := range n {
			s.xp[j] = s.x[j] - delta.AtVec(j)
		}
		rn, jn, err := s.eval(s.xp)
		s.evals++
		if err != nil {
			return false, "", err
		}
		if on := sumSquares(rn); on < s.obj {
			dec := s.obj - on
			copy(s.x, s.xp)
			s.r, s.obj, s.jx = rn, on, jn
			s.lambda = math.Max(s.lambda/3, 1e-9)
			if dec <= 1e-12+1e-9*s.obj {
				return true, "objective converged", nil
			}
			return true, "", nil
		}
		s.lambda *= 4
		if s.lambda > 1e12 {
			return false, "no descent step", nil
		}
	}
	return false, "", nil
}

// sumSquares returns |r|², +Inf where it is NaN.
func sumSquares(r []float64) float64 {
	var s float64
	for _, v := range r {
		s += v * v
	}
	if math.IsNaN(s) {
		return math.Inf(1)
	}
	return s
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
