package risk

import (
	"fmt"
	"io"
	"math"
	"slices"
	"text/tabwriter"

	"github.com/routerisk/routerisk/route"
)

// MeasureKind is what a Measure takes from a Result.
type MeasureKind uint8

// The measures of a Result that published figures are compared with. Each
// is of Measure.Commodity when it names one, of every commodity otherwise.
const (
	// InflowTonnes is the flow reaching Country, t a year.
	InflowTonnes MeasureKind = iota
	// SeizedKg is the expected seizures in Country, kg a year.
	SeizedKg
	// SeizedFraction is the share of the routed flow seized in Countries
	// (all countries when empty): their seizures over the routed flow.
	SeizedFraction
	// CarrierShare is the share of the routed flow carried by Carrier.
	CarrierShare
	// SeizureRate is the share of the flow reaching Country that is seized
	// there: its seizures over its inflow (CountrySeizure.P); 0 when no
	// flow reaches it.
	SeizureRate
	// InflowRank is Country's rank by inflow among Countries (all
	// countries when empty), 1 for the largest; countries of equal inflow
	// share the better rank. It holds the model to a published order, such
	// as "most of the flow goes through A, followed by B".
	InflowRank
	// KindShare is the share of the tonne-km travelled inside Countries
	// (all when empty) that is travelled on edges of the kinds EdgeKinds,
	// e.g. route.EdgeRoad and route.EdgeLocal for the share carried by
	// road. An edge counts for the country it lies in (route.Edge.Country),
	// with the flow that enters it; it is of every commodity together
	// (Result.EdgeTonnes are not split by commodity).
	KindShare
)

// String returns the measure's name, e.g. "inflow_t".
func (k MeasureKind) String() string {
	switch k {
	case InflowTonnes:
		return "inflow_t"
	case SeizedKg:
		return "seized_kg"
	case SeizedFraction:
		return "seized_fraction"
	case CarrierShare:
		return "carrier_share"
	case SeizureRate:
		return "seizure_rate"
	case InflowRank:
		return "inflow_rank"
	case KindShare:
		return "kind_share"
	}
	return fmt.Sprintf("MeasureKind(%d)", uint8(k))
}

// A Measure is one number taken from a Result.
type Measure struct {
	Kind      MeasureKind
	Country   string           // for InflowTonnes, SeizedKg, SeizureRate and InflowRank
	Countries []string         // for SeizedFraction, InflowRank and KindShare; empty means all
	Carrier   string           // for CarrierShare
	EdgeKinds []route.EdgeKind // for KindShare
	// Commodity names the commodity measured (Commodity.Name); "" means
	// every commodity together, e.g. opiates for heroin and opium. Every
	// kind but KindShare takes one.
	Commodity string
}

