package risk

import (
	"cmp"
	"slices"
)

// A CountrySeizure is the flow into one country and the seizures counted
// for it.
type CountrySeizure struct {
	Country      string
	InflowTonnes float64 // flow that reaches the country (before its border), t a year
	SeizedKg     float64 // expected seizures, kg a year
	CrossingKg   float64 // of which at official crossings
	GapKg        float64 // of which on its side of green-border gaps
	InlandKg     float64 // of which inside the country
	// P is the probability that a shipment reaching the country is seized
	// there: SeizedKg / (1000·InflowTonnes).
	P Prob
	// CommodityKg are SeizedKg by commodity, in the order of
	// Settings.Commodities; nil without commodities.
	CommodityKg []float64
	// CommodityInflowTonnes are InflowTonnes by commodity, in the order of
	// Settings.Commodities; nil without commodities.
	CommodityInflowTonnes []float64
	// Share is the country's share of the seizures of the countries of
	// Settings.ShareCountries (all countries when it is empty); 0 for a
	// country outside them.
	Share float64
}

// A Result is the outcome of route choice and flow assignment under one
// model: routes with their flows, flows and seizures per edge, and
// seizures per country.
type Result struct {
	Settings       Settings
	Routes         []Route          // by tonnes, most first
	Countries      []CountrySeizure // every country of the graph, sorted by code
	EdgeTonnes     []float64        // by edge ID: flow entering the edge, t a year
	EdgeSeizedKg   []float64        // by edge ID: expected seizures on the edge, kg a year
	UnroutedTonnes float64          // flow of pairs with no route
	Unrouted       []string         // those pairs, "carrier: origin → destination"

	model *Model
}

// Model returns the model r was computed with.
func (r *Result) Model() *Model { return r.model }

// Country returns the seizures of the country with the given code.
func (r *Result) Country(code string) (CountrySeizure, bool) {
	i, ok := slices.BinarySearchFunc(r.Countries, code, func(c CountrySeizure, code string) int { return cmp.Compare(c.Country, code) })
	if !ok {
		return CountrySeizure{}, false
	}
	return r.Countries[i], true
}

// SeizedKg returns the expected seizures of every country in kg.
func (r *Result) SeizedKg() float64 {
	var s float64
	for _, c := range r.Countries {
		s += c.SeizedKg
	}
	return s
}

// RoutedTonnes returns the flow that starts on a route.
func (r *Result) RoutedTonnes() float64 {
	var s float64
	for _, rt := range r.Routes {
		s += rt.Tonnes
	}
	return s
}

// A featureFlow is the flow through one official crossing (or port of
// arrival) or one border segment crossed off the crossings, both directions
// together.
type featureFlow struct {
	Feature  string // crossing ID or segment ID
	Kind     string // "crossing" or "gap"
	Tonnes   float64
	SeizedKg float64
}

// featureFlows returns the flow through every crossing and gap that carries
// any, sorted by feature ID.
func (r *Result) featureFlows() []featureFlow {
	m := r.model
	byID := map[string]*featureFlow{}
	for e, t := range r.EdgeTonnes {
		if t == 0 {
			continue
		}
		ed := &m.edges[e]
		kind := ed.featureKind()
		if kind == "" {
			continue
		}
		f := byID[ed.feature]
		if f == nil {
			f = &featureFlow{Feature: ed.feature, Kind: kind}
			byID[ed.feature] = f
		}
		f.Tonnes += t
		f.SeizedKg += r.EdgeSeizedKg[e]
	}
	out := make([]featureFlow, 0, len(byID))
	for _, id := range sortedKeys(byID) {
		out = append(out, *byID[id])
	}
	return out
}
