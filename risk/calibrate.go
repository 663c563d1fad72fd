package risk

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/routerisk/routerisk/route"
)

// ParamKind is the per-country parameter that calibration fits.
type ParamKind uint8

// The calibrated parameter kinds.
const (
	// ParamIntensity fits CountryParams.Intensity, in log space: one factor
	// on all of a country's hazards (crossings, its side of gaps, inland).
	ParamIntensity ParamKind = iota
	// ParamGapBase fits CountryParams.GapBase, in logit space.
	ParamGapBase
	// ParamHazard fits CountryParams.HazardPerKm, in log space.
	ParamHazard
)

// String returns "intensity", "gap_base" or "hazard_per_km".
func (k ParamKind) String() string {
	switch k {
	case ParamIntensity:
		return "intensity"
	case ParamGapBase:
		return "gap_base"
	case ParamHazard:
		return "hazard_per_km"
	}
	return fmt.Sprintf("ParamKind(%d)", uint8(k))
}

// CalibSettings set a calibration.
type CalibSettings struct {
	// Target is what to fit: the observed figures. Required; a corridor
	// package supplies its own (e.g. northernroute.Observed2011).
	Target *Target
	// Countries are the countries whose parameter is fitted. Nil means the
	// countries of the target (shares and kg), in the target's order.
	Countries []string
	// Kind is the parameter fitted for each country. Zero means
	// ParamIntensity.
	Kind ParamKind
	// Rounds is the most times each stage chooses the routes anew with
	// the parameters fitted so far (smugglers react to the new risks).
	// Zero means 3.
	Rounds int
	// MaxEvaluations caps the objective evaluations of one round. Zero
	// means 1500.
	MaxEvaluations int
	// K is the number of routes per pair and carrier added to the choice
	// sets in each round. Zero means twice the settings' K.
	K int
}

// A FittedParam is one calibrated parameter.
type FittedParam struct {
	Country string
	Kind    ParamKind
	Start   float64 // value before calibration
	Value   float64 // fitted value
}

// A Calibration is the outcome of Calibrate.
type Calibration struct {
	Settings    Settings      // the fitted settings
	Params      []FittedParam // in the order of CalibSettings.Countries
	Fit         []FitRow      // observed, modelled and residual per figure
	Objective   float64       // the target's objective at the fit
	Evaluations int           // objective evaluations, all rounds
	Rounds      int           // rounds of route choice used, both stages
	// RoundObjectives is the objective of Run after each round; the
	// settings of the lowest are the result.
	RoundObjectives []float64
	Status          string  // the optimizer's status in the last round
	Result          *Result // route choice, flows and seizures under the fitted settings
	// SingularValues are those of the Jacobian of the residuals (share
	// residuals and KgWeight-weighted relative kg residuals) with respect
	// to the fitted parameters in their log or logit space, largest first.
	// A value near 0 marks a combination of parameters the target cannot
	// pin down.
	SingularValues []float64
}

