package dynamics

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/routerisk/routerisk/risk"
)

// An organisation is one trafficking organisation's state.
type organisation struct {
	seized   []float64 // X: remembered seizures, by element
	expected []float64 // E: remembered seizures the model expects, by element
	open     []bool    // its network, by element
	lossKg   float64   // remembered kg seized
	sentKg   float64   // remembered kg sent
	scale    float64   // shipment size relative to each commodity's starting size
	last     []float64 // shipments sent through each element last month
}

func (o *organisation) grow(n int) {
	for len(o.open) < n {
		o.seized = append(o.seized, 0)
		o.expected = append(o.expected, 0)
		o.open = append(o.open, false)
		o.last = append(o.last, 0)
	}
}

// perceived returns the factor by which the organisation scales the
// model's hazard of element v.
func (o *organisation) perceived(v int32, prior float64) float64 {
	return (o.seized[v] + prior) / (o.expected[v] + prior)
}

// usable reports whether every element of r is in the organisation's
// network.
func (o *organisation) usable(r *eroute) bool {
	for _, v := range r.elems {
		if !o.open[v] {
			return false
		}
	}
	return true
}

func (o *organisation) cost(r *eroute, prior float64) float64 {
	c := r.r.Cost
	for j, v := range r.elems {
		c += (o.perceived(v, prior) - 1) * r.elemH[j]
	}
	return c
}

// services is the border services' effort: a share of each country's
// capacity at each of its units.
type services struct {
	alloc   []float64 // by unit, sums to 1 over a country's units
	score   []float64 // by unit: share of the country's static flow
	byC     [][]int32 // units by country
	seized  []float64 // scratch: kg seized by unit this month
	capa    []float64 // capacity by country
	intense []float64 // effort multiplier by unit
}

// sim is one run in progress.
type sim struct {
	s       Settings
	w       *world
	ep      *epoch
	orgs    []organisation
	svc     services
	rng     *rand.Rand
	base    float64 // baseline loss share
	out     *Simulation
	prior   float64
	monthNo int          // months simulated, the current one included
	evIx    int          // the next event of s.Events
	extras  []risk.Extra // the events' extras in force
}

// Run simulates m month by month under s (nil means DefaultSettings()):
// each month the organisations share the flow over the routes of their
// networks (risk's static shares, reweighted by exp(−θ·Δcost) for the risk
// they perceive beyond the model's, over the routes they use), ship it in
// lumps that are seized stage by stage at random, learn from the seizures,
// expand or prune their networks, and the border services move effort
// toward seizures and flow. The run depends on the seed only. ctx stops it
// between months. Extras of m's own (risk's WithExtra) are dropped at the
// first event that sets settings; give them as an event's Extras instead.
func Run(ctx context.Context, m *risk.Model, s *Settings) (*Simulation, error) {
	x, err := newSim(m, s)
	if err != nil {
		return nil, err
	}
	for t := range x.s.Months {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("dynamics: stopped at month %d: %w", t+1, err)
		}
		if err := x.step(t); err != nil {
			return nil, err
		}
		if x.s.Progress != nil {
			x.s.Progress(t+1, x.s.Months)
		}
	}
	x.out.Countries = slices.Clone(x.w.countries)
	x.out.Elements = slices.Clone(x.w.elements)
	x.out.Displacements = displacements(x.out)
	return x.out, nil
}

