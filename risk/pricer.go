package risk

import (
	"encoding/binary"
	"math"
	"slices"
	"sync"

	"github.com/routerisk/routerisk/route"
)

// sparsePricer prices only the edges a plan's routes use, for the many
// evaluations of calibration. Each route is cut into blocks after every
// border edge (the stretch inside one country and the border that ends
// it); routes share blocks, and a block's survival and seizures by country
// are computed once per evaluation, so a route costs a few block terms
// instead of one term per stage.
type sparsePricer struct {
	m      *Model
	b      float64
	slot   [][]int32 // per carrier, by edge ID: slot or −1
	edges  [][]int   // per carrier, by slot: edge ID
	start  [][]int32 // per carrier: stages of slot i are stages[start[i]:start[i+1]]
	stages [][]stage
	sw     [][]float64 // per carrier, by stage: −ln(1−p)

	blocks    []block
	routes    [][][]int32 // per pair, per route: its blocks
	factors   []float64   // distinct detection factors of the pairs
	factorIx  []int       // per pair: index in factors
	blockW    [][]float64 // per factor, by block: −ln survival
	blockS    [][]float64 // per factor, by block: survival exp(−blockW)
	seizeFrom [][]int32   // per factor, by block: first entry in seizeC/seizeP (len blocks+1)
	seizeC    [][]int32   // per factor: country of each entry
	seizeP    [][]float64 // per factor: seized share of the flow entering the block

	// By route of the plan, pair after pair (pair i's from first[i]):
	// hours, path-size factor and nest, for the logit.
	first     []int
	hours, ps []float64
	nest      []int32
	split     int           // pairs 0..split−1 (half the routes) are summed apart from the rest
	work      [2]pricerWork // the two parts' sums and buffers

	// tracked are the commodities (indices in Settings.Commodities) whose
	// seizures sum returns apart, after the totals; trackedAt is, per
	// commodity index, the start of its run of countries there, 0 for
	// none.
	tracked   []int
	trackedAt []int

	// For derivatives (grad, seizuresJac): the country whose parameters
	// set each slot's stages where it is not the stages' own (a ferry to
	// a port of a third country), and the derivatives by parameter.
	paramCountry [][]int32 // per carrier, by slot: country index or −1

	// used are the edges some carrier's routes use, ascending; shared
	// their scores under the settings of the last update, alike for every
	// carrier (see sharedScores).
	used   []int
	shared *sharedScores

	// By stage of each carrier (as sw), worked out once for every block
	// that holds the stage: pf, per factor other than 1, the stage's chance
	// for the factor (p.Pow(f)); dpf its derivative by p, f·(1−p)^(f−1);
	// el, for grad, the stage's elasticity for its parameters' country (0
	// for none).
	pf, dpf [][][]float64 // per factor, per carrier
	el      [][]float64   // per carrier
	dbw     [][]float64   // per factor: blocks × n, d(−ln survival)/dx
	dspp    [][]float64   // per factor: entries × n, d(seizeP)/dx
	dalive  [][]float64   // per factor: n, for grad
}

// A block is a run of consecutive slots of one carrier.
type block struct {
	carrier int
	slots   []int32
}

