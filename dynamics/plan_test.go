package dynamics

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

const toyX1 = "AAA-BBB-x1"

// toyPlan returns the extras of a plan on the toy corridor: a scanner on
// BBB's side of crossing x1, the busiest, adding a chance pi, and the
// crossing's edge into BBB.
func toyPlan(t *testing.T, m *risk.Model, pi float64) ([]risk.Extra, int) {
	t.Helper()
	c, err := plan.FromModel(m, nil, []plan.Candidate{{Kind: plan.Scanner, Feature: toyX1, Side: "BBB", Cost: 1,
		Effects: []plan.Placed{{Feature: toyX1, Pi: pi}}}})
	if err != nil {
		t.Fatal(err)
	}
	xs, err := c.Extras([]int{0})
	if err != nil {
		t.Fatal(err)
	}
	if len(xs) != 1 {
		t.Fatalf("the scanner's extras: %v, want one", xs)
	}
	ed := m.Graph().EdgeAt(xs[0].Edge)
	if ed.Kind != route.EdgeCrossing || ed.Feature != toyX1 || ed.Country2 != "BBB" {
		t.Fatalf("the scanner's edge %d is %v %q into %q, want crossing %s into BBB", xs[0].Edge, ed.Kind, ed.Feature, ed.Country2, toyX1)
	}
	return xs, xs[0].Edge
}

// elementProb returns the chance that a shipment on edge e is seized at
// its crossing or gap under m: 1 − Π(1−p) over the edge's border stages.
func elementProb(t *testing.T, m *risk.Model, e int) float64 {
	t.Helper()
	sts, err := m.EdgeStages("courier", e)
	if err != nil {
		t.Fatal(err)
	}
	q := 1.0
	for _, st := range sts {
		if st.Kind != risk.StageInland {
			q *= 1 - float64(st.P)
		}
	}
	return 1 - q
}

// checkEpoch checks that the epoch in force prices every route as want
// does, at effort 1: its cumulative survival equals want's path
// probability and x1's hazard want's.
func checkEpoch(t *testing.T, label string, x *sim, want *risk.Model, e int) {
	t.Helper()
	for i := range x.ep.routes {
		r := &x.ep.routes[i]
		x.survival(r)
		p, err := want.PathProb(r.r.Carrier, r.r.Path.Edges)
		if err != nil {
			t.Fatal(err)
		}
		if got := -math.Expm1(r.cum[len(r.cum)-1]); math.Abs(got-float64(p)) > 1e-12 {
			t.Errorf("%s: route %v: seizure probability %.15f, want risk's %.15f", label, r.r.Via, got, float64(p))
		}
	}
	v := x.w.elemIx[toyX1]
	if got, w := -math.Expm1(-x.ep.elemH[v]), elementProb(t, want, e); math.Abs(got-w) > 1e-12 {
		t.Errorf("%s: x1's seizure probability %.15f, want risk's %.15f", label, got, w)
	}
}

