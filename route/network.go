package route

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// A lineNetwork is a road or railway layer being turned into graph edges:
// its lines split by country, noded, and their vertices.
type lineNetwork struct {
	layer  string // "roads" or "railways"
	rail   bool
	lines  []netLine
	verts  []vertex
	vid    map[vkey]int
	free   map[string]*siteIndex // vertices not at a settlement, by country; ids are vertex IDs
	all    map[string]*siteIndex // every vertex, by country
	joins  [][2]int64            // settlement node, vertex ID: links to make
	onNet  map[int64]bool        // settlements that are vertices of the network
	pieces map[[2]int64][]orb.LineString
}

type netLine struct {
	name    string
	country string
	kmh     float64
	modes   Modes
	line    orb.LineString
	vs      []int // vertex ID of each point
}

type vkey struct {
	p       orb.Point
	country string
}

type vertex struct {
	p       orb.Point
	country string
	uses    int   // ends count twice: a vertex used twice or more is a node
	wanted  bool  // a node because a settlement or crossing joins it
	node    int64 // node ID once emitted, or the settlement it lies on; -1 none
	settled bool  // node is a settlement
}

// newNetwork checks the lines of a layer, splits them where their country
// changes, nodes them and finds the vertices that settlements join.
func (bd *corridorBuilder) newNetwork(layer string, roads []geo.Road, rail bool) (*lineNetwork, error) {
	if len(roads) == 0 {
		return nil, nil
	}
	nw := &lineNetwork{layer: layer, rail: rail, vid: map[vkey]int{}, onNet: map[int64]bool{}}
	var all *siteIndex // every settlement, for lines without a country
	for i, r := range roads {
		if len(r.Line) < 2 {
			return nil, fmt.Errorf("%w: %s %d (%q): a line of %d points", ErrBadEdge, layer, i, r.ID, len(r.Line))
		}
		for j, p := range r.Line {
			if !finiteLonLat(p) {
				return nil, fmt.Errorf("%w: %s %d (%q): point %d is %v, not a finite lon/lat", ErrBadEdge, layer, i, r.ID, j, p)
			}
		}
		if !(r.MaxSpeedKmh >= 0) || math.IsInf(r.MaxSpeedKmh, 0) {
			return nil, fmt.Errorf("%w: %s %d (%q): maxspeed %v km/h: must be a finite number ≥ 0", ErrBadEdge, layer, i, r.ID, r.MaxSpeedKmh)
		}
		name := r.Name
		if name == "" {
			name = r.ID
		}
		modes := RoadModes
		if rail {
			modes = Rail
		} else if footClasses[normClass(r.Class)] {
			modes = Foot | Horse
		}
		base := netLine{name: name, kmh: bd.s.speedKmh(r.Class, r.MaxSpeedKmh), modes: modes}
		countries := make([]string, len(r.Line))
		for j, p := range r.Line {
			countries[j] = r.Country
			if r.Country == "" {
				if all == nil {
					var err error
					if all, err = bd.allSettlements(); err != nil {
						return nil, err
					}
				}
				nb := all.nearest(p, 1, math.Inf(1), -1)
				if len(nb) == 0 {
					return nil, fmt.Errorf("%w: %s %d (%q): no country, and no settlement to take it from", ErrBadEdge, layer, i, r.ID)
				}
				countries[j] = bd.b.nodes[nb[0]].Country
			}
		}
		// One line per run of one country: where a line passes into
		// another country, the border is passed at an official crossing.
		for lo := 0; lo < len(r.Line); {
			hi := lo + 1
			for hi < len(r.Line) && countries[hi] == countries[lo] {
				hi++
			}
			if hi-lo >= 2 {
				l := base
				l.country = countries[lo]
				l.line = slices.Clone(r.Line[lo:hi])
				nw.lines = append(nw.lines, l)
			}
			lo = hi
		}
	}
	if bd.s.NodeCrossings {
		nw.nodeCrossings()
	}
	// Vertices, and the settlements that lie on them.
	at := map[vkey]int64{}
	for i := len(bd.c.Settlements) - 1; i >= 0; i-- {
		x := bd.c.Settlements[i]
		at[vkey{x.Point, x.Country}] = int64(i)
	}
	for li := range nw.lines {
		l := &nw.lines[li]
		l.vs = make([]int, len(l.line))
		for j, p := range l.line {
			k := vkey{p, l.country}
			v, ok := nw.vid[k]
			if !ok {
				v = len(nw.verts)
				nw.vid[k] = v
				nw.verts = append(nw.verts, vertex{p: p, country: l.country, node: -1})
				if s, ok := at[k]; ok {
					nw.verts[v].node, nw.verts[v].settled = s, true
					nw.onNet[s] = true
				}
			}
			l.vs[j] = v
			nw.verts[v].uses++
		}
		nw.verts[l.vs[0]].uses++
		nw.verts[l.vs[len(l.vs)-1]].uses++
		if l.vs[0] == l.vs[len(l.vs)-1] && len(l.vs) > 2 {
			nw.verts[l.vs[len(l.vs)/2]].wanted = true // a ring: node its middle too
		}
	}
	// Indexes over the vertices of each country.
	freePts, freeIDs := map[string][]orb.Point{}, map[string][]int64{}
	allPts, allIDs := map[string][]orb.Point{}, map[string][]int64{}
	for v, x := range nw.verts {
		allPts[x.country] = append(allPts[x.country], x.p)
		allIDs[x.country] = append(allIDs[x.country], int64(v))
		if !x.settled {
			freePts[x.country] = append(freePts[x.country], x.p)
			freeIDs[x.country] = append(freeIDs[x.country], int64(v))
		}
	}
	var err error
	if nw.free, err = indexes(freePts, freeIDs); err != nil {
		return nil, err
	}
	if nw.all, err = indexes(allPts, allIDs); err != nil {
		return nil, err
	}
	// Settlements off the network join its nearest vertices: roads with
	// RoadLinks links, railways (stations) with one within StationReachKm.
	for i, x := range bd.c.Settlements {
		s := int64(i)
		if nw.onNet[s] {
			continue
		}
		var vs []int64
		if rail {
			vs = nw.free[x.Country].near(x.Point, 1, bd.s.StationReachKm, 0, -1)
		} else {
			vs = nw.free[x.Country].near(x.Point, bd.s.RoadLinks, bd.s.RoadReachKm, bd.s.MaxLinkKm, -1)
		}
		for _, v := range vs {
			nw.verts[v].wanted = true
			nw.joins = append(nw.joins, [2]int64{s, v})
		}
	}
	return nw, nil
}

