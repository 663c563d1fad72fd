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

// An Item is one kind of upgrade on a corridor's menu: its unit cost and,
// where risk's model has no term of its own for the unit, its detection
// chance. An Item of zero Cost and CostPerKm is not on the menu.
//
// The chance a scanner, a canine unit or an outpost adds is risk's own:
// CorridorMenu scores the element with and without the unit under the
// model (see there), so Pi is unused for them.
type Item struct {
	Cost      float64 // per unit, in the budget's unit
	CostPerKm float64 // added per km of border the unit reaches (barriers)
	// Pi is a patrol's chance of detecting a crossing of its side where it
	// reaches (risk's BorderUpgrade.Patrol, entered into the gap model), or
	// the share of a barrier's vehicles stopped. In [0, 1).
	Pi float64
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
	// each kind stands on a stretch. Sites are taken in segment order at
	// least SpacingKm apart, then any segment farther than SpacingKm/2 from
	// every site is a site too, so units reaching SpacingKm/2 cover the
	// whole border. Must be > 0.
	SpacingKm float64
	Scanner   Item // at each crossing into Side without one
	Dogs      Item // at each crossing into Side without a canine unit
	// Ports are the sea ports (crossings of mode ferry, by ID) where
	// PortScanner and PortDogs are offered, acting on shipments landing
	// there; a port of another country than Side stands, and seizes, in
	// its own country (e.g. a unit the budget funds abroad).
	Ports       []string
	PortScanner Item // at each port of Ports without one
	PortDogs    Item // at each port of Ports without a canine unit
	Outpost     Item // at each site
	Patrol      Item // at each site
	Barrier     Item // at each site, over the segments within ReachKm
	// MinPi drops effects on neighbours below it. Must be in [0, 1).
	MinPi float64
}

