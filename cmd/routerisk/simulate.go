package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/dynamics"
	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/risk"
)

const simulateAbout = `Simulate runs traffickers and border services adapting to each other month
by month over the corridor's risk model (package dynamics): the traffickers
learn from their seizures, open new crossings and gaps after losses and drop
the riskiest when losses are low; the border services move their effort
toward the seizures. On the embedded Northern Route it runs 2009–2014 with
the supply of the UNODC opium surveys and two events, the Customs Union
(July 2011) and Kazakhstan's 2012 programme; on a corridor folder (-corridor)
it runs the library's neutral defaults, constant supply and no events,
January 2010 to December 2014. An event before -from is in force from the
start; one after -to, or one whose changes the base scenario (-scenario)
has already, is left out. Every behavioural constant is an assumption
documented in package dynamics.

It prints the measures year by year, what the adaptation did and the flow
each event displaced, and writes into -out a folder for QGIS: the dated
routes, crossings and gaps and seizures over the corridor's countries (open
the .qgs and press play in the temporal controller), the time-series plots
(SVG and PNG) and the printed summary. The output folder is checked before
any work. The same seed gives the same folder, byte for byte.`

// monthFlag is a month given as yyyy-mm; unset, the run's default.
type monthFlag struct {
	t   time.Time
	set bool
}

func (m *monthFlag) String() string {
	if m == nil || !m.set {
		return ""
	}
	return m.t.Format("2006-01")
}

func (m *monthFlag) Set(s string) error {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return fmt.Errorf("want a month as yyyy-mm, e.g. 2011-07, got %q", s)
	}
	m.t, m.set = t, true
	return nil
}

// monthsBetween returns the number of months from the month of a to the
// month of b, both included.
func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()-a.Month()) + 1
}

