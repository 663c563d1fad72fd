package northernroute

import (
	"fmt"
	"slices"
	"time"

	"github.com/routerisk/routerisk/dynamics"
	"github.com/routerisk/routerisk/risk"
)

// OpiumProduction is Afghanistan's potential opium production in one
// harvest year, tonnes.
type OpiumProduction struct {
	Year   int
	Tonnes float64
	Source string
}

// opiumBase is the harvest year whose production the model's flow stands
// for: Baseline2010's heroin and opium are the 2010 figures.
const opiumBase = 2010

// Opium returns Afghanistan's potential opium production for 2009–2014, in
// year order (public figures: the UNODC Afghanistan Opium Survey of each
// year; 2011: 5,800 t, up 61% from 3,600 t in 2010, the plant-disease year,
// Survey 2011 p. 13).
func Opium() []OpiumProduction {
	figures := []struct {
		year   int
		tonnes float64
	}{{2009, 6900}, {2010, 3600}, {2011, 5800}, {2012, 3700}, {2013, 5500}, {2014, 6400}}
	out := make([]OpiumProduction, len(figures))
	for i, f := range figures {
		out[i] = OpiumProduction{Year: f.year, Tonnes: f.tonnes,
			Source: fmt.Sprintf("UNODC Afghanistan Opium Survey %d: %.0f t of opium", f.year, f.tonnes)}
	}
	return out
}