func newSparsePricer(m *Model, pl *plan) *sparsePricer {
	nc := len(m.carriers)
	sp := &sparsePricer{m: m, slot: make([][]int32, nc), edges: make([][]int, nc), start: make([][]int32, nc), stages: make([][]stage, nc),
		paramCountry: make([][]int32, nc)}
	for ci := range nc {
		sp.slot[ci] = make([]int32, len(m.edges))
		for e := range sp.slot[ci] {
			sp.slot[ci][e] = -1
		}
	}
	// Pairs of one carrier and places (commodities) share their routes:
	// owner is the first pair of each routes slice.
	sameRoutes := map[*Route]int{}
	owner := make([]int, len(pl.pairs))
	sp.routes = make([][][]int32, len(pl.pairs))
	sp.factorIx = make([]int, len(pl.pairs))
	byCarrier := true // the pairs come carrier by carrier
	for pi, p := range pl.pairs {
		k := slices.Index(sp.factors, p.factor)
		if k < 0 {
			k = len(sp.factors)
			sp.factors = append(sp.factors, p.factor)
		}
		sp.factorIx[pi] = k
		if pi > 0 && p.carrier < pl.pairs[pi-1].carrier {
			byCarrier = false
		}
		owner[pi] = pi
		if len(p.routes) > 0 {
			if j, ok := sameRoutes[&p.routes[0]]; ok {
				owner[pi] = j
				continue
			}
			sameRoutes[&p.routes[0]] = pi
		}
	}
	// The blocks of each carrier's run of pairs at the same time (a
	// carrier's slots are its own), numbered as one pass over the pairs
	// would: a run's after those of the runs before it.
	var runs [][]int // owners, by run
	for pi, p := range pl.pairs {
		if owner[pi] != pi {
			continue
		}
		if len(runs) == 0 || byCarrier && pl.pairs[runs[len(runs)-1][0]].carrier != p.carrier {
			runs = append(runs, nil)
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], pi)
	}
	blocks := make([][]block, len(runs))
	parallel(len(runs), func(r int) error {
		blocks[r] = sp.blockRoutes(pl, runs[r])
		return nil
	})
	for r, run := range runs {
		if base := int32(len(sp.blocks)); base > 0 {
			for _, pi := range run {
				for _, bs := range sp.routes[pi] {
					for i := range bs {
						bs[i] += base
					}
				}
			}
		}
		sp.blocks = append(sp.blocks, blocks[r]...)
	}
	for pi, j := range owner {
		sp.routes[pi] = sp.routes[j]
	}
	inUse := make([]bool, len(m.edges))
	for _, es := range sp.edges {
		for _, e := range es {
			inUse[e] = true
		}
	}
	for e, u := range inUse {
		if u {
			sp.used = append(sp.used, e)
		}
	}
	sp.first = make([]int, len(pl.pairs)+1)
	for pi, p := range pl.pairs {
		for _, r := range p.routes {
			sp.hours, sp.ps, sp.nest = append(sp.hours, r.Hours), append(sp.ps, r.PathSize), append(sp.nest, int32(r.nest))
		}
		sp.first[pi+1] = len(sp.hours)
	}
	// The first pair at or past half the routes.
	sp.split = len(pl.pairs)
	for pi := range pl.pairs {
		if sp.first[pi] >= (len(sp.hours)+1)/2 {
			sp.split = pi
			break
		}
	}
	nf := len(sp.factors)
	sp.sw = make([][]float64, nc)
	sp.blockW, sp.blockS, sp.seizeFrom = make([][]float64, nf), make([][]float64, nf), make([][]int32, nf)
	sp.seizeC, sp.seizeP = make([][]int32, nf), make([][]float64, nf)
	return sp
}

// blockRoutes sets sp.routes of the pairs given (each the first of its
// routes slice) to their routes' blocks, numbered from 0 in the order
// met, and returns the blocks; it adds the edges it meets to sp.edges,
// sp.slot and sp.paramCountry of their carriers.
func (sp *sparsePricer) blockRoutes(pl *plan, pairs []int) []block {
	var blocks []block
	blockOf := map[string]int32{}
	var key []byte
	var curBuf []int32
	for _, pi := range pairs {
		p := &pl.pairs[pi]
		slot := sp.slot[p.carrier]
		sp.routes[pi] = make([][]int32, len(p.routes))
		for ri, r := range p.routes {
			var bs []int32
			cur := curBuf[:0]
			flush := func() {
				if len(cur) == 0 {
					return
				}
				key = binary.LittleEndian.AppendUint32(key[:0], uint32(p.carrier))
				for _, sl := range cur {
					key = binary.LittleEndian.AppendUint32(key, uint32(sl))
				}
				b, ok := blockOf[string(key)]
				if !ok {
					b = int32(len(blocks))
					blockOf[string(key)] = b
					blocks = append(blocks, block{carrier: p.carrier, slots: slices.Clone(cur)})
				}
				bs = append(bs, b)
				curBuf, cur = cur, cur[:0]
			}
			for _, e := range r.Path.Edges {
				if slot[e] < 0 {
					slot[e] = int32(len(sp.edges[p.carrier]))
					sp.edges[p.carrier] = append(sp.edges[p.carrier], e)
					sp.paramCountry[p.carrier] = append(sp.paramCountry[p.carrier], sp.m.paramCountry(e))
				}
				cur = append(cur, slot[e])
				if sp.m.meta[e].border {
					flush()
				}
			}
			flush()
			sp.routes[pi][ri] = bs
		}
	}
	return blocks
}