func cmdSimulate(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("simulate", "[flags]", simulateAbout)
	var f analysisFlags
	f.register(fs, "out-simulate")
	fs.Lookup("calibrate").Usage = "fit the per-country intensities to the target first (default: only when -target is given; slower)"
	fs.Lookup("target").Usage = "calibration target: a settings `file` (.toml, .json) or observed-2011; giving one calibrates (default: none)"
	fs.Lookup("project").Usage = "`name` of the project files, followed by -simulate (default: northern-route, or the corridor folder's name)"
	scenario := fs.String("scenario", "", "base scenario, to which the events add theirs: a settings `file` (.toml, .json) or a name from 'routerisk scenario list' (default: baseline-2010 on the Northern Route, defaults on a corridor folder)")
	var from, to monthFlag
	fs.Var(&from, "from", "first `month` simulated, yyyy-mm (default: 2009-01 on the Northern Route, 2010-01 on a corridor folder)")
	fs.Var(&to, "to", "last `month` simulated, yyyy-mm (default: 2014-12)")
	seed := fs.Uint64("seed", 1, "`seed` of the simulation: the same seed gives the same run")
	if _, err := e.parse(fs, args, 0); err != nil {
		return err
	}

	// The dynamics settings: the Northern Route's run, or the neutral
	// defaults on a corridor folder.
	var ds dynamics.Settings
	if f.corridor == "" {
		var err error
		if ds, err = northernroute.DynamicsSettings(); err != nil {
			return err
		}
	} else {
		ds = dynamics.DefaultSettings()
		ds.Months = monthsBetween(ds.Start, time.Date(2014, time.December, 1, 0, 0, 0, 0, time.UTC))
	}
	last := ds.End().AddDate(0, -1, 0)
	if from.set {
		ds.Start = from.t
	}
	if to.set {
		last = to.t
	}
	switch n := monthsBetween(ds.Start, last); {
	case n < 1:
		return e.usageError(fs, "-to %s is before -from %s", last.Format("2006-01"), ds.Start.Format("2006-01"))
	case n > dynamics.MaxMonths:
		return e.usageError(fs, "-from %s -to %s: %d months, more than the %d a run may have",
			ds.Start.Format("2006-01"), last.Format("2006-01"), n, dynamics.MaxMonths)
	default:
		ds.Months = n
	}
	ds.Seed = *seed

	// The output folder first: a bad one is reported before any work.
	if err := export.CheckDir(f.out); err != nil {
		return err
	}
	cs, opt, err := f.setup(*scenario)
	if err != nil {
		return err
	}
	// Calibrate only when asked, or when a target is given: the
	// simulation's documented behaviour is that of the uncalibrated model.
	opt.Calibrate = f.calibrate.or(f.target != "" && opt.Target != nil)
	for _, ev := range dropContained(&ds, *opt.Scenario) {
		fmt.Fprintf(e.stderr, "routerisk: %s (%s) is left out: scenario %s already has its rules and upgrades\n", ev.Name, ev.Date.Format("2006-01"), opt.Scenario.Name)
	}
	before, after := splitEvents(&ds)
	for _, ev := range before {
		if len(ev.Extras) > 0 {
			return fmt.Errorf("%s (%s) puts a plan in place before -from %s; a plan cannot be folded into the scenario: start the run before its date", ev.Name, ev.Date.Format("2006-01"), ds.Start.Format("2006-01"))
		}
		if ev.Apply != nil {
			ev.Apply(opt.Scenario)
		}
		fmt.Fprintf(e.stderr, "routerisk: %s (%s) is in force from the start, %s\n", ev.Name, ev.Date.Format("2006-01"), ds.Start.Format("2006-01"))
	}
	for _, ev := range after {
		fmt.Fprintf(e.stderr, "routerisk: %s (%s) is left out: it comes after the last month, %s\n", ev.Name, ev.Date.Format("2006-01"), last.Format("2006-01"))
	}
	if err := opt.Scenario.Validate(); err != nil {
		return err
	}
	if err := ds.Validate(); err != nil {
		return err
	}

	report, done := e.progress("simulate")
	total := 0
	opt.Progress = func(s routerisk.Step) {
		total = s.Total
		report(routerisk.Step{Index: s.Index, Total: s.Total + ds.Months, Name: s.Name})
	}
	a, err := routerisk.Analyze(ctx, cs.corridor, opt)
	if err != nil {
		done()
		return err
	}
	if err := ctx.Err(); err != nil {
		done()
		return err
	}
	// The bar counts the months; plain lines come once a year.
	report(routerisk.Step{Index: total, Total: total + ds.Months, Name: fmt.Sprintf("simulate %d months", ds.Months)})
	ds.Progress = func(month, months int) {
		if e.terminal || month%12 == 0 && month < months {
			report(routerisk.Step{Index: total + month, Total: total + months, Name: fmt.Sprintf("simulate: month %d of %d", month, months)})
		}
	}
	sim, err := dynamics.Run(ctx, a.Model(), &ds)
	done()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	countries := sim.SeizingCountries(7)
	var summary bytes.Buffer
	fmt.Fprintf(&summary, "%s, %s: %s to %s, seed %d\n\n", cs.corridor.Name, modelName(a),
		ds.Start.Format("2006-01"), last.Format("2006-01"), ds.Seed)
	if err := dynamics.WriteSummary(&summary, sim, &dynamics.SummaryOptions{Countries: countries}); err != nil {
		return err
	}
	if _, err := e.stdout.Write(summary.Bytes()); err != nil {
		return err
	}

	base, err := a.Layers()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "routerisk: writing the export to %s\n", f.out)
	m, err := dynamics.WriteQGIS(f.out, f.project+"-simulate", sim, backgroundLayers(base), countries, &export.Options{
		// No KML: Google Earth would draw every month on top of the others.
		Formats: export.All &^ export.KML,
		Title: fmt.Sprintf("%s month by month, %s to %s", cs.corridor.Name,
			ds.Start.Format("2006-01"), last.Format("2006-01")),
		Notes: simulationNotes(sim, a, f.project+"-simulate"),
		Extra: []export.Extra{{Name: "summary.txt", Format: "txt", Write: writeSummary(summary.Bytes())}},
	})
	if err != nil {
		return err
	}
	printWritten(e, m)
	fmt.Fprintf(e.stdout, "press play in QGIS's temporal controller to see the months one by one\n")
	return nil
}

