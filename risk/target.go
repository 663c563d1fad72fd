package risk

import (
	"fmt"
	"math"
	"strings"
)

// A ShareObs is a country's observed share of the region's seizures.
type ShareObs struct {
	Country string
	Share   float64 // as published, e.g. 0.38
}

// A KgObs is a country's observed seizures in kg, of one commodity or of
// every commodity together.
type KgObs struct {
	Country string
	// Commodity names the commodity seized (a Settings.Commodities Name,
	// e.g. "heroin"); "" means every commodity together.
	Commodity string
	Kg        float64
}

// A Target is what calibration fits: shares of the seizures of a set of
// countries and absolute seizures of some countries.
type Target struct {
	Name string
	// Shares are the observed shares. They are rescaled to add up to 1
	// before fitting (published shares are rounded and may leave out a
	// remainder); the countries listed are the share denominator.
	Shares []ShareObs
	// Kg are observed seizures in kg.
	Kg []KgObs
	// KgWeight weighs the squared relative kg residuals against the squared
	// share residuals. Zero means 0.1: a 10% miss on the kg counts as much as
	// about 3 percentage points on a share.
	KgWeight float64
	Source   string
}

// ShareCountries returns the countries of the target's shares, in order:
// the denominator of the observed shares, for Settings.ShareCountries.
func (t *Target) ShareCountries() []string {
	out := make([]string, len(t.Shares))
	for i, o := range t.Shares {
		out[i] = o.Country
	}
	return out
}

// Validate returns an error for a target that cannot be fitted.
func (t *Target) Validate() error {
	if len(t.Shares) == 0 && len(t.Kg) == 0 {
		return fmt.Errorf("%w: %q has no observations", ErrBadTarget, t.Name)
	}
	seen := map[string]bool{}
	var sum float64
	for _, o := range t.Shares {
		if seen[o.Country] {
			return fmt.Errorf("%w: %q: share of %s given twice", ErrBadTarget, t.Name, o.Country)
		}
		seen[o.Country] = true
		if !(o.Share >= 0 && o.Share <= 1) {
			return fmt.Errorf("%w: %q: share of %s is %v, want a number in [0,1]", ErrBadTarget, t.Name, o.Country, o.Share)
		}
		sum += o.Share
	}
	if len(t.Shares) == 1 {
		return fmt.Errorf("%w: %q: one share alone says nothing", ErrBadTarget, t.Name)
	}
	if len(t.Shares) > 0 && !(sum > 0) {
		return fmt.Errorf("%w: %q: shares add up to 0", ErrBadTarget, t.Name)
	}
	for _, o := range t.Kg {
		if !(o.Kg > 0) || math.IsInf(o.Kg, 1) {
			return fmt.Errorf("%w: %q: %s seized %v kg, want a finite number > 0", ErrBadTarget, t.Name, o.Country, o.Kg)
		}
	}
	if !(t.KgWeight >= 0) || math.IsInf(t.KgWeight, 1) {
		return fmt.Errorf("%w: %q: KgWeight %v, want a finite number ≥ 0", ErrBadTarget, t.Name, t.KgWeight)
	}
	return nil
}

func (t *Target) kgWeight() float64 {
	if t.KgWeight == 0 {
		return 0.1
	}
	return t.KgWeight
}

// A FitRow compares one observed figure with the model.
type FitRow struct {
	Country   string
	Commodity string  // of a kg row: the commodity seized, "" for every commodity
	Kind      string  // "share" or "kg"
	Observed  float64 // share rescaled to add up to 1, or kg
	Modelled  float64
	Residual  float64 // Modelled − Observed
}

// Fit returns the rows comparing the target with modelled seizures in kg by
// country and commodity (seized(country, commodity), commodity "" for every
// commodity together; shares are of every commodity), and the objective:
// the sum of squared share residuals plus KgWeight times the sum of squared
// relative kg residuals.
func (t *Target) Fit(seized func(country, commodity string) float64) ([]FitRow, float64) {
	var rows []FitRow
	var obj, sumObs, sumMod float64
	for _, o := range t.Shares {
		sumObs += o.Share
		sumMod += seized(o.Country, "")
	}
	for _, o := range t.Shares {
		m := 0.0
		if sumMod > 0 {
			m = seized(o.Country, "") / sumMod
		}
		obs := o.Share / sumObs
		rows = append(rows, FitRow{Country: o.Country, Kind: "share", Observed: obs, Modelled: m, Residual: m - obs})
		obj += (m - obs) * (m - obs)
	}
	for _, o := range t.Kg {
		m := seized(o.Country, o.Commodity)
		rows = append(rows, FitRow{Country: o.Country, Commodity: o.Commodity, Kind: "kg", Observed: o.Kg, Modelled: m, Residual: m - o.Kg})
		r := (m - o.Kg) / o.Kg
		obj += t.kgWeight() * r * r
	}
	return rows, obj
}

// FitResult returns Fit against the seizures of r, or an error where a kg
// figure names a commodity that r's settings do not carry.
func (t *Target) FitResult(r *Result) ([]FitRow, float64, error) {
	if err := t.checkCommodities(&r.Settings); err != nil {
		return nil, 0, err
	}
	rows, obj := t.Fit(func(country, commodity string) float64 {
		c, ok := r.Country(country)
		if !ok {
			return 0
		}
		if commodity == "" {
			return c.SeizedKg
		}
		if k := r.Settings.commodity(commodity); k >= 0 && k < len(c.CommodityKg) {
			return c.CommodityKg[k]
		}
		return 0
	})
	return rows, obj, nil
}

// checkCommodities returns an error naming the target, the country and the
// commodity for a kg figure of a commodity that s does not carry.
func (t *Target) checkCommodities(s *Settings) error {
	for _, o := range t.Kg {
		if o.Commodity == "" || s.commodity(o.Commodity) >= 0 {
			continue
		}
		known := "none: the settings have no Commodities"
		if len(s.Commodities) > 0 {
			names := make([]string, len(s.Commodities))
			for i, c := range s.Commodities {
				names[i] = fmt.Sprintf("%q", c.Name)
			}
			known = strings.Join(names, ", ")
		}
		return fmt.Errorf("%w: %q: %s seized kg of commodity %q, which the model does not carry (its commodities: %s)",
			ErrBadTarget, t.Name, o.Country, o.Commodity, known)
	}
	return nil
}
