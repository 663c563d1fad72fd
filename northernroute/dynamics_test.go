package northernroute

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/routerisk/routerisk/dynamics"
)

func TestDynamicsSettings(t *testing.T) {
	s, err := DynamicsSettings()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Start, time.Date(2009, time.January, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Start %v, want %v", got, want)
	}
	if got, want := s.End(), time.Date(2015, time.January, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("End %v, want %v (the run ends with December 2014)", got, want)
	}

	// Supply: the year's production over 2010's 3,600 t, each with its survey.
	want := map[int]float64{2009: 6900.0 / 3600, 2010: 1, 2011: 5800.0 / 3600, 2012: 3700.0 / 3600, 2013: 5500.0 / 3600, 2014: 6400.0 / 3600}
	if len(s.Supply) != len(want) {
		t.Fatalf("%d supply levels, want %d", len(s.Supply), len(want))
	}
	for _, l := range s.Supply {
		y := l.From.Year()
		if l.From.Month() != time.January || l.From.Day() != 1 {
			t.Errorf("supply level from %v: want the first of January", l.From)
		}
		if math.Abs(l.Factor-want[y]) > 1e-12 {
			t.Errorf("%d: factor %v, want %v", y, l.Factor, want[y])
		}
		if !strings.Contains(l.Source, "UNODC Afghanistan Opium Survey") || !strings.Contains(l.Source, "3600 t") {
			t.Errorf("%d: source %q does not name the survey and the 2010 figure", y, l.Source)
		}
	}

	// Events: the Customs Union, then the programme, at their dates.
	if len(s.Events) != 2 {
		t.Fatalf("%d events, want 2", len(s.Events))
	}
	for i, w := range []struct {
		name string
		date time.Time
	}{{NameCustomsUnion2011, DateCustomsUnion}, {NameProgramme2012, DateProgramme}} {
		if e := s.Events[i]; e.Name != w.name || !e.Date.Equal(w.date) {
			t.Errorf("event %d: %s at %v, want %s at %v", i, e.Name, e.Date, w.name, w.date)
		}
	}

	// Applied in order to the 2010 baseline, the events give the 2012
	// programme's rules and upgrades, and leave everything else alone.
	got := Baseline2010()
	for _, e := range s.Events {
		e.Apply(&got)
	}
	prog := Programme2012()
	if !reflect.DeepEqual(got.Rules, prog.Rules) {
		t.Errorf("rules after the events:\n%+v\nwant Programme2012's:\n%+v", got.Rules, prog.Rules)
	}
	if !reflect.DeepEqual(got.Upgrades, prog.Upgrades) {
		t.Errorf("upgrades after the events:\n%+v\nwant Programme2012's:\n%+v", got.Upgrades, prog.Upgrades)
	}
	got.Name, got.Rules, got.Upgrades = prog.Name, prog.Rules, prog.Upgrades
	if !reflect.DeepEqual(got, prog) {
		t.Errorf("the events changed more than the rules and upgrades")
	}
}

// TestYearFigureValue checks DynamicsPublished's figures against a run
// built by hand over 2009–2011: Kazakhstan seizes 120, 60 and 15 kg of
// heroin and 40, 50 and 20 kg of opium; 2010 ships 1,000 kg of heroin, of
// which TJK seizes 5 kg, so Central Asia seizes 65/1000.
func TestYearFigureValue(t *testing.T) {
	com := []string{heroin, opium}
	kg := map[int][2][2]float64{ // year: [KAZ, TJK] × [heroin, opium]
		2009: {{120, 40}, {0, 0}}, 2010: {{60, 50}, {5, 0}}, 2011: {{15, 20}, {0, 0}},
	}
	s := &dynamics.Simulation{Countries: []string{"KAZ", "TJK"}, Commodities: com}
	for _, y := range []int{2009, 2010, 2011} {
		for m := range 12 {
			mo := dynamics.Month{Date: time.Date(y, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC),
				Commodities: []dynamics.CommodityKg{{Commodity: heroin, InflowKg: 1000.0 / 12}, {Commodity: opium}}}
			for c, code := range s.Countries {
				cm := dynamics.CountryMonth{Country: code}
				for k, name := range com {
					cm.Commodities = append(cm.Commodities, dynamics.CommodityKg{Commodity: name, SeizedKg: kg[y][c][k] / 12})
				}
				mo.Countries = append(mo.Countries, cm)
			}
			s.Months = append(s.Months, mo)
		}
	}
	figs := DynamicsPublished()
	if len(figs) != 4 {
		t.Fatalf("%d figures, want 4", len(figs))
	}
	for i, want := range []float64{120, 60, 20.0/50 - 1, 65.0 / 1000} {
		got, err := figs[i].Value(s)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s %d: %v, want %v", figs[i].Name, figs[i].Year, got, want)
		}
		if figs[i].Source == "" || figs[i].Low > figs[i].High {
			t.Errorf("%s: source %q, range %v–%v", figs[i].Name, figs[i].Source, figs[i].Low, figs[i].High)
		}
	}
	if f := figs[3]; f.High != 0.03 || !strings.Contains(f.Source, "less than 3 percent") {
		t.Errorf("the share seized: %v–%v from %q, want Published's under 3%%", f.Low, f.High, f.Source)
	}
	// A run without 2009 cannot give the 2009 figure.
	short := *s
	short.Months = s.Months[12:]
	if _, err := figs[0].Value(&short); err == nil {
		t.Error("the 2009 figure from a run of 2010–2011: no error")
	}
	if _, err := figs[2].Value(&dynamics.Simulation{Countries: s.Countries, Months: s.Months}); err == nil {
		t.Error("a run without commodities: no error")
	}
}
