package route

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// Settings sets how Build turns a corridor into a graph. A nil *Settings,
// and every zero field, means the default named in the field's comment.
// Speeds, circuity factors and link counts are assumptions, documented as
// such, to be replaced by better local knowledge.
type Settings struct {
	// RoadCircuity is the ratio of road length to geodesic length on a
	// trunk highway link. Zero means 1.2 (an assumption: trunk roads on the
	// steppe run nearly straight, mountain roads wind more).
	RoadCircuity float64
	// LocalCircuity is that ratio on local links between nearby places and
	// on the access links of crossings. Zero means 1.3 (an assumption).
	LocalCircuity float64
	// OffRoadCircuity is that ratio on the off-road links to and from gap
	// points. Zero means 1.5 (an assumption: tracks across rough ground).
	OffRoadCircuity float64
	// SeaCircuity is that ratio on ferry links. Zero means 1.1.
	SeaCircuity float64

	// TrunkKmh is the travel speed on trunk highway links and roads of a
	// road layer, in km/h. Zero means 60 (a loaded truck with stops).
	TrunkKmh float64
	// LocalKmh is the speed on local and access links. Zero means 40.
	LocalKmh float64
	// OffRoadKmh is the speed of foot and horse traffic off road, the time
	// of gap edges. Zero means 4.
	OffRoadKmh float64
	// RailKmh is the speed on railway links. Zero means 40.
	RailKmh float64
	// FerryKmh is the speed of a Caspian ferry. Zero means 20.
	FerryKmh float64
	// CrossingHours is the time to pass an official crossing. Zero means 2.
	CrossingHours float64
	// PortHours is the time a ferry link adds for waiting and loading at the
	// ports (Caspian ro-ro ferries sail when full, not to a timetable).
	// Zero means 24.
	PortHours float64

	// LocalLinks is the number of nearest same-country settlements each
	// settlement is linked to. Zero means 4; negative means none.
	LocalLinks int
	// LocalRadiusKm is the farthest a local link reaches. A settlement with
	// no neighbour within it is linked to its nearest one at any distance up
	// to MaxLinkKm, so that no settlement is cut off. Zero means 60.
	LocalRadiusKm float64
	// AccessLinks is the number of nearest settlements of its own country
	// that each side of a crossing, and each port, is linked to. Zero means 3.
	AccessLinks int
	// AccessReachKm is the farthest an access link reaches (but see
	// MaxLinkKm). Zero means 50.
	AccessReachKm float64
	// GapLinks is the number of nearest settlements on each side of a
	// border segment linked to its gap point. Zero means 3.
	GapLinks int
	// GapReachKm is the farthest a gap link reaches; a side with no
	// settlement within it is linked to its nearest one up to MaxLinkKm.
	// Zero means 40.
	GapReachKm float64
	// MaxLinkKm is the farthest any fallback link reaches. Zero means 150.
	MaxLinkKm float64
	// ConnectKm is the farthest a link made to join the pieces of a
	// country's road network reaches: after the highways and local links,
	// the pieces are joined by the shortest links between them (a minimum
	// spanning forest, Kruskal's algorithm), so that every settlement is
	// reachable by road within its country. Zero means 400; negative means
	// no joining (only with a trunk network, not a road layer).
	ConnectKm float64

	// VehicleGapPairs are the border pairs ("KAZ-KGZ", A < B) whose gaps
	// vehicles can cross as well as foot and horse traffic. Nil means
	// DefaultVehicleGapPairs; an empty slice means none.
	VehicleGapPairs []string
	// IncludeClosed makes closed crossings (regime "closed") part of the
	// graph. False (the zero value) leaves them out.
	IncludeClosed bool

	// Highways is the trunk network used when the corridor has no road
	// layer. Nil means DefaultHighways; an empty slice means none (local
	// links only).
	Highways []Highway
	// Ferries are the ferry links, as pairs of port crossing IDs, each
	// sailed both ways. Nil means every pair of sea ports (crossings of mode
	// ferry with no second country) in different countries.
	Ferries [][2]string
	// Origins and Destinations are the named places of the graph. Nil means
	// DefaultOrigins and DefaultDestinations; an empty slice means none. A
	// town that is not found is an error.
	Origins, Destinations []Town
	// MatchKm is how far a settlement may lie from a Town's Near position
	// and still match it. Zero means 50.
	MatchKm float64
}