// newSim validates s against m and sets up the first month's state.
func newSim(m *risk.Model, s *Settings) (*sim, error) {
	if m == nil {
		return nil, fmt.Errorf("%w: nil model", ErrBadSetting)
	}
	var st Settings
	if s == nil {
		st = DefaultSettings()
	} else {
		st = s.Clone()
	}
	if err := st.Validate(); err != nil {
		return nil, err
	}
	for i, ev := range st.Events {
		if len(ev.Extras) == 0 {
			continue
		}
		if _, err := m.WithExtra(ev.Extras); err != nil {
			return nil, fmt.Errorf("%w: Events[%d] %q: %w", ErrBadSetting, i, ev.Name, err)
		}
	}
	st.Start = month(st.Start)
	x := &sim{s: st, w: newWorld(m), rng: newRand(st.Seed), prior: st.PriorSeizures}
	ep, err := newEpoch(x.w, m, st.ShipmentKg)
	if err != nil {
		return nil, err
	}
	x.base = ep.baseLoss()
	x.orgs = make([]organisation, st.Organisations)
	for i := range x.orgs {
		x.orgs[i].scale = 1
	}
	x.out = &Simulation{Settings: st, BaselineLoss: x.base, Commodities: slices.Clone(x.w.commodities)}
	x.setEpoch(ep, true)
	return x, nil
}

// step puts in place the events dated in month t (from the run's start)
// and simulates the month.
func (x *sim) step(t int) error {
	st := &x.s
	date := st.Start.AddDate(0, t, 0)
	var names []string
	if x.evIx < len(st.Events) && monthIndex(st.Start, st.Events[x.evIx].Date) == t {
		set := x.ep.model.Settings().Clone()
		for x.evIx < len(st.Events) && monthIndex(st.Start, st.Events[x.evIx].Date) == t {
			ev := st.Events[x.evIx]
			if ev.Apply != nil {
				ev.Apply(&set)
			}
			x.extras = append(x.extras, ev.Extras...)
			names = append(names, ev.Name)
			x.evIx++
		}
		nm, err := x.ep.model.With(&set)
		if err == nil && len(x.extras) > 0 {
			nm, err = nm.WithExtra(x.extras)
		}
		if err == nil {
			var ep *epoch
			if ep, err = newEpoch(x.w, nm, st.ShipmentKg); err == nil {
				x.setEpoch(ep, false)
			}
		}
		if err != nil {
			return fmt.Errorf("dynamics: event %q: %w", strings.Join(names, `", "`), err)
		}
	}
	x.month(date, names)
	return nil
}

// newRand returns the generator of a seed: PCG with both words of its
// state mixed from the seed (SplitMix64), since seeds that differ only in
// the high word share the low bits of every later state.
func newRand(seed uint64) *rand.Rand {
	mix := func(z uint64) uint64 {
		z += 0x9e3779b97f4a7c15
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		return z ^ z>>31
	}
	return rand.New(rand.NewPCG(mix(seed), mix(seed^0x6479_6e61_6d69_6373)))
}

// setEpoch installs ep: grows the organisations' and services' tables to
// its elements and units, opens the initial networks (every route when
// adaptation is off) and scores the units by the static flow.
func (x *sim) setEpoch(ep *epoch, first bool) {
	old := x.ep
	x.ep = ep
	ne := len(x.w.elements)
	for i := range x.orgs {
		o := &x.orgs[i]
		o.grow(ne)
		if old != nil && x.s.Adaptive {
			x.closures(o, old)
		}
		for _, r := range ep.routes {
			if !x.s.Adaptive || (first && r.r.Choice <= x.s.InitialRoutes) {
				for _, v := range r.elems {
					o.open[v] = true
				}
			}
		}
	}
	// Units: new ones join with an even share, then each country's
	// shares are scaled to add up to 1.
	sv := &x.svc
	nu, nc := len(x.w.units), len(x.w.countries)
	for len(sv.byC) < nc {
		sv.byC = append(sv.byC, nil)
		sv.capa = append(sv.capa, 0)
	}
	for c := range nc {
		sv.capa[c] = x.s.CapacityOf(x.w.countries[c])
	}
	for u := len(sv.alloc); u < nu; u++ {
		c := x.w.units[u].country
		sv.byC[c] = append(sv.byC[c], int32(u))
		sv.alloc = append(sv.alloc, -1)
	}
	for c := range nc {
		us := sv.byC[c]
		var sum float64
		for _, u := range us {
			if sv.alloc[u] < 0 || !x.s.Adaptive {
				sv.alloc[u] = 1 / float64(len(us))
			}
			sum += sv.alloc[u]
		}
		for _, u := range us {
			sv.alloc[u] /= sum
		}
		x.capShares(us)
	}
	sv.score = make([]float64, nu)
	sv.seized = make([]float64, nu)
	sv.intense = make([]float64, nu)
	for i := range ep.routes {
		r := &ep.routes[i]
		for _, st := range r.stages {
			if st.unit >= 0 {
				sv.score[st.unit] += r.r.Tonnes
			}
		}
	}
	for c := range nc {
		var sum float64
		for _, u := range sv.byC[c] {
			sum += sv.score[u]
		}
		for _, u := range sv.byC[c] {
			if sum > 0 {
				sv.score[u] /= sum
			} else {
				sv.score[u] = 1 / float64(len(sv.byC[c]))
			}
		}
	}
}