// Calibrate fits one parameter per country (by default the intensity of
// each country of the target) so that the modelled seizures match the
// target, with gonum's Nelder–Mead in log or logit space, so that no
// parameter can leave its range. Route choice depends on the parameters.
// The optimizer runs with choice sets fixed, the flow shared over them by
// the logit rule, so that smugglers still turn away from a country whose
// risk rises; between runs the sets are found anew. First, in rounds of
// wide sets (CalibSettings.K routes per pair and carrier under the
// parameters fitted so far, added to the sets of the rounds before), until
// no new route joins a set; then with the sets Run itself uses (the
// settings' K), until they no longer change. Each stage runs at most Rounds
// times. Choice sets change by jumps as parameters move, so a fit with
// fixed sets can be worse once the routes are chosen anew: after each round
// Run judges the fit, and the settings with the lowest objective by Run are
// returned, with Run's fit.
//
// When the settings have no ShareCountries, the fitted settings count
// shares over the target's share countries, so that modelled and observed
// shares have one denominator. ctx stops the fit between evaluations: it
// then returns an error that wraps ctx.Err().
//
// Identifiability. A target of n shares (n−1 independent numbers, as they
// add up to 1) and one country's kg can pin down at most n parameters, one
// per share country: the shares fix each country's seizures relative to
// the others' and the kg, with the flow fixed, fixes the absolute level.
// No target of seizures can pin down how a country's seizures split
// between its crossings, its gaps and its interior (only the country's
// total intensity); the inspection rate apart from the detection rates
// (only their product matters); β, θ or the carrier shares (they act only
// through route choice); the parameters of countries outside the target;
// or the total flow apart from the rates (kg is flow × rate).
// SingularValues measures this on the corridor at hand. Calibrate
// returns an error when the objective is not finite in any round.
func (m *Model) Calibrate(ctx context.Context, opt *CalibSettings) (*Calibration, error) {
	var o CalibSettings
	if opt != nil {
		o = *opt
	}
	if o.Target == nil {
		return nil, fmt.Errorf("%w: CalibSettings.Target is nil: want the observed figures to fit", ErrBadTarget)
	}
	target := *o.Target
	if err := target.Validate(); err != nil {
		return nil, err
	}
	countries := o.Countries
	if countries == nil {
		for _, s := range target.Shares {
			countries = append(countries, s.Country)
		}
		for _, k := range target.Kg {
			if !slices.Contains(countries, k.Country) {
				countries = append(countries, k.Country)
			}
		}
	}
	if len(countries) == 0 {
		return nil, fmt.Errorf("%w: no country to fit", ErrBadParam)
	}
	for i, c := range countries {
		if slices.Contains(countries[:i], c) {
			return nil, fmt.Errorf("%w: country %s listed twice", ErrBadParam, c)
		}
		if _, ok := m.countryIx[c]; !ok {
			return nil, fmt.Errorf("%w: country %s is not in the graph", ErrBadParam, c)
		}
	}
	if o.Kind > ParamHazard {
		return nil, fmt.Errorf("%w: parameter kind %d", ErrBadParam, o.Kind)
	}
	rounds := o.Rounds
	if rounds == 0 {
		rounds = 3
	}
	maxEval := o.MaxEvaluations
	if maxEval == 0 {
		maxEval = 1500
	}
	if rounds < 0 || maxEval < 0 {
		return nil, fmt.Errorf("%w: Rounds %d, MaxEvaluations %d: want ≥ 0", ErrBadParam, rounds, maxEval)
	}

	cal := &Calibration{}
	settings := m.settings.Clone()
	if len(settings.ShareCountries) == 0 && len(target.Shares) > 0 {
		settings.ShareCountries = target.ShareCountries()
	}
	for _, c := range countries {
		cal.Params = append(cal.Params, FittedParam{Country: c, Kind: o.Kind, Start: getParam(&settings, c, o.Kind)})
	}
	x := make([]float64, len(countries))
	for i, c := range countries {
		x[i] = toSpace(getParam(&settings, c, o.Kind), o.Kind)
	}
	kCal := o.K
	if kCal == 0 {
		kCal = 2 * m.settings.K
	}
	// fit runs Nelder–Mead from x with the choice sets of pl fixed and
	// updates x and settings.
	var lastEval func(x []float64) ([]FitRow, float64, error)
	fit := func(pl *plan) error {
		sp := newSparsePricer(m, pl)
		s := settings.Clone() // every evaluation sets all the fitted parameters
		eval := func(x []float64) ([]FitRow, float64, error) {
			if err := ctx.Err(); err != nil {
				return nil, 0, fmt.Errorf("risk: calibration stopped: %w", err)
			}
			for i, c := range countries {
				setParam(&s, c, o.Kind, fromSpace(x[i], o.Kind))
			}
			if err := sp.update(&s); err != nil {
				return nil, 0, err
			}
			kg := sp.seizures(pl, &s)
			rows, obj := target.Fit(func(code string) float64 {
				if i := m.index(code); i >= 0 {
					return kg[i]
				}
				return 0
			})
			if math.IsNaN(obj) {
				obj = math.Inf(1)
			}
			return rows, obj, nil
		}
		lastEval = eval
		var evalErr error
		problem := optimize.Problem{Func: func(x []float64) float64 {
			_, f, err := eval(x)
			if err != nil {
				evalErr = err
				return math.Inf(1)
			}
			return f
		}}
		r, err := optimize.Minimize(problem, x, &optimize.Settings{
			FuncEvaluations: maxEval,
			Converger:       &optimize.FunctionConverge{Absolute: 1e-12, Relative: 1e-10, Iterations: 200},
		}, &optimize.NelderMead{SimplexSize: 0.5})
		if evalErr != nil {
			return evalErr
		}
		if r == nil {
			return fmt.Errorf("risk: calibration: %w", err)
		}
		cal.Evaluations += r.Stats.FuncEvaluations
		cal.Status = r.Status.String()
		copy(x, r.X)
		for i, c := range countries {
			setParam(&settings, c, o.Kind, fromSpace(x[i], o.Kind))
		}
		return nil
	}

	// After each fit, Run judges it; the best settings by Run are kept, with
	// Run's result and fit. Run's choice sets are those of the next round of
	// stage 2.
	best := math.Inf(1)
	var bestSettings Settings
	var bestX []float64
	var bestEval func(x []float64) ([]FitRow, float64, error)
	var judged *plan // Run's choice sets under the settings judged last
	judge := func() error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("risk: calibration stopped: %w", err)
		}
		cur, err := m.With(&settings)
		if err != nil {
			return err
		}
		if judged, err = cur.plan(); err != nil {
			return err
		}
		res := cur.assign(judged, cur, &cur.settings) // what Run returns
		rows, obj := target.Fit(func(code string) float64 {
			c, _ := res.Country(code)
			return c.SeizedKg
		})
		cal.RoundObjectives = append(cal.RoundObjectives, obj)
		if obj < best {
			best, bestSettings, bestX, bestEval = obj, settings.Clone(), slices.Clone(x), lastEval
			cal.Result, cal.Fit, cal.Objective = res, rows, obj
		}
		return nil
	}

	// Stage 1: wide choice sets that only grow, so that the optimizer sees
	// the smugglers' reaction and cannot run away to a corner.
	var union *plan
	for round := 1; round <= rounds; round++ {
		s := settings.Clone()
		s.K = kCal
		cur, err := m.With(&s)
		if err != nil {
			return nil, err
		}
		pl, err := cur.plan()
		if err != nil {
			return nil, err
		}
		var added int
		union, added = cur.mergePlans(union, pl)
		if round > 1 && added == 0 {
			break
		}
		cal.Rounds++
		if err := fit(union); err != nil {
			return nil, err
		}
		if err := judge(); err != nil {
			return nil, err
		}
	}
	// Stage 2: the choice sets Run uses (those of the last judgement, under
	// the settings fitted so far), until they no longer change, so that the
	// fit is the model's own.
	var prev []string
	for round := 1; round <= rounds; round++ {
		pl := judged
		keys := planKeys(pl)
		if slices.Equal(keys, prev) {
			break
		}
		prev = keys
		cal.Rounds++
		if err := fit(pl); err != nil {
			return nil, err
		}
		if err := judge(); err != nil {
			return nil, err
		}
	}
	if bestEval == nil {
		return nil, fmt.Errorf("risk: calibration to %q: the objective is not finite in any of %d rounds (kg observed %v against a flow of %v t?): %w",
			target.Name, cal.Rounds, target.Kg, m.settings.TotalFlowTonnes(), ErrBadTarget)
	}
	sv, err := singularValues(bestEval, bestX, target.kgWeight())
	if err != nil {
		return nil, err
	}
	cal.SingularValues = sv
	cal.Settings = bestSettings
	for i := range cal.Params {
		cal.Params[i].Value = getParam(&bestSettings, cal.Params[i].Country, o.Kind)
	}
	return cal, nil
}

