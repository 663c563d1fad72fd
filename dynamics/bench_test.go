package dynamics_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/dynamics"
	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/risk"
)

var (
	nrOnce  sync.Once
	nrModel *risk.Model
	nrErr   error
)

// northernRoute returns the Northern Route's 2010 baseline model, built
// once.
func northernRoute(b *testing.B) *risk.Model {
	nrOnce.Do(func() {
		c, err := northernroute.Corridor()
		if err != nil {
			nrErr = err
			return
		}
		g, s := northernroute.GraphSettings(), northernroute.Baseline2010()
		a, err := routerisk.Analyze(context.Background(), c, &routerisk.Options{Graph: &g, Scenario: &s})
		if err != nil {
			nrErr = err
			return
		}
		nrModel = a.Model()
	})
	if nrErr != nil {
		b.Fatal(nrErr)
	}
	return nrModel
}

// BenchmarkNorthernRoute runs six years month by month on the Northern
// Route, with and without adaptation, with the Customs Union and the
// programme as events.
func BenchmarkNorthernRoute(b *testing.B) {
	m := northernRoute(b)
	at := func(y int, mo time.Month) time.Time { return time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC) }
	cu, err := dynamics.ScenarioEvent(at(2011, time.July), northernroute.Baseline2010(), northernroute.CustomsUnion2011())
	if err != nil {
		b.Fatal(err)
	}
	pr, err := dynamics.ScenarioEvent(at(2012, time.January), northernroute.CustomsUnion2011(), northernroute.Programme2012())
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name     string
		adaptive bool
		events   []dynamics.Event
	}{
		{"adaptive/events", true, []dynamics.Event{cu, pr}},
		{"adaptive/no-events", true, nil},
		{"static/no-events", false, nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := dynamics.DefaultSettings()
			s.Start, s.Months, s.Adaptive, s.Events = at(2009, time.January), 72, bc.adaptive, bc.events
			b.ReportAllocs()
			for b.Loop() {
				if _, err := dynamics.Run(context.Background(), m, &s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
