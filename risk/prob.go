package risk

import "math"

// A Prob is a probability: a number in [0,1].
type Prob float64

// Valid reports whether p is a probability: finite and in [0,1].
func (p Prob) Valid() bool { return p >= 0 && p <= 1 }

// Weight returns −ln(1−p), the additive weight of an edge interdicted with
// probability p: the weights of a route add up to −ln of its evasion
// probability. It is +Inf for p = 1.
func (p Prob) Weight() float64 { return -math.Log1p(-float64(p)) }

// ProbFromWeight returns the probability 1 − exp(−w) whose Weight is w.
func ProbFromWeight(w float64) Prob { return Prob(-math.Expm1(-w)) }

// Pow returns 1 − (1−p)^e: the probability of interdiction when the hazard
// behind p acts e times as strongly. It stays in [0,1] for every e ≥ 0.
func (p Prob) Pow(e float64) Prob {
	if e == 1 || p == 0 || p == 1 {
		return p
	}
	return ProbFromWeight(e * p.Weight())
}

// either returns 1 − Π(1 − p_i), the probability that at least one of
// independent detectors fires.
func either(ps ...Prob) Prob { return PathProb(ps) }

// PathProb returns the interdiction probability P(r) = 1 − Π(1 − p_e) of a
// route whose edges are interdicted independently with probabilities ps,
// computed stably as −expm1(Σ log1p(−p_e)).
func PathProb(ps []Prob) Prob {
	var s float64
	for _, p := range ps {
		if p >= 1 {
			return 1
		}
		s += math.Log1p(-float64(p))
	}
	return Prob(-math.Expm1(s))
}
