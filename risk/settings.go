package risk

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/routerisk/routerisk/geo"
)

// Defaults for the fields of Settings whose zero value means "default".
const (
	// DefaultGuardDecayKm is the assumed distance over which the watch of a
	// border post fades by a factor e (assumption: a post's patrols and
	// observation reach about a day's walk in mountains).
	DefaultGuardDecayKm = 15
	// DefaultSettlementDecayKm is the assumed distance over which the chance
	// of being seen by people (herders, villagers, informants) fades by e.
	DefaultSettlementDecayKm = 25
	// DefaultK is the number of routes per origin–destination pair and
	// carrier over which flow is shared (assumption: enough to hold every
	// way out of Afghanistan and the main alternatives at the other
	// borders).
	DefaultK = 10
	// DefaultTheta is the logit scale on route cost (assumption): a route
	// whose cost is larger by 0.01, about one percentage point of
	// interdiction risk, carries e^−1 ≈ 0.37 times the flow.
	DefaultTheta = 100
	// DefaultFlowTonnes is the heroin leaving northern Afghanistan into
	// Central Asia in 2010: about 90 t (public figure: UNODC, Opiate flows
	// through northern Afghanistan and Central Asia, 2012).
	DefaultFlowTonnes = 90
	// MaxK is the largest number of routes per pair accepted.
	MaxK = 50
	// DefaultMaxOverlap is the largest share of length two routes of a
	// ChoiceDiverse set may have in common (assumption).
	DefaultMaxOverlap = 0.7
)

// ChoiceSet is how the routes a smuggler chooses among are found.
type ChoiceSet uint8

// The choice sets.
const (
	// ChoiceByBorder: for every official crossing and gap, the best route
	// through it; of these, the cheapest over each border out of the
	// origin's country and into the destination's (so that every way
	// through the region, by Turkmenistan as by Tajikistan, stays a
	// choice) and then the cheapest, all with distinct sequences of
	// crossings and gaps. The alternatives differ where it
	// matters, at the borders, and may share the trunk roads between. Two
	// shortest-path trees per origin and destination (Dijkstra), whatever K.
	ChoiceByBorder ChoiceSet = iota
	// ChoiceKBest: the K best routes by Yen's algorithm (route.KShortest);
	// on a dense road network they are mostly variants of one route by
	// nearby villages, which the path-size factor counts as one choice.
	ChoiceKBest
	// ChoiceDiverse: route.Diverse, K routes of which every two share at
	// most MaxOverlap of the shorter one's length.
	ChoiceDiverse
)

// String returns "by_border", "k_best" or "diverse".
func (c ChoiceSet) String() string {
	switch c {
	case ChoiceByBorder:
		return "by_border"
	case ChoiceKBest:
		return "k_best"
	case ChoiceDiverse:
		return "diverse"
	}
	return fmt.Sprintf("ChoiceSet(%d)", uint8(c))
}