// Measure returns the value of m in r, or an error naming what m asks
// for that r does not have (an unknown country, carrier or commodity).
func (r *Result) Measure(m Measure) (float64, error) {
	if r == nil {
		return 0, fmt.Errorf("%w: nil result", ErrMismatch)
	}
	k := -1 // the commodity's index, −1 for all
	if m.Commodity != "" {
		if m.Kind == KindShare {
			return 0, fmt.Errorf("%w: measure %s is of every commodity together: commodity %q", ErrBadParam, m.Kind, m.Commodity)
		}
		if k = r.Settings.commodity(m.Commodity); k < 0 {
			return 0, fmt.Errorf("%w: measure %s: no commodity %q", ErrBadParam, m.Kind, m.Commodity)
		}
	}
	// inflow and seized return a country's inflow (t) and seizures (kg)
	// of the commodity.
	inflow := func(c CountrySeizure) float64 {
		if k < 0 {
			return c.InflowTonnes
		}
		return c.CommodityInflowTonnes[k]
	}
	seized := func(c CountrySeizure) float64 {
		if k < 0 {
			return c.SeizedKg
		}
		return c.CommodityKg[k]
	}
	// routed returns the routed flow of the commodity, of the carrier
	// when it is not "".
	routed := func(carrier string) float64 {
		var t float64
		for _, rt := range r.Routes {
			if (k < 0 || rt.Commodity == m.Commodity) && (carrier == "" || rt.Carrier == carrier) {
				t += rt.Tonnes
			}
		}
		return t
	}
	for _, code := range m.Countries {
		if _, ok := r.Country(code); !ok {
			return 0, fmt.Errorf("%w: measure %s: country %q is not in the graph", ErrBadParam, m.Kind, code)
		}
	}
	in := func(code string) bool { return len(m.Countries) == 0 || slices.Contains(m.Countries, code) }
	switch m.Kind {
	case InflowTonnes, SeizedKg, SeizureRate, InflowRank:
		c, ok := r.Country(m.Country)
		if !ok {
			return 0, fmt.Errorf("%w: measure %s: country %q is not in the graph", ErrBadParam, m.Kind, m.Country)
		}
		switch m.Kind {
		case InflowTonnes:
			return inflow(c), nil
		case SeizedKg:
			return seized(c), nil
		case SeizureRate:
			if t := inflow(c); t > 0 {
				return seized(c) / (1000 * t), nil
			}
			return 0, nil
		}
		if !in(m.Country) {
			return 0, fmt.Errorf("%w: measure %s: country %q is not among the countries ranked %v", ErrBadParam, m.Kind, m.Country, m.Countries)
		}
		rank := 1
		for _, o := range r.Countries {
			if in(o.Country) && inflow(o) > inflow(c) {
				rank++
			}
		}
		return float64(rank), nil
	case SeizedFraction:
		t := routed("")
		if t == 0 {
			return 0, nil
		}
		var kg float64
		for _, c := range r.Countries {
			if in(c.Country) {
				kg += seized(c)
			}
		}
		return kg / (1000 * t), nil
	case CarrierShare:
		if !slices.ContainsFunc(r.Settings.Carriers, func(c Carrier) bool { return c.Name == m.Carrier }) {
			return 0, fmt.Errorf("%w: measure %s: no carrier %q", ErrBadParam, m.Kind, m.Carrier)
		}
		t := routed("")
		if t == 0 {
			return 0, nil
		}
		return routed(m.Carrier) / t, nil
	case KindShare:
		if len(m.EdgeKinds) == 0 {
			return 0, fmt.Errorf("%w: measure %s: no edge kinds", ErrBadParam, m.Kind)
		}
		if r.model == nil {
			return 0, fmt.Errorf("%w: measure %s: the result has no model", ErrMismatch, m.Kind)
		}
		var all, of float64
		for e, t := range r.EdgeTonnes {
			ed := &r.model.edges[e]
			if t == 0 || !in(ed.country) {
				continue
			}
			tkm := t * ed.km
			all += tkm
			if slices.Contains(m.EdgeKinds, ed.kind) {
				of += tkm
			}
		}
		if all == 0 {
			return 0, nil
		}
		return of / all, nil
	}
	return 0, fmt.Errorf("%w: unknown measure kind %d", ErrBadParam, m.Kind)
}

// A Published is a published figure to hold the model against, with its
// source: a range Low–High (Low = High for a point figure) of a Measure.
type Published struct {
	Name      string // e.g. "heroin flow into Kazakhstan, t a year"
	Source    string // the publication, with page or table
	Low, High float64
	Measure   Measure
}

// A Check is a published figure beside the model's value.
type Check struct {
	Published
	Model float64
	// Ratio is Model over the middle of the published range; NaN when
	// that middle is 0.
	Ratio float64
	// Within reports whether Model lies in [Low, High].
	Within bool
}

// CheckPublished returns each published figure beside r's value, in the
// order given, or an error for a figure whose measure r cannot give or
// whose range is not Low ≤ High.
func CheckPublished(r *Result, ps []Published) ([]Check, error) {
	out := make([]Check, 0, len(ps))
	for _, p := range ps {
		if !(p.Low <= p.High) || math.IsInf(p.Low, 0) || math.IsInf(p.High, 0) {
			return nil, fmt.Errorf("%w: published figure %q: range %v–%v", ErrBadParam, p.Name, p.Low, p.High)
		}
		v, err := r.Measure(p.Measure)
		if err != nil {
			return nil, fmt.Errorf("published figure %q: %w", p.Name, err)
		}
		ratio := math.NaN()
		if mid := (p.Low + p.High) / 2; mid != 0 {
			ratio = v / mid
		}
		out = append(out, Check{Published: p, Model: v, Ratio: ratio, Within: p.Low <= v && v <= p.High})
	}
	return out, nil
}

// WriteChecks writes cs as a table, one figure a line with the published
// range, the model's value, the ratio and whether it is within, then the
// sources numbered as in the table.
func WriteChecks(w io.Writer, cs []Check) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\tpublished figure (held out of the fit)\tpublished\tmodel\tratio\twithin\n")
	for i, c := range cs {
		within := "no"
		if c.Within {
			within = "yes"
		}
		rng := fmt.Sprintf("%.3g–%.3g", c.Low, c.High)
		if c.Low == c.High {
			rng = fmt.Sprintf("%.3g", c.Low)
		}
		fmt.Fprintf(tw, "[%d]\t%s\t%s\t%.3g\t%.2f\t%s\n", i+1, c.Name, rng, c.Model, c.Ratio, within)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for i, c := range cs {
		if _, err := fmt.Fprintf(w, "[%d] %s\n", i+1, c.Source); err != nil {
			return err
		}
	}
	return nil
}