// clone returns a pricer of the same plan that shares sp's blocks and
// routes (never changed after newSparsePricer and track) and has its own
// prices and sums, so that the two can be used at the same time.
func (sp *sparsePricer) clone() *sparsePricer {
	c := *sp
	nc, nf := len(sp.m.carriers), len(sp.factors)
	c.start, c.stages, c.sw = make([][]int32, nc), make([][]stage, nc), make([][]float64, nc)
	c.blockW, c.blockS, c.seizeFrom = make([][]float64, nf), make([][]float64, nf), make([][]int32, nf)
	c.seizeC, c.seizeP = make([][]int32, nf), make([][]float64, nf)
	c.dbw, c.dspp, c.dalive = nil, nil, nil
	c.shared, c.pf, c.dpf, c.el = nil, nil, nil, nil
	c.work = [2]pricerWork{}
	return &c
}

// seizures returns the expected seizures in kg by country index of the
// plan priced by the last update under s: what assign computes, without the
// flows per edge and route, for the many evaluations of calibration. After
// the countries come those of each tracked commodity (see kgIndex).
func (sp *sparsePricer) seizures(pl *plan, s *Settings) []float64 {
	kg, _ := sp.sum(pl, s, nil)
	return kg
}

// track makes seizures and seizuresJac also return the seizures by country
// of the given commodities (indices in Settings.Commodities), each in a run
// of as many entries as countries after the totals, in the order given.
func (sp *sparsePricer) track(commodities []int) {
	sp.tracked = slices.Clone(commodities)
	sp.trackedAt = nil
	nc := len(sp.m.countries)
	for i, k := range commodities {
		if k >= len(sp.trackedAt) {
			sp.trackedAt = append(sp.trackedAt, make([]int, k+1-len(sp.trackedAt))...)
		}
		sp.trackedAt[k] = (i + 1) * nc
	}
}

// kgIndex returns the index in what seizures returns of country c's
// seizures of commodity k (−1: every commodity together), or −1 where k is
// not tracked.
func (sp *sparsePricer) kgIndex(c, k int) int {
	switch {
	case k < 0:
		return c
	case k < len(sp.trackedAt) && sp.trackedAt[k] > 0:
		return sp.trackedAt[k] + c
	}
	return -1
}

