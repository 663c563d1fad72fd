package northernroute

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
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
