package risk

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/routerisk/routerisk/route"
)

// A RouteChange is one route under two scenarios: a route chosen in either,
// priced in both.
type RouteChange struct {
	Carrier     string
	Origin      string
	Destination string
	Path        route.Path
	Crossings   []string
	Gaps        []string
	Via         []string // crossings and gaps in the order crossed
	PA, PB      Prob     // interdiction probability of the route under A and B
	TonnesA     float64  // flow on it under A (0 when not chosen)
	TonnesB     float64
	RankA       int // rank among A's routes (0 when not chosen)
	RankB       int
}

// A CountryChange is one country's flows and seizures under two scenarios.
type CountryChange struct {
	Country           string
	PA, PB            Prob // probability that a shipment reaching the country is seized there
	InflowA, InflowB  float64
	SeizedKgA         float64
	SeizedKgB         float64
	ShareA, ShareB    float64 // of the share countries' seizures (CountrySeizure.Share)
	DeltaSeizedKg     float64 // SeizedKgB − SeizedKgA
	DeltaP            float64 // PB − PA
	DeltaInflowTonnes float64
	DeltaShare        float64
}

// A FeatureChange is the flow through one crossing or gap under two
// scenarios.
type FeatureChange struct {
	Feature     string
	Kind        string // "crossing" or "gap"
	TonnesA     float64
	TonnesB     float64
	DeltaTonnes float64 // TonnesB − TonnesA
}

// A Move is flow displaced from one crossing or gap to another: for each
// carrier, origin–destination pair and country entered, the flow lost at
// one feature is shared over the features that gained flow into the same
// country, in proportion to their gains.
type Move struct {
	From, To string // feature IDs
	FromKind string // "crossing" or "gap"
	ToKind   string
	Entering string // the country both lead into
	Tonnes   float64
}

// A Comparison is the difference between two results on the same graph.
type Comparison struct {
	A, B      string          // the scenarios' names
	Routes    []RouteChange   // by the larger of the two flows, most first
	Countries []CountryChange // sorted by code
	Features  []FeatureChange // every feature with flow in A or B, by |ΔTonnes|, most first
	Moves     []Move          // displacement, most first
	// MovedTonnes is the flow that changes feature at some border: the sum
	// of Moves.
	MovedTonnes float64

	model *Model // a's model, for the layers
}