// Settings are the parameters of the interdiction model, of route choice and
// of flow assignment. Build one with a scenario function such as
// Baseline2010 and edit the copy (use Clone before editing the maps or
// slices of a value that is shared). Every probability is a Prob in [0,1];
// Validate reports the first invalid field.
type Settings struct {
	// Name names the scenario, e.g. "baseline-2010". Zero: unnamed.
	Name string

	// Inspection is the share of shipments searched at an official crossing,
	// by regime. Zero values mean no inspection.
	Inspection Inspection

	// Detection is the probability that a search finds the drugs, by method.
	// Zero values mean the method never detects.
	Detection Detection

	// Countries holds the per-country parameters by ISO alpha-3 code. A
	// country not in the map gets Other. Default DefaultCountries()
	// (assumptions); nil means every country gets Other.
	Countries map[string]CountryParams

	// Other holds the parameters of countries not in Countries. Default
	// GapBase 0.05, HazardPerKm 1e-5 (assumptions). Zero: no gap or
	// in-country interdiction there.
	Other CountryParams

	// GuardDecayKm is λ_f in f(d) = φ_f + (1−φ_f)·exp(−d/λ_f), the decay of a
	// gap's interdiction with the distance d to the nearest outpost or
	// crossing. Zero means DefaultGuardDecayKm (assumption).
	GuardDecayKm float64

	// GuardFloor is φ_f, the share of a post's effect that reaches any
	// distance (mobile patrols, helicopters). Default 0.1 (assumption); zero
	// means none.
	GuardFloor Prob

	// SettlementDecayKm is λ_g in g(d) = φ_g + (1−φ_g)·exp(−d/λ_g), the decay
	// of a gap's interdiction with the distance to the nearest settlement.
	// Zero means DefaultSettlementDecayKm (assumption).
	SettlementDecayKm float64

	// SettlementFloor is φ_g, the chance of being reported that remains far
	// from any settlement. Default 0.25 (assumption); zero means none.
	SettlementFloor Prob

	// Modes are the gap mode factors: how visible a crossing on foot, on
	// horseback or by vehicle is, relative to the base rate. Zero values
	// mean the mode is never caught in a gap.
	Modes ModeFactors

	// Rules change the regime or equipment of official crossings, in order
	// (a later rule wins). Scenarios are mostly written as rules. Zero: the
	// crossings as given in the corridor.
	Rules []CrossingRule

	// Upgrades add outposts and patrols along stretches of border. Zero:
	// none.
	Upgrades []BorderUpgrade

	// Beta is β, the smuggler's price of one hour of travel in units of
	// −ln(evasion probability): route cost = −ln(1−P(r)) + β·hours. Default
	// 0.0002 per hour (assumption: a load is worth far more than the time
	// it travels, so a day longer on the road is worth about half a
	// percentage point less risk); zero means time does not matter.
	Beta float64

	// K is the number of routes per origin–destination pair and carrier
	// over which the pair's flow is shared. Zero means DefaultK
	// (assumption).
	K int

	// Choice is how the K routes of a pair's choice set are found. Zero
	// means ChoiceByBorder.
	Choice ChoiceSet

	// MaxOverlap is the largest share of the shorter route's length two
	// routes of a ChoiceDiverse set may have in common. Zero means
	// DefaultMaxOverlap (assumption).
	MaxOverlap float64

	// Theta is the logit scale θ: the flow of a pair is shared over its K
	// routes in proportion to PS_r·exp(−θ·cost_r), PS_r the path-size
	// overlap correction. Zero means DefaultTheta (assumption).
	Theta float64

	// FlowTonnes is the total flow in tonnes a year. Zero means
	// DefaultFlowTonnes (public figure, UNODC 2012).
	FlowTonnes float64

	// Carriers are the ways shipments travel, each with its share of the
	// flow. Nil means DefaultCarriers.
	Carriers []Carrier
}

// Inspection holds the inspection rate of an official crossing by regime. A
// closed crossing cannot be passed at all.
type Inspection struct {
	// Full is the share of shipments searched where every shipment is
	// liable to inspection. Default 0.05 (assumption: with the traffic of
	// the main checkpoints and the corruption reported by UNODC, only a small
	// share of vehicles is searched thoroughly).
	Full Prob
	// TIRSealed is the share of sealed TIR transit opened. Default 0.005
	// (assumption: seals are broken only on intelligence).
	TIRSealed Prob
	// CustomsUnion is the share searched where customs inspection was
	// removed. Default 0 (public fact: no customs inspection of cargo at the
	// Kazakhstan – Russia border from July 2011, Customs Union of Belarus,
	// Kazakhstan and Russia).
	CustomsUnion Prob
}

// Detection holds the probability that a search finds the drugs, by method;
// the methods present at a crossing act as independent detectors, so a
// search detects with probability 1 − Π(1 − d_m).
type Detection struct {
	// Visual is the detection of a search by hand and eye, present at every
	// open crossing. Default 0.3 (assumption).
	Visual Prob
	// Scanner is the detection of a cargo X-ray or gamma scanner. Default
	// 0.7 (assumption).
	Scanner Prob
	// Dogs is the detection of a canine unit. Default 0.6 (assumption).
	Dogs Prob
}

// ModeFactors scale a gap's interdiction by the way it is crossed.
type ModeFactors struct {
	Foot    Prob // default 0.5 (assumption: a courier on foot hides best)
	Horse   Prob // default 0.7 (assumption)
	Vehicle Prob // default 1 (assumption: a vehicle off-road is seen and heard farthest)
}

