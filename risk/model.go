package risk

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/routerisk/routerisk/geo"
	par "github.com/routerisk/routerisk/internal/parallel"
	"github.com/routerisk/routerisk/route"
)

// StageKind says what an interdiction chance on an edge is.
type StageKind uint8

// The stage kinds.
const (
	StageInland   StageKind = iota // in-country hazard along the edge
	StageCrossing                  // an official crossing, for the country entered
	StageGapExit                   // the guards of the country left, at a gap
	StageGapEntry                  // the guards of the country entered, at a gap
)

// String returns "inland", "crossing", "gap_exit" or "gap_entry".
func (k StageKind) String() string {
	switch k {
	case StageInland:
		return "inland"
	case StageCrossing:
		return "crossing"
	case StageGapExit:
		return "gap_exit"
	case StageGapEntry:
		return "gap_entry"
	}
	return fmt.Sprintf("StageKind(%d)", uint8(k))
}

// A Stage is one independent chance of interdiction on an edge, counted for
// one country. An edge's stages act in order: a shipment seized at one never
// meets the next.
type Stage struct {
	Country string
	Kind    StageKind
	P       Prob
}

// stage is a Stage with the country as an index into Model.countries.
type stage struct {
	country int32
	kind    StageKind
	p       Prob
}

// A Model is the interdiction model bound to a corridor graph: for every
// carrier, the stages, probability and route-choice weight of every edge.
// It is immutable and safe for concurrent use.
//
// Seizures are counted for the country that makes them: an official
// crossing (or a ferry port) for the country entered; a gap for the country
// whose side of the border the shipment is on (the side left acts first);
// in-country travel for the country travelled.
type Model struct {
	settings  Settings
	graph     *route.Graph
	crossings map[string]geo.Crossing
	segments  map[string]geo.Segment
	countries []string // sorted
	countryIx map[string]int32
	carriers  []*carrierTable
	edges     []edgeInfo // by edge ID, without the geometry
	// borderEdges are the edges that cross a border: crossings, ferries
	// and the edges into gap points.
	borderEdges []int
	// nodeCountryIx is, by node ID, the index in countries of its country
	// (−1 for none); meta is what routesOf reads of every edge, for its
	// loops.
	nodeCountryIx []int32
	meta          []edgeMeta
	// gapOf is, by edge ID, the index in gaps of a gap-entry edge, −1 for
	// the others.
	gapOf []int32
	gaps  []gapEdge
}

// An edgeMeta is what routesOf reads of an edge: its countries (indices,
// −1 for none), its length, its featKind and whether it crosses a border.
type edgeMeta struct {
	country, country2 int32
	km                float64
	feat              featKind
	border            bool
}

// A gapEdge is what edgeStages needs of the segment a gap-entry edge
// crosses: the indices of its countries A and B, and whether B's side is
// the one left (acts first).
type gapEdge struct {
	country [2]int32
	bFirst  bool
}

// edgeInfo is a route.Edge without its line, cached for pricing.
type edgeInfo struct {
	kind              route.EdgeKind
	modes             route.Modes
	from, to          int64
	km, hours         float64
	country, country2 string
	feature           string
	entersGap         bool
}

// featKind is featureKind as a number: featCrossing, featGap or featNone.
type featKind uint8

const (
	featNone featKind = iota
	featCrossing
	featGap
)

// hours returns the time of an edge with the settings' hand-over time at a
// border passage.
func (m *Model) hours(ed *edgeInfo) float64 {
	if ed.border() {
		return ed.hours + m.settings.HandoverHours
	}
	return ed.hours
}

// border reports whether the edge crosses a border: a crossing, a ferry or
// the edge into a gap point.
func (ed *edgeInfo) border() bool {
	return ed.kind == route.EdgeCrossing || ed.kind == route.EdgeFerry || ed.entersGap
}

// featureKind returns "crossing" for an official crossing or a ferry to a
// named port, "gap" for the edge into a gap point, and "" for the others.
func (ed *edgeInfo) featureKind() string {
	switch {
	case ed.kind == route.EdgeCrossing, ed.kind == route.EdgeFerry && ed.feature != "":
		return "crossing"
	case ed.entersGap:
		return "gap"
	}
	return ""
}