// DefaultVehicleGapPairs are the borders whose gaps vehicles cross in the
// default settings: the open steppe of Kazakhstan's borders with
// Kyrgyzstan (where vehicles drive round checkpoints, see DESIGN.md),
// Uzbekistan and Russia. An assumption.
var DefaultVehicleGapPairs = []string{"KAZ-KGZ", "KAZ-RUS", "KAZ-UZB"}

// resolved returns the settings with every default filled in.
func (s *Settings) resolved() (Settings, error) {
	var r Settings
	if s != nil {
		r = *s
	}
	type num struct {
		name string
		p    *float64
		def  float64
		min  float64 // value must be ≥ min (circuity ≥ 1)
	}
	for _, f := range []num{
		{"RoadCircuity", &r.RoadCircuity, 1.2, 1}, {"LocalCircuity", &r.LocalCircuity, 1.3, 1},
		{"OffRoadCircuity", &r.OffRoadCircuity, 1.5, 1}, {"SeaCircuity", &r.SeaCircuity, 1.1, 1},
		{"TrunkKmh", &r.TrunkKmh, 60, 0}, {"LocalKmh", &r.LocalKmh, 40, 0},
		{"OffRoadKmh", &r.OffRoadKmh, 4, 0}, {"RailKmh", &r.RailKmh, 40, 0},
		{"FerryKmh", &r.FerryKmh, 20, 0}, {"CrossingHours", &r.CrossingHours, 2, 0},
		{"PortHours", &r.PortHours, 24, 0}, {"LocalRadiusKm", &r.LocalRadiusKm, 60, 0},
		{"AccessReachKm", &r.AccessReachKm, 50, 0}, {"GapReachKm", &r.GapReachKm, 40, 0},
		{"MaxLinkKm", &r.MaxLinkKm, 150, 0}, {"MatchKm", &r.MatchKm, 50, 0},
	} {
		if *f.p == 0 {
			*f.p = f.def
		}
		if !(*f.p >= f.min) || math.IsInf(*f.p, 0) || (f.min == 0 && *f.p <= 0) {
			return r, fmt.Errorf("%w: %s is %v: must be a finite number %s", ErrBadSettings, f.name, *f.p,
				map[bool]string{true: "≥ 1", false: "> 0"}[f.min == 1])
		}
	}
	if r.ConnectKm == 0 {
		r.ConnectKm = 400
	}
	if math.IsNaN(r.ConnectKm) || math.IsInf(r.ConnectKm, 0) {
		return r, fmt.Errorf("%w: ConnectKm is %v: must be a finite number", ErrBadSettings, r.ConnectKm)
	}
	if r.LocalLinks == 0 {
		r.LocalLinks = 4
	}
	if r.AccessLinks <= 0 {
		r.AccessLinks = 3
	}
	if r.GapLinks <= 0 {
		r.GapLinks = 3
	}
	if r.VehicleGapPairs == nil {
		r.VehicleGapPairs = DefaultVehicleGapPairs
	}
	if r.Highways == nil {
		r.Highways = DefaultHighways
	}
	if r.Origins == nil {
		r.Origins = DefaultOrigins
	}
	if r.Destinations == nil {
		r.Destinations = DefaultDestinations
	}
	return r, nil
}

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
// (from (*geo.Corridor).Segments), weighted by edge length in km.
//
// Nodes, in this order: the settlements (in the corridor's order); the
// junctions of the road layer, if any; the two sides of every official
// crossing, or the one node of a sea port; the gap point of every
// segment, at its midpoint. Edges: roads within each country (the road
// layer, or else the trunk highways of s.Highways plus local links between
// nearby settlements); access links joining each crossing side and port to
// the nearest settlements of its country; the crossings, both ways; the
// off-road gap links; and the ferry links between ports. Every link is
// made both ways. It returns an error naming the feature for a settlement,
// crossing or segment whose point is not a finite lon/lat, a crossing with
// an unknown mode or no country, a road of fewer than two points, a town of
// the highways or places that is not among the settlements, or bad
// settings.
func Build(c *geo.Corridor, segs []geo.Segment, s *Settings) (*Graph, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: nil corridor", ErrBadParameter)
	}
	st, err := s.resolved()
	if err != nil {
		return nil, err
	}
	bd := &corridorBuilder{c: c, s: st, b: NewBuilder(), pairs: map[[2]int64]bool{}}
	return bd.build(segs)
}