// TestPlanEvent checks an event that puts a defender plan in place: before
// its date the run is the run without it, byte for byte; from its date the
// routes are priced as risk's WithExtra prices them (x1's seizure
// probability 1 − (1−p)(1−0.002)), the mean monthly flow through x1 falls to
// the static flow of that model within Monte Carlo error, and x1's share
// seized rises to its new probability; a later event's settings keep the
// plan.
func TestPlanEvent(t *testing.T) {
	m := toyCorridorModel(t)
	const pi = 0.002
	xs, e := toyPlan(t, m, pi)
	want, err := m.WithExtra(xs)
	if err != nil {
		t.Fatal(err)
	}
	p0, p1 := elementProb(t, m, e), elementProb(t, want, e)
	if math.Abs((1-p1)-(1-p0)*(1-pi)) > 1e-15 || p0 >= 0.1 {
		t.Fatalf("risk: x1's probability %v with the scanner, %v without: not 1 − (1−p)(1−%v)", p1, p0, pi)
	}

	const at, months = 12, MaxMonths
	s := DefaultSettings()
	s.Adaptive, s.Months, s.Seed = false, months, 3
	base := s
	s.Events = []Event{{Date: s.Start.AddDate(0, at, 0), Name: "scanner at x1", Extras: xs}}

	// Exactly as risk prices it, before and after.
	x, err := newSim(m, &s)
	if err != nil {
		t.Fatal(err)
	}
	for k := range at {
		if err := x.step(k); err != nil {
			t.Fatal(err)
		}
	}
	checkEpoch(t, "before", x, m, e)
	if err := x.step(at); err != nil {
		t.Fatal(err)
	}
	checkEpoch(t, "after", x, want, e)

	got, err := Run(context.Background(), m, &s)
	if err != nil {
		t.Fatal(err)
	}
	without, err := Run(context.Background(), m, &base)
	if err != nil {
		t.Fatal(err)
	}
	for k := range at {
		if !reflect.DeepEqual(got.Months[k], without.Months[k]) {
			t.Fatalf("month %d, before the plan: differs from the run without it", k+1)
		}
	}
	if !slices.Equal(got.Months[at].Events, []string{"scanner at x1"}) {
		t.Errorf("month %d: events %v, want the plan's", at+1, got.Months[at].Events)
	}

	// Flow through x1 against risk's static flows.
	routeKg := func(sim *Simulation, from, to int) float64 {
		var kg float64
		for _, mo := range sim.Months[from:to] {
			for _, r := range mo.TopRoutes {
				if r.Via[0] == toyX1 {
					kg += r.Kg
				}
			}
		}
		return kg / float64(to-from)
	}
	staticKg := func(m *risk.Model) float64 {
		res, err := m.Run()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res.Routes {
			if r.Via[0] == toyX1 {
				return 1000 * r.Tonnes / 12
			}
		}
		t.Fatal("no route through x1")
		return 0
	}
	M := float64(months - at)
	tol := 4 * s.ShipmentKg / (2 * math.Sqrt(M))
	before, after := staticKg(m), staticKg(want)
	if after >= 0.8*before || after < 0.2*before {
		t.Fatalf("risk: x1's static flow %.1f kg a month with the scanner, %.1f without", after, before)
	}
	if g := routeKg(got, at, months); math.Abs(g-after) > tol {
		t.Errorf("after the plan: %.2f kg a month through x1, want risk's %.2f ± %.2f (%.2f before)", g, after, tol, before)
	}
	if g := routeKg(got, 0, at); math.Abs(g-before) > 4*s.ShipmentKg/(2*math.Sqrt(at)) {
		t.Errorf("before the plan: %.2f kg a month through x1, want risk's %.2f", g, before)
	}

	// x1's share seized: binomial over the shipments that reached it.
	v := slices.IndexFunc(got.Elements, func(el Element) bool { return el.ID == toyX1 })
	rate := func(from, to int) (float64, int) {
		var seized, n int
		for _, mo := range got.Months[from:to] {
			for _, em := range mo.Elements {
				if em.Element == v {
					seized += em.Seizures
					n += em.Shipments
				}
			}
		}
		return float64(seized) / float64(n), n
	}
	r1, n1 := rate(at, months)
	if n1 < 10000 {
		t.Fatalf("after the plan: %d shipments reached x1, too few to measure its rate", n1)
	}
	t.Logf("x1: %.1f kg a month, seized %.5f of %d shipments after the plan (risk %.1f kg, %.5f); %.1f kg, %.5f before",
		routeKg(got, at, months), r1, n1, after, p1, before, p0)
	if math.Abs(r1-p1) > 4*math.Sqrt(p1*(1-p1)/float64(n1)) {
		t.Errorf("after the plan: x1 seized %.4f of %d shipments, want %.4f", r1, n1, p1)
	}
	if r0, n0 := rate(0, at); math.Abs(r0-p0) > 4*math.Sqrt(p0*(1-p0)/float64(n0))+1.0/float64(n0) {
		t.Errorf("before the plan: x1 seized %.4f of %d shipments, want %.4f", r0, n0, p0)
	}

	// A later event's settings keep the plan in force.
	s.Events = append(s.Events, Event{Date: s.Start.AddDate(0, 2*at, 0), Name: "BBB doubles",
		Apply: func(rs *risk.Settings) {
			c := rs.Countries["BBB"]
			c.Intensity *= 2
			rs.Countries["BBB"] = c
		}})
	x, err = newSim(m, &s)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 2*at + 1 {
		if err := x.step(k); err != nil {
			t.Fatal(err)
		}
	}
	set := m.Settings()
	c := set.Countries["BBB"]
	c.Intensity *= 2
	set.Countries["BBB"] = c
	doubled, err := m.With(&set)
	if err != nil {
		t.Fatal(err)
	}
	if want, err = doubled.WithExtra(xs); err != nil {
		t.Fatal(err)
	}
	checkEpoch(t, "after BBB doubles", x, want, e)
}

