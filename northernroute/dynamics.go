package northernroute

import (
	"fmt"
	"time"

	"github.com/routerisk/routerisk/dynamics"
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