// Compare returns the change from result a to result b, computed on the
// same graph with the same carriers: every route chosen in either priced in
// both, the change of each country's interdiction probability and
// seizures, and the flow displaced between crossings and gaps.
func Compare(a, b *Result) (*Comparison, error) {
	if a == nil || b == nil || a.model == nil || b.model == nil {
		return nil, fmt.Errorf("%w: nil result", ErrMismatch)
	}
	ma, mb := a.model, b.model
	if ma.graph != mb.graph {
		return nil, fmt.Errorf("%w: %q and %q are on different graphs", ErrMismatch, a.Settings.Name, b.Settings.Name)
	}
	for _, p := range [][2]*Result{{a, b}, {b, a}} {
		for _, t := range p[0].model.carriers {
			if _, err := p[1].model.carrier(t.Name); err != nil {
				return nil, fmt.Errorf("%w: carrier %q of %q is not in %q", ErrMismatch, t.Name, p[0].Settings.Name, p[1].Settings.Name)
			}
		}
	}
	c := &Comparison{A: a.Settings.Name, B: b.Settings.Name, model: ma}

	// Routes: the union, keyed by carrier and edges.
	type key struct {
		carrier string
		edges   string
	}
	idx := map[key]int{}
	add := func(r Route, inB bool) {
		k := key{r.Carrier, edgesKey(r.Path.Edges)}
		i, ok := idx[k]
		if !ok {
			i = len(c.Routes)
			idx[k] = i
			pa, _ := ma.PathProb(r.Carrier, r.Path.Edges)
			pb, _ := mb.PathProb(r.Carrier, r.Path.Edges)
			c.Routes = append(c.Routes, RouteChange{
				Carrier: r.Carrier, Origin: r.Origin, Destination: r.Destination, Path: r.Path,
				Crossings: r.Crossings, Gaps: r.Gaps, Via: r.Via, PA: pa, PB: pb,
			})
		}
		rc := &c.Routes[i]
		if inB {
			rc.TonnesB += r.Tonnes
			if rc.RankB == 0 {
				rc.RankB = r.Rank
			}
		} else {
			rc.TonnesA += r.Tonnes
			if rc.RankA == 0 {
				rc.RankA = r.Rank
			}
		}
	}
	for _, r := range a.Routes {
		add(r, false)
	}
	for _, r := range b.Routes {
		add(r, true)
	}
	slices.SortStableFunc(c.Routes, func(x, y RouteChange) int {
		return cmp.Compare(max(y.TonnesA, y.TonnesB), max(x.TonnesA, x.TonnesB))
	})

	// Countries.
	codes := map[string]bool{}
	for _, cs := range a.Countries {
		codes[cs.Country] = true
	}
	for _, cs := range b.Countries {
		codes[cs.Country] = true
	}
	for _, code := range sortedKeys(codes) {
		ca, _ := a.Country(code)
		cb, _ := b.Country(code)
		c.Countries = append(c.Countries, CountryChange{
			Country: code, PA: ca.P, PB: cb.P, InflowA: ca.InflowTonnes, InflowB: cb.InflowTonnes,
			SeizedKgA: ca.SeizedKg, SeizedKgB: cb.SeizedKg, ShareA: ca.Share, ShareB: cb.Share,
			DeltaSeizedKg: cb.SeizedKg - ca.SeizedKg, DeltaP: float64(cb.P - ca.P),
			DeltaInflowTonnes: cb.InflowTonnes - ca.InflowTonnes, DeltaShare: cb.Share - ca.Share,
		})
	}

	// Features.
	fa, fb := a.featureFlows(), b.featureFlows()
	feats := map[string]*FeatureChange{}
	for _, f := range fa {
		feats[f.Feature] = &FeatureChange{Feature: f.Feature, Kind: f.Kind, TonnesA: f.Tonnes}
	}
	for _, f := range fb {
		fc := feats[f.Feature]
		if fc == nil {
			fc = &FeatureChange{Feature: f.Feature, Kind: f.Kind}
			feats[f.Feature] = fc
		}
		fc.TonnesB = f.Tonnes
	}
	for _, id := range sortedKeys(feats) {
		fc := feats[id]
		fc.DeltaTonnes = fc.TonnesB - fc.TonnesA
		c.Features = append(c.Features, *fc)
	}
	slices.SortStableFunc(c.Features, func(x, y FeatureChange) int {
		return cmp.Compare(math.Abs(y.DeltaTonnes), math.Abs(x.DeltaTonnes))
	})

	c.Moves = displacement(a, b)
	for _, mv := range c.Moves {
		c.MovedTonnes += mv.Tonnes
	}
	return c, nil
}

// featureUse is the flow of one route reaching one crossing or gap.
type featureUse struct {
	feature, kind, entering string
	tonnes                  float64
}

// featureUses returns the flow of r reaching each crossing and gap it uses.
func (m *Model) featureUses(r *Route) []featureUse {
	ci := slices.IndexFunc(m.carriers, func(t *carrierTable) bool { return t.Name == r.Carrier })
	if ci < 0 {
		return nil
	}
	var out []featureUse
	alive, f := r.Tonnes, m.settings.detectionFactor(r.Commodity)
	for _, e := range r.Path.Edges {
		ed := &m.edges[e]
		if kind := ed.featureKind(); kind != "" {
			out = append(out, featureUse{ed.feature, kind, ed.country2, alive})
		}
		for _, st := range m.stagesOf(ci, e) {
			alive -= alive * float64(st.p.Pow(f))
		}
	}
	return out
}

