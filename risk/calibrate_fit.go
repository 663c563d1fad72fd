package risk

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/routerisk/routerisk/route"
)

// A calibConfig is a calibration's settings, checked, with the defaults of
// CalibSettings filled in.
type calibConfig struct {
	target    Target // a copy of CalibSettings.Target
	tracked   []int  // the commodities of the kg figures, apart from totals
	countries []string
	kinds     []ParamKind
	rounds    int
	maxEval   int
	starts    int
	priorSD   float64
	resSD     float64
	kCal      int // the routes per pair and carrier added to the wide sets
}

// newCalibConfig returns the settings o of a calibration of m, checked and
// completed, or an error naming the setting at fault.
func newCalibConfig(m *Model, o *CalibSettings) (*calibConfig, error) {
	if o.Target == nil {
		return nil, fmt.Errorf("%w: CalibSettings.Target is nil: want the observed figures to fit", ErrBadTarget)
	}
	cfg := &calibConfig{target: *o.Target}
	if err := cfg.target.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.target.checkCommodities(&m.settings); err != nil {
		return nil, err
	}
	// The commodities whose seizures a kg figure is of, apart from the
	// totals.
	for _, o := range cfg.target.Kg {
		if k := m.settings.commodity(o.Commodity); o.Commodity != "" && !slices.Contains(cfg.tracked, k) {
			cfg.tracked = append(cfg.tracked, k)
		}
	}
	var err error
	if cfg.countries, err = m.calibCountries(o.Countries, &cfg.target); err != nil {
		return nil, err
	}
	if cfg.kinds, err = calibKinds(o); err != nil {
		return nil, err
	}
	cfg.rounds, cfg.maxEval, cfg.starts = o.Rounds, o.MaxEvaluations, o.Starts
	if cfg.rounds == 0 {
		cfg.rounds = 3
	}
	if cfg.maxEval == 0 {
		cfg.maxEval = 400
	}
	if cfg.starts == 0 {
		cfg.starts = 3
	}
	if cfg.rounds < 0 || cfg.maxEval < 0 || cfg.starts < 0 {
		return nil, fmt.Errorf("%w: Rounds %d, MaxEvaluations %d, Starts %d: want ≥ 0", ErrBadParam, cfg.rounds, cfg.maxEval, cfg.starts)
	}
	cfg.priorSD, cfg.resSD = o.PriorSD, o.ResidualSD
	if cfg.priorSD == 0 {
		cfg.priorSD = 1
	}
	if cfg.resSD == 0 {
		cfg.resSD = 0.05
	}
	if !(cfg.priorSD > 0 && cfg.priorSD <= 1e3) || !(cfg.resSD > 0 && cfg.resSD <= 1e3) {
		return nil, fmt.Errorf("%w: PriorSD %v, ResidualSD %v: want numbers in (0, 1000]", ErrBadParam, cfg.priorSD, cfg.resSD)
	}
	cfg.kCal = o.K
	if cfg.kCal == 0 {
		cfg.kCal = 2 * m.settings.K
	}
	return cfg, nil
}

