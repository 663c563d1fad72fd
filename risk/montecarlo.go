package risk

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// Defaults of SimSettings.
const (
	DefaultShipmentKg = 10
	DefaultReplicates = 200
)

// SimSettings sets a Monte Carlo simulation.
type SimSettings struct {
	// Seed seeds the PCG generators (replicate i uses the stream
	// (Seed, i)); the same seed gives the same result on every machine.
	// Zero is a seed like any other.
	Seed uint64
	// ShipmentKg is the size of one shipment: the routed flow (of each
	// commodity) is cut into round(flow/ShipmentKg) equal shipments. Zero
	// means each commodity's Commodity.ShipmentKg, or DefaultShipmentKg.
	ShipmentKg float64
	// Replicates is the number of years simulated. Zero means
	// DefaultReplicates.
	Replicates int
}

// A SimCountry is the simulated seizures of one country.
type SimCountry struct {
	Country    string
	ExpectedKg float64 // the analytic expectation (Result.Countries)
	MeanKg     float64 // mean over the simulated years
	SDKg       float64 // standard deviation of one year's seizures
	// Lo and Hi are the 2.5% and 97.5% percentiles of one year's seizures:
	// the 95% interval of what a year may bring.
	Lo, Hi float64
	// MeanLo and MeanHi are the 95% interval of the mean (normal
	// approximation, MeanKg ± 1.96·SDKg/√Replicates), which should hold
	// ExpectedKg in 95 of 100 seeds.
	MeanLo, MeanHi float64
	MeanShare      float64 // mean share of the seizures of the share countries (see CountrySeizure.Share)
}

// A Simulation is the outcome of simulating individual shipments along a
// Result's routes.
type Simulation struct {
	Seed       uint64
	Replicates int
	Shipments  int     // per year
	ShipmentKg float64 // mean size of a shipment (each commodity's are equal)
	Countries  []SimCountry
	ArrivedKg  SimCountry // the flow that reached a destination (Country "")
}

