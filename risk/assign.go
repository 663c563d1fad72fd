package risk

import (
	"cmp"
	"math"
	"slices"
	"sync"
)

// Run chooses the smugglers' routes (the choice set of every carrier
// between every origin and destination by the model's weights, see
// Settings.Choice and K), shares the flow over them and computes the
// expected seizures. The flow is split over carriers by their shares, over
// pairs by the product of the places' weights, and within a pair by the
// path-size logit.
func (m *Model) Run() (*Result, error) {
	pl, err := m.plan()
	if err != nil {
		return nil, err
	}
	return m.assign(pl, m, &m.settings), nil
}

// assign prices the plan's routes with pr, shares each pair's flow and
// computes flows and seizures.
func (m *Model) assign(pl *plan, pr pricer, s *Settings) *Result {
	nc := len(m.countries)
	res := &Result{
		Settings:       s.Clone(),
		EdgeTonnes:     make([]float64, len(m.edges)),
		EdgeSeizedKg:   make([]float64, len(m.edges)),
		UnroutedTonnes: pl.unroutedTonnes,
		Unrouted:       slices.Clone(pl.unrouted),
		model:          m,
	}
	nr := 0
	for _, p := range pl.pairs {
		nr += len(p.routes)
	}
	res.Routes = make([]Route, nr)
	inflow := make([]float64, nc)
	byKind := make([][4]float64, nc)
	byCommodity := make([][]float64, len(s.Commodities)) // [commodity][country] kg
	inCommodity := make([][]float64, len(s.Commodities)) // [commodity][country] t
	theta := s.Theta
	// Each pair's routes are priced and shared in parallel, each in its
	// place in res.Routes (plan order); the flows are then followed and
	// added up pair after pair, in the plan's order, with every stage's
	// chance for the pair's commodity worked out once per carrier, factor
	// and edge (ch).
	first := make([]int, len(pl.pairs)+1) // pair i's routes: res.Routes[first[i]:first[i+1]]
	for pi, p := range pl.pairs {
		first[pi+1] = first[pi] + len(p.routes)
	}
	var ch *stageChances
	var chWait sync.WaitGroup
	chWait.Go(func() { ch = newStageChances(m, pl, pr) })
	parallel(len(pl.pairs), func(pi int) error {
		p := &pl.pairs[pi]
		rs := res.Routes[first[pi]:first[pi+1]]
		copy(rs, p.routes)
		for i := range rs {
			priceRoute(pr, p.carrier, p.factor, &rs[i])
		}
		logitShares(rs, theta, s.NestScale)
		return nil
	})
	chWait.Wait()
	// The flows are followed twice at the same time: for the edges' totals
	// and for the countries' and the routes', each total added to in the
	// same order as by one walk.
	var edges sync.WaitGroup
	routes := res.Routes // in plan order, for as long as the walk takes
	edges.Go(func() {
		for pi := range pl.pairs {
			p := &pl.pairs[pi]
			off, pf := ch.off[p.carrier], ch.p[p.carrier][ch.factorIx(p.factor)]
			for i := first[pi]; i < first[pi+1]; i++ {
				r := &routes[i]
				alive := p.tonnes * r.Share // the route's Tonnes
				for _, e := range r.Path.Edges {
					res.EdgeTonnes[e] += alive
					before := alive
					for _, x := range pf[off[e]:off[e+1]] {
						kg := 1000 * alive * x
						alive -= kg / 1000
					}
					res.EdgeSeizedKg[e] += 1000 * (before - alive)
				}
			}
		}
	})
	defer edges.Wait()
	seen := make([]int, nc) // route index+1 that last touched the country
	for pi := range pl.pairs {
		p := &pl.pairs[pi]
		off, pf := ch.off[p.carrier], ch.p[p.carrier][ch.factorIx(p.factor)]
		var commodityKg, commodityIn []float64
		if p.commodity >= 0 {
			if byCommodity[p.commodity] == nil {
				byCommodity[p.commodity] = make([]float64, nc)
				inCommodity[p.commodity] = make([]float64, nc)
			}
			commodityKg, commodityIn = byCommodity[p.commodity], inCommodity[p.commodity]
		}
		for i := first[pi]; i < first[pi+1]; i++ {
			r := &res.Routes[i]
			r.Tonnes = p.tonnes * r.Share
			if p.commodity >= 0 {
				r.Commodity = s.Commodities[p.commodity].Name
			}
			tag := i + 1
			touch := func(c int32, alive float64) {
				if c >= 0 && seen[c] != tag {
					seen[c] = tag
					inflow[c] += alive
					if commodityIn != nil {
						commodityIn[c] += alive
					}
				}
			}
			alive := r.Tonnes // t still on the road
			touch(m.nodeCountryIx[p.from], alive)
			for _, e := range r.Path.Edges {
				touch(m.meta[e].country, alive)
				for j, st := range pr.stagesOf(p.carrier, e) {
					touch(st.country, alive)
					kg := 1000 * alive * pf[int(off[e])+j]
					byKind[st.country][st.kind] += kg
					if commodityKg != nil {
						commodityKg[st.country] += kg
					}
					r.SeizedKg += kg
					alive -= kg / 1000
				}
				touch(m.meta[e].country2, alive)
			}
		}
	}
	inShare := m.shareMask(s)
	var shareTotal float64
	for c, code := range m.countries {
		k := byKind[c]
		cs := CountrySeizure{
			Country: code, InflowTonnes: inflow[c],
			InlandKg: k[StageInland], CrossingKg: k[StageCrossing], GapKg: k[StageGapExit] + k[StageGapEntry],
		}
		cs.SeizedKg = cs.InlandKg + cs.CrossingKg + cs.GapKg
		if len(s.Commodities) > 0 {
			cs.CommodityKg = make([]float64, len(s.Commodities))
			cs.CommodityInflowTonnes = make([]float64, len(s.Commodities))
			for k := range byCommodity {
				if byCommodity[k] != nil {
					cs.CommodityKg[k] = byCommodity[k][c]
					cs.CommodityInflowTonnes[k] = inCommodity[k][c]
				}
			}
		}
		if inflow[c] > 0 {
			cs.P = Prob(min(1, cs.SeizedKg/(1000*inflow[c])))
		}
		if inShare[c] {
			shareTotal += cs.SeizedKg
		}
		res.Countries = append(res.Countries, cs)
	}
	for c := range res.Countries {
		if shareTotal > 0 && inShare[c] {
			res.Countries[c].Share = res.Countries[c].SeizedKg / shareTotal
		}
	}
	// By tonnes, largest first, ties in plan order: an order of indices,
	// then the routes moved once.
	order := make([]int32, len(res.Routes))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(res.Routes[b].Tonnes, res.Routes[a].Tonnes) })
	sorted := make([]Route, len(res.Routes))
	for i, j := range order {
		sorted[i] = res.Routes[j]
		sorted[i].Rank = i + 1
	}
	res.Routes = sorted
	return res
}