// carrierTable holds the priced edges of one carrier.
type carrierTable struct {
	Carrier
	modes  route.Modes
	share  float64 // normalised over all carriers
	start  []int32 // stages of edge e: stages[start[e]:start[e+1]]
	stages []stage
	stageW []float64 // by stage: its weight −ln(1−p)
	p      []Prob    // composite probability per edge
	weight []float64 // −ln(1−p) + β·hours; +Inf when not usable
	graph  *route.Graph
}

// New returns the model of graph g under s (nil means DefaultSettings()). The
// corridor c supplies the crossings that crossing edges name, segs (from
// (*geo.Corridor).Segments) the segments that gap edges name.
func New(g *route.Graph, c *geo.Corridor, segs []geo.Segment, s *Settings) (*Model, error) {
	if g == nil {
		return nil, fmt.Errorf("%w: nil graph", ErrBadParam)
	}
	set, err := validSettings(s)
	if err != nil {
		return nil, err
	}
	m := &Model{
		settings:  set,
		graph:     g,
		crossings: map[string]geo.Crossing{},
		segments:  map[string]geo.Segment{},
		countryIx: map[string]int32{},
	}
	if c != nil {
		for i, x := range c.Crossings {
			if _, dup := m.crossings[x.ID]; dup {
				return nil, fmt.Errorf("%w: crossing %d: ID %q used twice", ErrBadParam, i, x.ID)
			}
			m.crossings[x.ID] = x
		}
	}
	for i, sg := range segs {
		if _, dup := m.segments[sg.ID]; dup {
			return nil, fmt.Errorf("%w: segment %d: ID %q used twice", ErrBadParam, i, sg.ID)
		}
		m.segments[sg.ID] = sg
	}
	codes := map[string]bool{}
	m.edges = make([]edgeInfo, g.NumEdges())
	for e := range m.edges {
		ed := g.EdgeAt(e)
		for _, code := range []string{ed.Country, ed.Country2} {
			if code != "" {
				codes[code] = true
			}
		}
		if err := m.checkEdge(ed); err != nil {
			return nil, err
		}
		m.edges[e] = edgeInfo{
			kind: ed.Kind, modes: ed.Modes, from: ed.From, to: ed.To, km: ed.LengthKm, hours: ed.Hours,
			country: ed.Country, country2: ed.Country2, feature: ed.Feature, entersGap: m.entersGap(ed),
		}
		if m.edges[e].border() {
			m.borderEdges = append(m.borderEdges, e)
		}
	}
	nodeCountry := make([]string, g.NumNodes())
	for n := int64(0); n < int64(g.NumNodes()); n++ {
		if code := g.NodeAt(n).Country; code != "" {
			codes[code] = true
			nodeCountry[n] = code
		}
	}
	m.countries = sortedKeys(codes)
	for i, code := range m.countries {
		m.countryIx[code] = int32(i)
	}
	m.nodeCountryIx = make([]int32, len(nodeCountry))
	for n, code := range nodeCountry {
		m.nodeCountryIx[n] = m.index(code)
	}
	m.meta = make([]edgeMeta, len(m.edges))
	for e := range m.edges {
		ed := &m.edges[e]
		feat := featNone
		switch ed.featureKind() {
		case "crossing":
			feat = featCrossing
		case "gap":
			feat = featGap
		}
		m.meta[e] = edgeMeta{m.index(ed.country), m.index(ed.country2), ed.km, feat, ed.border()}
	}
	m.gapOf = make([]int32, len(m.edges))
	for e := range m.edges {
		ed := &m.edges[e]
		m.gapOf[e] = -1
		if !ed.entersGap {
			continue
		}
		seg := m.segments[ed.feature]
		m.gapOf[e] = int32(len(m.gaps))
		m.gaps = append(m.gaps, gapEdge{country: [2]int32{m.countryIx[seg.A], m.countryIx[seg.B]},
			bFirst: ed.country2 == seg.A || (ed.country2 != seg.B && ed.country == seg.B)})
	}
	if err := m.initCarriers(); err != nil {
		return nil, err
	}
	return m, nil
}

// With returns the model of the same graph, crossings and segments under
// other settings (nil means DefaultSettings()): a scenario to compare.
func (m *Model) With(s *Settings) (*Model, error) {
	set, err := validSettings(s)
	if err != nil {
		return nil, err
	}
	n := *m // the graph and what is derived from it are shared
	n.settings, n.carriers = set, nil
	if err := n.initCarriers(); err != nil {
		return nil, err
	}
	return &n, nil
}