// The dates of the Northern Route's events in a dynamics run.
var (
	// DateCustomsUnion is when customs inspection at the Kazakhstan –
	// Russia border ended (public fact: 1 July 2011).
	DateCustomsUnion = time.Date(2011, time.July, 1, 0, 0, 0, 0, time.UTC)
	// DateProgramme is when Programme2012 takes effect: the first month
	// of the 2012–2016 programme (assumption: its upgrades work from its
	// first year; the rollout dates are not public).
	DateProgramme = time.Date(2012, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// DynamicsSettings returns dynamics' defaults for a run of the Northern
// Route from January 2009 to December 2014: supply in proportion to each
// year's opium production (Opium) relative to 2010, the year of
// Baseline2010's flow (assumption: no lag, no stocks), and two events, the
// Customs Union at DateCustomsUnion and Programme2012 at DateProgramme,
// each adding its rules and upgrades to the settings in force. Run it on a
// model of Baseline2010 or a scenario that extends it.
func DynamicsSettings() (dynamics.Settings, error) {
	s := dynamics.DefaultSettings()
	s.Start = time.Date(2009, time.January, 1, 0, 0, 0, 0, time.UTC)
	s.Months = 72
	var base float64
	for _, p := range Opium() {
		if p.Year == opiumBase {
			base = p.Tonnes
		}
	}
	for _, p := range Opium() {
		s.Supply = append(s.Supply, dynamics.SupplyLevel{
			From:   time.Date(p.Year, time.January, 1, 0, 0, 0, 0, time.UTC),
			Factor: p.Tonnes / base,
			Source: fmt.Sprintf("%s (%d: %.0f t)", p.Source, opiumBase, base),
		})
	}
	cu, err := dynamics.ScenarioEvent(DateCustomsUnion, Baseline2010(), CustomsUnion2011())
	if err != nil {
		return s, err
	}
	pr, err := dynamics.ScenarioEvent(DateProgramme, CustomsUnion2011(), Programme2012())
	if err != nil {
		return s, err
	}
	s.Events = []dynamics.Event{cu, pr}
	return s, nil
}

// centralAsiaOnline2012 is the article that quotes Kazakhstan's official
// seizure figures of 2009–2011.
const centralAsiaOnline2012 = "A. Babkina, 'Kazakhstan attempts to curb drug trafficking', Central Asia Online, 1 August 2012, " +
	"quoting the Central Asian Regional Information and Coordination Centre (CARICC)"

// A YearFigure is a published figure of one calendar year, or of the change
// from the year before, to hold a dynamics run against: the seizures of
// Country (kg, or their relative change when Change is set) or the share
// of the flow shipped that Countries seized, of Commodity.
type YearFigure struct {
	Name, Source string
	Year         int
	Low, High    float64
	Kind         risk.MeasureKind // risk.SeizedKg or risk.SeizedFraction
	Change       bool             // SeizedKg: (Year − (Year−1)) / (Year−1)
	Country      string           // for SeizedKg
	Countries    []string         // for SeizedFraction
	Commodity    string
}

// DynamicsPublished returns the published yearly figures a run of
// DynamicsSettings is not fitted to: Kazakhstan's heroin seizures of 2009
// (730 kg) and 2010 (323 kg), the fall of its opium seizures from 2010 to
// 2011 (−62%), all from the article CARICC's figures appeared in, and the
// share of the heroin flow seized in Central Asia in 2010 (Published's).
// Calibrating to Observed2011 fits the static model to the 323 kg; the
// run's months are not fitted to any of them.
func DynamicsPublished() []YearFigure {
	out := []YearFigure{
		{Name: "Kazakhstan's heroin seizures, kg", Source: centralAsiaOnline2012, Year: 2009, Low: 730, High: 730,
			Kind: risk.SeizedKg, Country: "KAZ", Commodity: heroin},
		{Name: "Kazakhstan's heroin seizures, kg", Source: centralAsiaOnline2012, Year: 2010, Low: 323, High: 323,
			Kind: risk.SeizedKg, Country: "KAZ", Commodity: heroin},
		{Name: "change of Kazakhstan's opium seizures from 2010", Source: centralAsiaOnline2012, Year: 2011, Low: -0.62, High: -0.62,
			Kind: risk.SeizedKg, Change: true, Country: "KAZ", Commodity: opium},
	}
	for _, p := range Published() {
		if p.Measure.Kind == risk.SeizedFraction && p.Measure.Commodity == heroin {
			out = append(out, YearFigure{Name: p.Name, Source: p.Source, Year: 2010, Low: p.Low, High: p.High,
				Kind: risk.SeizedFraction, Countries: slices.Clone(p.Measure.Countries), Commodity: heroin})
		}
	}
	return out
}

// Value returns the run's value of f: from its calendar years, by
// commodity. It is an error when the run lacks f's year (or the year
// before, for a change), its commodity or its country, or when the change
// is from no seizures.
func (f YearFigure) Value(s *dynamics.Simulation) (float64, error) {
	ys := s.Years()
	year := func(y int) (dynamics.Year, error) {
		for _, yr := range ys {
			if yr.Year == y && yr.Months == 12 {
				return yr, nil
			}
		}
		return dynamics.Year{}, fmt.Errorf("northernroute: %s: the run has no whole year %d", f.Name, y)
	}
	k := slices.Index(s.Commodities, f.Commodity)
	if k < 0 {
		return 0, fmt.Errorf("northernroute: %s: the run has no commodity %q (it has %v)", f.Name, f.Commodity, s.Commodities)
	}
	seized := func(yr dynamics.Year, code string) (float64, error) {
		c := slices.Index(s.Countries, code)
		if c < 0 {
			return 0, fmt.Errorf("northernroute: %s: the run has no country %q", f.Name, code)
		}
		return yr.Countries[c].Commodities[k].SeizedKg, nil
	}
	yr, err := year(f.Year)
	if err != nil {
		return 0, err
	}
	switch f.Kind {
	case risk.SeizedKg:
		v, err := seized(yr, f.Country)
		if err != nil || !f.Change {
			return v, err
		}
		prev, err := year(f.Year - 1)
		if err != nil {
			return 0, err
		}
		p, err := seized(prev, f.Country)
		if err != nil {
			return 0, err
		}
		if p <= 0 {
			return 0, fmt.Errorf("northernroute: %s: no seizures in %d to change from", f.Name, f.Year-1)
		}
		return v/p - 1, nil
	case risk.SeizedFraction:
		var kg float64
		for _, code := range f.Countries {
			if !slices.Contains(s.Countries, code) {
				continue // not in the run: it seized nothing
			}
			v, err := seized(yr, code)
			if err != nil {
				return 0, err
			}
			kg += v
		}
		if in := yr.Commodities[k].InflowKg; in > 0 {
			return kg / in, nil
		}
		return 0, fmt.Errorf("northernroute: %s: no %s shipped in %d", f.Name, f.Commodity, f.Year)
	}
	return 0, fmt.Errorf("northernroute: %s: measure %v is not one of a year", f.Name, f.Kind)
}