func indexes(pts map[string][]orb.Point, ids map[string][]int64) (map[string]*siteIndex, error) {
	out := map[string]*siteIndex{}
	for code := range pts {
		si, err := newSiteIndex(pts[code], ids[code])
		if err != nil {
			return nil, err
		}
		out[code] = si
	}
	return out, nil
}

// allSettlements returns an index over every settlement node.
func (bd *corridorBuilder) allSettlements() (*siteIndex, error) {
	pts := make([]orb.Point, len(bd.c.Settlements))
	ids := make([]int64, len(pts))
	for i, x := range bd.c.Settlements {
		pts[i], ids[i] = x.Point, int64(i)
	}
	return newSiteIndex(pts, ids)
}

// emit adds the junction nodes of nw, its edges between consecutive nodes
// along each line, and the links of settlements to it.
func (bd *corridorBuilder) emit(nw *lineNetwork) error {
	if nw == nil {
		return nil
	}
	b := bd.b
	for v := range nw.verts {
		x := &nw.verts[v]
		if x.node < 0 && (x.uses >= 2 || x.wanted) {
			x.node = b.AddNode(Node{Kind: NodeJunction, Country: x.country, Point: x.p})
		}
	}
	kind := EdgeRoad
	if nw.rail {
		kind = EdgeRail
	}
	seen := map[uint64][]orb.LineString{}
	for _, l := range nw.lines {
		from := nw.verts[l.vs[0]].node
		part := orb.LineString{l.line[0]}
		for j := 1; j < len(l.line); j++ {
			part = append(part, l.line[j])
			to := nw.verts[l.vs[j]].node
			if to < 0 {
				continue
			}
			if to != from && !seenPiece(seen, from, to, part) {
				km := geo.LineLengthKm(part) * bd.s.RoadCircuity
				rev := slices.Clone(part)
				slices.Reverse(rev)
				for _, e := range []Edge{{From: from, To: to, Line: part}, {From: to, To: from, Line: rev}} {
					e.Kind, e.Modes, e.LengthKm, e.Hours, e.Country, e.Feature = kind, l.modes, km, km/l.kmh, l.country, l.name
					if _, err := b.AddEdge(e); err != nil {
						return err
					}
				}
				if l.modes&RoadModes != 0 {
					bd.pairs[pairKey(from, to)] = true
				}
			}
			from = to
			part = orb.LineString{l.line[j]}
		}
	}
	for _, j := range nw.joins {
		s, v := j[0], nw.verts[j[1]].node
		if nw.rail {
			km := geo.DistanceKm(b.nodes[s].Point, b.nodes[v].Point) * bd.s.LocalCircuity
			bd.link(s, v, EdgeRail, Rail, km, bd.s.LocalKmh, b.nodes[s].Country, "")
		} else if !bd.pairs[pairKey(s, v)] {
			bd.localLink(s, v, RoadModes, b.nodes[s].Country)
		}
	}
	return nil
}