// TestPlanEffort checks that the services' effort reaches a plan's extras:
// with adaptation on, the scanner's stage at x1 acts at the effort of BBB
// at x1, its log survival that effort times ln(1 − 0.01).
func TestPlanEffort(t *testing.T) {
	m := toyCorridorModel(t)
	xs, e := toyPlan(t, m, 0.01)
	s := DefaultSettings()
	s.Months = 36
	s.Events = []Event{{Date: s.Start.AddDate(0, 6, 0), Name: "scanner at x1", Extras: xs}}
	x, err := newSim(m, &s)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 18 {
		if err := x.step(k); err != nil {
			t.Fatal(err)
		}
	}
	u := x.w.unitIx[[2]int32{x.w.elemIx[toyX1], x.w.countryIx["BBB"]}]
	effort := x.svc.intense[u]
	if math.Abs(effort-1) < 0.01 {
		t.Fatalf("BBB's effort at x1 is %v after 18 months: too close to 1 to tell", effort)
	}
	found := 0
	for i := range x.ep.routes {
		r := &x.ep.routes[i]
		x.survival(r)
		for j, st := range r.stages {
			if int(st.edge) != e || st.lq != math.Log1p(-0.01) {
				continue
			}
			found++
			if st.unit != int32(u) {
				t.Errorf("route %v: the scanner's stage is unit %d, want BBB's at x1 (%d)", r.r.Via, st.unit, u)
			}
			if got, w := r.cum[j]-r.cum[j-1], effort*math.Log1p(-0.01); math.Abs(got-w) > 1e-12 {
				t.Errorf("route %v: the scanner's log survival %v, want effort %v × ln 0.99 = %v", r.r.Via, got, effort, w)
			}
		}
	}
	if found == 0 {
		t.Error("no route has the scanner's stage")
	}
}

// TestPlanEventErrors checks bad plan events: an extra on an edge the
// graph lacks is an error naming the event, a P outside [0,1) one naming
// the field, and an event with neither settings nor extras one too.
func TestPlanEventErrors(t *testing.T) {
	m := toyCorridorModel(t)
	n := m.Graph().NumEdges()
	for _, c := range []struct {
		name string
		ev   Event
		want string
	}{
		{"edge out of range", Event{Name: "bad plan", Extras: []risk.Extra{{Edge: n, P: 0.2}}}, `Events[0] "bad plan"`},
		{"negative edge", Event{Name: "bad plan", Extras: []risk.Extra{{Edge: -1, P: 0.2}}}, `Events[0] "bad plan"`},
		{"unknown carrier", Event{Name: "bad plan", Extras: []risk.Extra{{Edge: 0, Carriers: []string{"ship"}, P: 0.2}}}, `Events[0] "bad plan"`},
		{"P of 1", Event{Name: "bad plan", Extras: []risk.Extra{{Edge: 0, P: 1}}}, "Events[0].Extras[0].P"},
		{"empty event", Event{Name: "nothing"}, "Events[0].Apply"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := DefaultSettings()
			s.Months = 12
			c.ev.Date = s.Start.AddDate(0, 3, 0)
			s.Events = []Event{c.ev}
			_, err := Run(context.Background(), m, &s)
			if !errors.Is(err, ErrBadSetting) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want ErrBadSetting naming %s", err, c.want)
			}
		})
	}
}