// initCarriers prices the edges for each carrier of the settings, the
// carriers in parallel (each table is its own); the first carrier's error
// in their order is returned.
func (m *Model) initCarriers() error {
	var total float64
	for _, cr := range m.settings.Carriers {
		total += cr.Share
	}
	ts := make([]*carrierTable, len(m.settings.Carriers))
	for i, cr := range m.settings.Carriers {
		ts[i] = &carrierTable{Carrier: cr, modes: cr.Modes | cr.AccessModes, share: cr.Share / total}
	}
	sh := m.newSharedScores(len(m.edges))
	if !sh.fill(m, &m.settings, ts, nil) {
		sh = nil // an error: each carrier finds its own, as without
	}
	for _, err := range parallel(len(ts), func(i int) error { return m.price(ts[i], sh) }) {
		if err != nil {
			return err
		}
	}
	m.carriers = append(m.carriers, ts...)
	return nil
}

// checkEdge returns an error for an edge that names a feature the model
// does not know.
func (m *Model) checkEdge(ed route.Edge) error {
	switch ed.Kind {
	case route.EdgeCrossing:
		x, ok := m.crossings[ed.Feature]
		if !ok {
			return fmt.Errorf("%w: edge %d names crossing %q, not in the corridor", ErrUnknownFeature, ed.ID, ed.Feature)
		}
		if ed.Country2 != x.A && ed.Country2 != x.B {
			return fmt.Errorf("%w: edge %d enters %q through crossing %q, which joins %q and %q", ErrUnknownFeature, ed.ID, ed.Country2, x.ID, x.A, x.B)
		}
	case route.EdgeGap:
		if m.entersGap(ed) {
			seg, ok := m.segments[ed.Feature]
			if !ok {
				return fmt.Errorf("%w: edge %d names segment %q, not among the segments", ErrUnknownFeature, ed.ID, ed.Feature)
			}
			if ed.Country2 != "" && ed.Country2 != seg.A && ed.Country2 != seg.B {
				return fmt.Errorf("%w: edge %d enters %q across segment %q of the border %s-%s", ErrUnknownFeature, ed.ID, ed.Country2, seg.ID, seg.A, seg.B)
			}
		}
	case route.EdgeFerry:
		if ed.Feature != "" {
			if _, ok := m.crossings[ed.Feature]; !ok {
				return fmt.Errorf("%w: ferry edge %d names port %q, not in the corridor", ErrUnknownFeature, ed.ID, ed.Feature)
			}
		}
	}
	return nil
}

// accessEdge reports whether the carrier may use its AccessModes on ed: an
// edge inside one of its AccessCountries, or a local link with an end at
// a crossing side of a crossing out of one of them.
func (m *Model) accessEdge(c *Carrier, ed *edgeInfo) bool {
	if len(c.AccessCountries) == 0 {
		return false
	}
	if slices.Contains(c.AccessCountries, ed.country) {
		return true
	}
	if ed.kind != route.EdgeLocal {
		return false
	}
	for _, id := range [2]int64{ed.from, ed.to} {
		n := m.graph.NodeAt(id)
		if n.Kind != route.NodeCrossingSide {
			continue
		}
		if x, ok := m.crossings[n.Feature]; ok && (slices.Contains(c.AccessCountries, x.A) || slices.Contains(c.AccessCountries, x.B)) {
			return true
		}
	}
	return false
}

// entersGap reports whether ed is the gap edge that enters a gap node: the
// one that carries the gap's probability.
func (m *Model) entersGap(ed route.Edge) bool {
	return ed.Kind == route.EdgeGap && m.graph.NodeAt(ed.To).Kind == route.NodeGap && ed.Feature != ""
}

// A priceScratch holds price's growing buffers: the stages and their
// weights, copied out at the end at their final lengths.
type priceScratch struct {
	stages []stage
	w      []float64
}

// priceScratchPool holds price's buffers for the carriers of the models
// calibration makes one after another.
var priceScratchPool sync.Pool // of *priceScratch