// seenPiece reports whether the piece from→to along part (or its reverse)
// was emitted already, and records it if not: two highways that share a
// stretch make its edges once.
func seenPiece(seen map[uint64][]orb.LineString, from, to int64, part orb.LineString) bool {
	k := pairKey(from, to)
	fwd := part
	if from > to {
		fwd = slices.Clone(part)
		slices.Reverse(fwd)
	}
	for _, q := range seen[k] {
		if slices.Equal(q, fwd) {
			return true
		}
	}
	seen[k] = append(seen[k], slices.Clone(fwd))
	return false
}

// nodeCrossings inserts a shared vertex wherever two segments of lines of
// one country cross or one touches another's interior, so that the lines
// meet at a node there. Segments are bucketed on a grid; coordinates are
// treated as planar within a segment, which is exact enough for roads.
func (nw *lineNetwork) nodeCrossings() {
	type seg struct {
		line, i int
	}
	byCountry := map[string][]seg{}
	var sizes []float64
	for li, l := range nw.lines {
		for i := 0; i+1 < len(l.line); i++ {
			byCountry[l.country] = append(byCountry[l.country], seg{li, i})
			a, b := l.line[i], l.line[i+1]
			sizes = append(sizes, math.Max(math.Abs(a[0]-b[0]), math.Abs(a[1]-b[1])))
		}
	}
	sort.Float64s(sizes)
	cell := math.Max(2*sizes[len(sizes)/2], 1e-4)
	type ins struct {
		t float64
		p orb.Point
	}
	inserts := map[[2]int][]ins{} // (line, segment) → points to insert
	codes := make([]string, 0, len(byCountry))
	for c := range byCountry {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, code := range codes {
		segs := byCountry[code]
		grid := map[[2]int][]int{}
		cellOf := func(x float64) int { return int(math.Floor(x / cell)) }
		for k, s := range segs {
			a, b := nw.lines[s.line].line[s.i], nw.lines[s.line].line[s.i+1]
			for cx := cellOf(math.Min(a[0], b[0])); cx <= cellOf(math.Max(a[0], b[0])); cx++ {
				for cy := cellOf(math.Min(a[1], b[1])); cy <= cellOf(math.Max(a[1], b[1])); cy++ {
					grid[[2]int{cx, cy}] = append(grid[[2]int{cx, cy}], k)
				}
			}
		}
		done := map[[2]int]bool{}
		cells := make([][2]int, 0, len(grid))
		for c := range grid {
			cells = append(cells, c)
		}
		sort.Slice(cells, func(i, j int) bool {
			return cells[i][0] < cells[j][0] || cells[i][0] == cells[j][0] && cells[i][1] < cells[j][1]
		})
		for _, c := range cells {
			ks := grid[c]
			for x := 0; x < len(ks); x++ {
				for y := x + 1; y < len(ks); y++ {
					p, q := ks[x], ks[y]
					if done[[2]int{p, q}] {
						continue
					}
					done[[2]int{p, q}] = true
					s1, s2 := segs[p], segs[q]
					l1, l2 := nw.lines[s1.line].line, nw.lines[s2.line].line
					a, b, cc, d := l1[s1.i], l1[s1.i+1], l2[s2.i], l2[s2.i+1]
					t, u, ok := segmentIntersection(a, b, cc, d)
					if !ok {
						continue
					}
					// The crossing point, exactly a vertex where it is one.
					var pt orb.Point
					switch {
					case t == 0:
						pt = a
					case t == 1:
						pt = b
					case u == 0:
						pt = cc
					case u == 1:
						pt = d
					default:
						pt = orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
					}
					if t > 0 && t < 1 {
						k := [2]int{s1.line, s1.i}
						inserts[k] = append(inserts[k], ins{t, pt})
					}
					if u > 0 && u < 1 {
						k := [2]int{s2.line, s2.i}
						inserts[k] = append(inserts[k], ins{u, pt})
					}
				}
			}
		}
	}
	if len(inserts) == 0 {
		return
	}
	for li := range nw.lines {
		l := &nw.lines[li]
		out := orb.LineString{l.line[0]}
		for i := 0; i+1 < len(l.line); i++ {
			add := inserts[[2]int{li, i}]
			sort.SliceStable(add, func(a, b int) bool { return add[a].t < add[b].t })
			for _, x := range add {
				if x.p != out[len(out)-1] {
					out = append(out, x.p)
				}
			}
			if l.line[i+1] != out[len(out)-1] {
				out = append(out, l.line[i+1])
			}
		}
		l.line = out
	}
}

// segmentIntersection returns the parameters t on ab and u on cd of the
// point where the segments meet, snapped to 0 or 1 within rounding, and
// false when they do not meet or are parallel.
func segmentIntersection(a, b, c, d orb.Point) (t, u float64, ok bool) {
	r := orb.Point{b[0] - a[0], b[1] - a[1]}
	s := orb.Point{d[0] - c[0], d[1] - c[1]}
	den := r[0]*s[1] - r[1]*s[0]
	if den == 0 {
		return 0, 0, false
	}
	ca := orb.Point{c[0] - a[0], c[1] - a[1]}
	t = (ca[0]*s[1] - ca[1]*s[0]) / den
	u = (ca[0]*r[1] - ca[1]*r[0]) / den
	const eps = 1e-9
	snap := func(x float64) float64 {
		if math.Abs(x) < eps {
			return 0
		}
		if math.Abs(x-1) < eps {
			return 1
		}
		return x
	}
	t, u = snap(t), snap(u)
	if t < 0 || t > 1 || u < 0 || u > 1 {
		return 0, 0, false
	}
	if (t == 0 || t == 1) && (u == 0 || u == 1) {
		return 0, 0, false // a shared end: already a shared vertex (or no meeting)
	}
	return t, u, true
}

// chooseCrossingVertices picks, for each side of every open crossing and
// each port, the network vertex it joins: the nearest road vertex not at a
// settlement (road crossings and ports; settlements join them anyway), or
// the nearest railway vertex (rail crossings), within AccessReachKm.
func (bd *corridorBuilder) chooseCrossingVertices() error {
	bd.crossVert = map[[2]int]int64{}
	for i, x := range bd.c.Crossings {
		if x.Regime == geo.RegimeClosed && !bd.s.IncludeClosed {
			continue
		}
		for side, code := range []string{x.A, x.B} {
			if code == "" {
				continue
			}
			var v []int64
			switch {
			case x.Mode == geo.ModeRail && bd.rails != nil:
				v = bd.rails.all[code].near(x.Point, 1, bd.s.AccessReachKm, bd.s.MaxLinkKm, -1)
				if len(v) == 1 {
					bd.rails.verts[v[0]].wanted = true
				}
			case x.Mode != geo.ModeRail && bd.roads != nil:
				v = bd.roads.free[code].near(x.Point, 1, bd.s.AccessReachKm, 0, -1)
				if len(v) == 1 {
					bd.roads.verts[v[0]].wanted = true
				}
			}
			if len(v) == 1 {
				bd.crossVert[[2]int{i, side}] = v[0]
			}
		}
	}
	return nil
}
