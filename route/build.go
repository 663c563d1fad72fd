package route

import (
	"fmt"
	"sort"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/parallel"
)

// crossingModes returns the travel modes of a crossing of the given mode:
// road crossings and bridges carry foot, horse, vehicle and truck traffic,
// rail crossings rail, ferries (river or sea) ferry.
func crossingModes(m geo.CrossingMode) (Modes, bool) {
	switch m {
	case geo.ModeRoad, geo.ModeBridge:
		return RoadModes, true
	case geo.ModeRail:
		return Rail, true
	case geo.ModeFerry:
		return Ferry, true
	}
	return 0, false
}

// Build returns the graph of corridor c, with segs its border segments
// (from (*geo.Corridor).Segments), weighted by edge length in km, with
// c.Origins and c.Destinations attached to settlements. A nil s means
// DefaultSettings().
//
// Nodes, in this order: the settlements (in the corridor's order); the
// junctions of the road layer, then of the railway layer; the two sides of
// every official crossing, or the one node of a sea port; the gap point of
// every segment, at its midpoint. Edges: the roads (c.Roads) and railways
// (c.Railways), noded where lines share vertices or cross, with settlements
// joined to them; local links between nearby settlements of a country and
// the links that join the pieces of each country's network; access links
// joining each crossing side and port to its network; the crossings, both
// ways; the off-road gap links; and the ferry links between ports. Every
// link is made both ways. It returns an error naming the feature for a
// settlement, crossing, segment, road or place whose point is not a finite
// lon/lat, a crossing with an unknown mode or no country, a line of fewer
// than two points, a place with no settlement of its country near it, no
// origins or no destinations, or bad settings.
func Build(c *geo.Corridor, segs []geo.Segment, s *Settings) (*Graph, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: nil corridor", ErrBadParameter)
	}
	st := DefaultSettings()
	if s != nil {
		st = *s
	}
	if err := st.check(); err != nil {
		return nil, err
	}
	if len(c.Origins) == 0 {
		return nil, fmt.Errorf("%w: corridor %q has no origins: fill Corridor.Origins (origins.geojson in a corridor folder)", ErrNoPlaces, c.Name)
	}
	if len(c.Destinations) == 0 {
		return nil, fmt.Errorf("%w: corridor %q has no destinations: fill Corridor.Destinations (destinations.geojson in a corridor folder)", ErrNoPlaces, c.Name)
	}
	bd := &corridorBuilder{c: c, s: st, b: NewBuilder(), pairs: map[uint64]bool{}}
	return bd.build(segs)
}

type corridorBuilder struct {
	c      *geo.Corridor
	s      Settings
	b      *Builder
	settle map[string]*siteIndex // settlements by country; ids are node IDs
	pairs  map[uint64]bool       // node pairs joined by a road-mode link (pairKey)
	roads  *lineNetwork          // the road layer, nil when none
	rails  *lineNetwork          // the railway layer, nil when none
	// crossVert is the network vertex each crossing side joins, by
	// (crossing index, side 0 for A or 1 for B).
	crossVert map[[2]int]int64
}

// A siteIndex is a geo.Index over some nodes' points.
type siteIndex struct {
	ix  *geo.Index
	ids []int64 // node ID of each indexed point
}

func newSiteIndex(pts []orb.Point, ids []int64) (*siteIndex, error) {
	ix, err := geo.NewIndex(pts)
	if err != nil {
		return nil, err
	}
	return &siteIndex{ix: ix, ids: ids}, nil
}

// near returns the node IDs of up to k sites within reachKm of p, nearest
// first, leaving out skip; when there is none, the nearest one within
// fallbackKm (0: no fallback).
func (si *siteIndex) near(p orb.Point, k int, reachKm, fallbackKm float64, skip int64) []int64 {
	if si == nil || k <= 0 {
		return nil
	}
	out := si.nearest(p, k, reachKm, skip)
	if len(out) == 0 && fallbackKm > 0 {
		out = si.nearest(p, 1, fallbackKm, skip)
	}
	return out
}