// price fills t's stages, probabilities, weights and weighted graph, with
// the scores of sh where not nil.
func (m *Model) price(t *carrierTable, sh *sharedScores) error {
	n := m.graph.NumEdges()
	t.start = make([]int32, n+1)
	sc, _ := priceScratchPool.Get().(*priceScratch)
	if sc == nil {
		sc = new(priceScratch)
	}
	defer priceScratchPool.Put(sc)
	stages, stageW := sc.stages[:0], sc.w[:0]
	t.p = make([]Prob, n)
	t.weight = make([]float64, n)
	var buf []stage
	for e := 0; e < n; e++ {
		ed := &m.edges[e]
		var err error
		var usable bool
		buf, usable, err = m.edgeStages(&m.settings, t, e, buf[:0], sh)
		if err != nil {
			return err
		}
		t.start[e] = int32(len(stages))
		stages = append(stages, buf...)
		var w float64
		for _, st := range buf {
			x := st.p.Weight()
			stageW = append(stageW, x)
			w += x
		}
		if !usable {
			t.p[e], t.weight[e] = 1, math.Inf(1)
			continue
		}
		t.p[e] = ProbFromWeight(w)
		t.weight[e] = w + m.settings.Beta*m.hours(ed)
	}
	t.start[n] = int32(len(stages))
	sc.stages, sc.w = stages, stageW
	t.stages, t.stageW = slices.Clone(stages), slices.Clone(stageW)
	wg, err := m.graph.WithWeights(t.weight)
	if err != nil {
		return fmt.Errorf("risk: carrier %q: %w", t.Name, err)
	}
	t.graph = wg
	return nil
}

// edgeStages appends to dst the interdiction stages of edge e for carrier
// t under s, and reports whether the carrier can use the edge at all. sh,
// when not nil, holds the edge's hazard and gap scores under s, worked out
// once for all the carriers.
func (m *Model) edgeStages(s *Settings, t *carrierTable, e int, dst []stage, sh *sharedScores) ([]stage, bool, error) {
	ed := &m.edges[e]
	if !m.usable(t, ed) {
		return dst, false, nil
	}
	inland := func(code string) {
		if code == "" {
			return
		}
		p := sh.hazardOf(s, e, code, ed.km)
		if p > 0 {
			dst = append(dst, stage{country: m.countryIx[code], kind: StageInland, p: p})
		}
	}
	switch ed.kind {
	case route.EdgeCrossing:
		cs, err := s.scoreCrossing(m.crossings[ed.feature], ed.country2, t.Name)
		if err != nil {
			return dst, false, err
		}
		if cs.Closed() {
			return dst, false, nil
		}
		dst = append(dst, stage{country: m.countryIx[ed.country2], kind: StageCrossing, p: cs.P})
	case route.EdgeFerry:
		if ed.feature != "" {
			x := m.crossings[ed.feature]
			entering := ed.country2
			if entering != x.A && entering != x.B {
				entering = x.A // a port: its own country
			}
			cs, err := s.scoreCrossing(x, entering, t.Name)
			if err != nil {
				return dst, false, err
			}
			if cs.Closed() {
				return dst, false, nil
			}
			if code := ed.country2; code != "" {
				dst = append(dst, stage{country: m.countryIx[code], kind: StageCrossing, p: cs.P})
			}
		}
	case route.EdgeGap:
		inland(ed.country)
		if !ed.entersGap {
			break
		}
		var sc gapScore
		if sh != nil {
			sc = sh.bestGap(m.gapOf[e], t.modes, ed.modes)
		} else {
			gs, err := m.bestGap(s, t, ed)
			if err != nil {
				return dst, false, err
			}
			sc = gapScore{gs.P, [2]Prob{gs.Sides[0].P, gs.Sides[1].P}}
		}
		// The side left acts first, then the side entered.
		g := &m.gaps[m.gapOf[e]]
		exit, entry := 0, 1
		if g.bFirst {
			exit, entry = 1, 0
		}
		if p := sc.side[exit]; p > 0 {
			dst = append(dst, stage{country: g.country[exit], kind: StageGapExit, p: p})
		}
		if p := sc.side[entry]; p > 0 {
			dst = append(dst, stage{country: g.country[entry], kind: StageGapEntry, p: p})
		}
	default:
		inland(ed.country)
	}
	return dst, true, nil
}

// usable reports whether carrier t can use edge ed: by its modes, or by
// its access modes where it may (accessEdge).
func (m *Model) usable(t *carrierTable, ed *edgeInfo) bool {
	return ed.modes&t.Modes != 0 || ed.modes&t.AccessModes != 0 && m.accessEdge(&t.Carrier, ed)
}