// Simulate draws individual shipments and follows each along its route:
// every year, each of the shipments picks a route with probability in
// proportion to the route's tonnes and meets the interdiction stages of its
// edges in order, each a Bernoulli draw, until seized or arrived.
// Replicates run in parallel on independent PCG streams, so the result
// depends on the seed only.
func (r *Result) Simulate(opt *SimSettings) (*Simulation, error) {
	if r == nil || r.model == nil {
		return nil, fmt.Errorf("%w: a result of Run is needed", ErrMismatch)
	}
	var o SimSettings
	if opt != nil {
		o = *opt
	}
	if o.Replicates == 0 {
		o.Replicates = DefaultReplicates
	}
	if !(o.ShipmentKg >= 0) || math.IsInf(o.ShipmentKg, 1) {
		return nil, fmt.Errorf("%w: ShipmentKg %v: want a finite number > 0", ErrBadParam, o.ShipmentKg)
	}
	if o.Replicates < 2 || o.Replicates > 1e6 {
		return nil, fmt.Errorf("%w: Replicates %d: want 2..1000000", ErrBadParam, o.Replicates)
	}
	m := r.model
	if m == nil {
		return nil, fmt.Errorf("%w: the result has no model", ErrMismatch)
	}
	// Flatten each route's stages; within each commodity, cumulative
	// tonnes pick a route.
	type flat struct {
		country []int32
		p       []float64
	}
	type group struct {
		name   string
		routes []flat
		cum    []float64
		acc    float64
		n      int
		size   float64
	}
	var groups []*group
	groupOf := map[string]*group{}
	for _, rt := range r.Routes {
		ci := slices.IndexFunc(m.carriers, func(t *carrierTable) bool { return t.Name == rt.Carrier })
		if ci < 0 {
			return nil, fmt.Errorf("%w: route %d has carrier %q, not in the model", ErrMismatch, rt.Rank, rt.Carrier)
		}
		g := groupOf[rt.Commodity]
		if g == nil {
			g = &group{name: rt.Commodity}
			groupOf[rt.Commodity] = g
			groups = append(groups, g)
		}
		var fr flat
		f := r.Settings.detectionFactor(rt.Commodity)
		for _, e := range rt.Path.Edges {
			for _, st := range m.stagesOf(ci, e) {
				fr.country = append(fr.country, st.country)
				fr.p = append(fr.p, float64(st.p.Pow(f)))
			}
		}
		g.routes = append(g.routes, fr)
		g.acc += rt.Tonnes
		g.cum = append(g.cum, g.acc)
	}
	totalKg, shipments := 0.0, 0
	for _, g := range groups {
		size := o.ShipmentKg
		if i := r.Settings.commodity(g.name); size == 0 && i >= 0 {
			size = r.Settings.Commodities[i].ShipmentKg
		}
		if size == 0 {
			size = DefaultShipmentKg
		}
		kg := 1000 * g.acc
		n := math.Round(kg / size)
		if n < 1 || n > 1e8 {
			return nil, fmt.Errorf("%w: %v kg %s in shipments of %v kg is %v shipments: want 1..1e8", ErrBadParam, kg, g.name, size, n)
		}
		g.n, g.size = int(n), kg/n
		totalKg += kg
		shipments += g.n
	}
	if shipments == 0 || shipments > 1e8 {
		return nil, fmt.Errorf("%w: %d shipments: want 1..1e8", ErrBadParam, shipments)
	}
	nc := len(m.countries)
	years := make([][]float64, o.Replicates) // seized kg by country; last slot: arrived
	parallel(o.Replicates, func(rep int) error {
		rng := rand.New(rand.NewPCG(o.Seed, uint64(rep)))
		kg := make([]float64, nc+1)
		counts := make([]int, nc+1)
		for _, g := range groups {
			clear(counts)
			for range g.n {
				i := sort.SearchFloat64s(g.cum, rng.Float64()*g.acc)
				if i >= len(g.routes) {
					i = len(g.routes) - 1
				}
				fr := &g.routes[i]
				seized := int32(nc)
				for j, p := range fr.p {
					if rng.Float64() < p {
						seized = fr.country[j]
						break
					}
				}
				counts[seized]++
			}
			for c, k := range counts {
				kg[c] += float64(k) * g.size
			}
		}
		years[rep] = kg
		return nil
	})

	// The seizures of the share countries each year: the denominator of
	// the shares.
	inShare := m.shareMask(&r.Settings)
	shareKg := make([]float64, o.Replicates)
	for rep, kg := range years {
		for c := range m.countries {
			if inShare[c] {
				shareKg[rep] += kg[c]
			}
		}
	}
	summarise := func(c int, code string) SimCountry {
		in := c < len(inShare) && inShare[c]
		vals := make([]float64, o.Replicates)
		shares := make([]float64, o.Replicates)
		for rep, kg := range years {
			vals[rep] = kg[c]
			if in && shareKg[rep] > 0 {
				shares[rep] = kg[c] / shareKg[rep]
			}
		}
		sc := SimCountry{Country: code}
		sc.MeanKg, sc.SDKg = meanSD(vals)
		sc.MeanShare, _ = meanSD(shares)
		half := 1.959963984540054 * sc.SDKg / math.Sqrt(float64(o.Replicates))
		sc.MeanLo, sc.MeanHi = sc.MeanKg-half, sc.MeanKg+half
		slices.Sort(vals)
		sc.Lo, sc.Hi = quantile(vals, 0.025), quantile(vals, 0.975)
		return sc
	}
	sim := &Simulation{Seed: o.Seed, Replicates: o.Replicates, Shipments: shipments, ShipmentKg: totalKg / float64(shipments)}
	for c, code := range m.countries {
		sc := summarise(c, code)
		sc.ExpectedKg = r.Countries[c].SeizedKg
		sim.Countries = append(sim.Countries, sc)
	}
	sim.ArrivedKg = summarise(nc, "")
	sim.ArrivedKg.ExpectedKg = totalKg - r.SeizedKg()
	return sim, nil
}

// Country returns the simulated seizures of the country with the given code.
func (s *Simulation) Country(code string) (SimCountry, bool) {
	for _, c := range s.Countries {
		if c.Country == code {
			return c, true
		}
	}
	return SimCountry{}, false
}

func meanSD(v []float64) (mean, sd float64) {
	if len(v) == 0 {
		return 0, 0
	}
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	if len(v) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(v)-1))
}

// quantile returns the q-quantile of sorted values by linear interpolation.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	h := q * float64(len(sorted)-1)
	i := int(h)
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}
