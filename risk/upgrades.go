package risk

import (
	"fmt"
	"math"
	"slices"
)

// An Extra is an independent extra chance of interdiction on one edge, for
// some carriers, counted for one country: an upgrade the settings do not
// describe, such as a scanner or a post placed by a defender plan.
type Extra struct {
	Edge int // edge ID
	// Carriers are the carriers it acts on, by name; nil means every
	// carrier.
	Carriers []string
	// Country makes the seizures; "" means the country the edge enters
	// (Country2) or, on an edge inside one country, that country.
	Country string
	P       Prob // in [0, 1)
}

// WithExtra returns the model with the extra chances added as stages after
// each edge's own, so an edge's weight grows by −ln(1−P) per extra. With
// and Calibrate price from the settings alone and drop the extras.
func (m *Model) WithExtra(extra []Extra) (*Model, error) {
	type key struct{ carrier, edge int }
	add := map[key][]stage{}
	var keys []key
	for i, x := range extra {
		if x.Edge < 0 || x.Edge >= len(m.edges) {
			return nil, fmt.Errorf("%w: extra %d: edge %d of %d", ErrBadParam, i, x.Edge, len(m.edges))
		}
		if math.IsNaN(float64(x.P)) || x.P < 0 || x.P >= 1 {
			return nil, fmt.Errorf("%w: extra %d on edge %d: P is %v: must be in [0,1)", ErrBadParam, i, x.Edge, float64(x.P))
		}
		ed := &m.edges[x.Edge]
		code := x.Country
		if code == "" {
			code = ed.country2
			if code == "" {
				code = ed.country
			}
		}
		ci, ok := m.countryIx[code]
		if !ok {
			return nil, fmt.Errorf("%w: extra %d on edge %d: country %q is not in the graph", ErrBadParam, i, x.Edge, code)
		}
		kind := StageInland
		switch {
		case ed.featureKind() == "crossing":
			kind = StageCrossing
		case ed.entersGap && code == ed.country:
			kind = StageGapExit
		case ed.entersGap:
			kind = StageGapEntry
		}
		for _, name := range x.Carriers {
			if _, err := m.carrier(name); err != nil {
				return nil, fmt.Errorf("extra %d on edge %d: %w", i, x.Edge, err)
			}
		}
		if x.P == 0 {
			continue
		}
		for c, t := range m.carriers {
			if x.Carriers != nil && !slices.Contains(x.Carriers, t.Name) {
				continue
			}
			k := key{c, x.Edge}
			if _, seen := add[k]; !seen {
				keys = append(keys, k)
			}
			add[k] = append(add[k], stage{country: ci, kind: kind, p: x.P})
		}
	}
	n := *m
	n.carriers = slices.Clone(m.carriers)
	for c, t := range m.carriers {
		var mine []key
		for _, k := range keys {
			if k.carrier == c {
				mine = append(mine, k)
			}
		}
		if len(mine) == 0 {
			continue
		}
		u := *t
		u.start = make([]int32, len(t.start))
		u.stages = make([]stage, 0, len(t.stages)+len(mine))
		u.stageW = make([]float64, 0, len(t.stages)+len(mine))
		u.p, u.weight = slices.Clone(t.p), slices.Clone(t.weight)
		for e := range m.edges {
			u.start[e] = int32(len(u.stages))
			u.stages = append(u.stages, t.stages[t.start[e]:t.start[e+1]]...)
			u.stageW = append(u.stageW, t.stageW[t.start[e]:t.start[e+1]]...)
			more := add[key{c, e}]
			if len(more) == 0 || math.IsInf(t.weight[e], 1) {
				continue
			}
			u.stages = append(u.stages, more...)
			for _, st := range more {
				u.stageW = append(u.stageW, st.p.Weight())
			}
			var w float64
			for _, x := range u.stageW[u.start[e]:] {
				w += x
			}
			u.p[e] = ProbFromWeight(w)
			u.weight[e] = w + m.settings.Beta*m.hours(&m.edges[e])
		}
		u.start[len(m.edges)] = int32(len(u.stages))
		wg, err := m.graph.WithWeights(u.weight)
		if err != nil {
			return nil, fmt.Errorf("risk: carrier %q: %w", t.Name, err)
		}
		u.graph = wg
		n.carriers[c] = &u
	}
	return &n, nil
}