type corridorBuilder struct {
	c      *geo.Corridor
	s      Settings
	b      *Builder
	towns  *townMatcher
	settle map[string]*pointSet // settlements by country → node = index in c.Settlements
	pairs  map[[2]int64]bool    // node pairs joined by a road or local link
}

func (bd *corridorBuilder) build(segs []geo.Segment) (*Graph, error) {
	c, s, b := bd.c, bd.s, bd.b
	bd.settle = map[string]*pointSet{}
	byCountry := map[string][]int{}
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
	pts := make([]orb.Point, len(c.Settlements))
	for i, x := range c.Settlements {
		b.AddNode(Node{Kind: NodeSettlement, Name: x.Name, Country: x.Country, Point: x.Point, Feature: x.ID})
		byCountry[x.Country] = append(byCountry[x.Country], i)
		pts[i] = x.Point
	}
	for code, idx := range byCountry {
		bd.settle[code] = newPointSet(pts, idx)
	}
	bd.towns = newTownMatcher(c.Settlements, s.MatchKm)
	if c.Roads != nil {
		if err := bd.roadLayer(); err != nil {
			return nil, err
		}
	} else {
		if err := bd.trunk(); err != nil {
			return nil, err
		}
		bd.local()
		bd.connect()
	}
	if err := bd.crossings(); err != nil {
		return nil, err
	}
	bd.gaps(segs)
	g := b.Graph()
	orig, err := bd.places(s.Origins, "origin")
	if err != nil {
		return nil, err
	}
	dest, err := bd.places(s.Destinations, "destination")
	if err != nil {
		return nil, err
	}
	g.orig, g.dest = orig, dest
	return g, nil
}

// link adds the edges u→v and v→u.
func (bd *corridorBuilder) link(u, v int64, kind EdgeKind, modes Modes, circuity, kmh, extraHours float64, country, feature string) {
	if u == v {
		return
	}
	pu, pv := bd.b.nodes[u].Point, bd.b.nodes[v].Point
	km := geo.DistanceKm(pu, pv) * circuity
	h := km/kmh + extraHours
	for _, e := range [2][2]int64{{u, v}, {v, u}} {
		// Nodes and values are valid by construction.
		if _, err := bd.b.AddEdge(Edge{From: e[0], To: e[1], Kind: kind, Modes: modes, LengthKm: km, Hours: h, Country: country, Feature: feature}); err != nil {
			panic("route: internal error: " + err.Error())
		}
	}
	bd.pairs[pairKey(u, v)] = true
}

func pairKey(u, v int64) [2]int64 {
	if u > v {
		u, v = v, u
	}
	return [2]int64{u, v}
}

func (bd *corridorBuilder) trunk() error {
	for _, h := range bd.s.Highways {
		modes, kmh, circ := RoadModes, bd.s.TrunkKmh, bd.s.RoadCircuity
		switch h.Kind {
		case EdgeRoad:
		case EdgeRail:
			modes, kmh = Rail, bd.s.RailKmh
		default:
			return fmt.Errorf("%w: highway %q: kind %v: must be road or rail", ErrBadSettings, h.Name, h.Kind)
		}
		prev := int64(-1)
		for _, t := range h.Towns {
			i, err := bd.towns.find(t, "highway "+h.Name)
			if err != nil {
				return err
			}
			cur := int64(i)
			if prev >= 0 && bd.b.nodes[prev].Country == bd.b.nodes[cur].Country && !bd.pairs[pairKey(prev, cur)] {
				bd.link(prev, cur, h.Kind, modes, circ, kmh, 0, bd.b.nodes[cur].Country, h.Name)
			}
			prev = cur
		}
	}
	return nil
}