func (si *siteIndex) nearest(p orb.Point, k int, km float64, skip int64) []int64 {
	if km <= 0 {
		return nil
	}
	var out []int64
	for _, nb := range si.ix.KNearest(p, geo.KNearestOptions{MaxResults: k + 1, MaxDistanceKm: km, IndexOnly: true}) {
		if id := si.ids[nb.Index]; id != skip && len(out) < k {
			out = append(out, id)
		}
	}
	return out
}

func (bd *corridorBuilder) build(segs []geo.Segment) (*Graph, error) {
	c, b := bd.c, bd.b
	for i, x := range c.Settlements {
		if !finiteLonLat(x.Point) {
			return nil, fmt.Errorf("%w: settlement %d (%q): point %v is not a finite lon/lat", ErrBadParameter, i, x.ID, x.Point)
		}
		if x.Country == "" {
			return nil, fmt.Errorf("%w: settlement %d (%q): no country", ErrBadParameter, i, x.ID)
		}
	}
	for i, seg := range segs {
		if !finiteLonLat(seg.Mid) {
			return nil, fmt.Errorf("%w: segment %d (%q): midpoint %v is not a finite lon/lat", ErrBadParameter, i, seg.ID, seg.Mid)
		}
	}
	pts := map[string][]orb.Point{}
	ids := map[string][]int64{}
	for _, x := range c.Settlements {
		id := b.AddNode(Node{Kind: NodeSettlement, Name: x.Name, Country: x.Country, Point: x.Point, Feature: x.ID})
		pts[x.Country] = append(pts[x.Country], x.Point)
		ids[x.Country] = append(ids[x.Country], id)
	}
	bd.settle = map[string]*siteIndex{}
	for code := range pts {
		si, err := newSiteIndex(pts[code], ids[code])
		if err != nil {
			return nil, err
		}
		bd.settle[code] = si
	}
	orig, err := bd.places(c.Origins, "origins")
	if err != nil {
		return nil, err
	}
	dest, err := bd.places(c.Destinations, "destinations")
	if err != nil {
		return nil, err
	}
	if bd.roads, err = bd.newNetwork("roads", c.Roads, false); err != nil {
		return nil, err
	}
	if bd.rails, err = bd.newNetwork("railways", c.Railways, true); err != nil {
		return nil, err
	}
	if err := bd.chooseCrossingVertices(); err != nil {
		return nil, err
	}
	for _, nw := range []*lineNetwork{bd.roads, bd.rails} {
		if err := bd.emit(nw); err != nil {
			return nil, err
		}
	}
	bd.local()
	bd.connect()
	if err := bd.crossings(); err != nil {
		return nil, err
	}
	bd.gaps(segs)
	g := b.Graph()
	g.orig, g.dest = orig, dest
	return g, nil
}

// places attaches each place of a corridor layer to the settlement of its
// country with the same name within MatchKm (the nearest such), else to
// the nearest settlement of its country within MatchKm.
func (bd *corridorBuilder) places(ps []geo.Place, layer string) ([]Place, error) {
	out := make([]Place, 0, len(ps))
	for i, p := range ps {
		label := p.ID
		if label == "" {
			label = p.Name
		}
		if !finiteNonNeg(p.Weight) {
			return nil, fmt.Errorf("%w: %s %d (%q): weight %v: must be a finite number ≥ 0", ErrBadParameter, layer, i, label, p.Weight)
		}
		if !finiteLonLat(p.Point) {
			return nil, fmt.Errorf("%w: %s %d (%q): point %v is not a finite lon/lat", ErrBadParameter, layer, i, label, p.Point)
		}
		si := bd.settle[p.Country]
		if si == nil {
			return nil, fmt.Errorf("%w: %s %d (%q): no settlement of country %q in the corridor", ErrUnknownPlace, layer, i, label, p.Country)
		}
		hits := si.ix.KNearest(p.Point, geo.KNearestOptions{MaxDistanceKm: bd.s.MatchKm, IndexOnly: true})
		node := int64(-1)
		for _, h := range hits {
			if id := si.ids[h.Index]; bd.b.nodes[id].Name == p.Name {
				node = id
				break
			}
		}
		if node < 0 && len(hits) > 0 {
			node = si.ids[hits[0].Index]
		}
		if node < 0 {
			return nil, fmt.Errorf("%w: %s %d (%q): no settlement of %s within %g km (Settings.MatchKm) of %v",
				ErrUnknownPlace, layer, i, label, p.Country, bd.s.MatchKm, p.Point)
		}
		out = append(out, Place{Name: p.Name, Node: node, Weight: p.Weight})
	}
	return out, nil
}

