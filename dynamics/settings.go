package dynamics

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/routerisk/routerisk/risk"
)

// Settings are the behavioural constants of a simulation. Start from
// DefaultSettings, which fills every field; every default is an assumption
// (no published figure pins these down) and says so. Validate names the
// first invalid field.
type Settings struct {
	// Seed seeds the PCG generator; the same seed gives the same run on
	// every machine. Default 1; zero is a seed like any other.
	Seed uint64

	// Start is the first month simulated (its day and time are ignored).
	// Default January 2010 (an arbitrary month; set the run's own).
	Start time.Time

	// Months is the number of months simulated. Default 60. Must be in
	// [1, MaxMonths].
	Months int

	// Adaptive switches adaptation on. When false every route of the
	// choice sets is open to the traffickers, their perceived risk is the
	// model's, effort stays spread as the model assumes and shipment sizes
	// are fixed: the simulation then draws from risk's static equilibrium.
	// Default true.
	Adaptive bool

	// Organisations is the number of trafficking organisations; each
	// carries an equal share of every origin–destination flow and keeps
	// its own memory and routes. Default 1 (assumption). Must be in
	// [1, MaxOrganisations].
	Organisations int

	// ShipmentKg is the starting size of a shipment; each month's flow on a
	// route is cut into shipments of this size (the remainder is one more
	// shipment with that probability), so that seizures come in lumps. A
	// commodity with its own risk.Commodity.ShipmentKg starts at that
	// size instead. Default risk.DefaultShipmentKg (assumption). Must be
	// positive.
	ShipmentKg float64

	// SizeStep is the factor by which an organisation shrinks its shipments
	// after a month of losses above LossTolerance (spreading the risk) and
	// the inverse by which it grows them when losses fall below PruneBelow,
	// within a quarter and four times the starting size. Smaller shipments make the
	// seizures less lumpy but do not lower the share seized, since every
	// shipment is seized with the same probability. Default 0.9
	// (assumption); 1 keeps the size fixed. Must be in (0,1].
	SizeStep float64

	// Memory is δ, the share of an organisation's remembered shipments and
	// seizures kept from one month to the next: recent seizures weigh more
	// and old ones fade (δ = 0.85 halves a seizure's weight in about four
	// months). Default 0.85 (assumption). Must be in [0,1].
	Memory float64

	// PriorSeizures is the weight, in seizures, of what the model says
	// about an element against what an organisation has seen there: its
	// perceived risk is the model's scaled by (seen + prior)/(expected +
	// prior). Default 2 (assumption: two seizures more or fewer than
	// expected move the perception by half). Must be positive.
	PriorSeizures float64

	// LossTolerance is the share seized, relative to the share seized in
	// the first month's static equilibrium, above which an organisation
	// expands: each of its origin–destination pairs opens its cheapest
	// route that uses a crossing or gap it did not use. Losses are
	// remembered with Memory. The reference is the model's even effort:
	// once the services concentrate theirs where the flow is (Learning),
	// the share seized usually settles above it, and where it settles
	// above LossTolerance the organisations expand every month, never
	// prune, and their shipments shrink to a quarter of their size (the Northern
	// Route under the defaults does; examples/cat-and-mouse prints it).
	// Default 1.2 (assumption: a fifth more than usual). Must be ≥
	// PruneBelow.
	LossTolerance float64

	// PruneBelow is the relative share seized below which an organisation
	// drops the crossing or gap it perceives as riskiest (keeping a route
	// for every pair). Default 0.8 (assumption). Must be ≥ 0.
	PruneBelow float64

	// InitialRoutes is the number of routes of each pair's choice set, by
	// cost, whose crossings and gaps an organisation uses at the start.
	// Default 2 (assumption). Must be ≥ 1 (risk's K caps it).
	InitialRoutes int

	// Capacity is each border service's monthly interdiction effort
	// relative to what the risk model assumes, by ISO code: 1 is the
	// model's effort, 2 twice as much. It scales every hazard of the
	// country as risk's Intensity does (p becomes 1 − (1−p)^e). A country
	// not in the map gets OtherCapacity. Default nil. Values must be
	// positive and finite.
	Capacity map[string]float64

	// OtherCapacity is the capacity of countries not in Capacity. Default
	// 1 (the model's effort). Must be positive and finite.
	OtherCapacity float64

	// Learning is the share of its border effort a service moves each
	// month toward its target (where its seizures were, and where risk's
	// analysis puts the flow). Effort is conserved within a country: it is
	// spread over the n crossings and gaps of the country on the choice
	// sets, each starting with the model's effort, so effort moved onto one
	// of them multiplies its hazard exponent, up to n·Capacity when all of
	// it is there, within MaxEffort (assumption: a post's effort can go
	// anywhere on the country's borders). Default 0.2 (assumption). Must
	// be in [0,1] with Learning + Forgetting ≤ 1.
	Learning float64

	// MaxEffort caps the effort at one crossing or gap at MaxEffort times
	// the even spread of its country's capacity (the model's effort at
	// Capacity 1); what a capped element would take beyond it stays on the
	// country's other elements, so effort is still conserved. Effort e
	// makes an element's probability 1 − (1−p)^e, a probability at any e.
	// Default 3 (assumption: within a month a post can be reinforced by
	// the two shifts it does not have on duty, by mobile groups and dog
	// teams, to about three times its usual inspection; beyond that its
	// lanes, scanners and the traffic it must let through bound the
	// searches, and staff moved there for longer would be a new post, an
	// event). math.Inf(1): no bound. Must be ≥ 1.
	MaxEffort float64

	// Forgetting is the share of its border effort a service moves each
	// month back to the even spread the model assumes. Default 0.05
	// (assumption). Must be in [0,1].
	Forgetting float64

	// SeizureWeight is ω, the weight of last month's seizures in a
	// service's target; 1 − ω goes to the elements' share of the flow in
	// risk's static analysis, which does not move: with ω < 1 a service
	// keeps effort at the elements busiest in that analysis however the
	// flow moves. Default 0.5 (assumption). Must be in [0,1].
	SeizureWeight float64

	// Supply changes the flow over time: from each level's date on, the
	// model's flow is multiplied by its Factor. Before the first level the
	// factor is 1. Default nil (constant supply). Dates must increase and
	// factors be positive.
	Supply []SupplyLevel

	// Events change the model's settings at their dates, in order. Default
	// nil. Each date must fall within the run.
	Events []Event

	// Window is the number of months before and after an event compared
	// to measure the flow it displaced. Default 6. Must be ≥ 1.
	Window int

	// TopRoutes is the number of routes, most flow first, kept per month
	// for the dated route layer. Default 20. Must be ≥ 0.
	TopRoutes int

	// Progress, when not nil, is called by Run after each month simulated,
	// on Run's goroutine, with the months done and the run's Months (for a
	// progress bar; Replicate calls it for each run in turn). It does not
	// change the run. Default nil.
	Progress func(month, months int)
}