// calibCountries returns the countries to fit: those given or, for nil, the
// target's (its share countries, then its kg countries), or an error where
// one is listed twice or is not in the graph.
func (m *Model) calibCountries(countries []string, t *Target) ([]string, error) {
	if countries == nil {
		for _, s := range t.Shares {
			countries = append(countries, s.Country)
		}
		for _, k := range t.Kg {
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
	return countries, nil
}

// calibKinds returns the parameter kinds to fit per country: o.Kinds, or
// o.Kind alone; an error where one is unknown or listed twice.
func calibKinds(o *CalibSettings) ([]ParamKind, error) {
	kinds := o.Kinds
	if len(kinds) == 0 {
		kinds = []ParamKind{o.Kind}
	}
	for i, k := range kinds {
		if k > ParamInlandIntensity || slices.Contains(kinds[:i], k) {
			return nil, fmt.Errorf("%w: CalibSettings.Kinds[%d]: parameter kind %d unknown or listed twice", ErrBadParam, i, k)
		}
	}
	return kinds, nil
}

// A calibrator holds what the steps of Calibrate share: the parameters and
// settings being fitted, the best fit so far by Run, Run's choice sets of
// the last judgement and the round made ahead.
type calibrator struct {
	calibConfig
	ctx context.Context
	m   *Model
	cal *Calibration // the outcome, filled in step by step

	params   []fitParam
	settings Settings  // the settings fitted so far: x mapped back
	x        []float64 // the fitted parameters in the optimizer's space
	centre   []float64 // the centres of their priors, in that space
	priorW   float64   // the weight of a prior residual
	// pm holds the derivatives of the stages with respect to the
	// parameters, where every parameter scales the exponent of a country's
	// hazards (everything but GapBase); nil otherwise.
	pm *paramMap

	// After each fit, Run judges it; the best settings by Run are kept, with
	// Run's result and fit (in cal). Run's choice sets are those of the next
	// round of stage 2.
	best         float64
	bestSettings Settings
	bestX        []float64
	bestEval     *fitEval // the evaluator of the best round
	lastEval     *fitEval // the evaluator of the round fitted last
	judged       *plan    // Run's choice sets under the settings judged last
	// With wide, the judgement also finds the next round's wide sets under
	// the same settings (K alone differs: the same trees, and the sets of
	// Run are prefixes of the wide ones), for as long as the parameters
	// stay those judged (judgedX).
	judgedWide  *plan
	judgedModel *Model
	judgedX     []float64

	next *roundAhead // the next round's, nil for none made ahead
}

// A roundAhead is a round's choice sets (the union of stage 1, or Run's of
// stage 2), with what they added to the union and their evaluator, made
// while the judgement before it assigned the flow.
type roundAhead struct {
	sets  *plan
	added int
	ev    *fitEval
}

// newCalibrator returns the calibrator of cfg on m at the start: the
// settings' parameters and the centres of their priors (1 for the
// intensities, the settings' value for GapBase and HazardPerKm).
func (m *Model) newCalibrator(ctx context.Context, cfg *calibConfig) *calibrator {
	c := &calibrator{calibConfig: *cfg, ctx: ctx, m: m, cal: &Calibration{}, best: math.Inf(1)}
	c.priorW = c.resSD / c.priorSD
	c.settings = m.settings.Clone()
	// Without ShareCountries, shares count over the target's share
	// countries, so that modelled and observed shares have one denominator.
	if len(c.settings.ShareCountries) == 0 && len(c.target.Shares) > 0 {
		c.settings.ShareCountries = c.target.ShareCountries()
	}
	for _, country := range c.countries {
		for _, k := range c.kinds {
			c.params = append(c.params, fitParam{country, k})
		}
	}
	c.x = make([]float64, len(c.params))
	c.centre = make([]float64, len(c.params))
	for i, p := range c.params {
		v := getParam(&c.settings, p.country, p.kind)
		c.x[i] = toSpace(v, p.kind)
		prior := v
		if p.kind == ParamIntensity || p.kind == ParamBorderIntensity || p.kind == ParamInlandIntensity {
			prior = 1
		}
		c.centre[i] = toSpace(prior, p.kind)
		c.cal.Params = append(c.cal.Params, FittedParam{Country: p.country, Kind: p.kind, Start: v, Prior: prior})
	}
	if !slices.Contains(c.kinds, ParamGapBase) {
		c.pm = m.newParamMap(c.params)
	}
	return c
}

// setParams sets the fitted parameters, x in the optimizer's space, in s.
func (c *calibrator) setParams(s *Settings, x []float64) {
	for i, p := range c.params {
		setParam(s, p.country, p.kind, fromSpace(x[i], p.kind))
	}
}

// moveTo makes xs (nil for none) the fitted parameters, in x and in the
// settings.
func (c *calibrator) moveTo(xs []float64) {
	copy(c.x, xs)
	c.setParams(&c.settings, c.x)
}

// stage1 fits in rounds on wide choice sets that only grow, so that the
// optimizer sees the smugglers' reaction and cannot run away to a corner,
// until no new route joins a set, the fit stops improving or Rounds are
// done. The first round fits from several starting points.
func (c *calibrator) stage1() error {
	var union *plan
	for round := 1; round <= c.rounds; round++ {
		a, err := c.wideRound(round, union)
		if err != nil {
			return err
		}
		union = a.sets
		if round > 1 && a.added == 0 {
			break
		}
		c.cal.Rounds++
		c.lastEval = a.ev
		if round == 1 {
			err = c.fitFirst(a.ev)
		} else {
			err = c.fit(a.ev)
		}
		if err != nil {
			return err
		}
		improved, err := c.judge(round < c.rounds, func() { c.next = c.aheadWide(round, union) })
		if err != nil {
			return err
		}
		if round > 1 && !improved {
			c.next = nil
			break // rounds that stop improving end the stage
		}
	}
	if c.next != nil && c.next.sets != c.judged {
		c.next = nil // stage 1 ended before its last round: nothing ahead
	}
	return nil
}

// wideRound returns the choice sets of round of stage 1: those made ahead,
// or else the union of the sets before with the kCal routes per pair and
// carrier under the parameters fitted so far, with their evaluator where
// the round is fitted (the first, or one the union grew in).
func (c *calibrator) wideRound(round int, union *plan) (*roundAhead, error) {
	if a := c.next; a != nil {
		c.next = nil
		return a, nil
	}
	cur, pl := c.judgedModel, c.judgedWide
	if pl == nil || !slices.Equal(c.judgedX, c.x) {
		s := c.settings.Clone()
		s.K = c.kCal
		var err error
		if cur, err = c.m.With(&s); err != nil {
			return nil, err
		}
		pls, err := cur.plans([]int{c.kCal}, false)
		if err != nil {
			return nil, err
		}
		pl = pls[0]
	}
	a := &roundAhead{}
	a.sets, a.added = cur.mergePlans(union, pl)
	if round == 1 || a.added > 0 {
		a.ev = c.newEvaluator(a.sets)
	}
	return a, nil
}

// aheadWide returns what the judgement of round of stage 1 makes ahead:
// the next round's union (its wide sets are the judgement's, under the
// same settings), or after the last round stage 2's first evaluator, on
// the judgement's sets.
func (c *calibrator) aheadWide(round int, union *plan) *roundAhead {
	n := &roundAhead{sets: c.judged}
	if round < c.rounds {
		n.sets, n.added = c.judgedModel.mergePlans(union, c.judgedWide)
		if n.added == 0 {
			return n
		}
	}
	n.ev = c.newEvaluator(n.sets)
	return n
}

// stage2 fits in rounds on the choice sets Run uses (those of the last
// judgement, under the settings fitted so far), until they no longer
// change or the fit stops improving, so that the fit is the model's own.
// A round whose fit lowers the objective on its own sets by less than the
// share roundGain ends the stage unjudged, at the point judged last: on
// those sets (Run's there) the objective at the start is the judgement's,
// so the round could only show a gain its stage would stop at.
func (c *calibrator) stage2() error {
	var prev *plan
	for round := 1; round <= c.rounds; round++ {
		pl := c.judged
		if prev != nil && sameRoutes(pl, prev) {
			break
		}
		prev = pl
		var ev *fitEval
		if c.next != nil && c.next.sets == pl {
			ev = c.next.ev
		} else {
			ev = c.newEvaluator(pl)
		}
		c.next = nil
		r0, err := ev.residuals(c.x)
		if err != nil {
			return err
		}
		c.cal.Evaluations++
		xs, obj, err := c.fitFrom(ev)
		if err != nil {
			return err
		}
		if !(obj < sumSquares(r0)*(1-roundGain)) {
			break
		}
		c.cal.Rounds++
		c.lastEval = ev
		c.moveTo(xs)
		var during func() // ahead: the next round's evaluator
		if round < c.rounds {
			during = func() { c.next = &roundAhead{sets: c.judged, ev: c.newEvaluator(c.judged)} }
		}
		improved, err := c.judge(false, during)
		if err != nil {
			return err
		}
		if !improved {
			break
		}
	}
	return nil
}

// fit runs Levenberg–Marquardt from x on the fixed choice sets of e,
// counts it in cal and moves the parameters to where it ends.
func (c *calibrator) fit(e *fitEval) error {
	xs, _, err := c.fitFrom(e)
	if err != nil {
		return err
	}
	c.moveTo(xs)
	return nil
}

// fitFrom runs Levenberg–Marquardt from x on the fixed choice sets of e
// and counts it in cal; it returns where it ends and the objective there.
func (c *calibrator) fitFrom(e *fitEval) ([]float64, float64, error) {
	xs, obj, n, status, err := levenbergMarquardt(e.residuals, e.jacobianFunc(), c.x, c.maxEval)
	c.cal.Evaluations += n
	c.cal.Status = status
	return xs, obj, err
}

// fitFirst fits the first round from the CalibSettings.Starts starting
// points around x, reports them all in cal.Starts and SameOptimum, and
// moves the parameters to the best end.
func (c *calibrator) fitFirst(e *fitEval) error {
	var bestStart []float64
	bestObj := math.Inf(1)
	x0s := make([][]float64, max(1, c.starts))
	for k := range x0s {
		x0s[k] = startPoint(c.x, k)
	}
	ends, objs, err := c.fitStarts(e, x0s)
	if err != nil {
		return err
	}
	for k, x0 := range x0s {
		xs, obj := ends[k], objs[k]
		st := CalibStart{Start: make([]float64, len(c.x)), End: make([]float64, len(c.x)), Objective: obj}
		for i, p := range c.params {
			st.Start[i], st.End[i] = fromSpace(x0[i], p.kind), fromSpace(xs[i], p.kind)
		}
		c.cal.Starts = append(c.cal.Starts, st)
		if obj < bestObj {
			bestObj, bestStart = obj, xs
		}
	}
	c.moveTo(bestStart)
	c.cal.SameOptimum = true
	for _, st := range c.cal.Starts {
		for i, p := range c.params {
			if math.Abs(toSpace(st.End[i], p.kind)-c.x[i]) > 0.01 {
				c.cal.SameOptimum = false
			}
		}
	}
	return nil
}

// fitStarts runs Levenberg–Marquardt from each of the points x0s at the
// same time, each on its own evaluator of the plan of e (e itself, then
// evaluators on clones of its pricer), and counts them in cal in the order
// of the points. It returns where each ended and its objective.
func (c *calibrator) fitStarts(e *fitEval, x0s [][]float64) ([][]float64, []float64, error) {
	type result struct {
		xs     []float64
		obj    float64
		n      int
		status string
		err    error
	}
	res := make([]result, len(x0s))
	var wg sync.WaitGroup
	evs := make([]*fitEval, len(x0s))
	for k := range x0s {
		evs[k] = e
		if k > 0 { // cloned before the pricer is used
			evs[k] = c.evaluatorOf(e.pl, e.sp.clone())
		}
	}
	// At most a few at a time (all of the default three), so that
	// many starting points do not hold as many pricers at once.
	slots := make(chan struct{}, max(4, runtime.GOMAXPROCS(0)))
	for k, x0 := range x0s {
		slots <- struct{}{}
		ev := evs[k]
		evs[k] = nil // the pricer is let go when the fit ends
		wg.Go(func() {
			defer func() { <-slots }()
			r := &res[k]
			r.xs, r.obj, r.n, r.status, r.err = levenbergMarquardt(ev.residuals, ev.jacobianFunc(), x0, c.maxEval)
		})
	}
	wg.Wait()
	xs, objs := make([][]float64, len(x0s)), make([]float64, len(x0s))
	for k, r := range res {
		c.cal.Evaluations += r.n
		c.cal.Status = r.status
		if r.err != nil {
			return nil, nil, r.err
		}
		xs[k], objs[k] = r.xs, r.obj
	}
	return xs, objs, nil
}

// roundGain is the least share by which a round must lower the objective
// for its stage to go on: 10⁻⁴. Below it a round moves the fitted shares
// by far less than the published shares' rounding (whole percents), and
// costs a round of choice sets, about a tenth of the calibration.
const roundGain = 1e-4

// judge runs the model under the settings fitted so far as Run does and
// appends its objective (priors included) to cal.RoundObjectives, keeping
// the settings, result and fit when they are the best yet. With wide it
// also makes the next round's wide sets (see judgedWide); during, when not
// nil, runs while the flow is assigned, to make the next round ahead, which
// depends on the choice sets alone. It reports whether the objective fell
// by more than the share roundGain.
func (c *calibrator) judge(wide bool, during func()) (bool, error) {
	if err := c.ctx.Err(); err != nil {
		return false, fmt.Errorf("risk: calibration stopped: %w", err)
	}
	cur, err := c.m.With(&c.settings)
	if err != nil {
		return false, err
	}
	ks := []int{cur.settings.K}
	if wide {
		ks = append(ks, c.kCal)
	}
	pls, err := cur.plans(ks, false) // lines for the Result kept only
	if err != nil {
		return false, err
	}
	c.judged, c.judgedWide, c.judgedModel, c.judgedX = pls[0], nil, cur, slices.Clone(c.x)
	if wide {
		c.judgedWide = pls[1]
	}
	var ahead sync.WaitGroup
	if during != nil {
		ahead.Go(during)
	}
	res := cur.assign(c.judged, cur, &cur.settings) // what Run returns
	ahead.Wait()
	rows, obj, err := c.target.FitResult(res)
	if err != nil {
		return false, err
	}
	for i := range c.x {
		d := c.priorW * (c.x[i] - c.centre[i])
		obj += d * d
	}
	if math.IsNaN(obj) {
		obj = math.Inf(1)
	}
	c.cal.RoundObjectives = append(c.cal.RoundObjectives, obj)
	improved := obj < c.best*(1-roundGain)
	if obj < c.best {
		c.best, c.bestSettings, c.bestX, c.bestEval = obj, c.settings.Clone(), slices.Clone(c.x), c.lastEval
		c.cal.Result, c.cal.Fit, c.cal.Objective = res, rows, obj
	}
	return improved, nil
}

// report completes cal from the best fit: the settings and parameters with
// their Laplace intervals and the singular values of the fit. It returns an
// error when the objective was not finite in any round.
func (c *calibrator) report() error {
	if c.bestEval == nil || math.IsInf(c.best, 1) {
		return fmt.Errorf("risk: calibration to %q: the objective is not finite in any of %d rounds (kg observed %v against a flow of %v t?): %w",
			c.target.Name, c.cal.Rounds, c.target.Kg, c.m.settings.TotalFlowTonnes(), ErrBadTarget)
	}
	// The kept Result's routes are completed beside the Jacobian, which
	// reads neither.
	var lines sync.WaitGroup
	lines.Go(func() { c.cal.Result.model.complete(c.cal.Result.Routes) })
	jac, err := jacobian(c.bestEval.residuals, c.bestX)
	lines.Wait()
	if err != nil {
		return err
	}
	c.identify(jac)
	c.intervals(jac)
	return nil
}

// identify sets cal.SingularValues from the data rows of jac, the
// Jacobian of the residuals at the best fit, and cal.Unidentified from
// those below 1% of the largest.
func (c *calibrator) identify(jac *mat.Dense) {
	nData := jac.RawMatrix().Rows - len(c.bestX)
	data := jac.Slice(0, nData, 0, len(c.bestX))
	var svd mat.SVD
	if nData <= 0 || !svd.Factorize(data, mat.SVDFull) {
		return
	}
	// With fewer figures than parameters, the rest of the space has
	// singular value 0.
	c.cal.SingularValues = make([]float64, len(c.bestX))
	copy(c.cal.SingularValues, svd.Values(nil))
	var v mat.Dense
	svd.VTo(&v)
	for j, sv := range c.cal.SingularValues {
		if sv < 0.01*c.cal.SingularValues[0] {
			c.cal.Unidentified = append(c.cal.Unidentified, combination(&v, j, func(i int) string {
				return c.params[i].country + "." + c.params[i].kind.String()
			}))
		}
	}
}

// intervals sets cal.Settings to the best settings and each parameter's
// value and 95% Laplace interval, from jac, the Jacobian of the residuals
// at the best fit (NaN where the Hessian cannot be inverted).
func (c *calibrator) intervals(jac *mat.Dense) {
	// Laplace: covariance σ²·(JᵀJ)⁻¹ of the MAP residuals (priors included,
	// so the Hessian is positive definite).
	var jtj mat.SymDense
	jtj.SymOuterK(1, jac.T())
	var chol mat.Cholesky
	var cov mat.SymDense
	laplace := chol.Factorize(&jtj) && chol.InverseTo(&cov) == nil
	c.cal.Settings = c.bestSettings
	for i := range c.cal.Params {
		p := &c.cal.Params[i]
		p.Value = getParam(&c.bestSettings, p.Country, p.Kind)
		p.Lo, p.Hi = math.NaN(), math.NaN()
		if laplace {
			if sd := c.resSD * math.Sqrt(cov.At(i, i)); sd >= 0 && !math.IsInf(sd, 0) {
				p.Lo, p.Hi = fromSpace(c.bestX[i]-1.96*sd, p.Kind), fromSpace(c.bestX[i]+1.96*sd, p.Kind)
			}
		}
	}
}

// A fitEval evaluates the residuals (the target's, then the priors') of a
// plan with its choice sets fixed, on its own pricer and settings, so that
// evaluators can run at the same time.
type fitEval struct {
	c  *calibrator
	pl *plan
	sp *sparsePricer // its clones give more evaluators of pl
	s  Settings      // every evaluation sets all the fitted parameters
	pm *paramMap     // its own scales; nil without exact Jacobians
}

// newEvaluator returns an evaluator of pl on a new pricer of pl.
func (c *calibrator) newEvaluator(pl *plan) *fitEval {
	sp := newSparsePricer(c.m, pl)
	sp.track(c.tracked)
	return c.evaluatorOf(pl, sp)
}

// evaluatorOf returns an evaluator of pl on sp, a pricer of pl, with the
// settings fitted so far.
func (c *calibrator) evaluatorOf(pl *plan, sp *sparsePricer) *fitEval {
	e := &fitEval{c: c, pl: pl, sp: sp, s: c.settings.Clone()}
	if c.pm != nil {
		e.pm = &paramMap{n: c.pm.n, of: c.pm.of, scale: make([]float64, c.pm.n), protected: make([]float64, len(c.pm.protected))}
	}
	return e
}

// at returns the index of a country's seizures (of a commodity) in the
// pricer's figures, −1 for none.
func (e *fitEval) at(country, commodity string) int {
	m := e.c.m
	c := m.index(country)
	if c < 0 {
		return -1
	}
	k := -1
	if commodity != "" {
		k = m.settings.commodity(commodity)
	}
	return e.sp.kgIndex(int(c), k)
}

// prep sets the parameters x in the evaluator's settings and pricer; it
// returns an error that wraps ctx.Err() once the calibration is stopped.
func (e *fitEval) prep(x []float64) error {
	if err := e.c.ctx.Err(); err != nil {
		return fmt.Errorf("risk: calibration stopped: %w", err)
	}
	e.c.setParams(&e.s, x)
	return e.sp.update(&e.s)
}

// finish returns the target's fit to the seizures kg at x and the
// residuals, the priors' last.
func (e *fitEval) finish(x []float64, kg []float64) ([]FitRow, []float64) {
	c := e.c
	rows, _ := c.target.Fit(func(country, commodity string) float64 {
		if i := e.at(country, commodity); i >= 0 {
			return kg[i]
		}
		return 0
	})
	r := residuals(rows, c.target.kgWeight())
	for i := range x {
		r = append(r, c.priorW*(x[i]-c.centre[i]))
	}
	return rows, r
}

// residuals returns the residuals at x.
func (e *fitEval) residuals(x []float64) ([]float64, error) {
	if err := e.prep(x); err != nil {
		return nil, err
	}
	_, r := e.finish(x, e.sp.seizures(e.pl, &e.s))
	return r, nil
}

// withJacobian returns the residuals at x and their exact Jacobian: the
// chain rule through the stages' hazards, the routes' survival and the
// logit shares. It needs pm.
func (e *fitEval) withJacobian(x []float64) ([]float64, *mat.Dense, error) {
	if err := e.prep(x); err != nil {
		return nil, nil, err
	}
	for j, p := range e.c.params {
		e.pm.scale[j] = 1
		if v := math.Exp(x[j]); v != fromSpace(x[j], p.kind) {
			e.pm.scale[j] = 0 // clamped
		}
	}
	for c, code := range e.c.m.countries {
		e.pm.protected[c] = float64(e.s.Country(code).Protected)
	}
	e.sp.grad(e.pm)
	kg, dkg := e.sp.seizuresJac(e.pl, &e.s, e.pm)
	_, r := e.finish(x, kg)
	return r, residualJacobian(&e.c.target, e.at, kg, dkg, len(x), e.c.priorW), nil
}

// jacobianFunc returns withJacobian, or nil where GapBase is fitted and
// levenbergMarquardt takes forward differences instead.
func (e *fitEval) jacobianFunc() func([]float64) ([]float64, *mat.Dense, error) {
	if e.pm == nil {
		return nil
	}
	return e.withJacobian
}

// startPoint returns the k-th starting point around x: x itself for k = 0,
// then x offset by ±0.7, the sign alternating by parameter and flipping
// with k.
func startPoint(x []float64, k int) []float64 {
	out := slices.Clone(x)
	if k == 0 {
		return out
	}
	for i := range out {
		sign := 1.0
		if (i+k)%2 == 0 {
			sign = -1
		}
		out[i] += sign * 0.7 * float64((k+1)/2)
	}
	return out
}

// combination describes column j of v as a signed sum of the parameters
// whose weight exceeds 0.2 in absolute value.
func combination(v *mat.Dense, j int, name func(i int) string) string {
	var b strings.Builder
	r, _ := v.Dims()
	for i := range r {
		w := v.At(i, j)
		if math.Abs(w) < 0.2 {
			continue
		}
		switch {
		case b.Len() == 0 && w < 0:
			b.WriteString("−")
		case b.Len() > 0 && w < 0:
			b.WriteString(" − ")
		case b.Len() > 0:
			b.WriteString(" + ")
		}
		fmt.Fprintf(&b, "%.2f·%s", math.Abs(w), name(i))
	}
	return b.String()
}

// sameRoutes reports whether two plans hold the same candidate routes (by
// their edges) for the same carriers and commodities, in the same order.
func sameRoutes(a, b *plan) bool {
	if len(a.pairs) != len(b.pairs) {
		return false
	}
	for i := range a.pairs {
		p, q := &a.pairs[i], &b.pairs[i]
		if p.carrier != q.carrier || p.commodity != q.commodity || len(p.routes) != len(q.routes) {
			return false
		}
		for j := range p.routes {
			if !slices.Equal(p.routes[j].Path.Edges, q.routes[j].Path.Edges) {
				return false
			}
		}
	}
	return true
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
	type job struct {
		pairs []int
		paths []route.Path
	}
	var jobs []job
	// Pairs of the same places whose routes in a and in b are the same
	// slices (the commodities of one carrier and places) share one job and
	// its routes.
	type setKey struct {
		a, b                *Route
		na, nb              int
		origin, destination string
	}
	jobOf := map[setKey]int{}
	for _, p := range b.pairs {
		i, ok := idx[pairKey{p.carrier, p.commodity, p.from, p.to}]
		if !ok {
			continue
		}
		var key setKey
		if ra := out.pairs[i].routes; len(ra) > 0 && len(p.routes) > 0 {
			key = setKey{&ra[0], &p.routes[0], len(ra), len(p.routes), p.origin, p.destination}
			if j, ok := jobOf[key]; ok {
				if len(jobs[j].paths) > len(ra) {
					added += len(jobs[j].paths) - len(ra)
					jobs[j].pairs = append(jobs[j].pairs, i)
				}
				continue
			}
		}
		var paths []route.Path
		for _, r := range out.pairs[i].routes {
			paths = append(paths, r.Path)
		}
		n := len(paths)
		for _, r := range p.routes {
			if !slices.ContainsFunc(paths, func(q route.Path) bool { return slices.Equal(q.Edges, r.Path.Edges) }) {
				paths = append(paths, r.Path)
			}
		}
		if key.a != nil {
			jobOf[key] = len(jobs)
		}
		if len(paths) > n {
			added += len(paths) - n
		}
		jobs = append(jobs, job{[]int{i}, paths})
	}
	// The routes of the grown sets, in parallel.
	parallel(len(jobs), func(j int) error {
		if len(jobs[j].paths) == len(out.pairs[jobs[j].pairs[0]].routes) {
			return nil // not grown
		}
		q := &out.pairs[jobs[j].pairs[0]]
		rs := m.routesOf(q.carrier, q.origin, q.destination, q.from, jobs[j].paths)
		for _, i := range jobs[j].pairs {
			out.pairs[i].routes = rs
		}
		return nil
	})
	return out, added
}