// link adds the edges u→v and v→u, each of length km.
func (bd *corridorBuilder) link(u, v int64, kind EdgeKind, modes Modes, km, kmh float64, country, feature string) {
	if u == v {
		return
	}
	h := km / kmh
	for _, e := range [2][2]int64{{u, v}, {v, u}} {
		// Nodes and values are valid by construction.
		if _, err := bd.b.AddEdge(Edge{From: e[0], To: e[1], Kind: kind, Modes: modes, LengthKm: km, Hours: h, Country: country, Feature: feature}); err != nil {
			panic("route: internal error: " + err.Error())
		}
	}
	if modes&RoadModes != 0 {
		bd.pairs[pairKey(u, v)] = true
	}
}

// localLink joins u and v by a local link of circuity LocalCircuity.
func (bd *corridorBuilder) localLink(u, v int64, modes Modes, country string) {
	bd.link(u, v, EdgeLocal, modes, bd.localKm(u, v), bd.s.LocalKmh, country, "")
}

// localKm returns the length of a local link between nodes u and v: the
// great-circle distance times Settings.LocalCircuity.
func (bd *corridorBuilder) localKm(u, v int64) float64 {
	return geo.DistanceKm(bd.b.nodes[u].Point, bd.b.nodes[v].Point) * bd.s.LocalCircuity
}

// pairKey returns the key of the unordered node pair {u, v}: the lower ID
// in the high 32 bits (node IDs are below 2³¹), a cheaper map key than the
// pair itself.
func pairKey(u, v int64) uint64 {
	if u > v {
		u, v = v, u
	}
	return uint64(u)<<32 | uint64(v)
}

// local links each settlement to its nearest same-country neighbours.
func (bd *corridorBuilder) local() {
	sets := bd.c.Settlements
	near := make([][]int64, len(sets))
	kms := make([][]float64, len(sets)) // the links' lengths
	parallel.For(len(sets), 64, func(i int) {
		near[i] = bd.settle[sets[i].Country].near(sets[i].Point, bd.s.LocalLinks, bd.s.LocalRadiusKm, bd.s.MaxLinkKm, int64(i))
		kms[i] = make([]float64, len(near[i]))
		for j, v := range near[i] {
			kms[i][j] = bd.localKm(int64(i), v)
		}
	})
	for i, x := range sets {
		u := int64(i)
		for j, v := range near[i] {
			if !bd.pairs[pairKey(u, v)] {
				bd.link(u, v, EdgeLocal, RoadModes, kms[i][j], bd.s.LocalKmh, x.Country, "")
			}
		}
	}
}