// stageChances holds, for the carriers and detection factors of a plan,
// the chance p^(factor) (Prob.Pow) of every stage of the edges the plan's
// routes use: worked out once per carrier, factor and edge rather than
// once per route.
type stageChances struct {
	factors []float64
	// off, per carrier: by edge ID, the edge's first entry in p (its
	// stages are entries off[e]..off[e+1]−1 when the edge is used; the
	// entries of unused edges are empty).
	off [][]int32
	p   [][][]float64 // per carrier, per factor (index in factors): by entry
}

// newStageChances returns the stage chances of the plan's routes priced by
// pr, the carriers in parallel.
func newStageChances(m *Model, pl *plan, pr pricer) *stageChances {
	sc := &stageChances{off: make([][]int32, len(m.carriers)), p: make([][][]float64, len(m.carriers))}
	for _, p := range pl.pairs {
		if !slices.Contains(sc.factors, p.factor) {
			sc.factors = append(sc.factors, p.factor)
		}
	}
	parallel(len(m.carriers), func(ci int) error {
		// used[e]: the edge is on a route of the carrier; then each used
		// edge gets room for its stages.
		used := make([]bool, len(m.edges))
		for pi := range pl.pairs {
			p := &pl.pairs[pi]
			if p.carrier != ci {
				continue
			}
			for _, r := range p.routes {
				for _, e := range r.Path.Edges {
					used[e] = true
				}
			}
		}
		off := make([]int32, len(m.edges)+1)
		n := int32(0)
		for e, u := range used {
			off[e] = n
			if u {
				n += int32(len(pr.stagesOf(ci, e)))
			}
		}
		off[len(m.edges)] = n
		ps := make([][]float64, len(sc.factors))
		for k, f := range sc.factors {
			ps[k] = make([]float64, 0, n)
			for e, u := range used {
				if u {
					for _, st := range pr.stagesOf(ci, e) {
						ps[k] = append(ps[k], float64(st.p.Pow(f)))
					}
				}
			}
		}
		sc.off[ci], sc.p[ci] = off, ps
		return nil
	})
	return sc
}

