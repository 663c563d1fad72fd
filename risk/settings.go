package risk

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/route"
)

// Limits of Settings, beyond which Validate rejects a value: far outside
// any meaningful setting, they keep every product of the model finite.
const (
	// MaxK is the largest number of routes per pair accepted.
	MaxK = 50
	// MaxFlowTonnes is the largest total flow accepted, 1e9 t a year.
	MaxFlowTonnes = 1e9
	// MaxBeta is the largest price of an hour accepted, 1000 per hour.
	MaxBeta = 1e3
	// MaxTheta is the largest logit scale accepted.
	MaxTheta = 1e6
	// MaxHazardPerKm is the largest in-country hazard accepted, 1 per km
	// (63% interdiction per km travelled).
	MaxHazardPerKm = 1
	// MaxIntensity is the largest country intensity accepted.
	MaxIntensity = 1e6
	// MaxDecayKm is the largest decay distance accepted, 1e5 km (more
	// than twice the Earth's circumference: no decay at all).
	MaxDecayKm = 1e5
	// MaxHandoverHours is the largest hand-over time accepted, a year.
	MaxHandoverHours = 8760
	// MaxShipmentKg is the largest shipment accepted, 1e6 kg.
	MaxShipmentKg = 1e6
)

// ChoiceSet is how the routes a smuggler chooses among are found.
type ChoiceSet uint8