// connect joins the pieces of each country's road network by the shortest
// links between their settlements, up to ConnectKm long.
func (bd *corridorBuilder) connect() {
	if bd.s.ConnectKm <= 0 {
		return
	}
	sets := bd.c.Settlements
	uf := newUnionFind(len(bd.b.nodes))
	for k := range bd.pairs { // the pieces do not depend on the order
		uf.union(int(k>>32), int(k&(1<<32-1)))
	}
	type cand struct {
		i, j int
		km   float64
	}
	codes := make([]string, 0, len(bd.settle))
	for code := range bd.settle {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		si := bd.settle[code]
		for round := 0; ; round++ {
			pieces := map[int]bool{}
			for _, id := range si.ids {
				pieces[uf.find(int(id))] = true
			}
			if len(pieces) <= 1 {
				break
			}
			// Candidate links: each settlement to its nearest settlement
			// outside its piece. The pieces do not change while they are
			// sought, so each index's piece is looked up first and the
			// searches run in parallel.
			piece := make([]int, len(si.ids))
			for x, id := range si.ids {
				piece[x] = uf.find(int(id))
			}
			found := make([]cand, len(si.ids))
			k := 8 << (2 * round)
			parallel.For(len(si.ids), 64, func(x int) {
				i := int(si.ids[x])
				found[x] = cand{i: -1}
				for _, nb := range si.ix.KNearest(sets[i].Point, geo.KNearestOptions{MaxResults: k, MaxDistanceKm: bd.s.ConnectKm, IndexOnly: true}) {
					if piece[nb.Index] != piece[x] {
						// The distance KNearest would give: the same vectors.
						j := int(si.ids[nb.Index])
						found[x] = cand{min(i, j), max(i, j), geo.DistanceKm(sets[i].Point, sets[j].Point)}
						return
					}
				}
			})
			var cands []cand
			for _, c := range found {
				if c.i >= 0 {
					cands = append(cands, c)
				}
			}
			if len(cands) == 0 {
				break
			}
			sort.Slice(cands, func(a, b int) bool {
				x, y := cands[a], cands[b]
				if x.km != y.km {
					return x.km < y.km
				}
				if x.i != y.i {
					return x.i < y.i
				}
				return x.j < y.j
			})
			joined := false
			for _, c := range cands {
				if uf.find(c.i) != uf.find(c.j) {
					uf.union(c.i, c.j)
					bd.localLink(int64(c.i), int64(c.j), RoadModes, code)
					joined = true
				}
			}
			if !joined || round > 3 {
				break
			}
		}
	}
}

type unionFind struct{ parent []int }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n)}
	for i := range u.parent {
		u.parent[i] = i
	}
	return u
}

func (u *unionFind) find(x int) int {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int) {
	a, b = u.find(a), u.find(b)
	if a < b {
		a, b = b, a
	}
	u.parent[a] = b
}

func finiteLonLat(p orb.Point) bool {
	return p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}