// factorIx returns the index of detection factor f in sc.factors.
func (sc *stageChances) factorIx(f float64) int { return slices.Index(sc.factors, f) }

// shareMask reports, by country index, whether the country's seizures
// count in the share denominator under s: those of s.ShareCountries, or
// every country when it is empty.
func (m *Model) shareMask(s *Settings) []bool {
	mask := make([]bool, len(m.countries))
	for c := range mask {
		mask[c] = len(s.ShareCountries) == 0
	}
	for _, code := range s.ShareCountries {
		if c := m.index(code); c >= 0 {
			mask[c] = true
		}
	}
	return mask
}

// index returns the index of a country code, −1 for "" or an unknown code.
func (m *Model) index(code string) int32 {
	if i, ok := m.countryIx[code]; ok {
		return i
	}
	return -1
}

// logitShares sets the shares of routes priced in rs by the nested
// path-size logit: a route's term is PathSize·exp(−θ·Cost/λ); the routes of
// one nest (Route.nest) share S_n^λ/Σ_m S_m^λ of the flow, S_n the sum of
// their terms, in proportion to their terms. λ = 1 (or 0) is the path-size
// logit, in which routes that share most of their length with others do
// not count as separate choices.
func logitShares(rs []Route, theta, lambda float64) {
	var cbuf, pbuf, sbuf [32]float64
	var nbuf [32]int32
	cost, ps, share, nest := cbuf[:0], pbuf[:0], sbuf[:0], nbuf[:0]
	for _, r := range rs {
		cost, ps, nest = append(cost, r.Cost), append(ps, r.PathSize), append(nest, int32(r.nest))
		share = append(share, 0)
	}
	shares(cost, ps, nest, share, theta, lambda)
	for i := range rs {
		rs[i].Share = share[i]
	}
}

// shares sets share[i] to the share of route i of a pair by the nested
// path-size logit (see logitShares) given its cost, path-size factor ps
// and nest.
func shares(cost, ps []float64, nest []int32, share []float64, theta, lambda float64) {
	if lambda == 0 {
		lambda = 1
	}
	minCost := math.Inf(1)
	nests := 0
	for i, c := range cost {
		minCost = min(minCost, c)
		nests = max(nests, int(nest[i])+1)
	}
	var sum float64
	for i := range cost {
		v := ps[i] * math.Exp(-theta*(cost[i]-minCost)/lambda)
		if math.IsNaN(v) {
			v = 0
		}
		share[i] = v
		sum += v
	}
	if lambda != 1 && nests > 1 && sum > 0 {
		// s[n]: the nest's sum of terms; pw[n]: S_n^λ, worked out once.
		var buf, pbuf [16]float64
		s, pw := buf[:0], pbuf[:0]
		if nests > len(buf) {
			s, pw = make([]float64, 0, nests), make([]float64, 0, nests)
		}
		s, pw = s[:nests], pw[:nests]
		clear(s)
		for i := range cost {
			s[nest[i]] += share[i]
		}
		var total float64
		for n := range s {
			if s[n] > 0 {
				pw[n] = math.Pow(s[n], lambda)
				total += pw[n]
			}
		}
		sum = 0
		for i := range cost {
			if sn := s[nest[i]]; sn > 0 {
				share[i] *= pw[nest[i]] / sn / total
			}
			sum += share[i]
		}
	}
	for i := range cost {
		if sum > 0 {
			share[i] /= sum
		} else {
			share[i] = 1 / float64(len(cost))
		}
	}
}

// A pricer gives the stages of an edge for a carrier, their weights
// −ln(1−p), and the smuggler's price of an hour.
type pricer interface {
	stagesOf(ci, e int) []stage
	weightsOf(ci, e int) []float64
	beta() float64
}

func (m *Model) stagesOf(ci, e int) []stage {
	t := m.carriers[ci]
	return t.stages[t.start[e]:t.start[e+1]]
}

func (m *Model) weightsOf(ci, e int) []float64 {
	t := m.carriers[ci]
	return t.stageW[t.start[e]:t.start[e+1]]
}

func (m *Model) beta() float64 { return m.settings.Beta }

// priceRoute sets r's probability and cost from pr for a commodity whose
// detection factor is f (1 for none).
func priceRoute(pr pricer, ci int, f float64, r *Route) {
	var w float64
	for _, e := range r.Path.Edges {
		for _, x := range pr.weightsOf(ci, e) {
			w += x
		}
	}
	w *= f
	r.P = ProbFromWeight(w)
	r.Cost = w + pr.beta()*r.Hours
}
