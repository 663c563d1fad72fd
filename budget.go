package routerisk

import (
	"context"
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/risk"
)

// BudgetOptions set Analysis.Budget. Menu is required; every other field
// has the default its comment gives.
type BudgetOptions struct {
	// Menu says which upgrades are offered, where and at what cost, e.g.
	// northernroute.UpgradeMenu(). Required: a menu has no library
	// defaults.
	Menu *plan.MenuSettings
	// Budget is what each plan may spend, in the menu's cost unit; it must
	// be finite and ≥ 0.
	Budget float64
	// Baseline is the scenario the plans are placed on and judged against,
	// with the analysis's fitted parameters applied when it was calibrated;
	// nil means the analysis's own result.
	Baseline *risk.Settings
	// Compare are scenarios set beside the plans as rows, e.g. a programme
	// as announced, each with the fitted parameters applied; nil: none.
	Compare []ScenarioCost
	// PairShare keeps, for the max–min plan, the origin–destination pairs
	// carrying at least this share of the flow (plan.MaxMinPairs); 0 keeps
	// every pair.
	PairShare float64
	// Solver bounds each exact solve; nil means plan.DefaultSettings(),
	// with no time limit.
	Solver *plan.Settings
	// Sweep are the budgets of the sweep (Corridor.Sweep), each exact solve
	// there limited to a third of Solver.TimeLimit; nil: no sweep.
	Sweep []float64
	// Country is the country whose seizures are reported beside the totals;
	// "" means the menu's Side.
	Country string
	// Unit names the cost unit of the printed figures, e.g. "bn KZT", and
	// UnitScale is what one Unit is in the menu's cost unit, e.g. 1e9. ""
	// and 0 mean the menu's own unit.
	Unit      string
	UnitScale float64
	// Title is the sweep plot's title; "" means "Interdiction bought".
	Title string
}

// A ScenarioCost is a scenario to compare with the plans, under the row
// name Name, costing Cost in the menu's unit (e.g. the budget it was
// announced with).
type ScenarioCost struct {
	Name     string
	Scenario risk.Settings
	Cost     float64
}

// A BudgetReport is what a budget buys on an analysed corridor: the plans
// of the menu within the budget, each evaluated under the full flow model
// against the baseline, the sweep of budgets, and the layers.
type BudgetReport struct {
	// Menu is the menu as set; Offered counts its candidates on the
	// corridor, Plan.Candidates those on edges the carriers use.
	Menu    plan.MenuSettings
	Offered int
	Budget  float64
	Country string // the country reported beside the totals
	Plan    *plan.Corridor
	Base    *risk.Result // the baseline's result
	// Flows are the baseline's origin–destination pairs weighted by their
	// tonnes, SNIP's scenarios; Pairs are those the max–min plan takes the
	// worst of: the ones carrying PairShare of the flow or more (Heavy of
	// them) that some plan of the menu lengthens.
	Flows, Pairs []plan.OD
	Heavy        int
	// Rows are the plans in order: "no upgrade", "max-min (exact)", "SNIP
	// (exact)", "greedy max-min", "greedy SNIP", then one per
	// BudgetOptions.Compare.
	Rows []*plan.Row
	// Worst are the smuggler's cheapest routes for the worst max–min pair
	// with no upgrade and under the max–min plan.
	Worst []WorstRoute
	// Kinds are the SNIP plan's upgrades by kind, every kind it holds in
	// the order the menu first offers them.
	Kinds []KindSpend
	Sweep []plan.SweepPoint
	// Layers are the export layers: countries, borders, the change in
	// interdiction probability of the segments and crossings under the
	// SNIP plan, and the SNIP plan's upgrades on segments and at crossings
	// (where it has any).
	Layers []export.Layer

	a         *Analysis
	unit      string
	unitScale float64
	title     string
}

// A WorstRoute is the smuggler's cheapest route of the worst max–min pair
// under the plan of row Row, with the border crossings and gaps it passes
// and the menu's upgrades standing at each.
type WorstRoute struct {
	Row         string   `json:"row"`
	Carrier     string   `json:"carrier"`
	Origin      string   `json:"origin"`
	Destination string   `json:"destination"`
	Length      float64  `json:"length"` // −ln(1−P) + β·hours
	Via         []string `json:"via"`
	Units       []int    `json:"units"` // of the menu's candidates, per Via
}

// A KindSpend is what a plan buys of one kind of upgrade.
type KindSpend struct {
	Kind  plan.Kind
	Count int
	Cost  float64 // in the menu's unit
}