// CountryParams are the parameters of one country.
type CountryParams struct {
	// GapBase is p0, the probability that the country's guards interdict a
	// shipment crossing its side of the border right at a post and a
	// settlement. Zero: never.
	GapBase Prob
	// HazardPerKm is μ, the hazard of interdiction per km travelled inside
	// the country (police checks, informants): an edge of L km is
	// interdicted with probability 1 − exp(−μL). Zero: none.
	HazardPerKm float64
	// Intensity scales every hazard in the country, at its crossings, its
	// side of the gaps and inside it: a probability p becomes 1 − (1−p)^e.
	// It is what Calibrate fits by default. Zero means 1.
	Intensity float64
}

// A CrossingRule changes official crossings that match all of its non-zero
// match fields, for the direction and carriers it names.
type CrossingRule struct {
	ID       string           // match: crossing ID
	Pair     string           // match: the border "A-B" (either order)
	Entering string           // match: the country entered
	Mode     geo.CrossingMode // match: road, rail, bridge or ferry
	// FromRegime matches crossings whose regime, after the earlier rules,
	// is this one.
	FromRegime geo.Regime
	// Carriers matches shipments of carriers whose name is listed; nil
	// matches every carrier.
	Carriers []string

	Regime     geo.Regime // set the regime ("" keeps it)
	AddScanner bool       // install a scanner
	AddDogs    bool       // add a canine unit
	Source     string     // why, with the source of the figure
}

// A BorderUpgrade adds outposts and mobile patrols on one side of one border.
type BorderUpgrade struct {
	Pair string // the border "A-B" (either order)
	Side string // the country whose side is upgraded
	// OutpostsPer100Km are posts added per 100 km, spaced evenly: a segment's
	// distance to the nearest post on that side becomes at most a quarter
	// of the spacing (the mean distance to the nearest of evenly spaced
	// posts).
	OutpostsPer100Km float64
	// Patrol is the probability that mobile patrols detect a crossing of
	// that side anywhere on the stretch, independent of the posts.
	Patrol Prob
	Source string // why, with the source of the figure
}

// A Carrier is a way a shipment travels, with its share of the flow. Its
// Modes (the route package's names: "foot", "horse", "vehicle", "truck",
// "rail", "ferry", joined by "|") restrict the edges it may use.
type Carrier struct {
	Name  string // e.g. "courier"
	Modes string // e.g. "foot|horse|vehicle"
	Share float64
}

// DefaultCarriers returns the assumed split of the flow over carriers: a
// courier who walks or rides across a green border and drives on; a car or
// van with a hidden load; a commercial truck; and rail freight, driven to a
// railhead first (northern Afghanistan has no railway to the north but the
// Hairatan line). The shares are assumptions (UNODC 2012 reports all four
// and no split).
func DefaultCarriers() []Carrier {
	return []Carrier{
		{Name: "courier", Modes: "foot|horse|vehicle", Share: 0.2},
		{Name: "car", Modes: "vehicle", Share: 0.4},
		{Name: "truck", Modes: "truck", Share: 0.3},
		{Name: "rail", Modes: "vehicle|rail", Share: 0.1},
	}
}

// DefaultCountries returns the default per-country parameters, a new map.
// All are assumptions: Uzbekistan's fenced southern borders are guarded
// most closely (GapBase 0.10), Afghanistan's side hardly at all (0.01),
// the others 0.04–0.08; the in-country hazards are about 1% per 1,000 km
// (μ = 1e-5/km), twice that in Uzbekistan and Turkmenistan with their dense
// internal police checkpoints, half in Kazakhstan and Russia, a fifth in
// Afghanistan; every Intensity is 1. Calibrate fits the intensities.
func DefaultCountries() map[string]CountryParams {
	return map[string]CountryParams{
		"AFG": {GapBase: 0.01, HazardPerKm: 0.2e-5, Intensity: 1},
		"TJK": {GapBase: 0.05, HazardPerKm: 1e-5, Intensity: 1},
		"UZB": {GapBase: 0.10, HazardPerKm: 2e-5, Intensity: 1},
		"TKM": {GapBase: 0.06, HazardPerKm: 2e-5, Intensity: 1},
		"KGZ": {GapBase: 0.04, HazardPerKm: 0.8e-5, Intensity: 1},
		"KAZ": {GapBase: 0.05, HazardPerKm: 0.5e-5, Intensity: 1},
		"RUS": {GapBase: 0.08, HazardPerKm: 0.5e-5, Intensity: 1},
		"AZE": {GapBase: 0.05, HazardPerKm: 1e-5, Intensity: 1},
	}
}