// planKeys returns a key per candidate route of the plan, in order, to tell
// whether the choice sets changed.
func planKeys(pl *plan) []string {
	var keys []string
	for _, p := range pl.pairs {
		for _, r := range p.routes {
			keys = append(keys, strconv.Itoa(p.carrier)+"/"+strconv.Itoa(p.commodity)+":"+edgesKey(r.Path.Edges))
		}
	}
	return keys
}

// mergePlans returns the union of the choice sets of two plans of the same
// pairs (a may be nil) and the number of routes b added.
func (m *Model) mergePlans(a, b *plan) (*plan, int) {
	if a == nil {
		n := 0
		for _, p := range b.pairs {
			n += len(p.routes)
		}
		return b, n
	}
	type pairKey struct {
		carrier, commodity int
		from, to           int64
	}
	idx := map[pairKey]int{}
	for i, p := range a.pairs {
		idx[pairKey{p.carrier, p.commodity, p.from, p.to}] = i
	}
	out := &plan{unrouted: a.unrouted, unroutedTonnes: a.unroutedTonnes, pairs: slices.Clone(a.pairs)}
	added := 0
	for _, p := range b.pairs {
		i, ok := idx[pairKey{p.carrier, p.commodity, p.from, p.to}]
		if !ok {
			continue
		}
		have := map[string]bool{}
		var paths []route.Path
		for _, r := range out.pairs[i].routes {
			have[edgesKey(r.Path.Edges)] = true
			paths = append(paths, r.Path)
		}
		n := len(paths)
		for _, r := range p.routes {
			if k := edgesKey(r.Path.Edges); !have[k] {
				have[k] = true
				paths = append(paths, r.Path)
			}
		}
		if len(paths) > n {
			added += len(paths) - n
			q := out.pairs[i]
			q.routes = m.routesOf(q.carrier, q.origin, q.destination, paths)
			out.pairs[i] = q
		}
	}
	return out, added
}

