package risk

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// rosenbrock returns the residuals (10(y − x²), 1 − x), whose |r|² has its
// only minimum, 0, at (1, 1), and their Jacobian.
func rosenbrock(x []float64) ([]float64, *mat.Dense, error) {
	r := []float64{10 * (x[1] - x[0]*x[0]), 1 - x[0]}
	return r, mat.NewDense(2, 2, []float64{-20 * x[0], 10, -1, 0}), nil
}

// linearLSQ returns the residuals A·x − b of A = [1 0; 0 2; 1 1], b = (1, 2,
// 3): by the normal equations [2 1; 1 5]·x = (4, 7), x = (13/9, 10/9).
func linearLSQ(x []float64) ([]float64, error) {
	return []float64{x[0] - 1, 2*x[1] - 2, x[0] + x[1] - 3}, nil
}

func TestLevenbergMarquardt(t *testing.T) {
	rosenF := func(x []float64) ([]float64, error) {
		r, _, err := rosenbrock(x)
		return r, err
	}
	tests := []struct {
		name    string
		f       func([]float64) ([]float64, error)
		jf      func([]float64) ([]float64, *mat.Dense, error)
		x0      []float64
		want    []float64
		wantObj float64 // |r|² at want
	}{
		{"rosenbrock exact", rosenF, rosenbrock, []float64{-1.2, 1}, []float64{1, 1}, 0},
		{"rosenbrock differences", rosenF, nil, []float64{-1.2, 1}, []float64{1, 1}, 0},
		// r at (13/9, 10/9) is (4/9, 2/9, −4/9): |r|² = 36/81.
		{"linear differences", linearLSQ, nil, []float64{0, 0}, []float64{13.0 / 9, 10.0 / 9}, 36.0 / 81},
	}
	const maxEval = 400
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			f := func(x []float64) ([]float64, error) { calls++; return tt.f(x) }
			var jf func([]float64) ([]float64, *mat.Dense, error)
			if tt.jf != nil {
				jf = func(x []float64) ([]float64, *mat.Dense, error) { calls++; return tt.jf(x) }
			}
			x, obj, evals, status, err := levenbergMarquardt(f, jf, tt.x0, maxEval)
			if err != nil {
				t.Fatal(err)
			}
			for i := range x {
				if math.Abs(x[i]-tt.want[i]) > 1e-5 {
					t.Errorf("x[%d] = %v, want %v (status %q)", i, x[i], tt.want[i], status)
				}
			}
			if math.Abs(obj-tt.wantObj) > 1e-9 {
				t.Errorf("objective %v, want %v", obj, tt.wantObj)
			}
			if evals != calls || evals > maxEval {
				t.Errorf("%d evaluations reported, %d made, want equal and ≤ %d", evals, calls, maxEval)
			}
			if status == "evaluation limit" {
				t.Errorf("status %q: want convergence", status)
			}
		})
	}
}

func TestLevenbergMarquardtEnds(t *testing.T) {
	stop := errors.New("stop")
	failSecond := func() func([]float64) ([]float64, error) {
		n := 0
		return func(x []float64) ([]float64, error) {
			if n++; n == 2 {
				return nil, stop
			}
			return linearLSQ(x)
		}
	}
	nan := func([]float64) ([]float64, error) { return []float64{math.NaN()}, nil }
	tests := []struct {
		name       string
		f          func([]float64) ([]float64, error)
		maxEval    int
		wantStatus string
		wantErr    error
		wantEvals  int
	}{
		// A step needs the start, 2 forward differences and the trial
		// point: 4 evaluations, more than 3.
		{"limit", linearLSQ, 3, "evaluation limit", nil, 1},
		{"error", failSecond(), 400, "", stop, 2},
		{"not finite", nan, 400, "not finite at the start", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, _, evals, status, err := levenbergMarquardt(tt.f, nil, []float64{0, 0}, tt.maxEval)
			if !errors.Is(err, tt.wantErr) || status != tt.wantStatus || evals != tt.wantEvals {
				t.Errorf("got status %q, error %v, %d evaluations; want %q, %v, %d", status, err, evals, tt.wantStatus, tt.wantErr, tt.wantEvals)
			}
			if x[0] != 0 || x[1] != 0 {
				t.Errorf("x = %v, want the start (0, 0): no step was taken", x)
			}
		})
	}
}