// defaultSettings returns the model defaults with no scenario rules.
func defaultSettings() Settings {
	return Settings{
		Inspection:        Inspection{Full: 0.05, TIRSealed: 0.005, CustomsUnion: 0},
		Detection:         Detection{Visual: 0.3, Scanner: 0.7, Dogs: 0.6},
		Countries:         DefaultCountries(),
		Other:             CountryParams{GapBase: 0.05, HazardPerKm: 1e-5, Intensity: 1},
		GuardDecayKm:      DefaultGuardDecayKm,
		GuardFloor:        0.1,
		SettlementDecayKm: DefaultSettlementDecayKm,
		SettlementFloor:   0.25,
		Modes:             ModeFactors{Foot: 0.5, Horse: 0.7, Vehicle: 1},
		Beta:              0.0002,
		K:                 DefaultK,
		MaxOverlap:        DefaultMaxOverlap,
		Theta:             DefaultTheta,
		FlowTonnes:        DefaultFlowTonnes,
		Carriers:          DefaultCarriers(),
	}
}

// Clone returns a deep copy of s: editing the copy's maps and slices leaves
// s unchanged.
func (s Settings) Clone() Settings {
	c := s
	c.Countries = maps.Clone(s.Countries)
	c.Rules = slices.Clone(s.Rules)
	for i := range c.Rules {
		c.Rules[i].Carriers = slices.Clone(c.Rules[i].Carriers)
	}
	c.Upgrades = slices.Clone(s.Upgrades)
	c.Carriers = slices.Clone(s.Carriers)
	return c
}

// Country returns the parameters of a country, Other when it has none, with
// a zero Intensity replaced by 1.
func (s *Settings) Country(code string) CountryParams {
	p, ok := s.Countries[code]
	if !ok {
		p = s.Other
	}
	if p.Intensity == 0 {
		p.Intensity = 1
	}
	return p
}

// The getters below return a setting with zero replaced by its default.

func (s *Settings) guardDecayKm() float64 { return cmp.Or(s.GuardDecayKm, DefaultGuardDecayKm) }
func (s *Settings) settlementDecayKm() float64 {
	return cmp.Or(s.SettlementDecayKm, DefaultSettlementDecayKm)
}
func (s *Settings) k() int              { return cmp.Or(s.K, DefaultK) }
func (s *Settings) maxOverlap() float64 { return cmp.Or(s.MaxOverlap, DefaultMaxOverlap) }
func (s *Settings) theta() float64      { return cmp.Or(s.Theta, DefaultTheta) }
func (s *Settings) flowTonnes() float64 { return cmp.Or(s.FlowTonnes, DefaultFlowTonnes) }

func (s *Settings) carriers() []Carrier {
	if s.Carriers == nil {
		return DefaultCarriers()
	}
	return s.Carriers
}

