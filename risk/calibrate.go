package risk

import (
	"context"
	"fmt"
	"math"
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
	Rounds      int           // rounds fitted and judged by a Run, both stages
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
	cfg, err := newCalibConfig(m, &o)
	if err != nil {
		return nil, err
	}
	c := m.newCalibrator(ctx, cfg)
	if err := c.stage1(); err != nil {
		return nil, err
	}
	if err := c.stage2(); err != nil {
		return nil, err
	}
	if err := c.report(); err != nil {
		return nil, err
	}
	return c.cal, nil
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
