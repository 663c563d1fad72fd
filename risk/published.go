package risk

import (
	"fmt"
	"math"
	"slices"
)

// MeasureKind is what a Measure takes from a Result.
type MeasureKind uint8

// The measures of a Result that published figures are compared with.
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
	}
	return fmt.Sprintf("MeasureKind(%d)", uint8(k))
}

// A Measure is one number taken from a Result.
type Measure struct {
	Kind      MeasureKind
	Country   string   // for InflowTonnes and SeizedKg
	Countries []string // for SeizedFraction; empty means all
	Carrier   string   // for CarrierShare
}

// Measure returns the value of m in r, or an error naming what m asks
// for that r does not have (an unknown country or carrier).
func (r *Result) Measure(m Measure) (float64, error) {
	if r == nil {
		return 0, fmt.Errorf("%w: nil result", ErrMismatch)
	}
	switch m.Kind {
	case InflowTonnes, SeizedKg:
		c, ok := r.Country(m.Country)
		if !ok {
			return 0, fmt.Errorf("%w: measure %s: country %q is not in the graph", ErrBadParam, m.Kind, m.Country)
		}
		if m.Kind == InflowTonnes {
			return c.InflowTonnes, nil
		}
		return c.SeizedKg, nil
	case SeizedFraction:
		routed := r.RoutedTonnes()
		if routed == 0 {
			return 0, nil
		}
		var kg float64
		for _, c := range r.Countries {
			if len(m.Countries) == 0 || slices.Contains(m.Countries, c.Country) {
				kg += c.SeizedKg
			}
		}
		for _, code := range m.Countries {
			if _, ok := r.Country(code); !ok {
				return 0, fmt.Errorf("%w: measure %s: country %q is not in the graph", ErrBadParam, m.Kind, code)
			}
		}
		return kg / (1000 * routed), nil
	case CarrierShare:
		if !slices.ContainsFunc(r.Settings.Carriers, func(c Carrier) bool { return c.Name == m.Carrier }) {
			return 0, fmt.Errorf("%w: measure %s: no carrier %q", ErrBadParam, m.Kind, m.Carrier)
		}
		routed := r.RoutedTonnes()
		if routed == 0 {
			return 0, nil
		}
		var t float64
		for _, rt := range r.Routes {
			if rt.Carrier == m.Carrier {
				t += rt.Tonnes
			}
		}
		return t / routed, nil
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
