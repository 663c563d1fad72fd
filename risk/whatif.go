package risk

import (
	"fmt"
	"math"
	"slices"
)

// ScoreCrossingWith returns the score of the named crossing as ScoreCrossing
// does, with the rule r applied after the settings' own rules: what an
// upgrade such as CrossingRule{ID: id, AddScanner: true} makes of it.
func (m *Model) ScoreCrossingWith(id, entering, carrier string, r CrossingRule) (CrossingScore, error) {
	x, ok := m.crossings[id]
	if !ok {
		return CrossingScore{}, fmt.Errorf("%w: crossing %q", ErrUnknownFeature, id)
	}
	if err := checkEntering(x, entering); err != nil {
		return CrossingScore{}, err
	}
	s := m.settings
	s.Rules = append(slices.Clip(m.settings.Rules), r)
	return s.scoreCrossing(x, entering, carrier)
}

// A GapUnit is an upgrade of one country's side of one border segment:
// a post PostKm from the segment and mobile patrols that detect a crossing
// of that side with probability Patrol.
type GapUnit struct {
	Side   string  // the country whose side it is
	PostKm float64 // km from the segment to the new post, ≥ 0; +Inf: no post
	Patrol Prob    // detection by the added patrols; 0: none
}

// EdgeGapWith returns the gap score of edge e, an edge into a gap point,
// for the named carrier in the mode it chooses there, with the unit u
// added: u.Side's guard distance becomes the nearer of its own and
// u.PostKm, its patrol chance 1 − (1 − Patrol)(1 − u.Patrol). With
// GapUnit{PostKm: +Inf} it is the score the model prices the edge with.
func (m *Model) EdgeGapWith(carrier string, e int, u GapUnit) (GapScore, error) {
	t, err := m.carrier(carrier)
	if err != nil {
		return GapScore{}, err
	}
	if e < 0 || e >= len(m.edges) || !m.edges[e].entersGap {
		return GapScore{}, fmt.Errorf("%w: edge %d is not an edge into a gap point", ErrBadParam, e)
	}
	ed := &m.edges[e]
	seg := m.segments[ed.feature]
	if u.Side != seg.A && u.Side != seg.B {
		return GapScore{}, fmt.Errorf("%w: segment %q joins %q and %q, not %q", ErrUnknownFeature, seg.ID, seg.A, seg.B, u.Side)
	}
	if !(u.PostKm >= 0) {
		return GapScore{}, fmt.Errorf("%w: segment %q: post at %v km: want a distance ≥ 0", ErrBadParam, seg.ID, u.PostKm)
	}
	if !u.Patrol.Valid() || u.Patrol == 1 {
		return GapScore{}, fmt.Errorf("%w: segment %q: patrol %v: want a probability in [0,1)", ErrBadParam, seg.ID, float64(u.Patrol))
	}
	side := 0
	if u.Side == seg.B {
		side = 1
	}
	seg.Remote.OutpostKm[side] = math.Min(seg.Remote.OutpostKm[side], u.PostKm)
	s := m.settings
	if u.Patrol > 0 {
		s.Upgrades = append(slices.Clip(m.settings.Upgrades), BorderUpgrade{Pair: seg.A + "-" + seg.B, Side: u.Side, Patrol: u.Patrol})
	}
	// The carrier's choice of mode, as bestGap makes it.
	var best GapScore
	var buf [3]GapMode
	for i, mode := range gapModes(buf[:0], t.modes, ed.modes) {
		gs, err := s.scoreGap(seg, mode)
		if err != nil {
			return gs, err
		}
		if i == 0 || gs.P < best.P {
			best = gs
		}
	}
	return best, nil
}
