package dynamics

// A Year is one calendar year of a simulation: totals of its months, and
// means where a total means nothing.
type Year struct {
	Year      int
	Months    int // months of the year simulated
	ShippedKg float64
	SeizedKg  float64
	Seizures  int
	// Countries are the year's totals by country, in the order of
	// Simulation.Countries; Rate is SeizedKg/InflowKg.
	Countries []CountryMonth
	// Commodities are the year's ShippedKg (as InflowKg) and SeizedKg by
	// commodity, as Month.Commodities.
	Commodities []CommodityKg
	// Active, Open and EffectiveRoutes are monthly means.
	Active, Open, EffectiveRoutes float64
	MeanSeizureKg                 float64 // SeizedKg/Seizures
}

// Years returns the simulation by calendar year, the first year first.
func (s *Simulation) Years() []Year {
	var out []Year
	for _, y := range years(s) {
		yr := Year{Year: y.year, Months: y.hi - y.lo, Countries: make([]CountryMonth, len(s.Countries))}
		for c, code := range s.Countries {
			yr.Countries[c].Country = code
			if len(s.Commodities) > 0 {
				yr.Countries[c].Commodities = newCommodities(s.Commodities)
			}
		}
		if len(s.Commodities) > 0 {
			yr.Commodities = newCommodities(s.Commodities)
		}
		for _, mo := range s.Months[y.lo:y.hi] {
			yr.ShippedKg += mo.ShippedKg
			yr.SeizedKg += mo.SeizedKg
			yr.Seizures += mo.Seizures
			yr.Active += float64(mo.ActiveCrossings+mo.ActiveGaps) / float64(yr.Months)
			yr.Open += float64(mo.OpenElements) / float64(yr.Months)
			yr.EffectiveRoutes += mo.EffectiveRoutes / float64(yr.Months)
			addCommodities(yr.Commodities, mo.Commodities)
			for c, cm := range mo.Countries {
				yr.Countries[c].InflowKg += cm.InflowKg
				yr.Countries[c].SeizedKg += cm.SeizedKg
				yr.Countries[c].Seizures += cm.Seizures
				addCommodities(yr.Countries[c].Commodities, cm.Commodities)
			}
		}
		for c := range yr.Countries {
			if yr.Countries[c].InflowKg > 0 {
				yr.Countries[c].Rate = yr.Countries[c].SeizedKg / yr.Countries[c].InflowKg
			}
		}
		if yr.Seizures > 0 {
			yr.MeanSeizureKg = yr.SeizedKg / float64(yr.Seizures)
		}
		out = append(out, yr)
	}
	return out
}

// addCommodities adds src to dst, commodity by commodity (same order).
func addCommodities(dst, src []CommodityKg) {
	for i := range min(len(dst), len(src)) {
		dst[i].InflowKg += src[i].InflowKg
		dst[i].SeizedKg += src[i].SeizedKg
	}
}
