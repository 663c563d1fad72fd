package plan

import "math"

// pseudoCosts keeps, per upgrade and direction, the mean fall of the node
// bound per unit of LP value moved when branching on it (pseudo-costs,
// Bénichou et al. 1971), to choose the branching upgrade.
type pseudoCosts struct {
	sum [2][]float64 // [0] down (fixed at 0), [1] up (fixed at 1)
	n   [2][]int
	all [2]float64 // sums over every record, for upgrades never branched on
	cnt [2]int
}

func newPseudoCosts(nu int) *pseudoCosts {
	p := &pseudoCosts{}
	for d := range p.sum {
		p.sum[d] = make([]float64, nu)
		p.n[d] = make([]int, nu)
	}
	return p
}

// record adds the fall of the bound after branching on u in direction up
// with the LP value moved by dist.
func (p *pseudoCosts) record(u int, up bool, dist, fall float64) {
	if !(dist > 1e-9) || math.IsInf(fall, 0) || math.IsNaN(fall) {
		return
	}
	d := 0
	if up {
		d = 1
	}
	per := math.Max(fall, 0) / dist
	p.sum[d][u] += per
	p.n[d][u]++
	p.all[d] += per
	p.cnt[d]++
}

// estimate returns the pseudo-cost of u in direction d: its mean, or the
// mean over all upgrades when u has none, or 1 before any record.
func (p *pseudoCosts) estimate(u, d int) float64 {
	if p.n[d][u] > 0 {
		return p.sum[d][u] / float64(p.n[d][u])
	}
	if p.cnt[d] > 0 {
		return p.all[d] / float64(p.cnt[d])
	}
	return 1
}

// choose returns the index k into cols among fracs (the fractional LP
// values x[k]) with the largest product score of the two estimated falls;
// ties go to the lowest upgrade index, as fracs ascend.
func (p *pseudoCosts) choose(cols []int, x []float64, fracs []int) int {
	best, bestScore := fracs[0], math.Inf(-1)
	for _, k := range fracs {
		if s := p.score(cols[k], x[k]); s > bestScore*(1+1e-12) {
			best, bestScore = k, s
		}
	}
	return best
}

// score returns the product of the estimated falls of the bound when
// branching on u at LP value x, each at least 1e-6.
func (p *pseudoCosts) score(u int, x float64) float64 {
	const eps = 1e-6
	down := math.Max(p.estimate(u, 0)*x, eps)
	up := math.Max(p.estimate(u, 1)*(1-x), eps)
	return down * up
}