// Limits of the settings.
const (
	MaxMonths        = 1200
	MaxOrganisations = 64
)

// A SupplyLevel is the flow factor from a date on.
type SupplyLevel struct {
	From   time.Time
	Factor float64
	Source string // the figure it comes from, or "assumption"
}

// An Event changes the model from its date on: Apply edits a copy of the
// settings in force (a scenario, a programme, a closure) and Extras put a
// defender plan in place; an event has one or both.
type Event struct {
	Date  time.Time
	Name  string
	Apply func(*risk.Settings) // nil: the settings stay as they are
	// Extras are interdiction chances the settings do not describe, such
	// as a plan's upgrades (plan's Corridor.Extras), added by risk's
	// WithExtra after the event's settings. They stay in force through
	// later events, whose settings risk's With would otherwise price
	// without them, and the services' effort at an element scales them as
	// it does the element's own hazards. An extra that names no edge, a
	// country or carrier the model lacks, or a P outside [0,1) is an
	// error naming the event.
	Extras []risk.Extra
}

// DefaultSettings returns complete defaults, every one an assumption
// documented field by field: one organisation, adaptation on, the model's
// effort, constant supply and no events, 60 months from January 2010.
func DefaultSettings() Settings {
	return Settings{
		Seed:          1,
		Start:         time.Date(2010, time.January, 1, 0, 0, 0, 0, time.UTC),
		Months:        60,
		Adaptive:      true,
		Organisations: 1,
		ShipmentKg:    risk.DefaultShipmentKg,
		SizeStep:      0.9,
		Memory:        0.85,
		PriorSeizures: 2,
		LossTolerance: 1.2,
		PruneBelow:    0.8,
		InitialRoutes: 2,
		OtherCapacity: 1,
		Learning:      0.2,
		Forgetting:    0.05,
		MaxEffort:     3,
		SeizureWeight: 0.5,
		Window:        6,
		TopRoutes:     20,
	}
}

// Clone returns a deep copy of s.
func (s Settings) Clone() Settings {
	if s.Capacity != nil {
		c := make(map[string]float64, len(s.Capacity))
		for k, v := range s.Capacity {
			c[k] = v
		}
		s.Capacity = c
	}
	s.Supply = slices.Clone(s.Supply)
	s.Events = slices.Clone(s.Events)
	for i, e := range s.Events {
		if e.Extras != nil {
			s.Events[i].Extras = slices.Clone(e.Extras)
			for j, x := range e.Extras {
				s.Events[i].Extras[j].Carriers = slices.Clone(x.Carriers)
			}
		}
	}
	return s
}

// CapacityOf returns the capacity of the country with the given code.
func (s *Settings) CapacityOf(code string) float64 {
	if v, ok := s.Capacity[code]; ok {
		return v
	}
	return s.OtherCapacity
}