// sharedScores holds what edgeStages works out alike for every carrier
// under one Settings, worked out once before the carriers are priced: the
// in-country hazard of each edge, and the score of each gap-entry edge in
// each mode some carrier would cross it by.
type sharedScores struct {
	hazard []Prob        // by edge ID: Settings.Hazard of its country over its km
	gap    [][3]gapScore // by index in Model.gaps, by GapMode
}

// A gapScore is what edgeStages takes of a GapScore: its P and its sides'.
type gapScore struct {
	p    Prob
	side [2]Prob
}

// newSharedScores returns room for the scores of a model's n edges.
func (m *Model) newSharedScores(n int) *sharedScores {
	return &sharedScores{hazard: make([]Prob, n), gap: make([][3]gapScore, len(m.gaps))}
}

// fill works out the scores of the edges (nil: all) under s for the
// carriers ts, the edges in runs of fillRun taken by the processors in
// turn (the gap-entry edges, which cost most, lie together); it reports
// false, with the scores partly filled, where scoring a gap fails.
func (sh *sharedScores) fill(m *Model, s *Settings, ts []*carrierTable, edges []int) bool {
	n := len(edges)
	if edges == nil {
		n = len(m.edges)
	}
	var failed atomic.Bool
	par.For(n, fillRun, func(i int) {
		e := i
		if edges != nil {
			e = edges[i]
		}
		ed := &m.edges[e]
		if ed.kind != route.EdgeCrossing && ed.kind != route.EdgeFerry && ed.country != "" {
			sh.hazard[e] = s.Hazard(ed.country, ed.km)
		}
		if !ed.entersGap {
			return
		}
		var done [3]bool
		var buf [3]GapMode
		for _, t := range ts {
			if !m.usable(t, ed) {
				continue
			}
			for _, mode := range gapModes(buf[:0], t.modes, ed.modes) {
				if done[mode] {
					continue
				}
				gs, err := s.scoreGap(m.segments[ed.feature], mode)
				if err != nil {
					failed.Store(true)
					return
				}
				sh.gap[m.gapOf[e]][mode] = gapScore{gs.P, [2]Prob{gs.Sides[0].P, gs.Sides[1].P}}
				done[mode] = true
			}
		}
	})
	return !failed.Load()
}

// fillRun is the number of edges fill scores in one run.
const fillRun = 512

// hazardOf returns s.Hazard(code, km) of edge e: from sh where sh is not
// nil (code is then the edge's country).
func (sh *sharedScores) hazardOf(s *Settings, e int, code string, km float64) Prob {
	if sh == nil {
		return s.Hazard(code, km)
	}
	return sh.hazard[e]
}

// bestGap returns the score of gap-entry edge g (index in Model.gaps) in
// the mode, among those a carrier of modes cm can use on an edge of modes
// em, least likely to be interdicted: what Model.bestGap chooses.
func (sh *sharedScores) bestGap(g int32, cm, em route.Modes) gapScore {
	var best gapScore
	var buf [3]GapMode
	for i, mode := range gapModes(buf[:0], cm, em) {
		if sc := sh.gap[g][mode]; i == 0 || sc.p < best.p {
			best = sc
		}
	}
	return best
}

// gapModes appends to ms the gap modes a carrier can cross an edge by.
func gapModes(ms []GapMode, carrier, edge route.Modes) []GapMode {
	both, n := carrier&edge, len(ms)
	if both&route.Foot != 0 {
		ms = append(ms, GapFoot)
	}
	if both&route.Horse != 0 {
		ms = append(ms, GapHorse)
	}
	if both&(route.Vehicle|route.Truck) != 0 {
		ms = append(ms, GapVehicle)
	}
	if len(ms) == n {
		ms = append(ms, GapVehicle)
	}
	return ms
}

// bestGap returns the gap score of the segment ed enters in the mode,
// among those the carrier can use there, that the smuggler would choose:
// the least likely to be interdicted.
func (m *Model) bestGap(s *Settings, t *carrierTable, ed *edgeInfo) (GapScore, error) {
	var best GapScore
	var buf [3]GapMode
	for i, mode := range gapModes(buf[:0], t.modes, ed.modes) {
		gs, err := s.scoreGap(m.segments[ed.feature], mode)
		if err != nil {
			return gs, err
		}
		if i == 0 || gs.P < best.P {
			best = gs
		}
	}
	return best, nil
}