// update prices the used edges and the blocks under s.
func (sp *sparsePricer) update(s *Settings) error {
	sp.b = s.Beta
	// The scores shared by the carriers, then the carriers, then the
	// factors, each apart and at the same time.
	if sp.shared == nil {
		sp.shared = sp.m.newSharedScores(len(sp.m.edges))
	}
	if sp.pf == nil {
		nc := len(sp.m.carriers)
		sp.pf, sp.dpf = make([][][]float64, len(sp.factors)), make([][][]float64, len(sp.factors))
		for k := range sp.factors {
			sp.pf[k], sp.dpf[k] = make([][]float64, nc), make([][]float64, nc)
		}
	}
	sh := sp.shared
	if !sh.fill(sp.m, s, sp.m.carriers, sp.used) {
		sh = nil // an error: each carrier finds its own, as without
	}
	errs := parallel(len(sp.m.carriers), func(ci int) error {
		t := sp.m.carriers[ci]
		st := sp.stages[ci][:0]
		start := append(sp.start[ci][:0], 0)
		for _, e := range sp.edges[ci] {
			var err error
			st, _, err = sp.m.edgeStages(s, t, e, st, sh)
			if err != nil {
				return err
			}
			start = append(start, int32(len(st)))
		}
		sp.stages[ci], sp.start[ci] = st, start
		sw := sp.sw[ci][:0]
		for _, x := range st {
			sw = append(sw, x.p.Weight())
		}
		sp.sw[ci] = sw
		for k, f := range sp.factors {
			if f == 1 {
				continue
			}
			pf, dpf := sp.pf[k][ci][:0], sp.dpf[k][ci][:0]
			for i, x := range st {
				pf = append(pf, float64(powWeight(x.p, f, sw[i])))
				dpf = append(dpf, f*math.Pow(1-float64(x.p), f-1))
			}
			sp.pf[k][ci], sp.dpf[k][ci] = pf, dpf
		}
		return nil
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	parallel(len(sp.factors), func(k int) error {
		sp.updateFactor(k)
		return nil
	})
	return nil
}

// updateFactor prices the blocks for the k-th detection factor, after
// update has priced the stages.
func (sp *sparsePricer) updateFactor(k int) {
	f := sp.factors[k]
	bw, from := sp.blockW[k][:0], append(sp.seizeFrom[k][:0], 0)
	sc, spp := sp.seizeC[k][:0], sp.seizeP[k][:0]
	for _, b := range sp.blocks {
		start, stages, sw := sp.start[b.carrier], sp.stages[b.carrier], sp.sw[b.carrier]
		alive, w := 1.0, 0.0
		first := len(sc)
		var pfs []float64
		if f != 1 {
			pfs = sp.pf[k][b.carrier]
		}
		for _, sl := range b.slots {
			for i, st := range stages[start[sl]:start[sl+1]] {
				p := st.p
				if f != 1 {
					p = Prob(pfs[int(start[sl])+i])
				}
				if n := len(sc); n > first && sc[n-1] == st.country {
					spp[n-1] += alive * float64(p)
				} else {
					sc, spp = append(sc, st.country), append(spp, alive*float64(p))
				}
				alive -= alive * float64(p)
				w += f * sw[int(start[sl])+i]
			}
		}
		bw = append(bw, w)
		from = append(from, int32(len(sc)))
	}
	sp.blockW[k], sp.seizeFrom[k], sp.seizeC[k], sp.seizeP[k] = bw, from, sc, spp
	surv := sp.blockS[k][:0]
	for _, w := range bw {
		surv = append(surv, math.Exp(-w))
	}
	sp.blockS[k] = surv
}

func (sp *sparsePricer) stagesOf(ci, e int) []stage {
	i := sp.slot[ci][e]
	return sp.stages[ci][sp.start[ci][i]:sp.start[ci][i+1]]
}

func (sp *sparsePricer) weightsOf(ci, e int) []float64 {
	i := sp.slot[ci][e]
	return sp.sw[ci][sp.start[ci][i]:sp.start[ci][i+1]]
}

func (sp *sparsePricer) beta() float64 { return sp.b }

// paramCountry returns the index of the country whose parameters set the
// stages of edge e where that is not the stages' own country, −1 where it
// is: a ferry to a port outside its crossing's pair is scored as entering
// the pair's first country (see edgeStages).
func (m *Model) paramCountry(e int) int32 {
	ed := &m.edges[e]
	if ed.kind != route.EdgeFerry || ed.feature == "" {
		return -1
	}
	x := m.crossings[ed.feature]
	if ed.country2 == x.A || ed.country2 == x.B {
		return -1
	}
	return m.index(x.A)
}

// A paramMap tells which fitted parameters scale which stages: the
// optimizer's variable of each is the log of a factor on the exponent of
// the stages' hazards (Intensity, BorderIntensity, InlandIntensity or
// HazardPerKm of one country).
type paramMap struct {
	n         int
	of        [][4][]int32 // by country index, by StageKind: the parameters
	scale     []float64    // per parameter: d ln(factor)/dx, 0 where clamped
	protected []float64    // by country index: the protected share π
}

// A fitParam is one fitted parameter: a country's parameter of one kind.
type fitParam struct {
	country string
	kind    ParamKind
}

// newParamMap returns the paramMap of ps, known countries of m each, with
// scales and protected shares 0 for the caller to set.
func (m *Model) newParamMap(ps []fitParam) *paramMap {
	pm := &paramMap{n: len(ps), of: make([][4][]int32, len(m.countries)),
		scale: make([]float64, len(ps)), protected: make([]float64, len(m.countries))}
	for j, p := range ps {
		c := m.index(p.country)
		for k := range StageKind(4) {
			if scales(p.kind, k) {
				pm.of[c][k] = append(pm.of[c][k], int32(j))
			}
		}
	}
	return pm
}

// elasticity returns dp/d ln(e) of a stage p = (1 − π)(1 − exp(−e·L)):
// (1 − π − p)·e·L, with e·L = −ln(1 − p/(1 − π)); 0 where p is 0 or
// 1 − π.
func elasticity(p Prob, protected float64) float64 {
	keep := 1 - protected
	if !(keep > 0) || p <= 0 || float64(p) >= keep {
		return 0
	}
	return (keep - float64(p)) * -math.Log1p(-float64(p)/keep)
}

// grad sets, after update, the derivatives of every block's weight and
// seizure entries with respect to the parameters of pm: along a block,
// the survival before each stage and its derivative are carried forward.
func (sp *sparsePricer) grad(pm *paramMap) {
	if len(sp.dbw) < len(sp.factors) {
		sp.dbw, sp.dspp = make([][]float64, len(sp.factors)), make([][]float64, len(sp.factors))
	}
	if len(sp.dalive) < len(sp.factors) {
		sp.dalive = make([][]float64, len(sp.factors))
	}
	if sp.el == nil {
		sp.el = make([][]float64, len(sp.m.carriers))
	}
	parallel(len(sp.m.carriers), func(ci int) error {
		start, stages, pcs := sp.start[ci], sp.stages[ci], sp.paramCountry[ci]
		el := sp.el[ci][:0]
		for sl := range len(start) - 1 {
			for _, st := range stages[start[sl]:start[sl+1]] {
				pc := st.country
				if pcs[sl] >= 0 {
					pc = pcs[sl]
				}
				var g float64
				if pc >= 0 {
					g = elasticity(st.p, pm.protected[pc])
				}
				el = append(el, g)
			}
		}
		sp.el[ci] = el
		return nil
	})
	parallel(len(sp.factors), func(k int) error {
		sp.gradFactor(pm, k)
		return nil
	})
}

// gradFactor is grad for the k-th detection factor.
func (sp *sparsePricer) gradFactor(pm *paramMap, k int) {
	n := pm.n
	sp.dalive[k] = grow(sp.dalive[k], n)
	dalive := sp.dalive[k]
	f := sp.factors[k]
	sc := sp.seizeC[k]
	dbw := grow(sp.dbw[k], len(sp.blocks)*n)
	dspp := grow(sp.dspp[k], len(sc)*n)
	sp.dbw[k], sp.dspp[k] = dbw, dspp
	for bi, b := range sp.blocks {
		start, stages, pcs, el := sp.start[b.carrier], sp.stages[b.carrier], sp.paramCountry[b.carrier], sp.el[b.carrier]
		var pfs, dpfs []float64
		if f != 1 {
			pfs, dpfs = sp.pf[k][b.carrier], sp.dpf[k][b.carrier]
		}
		first := sp.seizeFrom[k][bi]
		cur := first - 1
		alive := 1.0
		clear(dalive)
		db := dbw[bi*n : (bi+1)*n]
		for _, sl := range b.slots {
			for i, st := range stages[start[sl]:start[sl+1]] {
				if cur < first || sc[cur] != st.country {
					cur++
				}
				pc := st.country
				if pcs[sl] >= 0 {
					pc = pcs[sl]
				}
				at := int(start[sl]) + i
				p, pf, dpf := st.p, st.p, 1.0 // pf: p for the commodity, dpf: dpf/dp
				if f != 1 {
					pf, dpf = Prob(pfs[at]), dpfs[at]
				}
				ds := dspp[int(cur)*n : int(cur+1)*n]
				for j := range n {
					ds[j] += dalive[j] * float64(pf)
					dalive[j] *= 1 - float64(pf)
				}
				g := el[at]
				if g != 0 && p < 1 {
					for _, j := range pm.of[pc][st.kind] {
						dp := g * pm.scale[j]
						ds[j] += alive * dpf * dp
						dalive[j] -= alive * dpf * dp
						db[j] += f * dp / (1 - float64(p))
					}
				}
				alive -= alive * float64(pf)
			}
		}
	}
}

// grow returns s resized to n and cleared, reusing its array.
func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		s = make([]float64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// seizuresJac returns what seizures does and, entries × pm.n, the
// derivatives of every entry (country, then tracked commodity by country) with respect to the parameters
// (after update and grad): the chain rule through the routes' costs, the
// nested path-size logit and the survival along every route.
func (sp *sparsePricer) seizuresJac(pl *plan, s *Settings, pm *paramMap) ([]float64, []float64) {
	return sp.sum(pl, s, pm)
}

// A pricerWork holds one part's sums and buffers of sparsePricer.sum.
type pricerWork struct {
	kg, dkg                         []float64
	cost, share, dcost, dsh, dalive []float64
	// flow and dflow are, by class (see sumPairs) and block, the flow
	// that enters the block and its derivatives (blocks × n).
	flow, dflow []float64
	used        []bool // by class: some pair of the class carries flow
}

// sum returns the seizures by country, then those of the tracked
// commodities, and, with pm, their derivatives (entries × pm.n). The pairs are summed in two parts fixed by the plan
// (half the routes each), at the same time, and the parts added: the
// figures do not depend on the number of processors.
func (sp *sparsePricer) sum(pl *plan, s *Settings, pm *paramMap) ([]float64, []float64) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sp.sumPairs(pl, s, pm, sp.split, len(pl.pairs), &sp.work[1])
	}()
	sp.sumPairs(pl, s, pm, 0, sp.split, &sp.work[0])
	wg.Wait()
	a, b := &sp.work[0], &sp.work[1]
	for i := range a.kg {
		a.kg[i] += b.kg[i]
	}
	for i := range a.dkg {
		a.dkg[i] += b.dkg[i]
	}
	return a.kg, a.dkg
}

// sumPairs sets w's sums to the seizures of pairs lo..hi−1 and, with pm,
// their derivatives. Routes share blocks (about 60 routes a block on the
// Northern Route), so it first adds up the flow entering each block (and
// its derivatives) by class, the detection factor and tracked commodity
// of the pairs, and then turns each block's flow into seizures once.
func (sp *sparsePricer) sumPairs(pl *plan, s *Settings, pm *paramMap, lo, hi int, w *pricerWork) {
	n := 0
	if pm != nil {
		n = pm.n
	}
	nc, nb, nt := len(sp.m.countries), len(sp.blocks), 1+len(sp.tracked)
	classes := len(sp.factors) * nt
	w.kg = grow(w.kg, nc*nt)
	w.dkg = grow(w.dkg, nc*nt*n)
	w.dalive = grow(w.dalive, n)
	w.flow = grow(w.flow, classes*nb)
	w.dflow = grow(w.dflow, classes*nb*n)
	w.used = slices.Grow(w.used[:0], classes)[:classes]
	clear(w.used)
	dalive := w.dalive
	theta, lambda := s.Theta, s.NestScale
	for pi := lo; pi < hi; pi++ {
		p := &pl.pairs[pi]
		k := sp.factorIx[pi]
		cls := k * nt // the class: the factor, then the tracked commodity
		if p.commodity >= 0 && p.commodity < len(sp.trackedAt) {
			cls += sp.trackedAt[p.commodity] / nc
		}
		bw, bs := sp.blockW[k], sp.blockS[k]
		var dbw []float64
		if n > 0 {
			dbw = sp.dbw[k]
		}
		r0, nr := sp.first[pi], len(sp.routes[pi])
		hours, ps, nest := sp.hours[r0:r0+nr], sp.ps[r0:r0+nr], sp.nest[r0:r0+nr]
		w.cost, w.share = grow(w.cost, nr), grow(w.share, nr)
		w.dcost = grow(w.dcost, nr*n)
		for ri, blocks := range sp.routes[pi] {
			var cost float64
			dc := w.dcost[ri*n : (ri+1)*n]
			for _, b := range blocks {
				cost += bw[b]
				db := dbw[int(b)*n : int(b+1)*n]
				dc := dc[:len(db)]
				for j := range db {
					dc[j] += db[j]
				}
			}
			w.cost[ri] = cost + sp.b*hours[ri]
		}
		shares(w.cost, ps, nest, w.share, theta, lambda)
		if n > 0 {
			w.dsh = grow(w.dsh, nr*n)
			logitSharesGrad(w.cost, w.share, nest, theta, lambda, w.dcost, w.dsh, n)
		}
		flow := w.flow[cls*nb : (cls+1)*nb]
		dflow := w.dflow[cls*nb*n : (cls+1)*nb*n]
		for ri, blocks := range sp.routes[pi] {
			alive := 1000 * p.tonnes * w.share[ri]
			if alive == 0 {
				continue
			}
			w.used[cls] = true
			if n == 0 {
				for _, b := range blocks {
					flow[b] += alive
					alive *= bs[b]
				}
				continue
			}
			for j, d := range w.dsh[ri*n : (ri+1)*n] {
				dalive[j] = 1000 * p.tonnes * d
			}
			for _, b := range blocks {
				flow[b] += alive
				// The flow's derivatives enter the block, then leave it
				// with its survival's: one pass over the n of each.
				db := dbw[int(b)*n : int(b+1)*n]
				df, da := dflow[int(b)*n : int(b+1)*n][:len(db)], dalive[:len(db)]
				surv := bs[b]
				for j := range db {
					df[j] += da[j]
					da[j] = surv * (da[j] - alive*db[j])
				}
				alive *= surv
			}
		}
	}
	// The seizures of each block: the flow entering it times the seized
	// share of each of its entries.
	seized, dkg := w.kg, w.dkg
	for cls, used := range w.used {
		if !used {
			continue
		}
		k, at := cls/nt, (cls%nt)*nc
		from, sc, spp := sp.seizeFrom[k], sp.seizeC[k], sp.seizeP[k]
		var dspp []float64
		if n > 0 {
			dspp = sp.dspp[k]
		}
		flow := w.flow[cls*nb : (cls+1)*nb]
		dflow := w.dflow[cls*nb*n : (cls+1)*nb*n]
		for b, f := range flow {
			df := dflow[b*n : (b+1)*n]
			for e := from[b]; e < from[b+1]; e++ {
				c := int(sc[e])
				seized[c] += f * spp[e]
				if at > 0 {
					seized[at+c] += f * spp[e]
				}
				if n == 0 {
					continue
				}
				dk, ds := dkg[c*n:(c+1)*n], dspp[int(e)*n:int(e+1)*n]
				for j := range n {
					dk[j] += df[j]*spp[e] + f*ds[j]
				}
				if at > 0 {
					dk := dkg[(at+c)*n : (at+c+1)*n]
					for j := range n {
						dk[j] += df[j]*spp[e] + f*ds[j]
					}
				}
			}
		}
	}
}

// logitSharesGrad sets dsh (routes × n) to the derivatives of the shares
// that shares gave routes of the given costs and nests with respect to n
// parameters, given the derivatives of the costs dcost (routes × n). With v_i = PS_i·exp(−θ·c_i/λ),
// S_n the sum over nest n and P_n = S_n^λ/Σ_m S_m^λ, share_i =
// (v_i/S_n)·P_n and d share_i = share_i·(d ln v_i + (λ−1)·d ln S_n −
// λ·Σ_m P_m·d ln S_m), d ln S_n the conditional shares' mean of d ln v_i.
func logitSharesGrad(cost, share []float64, nest []int32, theta, lambda float64, dcost, dsh []float64, n int) {
	if lambda == 0 {
		lambda = 1
	}
	clear(dsh)
	nests := 0
	minCost := math.Inf(1)
	for i, c := range cost {
		nests = max(nests, int(nest[i])+1)
		minCost = min(minCost, c)
	}
	if math.IsInf(minCost, 0) || math.IsNaN(minCost) {
		return // the shares are equal by default, not by cost
	}
	var buf [16 * 8]float64
	var pbuf [16]float64
	dlS, pn := buf[:0], pbuf[:0]
	if nests*n > len(buf) {
		dlS = make([]float64, 0, nests*n)
	}
	if nests > len(pbuf) {
		pn = make([]float64, 0, nests)
	}
	dlS, pn = dlS[:nests*n], pn[:nests]
	clear(dlS)
	clear(pn)
	for i, sh := range share {
		pn[nest[i]] += sh
	}
	// d ln S_n = Σ_{i∈n} (share_i/P_n)·d ln v_i, d ln v_i = −θ/λ·dc_i.
	a := -theta / lambda
	for i, sh := range share {
		if sh == 0 {
			continue
		}
		k := int(nest[i])
		w := sh / pn[k] * a
		d := dlS[k*n : (k+1)*n]
		for j, dc := range dcost[i*n : (i+1)*n] {
			d[j] += w * dc
		}
	}
	var mean [8]float64
	mn := mean[:0]
	if n > len(mean) {
		mn = make([]float64, 0, n)
	}
	mn = mn[:n]
	clear(mn)
	for k := range nests {
		for j := range n {
			mn[j] += pn[k] * dlS[k*n+j]
		}
	}
	for i, sh := range share {
		if sh == 0 {
			continue
		}
		k := int(nest[i])
		d := dlS[k*n : (k+1)*n]
		out := dsh[i*n : (i+1)*n]
		for j, dc := range dcost[i*n : (i+1)*n] {
			out[j] = sh * (a*dc + (lambda-1)*d[j] - lambda*mn[j])
		}
	}
}

// powWeight returns p.Pow(e) given w, p's Weight, without working it out
// again.
func powWeight(p Prob, e, w float64) Prob {
	if e == 1 || p == 0 || p == 1 {
		return p
	}
	return ProbFromWeight(e * w)
}