// CorridorMenu returns the candidates of s on model m's graph: crossing
// upgrades at the crossings xs of s.Borders entered into s.Side and at the
// sea ports s.Ports, segment upgrades at sites spaced s.SpacingKm apart
// along the segments segs of those borders (segments in ID order; those
// with no gap in the graph are skipped). Candidates come in crossing, port,
// then site order; a closed crossing or port gets none.
//
// Every chance is risk's model of the same unit, per carrier, as the
// factor it multiplies survival by: π = 1 − (1 − p_with)/(1 − p_without),
// so that the element's p with the extra stage (see (*risk.Model).WithExtra)
// is the p the model gives it with the unit. A scanner or canine unit
// scores the crossing entered into s.Side with CrossingRule{ID, Entering,
// AddScanner or AddDogs} added ((*risk.Model).ScoreCrossingWith), so
// inspection rate, regime (nothing where no one is searched), protected
// share and intensity enter. An outpost at a site scores each segment
// within ReachKm with a post at the distance between their midpoints on
// s.Side's side, a patrol with its Pi added to that side's patrol
// ((*risk.Model).EdgeGapWith, the carrier's own choice of gap mode).
// Effects of several units on one element add up in −ln space; risk would
// take the nearest of several posts and combine posts and patrols before
// its mode factor and intensity, so for several units on one segment the
// sum is an approximation that overstates them a little. A barrier's Pi is
// its own assumption: the share of vehicles it stops. A port's scanner and
// canine unit are scored as a crossing's, for shipments landing there
// (risk scores a ferry at its port of arrival).
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
	var all []string
	for _, c := range m.Carriers() {
		all = append(all, c.Name)
	}
	for _, it := range s.items() {
		if err := it.it.validate(it.name, badMenu); err != nil {
			return nil, err
		}
		for _, name := range it.it.Carriers {
			if !slices.Contains(all, name) {
				return nil, fmt.Errorf("%w: MenuSettings.%s.Carriers: no carrier %q in the model (%v)", ErrBadSetting, it.name, name, all)
			}
		}
	}
	carriers := func(it Item) []string {
		if it.Carriers == nil {
			return all
		}
		return it.Carriers
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
	into := map[string]bool{}   // crossings entered into Side
	gapEdge := map[string]int{} // segment → its first edge into the gap point
	for e := 0; e < g.NumEdges(); e++ {
		ed := g.EdgeAt(e)
		switch {
		case ed.Kind == route.EdgeCrossing && ed.Country2 == s.Side:
			into[ed.Feature] = true
		case ed.Kind == route.EdgeGap && ed.Country2 != "" && ed.Feature != "":
			if _, seen := gapEdge[ed.Feature]; !seen {
				gapEdge[ed.Feature] = e
			}
		}
	}
	weights := map[string][]float64{}
	for _, name := range all {
		w, err := m.Weights(name)
		if err != nil {
			return nil, err
		}
		weights[name] = w
	}
	offered := func(it Item) bool { return it.Cost > 0 || it.CostPerKm > 0 }
	var out []Candidate
	for _, x := range xs {
		if !borders[pair(x.A, x.B)] || !into[x.ID] || x.Regime == geo.RegimeClosed {
			continue
		}
		units, err := crossingUnits(m, x, s.Side, s.Scanner, s.Dogs, carriers, offered)
		if err != nil {
			return nil, err
		}
		out = append(out, units...)
	}
	ports, err := portCandidates(m, xs, s, carriers, offered)
	if err != nil {
		return nil, err
	}
	out = append(out, ports...)
	byBorder := map[string][]geo.Segment{}
	var order []string
	for _, sg := range segs {
		b := pair(sg.A, sg.B)
		if _, ok := gapEdge[sg.ID]; !borders[b] || !ok {
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
		sites := menuSites(ss, s.SpacingKm)
		for _, site := range sites {
			for _, k := range []struct {
				kind Kind
				it   Item
			}{{Outpost, s.Outpost}, {Patrol, s.Patrol}, {Barrier, s.Barrier}} {
				if !offered(k.it) {
					continue
				}
				c := Candidate{Kind: k.kind, Feature: site.ID, Side: s.Side, Cost: k.it.Cost, Carriers: slices.Clone(k.it.Carriers)}
				for _, sg := range ss {
					d := geo.DistanceKm(site.Mid, sg.Mid)
					own := sg.ID == site.ID
					if !own && d > k.it.ReachKm {
						continue
					}
					var eff []Placed
					if k.kind == Barrier {
						if k.it.Pi > 0 {
							eff = append(eff, Placed{Feature: sg.ID, Pi: k.it.Pi})
						}
					} else {
						unit := risk.GapUnit{Side: s.Side, PostKm: math.Inf(1)}
						if k.kind == Outpost {
							unit.PostKm = d
						} else {
							unit.Patrol = risk.Prob(k.it.Pi)
						}
						e := gapEdge[sg.ID]
						for _, name := range carriers(k.it) {
							if math.IsInf(weights[name][e], 1) {
								continue // the carrier cannot cross here
							}
							pi, err := gapPi(m, name, e, unit)
							if err != nil {
								return nil, err
							}
							if pi > 0 && (own || pi >= s.MinPi) {
								eff = append(eff, Placed{Feature: sg.ID, Carrier: name, Pi: pi})
							}
						}
					}
					if !own && len(eff) == 0 {
						continue
					}
					c.Effects = append(c.Effects, eff...)
					c.Cost += k.it.CostPerKm * sg.LengthKm
				}
				if len(c.Effects) > 0 {
					out = append(out, c)
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no candidate: no crossing into %s or segment with a gap on %v", ErrBadSetting, s.Side, s.Borders)
	}
	return out, nil
}

// menuSites returns the sites of units among the segments ss of one border
// (in ID order): those at least spacing km from the sites before them,
// then those farther than spacing/2 from every site, in ID order.
func menuSites(ss []geo.Segment, spacing float64) []geo.Segment {
	var sites []geo.Segment
	within := func(sg geo.Segment, km float64) bool {
		return slices.ContainsFunc(sites, func(t geo.Segment) bool { return geo.DistanceKm(t.Mid, sg.Mid) < km })
	}
	for _, sg := range ss {
		if !within(sg, spacing) {
			sites = append(sites, sg)
		}
	}
	// A bend or a second stretch of the border can leave a segment far
	// from every site: it becomes a site of its own.
	for _, sg := range ss {
		if !within(sg, spacing/2) {
			sites = append(sites, sg)
		}
	}
	slices.SortFunc(sites, func(p, q geo.Segment) int { return strings.Compare(p.ID, q.ID) })
	return sites
}

// portCandidates returns the scanners and canine units of s at its ports,
// in the order of s.Ports, each on the port's own country.
func portCandidates(m *risk.Model, xs []geo.Crossing, s *MenuSettings, carriers func(Item) []string, offered func(Item) bool) ([]Candidate, error) {
	byID := map[string]geo.Crossing{}
	for _, x := range xs {
		byID[x.ID] = x
	}
	var out []Candidate
	for i, id := range s.Ports {
		x, ok := byID[id]
		switch {
		case slices.Contains(s.Ports[:i], id):
			return nil, fmt.Errorf("%w: MenuSettings.Ports[%d]: %q is named twice", ErrBadSetting, i, id)
		case !ok:
			return nil, fmt.Errorf("%w: MenuSettings.Ports[%d]: no crossing %q in the corridor", ErrBadSetting, i, id)
		case x.Mode != geo.ModeFerry:
			return nil, fmt.Errorf("%w: MenuSettings.Ports[%d]: %q is a %s crossing, not a sea port (mode ferry)", ErrBadSetting, i, id, x.Mode)
		case x.Regime == geo.RegimeClosed:
			continue
		}
		units, err := crossingUnits(m, x, x.A, s.PortScanner, s.PortDogs, carriers, offered)
		if err != nil {
			return nil, err
		}
		out = append(out, units...)
	}
	return out, nil
}

// survivalPi returns 1 − (1 − with)/(1 − without): the independent extra
// chance that takes an element from p without to p with a unit; 0 where
// without is 1.
func survivalPi(without, with risk.Prob) float64 {
	if without >= 1 || with <= without {
		return 0
	}
	return 1 - float64(1-with)/float64(1-without)
}

// crossingPi returns the chance rule r adds at crossing id for the named
// carrier entering the country.
func crossingPi(m *risk.Model, id, entering, carrier string, r risk.CrossingRule) (float64, error) {
	without, err := m.ScoreCrossing(id, entering, carrier)
	if err != nil {
		return 0, err
	}
	with, err := m.ScoreCrossingWith(id, entering, carrier, r)
	if err != nil {
		return 0, err
	}
	return survivalPi(without.P, with.P), nil
}

// gapPi returns the chance unit u adds on gap edge e for the named
// carrier.
func gapPi(m *risk.Model, carrier string, e int, u risk.GapUnit) (float64, error) {
	without, err := m.EdgeGapWith(carrier, e, risk.GapUnit{Side: u.Side, PostKm: math.Inf(1)})
	if err != nil {
		return 0, err
	}
	with, err := m.EdgeGapWith(carrier, e, u)
	if err != nil {
		return 0, err
	}
	return survivalPi(without.P, with.P), nil
}

// crossingUnits returns the scanner and dog unit candidates of crossing x
// (those offered and not already there) acting on shipments entering
// side, each with the chances risk gives it for the carriers of its item;
// a unit that adds nothing for any of them (e.g. under a customs union,
// where no one is searched) is left out.
func crossingUnits(m *risk.Model, x geo.Crossing, side string, scanner, dogs Item, carriers func(Item) []string, offered func(Item) bool) ([]Candidate, error) {
	var out []Candidate
	for _, k := range []struct {
		kind Kind
		it   Item
		has  bool
	}{{Scanner, scanner, x.Scanner}, {Dogs, dogs, x.Dogs}} {
		if k.has || !offered(k.it) {
			continue
		}
		rule := risk.CrossingRule{ID: x.ID, Entering: side, AddScanner: k.kind == Scanner, AddDogs: k.kind == Dogs}
		var eff []Placed
		for _, name := range carriers(k.it) {
			pi, err := crossingPi(m, x.ID, side, name, rule)
			if err != nil {
				return nil, err
			}
			if pi > 0 {
				eff = append(eff, Placed{Feature: x.ID, Carrier: name, Pi: pi})
			}
		}
		if len(eff) > 0 {
			out = append(out, Candidate{Kind: k.kind, Feature: x.ID, Side: side, Cost: k.it.Cost,
				Effects: eff, Carriers: slices.Clone(k.it.Carriers)})
		}
	}
	return out, nil
}