// local links each settlement to its nearest same-country neighbours.
func (bd *corridorBuilder) local() {
	if bd.s.LocalLinks < 0 {
		return
	}
	for i, x := range bd.c.Settlements {
		ps := bd.settle[x.Country]
		nb := ps.nearest(x.Point, bd.s.LocalLinks, bd.s.LocalRadiusKm, i)
		if len(nb) == 0 {
			nb = ps.nearest(x.Point, 1, bd.s.MaxLinkKm, i)
		}
		for _, j := range nb {
			if !bd.pairs[pairKey(int64(i), int64(j))] {
				bd.link(int64(i), int64(j), EdgeLocal, RoadModes, bd.s.LocalCircuity, bd.s.LocalKmh, 0, x.Country, "")
			}
		}
	}
}

// connect joins the pieces of each country's road network by the shortest
// links between them, up to ConnectKm long.
func (bd *corridorBuilder) connect() {
	if bd.s.ConnectKm < 0 {
		return
	}
	sets := bd.c.Settlements
	uf := newUnionFind(len(sets))
	for k := range bd.pairs {
		if k[0] < int64(len(sets)) && k[1] < int64(len(sets)) {
			uf.union(int(k[0]), int(k[1]))
		}
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
		ps := bd.settle[code]
		for round := 0; ; round++ {
			// Candidate links: each settlement of a piece other than the
			// largest to its nearest settlements outside its piece.
			size := map[int]int{}
			for _, i := range ps.idx {
				size[uf.find(i)]++
			}
			if len(size) <= 1 {
				break
			}
			var cands []cand
			for _, i := range ps.idx {
				ri := uf.find(i)
				k := 8 << (2 * round)
				for _, j := range ps.nearest(sets[i].Point, k, bd.s.ConnectKm, i) {
					if uf.find(j) != ri {
						cands = append(cands, cand{min(i, j), max(i, j), geo.DistanceKm(sets[i].Point, sets[j].Point)})
						break
					}
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
					bd.link(int64(c.i), int64(c.j), EdgeLocal, RoadModes, bd.s.LocalCircuity, bd.s.LocalKmh, 0, code, "")
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

// roadLayer adds a junction at each end of every road and at every vertex
// that roads share, road edges between consecutive junctions along each
// road, and links from each settlement to its nearest junctions.
func (bd *corridorBuilder) roadLayer() error {
	c, b := bd.c, bd.b
	count := map[orb.Point]int{}
	for i, r := range c.Roads {
		if len(r.Line) < 2 {
			return fmt.Errorf("%w: road %d (%q): a line of %d points", ErrBadEdge, i, r.ID, len(r.Line))
		}
		if r.Country == "" {
			return fmt.Errorf("%w: road %d (%q): no country", ErrBadEdge, i, r.ID)
		}
		for j, p := range r.Line {
			if !finiteLonLat(p) {
				return fmt.Errorf("%w: road %d (%q): point %d is %v", ErrBadEdge, i, r.ID, j, p)
			}
			count[p]++
		}
		count[r.Line[0]]++
		count[r.Line[len(r.Line)-1]]++
	}
	type jkey struct {
		p       orb.Point
		country string
	}
	junction := map[jkey]int64{}
	jNodes := map[string][]int64{} // junction nodes by country
	node := func(p orb.Point, country string) int64 {
		k := jkey{p, country}
		if id, ok := junction[k]; ok {
			return id
		}
		id := b.AddNode(Node{Kind: NodeJunction, Country: country, Point: p})
		junction[k] = id
		jNodes[country] = append(jNodes[country], id)
		return id
	}
	for _, r := range c.Roads {
		name := r.Name
		if name == "" {
			name = r.ID
		}
		from := node(r.Line[0], r.Country)
		part := orb.LineString{r.Line[0]}
		for j := 1; j < len(r.Line); j++ {
			part = append(part, r.Line[j])
			if j < len(r.Line)-1 && count[r.Line[j]] < 2 {
				continue
			}
			to := node(r.Line[j], r.Country)
			if to != from {
				km := geo.LineLengthKm(part)
				rev := slices.Clone(part)
				slices.Reverse(rev)
				for _, e := range []Edge{
					{From: from, To: to, Line: part},
					{From: to, To: from, Line: rev},
				} {
					e.Kind, e.Modes, e.LengthKm, e.Hours, e.Country, e.Feature = EdgeRoad, RoadModes, km, km/bd.s.TrunkKmh, r.Country, name
					if _, err := b.AddEdge(e); err != nil {
						return err
					}
				}
			}
			from = to
			part = orb.LineString{r.Line[j]}
		}
	}
	// Settlements to their nearest junctions.
	near := map[string]*pointSet{} // over jNodes[country]
	for code, ids := range jNodes {
		pts := make([]orb.Point, len(ids))
		idx := make([]int, len(ids))
		for j, id := range ids {
			pts[j] = b.nodes[id].Point
			idx[j] = j
		}
		near[code] = newPointSet(pts, idx)
	}
	for i, x := range c.Settlements {
		ps := near[x.Country]
		if ps == nil {
			continue
		}
		nb := ps.nearest(x.Point, 2, bd.s.LocalRadiusKm, -1)
		if len(nb) == 0 {
			nb = ps.nearest(x.Point, 1, bd.s.MaxLinkKm, -1)
		}
		for _, j := range nb {
			bd.link(int64(i), jNodes[x.Country][j], EdgeLocal, RoadModes, bd.s.LocalCircuity, bd.s.LocalKmh, 0, x.Country, "")
		}
	}
	return nil
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
			return fmt.Errorf("%w: crossing %d (%q): point %v", ErrBadEdge, i, x.ID, x.Point)
		}
		access := RoadModes | modes&Rail
		if x.B == "" {
			p := b.AddNode(Node{Kind: NodeCrossingSide, Name: x.Name, Country: x.A, Point: x.Point, Feature: x.ID})
			bd.access(p, x.A, access)
			if x.Mode == geo.ModeFerry {
				ports = append(ports, p)
				portOf[x.ID] = p
			}
			continue
		}
		a := b.AddNode(Node{Kind: NodeCrossingSide, Name: x.Name, Country: x.A, Point: x.Point, Feature: x.ID})
		bb := b.AddNode(Node{Kind: NodeCrossingSide, Name: x.Name, Country: x.B, Point: x.Point, Feature: x.ID})
		bd.access(a, x.A, access)
		bd.access(bb, x.B, access)
		for _, e := range []Edge{
			{From: a, To: bb, Country: x.A, Country2: x.B},
			{From: bb, To: a, Country: x.B, Country2: x.A},
		} {
			e.Kind, e.Modes, e.Hours, e.Feature = EdgeCrossing, modes, s.CrossingHours, x.ID
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
				return fmt.Errorf("%w: ferry %s – %s: not a pair of open sea ports of the corridor", ErrBadSettings, f[0], f[1])
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

// access links node v of country code to its nearest settlements.
func (bd *corridorBuilder) access(v int64, code string, modes Modes) {
	ps := bd.settle[code]
	if ps == nil {
		return
	}
	p := bd.b.nodes[v].Point
	nb := ps.nearest(p, bd.s.AccessLinks, bd.s.AccessReachKm, -1)
	if len(nb) == 0 {
		nb = ps.nearest(p, 1, bd.s.MaxLinkKm, -1)
	}
	for _, j := range nb {
		bd.link(v, int64(j), EdgeLocal, modes, bd.s.LocalCircuity, bd.s.LocalKmh, 0, code, "")
	}
}

// gaps adds a gap node per segment and the off-road links to it.
func (bd *corridorBuilder) gaps(segs []geo.Segment) {
	s, b := bd.s, bd.b
	vehicle := map[string]bool{}
	for _, p := range s.VehicleGapPairs {
		vehicle[p] = true
	}
	for _, seg := range segs {
		modes := Foot | Horse
		if vehicle[seg.A+"-"+seg.B] {
			modes |= Vehicle
		}
		gp := b.AddNode(Node{Kind: NodeGap, Name: seg.ID, Point: seg.Mid, Feature: seg.ID})
		for _, side := range [2][2]string{{seg.A, seg.B}, {seg.B, seg.A}} {
			near, far := side[0], side[1]
			ps := bd.settle[near]
			if ps == nil {
				continue
			}
			nb := ps.nearest(seg.Mid, s.GapLinks, s.GapReachKm, -1)
			if len(nb) == 0 {
				nb = ps.nearest(seg.Mid, 1, s.MaxLinkKm, -1)
			}
			for _, j := range nb {
				u := int64(j)
				km := geo.DistanceKm(b.nodes[u].Point, seg.Mid) * s.OffRoadCircuity
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

func (bd *corridorBuilder) places(towns []Town, what string) ([]Place, error) {
	out := make([]Place, 0, len(towns))
	for _, t := range towns {
		if !finiteNonNeg(t.Weight) {
			return nil, fmt.Errorf("%w: %s %q: weight %v: must be a finite number ≥ 0", ErrBadSettings, what, t.Name, t.Weight)
		}
		i, err := bd.towns.find(t, what)
		if err != nil {
			return nil, err
		}
		out = append(out, Place{Name: t.Name, Node: int64(i), Weight: t.Weight})
	}
	return out, nil
}

// pointSet answers nearest-point queries over a subset of points by
// scanning outward in latitude order: a difference in latitude is a lower
// bound on the great-circle distance.
type pointSet struct {
	idx []int // indexes into all, sorted by latitude
	lat []float64
	all []orb.Point
}

// kmPerDegree is the length of one degree of latitude on orb's sphere.
var kmPerDegree = orb.EarthRadius / 1000 * math.Pi / 180

func newPointSet(all []orb.Point, idx []int) *pointSet {
	ps := &pointSet{idx: append([]int(nil), idx...), all: all}
	sort.SliceStable(ps.idx, func(i, j int) bool { return all[ps.idx[i]][1] < all[ps.idx[j]][1] })
	ps.lat = make([]float64, len(ps.idx))
	for i, j := range ps.idx {
		ps.lat[i] = all[j][1]
	}
	return ps
}

// nearest returns up to k indexes into ps.all of points within radiusKm of
// p, nearest first (ties: lower index), leaving out skip.
func (ps *pointSet) nearest(p orb.Point, k int, radiusKm float64, skip int) []int {
	type hit struct {
		i  int
		km float64
	}
	var hits []hit
	limit := func() float64 {
		if len(hits) < k {
			return radiusKm
		}
		return math.Min(radiusKm, hits[len(hits)-1].km)
	}
	add := func(i int) {
		if i == skip {
			return
		}
		km := geo.DistanceKm(p, ps.all[i])
		if km > radiusKm {
			return
		}
		h := hit{i, km}
		at := sort.Search(len(hits), func(j int) bool {
			return hits[j].km > km || (hits[j].km == km && hits[j].i > i)
		})
		if at >= k {
			return
		}
		hits = slices.Insert(hits, at, h)
		if len(hits) > k {
			hits = hits[:k]
		}
	}
	mid := sort.SearchFloat64s(ps.lat, p[1])
	for lo, hi := mid-1, mid; lo >= 0 || hi < len(ps.idx); {
		progressed := false
		if hi < len(ps.idx) && (ps.lat[hi]-p[1])*kmPerDegree <= limit() {
			add(ps.idx[hi])
			hi++
			progressed = true
		}
		if lo >= 0 && (p[1]-ps.lat[lo])*kmPerDegree <= limit() {
			add(ps.idx[lo])
			lo--
			progressed = true
		}
		if !progressed {
			break
		}
	}
	out := make([]int, len(hits))
	for i, h := range hits {
		out[i] = h.i
	}
	return out
}