// splitEvents removes from s the events before its first month and after
// its last, and returns them: those before are in force from the start.
func splitEvents(s *dynamics.Settings) (before, after []dynamics.Event) {
	start, end := s.Start, s.End()
	start = time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	var keep []dynamics.Event
	for _, ev := range s.Events {
		switch {
		case ev.Date.Before(start):
			before = append(before, ev)
		case !ev.Date.Before(end):
			after = append(after, ev)
		default:
			keep = append(keep, ev)
		}
	}
	s.Events = keep
	return before, after
}

// dropContained removes from s the events whose every rule and upgrade
// the scenario has already, and returns them: a base scenario that
// includes an event's changes would otherwise get them twice.
func dropContained(s *dynamics.Settings, scenario risk.Settings) []dynamics.Event {
	var keep, dropped []dynamics.Event
	for _, ev := range s.Events {
		if ev.Apply == nil || len(ev.Extras) > 0 {
			keep = append(keep, ev) // a plan is never part of a scenario
			continue
		}
		var added risk.Settings
		ev.Apply(&added)
		contained := len(added.Rules)+len(added.Upgrades) > 0
		for _, r := range added.Rules {
			contained = contained && slices.ContainsFunc(scenario.Rules, func(x risk.CrossingRule) bool { return reflect.DeepEqual(x, r) })
		}
		for _, u := range added.Upgrades {
			contained = contained && slices.ContainsFunc(scenario.Upgrades, func(x risk.BorderUpgrade) bool { return reflect.DeepEqual(x, u) })
		}
		if contained {
			dropped = append(dropped, ev)
		} else {
			keep = append(keep, ev)
		}
	}
	s.Events = keep
	return dropped
}

// modelName describes the model the simulation ran on.
func modelName(a *routerisk.Analysis) string {
	name := "scenario " + a.Result.Settings.Name
	if a.Calibration != nil && a.Target != nil {
		return name + ", calibrated to " + a.Target.Name
	}
	return name + " (uncalibrated)"
}

// simulationNotes are the lines under the map's legend.
func simulationNotes(sim *dynamics.Simulation, a *routerisk.Analysis, project string) []string {
	st := sim.Settings
	notes := []string{
		fmt.Sprintf("dynamics simulation, seed %d, %s to %s, %s;", st.Seed, st.Start.Format("2006-01"),
			st.End().AddDate(0, -1, 0).Format("2006-01"), modelName(a)),
		fmt.Sprintf("the map shows every month at once; QGIS's temporal controller (%s.qgs) plays them month by month;", project),
	}
	var sources []string
	for _, l := range st.Supply {
		sources = append(sources, l.Source)
	}
	if len(sources) > 0 {
		notes = append(notes, "supply: "+summariseSources(sources)+";")
	}
	var events []string
	for _, ev := range st.Events {
		events = append(events, fmt.Sprintf("%s (%s)", ev.Name, ev.Date.Format("2006-01")))
	}
	if len(events) > 0 {
		notes = append(notes, "events: "+strings.Join(events, ", ")+";")
	}
	return append(notes, "behaviour: dynamics' documented assumptions")
}

// summariseSources returns the sources, or their common first part when
// they differ only after it (the year of a survey).
func summariseSources(ss []string) string {
	if len(ss) == 1 {
		return ss[0]
	}
	prefix := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	for !utf8.ValidString(prefix) { // cut within a character
		prefix = prefix[:len(prefix)-1]
	}
	if p := strings.TrimRight(prefix, " 0123456789"); len(p) >= 10 {
		return p + fmt.Sprintf(" (%d figures)", len(ss))
	}
	return strings.Join(ss, "; ")
}

// background are the analysis's layers drawn beneath the dated ones.
var background = []string{"countries", "borders", "settlements", "origins", "destinations"}

// backgroundLayers returns the layers of base named in background.
func backgroundLayers(base []export.Layer) []export.Layer {
	var ls []export.Layer
	for _, l := range base {
		if slices.Contains(background, l.Name) {
			ls = append(ls, l)
		}
	}
	return ls
}

// writeSummary is an export.Extra writing b.
func writeSummary(b []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}
}
