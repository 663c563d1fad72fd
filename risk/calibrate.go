package risk

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"
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
	// ParamBorderIntensity fits CountryParams.BorderIntensity, in log
	// space: the country's crossings and its side of gaps.
	ParamBorderIntensity
	// ParamInlandIntensity fits CountryParams.InlandIntensity, in log
	// space: its in-country hazard.
	ParamInlandIntensity
)

// String returns "intensity", "gap_base", "hazard_per_km",
// "border_intensity" or "inland_intensity".
func (k ParamKind) String() string {
	switch k {
	case ParamBorderIntensity:
		return "border_intensity"
	case ParamInlandIntensity:
		return "inland_intensity"
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
	// Kinds, when set, fit several parameters per country, e.g.
	// ParamBorderIntensity and ParamInlandIntensity where the target tells
	// border from inland seizures; it replaces Kind. The priors keep a
	// parameter the figures cannot pin down near its centre.
	Kinds []ParamKind
	// PriorSD is the standard deviation of every parameter's prior in the
	// optimizer's space (log or logit): the prior is log-normal (logit-normal
	// for GapBase) around 1 for the intensities and around the settings'
	// value for GapBase and HazardPerKm. Zero means 1 (assumption: a factor
	// e either way is one standard deviation).
	PriorSD float64
	// ResidualSD is the standard deviation of a share residual (and of a
	// relative kg residual over √KgWeight) in the likelihood; with PriorSD
	// it weighs the priors: the objective minimised is the target's
	// objective plus (ResidualSD/PriorSD)²·Σ(x − centre)². Zero means 0.05
	// (assumption: published shares hold about 5 points of noise).
	ResidualSD float64
	// Starts is the number of starting points of the first round: the
	// settings' values and then points offset by ±0.7 in the optimizer's
	// space, alternating by parameter; the best is kept and the others are
	// reported in Calibration.Starts. Zero means 3.
	Starts int
	// Rounds is the most times each stage chooses the routes anew with
	// the parameters fitted so far (smugglers react to the new risks).
	// Zero means 3.
	Rounds int
	// MaxEvaluations caps the objective evaluations of one round's fit
	// from one starting point (an exact Jacobian counts as one). Zero
	// means 400.
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
	Value   float64 // fitted value (the posterior mode)
	Prior   float64 // the centre of its prior
	// Lo and Hi are the 95% interval of the Laplace approximation of the
	// posterior (Gauss–Newton Hessian of the objective at the fit, with
	// the choice sets fixed), mapped back from the optimizer's space.
	Lo, Hi float64
}

// A CalibStart is where the fit from one starting point of the first round
// ended.
type CalibStart struct {
	Start     []float64 // parameter values, in the order of Params
	End       []float64
	Objective float64 // the objective minimised (with the priors) at End
}

// A Calibration is the outcome of Calibrate.
type Calibration struct {
	Settings    Settings      // the fitted settings
	Params      []FittedParam // in the order of CalibSettings.Countries
	Fit         []FitRow      // observed, modelled and residual per figure
	Objective   float64       // the target's objective at the fit
	Evaluations int           // objective (and Jacobian) evaluations, all rounds
	Rounds      int           // rounds of route choice used, both stages
	// RoundObjectives is the objective of Run after each round; the
	// settings of the lowest are the result.
	RoundObjectives []float64
	Status          string  // the optimizer's status in the last round
	Result          *Result // route choice, flows and seizures under the fitted settings
	// Starts are the fits of the first round from each starting point;
	// SameOptimum reports whether they all ended within 1% of each
	// parameter of the best (in the optimizer's space, 0.01).
	Starts      []CalibStart
	SameOptimum bool
	// Unidentified describes the combinations of parameters the target
	// cannot pin down: right singular vectors of the data Jacobian whose
	// singular value is below 1% of the largest, as "0.71·UZB.intensity
	// − 0.70·TJK.intensity"; there the priors decide.
	Unidentified []string
	// SingularValues are those of the Jacobian of the residuals (share
	// residuals and KgWeight-weighted relative kg residuals) with respect
	// to the fitted parameters in their log or logit space, largest first,
	// one per parameter (0 beyond the number of figures).
	// A value near 0 marks a combination of parameters the target cannot
	// pin down.
	SingularValues []float64
}

// Calibrate fits one parameter per country (by default the intensity of
// each country of the target; CalibSettings.Kinds for several) to the
// target by maximum a posteriori: the target's objective plus a normal
// prior on every parameter in log or logit space (CalibSettings.PriorSD,
// ResidualSD), so that no parameter can leave its range and those the
// figures cannot pin down stay near their prior. The optimizer is
// Levenberg–Marquardt on the residuals with exact Jacobians (the chain
// rule through every stage's hazard, the routes' survival and the logit
// shares; forward differences when GapBase is fitted), run with choice
// sets fixed, the flow shared over them by the logit rule, so that
// smugglers still turn away from a country whose risk rises; between runs
// the sets are found anew. First, in rounds of wide sets
// (CalibSettings.K routes per pair and carrier under the parameters fitted
// so far, added to the sets of the rounds before), until no new route
// joins a set, the fit stops improving or Rounds are done; the first round
// fits from CalibSettings.Starts starting points and keeps the best (all
// reported in Calibration.Starts and SameOptimum). Then with the sets Run
// itself uses (the settings' K), until they no longer change or the fit
// stops improving. After each round Run judges the fit, and the settings
// with the lowest objective by Run are returned, with Run's fit.
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
// between its crossings, its gaps and its interior (BorderIntensity
// against InlandIntensity: there the priors decide, and Unidentified says
// so); the protected share apart from the intensities; the inspection rate
// apart from the detection rates (only their product matters); β, θ or
// the carrier shares (they act only through route choice); the parameters
// of countries outside the target; or the total flow apart from the rates
// (kg is flow × rate). Even where the count allows, a country's seizures
// need not rise with its intensity (flow turns away), so several points
// may fit equally: compare Starts. SingularValues and Unidentified measure
// this on the corridor at hand; FittedParam.Lo and Hi are Laplace
// intervals. Calibrate returns an error, and never panics, when the
// objective is not finite in any round.
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
	if err := target.checkCommodities(&m.settings); err != nil {
		return nil, err
	}
	// The commodities whose seizures a kg figure is of, apart from the
	// totals.
	var tracked []int
	for _, o := range target.Kg {
		if k := m.settings.commodity(o.Commodity); o.Commodity != "" && !slices.Contains(tracked, k) {
			tracked = append(tracked, k)
		}
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
	kinds := o.Kinds
	if len(kinds) == 0 {
		kinds = []ParamKind{o.Kind}
	}
	for i, k := range kinds {
		if k > ParamInlandIntensity || slices.Contains(kinds[:i], k) {
			return nil, fmt.Errorf("%w: CalibSettings.Kinds[%d]: parameter kind %d unknown or listed twice", ErrBadParam, i, k)
		}
	}
	rounds := o.Rounds
	if rounds == 0 {
		rounds = 3
	}
	maxEval := o.MaxEvaluations
	if maxEval == 0 {
		maxEval = 400
	}
	starts := o.Starts
	if starts == 0 {
		starts = 3
	}
	if rounds < 0 || maxEval < 0 || starts < 0 {
		return nil, fmt.Errorf("%w: Rounds %d, MaxEvaluations %d, Starts %d: want ≥ 0", ErrBadParam, rounds, maxEval, starts)
	}
	priorSD, resSD := o.PriorSD, o.ResidualSD
	if priorSD == 0 {
		priorSD = 1
	}
	if resSD == 0 {
		resSD = 0.05
	}
	if !(priorSD > 0 && priorSD <= 1e3) || !(resSD > 0 && resSD <= 1e3) {
		return nil, fmt.Errorf("%w: PriorSD %v, ResidualSD %v: want numbers in (0, 1000]", ErrBadParam, priorSD, resSD)
	}
	priorW := resSD / priorSD // weight of a prior residual

	cal := &Calibration{}
	settings := m.settings.Clone()
	if len(settings.ShareCountries) == 0 && len(target.Shares) > 0 {
		settings.ShareCountries = target.ShareCountries()
	}
	var params []fitParam
	for _, c := range countries {
		for _, k := range kinds {
			params = append(params, fitParam{c, k})
		}
	}
	x := make([]float64, len(params))
	centre := make([]float64, len(params))
	for i, p := range params {
		v := getParam(&settings, p.country, p.kind)
		x[i] = toSpace(v, p.kind)
		prior := v
		if p.kind == ParamIntensity || p.kind == ParamBorderIntensity || p.kind == ParamInlandIntensity {
			prior = 1
		}
		centre[i] = toSpace(prior, p.kind)
		cal.Params = append(cal.Params, FittedParam{Country: p.country, Kind: p.kind, Start: v, Prior: prior})
	}
	set := func(s *Settings, x []float64) {
		for i, p := range params {
			setParam(s, p.country, p.kind, fromSpace(x[i], p.kind))
		}
	}
	kCal := o.K
	if kCal == 0 {
		kCal = 2 * m.settings.K
	}
	// The derivatives of the stages with respect to the parameters, where
	// every parameter scales the exponent of a country's hazards
	// (everything but GapBase).
	var pm *paramMap
	if !slices.Contains(kinds, ParamGapBase) {
		pm = m.newParamMap(params)
	}
	// evaluator returns the residuals (the target's, then the priors') of
	// the plan pl with its choice sets fixed; jacobian also their
	// derivatives (nil without a paramMap).
	type evaluator func(x []float64) ([]FitRow, []float64, error)
	type jacobianFunc func(x []float64) ([]float64, *mat.Dense, error)
	// evaluatorOf returns them on the pricer sp of the plan pl; see
	// newEvaluator.
	evaluatorOf := func(pl *plan, sp *sparsePricer) (evaluator, jacobianFunc) {
		// at returns the index of a country's seizures (of a commodity) in
		// the pricer's figures, −1 for none.
		at := func(country, commodity string) int {
			c := m.index(country)
			if c < 0 {
				return -1
			}
			k := -1
			if commodity != "" {
				k = m.settings.commodity(commodity)
			}
			return sp.kgIndex(int(c), k)
		}
		s := settings.Clone() // every evaluation sets all the fitted parameters
		prep := func(x []float64) error {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("risk: calibration stopped: %w", err)
			}
			set(&s, x)
			return sp.update(&s)
		}
		finish := func(x []float64, kg []float64) ([]FitRow, []float64) {
			rows, _ := target.Fit(func(country, commodity string) float64 {
				if i := at(country, commodity); i >= 0 {
					return kg[i]
				}
				return 0
			})
			r := residuals(rows, target.kgWeight())
			for i := range x {
				r = append(r, priorW*(x[i]-centre[i]))
			}
			return rows, r
		}
		ev := func(x []float64) ([]FitRow, []float64, error) {
			if err := prep(x); err != nil {
				return nil, nil, err
			}
			rows, r := finish(x, sp.seizures(pl, &s))
			return rows, r, nil
		}
		if pm == nil {
			return ev, nil
		}
		// Its own scales, so that evaluators can run at the same time.
		pm := &paramMap{n: pm.n, of: pm.of, scale: make([]float64, pm.n), protected: make([]float64, len(pm.protected))}
		jac := func(x []float64) ([]float64, *mat.Dense, error) {
			if err := prep(x); err != nil {
				return nil, nil, err
			}
			for j, p := range params {
				pm.scale[j] = 1
				if v := math.Exp(x[j]); v != fromSpace(x[j], p.kind) {
					pm.scale[j] = 0 // clamped
				}
			}
			for c, code := range m.countries {
				pm.protected[c] = float64(s.Country(code).Protected)
			}
			sp.grad(pm)
			kg, dkg := sp.seizuresJac(pl, &s, pm)
			_, r := finish(x, kg)
			return r, residualJacobian(&target, at, kg, dkg, len(x), priorW), nil
		}
		return ev, jac
	}
	// newEvaluator returns them on a new pricer of pl, and the pricer,
	// whose clones give more evaluators of pl.
	newEvaluator := func(pl *plan) (evaluator, jacobianFunc, *sparsePricer) {
		sp := newSparsePricer(m, pl)
		sp.track(tracked)
		ev, jac := evaluatorOf(pl, sp)
		return ev, jac, sp
	}
	// fit runs Levenberg–Marquardt from x0 on the plan's fixed choice sets.
	fit := func(ev evaluator, jac jacobianFunc, x0 []float64) ([]float64, float64, error) {
		xs, obj, n, status, err := levenbergMarquardt(func(x []float64) ([]float64, error) {
			_, r, err := ev(x)
			return r, err
		}, jac, x0, maxEval)
		cal.Evaluations += n
		cal.Status = status
		return xs, obj, err
	}
	// fitStarts runs fit from each of the starting points at the same
	// time, each on its own evaluator of the plan (the first ev, jac on
	// sp, the others on clones of sp), and counts them in cal in the order
	// of the points.
	fitStarts := func(pl *plan, sp *sparsePricer, ev evaluator, jac jacobianFunc, x0s [][]float64) ([][]float64, []float64, error) {
		type result struct {
			xs     []float64
			obj    float64
			n      int
			status string
			err    error
		}
		res := make([]result, len(x0s))
		var wg sync.WaitGroup
		evs, jacs := make([]evaluator, len(x0s)), make([]jacobianFunc, len(x0s))
		for k := range x0s {
			evs[k], jacs[k] = ev, jac
			if k > 0 { // cloned before sp is used
				evs[k], jacs[k] = evaluatorOf(pl, sp.clone())
			}
		}
		// At most a few at a time (all of the default three), so that
		// many starting points do not hold as many pricers at once.
		slots := make(chan struct{}, max(4, runtime.GOMAXPROCS(0)))
		for k, x0 := range x0s {
			slots <- struct{}{}
			ev, jac := evs[k], jacs[k]
			evs[k], jacs[k] = nil, nil // the pricer is let go when the fit ends
			wg.Go(func() {
				defer func() { <-slots }()
				r := &res[k]
				r.xs, r.obj, r.n, r.status, r.err = levenbergMarquardt(func(x []float64) ([]float64, error) {
					_, r, err := ev(x)
					return r, err
				}, jac, x0, maxEval)
			})
		}
		wg.Wait()
		xs, objs := make([][]float64, len(x0s)), make([]float64, len(x0s))
		for k, r := range res {
			cal.Evaluations += r.n
			cal.Status = r.status
			if r.err != nil {
				return nil, nil, r.err
			}
			xs[k], objs[k] = r.xs, r.obj
		}
		return xs, objs, nil
	}

	// After each fit, Run judges it; the best settings by Run are kept, with
	// Run's result and fit. Run's choice sets are those of the next round of
	// stage 2.
	best := math.Inf(1)
	var bestSettings Settings
	var bestX []float64
	var bestEval evaluator
	var lastEval evaluator
	var judged *plan // Run's choice sets under the settings judged last
	// With wide, the judgement also finds the next round's wide sets under
	// the same settings (K alone differs: the same trees, and the sets of
	// Run are prefixes of the wide ones), for as long as the parameters
	// stay those judged (judgedX).
	var judgedWide *plan
	var judgedModel *Model
	var judgedX []float64
	// judge runs during, when not nil, while Run assigns the flow: it
	// makes the next round's sets and evaluator ahead (see ahead), which
	// depend on the choice sets alone.
	judge := func(wide bool, during func()) (bool, error) {
		if err := ctx.Err(); err != nil {
			return false, fmt.Errorf("risk: calibration stopped: %w", err)
		}
		cur, err := m.With(&settings)
		if err != nil {
			return false, err
		}
		ks := []int{cur.settings.K}
		if wide {
			ks = append(ks, kCal)
		}
		pls, err := cur.plans(ks, false) // lines for the Result kept only
		if err != nil {
			return false, err
		}
		judged, judgedWide, judgedModel, judgedX = pls[0], nil, cur, slices.Clone(x)
		if wide {
			judgedWide = pls[1]
		}
		var ahead sync.WaitGroup
		if during != nil {
			ahead.Go(during)
		}
		res := cur.assign(judged, cur, &cur.settings) // what Run returns
		ahead.Wait()
		rows, obj, err := target.FitResult(res)
		if err != nil {
			return false, err
		}
		for i := range x {
			d := priorW * (x[i] - centre[i])
			obj += d * d
		}
		if math.IsNaN(obj) {
			obj = math.Inf(1)
		}
		cal.RoundObjectives = append(cal.RoundObjectives, obj)
		improved := obj < best*(1-1e-6)
		if obj < best {
			best, bestSettings, bestX, bestEval = obj, settings.Clone(), slices.Clone(x), lastEval
			cal.Result, cal.Fit, cal.Objective = res, rows, obj
		}
		return improved, nil
	}

	// A round ahead is a round's choice sets (the union of stage 1, or
	// Run's of stage 2), with what they added to the union and their
	// evaluator, made while the judgement before it assigned the flow.
	type roundAhead struct {
		sets  *plan
		added int
		ev    evaluator
		jac   jacobianFunc
		sp    *sparsePricer
	}
	var next *roundAhead // the next round's, nil for none made ahead

	// Stage 1: wide choice sets that only grow, so that the optimizer sees
	// the smugglers' reaction and cannot run away to a corner. The first
	// round fits from several starting points.
	var union *plan
	for round := 1; round <= rounds; round++ {
		a := next
		next = nil
		if a == nil {
			cur, pl := judgedModel, judgedWide
			if pl == nil || !slices.Equal(judgedX, x) {
				s := settings.Clone()
				s.K = kCal
				var err error
				if cur, err = m.With(&s); err != nil {
					return nil, err
				}
				pls, err := cur.plans([]int{kCal}, false)
				if err != nil {
					return nil, err
				}
				pl = pls[0]
			}
			a = &roundAhead{}
			a.sets, a.added = cur.mergePlans(union, pl)
			if round == 1 || a.added > 0 {
				a.ev, a.jac, a.sp = newEvaluator(a.sets)
			}
		}
		union = a.sets
		if round > 1 && a.added == 0 {
			break
		}
		cal.Rounds++
		ev, jac, sp := a.ev, a.jac, a.sp
		lastEval = ev
		if round == 1 {
			var bestStart []float64
			bestObj := math.Inf(1)
			x0s := make([][]float64, max(1, starts))
			for k := range x0s {
				x0s[k] = startPoint(x, k)
			}
			ends, objs, err := fitStarts(union, sp, ev, jac, x0s)
			if err != nil {
				return nil, err
			}
			for k, x0 := range x0s {
				xs, obj := ends[k], objs[k]
				st := CalibStart{Start: make([]float64, len(x)), End: make([]float64, len(x)), Objective: obj}
				for i, p := range params {
					st.Start[i], st.End[i] = fromSpace(x0[i], p.kind), fromSpace(xs[i], p.kind)
				}
				cal.Starts = append(cal.Starts, st)
				if obj < bestObj {
					bestObj, bestStart = obj, xs
				}
			}
			if bestStart != nil {
				copy(x, bestStart)
			}
			cal.SameOptimum = true
			for _, st := range cal.Starts {
				for i, p := range params {
					if math.Abs(toSpace(st.End[i], p.kind)-x[i]) > 0.01 {
						cal.SameOptimum = false
					}
				}
			}
		} else {
			xs, _, err := fit(ev, jac, x)
			if err != nil {
				return nil, err
			}
			copy(x, xs)
		}
		set(&settings, x)
		// Ahead: the next round's union (its wide sets are the judgement's,
		// under the same settings), or after the last round stage 2's
		// first evaluator, on the judgement's sets.
		during := func() {
			n := &roundAhead{sets: judged}
			if round < rounds {
				n.sets, n.added = judgedModel.mergePlans(union, judgedWide)
				if n.added == 0 {
					next = n
					return
				}
			}
			n.ev, n.jac, n.sp = newEvaluator(n.sets)
			next = n
		}
		improved, err := judge(round < rounds, during)
		if err != nil {
			return nil, err
		}
		if round > 1 && !improved {
			next = nil
			break // rounds that stop improving end the stage
		}
	}
	if next != nil && next.sets != judged {
		next = nil // stage 1 ended before its last round: nothing ahead
	}
	// Stage 2: the choice sets Run uses (those of the last judgement, under
	// the settings fitted so far), until they no longer change or the fit
	// stops improving, so that the fit is the model's own.
	var prev *plan
	for round := 1; round <= rounds; round++ {
		pl := judged
		if prev != nil && sameRoutes(pl, prev) {
			break
		}
		prev = pl
		cal.Rounds++
		var ev evaluator
		var jac jacobianFunc
		if next != nil && next.sets == pl {
			ev, jac = next.ev, next.jac
		} else {
			ev, jac, _ = newEvaluator(pl)
		}
		next = nil
		lastEval = ev
		xs, _, err := fit(ev, jac, x)
		if err != nil {
			return nil, err
		}
		copy(x, xs)
		set(&settings, x)
		var during func() // ahead: the next round's evaluator
		if round < rounds {
			during = func() {
				ev, jac, sp := newEvaluator(judged)
				next = &roundAhead{sets: judged, ev: ev, jac: jac, sp: sp}
			}
		}
		improved, err := judge(false, during)
		if err != nil {
			return nil, err
		}
		if !improved {
			break
		}
	}
	if bestEval == nil || math.IsInf(best, 1) {
		return nil, fmt.Errorf("risk: calibration to %q: the objective is not finite in any of %d rounds (kg observed %v against a flow of %v t?): %w",
			target.Name, cal.Rounds, target.Kg, m.settings.TotalFlowTonnes(), ErrBadTarget)
	}
	// The lines of the kept Result are drawn beside the Jacobian, which
	// reads neither.
	var lines sync.WaitGroup
	lines.Go(func() { cal.Result.model.withLines(cal.Result.Routes) })
	jac, err := jacobian(func(x []float64) ([]float64, error) {
		_, r, err := bestEval(x)
		return r, err
	}, bestX)
	lines.Wait()
	if err != nil {
		return nil, err
	}
	nData := jac.RawMatrix().Rows - len(bestX)
	data := jac.Slice(0, nData, 0, len(bestX))
	var svd mat.SVD
	if nData > 0 && svd.Factorize(data, mat.SVDFull) {
		// With fewer figures than parameters, the rest of the space has
		// singular value 0.
		cal.SingularValues = make([]float64, len(bestX))
		copy(cal.SingularValues, svd.Values(nil))
		var v mat.Dense
		svd.VTo(&v)
		for j, sv := range cal.SingularValues {
			if sv < 0.01*cal.SingularValues[0] {
				cal.Unidentified = append(cal.Unidentified, combination(&v, j, func(i int) string {
					return params[i].country + "." + params[i].kind.String()
				}))
			}
		}
	}
	// Laplace: covariance σ²·(JᵀJ)⁻¹ of the MAP residuals (priors included,
	// so the Hessian is positive definite).
	var jtj mat.SymDense
	jtj.SymOuterK(1, jac.T())
	var chol mat.Cholesky
	var cov mat.SymDense
	laplace := chol.Factorize(&jtj) && chol.InverseTo(&cov) == nil
	cal.Settings = bestSettings
	for i := range cal.Params {
		p := &cal.Params[i]
		p.Value = getParam(&bestSettings, p.Country, p.Kind)
		p.Lo, p.Hi = math.NaN(), math.NaN()
		if laplace {
			if sd := resSD * math.Sqrt(cov.At(i, i)); sd >= 0 && !math.IsInf(sd, 0) {
				p.Lo, p.Hi = fromSpace(bestX[i]-1.96*sd, p.Kind), fromSpace(bestX[i]+1.96*sd, p.Kind)
			}
		}
	}
	return cal, nil
}

// getParam returns a country's parameter of the given kind.
func getParam(s *Settings, code string, k ParamKind) float64 {
	cp := s.Country(code)
	switch k {
	case ParamGapBase:
		return float64(cp.GapBase)
	case ParamHazard:
		return cp.HazardPerKm
	case ParamBorderIntensity:
		return cp.BorderIntensity
	case ParamInlandIntensity:
		return cp.InlandIntensity
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
	case ParamBorderIntensity:
		cp.BorderIntensity = v
	case ParamInlandIntensity:
		cp.InlandIntensity = v
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

// scales reports whether a parameter of kind k scales the exponent of a
// country's stages of kind sk.
func scales(k ParamKind, sk StageKind) bool {
	switch k {
	case ParamIntensity:
		return true
	case ParamBorderIntensity:
		return sk != StageInland
	case ParamInlandIntensity, ParamHazard:
		return sk == StageInland
	}
	return false
}