// month returns the first day of t's month in UTC.
func month(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// monthIndex returns the number of months from the start month to t's
// month.
func monthIndex(start, t time.Time) int {
	return (t.Year()-start.Year())*12 + int(t.Month()) - int(start.Month())
}

// End returns the first day of the month after the last one simulated.
func (s *Settings) End() time.Time {
	return month(s.Start).AddDate(0, s.Months, 0)
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Validate returns a *SettingError for the first invalid field of s, named
// as in Go ("Capacity[KAZ]", "Events[1].Date"); nil when every field is
// valid.
func (s *Settings) Validate() error {
	bad := func(field, value, want string) error {
		return &SettingError{Field: field, Value: value, Want: want}
	}
	unit := func(field string, v float64) error {
		if !(v >= 0 && v <= 1) {
			return bad(field, num(v), "in [0,1]")
		}
		return nil
	}
	positive := func(field string, v float64) error {
		if !(v > 0) || math.IsInf(v, 1) {
			return bad(field, num(v), "positive and finite")
		}
		return nil
	}
	if s.Start.IsZero() {
		return bad("Start", "the zero time", "a month")
	}
	if s.Months < 1 || s.Months > MaxMonths {
		return bad("Months", strconv.Itoa(s.Months), fmt.Sprintf("in [1,%d]", MaxMonths))
	}
	if s.Organisations < 1 || s.Organisations > MaxOrganisations {
		return bad("Organisations", strconv.Itoa(s.Organisations), fmt.Sprintf("in [1,%d]", MaxOrganisations))
	}
	if err := positive("ShipmentKg", s.ShipmentKg); err != nil {
		return err
	}
	if !(s.SizeStep > 0 && s.SizeStep <= 1) {
		return bad("SizeStep", num(s.SizeStep), "in (0,1]")
	}
	if err := unit("Memory", s.Memory); err != nil {
		return err
	}
	if err := positive("PriorSeizures", s.PriorSeizures); err != nil {
		return err
	}
	if !(s.PruneBelow >= 0) || math.IsInf(s.PruneBelow, 1) {
		return bad("PruneBelow", num(s.PruneBelow), "≥ 0 and finite")
	}
	if !(s.LossTolerance >= s.PruneBelow) || math.IsInf(s.LossTolerance, 1) {
		return bad("LossTolerance", num(s.LossTolerance), "finite and ≥ PruneBelow ("+num(s.PruneBelow)+")")
	}
	if s.InitialRoutes < 1 {
		return bad("InitialRoutes", strconv.Itoa(s.InitialRoutes), "≥ 1")
	}
	for _, k := range sortedKeys(s.Capacity) {
		if err := positive("Capacity["+k+"]", s.Capacity[k]); err != nil {
			return err
		}
	}
	if err := positive("OtherCapacity", s.OtherCapacity); err != nil {
		return err
	}
	if err := unit("Learning", s.Learning); err != nil {
		return err
	}
	if err := unit("Forgetting", s.Forgetting); err != nil {
		return err
	}
	if s.Learning+s.Forgetting > 1 {
		return bad("Learning", num(s.Learning), "at most 1 − Forgetting ("+num(1-s.Forgetting)+")")
	}
	if !(s.MaxEffort >= 1) {
		return bad("MaxEffort", num(s.MaxEffort), "≥ 1 (+Inf: no bound)")
	}
	if err := unit("SeizureWeight", s.SeizureWeight); err != nil {
		return err
	}
	for i, l := range s.Supply {
		f := fmt.Sprintf("Supply[%d]", i)
		if err := positive(f+".Factor", l.Factor); err != nil {
			return err
		}
		if i > 0 && !l.From.After(s.Supply[i-1].From) {
			return bad(f+".From", l.From.Format(time.DateOnly), "after Supply["+strconv.Itoa(i-1)+"].From")
		}
	}
	start, end := month(s.Start), s.End()
	for i, e := range s.Events {
		f := fmt.Sprintf("Events[%d]", i)
		if e.Date.Before(start) || !e.Date.Before(end) {
			return bad(f+".Date", e.Date.Format(time.DateOnly),
				"within the run, from "+start.Format(time.DateOnly)+" to before "+end.Format(time.DateOnly))
		}
		if e.Apply == nil && len(e.Extras) == 0 {
			return bad(f+".Apply", "nil", "a function when the event has no Extras")
		}
		for j, x := range e.Extras {
			if p := float64(x.P); !(p >= 0 && p < 1) {
				return bad(fmt.Sprintf("%s.Extras[%d].P", f, j), num(p), "in [0,1)")
			}
		}
		if i > 0 && e.Date.Before(s.Events[i-1].Date) {
			return bad(f+".Date", e.Date.Format(time.DateOnly), "not before Events["+strconv.Itoa(i-1)+"].Date")
		}
	}
	if s.Window < 1 {
		return bad("Window", strconv.Itoa(s.Window), "≥ 1")
	}
	if s.TopRoutes < 0 {
		return bad("TopRoutes", strconv.Itoa(s.TopRoutes), "≥ 0")
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// supplyAt returns the supply factor in force on date t.
func (s *Settings) supplyAt(t time.Time) float64 {
	f := 1.0
	for _, l := range s.Supply {
		if !l.From.After(t) {
			f = l.Factor
		}
	}
	return f
}