// getParam returns a country's parameter of the given kind.
func getParam(s *Settings, code string, k ParamKind) float64 {
	cp := s.Country(code)
	switch k {
	case ParamGapBase:
		return float64(cp.GapBase)
	case ParamHazard:
		return cp.HazardPerKm
	}
	return cp.Intensity
}

// setParam sets a country's parameter of the given kind, giving the country
// its own entry if it had none.
func setParam(s *Settings, code string, k ParamKind, v float64) {
	if s.Countries == nil {
		s.Countries = map[string]CountryParams{}
	}
	cp := s.Country(code)
	switch k {
	case ParamGapBase:
		cp.GapBase = Prob(v)
	case ParamHazard:
		cp.HazardPerKm = v
	default:
		cp.Intensity = v
	}
	s.Countries[code] = cp
}

// Bounds that keep the transforms finite.
const (
	minLogParam = 1e-12
	logitEps    = 1e-9
)

// toSpace maps a parameter to the optimizer's unconstrained space.
func toSpace(v float64, k ParamKind) float64 {
	if k == ParamGapBase {
		p := math.Min(math.Max(v, logitEps), 1-logitEps)
		return math.Log(p / (1 - p))
	}
	return math.Log(math.Max(v, minLogParam))
}

// fromSpace is the inverse of toSpace, clamped to the parameter's valid
// range so that no evaluation leaves it.
func fromSpace(x float64, k ParamKind) float64 {
	switch k {
	case ParamGapBase:
		return 1 / (1 + math.Exp(-x))
	case ParamHazard:
		return math.Min(math.Exp(x), MaxHazardPerKm)
	}
	return math.Min(math.Exp(x), MaxIntensity)
}

// residuals returns the residual vector of the objective: share residuals
// and √w times the relative kg residuals.
func residuals(rows []FitRow, w float64) []float64 {
	r := make([]float64, len(rows))
	for i, row := range rows {
		if row.Kind == "kg" {
			r[i] = math.Sqrt(w) * row.Residual / row.Observed
		} else {
			r[i] = row.Residual
		}
	}
	return r
}

// singularValues returns the singular values of the Jacobian of the
// residuals at x by central differences (step 1e-4 in parameter space).
func singularValues(eval func([]float64) ([]FitRow, float64, error), x []float64, w float64) ([]float64, error) {
	const h = 1e-4
	var jac *mat.Dense
	xp := slices.Clone(x)
	for j := range x {
		xp[j] = x[j] + h
		up, _, err := eval(xp)
		if err != nil {
			return nil, err
		}
		xp[j] = x[j] - h
		down, _, err := eval(xp)
		if err != nil {
			return nil, err
		}
		xp[j] = x[j]
		ru, rd := residuals(up, w), residuals(down, w)
		if jac == nil {
			jac = mat.NewDense(len(ru), len(x), nil)
		}
		for i := range ru {
			d := (ru[i] - rd[i]) / (2 * h)
			if math.IsNaN(d) || math.IsInf(d, 0) {
				return nil, fmt.Errorf("risk: calibration: the residuals are not finite near the fit (parameter %d)", j)
			}
			jac.Set(i, j, d)
		}
	}
	var svd mat.SVD
	if !svd.Factorize(jac, mat.SVDNone) {
		return nil, fmt.Errorf("risk: calibration: SVD of the Jacobian failed")
	}
	return svd.Values(nil), nil
}

// Apply returns s with the calibrated parameters: the fitted parameter of
// every calibrated country set as in c.Settings, everything else as in s.
// Use it to run other scenarios with the calibrated model.
func (c *Calibration) Apply(s Settings) Settings {
	out := s.Clone()
	for _, p := range c.Params {
		setParam(&out, p.Country, p.Kind, p.Value)
	}
	return out
}