// crossings adds the crossing sides and ports, their access links, the
// crossing edges and the ferry links.
func (bd *corridorBuilder) crossings() error {
	c, s, b := bd.c, bd.s, bd.b
	ports := []int64{}
	portOf := map[string]int64{}
	for i, x := range c.Crossings {
		if x.Regime == geo.RegimeClosed && !s.IncludeClosed {
			continue
		}
		modes, ok := crossingModes(x.Mode)
		if !ok {
			return fmt.Errorf("%w: crossing %d (%q): unknown mode %q", ErrBadEdge, i, x.ID, x.Mode)
		}
		if x.A == "" {
			return fmt.Errorf("%w: crossing %d (%q): no country", ErrBadEdge, i, x.ID)
		}
		if !finiteLonLat(x.Point) {
			return fmt.Errorf("%w: crossing %d (%q): point %v is not a finite lon/lat", ErrBadEdge, i, x.ID, x.Point)
		}
		if x.B == "" {
			p := b.AddNode(Node{Kind: NodeCrossingSide, Name: x.Name, Country: x.A, Point: x.Point, Feature: x.ID})
			bd.access(p, x.A, x.Mode, i, 0)
			if x.Mode == geo.ModeFerry {
				ports = append(ports, p)
				portOf[x.ID] = p
			}
			continue
		}
		a := b.AddNode(Node{Kind: NodeCrossingSide, Name: x.Name, Country: x.A, Point: x.Point, Feature: x.ID})
		bb := b.AddNode(Node{Kind: NodeCrossingSide, Name: x.Name, Country: x.B, Point: x.Point, Feature: x.ID})
		bd.access(a, x.A, x.Mode, i, 0)
		bd.access(bb, x.B, x.Mode, i, 1)
		for _, e := range []Edge{
			{From: a, To: bb, Country: x.A, Country2: x.B},
			{From: bb, To: a, Country: x.B, Country2: x.A},
		} {
			e.Kind, e.Modes, e.Hours, e.Feature = EdgeCrossing, modes, s.CrossingHours, x.ID
			if x.WaitHours != nil {
				e.Hours = *x.WaitHours // the crossing's own waiting time
			}
			if _, err := b.AddEdge(e); err != nil {
				return err
			}
		}
	}
	// Ferry links.
	var pairs [][2]int64
	if s.Ferries == nil {
		for i, p := range ports {
			for _, q := range ports[i+1:] {
				if b.nodes[p].Country != b.nodes[q].Country {
					pairs = append(pairs, [2]int64{p, q})
				}
			}
		}
	} else {
		for _, f := range s.Ferries {
			p, ok1 := portOf[f[0]]
			q, ok2 := portOf[f[1]]
			if !ok1 || !ok2 {
				return fmt.Errorf("%w: Ferries: %s – %s: not a pair of open sea ports of the corridor", ErrBadSettings, f[0], f[1])
			}
			pairs = append(pairs, [2]int64{p, q})
		}
	}
	for _, pq := range pairs {
		p, q := pq[0], pq[1]
		km := geo.DistanceKm(b.nodes[p].Point, b.nodes[q].Point) * s.SeaCircuity
		h := km/s.FerryKmh + s.PortHours
		for _, e := range [][2]int64{{p, q}, {q, p}} {
			if _, err := b.AddEdge(Edge{
				From: e[0], To: e[1], Kind: EdgeFerry, Modes: Ferry, LengthKm: km, Hours: h,
				Country: b.nodes[e[0]].Country, Country2: b.nodes[e[1]].Country, Feature: b.nodes[e[1]].Feature,
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// access joins node v, side of crossing i in country code, to its network:
// a road crossing or port to its nearest settlements and to the road
// vertex chosen for it (road modes); a rail crossing to the railway vertex
// chosen for it (rail only).
func (bd *corridorBuilder) access(v int64, code string, mode geo.CrossingMode, i, side int) {
	if mode == geo.ModeRail {
		if w, ok := bd.crossVert[[2]int{i, side}]; ok {
			u := bd.rails.verts[w].node
			km := geo.DistanceKm(bd.b.nodes[v].Point, bd.b.nodes[u].Point) * bd.s.LocalCircuity
			bd.link(v, u, EdgeRail, Rail, km, bd.s.LocalKmh, code, "")
		}
		return
	}
	p := bd.b.nodes[v].Point
	for _, j := range bd.settle[code].near(p, bd.s.AccessLinks, bd.s.AccessReachKm, bd.s.MaxLinkKm, -1) {
		bd.localLink(v, j, RoadModes, code)
	}
	if w, ok := bd.crossVert[[2]int{i, side}]; ok {
		bd.localLink(v, bd.roads.verts[w].node, RoadModes, code)
	}
}

// gaps adds a gap node per segment and the off-road links to it.
func (bd *corridorBuilder) gaps(segs []geo.Segment) {
	s, b := bd.s, bd.b
	vehicle := map[string]bool{}
	for _, p := range s.VehicleGapPairs {
		vehicle[p] = true
	}
	// The settlements each side links to, with the links' lengths.
	type gapLink struct {
		u  int64
		km float64
	}
	links := make([][2][]gapLink, len(segs))
	parallel.For(len(segs), 64, func(i int) {
		seg := segs[i]
		for k, code := range [2]string{seg.A, seg.B} {
			near := bd.settle[code].near(seg.Mid, s.GapLinks, s.GapReachKm, s.MaxLinkKm, -1)
			links[i][k] = make([]gapLink, len(near))
			for j, u := range near {
				links[i][k][j] = gapLink{u, geo.DistanceKm(b.nodes[u].Point, seg.Mid) * s.OffRoadCircuity}
			}
		}
	})
	for i, seg := range segs {
		modes := Foot | Horse
		if vehicle[seg.A+"-"+seg.B] {
			modes |= Vehicle
		}
		gp := b.AddNode(Node{Kind: NodeGap, Name: seg.ID, Point: seg.Mid, Feature: seg.ID})
		for k, side := range [2][2]string{{seg.A, seg.B}, {seg.B, seg.A}} {
			near, far := side[0], side[1]
			for _, l := range links[i][k] {
				u, km := l.u, l.km
				h := km / s.OffRoadKmh
				for _, e := range []Edge{
					{From: u, To: gp, Country: near, Country2: far},
					{From: gp, To: u, Country: near},
				} {
					e.Kind, e.Modes, e.LengthKm, e.Hours, e.Feature = EdgeGap, modes, km, h, seg.ID
					if _, err := b.AddEdge(e); err != nil {
						panic("route: internal error: " + err.Error())
					}
				}
			}
		}
	}
}