// Budget places the budget on the corridor the way a planner would ask
// it: it builds the menu on the baseline's model, solves the exact max–min
// plan for the worst pair the menu can reach and the exact SNIP plan over
// the flow's pairs with their greedy counterparts, evaluates each under
// the full model against the baseline, and sweeps the budgets.
func (a *Analysis) Budget(ctx context.Context, opts *BudgetOptions) (*BudgetReport, error) {
	if a == nil || a.Result == nil {
		return nil, fmt.Errorf("routerisk: budget: nil analysis")
	}
	if opts == nil || opts.Menu == nil {
		return nil, fmt.Errorf("routerisk: budget: %s: a menu of upgrades is required (BudgetOptions.Menu): a menu has no library defaults", a.Corridor.Name)
	}
	o := *opts
	if !(o.Budget >= 0) || math.IsInf(o.Budget, 0) {
		return nil, fmt.Errorf("routerisk: budget: %s: budget %v: want a finite number ≥ 0", a.Corridor.Name, o.Budget)
	}
	for _, b := range o.Sweep {
		if !(b >= 0) || math.IsInf(b, 0) {
			return nil, fmt.Errorf("routerisk: budget: %s: sweep budget %v: want a finite number ≥ 0", a.Corridor.Name, b)
		}
	}
	if o.UnitScale == 0 {
		o.UnitScale = 1
	}
	if !(o.UnitScale > 0) || math.IsInf(o.UnitScale, 0) {
		return nil, fmt.Errorf("routerisk: budget: UnitScale %v: want a finite number > 0", o.UnitScale)
	}
	if o.Country == "" {
		o.Country = o.Menu.Side
	}
	if _, ok := a.Result.Country(o.Country); !ok {
		return nil, fmt.Errorf("routerisk: budget: %s: country %q to report is not in the corridor", a.Corridor.Name, o.Country)
	}
	if o.Title == "" {
		o.Title = "Interdiction bought"
	}
	s := plan.DefaultSettings()
	if o.Solver != nil {
		c := *o.Solver
		s = &c
	}
	fail := func(err error) (*BudgetReport, error) {
		return nil, fmt.Errorf("routerisk: budget: %s: %w", a.Corridor.Name, err)
	}

	m, base := a.Model(), a.Result
	if o.Baseline != nil {
		var err error
		if m, base, err = a.runScenario(*o.Baseline); err != nil {
			return fail(err)
		}
	}
	menu, err := plan.CorridorMenu(m, a.Segments, a.Corridor.Crossings, o.Menu)
	if err != nil {
		return fail(err)
	}
	pc, err := plan.FromModel(m, nil, menu)
	if err != nil {
		return fail(err)
	}
	flows, err := pc.Scenarios(base)
	if err != nil {
		return fail(err)
	}
	heavy, err := plan.MaxMinPairs(flows, o.PairShare)
	if err != nil {
		return fail(err)
	}
	// Only the pairs whose cheapest route some plan lengthens: a pair that
	// crosses none of the menu's borders would cap the worst at its own
	// length whatever the plan.
	pairs, err := pc.Instance.Interdictable(heavy)
	if err != nil {
		return fail(err)
	}
	if len(pairs) == 0 {
		return fail(fmt.Errorf("no origin–destination pair of the %d crosses an element of the menu", len(heavy)))
	}
	r := &BudgetReport{Menu: *o.Menu, Offered: len(menu), Budget: o.Budget, Country: o.Country, Plan: pc, Base: base,
		Flows: flows, Pairs: pairs, Heavy: len(heavy), a: a, unit: o.Unit, unitScale: o.UnitScale, title: o.Title}

	none, err := pc.PlanRow("no upgrade", nil, pairs, flows, base)
	if err != nil {
		return fail(err)
	}
	rows, err := pc.Compare(ctx, o.Budget, pairs, flows, base, s)
	if err != nil {
		return fail(err)
	}
	r.Rows = append([]*plan.Row{none}, rows...)
	for _, sc := range o.Compare {
		set := sc.Scenario
		if a.Calibration != nil {
			set = a.Calibration.Apply(set)
		}
		row, err := pc.ScenarioRow(sc.Name, set, sc.Cost, pairs, flows, base)
		if err != nil {
			return fail(fmt.Errorf("scenario %s: %w", sc.Name, err))
		}
		r.Rows = append(r.Rows, row)
	}
	if err := r.worstRoutes(); err != nil {
		return fail(err)
	}
	r.Kinds = kinds(pc.Candidates, r.SNIP().Plan)
	if len(o.Sweep) > 0 {
		ss := *s
		ss.TimeLimit = s.TimeLimit / 3
		if r.Sweep, err = pc.Sweep(ctx, o.Sweep, pairs, flows, &ss); err != nil {
			return fail(err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	if r.Layers, err = r.layers(); err != nil {
		return fail(err)
	}
	return r, nil
}

// runScenario returns the model of scenario s on the analysis's graph,
// with the fitted parameters applied when the analysis was calibrated, and
// its result.
func (a *Analysis) runScenario(s risk.Settings) (*risk.Model, *risk.Result, error) {
	if a.Calibration != nil {
		s = a.Calibration.Apply(s)
	}
	m, err := a.Model().With(&s)
	if err != nil {
		return nil, nil, fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	if err := a.keepFindings(m.Findings()); err != nil {
		return nil, nil, err
	}
	res, err := m.Run()
	if err != nil {
		return nil, nil, fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	return m, res, nil
}

// NoUpgrade returns the row of the baseline without upgrades.
func (r *BudgetReport) NoUpgrade() *plan.Row { return r.Rows[0] }

// MaxMin returns the row of the exact max–min plan.
func (r *BudgetReport) MaxMin() *plan.Row { return r.Rows[1] }

// SNIP returns the row of the exact SNIP plan.
func (r *BudgetReport) SNIP() *plan.Row { return r.Rows[2] }

// worstRoutes sets r.Worst for the rows without upgrade and of the
// max–min plan.
func (r *BudgetReport) worstRoutes() error {
	pc := r.Plan
	g := pc.Model.Graph()
	units := map[string]int{}
	for _, cand := range pc.Candidates {
		for _, e := range cand.Effects {
			units[e.Feature]++
		}
	}
	for _, row := range r.Rows[:2] {
		od := r.Pairs[row.Worst]
		edges, carrier, err := pc.Route(row.Plan, od)
		if err != nil {
			return err
		}
		w := WorstRoute{Row: row.Name, Carrier: pc.Carriers[carrier], Length: row.MaxMin}
		w.Origin, w.Destination = r.pairNames(od)
		for _, e := range edges {
			if ed := g.EdgeAt(e); ed.Feature != "" && ed.Country2 != "" {
				w.Via = append(w.Via, ed.Feature)
				w.Units = append(w.Units, units[ed.Feature])
			}
		}
		r.Worst = append(r.Worst, w)
	}
	return nil
}

// pairNames returns the names of the graph nodes of od's origin and
// destination, which are nodes of the plan's instance (one layer of the
// graph's nodes per carrier).
func (r *BudgetReport) pairNames(od plan.OD) (origin, destination string) {
	g := r.Plan.Model.Graph()
	n := g.NumNodes()
	return g.NodeAt(int64(od.Origin % n)).Name, g.NodeAt(int64(od.Destination % n)).Name
}

// kinds returns what plan buys by kind, in the order the candidates
// first offer each kind.
func kinds(cands []plan.Candidate, p []int) []KindSpend {
	var out []KindSpend
	at := map[plan.Kind]int{}
	for _, c := range cands {
		if _, ok := at[c.Kind]; !ok {
			at[c.Kind] = len(out)
			out = append(out, KindSpend{Kind: c.Kind})
		}
	}
	for _, u := range p {
		k := &out[at[cands[u].Kind]]
		k.Count++
		k.Cost += cands[u].Cost
	}
	kept := out[:0]
	for _, k := range out {
		if k.Count > 0 {
			kept = append(kept, k)
		}
	}
	return kept
}

// The colour of the plan's upgrades on the map.
var planRed = color.NRGBA{0xc0, 0x39, 0x2b, 0xff}

// layers returns the report's export layers (see BudgetReport.Layers).
func (r *BudgetReport) layers() ([]export.Layer, error) {
	a, snip := r.a, r.SNIP()
	planFC, err := r.Plan.PlanLayer(snip.Plan, a.Corridor.Crossings, a.Segments, r.Flows)
	if err != nil {
		return nil, err
	}
	under, xs, err := a.diffLayers(r.Base, snip.Result)
	if err != nil {
		return nil, err
	}
	ls := append(under, xs)
	points, lines := geojson.NewFeatureCollection(), geojson.NewFeatureCollection()
	for _, f := range planFC.Features {
		if _, ok := f.Geometry.(orb.Point); ok {
			points.Append(f)
		} else {
			lines.Append(f)
		}
	}
	if len(lines.Features) > 0 {
		ls = append(ls, export.Layer{Name: "plan_segments", Title: "Upgrades of the SNIP plan (border)", Features: lines, Style: layer.LineStyle(planRed, 1.5)})
	}
	if len(points.Features) > 0 {
		ls = append(ls, export.Layer{Name: "plan_crossings", Title: "Upgrades of the SNIP plan (crossings)", Features: points, Style: layer.PointStyle(planRed, 4, layer.Circle)})
	}
	return ls, nil
}

// money formats an amount of the menu's unit in the report's unit.
func (r *BudgetReport) money(v float64, prec int) string {
	s := fmt.Sprintf("%.*f", prec, v/r.unitScale)
	if r.unit != "" {
		s += " " + r.unit
	}
	return s
}

// costHeader returns a column header of costs, "cost bn KZT" or "cost".
func (r *BudgetReport) costHeader(name string) string {
	return strings.TrimSpace(name + " " + r.unit)
}

// countryKg returns the reported country's seizures in res, kg a year.
func (r *BudgetReport) countryKg(res *risk.Result) float64 {
	cs, _ := res.Country(r.Country)
	return cs.SeizedKg
}

// WriteText writes the report as tables: the menu, the plans side by side
// at the budget, the worst pair's routes, the SNIP plan by kind and the
// sweep.
func (r *BudgetReport) WriteText(w io.Writer) error {
	ew := &reportWriter{w: w}
	pc, base := r.Plan, r.Base
	fmt.Fprintf(ew, "menu: %d upgrades on %v and ports %v, %d of them on edges the carriers use (%d arcs, %d nodes over %d carriers); %d scenarios; max–min over the worst of the %d pairs (of %d) the menu can reach\n",
		r.Offered, r.Menu.Borders, r.Menu.Ports, len(pc.Candidates), pc.Instance.NumArcs(), pc.Instance.NumNodes(), len(pc.Carriers), len(r.Flows), len(r.Pairs), r.Heavy)
	c := r.Country
	fmt.Fprintf(ew, "\nat %s, against %s (seizures %.0f kg a year, %s %.0f kg):\n", r.money(r.Budget, 1), base.Settings.Name, base.SeizedKg(), c, r.countryKg(base))
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "plan\tupgrades\t%s\tmax-min length\tSNIP objective\tlower\tupper\tgap\tstatus\tinterdicted %%\tseized kg\tΔ kg\t%s kg\tΔ %s kg\tmoved t\t\n", r.costHeader("cost"), c, c)
	for _, row := range r.Rows {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.4f\t%.4f\t%s\t%s\t%s\t%s\t%.2f\t%.0f\t%+.0f\t%.0f\t%+.0f\t%.1f\t\n", row.Name, len(row.Plan), row.Cost/r.unitScale, row.MaxMin, row.Evasion,
			bound(row.Lower), bound(row.Upper), bound(row.Gap), row.Status, 100*row.Interdicted, row.SeizedKg(), row.SeizedKg()-base.SeizedKg(),
			r.countryKg(row.Result), r.countryKg(row.Result)-r.countryKg(base), row.Change.MovedTonnes)
	}
	tw.Flush()
	fmt.Fprintf(ew, "\nthe worst max–min pair (the smuggler's cheapest route of all) and its border crossings (menu units there):\n")
	for _, wr := range r.Worst {
		via := make([]string, len(wr.Via))
		for i, f := range wr.Via {
			via[i] = fmt.Sprintf("%s (%d)", f, wr.Units[i])
		}
		fmt.Fprintf(ew, "  %-16s %s: %s → %s, length %.4f, via %s\n", wr.Row, wr.Carrier, wr.Origin, wr.Destination, wr.Length, strings.Join(via, ", "))
	}
	fmt.Fprintf(ew, "\nthe SNIP plan buys:\n")
	if len(r.Kinds) == 0 {
		fmt.Fprintf(ew, "  nothing\n")
	}
	for _, k := range r.Kinds {
		fmt.Fprintf(ew, "  %-8s %3d  %s\n", k.Kind, k.Count, r.money(k.Cost, 2))
	}
	if len(r.Sweep) > 0 {
		fmt.Fprintf(ew, "\nbudget sweep (SNIP objective: mean of exp(−route cost) over the %d scenarios; interdicted: %% of shipments caught on the cheapest routes):\n", len(r.Flows))
		tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%s\tSNIP objective\tlower\tstatus\tcost\tinterdicted %%\tgreedy objective\tinterdicted %%\tmax-min length\tupper\tstatus\tcost\tinterdicted %%\t\n", r.costHeader("budget"))
		for _, q := range r.Sweep {
			fmt.Fprintf(tw, "%.1f\t%.4f\t%.4f\t%s\t%.2f\t%.2f\t%.4f\t%.2f\t%.4f\t%.4f\t%s\t%.2f\t%.2f\t\n", q.Budget/r.unitScale, q.SNIP, q.Lower, q.Status, q.Cost/r.unitScale, 100*q.Interdicted[0],
				q.Greedy, 100*q.Interdicted[1], q.MaxMin, q.MaxMinUpper, q.MaxMinStatus, q.CostMaxMin/r.unitScale, 100*q.Interdicted[2])
		}
		tw.Flush()
	}
	return ew.err
}

// bound formats a bound, "-" when there is none.
func bound(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.4f", v)
}

// SweepPlot returns the sweep's curve of interdiction bought against the
// budget in the report's unit; an error when there was no sweep.
func (r *BudgetReport) SweepPlot() (*plot.Plot, error) {
	if len(r.Sweep) == 0 {
		return nil, fmt.Errorf("routerisk: budget: no sweep (BudgetOptions.Sweep is empty)")
	}
	return plan.SweepPlot(r.Sweep, r.unitScale, r.title, r.costHeader("budget,"))
}

// WriteQGIS writes the report's layers into the folder dir as a
// QGIS-ready export named project (see export.Write), with the sweep's
// curve as sweep.svg and sweep.png when there was a sweep, and the
// seizures per country with no upgrade (countries_base.csv) and under the
// SNIP plan (countries_snip.csv). opts nil means export's defaults, with
// the plan and the baseline as the map's note.
func (r *BudgetReport) WriteQGIS(dir, project string, opts *export.Options) (export.Manifest, error) {
	var o export.Options
	if opts != nil {
		o = *opts
	}
	o.Extra = append([]export.Extra(nil), o.Extra...)
	if len(r.Sweep) > 0 {
		p, err := r.SweepPlot()
		if err != nil {
			return export.Manifest{}, err
		}
		for _, f := range []string{"svg", "png"} {
			o.Extra = append(o.Extra, export.Extra{Name: "sweep." + f, Format: f, Write: func(w io.Writer) error { return writePlot(p, w, f) }})
		}
	}
	note := fmt.Sprintf("SNIP plan at %s against %s; unit costs and effects are the menu's assumptions", r.money(r.Budget, 1), r.Base.Settings.Name)
	return writeExport(dir, project, r.Layers, &o, note,
		map[string]*risk.Result{"countries_base.csv": r.Base, "countries_snip.csv": r.SNIP().Result}, r.a.Target)
}

// writePlot writes p as SVG or PNG, 16 × 10 cm.
func writePlot(p *plot.Plot, w io.Writer, format string) error {
	wt, err := p.WriterTo(16*vg.Centimeter, 10*vg.Centimeter, format)
	if err != nil {
		return err
	}
	_, err = wt.WriteTo(w)
	return err
}

// jsonNum is a float64 written as null when it is NaN or infinite, which
// JSON cannot hold.
type jsonNum float64

func (v jsonNum) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(v))
}

// WriteJSON writes the report as one JSON object: the budget, the
// baseline, the rows with their upgrades by name, bounds, gap, status and
// seizures, the worst pair's routes, the SNIP plan by kind and the sweep.
// Costs are in the menu's unit; a missing bound is null.
func (r *BudgetReport) WriteJSON(w io.Writer) error {
	type upgrade struct {
		Name    string  `json:"name"`
		Kind    string  `json:"kind"`
		Feature string  `json:"feature"`
		Side    string  `json:"side"`
		Cost    float64 `json:"cost"`
	}
	type row struct {
		Name        string    `json:"name"`
		Upgrades    []upgrade `json:"upgrades"`
		Cost        float64   `json:"cost"`
		MaxMin      jsonNum   `json:"maxmin_length"`
		Evasion     jsonNum   `json:"snip_objective"`
		Lower       jsonNum   `json:"lower"`
		Upper       jsonNum   `json:"upper"`
		Gap         jsonNum   `json:"gap"`
		Status      string    `json:"status"`
		Interdicted jsonNum   `json:"interdicted"`
		SeizedKg    jsonNum   `json:"seized_kg"`
		CountryKg   jsonNum   `json:"country_kg"`
		MovedTonnes jsonNum   `json:"moved_tonnes"`
		WorstOrigin string    `json:"worst_origin"`
		WorstDest   string    `json:"worst_destination"`
	}
	type sweep struct {
		Budget        float64    `json:"budget"`
		SNIP          jsonNum    `json:"snip_objective"`
		Lower         jsonNum    `json:"snip_lower"`
		Status        string     `json:"snip_status"`
		Cost          float64    `json:"snip_cost"`
		Greedy        jsonNum    `json:"greedy_objective"`
		CostGreedy    float64    `json:"greedy_cost"`
		MaxMin        jsonNum    `json:"maxmin_length"`
		MaxMinUpper   jsonNum    `json:"maxmin_upper"`
		MaxMinStatus  string     `json:"maxmin_status"`
		CostMaxMin    float64    `json:"maxmin_cost"`
		Interdicted   [3]jsonNum `json:"interdicted"`
		MaxMinEvasion jsonNum    `json:"maxmin_snip_objective"`
	}
	type kind struct {
		Kind  string  `json:"kind"`
		Count int     `json:"count"`
		Cost  float64 `json:"cost"`
	}
	out := struct {
		Corridor   string       `json:"corridor"`
		Baseline   string       `json:"baseline"`
		Budget     float64      `json:"budget"`
		Country    string       `json:"country"`
		BaseKg     jsonNum      `json:"baseline_seized_kg"`
		BaseCtyKg  jsonNum      `json:"baseline_country_kg"`
		Offered    int          `json:"candidates_offered"`
		Candidates int          `json:"candidates"`
		Scenarios  int          `json:"scenarios"`
		Pairs      int          `json:"maxmin_pairs"`
		Rows       []row        `json:"plans"`
		Worst      []WorstRoute `json:"worst_routes"`
		Kinds      []kind       `json:"snip_by_kind"`
		Sweep      []sweep      `json:"sweep"`
	}{Corridor: r.a.Corridor.Name, Baseline: r.Base.Settings.Name, Budget: r.Budget, Country: r.Country,
		BaseKg: jsonNum(r.Base.SeizedKg()), BaseCtyKg: jsonNum(r.countryKg(r.Base)), Offered: r.Offered,
		Candidates: len(r.Plan.Candidates), Scenarios: len(r.Flows), Pairs: len(r.Pairs), Worst: r.Worst,
		Rows: []row{}, Kinds: []kind{}, Sweep: []sweep{}}
	for _, rw := range r.Rows {
		x := row{Name: rw.Name, Upgrades: []upgrade{}, Cost: rw.Cost, MaxMin: jsonNum(rw.MaxMin), Evasion: jsonNum(rw.Evasion),
			Lower: jsonNum(rw.Lower), Upper: jsonNum(rw.Upper), Gap: jsonNum(rw.Gap), Status: rw.Status,
			Interdicted: jsonNum(rw.Interdicted), SeizedKg: jsonNum(rw.SeizedKg()), CountryKg: jsonNum(r.countryKg(rw.Result)),
			MovedTonnes: jsonNum(rw.Change.MovedTonnes)}
		x.WorstOrigin, x.WorstDest = r.pairNames(r.Pairs[rw.Worst])
		for _, u := range rw.Plan {
			c := r.Plan.Candidates[u]
			x.Upgrades = append(x.Upgrades, upgrade{Name: c.Name(), Kind: string(c.Kind), Feature: c.Feature, Side: c.Side, Cost: c.Cost})
		}
		out.Rows = append(out.Rows, x)
	}
	for _, k := range r.Kinds {
		out.Kinds = append(out.Kinds, kind{Kind: string(k.Kind), Count: k.Count, Cost: k.Cost})
	}
	for _, q := range r.Sweep {
		out.Sweep = append(out.Sweep, sweep{Budget: q.Budget, SNIP: jsonNum(q.SNIP), Lower: jsonNum(q.Lower), Status: q.Status, Cost: q.Cost,
			Greedy: jsonNum(q.Greedy), CostGreedy: q.CostGrd, MaxMin: jsonNum(q.MaxMin), MaxMinUpper: jsonNum(q.MaxMinUpper),
			MaxMinStatus: q.MaxMinStatus, CostMaxMin: q.CostMaxMin, MaxMinEvasion: jsonNum(q.MaxMinEvasion),
			Interdicted: [3]jsonNum{jsonNum(q.Interdicted[0]), jsonNum(q.Interdicted[1]), jsonNum(q.Interdicted[2])}})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
