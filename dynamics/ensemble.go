package dynamics

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/routerisk/routerisk/risk"
)

// A Band is a measure over the runs of an ensemble: its mean and the 2.5%
// and 97.5% percentiles, the 95% interval of what one run may bring.
type Band struct {
	Mean, Lo, Hi float64
}

// An Ensemble is the spread of the measures over runs that differ only in
// their seeds.
type Ensemble struct {
	Seeds  []uint64
	Months []MonthBand
	Years  []YearBand
}

// A MonthBand is the spread of one month's measures.
type MonthBand struct {
	Date            time.Time
	SeizedKg        Band
	ShippedKg       Band
	Active          Band // crossings and gaps with flow
	EffectiveRoutes Band
}

// A YearBand is the spread of one calendar year's totals (the months of it
// simulated).
type YearBand struct {
	Year      int
	Months    int
	SeizedKg  Band
	ShippedKg Band
	Countries []CountryBand // in the order of Simulation.Countries
}

// A CountryBand is the spread of one country's seizures in a year.
type CountryBand struct {
	Country  string
	SeizedKg Band
}

// Replicate runs m under s (nil means DefaultSettings()) with the seeds
// s.Seed, s.Seed+1, …, runs of them, one after the other, and returns the
// spread of the measures: the intervals a run with another seed falls in
// 95 times in 100.
func Replicate(ctx context.Context, m *risk.Model, s *Settings, runs int) (*Ensemble, error) {
	if runs < 2 {
		return nil, &SettingError{Field: "runs", Value: fmt.Sprint(runs), Want: "at least 2"}
	}
	var st Settings
	if s == nil {
		st = DefaultSettings()
	} else {
		st = s.Clone()
	}
	var sims []*Simulation
	ens := &Ensemble{}
	for i := range runs {
		st.Seed = st.Seed + uint64(min(i, 1))
		sim, err := Run(ctx, m, &st)
		if err != nil {
			return nil, err
		}
		ens.Seeds = append(ens.Seeds, st.Seed)
		sims = append(sims, sim)
	}
	first := sims[0]
	xs := make([]float64, runs)
	band := func(f func(*Simulation) float64) Band {
		for i, sim := range sims {
			xs[i] = f(sim)
		}
		slices.Sort(xs)
		return Band{Mean: stat.Mean(xs, nil), Lo: stat.Quantile(0.025, stat.LinInterp, xs, nil), Hi: stat.Quantile(0.975, stat.LinInterp, xs, nil)}
	}
	for t, mo := range first.Months {
		ens.Months = append(ens.Months, MonthBand{
			Date:      mo.Date,
			SeizedKg:  band(func(s *Simulation) float64 { return s.Months[t].SeizedKg }),
			ShippedKg: band(func(s *Simulation) float64 { return s.Months[t].ShippedKg }),
			Active: band(func(s *Simulation) float64 {
				return float64(s.Months[t].ActiveCrossings + s.Months[t].ActiveGaps)
			}),
			EffectiveRoutes: band(func(s *Simulation) float64 { return s.Months[t].EffectiveRoutes }),
		})
	}
	for _, y := range years(first) {
		sum := func(f func(Month) float64) func(*Simulation) float64 {
			return func(s *Simulation) float64 {
				var v float64
				for _, mo := range s.Months[y.lo:y.hi] {
					v += f(mo)
				}
				return v
			}
		}
		yb := YearBand{Year: y.year, Months: y.hi - y.lo,
			SeizedKg:  band(sum(func(mo Month) float64 { return mo.SeizedKg })),
			ShippedKg: band(sum(func(mo Month) float64 { return mo.ShippedKg })),
		}
		for c, code := range first.Countries {
			yb.Countries = append(yb.Countries, CountryBand{Country: code,
				SeizedKg: band(sum(func(mo Month) float64 { return mo.Countries[c].SeizedKg }))})
		}
		ens.Years = append(ens.Years, yb)
	}
	return ens, nil
}

// A yearSpan is the months [lo, hi) of one calendar year.
type yearSpan struct {
	year   int
	lo, hi int
}

func years(s *Simulation) []yearSpan {
	var ys []yearSpan
	for t, mo := range s.Months {
		if len(ys) == 0 || ys[len(ys)-1].year != mo.Date.Year() {
			ys = append(ys, yearSpan{year: mo.Date.Year(), lo: t})
		}
		ys[len(ys)-1].hi = t + 1
	}
	return ys
}