// displacement matches, per carrier, pair and country entered, the flow
// lost at features with the flow gained at others.
func displacement(a, b *Result) []Move {
	type group struct{ carrier, origin, destination, entering string }
	type fk struct {
		g       group
		feature string
	}
	delta := map[fk]float64{}
	kinds := map[string]string{}
	collect := func(res *Result, sign float64) {
		for i := range res.Routes {
			r := &res.Routes[i]
			for _, u := range res.model.featureUses(r) {
				g := group{r.Carrier, r.Origin, r.Destination, u.entering}
				delta[fk{g, u.feature}] += sign * u.tonnes
				kinds[u.feature] = u.kind
			}
		}
	}
	collect(a, -1)
	collect(b, +1)
	keys := make([]fk, 0, len(delta))
	for k := range delta {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y fk) int {
		return cmp.Or(cmp.Compare(x.g.carrier, y.g.carrier), cmp.Compare(x.g.origin, y.g.origin),
			cmp.Compare(x.g.destination, y.g.destination), cmp.Compare(x.g.entering, y.g.entering),
			cmp.Compare(x.feature, y.feature))
	})
	type mk struct{ from, to, entering string }
	moved := map[mk]float64{}
	const eps = 1e-12
	for i := 0; i < len(keys); {
		j := i
		for j < len(keys) && keys[j].g == keys[i].g {
			j++
		}
		var gain float64
		for _, k := range keys[i:j] {
			if d := delta[k]; d > eps {
				gain += d
			}
		}
		var loss float64
		for _, k := range keys[i:j] {
			if d := delta[k]; d < -eps {
				loss -= d
			}
		}
		if gain > 0 && loss > 0 {
			movedHere := math.Min(gain, loss)
			for _, from := range keys[i:j] {
				l := -delta[from]
				if l <= eps {
					continue
				}
				for _, to := range keys[i:j] {
					g := delta[to]
					if g <= eps {
						continue
					}
					moved[mk{from.feature, to.feature, keys[i].g.entering}] += movedHere * (l / loss) * (g / gain)
				}
			}
		}
		i = j
	}
	out := make([]Move, 0, len(moved))
	for k, t := range moved {
		out = append(out, Move{From: k.from, To: k.to, FromKind: kinds[k.from], ToKind: kinds[k.to], Entering: k.entering, Tonnes: t})
	}
	slices.SortFunc(out, func(x, y Move) int {
		return cmp.Or(cmp.Compare(y.Tonnes, x.Tonnes), cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To), cmp.Compare(x.Entering, y.Entering))
	})
	return out
}

// A GapFlow is a border segment that carries flow, with its score.
type GapFlow struct {
	Segment  string
	Score    GapScore // in the mode a smuggler would choose there (the lowest P)
	Tonnes   float64  // flow crossing there a year, both directions
	SeizedKg float64
}

// PermeableGaps returns the n gaps that carry flow with the lowest
// interdiction probability (ties: more flow first, then by ID); n ≤ 0 means
// all of them.
func (r *Result) PermeableGaps(n int) ([]GapFlow, error) {
	if r == nil || r.model == nil {
		return nil, fmt.Errorf("%w: the result has no model", ErrMismatch)
	}
	m := r.model
	var out []GapFlow
	for _, f := range r.featureFlows() {
		if f.Kind != "gap" || f.Tonnes <= 0 {
			continue
		}
		ss, err := m.segmentScore(m.segments[f.Feature])
		if err != nil {
			return nil, err
		}
		out = append(out, GapFlow{Segment: f.Feature, Score: ss.best, Tonnes: f.Tonnes, SeizedKg: f.SeizedKg})
	}
	slices.SortFunc(out, func(a, b GapFlow) int {
		return cmp.Or(cmp.Compare(a.Score.P, b.Score.P), cmp.Compare(b.Tonnes, a.Tonnes), cmp.Compare(a.Segment, b.Segment))
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// A Passage is a way through the borders: every route of a Result that uses
// the same official crossings and gaps in the same order, whatever its
// carrier, origin, destination or roads between.
type Passage struct {
	Via       []string // crossing and segment IDs in the order crossed
	Countries []string // countries passed, of its first route
	Routes    int      // routes of the Result that take it
	Tonnes    float64  // flow on those routes, t a year
	SeizedKg  float64
	// P is the share of its flow seized, SeizedKg / (1000·Tonnes).
	P Prob
}

// Passages returns the passages of r, most flow first (ties by Via); n ≤ 0
// means all of them; none for a nil result.
func (r *Result) Passages(n int) []Passage {
	if r == nil {
		return nil
	}
	idx := map[string]int{}
	var out []Passage
	for _, rt := range r.Routes {
		via := rt.Via
		key := strings.Join(via, ",")
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			out = append(out, Passage{Via: via, Countries: rt.Countries})
		}
		out[i].Routes++
		out[i].Tonnes += rt.Tonnes
		out[i].SeizedKg += rt.SeizedKg
	}
	for i := range out {
		if out[i].Tonnes > 0 {
			out[i].P = Prob(min(1, out[i].SeizedKg/(1000*out[i].Tonnes)))
		}
	}
	slices.SortStableFunc(out, func(a, b Passage) int {
		return cmp.Or(cmp.Compare(b.Tonnes, a.Tonnes), slices.Compare(a.Via, b.Via))
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}