// Settings returns a copy of the model's settings.
func (m *Model) Settings() Settings { return m.settings.Clone() }

// Graph returns the graph the model prices.
func (m *Model) Graph() *route.Graph { return m.graph }

// Countries returns the ISO codes of the graph's countries, sorted.
func (m *Model) Countries() []string { return slices.Clone(m.countries) }

// Carriers returns the model's carriers with their shares normalised to add
// up to 1.
func (m *Model) Carriers() []Carrier {
	cs := make([]Carrier, len(m.carriers))
	for i, t := range m.carriers {
		cs[i] = t.Carrier
		cs[i].Share = t.share
	}
	return cs
}

func (m *Model) carrier(name string) (*carrierTable, error) {
	for _, t := range m.carriers {
		if t.Name == name {
			return t, nil
		}
	}
	return nil, fmt.Errorf("%w: no carrier %q", ErrBadParam, name)
}

// EdgeProbs returns the interdiction probability of every edge, by edge ID,
// for the named carrier: 1 − Π(1 − p) over the edge's stages, and 1 for an
// edge the carrier cannot use.
func (m *Model) EdgeProbs(carrier string) ([]Prob, error) {
	t, err := m.carrier(carrier)
	if err != nil {
		return nil, err
	}
	return slices.Clone(t.p), nil
}

// Weights returns the route-choice weight −ln(1−p_e) + β·hours_e of every
// edge, by edge ID, for the named carrier; +Inf for an edge it cannot use
// or a closed crossing.
func (m *Model) Weights(carrier string) ([]float64, error) {
	t, err := m.carrier(carrier)
	if err != nil {
		return nil, err
	}
	return slices.Clone(t.weight), nil
}

// EdgeStages returns the interdiction stages of edge e for the named
// carrier, in the order they act.
func (m *Model) EdgeStages(carrier string, e int) ([]Stage, error) {
	t, err := m.carrier(carrier)
	if err != nil {
		return nil, err
	}
	if e < 0 || e >= len(t.p) {
		return nil, fmt.Errorf("%w: edge %d of %d", ErrBadParam, e, len(t.p))
	}
	var out []Stage
	for _, st := range t.stages[t.start[e]:t.start[e+1]] {
		out = append(out, Stage{Country: m.countries[st.country], Kind: st.kind, P: st.p})
	}
	return out, nil
}

// PathProb returns the interdiction probability of a path (edge IDs in
// order) for the named carrier, from the sum of log1p(−p_e).
func (m *Model) PathProb(carrier string, edges []int) (Prob, error) {
	t, err := m.carrier(carrier)
	if err != nil {
		return 0, err
	}
	var w float64
	for _, e := range edges {
		if e < 0 || e >= len(t.p) {
			return 0, fmt.Errorf("%w: edge %d of %d", ErrBadParam, e, len(t.p))
		}
		w += t.p[e].Weight()
	}
	return ProbFromWeight(w), nil
}

// ScoreCrossing returns the score of the named crossing for a shipment of
// the named carrier entering the given country under the model's settings.
func (m *Model) ScoreCrossing(id, entering, carrier string) (CrossingScore, error) {
	x, ok := m.crossings[id]
	if !ok {
		return CrossingScore{}, fmt.Errorf("%w: crossing %q", ErrUnknownFeature, id)
	}
	if err := checkEntering(x, entering); err != nil {
		return CrossingScore{}, err
	}
	return m.settings.scoreCrossing(x, entering, carrier)
}

// ScoreGap returns the score of the named segment crossed in the given mode
// under the model's settings.
func (m *Model) ScoreGap(id string, mode GapMode) (GapScore, error) {
	seg, ok := m.segments[id]
	if !ok {
		return GapScore{}, fmt.Errorf("%w: segment %q", ErrUnknownFeature, id)
	}
	return m.settings.scoreGap(seg, mode)
}

// validSettings returns a validated copy of s, DefaultSettings() for nil.
func validSettings(s *Settings) (Settings, error) {
	set := DefaultSettings()
	if s != nil {
		set = s.Clone()
	}
	return set, set.Validate()
}