// Validate returns a *ParamError for the first invalid field of s, or nil.
func (s *Settings) Validate() error {
	prob := func(field string, p Prob) error {
		if !p.Valid() {
			return &ParamError{Field: field, Value: float64(p), Want: "a probability in [0,1]"}
		}
		return nil
	}
	nonneg := func(field string, v float64) error {
		if !(v >= 0) || math.IsInf(v, 1) {
			return &ParamError{Field: field, Value: v, Want: "a finite number ≥ 0"}
		}
		return nil
	}
	probs := []struct {
		field string
		p     Prob
	}{
		{"Inspection.Full", s.Inspection.Full},
		{"Inspection.TIRSealed", s.Inspection.TIRSealed},
		{"Inspection.CustomsUnion", s.Inspection.CustomsUnion},
		{"Detection.Visual", s.Detection.Visual},
		{"Detection.Scanner", s.Detection.Scanner},
		{"Detection.Dogs", s.Detection.Dogs},
		{"GuardFloor", s.GuardFloor},
		{"SettlementFloor", s.SettlementFloor},
		{"Modes.Foot", s.Modes.Foot},
		{"Modes.Horse", s.Modes.Horse},
		{"Modes.Vehicle", s.Modes.Vehicle},
	}
	for _, f := range probs {
		if err := prob(f.field, f.p); err != nil {
			return err
		}
	}
	nums := []struct {
		field string
		v     float64
	}{
		{"GuardDecayKm", s.GuardDecayKm},
		{"SettlementDecayKm", s.SettlementDecayKm},
		{"Beta", s.Beta},
		{"Theta", s.Theta},
		{"MaxOverlap", s.MaxOverlap},
		{"FlowTonnes", s.FlowTonnes},
	}
	for _, f := range nums {
		if err := nonneg(f.field, f.v); err != nil {
			return err
		}
	}
	if s.Choice > ChoiceDiverse {
		return &ParamError{Field: "Choice", Value: float64(s.Choice), Want: "ChoiceByBorder, ChoiceKBest or ChoiceDiverse"}
	}
	if s.MaxOverlap > 1 {
		return &ParamError{Field: "MaxOverlap", Value: s.MaxOverlap, Want: "a number in [0,1]"}
	}
	if s.K < 0 || s.K > MaxK {
		return &ParamError{Field: "K", Value: float64(s.K), Want: fmt.Sprintf("an integer in [0,%d]", MaxK)}
	}
	country := func(name string, c CountryParams) error {
		if err := prob(name+".GapBase", c.GapBase); err != nil {
			return err
		}
		if err := nonneg(name+".HazardPerKm", c.HazardPerKm); err != nil {
			return err
		}
		return nonneg(name+".Intensity", c.Intensity)
	}
	for _, code := range sortedKeys(s.Countries) {
		if err := country("Countries["+code+"]", s.Countries[code]); err != nil {
			return err
		}
	}
	if err := country("Other", s.Other); err != nil {
		return err
	}
	for i, r := range s.Rules {
		name := fmt.Sprintf("Rules[%d]", i)
		if r.Pair != "" && !validPair(r.Pair) {
			return fmt.Errorf("%w: %s.Pair %q: want two ISO alpha-3 codes as \"A-B\"", ErrBadParam, name, r.Pair)
		}
		for _, rg := range []struct {
			field string
			r     geo.Regime
		}{{"Regime", r.Regime}, {"FromRegime", r.FromRegime}} {
			switch rg.r {
			case "", geo.RegimeFull, geo.RegimeTIRSealed, geo.RegimeCustomsUnion, geo.RegimeClosed:
			default:
				return fmt.Errorf("%w: %s.%s %q: want full, tir_sealed, customs_union or closed", ErrBadParam, name, rg.field, rg.r)
			}
		}
	}
	for i, u := range s.Upgrades {
		name := fmt.Sprintf("Upgrades[%d]", i)
		if !validPair(u.Pair) {
			return fmt.Errorf("%w: %s.Pair %q: want two ISO alpha-3 codes as \"A-B\"", ErrBadParam, name, u.Pair)
		}
		if a, b, _ := strings.Cut(u.Pair, "-"); u.Side != a && u.Side != b {
			return fmt.Errorf("%w: %s.Side %q is not a country of the border %s", ErrBadParam, name, u.Side, u.Pair)
		}
		if err := nonneg(name+".OutpostsPer100Km", u.OutpostsPer100Km); err != nil {
			return err
		}
		if err := prob(name+".Patrol", u.Patrol); err != nil {
			return err
		}
	}
	var total float64
	for i, c := range s.carriers() {
		name := fmt.Sprintf("Carriers[%d]", i)
		if c.Name == "" {
			return fmt.Errorf("%w: %s has no name", ErrBadParam, name)
		}
		if err := nonneg(name+".Share", c.Share); err != nil {
			return err
		}
		total += c.Share
	}
	if s.Carriers != nil && !(total > 0) {
		return &ParamError{Field: "Carriers", Value: total, Want: "shares that add up to more than 0"}
	}
	return nil
}

// validPair reports whether s is "AAA-BBB".
func validPair(s string) bool {
	a, b, ok := strings.Cut(s, "-")
	return ok && len(a) == 3 && len(b) == 3 && a != b
}

// samePair reports whether the border pair p ("A-B", either order) joins a
// and b.
func samePair(p, a, b string) bool {
	return p == a+"-"+b || p == b+"-"+a
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