// The choice sets.
const (
	// ChoiceByBorder: for every official crossing and gap, the best route
	// through it; of these, the cheapest over each border out of the
	// origin's country and into the destination's (so that every way
	// through the region stays a choice) and then the cheapest, all with
	// distinct sequences of crossings and gaps. The alternatives differ
	// where it matters, at the borders, and may share the roads between.
	// Two shortest-path trees per origin and destination (Dijkstra),
	// whatever K.
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
// of flow assignment. Start from DefaultSettings, which fills every field,
// and edit the copy (use Clone before editing the maps or slices of a value
// that is shared). A field's zero value means what its comment says; fields
// where zero means nothing usable are rejected by Validate, which names the
// field. No default is any one corridor's value.
type Settings struct {
	// Name names the scenario, e.g. "baseline". Default and zero: unnamed.
	Name string

	// Inspection is the share of shipments searched at an official crossing,
	// by regime. Zero values mean no inspection.
	Inspection Inspection

	// Detection is the probability that a search finds the drugs, by method.
	// Zero values mean the method never detects.
	Detection Detection

	// Countries holds the per-country parameters by ISO alpha-3 code (or a
	// user-assigned code such as "XKX"). A country not in the map gets
	// Other. Default nil: every country gets Other. A key that names no
	// country of the graph is reported by (*Model).Findings.
	Countries map[string]CountryParams

	// Other holds the parameters of countries not in Countries. Default
	// GapBase 0.05, HazardPerKm 1e-5, Intensity 1 (assumptions: guards who
	// catch one crossing in twenty next to a post and a town; about 1%
	// interdiction per 1,000 km inland). Zero: no gap or in-country
	// interdiction there.
	Other CountryParams

	// GuardDecayKm is λ_f in f(d) = φ_f + (1−φ_f)·exp(−d/λ_f), the decay of a
	// gap's interdiction with the distance d to the nearest outpost or
	// crossing. Default 15 km (assumption: a post's patrols and observation
	// reach about a day's walk in mountains). Must be in (0, MaxDecayKm].
	GuardDecayKm float64

	// GuardFloor is φ_f, the share of a post's effect that reaches any
	// distance (mobile patrols, helicopters). Default 0.1 (assumption); zero
	// means none.
	GuardFloor Prob

	// SettlementDecayKm is λ_g in g(d) = φ_g + (1−φ_g)·exp(−d/λ_g), the decay
	// of a gap's interdiction with the distance to the nearest settlement.
	// Default 25 km (assumption: the chance of being seen by herders,
	// villagers, informants). Must be in (0, MaxDecayKm].
	SettlementDecayKm float64

	// SettlementFloor is φ_g, the chance of being reported that remains far
	// from any settlement. Default 0.25 (assumption); zero means none.
	SettlementFloor Prob

	// Modes are the gap mode factors: how visible a crossing on foot, on
	// horseback or by vehicle is, relative to the base rate. Zero values
	// mean the mode is never caught in a gap.
	Modes ModeFactors

	// Rules change the regime or equipment of official crossings, in order
	// (a later rule wins). Scenarios are mostly written as rules. Default
	// and zero: none, the crossings as given in the corridor. A rule that
	// matches no crossing is reported by (*Model).Findings.
	Rules []CrossingRule

	// Upgrades add outposts and patrols along stretches of border. Default
	// and zero: none. An upgrade of a border the graph lacks is reported by
	// (*Model).Findings.
	Upgrades []BorderUpgrade

	// Beta is β, the smuggler's price of one hour of travel in units of
	// −ln(evasion probability): route cost = −ln(1−P(r)) + β·hours. Default
	// 0.0002 per hour (assumption: a load is worth far more than the time
	// it travels, so a day longer on the road is worth about half a
	// percentage point less risk); zero means time does not matter. At most
	// MaxBeta.
	Beta float64

	// K is the number of routes per origin–destination pair and carrier
	// over which the pair's flow is shared. Default 10 (assumption: enough
	// to hold every way out of the origin's country and the main
	// alternatives at the other borders). Must be in [1, MaxK].
	K int

	// Choice is how the K routes of a pair's choice set are found. Default
	// and zero: ChoiceByBorder.
	Choice ChoiceSet

	// MaxOverlap is the largest share of the shorter route's length two
	// routes of a ChoiceDiverse set may have in common, in [0,1]. Default
	// 0.7 (assumption); zero means routes that share no length.
	MaxOverlap float64

	// Theta is the logit scale θ: the flow of a pair is shared over its K
	// routes in proportion to PS_r·exp(−θ·cost_r), PS_r the path-size
	// overlap correction, within the nests of NestScale. Default 100 (assumption: a route whose cost is
	// larger by 0.01, about one percentage point of interdiction risk,
	// carries e^−1 ≈ 0.37 times the flow); zero shares the flow by path
	// size alone, whatever the cost. At most MaxTheta.
	Theta float64

	// NestScale is λ of the nested logit in which the routes of a pair
	// through the same countries in the same order (a corridor) form a
	// nest: a nest n gets the share S_n^λ / Σ_m S_m^λ of the pair's flow,
	// S_n = Σ_{r∈n} PS_r·exp(−θ·cost_r/λ), shared within it in proportion
	// to the terms of S_n. With λ = 1 every route counts alone; as λ → 0
	// a corridor counts as one choice however many variants of it the
	// choice set holds. Default 0.2 (assumption; measured in
	// TestNestedCorridors: nine routes of equal cost, eight through one
	// corridor sharing half their length, give the other corridor 42%, where
	// the path-size logit alone gives it 18%). Zero means 1; at most 1.
	NestScale float64

	// FlowTonnes is the total flow in tonnes a year. Default 1 t (a unit
	// flow: seizures then read as kg per tonne; set the corridor's own
	// figure). Must be in (0, MaxFlowTonnes], or 0 when Commodities give
	// the flow.
	FlowTonnes float64

	// Commodities are the drugs carried, each with its own flow, shipment
	// size, detectability and markets; the flow is the sum of their flows
	// and FlowTonnes must then be 0. Seizures (CountrySeizure.SeizedKg) are
	// the sum over commodities, e.g. opiates for heroin and opium, with
	// each commodity's part in CountrySeizure.CommodityKg. Default and
	// zero: none, one anonymous drug of FlowTonnes.
	Commodities []Commodity

	// HandoverHours is the time lost at every border passage (an official
	// crossing, a ferry link, the entry into a gap), where the goods change
	// hands between the networks of the two sides: it is added to the
	// route's hours and so costs β·HandoverHours in route choice. Default 0
	// (no public figure; set an assumption). At most MaxHandoverHours.
	HandoverHours float64

	// Carriers are the ways shipments travel, each with its share of the
	// flow. Default: a courier (foot, horse, vehicle), a car (vehicle), a
	// truck and rail freight (the rail network only), a quarter of the flow
	// each (assumption: no split known). At least one is required.
	Carriers []Carrier

	// ShareCountries are the countries whose seizures are the denominator
	// of CountrySeizure.Share, e.g. the countries of a Target's shares.
	// Default and zero: every country of the graph. A code that names no
	// country of the graph is reported by (*Model).Findings.
	ShareCountries []string
}

// A Commodity is one drug carried along the routes, with its own flow,
// shipment size, detectability and markets. Its flow is shared over the
// carriers by their shares and over origins by the origins' weights.
type Commodity struct {
	// Name names it, e.g. "heroin"; required and unique.
	Name string
	// FlowTonnes is its flow in tonnes a year, in (0, MaxFlowTonnes].
	FlowTonnes float64
	// ShipmentKg is the size of one shipment in kg, which Simulate draws
	// for this commodity (when SimSettings.ShipmentKg is zero). Zero means
	// DefaultShipmentKg; at most MaxShipmentKg.
	ShipmentKg float64
	// DetectionFactor f scales every interdiction probability p a shipment
	// of the commodity meets (crossings, gaps, inland) to 1 − (1−p)^f, in
	// route choice as in seizures: e.g. above 1 for opium, bulkier and
	// smelling more than heroin of the same value. Zero means 1; at most
	// MaxIntensity.
	DetectionFactor float64
	// Origins are relative weights of the origins (by place name) for
	// this commodity, e.g. by where it is grown or made; an origin not
	// listed gets 0. Nil means the places' own weights. A name that is no
	// origin of the graph is an error of Run.
	Origins map[string]float64
	// Destinations are relative weights of the destinations (by place
	// name) for this commodity; a destination not listed gets 0. Nil means
	// the places' own weights. A name that is no destination of the graph
	// is an error of Run.
	Destinations map[string]float64
	// Source says where the figures come from, or that they are
	// assumptions.
	Source string
}

// Inspection holds the inspection rate of an official crossing by regime. A
// closed crossing cannot be passed at all.
type Inspection struct {
	// Full is the share of shipments searched where every shipment is
	// liable to inspection. Default 0.05 (assumption: with the traffic of
	// a main checkpoint and the corruption UNODC reports on several
	// corridors, only a small share of vehicles is searched thoroughly).
	Full Prob
	// TIRSealed is the share of sealed TIR transit opened. Default 0.005
	// (assumption: seals are broken only on intelligence).
	TIRSealed Prob
	// CustomsUnion is the share searched where customs inspection was
	// removed by a customs union. Default 0 (no customs inspection is what
	// the regime means).
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
	// interdicted with probability 1 − exp(−μL). Zero: none. At most
	// MaxHazardPerKm.
	HazardPerKm float64
	// Intensity scales every hazard in the country, at its crossings, its
	// side of the gaps and inside it: a probability p becomes 1 − (1−p)^e.
	// It is what Calibrate fits by default. Zero means 1 (no scaling); at
	// most MaxIntensity.
	Intensity float64
	// BorderIntensity scales, on top of Intensity, the hazards at the
	// country's border only: its official crossings (for shipments
	// entering it) and its side of the gaps; the exponent there is
	// Intensity·BorderIntensity. Zero means 1; at most MaxIntensity.
	// Seizure figures tell it apart from InlandIntensity only where they
	// split a country's seizures between border and inland.
	BorderIntensity float64
	// InlandIntensity scales, on top of Intensity, the in-country hazard
	// only; the exponent there is Intensity·InlandIntensity. Zero means 1;
	// at most MaxIntensity.
	InlandIntensity float64
	// Protected is the share of shipments whose smugglers pay for
	// protection in the country (corruption, facilitation), for whom its
	// crossings, its side of the gaps and its inland enforcement do not
	// act. It applies per stage: every probability p counted for the
	// country becomes (1 − Protected)·p, exact for a route with one stage
	// in the country and a first-order approximation for several. Zero:
	// no one is protected.
	Protected Prob
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
// Modes restrict the edges it may use: a carrier of route.Rail alone
// travels the rail network and rail crossings only.
type Carrier struct {
	Name  string      // e.g. "courier"
	Modes route.Modes // e.g. route.Foot | route.Horse | route.Vehicle
	// Share is the carrier's relative share of the flow, ≥ 0; the shares
	// are normalised to add up to 1.
	Share float64
	// AccessModes are modes the carrier may use besides Modes only to
	// reach its own network: on the edges inside AccessCountries and on
	// the local links between a crossing out of one of them and the town
	// beyond it. Rail freight from a country without railways is
	// route.Rail with AccessModes route.Vehicle: driven to a railhead at
	// the border, then by train. Zero: none.
	AccessModes route.Modes
	// AccessCountries are the countries where AccessModes apply. Default
	// and zero: none.
	AccessCountries []string
}

// DefaultSettings returns complete, neutral defaults: the model's
// assumptions as documented field by field, no scenario rules, no upgrades,
// no per-country parameters, a unit flow and four carriers with equal
// shares (assumptions): a courier on foot, horseback or by car; a car; a
// truck; and rail freight, driven by road to a railhead (in a corridor
// without railways it drives the whole way, so the flow is always routed).
// Its Name is "defaults". A corridor package (such as northernroute) edits
// a copy.
func DefaultSettings() Settings {
	return Settings{
		Name:              "defaults",
		Inspection:        Inspection{Full: 0.05, TIRSealed: 0.005, CustomsUnion: 0},
		Detection:         Detection{Visual: 0.3, Scanner: 0.7, Dogs: 0.6},
		Other:             CountryParams{GapBase: 0.05, HazardPerKm: 1e-5, Intensity: 1},
		GuardDecayKm:      15,
		GuardFloor:        0.1,
		SettlementDecayKm: 25,
		SettlementFloor:   0.25,
		Modes:             ModeFactors{Foot: 0.5, Horse: 0.7, Vehicle: 1},
		Beta:              0.0002,
		K:                 10,
		Choice:            ChoiceByBorder,
		MaxOverlap:        0.7,
		Theta:             100,
		NestScale:         0.2,
		FlowTonnes:        1,
		Carriers: []Carrier{
			{Name: "courier", Modes: route.Foot | route.Horse | route.Vehicle, Share: 0.25},
			{Name: "car", Modes: route.Vehicle, Share: 0.25},
			{Name: "truck", Modes: route.Truck, Share: 0.25},
			{Name: "rail", Modes: route.Vehicle | route.Rail, Share: 0.25},
		},
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
	for i := range c.Carriers {
		c.Carriers[i].AccessCountries = slices.Clone(c.Carriers[i].AccessCountries)
	}
	c.ShareCountries = slices.Clone(s.ShareCountries)
	c.Commodities = slices.Clone(s.Commodities)
	for i := range c.Commodities {
		c.Commodities[i].Origins = maps.Clone(c.Commodities[i].Origins)
		c.Commodities[i].Destinations = maps.Clone(c.Commodities[i].Destinations)
	}
	return c
}

// Country returns the parameters of a country, Other when it has none, with
// a zero Intensity, BorderIntensity or InlandIntensity replaced by 1.
func (s *Settings) Country(code string) CountryParams {
	p, ok := s.Countries[code]
	if !ok {
		p = s.Other
	}
	for _, e := range []*float64{&p.Intensity, &p.BorderIntensity, &p.InlandIntensity} {
		if *e == 0 {
			*e = 1
		}
	}
	return p
}

// commodity returns the index of the named commodity, −1 when there is none
// of that name.
func (s *Settings) commodity(name string) int {
	return slices.IndexFunc(s.Commodities, func(c Commodity) bool { return c.Name == name })
}

// detectionFactor returns the DetectionFactor of the named commodity, 1
// when it has none or there is no such commodity.
func (s *Settings) detectionFactor(name string) float64 {
	if i := s.commodity(name); i >= 0 && s.Commodities[i].DetectionFactor != 0 {
		return s.Commodities[i].DetectionFactor
	}
	return 1
}

// TotalFlowTonnes returns the flow the settings route: the sum of the
// commodities' flows, or FlowTonnes when there are none.
func (s *Settings) TotalFlowTonnes() float64 {
	if len(s.Commodities) == 0 {
		return s.FlowTonnes
	}
	var t float64
	for _, c := range s.Commodities {
		t += c.FlowTonnes
	}
	return t
}

// Validate returns a *ParamError, or an error wrapping ErrBadParam, for the
// first invalid field of s, named as in Go ("Countries[KAZ].GapBase");
// nil when every field is valid. It checks values only; (*Model).Findings
// checks the settings against a corridor.
func (s *Settings) Validate() error {
	prob := func(field string, p Prob) error {
		if !p.Valid() {
			return &ParamError{Field: field, Value: float64(p), Want: "a probability in [0,1]"}
		}
		return nil
	}
	// in returns an error unless lo ≤ v ≤ hi (lo < v when open).
	in := func(field string, v, lo, hi float64, open bool) error {
		if !(v >= lo && v <= hi) || (open && v == lo) {
			want := fmt.Sprintf("a number in [%g, %g]", lo, hi)
			if open {
				want = fmt.Sprintf("a number in (%g, %g]", lo, hi)
			}
			return &ParamError{Field: field, Value: v, Want: want}
		}
		return nil
	}
	// shares returns an error unless w, a commodity's weights of places by
	// name, is nil or holds weights that add up to more than 0.
	shares := func(field string, w map[string]float64) error {
		var sum float64
		for _, name := range sortedKeys(w) {
			if err := in(fmt.Sprintf("%s[%q]", field, name), w[name], 0, MaxFlowTonnes, false); err != nil {
				return err
			}
			sum += w[name]
		}
		if w != nil && !(sum > 0) {
			return &ParamError{Field: field, Value: sum, Want: "weights that add up to a number > 0 (nil for the places' own weights)"}
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
		field  string
		v      float64
		lo, hi float64
		open   bool
	}{
		{"GuardDecayKm", s.GuardDecayKm, 0, MaxDecayKm, true},
		{"SettlementDecayKm", s.SettlementDecayKm, 0, MaxDecayKm, true},
		{"Beta", s.Beta, 0, MaxBeta, false},
		{"Theta", s.Theta, 0, MaxTheta, false},
		{"MaxOverlap", s.MaxOverlap, 0, 1, false},
		{"HandoverHours", s.HandoverHours, 0, MaxHandoverHours, false},
		{"NestScale", s.NestScale, 0, 1, false},
	}
	for _, f := range nums {
		if err := in(f.field, f.v, f.lo, f.hi, f.open); err != nil {
			return err
		}
	}
	if len(s.Commodities) == 0 {
		if err := in("FlowTonnes", s.FlowTonnes, 0, MaxFlowTonnes, true); err != nil {
			return err
		}
	} else if s.FlowTonnes != 0 {
		return &ParamError{Field: "FlowTonnes", Value: s.FlowTonnes, Want: "0 when Commodities give the flow"}
	}
	var flow float64
	for i, c := range s.Commodities {
		name := fmt.Sprintf("Commodities[%d]", i)
		if c.Name == "" {
			return fmt.Errorf("%w: %s has no name", ErrBadParam, name)
		}
		if slices.ContainsFunc(s.Commodities[:i], func(o Commodity) bool { return o.Name == c.Name }) {
			return fmt.Errorf("%w: %s: commodity name %q used twice", ErrBadParam, name, c.Name)
		}
		if err := in(name+".FlowTonnes", c.FlowTonnes, 0, MaxFlowTonnes, true); err != nil {
			return err
		}
		if err := in(name+".ShipmentKg", c.ShipmentKg, 0, MaxShipmentKg, false); err != nil {
			return err
		}
		if err := in(name+".DetectionFactor", c.DetectionFactor, 0, MaxIntensity, false); err != nil {
			return err
		}
		if err := shares(name+".Origins", c.Origins); err != nil {
			return err
		}
		if err := shares(name+".Destinations", c.Destinations); err != nil {
			return err
		}
		flow += c.FlowTonnes
	}
	if flow > MaxFlowTonnes {
		return &ParamError{Field: "Commodities", Value: flow, Want: fmt.Sprintf("flows that add up to at most %g t", float64(MaxFlowTonnes))}
	}
	if s.Choice > ChoiceDiverse {
		return &ParamError{Field: "Choice", Value: float64(s.Choice), Want: "ChoiceByBorder, ChoiceKBest or ChoiceDiverse"}
	}
	if s.K < 1 || s.K > MaxK {
		return &ParamError{Field: "K", Value: float64(s.K), Want: fmt.Sprintf("an integer in [1, %d]", MaxK)}
	}
	country := func(name string, c CountryParams) error {
		if err := prob(name+".GapBase", c.GapBase); err != nil {
			return err
		}
		if err := in(name+".HazardPerKm", c.HazardPerKm, 0, MaxHazardPerKm, false); err != nil {
			return err
		}
		if err := prob(name+".Protected", c.Protected); err != nil {
			return err
		}
		if err := in(name+".BorderIntensity", c.BorderIntensity, 0, MaxIntensity, false); err != nil {
			return err
		}
		if err := in(name+".InlandIntensity", c.InlandIntensity, 0, MaxIntensity, false); err != nil {
			return err
		}
		return in(name+".Intensity", c.Intensity, 0, MaxIntensity, false)
	}
	for _, code := range sortedKeys(s.Countries) {
		if !validCode(code) {
			return fmt.Errorf("%w: Countries[%q]: want a three-letter country code such as \"KAZ\" or \"XKX\"", ErrBadParam, code)
		}
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
			return fmt.Errorf("%w: %s.Pair %q: want two country codes as \"A-B\"", ErrBadParam, name, r.Pair)
		}
		if r.Entering != "" && !validCode(r.Entering) {
			return fmt.Errorf("%w: %s.Entering %q: want a three-letter country code", ErrBadParam, name, r.Entering)
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
		switch r.Mode {
		case "", geo.ModeRoad, geo.ModeRail, geo.ModeBridge, geo.ModeFerry:
		default:
			return fmt.Errorf("%w: %s.Mode %q: want road, rail, bridge or ferry", ErrBadParam, name, r.Mode)
		}
		if r.Regime == "" && !r.AddScanner && !r.AddDogs {
			return fmt.Errorf("%w: %s changes nothing: set Regime, AddScanner or AddDogs", ErrBadParam, name)
		}
	}
	for i, u := range s.Upgrades {
		name := fmt.Sprintf("Upgrades[%d]", i)
		if !validPair(u.Pair) {
			return fmt.Errorf("%w: %s.Pair %q: want two country codes as \"A-B\"", ErrBadParam, name, u.Pair)
		}
		if a, b, _ := strings.Cut(u.Pair, "-"); u.Side != a && u.Side != b {
			return fmt.Errorf("%w: %s.Side %q is not a country of the border %s", ErrBadParam, name, u.Side, u.Pair)
		}
		if err := in(name+".OutpostsPer100Km", u.OutpostsPer100Km, 0, math.MaxFloat64, false); err != nil {
			return err
		}
		if err := prob(name+".Patrol", u.Patrol); err != nil {
			return err
		}
	}
	if len(s.Carriers) == 0 {
		return fmt.Errorf("%w: Carriers: none; want at least one carrier with a share > 0", ErrBadParam)
	}
	var total float64
	for i, c := range s.Carriers {
		name := fmt.Sprintf("Carriers[%d]", i)
		if c.Name == "" {
			return fmt.Errorf("%w: %s has no name", ErrBadParam, name)
		}
		for _, o := range s.Carriers[:i] {
			if o.Name == c.Name {
				return fmt.Errorf("%w: %s: carrier name %q used twice", ErrBadParam, name, c.Name)
			}
		}
		if c.Modes == 0 || c.Modes&^route.AllModes != 0 {
			return fmt.Errorf("%w: %s %q: modes %#x: want a non-empty set of route's modes", ErrBadParam, name, c.Name, uint8(c.Modes))
		}
		if c.AccessModes&^route.AllModes != 0 {
			return fmt.Errorf("%w: %s %q: access modes %#x: want a set of route's modes", ErrBadParam, name, c.Name, uint8(c.AccessModes))
		}
		for j, code := range c.AccessCountries {
			if !validCode(code) || slices.Contains(c.AccessCountries[:j], code) {
				return fmt.Errorf("%w: %s.AccessCountries[%d] %q: want distinct three-letter country codes", ErrBadParam, name, j, code)
			}
		}
		if err := in(name+".Share", c.Share, 0, math.MaxFloat64, false); err != nil {
			return err
		}
		total += c.Share
	}
	if !(total > 0) || math.IsInf(total, 1) {
		return &ParamError{Field: "Carriers", Value: total, Want: "shares that add up to a finite number > 0"}
	}
	for i, code := range s.ShareCountries {
		if !validCode(code) || slices.Contains(s.ShareCountries[:i], code) {
			return fmt.Errorf("%w: ShareCountries[%d] %q: want distinct three-letter country codes", ErrBadParam, i, code)
		}
	}
	return nil
}

// validCode reports whether s is a three-letter upper-case country code.
func validCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := range 3 {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// validPair reports whether s is "AAA-BBB".
func validPair(s string) bool {
	a, b, ok := strings.Cut(s, "-")
	return ok && validCode(a) && validCode(b) && a != b
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
