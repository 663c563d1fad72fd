package plan

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// An Item is one kind of upgrade on a corridor's menu: its unit cost and
// the detection chance it adds. A zero Pi leaves the kind off the menu.
type Item struct {
	Cost      float64 // per unit, in the budget's unit
	CostPerKm float64 // added per km of border the unit reaches (barriers)
	Pi        float64 // detection chance on its own element, in [0, 1)
	// DecayKm is λ of the chance π·exp(−d/λ) on a segment at d km (between
	// midpoints) of the site; 0 means the full π everywhere within ReachKm.
	DecayKm float64
	// ReachKm is the largest distance of a segment the unit reaches; 0
	// means its own segment only. Unused at crossings.
	ReachKm float64
	// Carriers it acts on by name; nil means every carrier.
	Carriers []string
	Source   string // the public figure or the assumption behind it
}

// MenuSettings say which upgrades a corridor's menu offers and where.
type MenuSettings struct {
	Side    string   // the country that buys the upgrades, e.g. "KAZ"
	Borders []string // its borders "A-B" where they stand (either order)
	// SpacingKm is the distance between the sites of outposts, patrols and
	// barriers along a border: one site per stretch, so at most one unit of
	// each kind stands on a stretch. Must be > 0.
	SpacingKm float64
	Scanner   Item // at each crossing into Side without one
	Dogs      Item // at each crossing into Side without a canine unit
	Outpost   Item // at each site
	Patrol    Item // at each site
	Barrier   Item // at each site, over the segments within ReachKm
	// MinPi drops effects on neighbours below it. Must be in [0, 1).
	MinPi float64
}

// CorridorMenu returns the candidates of s on model m's graph: crossing
// upgrades at the crossings xs of s.Borders entered into s.Side, segment
// upgrades at sites spaced s.SpacingKm apart along the segments segs of
// those borders (segments in ID order; those with no gap in the graph are
// skipped). Candidates come in crossing, then site order.
func CorridorMenu(m *risk.Model, segs []geo.Segment, xs []geo.Crossing, s *MenuSettings) ([]Candidate, error) {
	if m == nil || s == nil {
		return nil, fmt.Errorf("%w: nil model or settings", ErrBadSetting)
	}
	if !(s.SpacingKm > 0) || math.IsInf(s.SpacingKm, 0) {
		return nil, fmt.Errorf("%w: MenuSettings.SpacingKm is %v: must be > 0", ErrBadSetting, s.SpacingKm)
	}
	if !(s.MinPi >= 0 && s.MinPi < 1) {
		return nil, fmt.Errorf("%w: MenuSettings.MinPi is %v: must be in [0, 1)", ErrBadSetting, s.MinPi)
	}
	for _, it := range []struct {
		name string
		it   Item
	}{{"Scanner", s.Scanner}, {"Dogs", s.Dogs}, {"Outpost", s.Outpost}, {"Patrol", s.Patrol}, {"Barrier", s.Barrier}} {
		bad := func(f string, v float64) error {
			return fmt.Errorf("%w: MenuSettings.%s.%s is %v", ErrBadSetting, it.name, f, v)
		}
		switch {
		case !(it.it.Pi >= 0 && it.it.Pi < 1):
			return nil, bad("Pi", it.it.Pi)
		case !(it.it.Cost >= 0) || math.IsInf(it.it.Cost, 0):
			return nil, bad("Cost", it.it.Cost)
		case !(it.it.CostPerKm >= 0) || math.IsInf(it.it.CostPerKm, 0):
			return nil, bad("CostPerKm", it.it.CostPerKm)
		case !(it.it.DecayKm >= 0) || math.IsInf(it.it.DecayKm, 0):
			return nil, bad("DecayKm", it.it.DecayKm)
		case !(it.it.ReachKm >= 0) || math.IsInf(it.it.ReachKm, 0):
			return nil, bad("ReachKm", it.it.ReachKm)
		}
	}
	pair := func(a, b string) string {
		if a > b {
			a, b = b, a
		}
		return a + "-" + b
	}
	borders := map[string]bool{}
	for _, b := range s.Borders {
		p := strings.Split(b, "-")
		if len(p) != 2 || (p[0] != s.Side && p[1] != s.Side) {
			return nil, fmt.Errorf("%w: MenuSettings.Borders: %q is no border \"A-B\" of %s", ErrBadSetting, b, s.Side)
		}
		borders[pair(p[0], p[1])] = true
	}
	g := m.Graph()
	into := map[string]bool{} // crossings entered into Side
	gaps := map[string]bool{} // segments with a gap edge
	for e := 0; e < g.NumEdges(); e++ {
		ed := g.EdgeAt(e)
		switch {
		case ed.Kind == route.EdgeCrossing && ed.Country2 == s.Side:
			into[ed.Feature] = true
		case ed.Kind == route.EdgeGap && ed.Country2 != "" && ed.Feature != "":
			gaps[ed.Feature] = true
		}
	}
	var out []Candidate
	for _, x := range xs {
		if !borders[pair(x.A, x.B)] || !into[x.ID] || x.Regime == geo.RegimeClosed {
			continue
		}
		for _, k := range []struct {
			kind Kind
			it   Item
			has  bool
		}{{Scanner, s.Scanner, x.Scanner}, {Dogs, s.Dogs, x.Dogs}} {
			if k.has || k.it.Pi == 0 {
				continue
			}
			out = append(out, Candidate{Kind: k.kind, Feature: x.ID, Side: s.Side, Cost: k.it.Cost,
				Effects: []Placed{{Feature: x.ID, Pi: k.it.Pi}}, Carriers: slices.Clone(k.it.Carriers)})
		}
	}
	byBorder := map[string][]geo.Segment{}
	var order []string
	for _, sg := range segs {
		b := pair(sg.A, sg.B)
		if !borders[b] || !gaps[sg.ID] {
			continue
		}
		if byBorder[b] == nil {
			order = append(order, b)
		}
		byBorder[b] = append(byBorder[b], sg)
	}
	slices.Sort(order)
	for _, b := range order {
		ss := byBorder[b]
		slices.SortFunc(ss, func(p, q geo.Segment) int { return strings.Compare(p.ID, q.ID) })
		var sites []geo.Segment
		for _, sg := range ss {
			if !slices.ContainsFunc(sites, func(t geo.Segment) bool { return geo.DistanceKm(t.Mid, sg.Mid) < s.SpacingKm }) {
				sites = append(sites, sg)
			}
		}
		for _, site := range sites {
			for _, k := range []struct {
				kind Kind
				it   Item
			}{{Outpost, s.Outpost}, {Patrol, s.Patrol}, {Barrier, s.Barrier}} {
				if k.it.Pi == 0 {
					continue
				}
				c := Candidate{Kind: k.kind, Feature: site.ID, Side: s.Side, Cost: k.it.Cost, Carriers: slices.Clone(k.it.Carriers)}
				for _, sg := range ss {
					d := geo.DistanceKm(site.Mid, sg.Mid)
					if sg.ID != site.ID && d > k.it.ReachKm {
						continue
					}
					pi := k.it.Pi
					if k.it.DecayKm > 0 {
						pi *= math.Exp(-d / k.it.DecayKm)
					}
					if sg.ID != site.ID && pi < s.MinPi {
						continue
					}
					c.Effects = append(c.Effects, Placed{Feature: sg.ID, Pi: pi})
					c.Cost += k.it.CostPerKm * sg.LengthKm
				}
				out = append(out, c)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no candidate: no crossing into %s or segment with a gap on %v", ErrBadSetting, s.Side, s.Borders)
	}
	return out, nil
}