// closures makes an organisation learn the elements that the new epoch
// closed (they are on no route of it): last month's shipments through them
// count in its memory as seized, as shipments turned back or lost are how
// it learns of a closure.
func (x *sim) closures(o *organisation, old *epoch) {
	for v, n := range o.last {
		if n == 0 || x.ep.in[v] || v >= len(old.elemH) {
			continue
		}
		o.seized[v] += n
		o.expected[v] += n * -math.Expm1(-old.elemH[v])
	}
}

// month simulates one month.
func (x *sim) month(date time.Time, events []string) {
	ep, w, sv := x.ep, x.w, &x.svc
	nc, ne := len(w.countries), len(w.elements)
	f := x.s.supplyAt(date)
	mo := Month{Date: date, Supply: f, Events: events}
	if x.s.Adaptive {
		x.fade()
	}

	// Effort at each unit; each route's cumulative log survival under it
	// is worked out when the route first carries flow this month.
	for c, us := range sv.byC {
		for _, u := range us {
			sv.intense[u] = sv.capa[c] * float64(len(us)) * sv.alloc[u]
		}
	}
	x.monthNo++

	nk := len(w.commodities)
	cm := make([]CountryMonth, nc)
	for c := range cm {
		cm[c].Country = w.countries[c]
		if nk > 0 {
			cm[c].Commodities = newCommodities(w.commodities)
		}
	}
	if nk > 0 {
		mo.Commodities = newCommodities(w.commodities)
	}
	elFlow := make([]float64, ne)
	elSeized := make([]float64, ne)
	elShip := make([]int, ne)
	elSeiz := make([]int, ne)
	routeKg := make([]float64, len(ep.routes))
	clear(sv.seized)
	type skey struct{ edge, country int32 }
	seizedAt := map[skey]*SeizureMonth{}
	hist := []int{}
	shares := []float64{}
	costs := []float64{}
	perOrg := float64(len(x.orgs))
	sent, lost := make([]float64, len(x.orgs)), make([]float64, len(x.orgs))
	for oi := range x.orgs {
		o := &x.orgs[oi]
		clear(o.last)
		var sentKg, lostKg float64
		for pi := range ep.pairs {
			p := &ep.pairs[pi]
			size := p.sizeKg * o.scale
			ck := p.commodity
			x.ensureRoute(o, p)
			// The static shares, reweighted by exp(−θ·Δcost) for what the
			// organisation perceives beyond the model, over its usable
			// routes: the static equilibrium exactly when it perceives the
			// model's risk and may use every route.
			shares = shares[:0]
			costs = costs[:0]
			minC := math.Inf(1)
			for _, ri := range p.routes {
				r := &ep.routes[ri]
				c := math.Inf(1)
				if o.usable(r) {
					c = 0
					if x.s.Adaptive {
						c = o.cost(r, x.prior) - r.r.Cost
					}
				}
				costs = append(costs, c)
				minC = min(minC, c)
			}
			var sum float64
			for k, ri := range p.routes {
				v := 0.0
				if !math.IsInf(costs[k], 1) {
					v = ep.routes[ri].r.Share * math.Exp(-ep.theta*(costs[k]-minC))
					if math.IsNaN(v) {
						v = 0
					}
				}
				shares = append(shares, v)
				sum += v
			}
			pairKg := 1000 * p.tonnes * f / 12 / perOrg
			for k, ri := range p.routes {
				if shares[k] == 0 || sum == 0 {
					continue
				}
				want := pairKg * shares[k] / sum / size
				n := int(want)
				if x.rng.Float64() < want-float64(n) {
					n++
				}
				if n == 0 {
					continue
				}
				r := &ep.routes[ri]
				x.survival(r)
				kg := float64(n) * size
				sentKg += kg
				routeKg[ri] += kg
				if ck >= 0 {
					mo.Commodities[ck].InflowKg += kg
				}
				mo.Shipments += n
				// Each shipment is seized at the first stage whose
				// cumulative log survival falls to or below log u.
				hist = slices.Grow(hist[:0], len(r.stages)+1)[:len(r.stages)+1]
				clear(hist)
				for range n {
					lu := math.Log(x.rng.Float64())
					j, _ := slices.BinarySearchFunc(r.cum, lu, func(c, t float64) int {
						if c <= t {
							return 1
						}
						return -1
					})
					hist[j]++
				}
				reach := n
				for j, st := range r.stages {
					if reach == 0 {
						break
					}
					if r.firstC[j] {
						cm[st.country].InflowKg += float64(reach) * size
						if ck >= 0 {
							cm[st.country].Commodities[ck].InflowKg += float64(reach) * size
						}
					}
					if st.elem >= 0 {
						if r.firstE[j] {
							elFlow[st.elem] += float64(reach) * size
							elShip[st.elem] += reach
							o.last[st.elem] += float64(reach)
						}
						o.expected[st.elem] += float64(reach) * -math.Expm1(st.lq)
					}
					nj := hist[j]
					if nj == 0 {
						continue
					}
					kg := float64(nj) * size
					lostKg += kg
					cm[st.country].SeizedKg += kg
					cm[st.country].Seizures += nj
					mo.Seizures += nj
					if ck >= 0 {
						cm[st.country].Commodities[ck].SeizedKg += kg
						mo.Commodities[ck].SeizedKg += kg
					}
					if st.elem >= 0 {
						o.seized[st.elem] += float64(nj)
						elSeized[st.elem] += kg
						elSeiz[st.elem] += nj
						sv.seized[st.unit] += kg
					}
					sk := skey{st.edge, st.country}
					sm := seizedAt[sk]
					if sm == nil {
						sm = &SeizureMonth{Edge: int(st.edge), Country: w.countries[st.country], Element: int(st.elem), Point: w.point(st)}
						seizedAt[sk] = sm
					}
					sm.SeizedKg += kg
					sm.Seizures += nj
					reach -= nj
				}
			}
		}
		mo.ShippedKg += sentKg
		mo.SeizedKg += lostKg
		sent[oi], lost[oi] = sentKg, lostKg
	}

	// Measures.
	if mo.Seizures > 0 {
		mo.MeanSeizureKg = mo.SeizedKg / float64(mo.Seizures)
	}
	for c := range cm {
		if cm[c].InflowKg > 0 {
			cm[c].Rate = cm[c].SeizedKg / cm[c].InflowKg
		}
	}
	mo.Countries = cm
	for oi := range x.orgs {
		mo.SizeFactor += x.orgs[oi].scale / perOrg
	}
	for v := range ne {
		open := false
		for oi := range x.orgs {
			open = open || x.orgs[oi].open[v]
		}
		if open {
			mo.OpenElements++
		}
		if elShip[v] > 0 {
			if w.elements[v].Kind == "gap" {
				mo.ActiveGaps++
			} else {
				mo.ActiveCrossings++
			}
		}
		if elShip[v] > 0 || elSeiz[v] > 0 || open {
			mo.Elements = append(mo.Elements, ElementMonth{Element: v, FlowKg: elFlow[v], SeizedKg: elSeized[v],
				Shipments: elShip[v], Seizures: elSeiz[v], Open: open})
		}
	}
	for u, un := range w.units {
		i, ok := slices.BinarySearchFunc(mo.Elements, int(un.elem), func(e ElementMonth, t int) int { return cmp.Compare(e.Element, t) })
		if ok {
			mo.Elements[i].Effort = max(mo.Elements[i].Effort, sv.intense[u])
		}
	}
	var total float64
	for _, kg := range routeKg {
		total += kg
	}
	type rk struct {
		i  int
		kg float64
	}
	var used []rk
	for i, kg := range routeKg {
		if kg > 0 {
			used = append(used, rk{i, kg})
			s := kg / total
			mo.Entropy -= s * math.Log(s)
		}
	}
	mo.Routes = len(used)
	mo.EffectiveRoutes = math.Exp(mo.Entropy)
	slices.SortFunc(used, func(a, b rk) int {
		if c := cmp.Compare(b.kg, a.kg); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	for _, u := range used[:min(len(used), x.s.TopRoutes)] {
		r := ep.routes[u.i].r
		mo.TopRoutes = append(mo.TopRoutes, RouteMonth{Carrier: r.Carrier, Origin: r.Origin, Destination: r.Destination,
			Via: slices.Clone(r.Via), Line: slices.Clone(r.Path.Line), Kg: u.kg})
	}
	for _, sm := range seizedAt {
		mo.Seized = append(mo.Seized, *sm)
	}
	slices.SortFunc(mo.Seized, func(a, b SeizureMonth) int {
		if c := cmp.Compare(a.Edge, b.Edge); c != 0 {
			return c
		}
		return cmp.Compare(a.Country, b.Country)
	})
	x.out.Months = append(x.out.Months, mo)

	for oi := range x.orgs {
		x.learn(&x.orgs[oi], sent[oi], lost[oi])
	}
	if x.s.Adaptive {
		x.adapt()
	}
}

// survival fills r.cum, the route's cumulative log survival stage by
// stage under this month's effort, unless it is filled already.
func (x *sim) survival(r *eroute) {
	if r.cumMonth == x.monthNo {
		return
	}
	r.cumMonth = x.monthNo
	sv := &x.svc
	var acc float64
	for j, st := range r.stages {
		e := sv.capa[st.country]
		if st.unit >= 0 {
			e = sv.intense[st.unit]
		}
		if math.IsInf(st.lq, -1) {
			acc = math.Inf(-1)
		} else {
			acc += e * st.lq
		}
		r.cum[j] = acc
	}
}

// ensureRoute opens the cheapest route of p when the organisation has no
// usable route for it (at the start, or when an event closes its routes).
func (x *sim) ensureRoute(o *organisation, p *epair) {
	best, bestC := int32(-1), math.Inf(1)
	for _, ri := range p.routes {
		r := &x.ep.routes[ri]
		if o.usable(r) {
			return
		}
		if c := o.cost(r, x.prior); c < bestC || best < 0 {
			best, bestC = ri, c
		}
	}
	if best >= 0 {
		for _, v := range x.ep.routes[best].elems {
			o.open[v] = true
		}
	}
}

// learn updates an organisation's memory and, with adaptation on, its
// network and shipment size after a month in which it sent sentKg and lost
// lostKg (the month's seizures are already in its memory of elements).
func (x *sim) learn(o *organisation, sentKg, lostKg float64) {
	if !x.s.Adaptive {
		return
	}
	d := x.s.Memory
	o.lossKg = d*o.lossKg + lostKg
	o.sentKg = d*o.sentKg + sentKg
	if o.sentKg <= 0 || x.base <= 0 {
		return
	}
	rel := o.lossKg / o.sentKg / x.base
	switch {
	case rel > x.s.LossTolerance:
		x.expand(o)
		o.scale = max(o.scale*x.s.SizeStep, 0.25)
	case rel < x.s.PruneBelow:
		x.prune(o)
		o.scale = min(o.scale/x.s.SizeStep, 4)
	}
}

// expand opens, for every pair, its cheapest route by perceived cost that
// uses an element outside the network.
func (x *sim) expand(o *organisation) {
	for pi := range x.ep.pairs {
		best, bestC := int32(-1), math.Inf(1)
		for _, ri := range x.ep.pairs[pi].routes {
			r := &x.ep.routes[ri]
			if o.usable(r) {
				continue
			}
			if c := o.cost(r, x.prior); c < bestC {
				best, bestC = ri, c
			}
		}
		if best >= 0 {
			for _, v := range x.ep.routes[best].elems {
				o.open[v] = true
			}
		}
	}
}

// prune closes the element of the network with the highest perceived
// hazard whose loss leaves every pair a usable route.
func (x *sim) prune(o *organisation) {
	type cand struct {
		v int32
		h float64
	}
	var cs []cand
	for v, open := range o.open {
		if open && x.ep.in[v] {
			cs = append(cs, cand{int32(v), o.perceived(int32(v), x.prior) * x.ep.elemH[v]})
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if c := cmp.Compare(b.h, a.h); c != 0 {
			return c
		}
		return cmp.Compare(a.v, b.v)
	})
	for _, c := range cs {
		o.open[c.v] = false
		ok := true
		for pi := range x.ep.pairs {
			has := false
			for _, ri := range x.ep.pairs[pi].routes {
				if o.usable(&x.ep.routes[ri]) {
					has = true
					break
				}
			}
			if !has {
				ok = false
				break
			}
		}
		if ok {
			return
		}
		o.open[c.v] = true
	}
}

// fade fades the organisations' memories of elements by one month.
func (x *sim) fade() {
	d := x.s.Memory
	for oi := range x.orgs {
		o := &x.orgs[oi]
		for v := range o.seized {
			o.seized[v] *= d
			o.expected[v] *= d
		}
	}
}

// adapt moves the services' effort toward the month's seizures and the
// static flow, and back toward the even spread.
func (x *sim) adapt() {
	sv := &x.svc
	L, F, om := x.s.Learning, x.s.Forgetting, x.s.SeizureWeight
	for _, us := range sv.byC {
		if len(us) == 0 {
			continue
		}
		var seized float64
		for _, u := range us {
			seized += sv.seized[u]
		}
		even := 1 / float64(len(us))
		for _, u := range us {
			target := sv.alloc[u]
			if seized > 0 {
				target = sv.seized[u] / seized
			}
			target = om*target + (1-om)*sv.score[u]
			sv.alloc[u] = (1-L-F)*sv.alloc[u] + L*target + F*even
		}
		x.capShares(us)
	}
}

// capShares caps the shares of a country's effort at its units us at
// MaxEffort/n (n units), and spreads what the capped units give up over the
// others in proportion to their shares (water-filling: a unit that reaches
// the cap in turn is capped and the rest spread again), so the country's
// effort stays conserved. MaxEffort ≥ 1 makes the even spread feasible.
func (x *sim) capShares(us []int32) {
	n := float64(len(us))
	hi := x.s.MaxEffort / n
	if len(us) == 0 || math.IsInf(hi, 1) {
		return
	}
	a := x.svc.alloc
	for range len(us) {
		var excess, free float64
		for _, u := range us {
			if a[u] > hi {
				excess += a[u] - hi
				a[u] = hi
			} else if a[u] < hi {
				free += a[u]
			}
		}
		if excess <= 1e-15 {
			return
		}
		below := 0
		for _, u := range us {
			if a[u] < hi {
				below++
			}
		}
		for _, u := range us {
			switch {
			case a[u] >= hi:
			case free > 0:
				a[u] += excess * a[u] / free
			default:
				a[u] += excess / float64(below)
			}
		}
	}
}
