package risk

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"

	par "github.com/routerisk/routerisk/internal/parallel"
	"github.com/routerisk/routerisk/internal/textdist"
	"github.com/routerisk/routerisk/route"
)

// A Route is one of the best routes of a carrier from an origin to a
// destination, with its interdiction probability and, inside a Result, its
// flow.
type Route struct {
	Rank        int    // 1-based rank by tonnes among all routes of a Result; 0 outside one
	Carrier     string // the carrier's name
	Commodity   string // the commodity's name; "" without Settings.Commodities
	Origin      string // place names
	Destination string
	Choice      int // 1-based position among the best routes of its pair, by cost
	Path        route.Path
	P           Prob     // interdiction probability 1 − Π(1 − p_e)
	LengthKm    float64  // from the path
	Hours       float64  // travel time, with Settings.HandoverHours at every border passage
	Cost        float64  // −ln(1 − P) + β·Hours, what the smuggler minimises
	PathSize    float64  // path-size overlap factor in (0,1]: 1 when no edge is shared with another route of the pair
	Share       float64  // share of the pair's flow (logit over the pair's routes)
	Tonnes      float64  // flow that starts on the route, t a year
	SeizedKg    float64  // expected seizures along it, kg a year
	Crossings   []string // IDs of the official crossings used, in order
	Gaps        []string // IDs of the border segments crossed off the crossings, in order
	Via         []string // the crossings and gaps together, in the order crossed
	Countries   []string // countries passed, in order

	nest int // index of the route's nest (its sequence of countries) within its pair
}

// KBest returns the k best routes (zero k means the settings' K) of the
// named carrier from origin to destination (graph node IDs), best first:
// those that minimise −ln(evasion) + β·hours, by route.KShortest (Yen).
func (m *Model) KBest(carrier string, origin, destination int64, k int) ([]Route, error) {
	t, err := m.carrier(carrier)
	if err != nil {
		return nil, err
	}
	if k == 0 {
		k = m.settings.K
	}
	if k < 0 || k > MaxK {
		return nil, fmt.Errorf("%w: k %d: want 0..%d", ErrBadParam, k, MaxK)
	}
	if err := m.checkNodes(origin, destination); err != nil {
		return nil, err
	}
	paths, err := route.KShortest(t.graph, []int64{origin}, []int64{destination}, k, t.modes)
	return m.pricedRoutes(t, origin, destination, paths, err)
}

// Best returns the best route of the named carrier from origin to
// destination: the highest evasion probability for its travel time.
func (m *Model) Best(carrier string, origin, destination int64) (Route, error) {
	rs, err := m.KBest(carrier, origin, destination, 1)
	if err != nil {
		return Route{}, err
	}
	if len(rs) == 0 {
		return Route{}, fmt.Errorf("%w: %s from node %d to %d", ErrNoRoute, carrier, origin, destination)
	}
	return rs[0], nil
}

// checkNodes returns an error unless origin and destination are nodes of
// the graph.
func (m *Model) checkNodes(origin, destination int64) error {
	n := int64(m.graph.NumNodes())
	if origin < 0 || origin >= n || destination < 0 || destination >= n {
		return fmt.Errorf("%w: nodes %d → %d of %d", ErrBadParam, origin, destination, n)
	}
	return nil
}

// pricedRoutes returns the paths of carrier t from origin to destination as
// priced routes without flow; a non-nil err, from finding the paths, is
// returned as ErrNoRoute.
func (m *Model) pricedRoutes(t *carrierTable, origin, destination int64, paths []route.Path, err error) ([]Route, error) {
	from, to := m.graph.NodeAt(origin).Name, m.graph.NodeAt(destination).Name
	if err != nil {
		return nil, fmt.Errorf("%w: %s from %s to %s: %w", ErrNoRoute, t.Name, from, to, err)
	}
	ci := slices.Index(m.carriers, t)
	rs := m.routesOf(ci, from, to, origin, paths)
	for i := range rs {
		priceRoute(m, ci, 1, &rs[i])
	}
	return rs, nil
}

// routesOf turns the paths from node from into routes with the countries
// they pass, the crossings and gaps they use and their path-size factors,
// not yet priced. A path without nodes (byBorder's without lines) makes a
// route without crossings and gaps too, which complete adds.
func (m *Model) routesOf(ci int, origin, destination string, from int64, paths []route.Path) []Route {
	rs := make([]Route, len(paths))
	// uses[e]: how many of the paths use edge e, counted once per path
	// (stamp[e]: the last path counted, 1-based).
	sc, _ := usesPool.Get().(*usesScratch)
	if sc == nil {
		sc = new(usesScratch)
	}
	defer usesPool.Put(sc)
	if len(sc.uses) < len(m.edges) {
		sc.uses, sc.stamp = make([]int32, len(m.edges)), make([]int32, len(m.edges))
	}
	uses, stamp := sc.uses, sc.stamp
	touched := sc.touched[:0]
	for i, p := range paths {
		for _, e := range p.Edges {
			if stamp[e] != int32(i+1) {
				stamp[e] = int32(i + 1)
				if uses[e] == 0 {
					touched = append(touched, e)
				}
				uses[e]++
			}
		}
	}
	defer func() {
		for _, e := range touched {
			uses[e], stamp[e] = 0, 0
		}
		sc.touched = touched[:0]
	}()
	// Crossings, Gaps, Via and Countries of all the routes share one array,
	// each capped at its length; nil when empty, as append leaves them.
	// counts[i]: route i's crossings, gaps and countries.
	counts := sc.counts[:0]
	size := 0
	for i, p := range paths {
		r := &rs[i]
		*r = Route{
			Carrier: m.carriers[ci].Name, Origin: origin, Destination: destination, Choice: i + 1,
			Path: p, LengthKm: p.LengthKm, Hours: p.Hours, PathSize: 1,
		}
		var total, ps float64
		var nk int32
		last := m.nodeCountryIx[from]
		if last >= 0 {
			nk++
		}
		for _, e := range p.Edges {
			md := &m.meta[e]
			total += md.km
			if md.border {
				r.Hours += m.settings.HandoverHours
			}
			for _, c := range [2]int32{md.country, md.country2} {
				if c >= 0 && c != last {
					nk++
					last = c
				}
			}
		}
		if total > 0 {
			for _, e := range p.Edges {
				ps += m.meta[e].km / total / float64(uses[e])
			}
			r.PathSize = ps
		}
		var nc, ng int
		if p.Nodes != nil {
			nc, ng = m.viaCounts(p.Edges)
		}
		counts = append(counts, [3]int32{int32(nc), int32(ng), nk})
		size += 2*(nc+ng) + int(nk)
	}
	sc.counts = counts[:0]
	buf := make([]string, size)
	for i, p := range paths {
		r := &rs[i]
		nc, ng, nk := int(counts[i][0]), int(counts[i][1]), int(counts[i][2])
		n := 2*(nc+ng) + nk
		b := buf[:n:n]
		buf = buf[n:]
		m.setVia(r, b, nc, ng)
		if nk > 0 {
			r.Countries = b[2*(nc+ng) : 2*(nc+ng) : n]
		}
		last := m.nodeCountryIx[from]
		if last >= 0 {
			r.Countries = append(r.Countries, m.countries[last])
		}
		for _, e := range p.Edges {
			md := &m.meta[e]
			for _, c := range [2]int32{md.country, md.country2} {
				if c >= 0 && c != last {
					r.Countries = append(r.Countries, m.countries[c])
					last = c
				}
			}
		}
	}
	// Nests: routes through the same countries in the same order (first:
	// the first route of each nest).
	var first []int
	for i := range rs {
		n := slices.IndexFunc(first, func(j int) bool { return slices.Equal(rs[j].Countries, rs[i].Countries) })
		if n < 0 {
			n = len(first)
			first = append(first, i)
		}
		rs[i].nest = n
	}
	return rs
}

// viaCounts returns how many of edges are official crossings and how many
// enter gaps.
func (m *Model) viaCounts(edges []int) (nc, ng int) {
	for _, e := range edges {
		switch m.meta[e].feat {
		case featCrossing:
			nc++
		case featGap:
			ng++
		}
	}
	return nc, ng
}

// setVia sets r's Via, Crossings and Gaps to the crossings and gaps its
// path uses, in order, in b, which has room for the 2·(nc+ng) of them
// (viaCounts); each list is capped at its length and nil when empty, as
// append leaves them.
func (m *Model) setVia(r *Route, b []string, nc, ng int) {
	n := nc + ng
	if n == 0 {
		return
	}
	r.Via = b[0:0:n]
	if nc > 0 {
		r.Crossings = b[n : n : n+nc]
	}
	if ng > 0 {
		r.Gaps = b[n+nc : n+nc : 2*n]
	}
	for _, e := range r.Path.Edges {
		switch m.meta[e].feat {
		case featCrossing:
			r.Crossings = append(r.Crossings, m.edges[e].feature)
			r.Via = append(r.Via, m.edges[e].feature)
		case featGap:
			r.Gaps = append(r.Gaps, m.edges[e].feature)
			r.Via = append(r.Via, m.edges[e].feature)
		}
	}
}

// A usesScratch holds routesOf's counts by edge, zero between calls.
type usesScratch struct {
	uses, stamp []int32
	touched     []int
	counts      [][3]int32
}

// usesPool holds routesOf's counts for reuse by the many pairs of a plan.
var usesPool sync.Pool // of *usesScratch

// A pairPlan is the flow of one carrier between one origin and one
// destination and its candidate routes.
type pairPlan struct {
	carrier     int
	commodity   int     // index in Settings.Commodities, −1 for none
	factor      float64 // the commodity's DetectionFactor, 1 for none
	origin      string
	destination string
	from, to    int64 // the places' nodes
	tonnes      float64
	routes      []Route
}

// plan holds the candidate routes of every pair.
type plan struct {
	pairs          []pairPlan
	unrouted       []string
	unroutedTonnes float64
}

// A treeKey names the tree of the carrier being routed from (or, back,
// to) a node.
type treeKey struct {
	node int64
	back bool
}

// plan finds the k best routes of every carrier between every origin and
// destination with the model's weights. Pairs are routed in parallel and
// kept in a fixed order.
func (m *Model) plan() (*plan, error) {
	pls, err := m.plans([]int{m.settings.K}, true)
	if err != nil {
		return nil, err
	}
	return pls[0], nil
}

// plans returns the plans of the model with k routes per choice set for
// each k of ks (what plan returns under settings whose K is k): the
// trees of ChoiceByBorder are built once, and byBorder finds the sets of
// all ks in one pass where it can. Without lines, ChoiceByBorder's routes
// have no Line, Nodes, Via, Crossings or Gaps (see complete), for plans
// whose routes reach no Result.
func (m *Model) plans(ks []int, lines bool) ([]*plan, error) {
	origins, dests := m.graph.Origins(), m.graph.Destinations()
	if len(origins) == 0 || len(dests) == 0 {
		return nil, fmt.Errorf("%w: the graph has %d origins and %d destinations", ErrNoRoute, len(origins), len(dests))
	}
	flows, err := m.commodityFlows(origins, dests)
	if err != nil {
		return nil, err
	}
	pl := &plan{}
	for ci, t := range m.carriers {
		for _, f := range flows {
			for i, o := range origins {
				for j, d := range dests {
					tonnes := f.tonnes * t.share * f.ow[i] * f.dw[j]
					if tonnes == 0 || o.Node == d.Node {
						continue
					}
					pl.pairs = append(pl.pairs, pairPlan{carrier: ci, commodity: f.index, factor: f.factor,
						origin: o.Name, destination: d.Name, from: o.Node, to: d.Node, tonnes: tonnes})
				}
			}
		}
	}
	// Commodities share the choice sets of their carrier and places: each
	// set is found once.
	type setKey struct {
		carrier  int
		from, to int64
	}
	setOf := map[setKey]int{}         // index in uniq
	var uniq []int                    // the first pair of each set
	set := make([]int, len(pl.pairs)) // index in uniq of each pair's set
	for i, p := range pl.pairs {
		k := setKey{p.carrier, p.from, p.to}
		u, ok := setOf[k]
		if !ok {
			u = len(uniq)
			setOf[k] = u
			uniq = append(uniq, i)
		}
		set[i] = u
	}
	sets := make([][][]Route, 0, len(uniq)) // by set, by k
	uerrs := make([]error, 0, len(uniq))    // by set
	var mask []bool
	if m.settings.Choice == ChoiceByBorder {
		mask = m.borderMask()
	}
	// The sets are found carrier by carrier (the pairs, and so the sets,
	// come in the carriers' order), so that only one carrier's trees are
	// held at a time and the next carrier's reuse their arrays.
	for lo := 0; lo < len(uniq); {
		ci := pl.pairs[uniq[lo]].carrier
		hi := lo + 1
		for hi < len(uniq) && pl.pairs[uniq[hi]].carrier == ci {
			hi++
		}
		rs, errs, err := m.carrierSets(ci, pl.pairs, uniq[lo:hi], ks, lines, mask)
		if err != nil {
			return nil, err
		}
		sets, uerrs = append(sets, rs...), append(uerrs, errs...)
		lo = hi
	}
	errs := make([]error, len(pl.pairs))
	for i, u := range set {
		errs[i] = uerrs[u]
	}
	out := make([]*plan, len(ks))
	for ki := range ks {
		q := &plan{pairs: slices.Clone(pl.pairs)}
		for i := range q.pairs {
			q.pairs[i].routes = sets[set[i]][ki]
		}
		if err := q.keep(m, errs); err != nil {
			return nil, err
		}
		out[ki] = q
	}
	return out, nil
}

// carrierSets returns the choice sets of carrier ci between the places
// of each pair firsts names (indices in pairs), by pair and by k of ks,
// with each pair's error. For ChoiceByBorder (mask: borderMask) it first
// makes one tree from each origin and one to each destination, shared by
// the pairs and released once their sets are found; it fails only when a
// tree cannot be made.
func (m *Model) carrierSets(ci int, pairs []pairPlan, firsts, ks []int, lines bool, mask []bool) ([][][]Route, []error, error) {
	t := m.carriers[ci]
	var borders *borderSet
	treeOf := map[treeKey]*borderTree{}
	if m.settings.Choice == ChoiceByBorder {
		borders = m.borderList(t)
		var keys []treeKey
		for _, i := range firsts {
			for _, k := range [2]treeKey{{pairs[i].from, false}, {pairs[i].to, true}} {
				if _, ok := treeOf[k]; !ok {
					treeOf[k] = nil
					keys = append(keys, k)
				}
			}
		}
		trees := make([]*borderTree, len(keys))
		errs := parallel(len(keys), func(i int) error {
			tr, err := t.tree(keys[i].node, keys[i].back)
			if err == nil {
				trees[i] = m.newBorderTree(tr, keys[i].back, mask)
			}
			return err
		})
		// The routes hold nothing of the trees.
		defer func() {
			for _, bt := range trees {
				if bt != nil {
					bt.release()
				}
			}
		}()
		for i, k := range keys {
			if errs[i] != nil {
				return nil, nil, errs[i]
			}
			treeOf[k] = trees[i]
		}
	}
	sets := make([][][]Route, len(firsts))
	errs := parallel(len(firsts), func(u int) error {
		p := &pairs[firsts[u]]
		sets[u] = make([][]Route, len(ks))
		paths, err := m.choiceSets(t, p.from, p.to, treeOf[treeKey{p.from, false}], treeOf[treeKey{p.to, true}], borders, ks, lines)
		if err != nil {
			return err
		}
		for i := range ks {
			sets[u][i] = m.routesOf(ci, p.origin, p.destination, p.from, paths[i])
		}
		return nil
	})
	return sets, errs, nil
}

// keep drops from pl the pairs without routes, or whose choice set failed
// (errs, by pair) with route.ErrNoPath, as unrouted; it returns any other
// error.
func (pl *plan) keep(m *Model, errs []error) error {
	kept := pl.pairs[:0]
	for i, p := range pl.pairs {
		switch {
		case errs[i] != nil && !errors.Is(errs[i], route.ErrNoPath):
			return fmt.Errorf("risk: %s from %s to %s: %w", m.carriers[p.carrier].Name, p.origin, p.destination, errs[i])
		case errs[i] != nil || len(p.routes) == 0:
			what := m.carriers[p.carrier].Name
			if p.commodity >= 0 {
				what += " " + m.settings.Commodities[p.commodity].Name
			}
			pl.unrouted = append(pl.unrouted, fmt.Sprintf("%s: %s → %s", what, p.origin, p.destination))
			pl.unroutedTonnes += p.tonnes
		default:
			kept = append(kept, p)
		}
	}
	pl.pairs = kept
	return nil
}

// A commodityFlow is the flow of one commodity (index −1: the settings'
// FlowTonnes) with its origin and destination weights.
type commodityFlow struct {
	index  int
	tonnes float64
	factor float64
	ow, dw []float64 // by origin and by destination, each adding up to 1
}

// commodityFlows returns the flows of the settings' commodities, or one
// flow of FlowTonnes, over the origins and destinations weighted by the
// commodity's Origins and Destinations, or by the places' own weights.
func (m *Model) commodityFlows(origins, dests []route.Place) ([]commodityFlow, error) {
	wo, err := placeWeights(origins, "origin")
	if err != nil {
		return nil, err
	}
	wd, err := placeWeights(dests, "destination")
	if err != nil {
		return nil, err
	}
	s := &m.settings
	if len(s.Commodities) == 0 {
		return []commodityFlow{{index: -1, tonnes: s.FlowTonnes, factor: 1, ow: wo, dw: wd}}, nil
	}
	var out []commodityFlow
	for i, c := range s.Commodities {
		f := commodityFlow{index: i, tonnes: c.FlowTonnes, factor: c.DetectionFactor, ow: wo, dw: wd}
		if f.factor == 0 {
			f.factor = 1
		}
		if c.Origins != nil {
			if f.ow, err = namedWeights(origins, c.Origins); err != nil {
				return nil, fmt.Errorf("%w: Commodities[%d] %q: origin %w", ErrBadParam, i, c.Name, err)
			}
		}
		if c.Destinations != nil {
			if f.dw, err = namedWeights(dests, c.Destinations); err != nil {
				return nil, fmt.Errorf("%w: Commodities[%d] %q: destination %w", ErrBadParam, i, c.Name, err)
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// nearestPlace returns ` (nearest: "X")` for the place X whose name is
// closest to name in edit distance, or "" when there are no places.
func nearestPlace(ps []route.Place, name string) string {
	best, bestD := "", -1
	for _, p := range ps {
		if d := textdist.Levenshtein(name, p.Name); bestD < 0 || d < bestD {
			best, bestD = p.Name, d
		}
	}
	if bestD < 0 {
		return ""
	}
	return fmt.Sprintf(" (nearest: %q)", best)
}

// errNotPlace is returned by namedWeights for a name no place has.
var errNotPlace = errors.New("is not a place of the graph")

// namedWeights returns, by place, the weights of w given by place name,
// normalised to add up to 1 (w adds up to more than 0, as Validate checks).
func namedWeights(ps []route.Place, w map[string]float64) ([]float64, error) {
	out := make([]float64, len(ps))
	var sum float64
	for _, name := range sortedKeys(w) {
		found := false
		for j, p := range ps {
			if p.Name == name {
				out[j] += w[name]
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("%q %w%s", name, errNotPlace, nearestPlace(ps, name))
		}
		sum += w[name]
	}
	for j := range out {
		out[j] /= sum
	}
	return out, nil
}

// parallel runs f(0..n-1) on up to GOMAXPROCS goroutines, each taking
// the next index in turn, and returns the errors by index.
func parallel(n int, f func(i int) error) []error {
	errs := make([]error, n)
	par.For(n, 1, func(i int) { errs[i] = f(i) })
	return errs
}

// choiceSets returns the candidate paths of carrier t from one node to
// another for each k of ks, by the settings' Choice (ChoiceByBorder
// through trees given by the caller, with lines only if lines).
func (m *Model) choiceSets(t *carrierTable, from, to int64, fwd, bwd *borderTree, borders *borderSet, ks []int, lines bool) ([][]route.Path, error) {
	if m.settings.Choice == ChoiceByBorder {
		return m.byBorder(t, fwd, bwd, ks, borders, lines)
	}
	out := make([][]route.Path, len(ks))
	for i, k := range ks {
		var err error
		if m.settings.Choice == ChoiceKBest {
			out[i], err = route.KShortest(t.graph, []int64{from}, []int64{to}, k, t.modes)
		} else {
			out[i], err = route.Diverse(t.graph, []int64{from}, []int64{to}, k, m.settings.MaxOverlap, t.modes)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// tree returns the tree of carrier t's shortest paths from node, or with
// back, to node (route.ShortestTo).
func (t *carrierTable) tree(node int64, back bool) (*route.Tree, error) {
	if back {
		return route.ShortestTo(t.graph, node, t.modes)
	}
	return route.ShortestFrom(t.graph, node, t.modes)
}

// A borderTree is a shortest-path tree of route with, for every node, the
// border edges on its tree path, held as a trie: nodes whose paths cross
// the same borders share a trie node, so that byBorder tells candidates
// apart by their border edges without walking them.
type borderTree struct {
	*route.Tree
	node []int32     // by graph node: its trie node, 0 for none crossed
	trie []trieEntry // 0 is the empty sequence
	// depth is a node's number of edges from the root; in and out number
	// the nodes in depth-first order (out: the last number in its
	// subtree), so that u lies on v's path to the root when
	// in[u] ≤ in[v] ≤ out[u]. Unreached nodes have in −1 (and their
	// entries in node and depth mean nothing).
	depth, in, out []int32

	// part holds, by index in a borderSet, the tree's part of the cost of
	// the best path through each border edge: dist(root, from) + w(edge)
	// for a ShortestFrom tree, dist(to, root) for a ShortestTo tree; made
	// on first use (partOnce), for the carrier's weights.
	part     []float64
	partOnce sync.Once
}

// parts returns bt.part for the borders of bs, made on first use; weight
// is the carrier's weights by edge ID.
func (bt *borderTree) parts(bs *borderSet, weight []float64, back bool) []float64 {
	bt.partOnce.Do(func() {
		bt.part = slices.Grow(bt.part[:0], len(bs.list))[:len(bs.list)]
		for i, b := range bs.list {
			if back {
				bt.part[i] = bt.Dist(b.to)
			} else {
				bt.part[i] = bt.Dist(b.from) + weight[b.edge]
			}
		}
	})
	return bt.part
}

// onPath reports whether node u lies on the tree path between the root
// and node v.
func (bt *borderTree) onPath(u, v int64) bool {
	return bt.in[u] >= 0 && bt.in[u] <= bt.in[v] && bt.in[v] <= bt.out[u]
}

// A trieEntry is a sequence of border edges: for a ShortestFrom tree its
// parent's sequence followed by edge, for a ShortestTo tree edge followed
// by its parent's sequence.
type trieEntry struct {
	parent int32
	edge   int32
	hash   uint64 // Σ (edge_i+1)·B^(n−1−i) mod 2⁶⁴ over the sequence
	pow    uint64 // B^n, n the sequence's length
}

// hashBase is B, an odd 64-bit constant (the golden ratio's bits).
const hashBase = 0x9e3779b97f4a7c15

// newBorderTree returns tr with the trie of the border edges on its paths
// (isBorder by edge ID) and its depth-first numbers, in O(V) time: the
// nodes are visited in the order the search settled them, each after its
// parent, whose entry it extends when the edge between them is a border
// edge; the subtree sizes, added up in the reverse order, give each child
// its range of numbers within its parent's.
func (m *Model) newBorderTree(tr *route.Tree, back bool, isBorder []bool) *borderTree {
	n := m.graph.NumNodes()
	bt, _ := borderTreePool.Get().(*borderTree)
	if bt == nil {
		bt = new(borderTree)
	}
	bt.Tree, bt.trie = tr, append(bt.trie[:0], trieEntry{parent: -1, edge: -1, pow: 1})
	bt.node, bt.depth, bt.in, bt.out = resize(bt.node, n), resize(bt.depth, n), resize(bt.in, n), resize(bt.out, n)
	bt.part, bt.partOnce = bt.part[:0], sync.Once{}
	tmp, _ := treeTmpPool.Get().(*treeTmp)
	if tmp == nil {
		tmp = new(treeTmp)
	}
	defer treeTmpPool.Put(tmp)
	tmp.order = tr.Reached(tmp.order[:0])
	order := tmp.order
	tmp.parent = resize(tmp.parent, n)
	tmp.free = resize(tmp.free, n)
	parent, free := tmp.parent, tmp.free
	size := bt.out // the subtree sizes, until out is set from them
	for v := range bt.in {
		bt.in[v] = -1
	}
	root := order[0]
	bt.depth[root], bt.node[root], parent[root], size[root] = 0, 0, -1, 1
	for _, v := range order[1:] {
		u := int32(tr.Parent(v))
		parent[v], size[v] = u, 1
		bt.depth[v] = bt.depth[u] + 1
		bt.node[v] = bt.node[u]
		if e := tr.Pred(v); isBorder[e] {
			pi := bt.node[u]
			p := bt.trie[pi]
			te := trieEntry{parent: pi, edge: int32(e), pow: p.pow * hashBase}
			if back {
				te.hash = uint64(e+1)*p.pow + p.hash
			} else {
				te.hash = p.hash*hashBase + uint64(e+1)
			}
			bt.node[v] = int32(len(bt.trie))
			bt.trie = append(bt.trie, te)
		}
	}
	for i := len(order) - 1; i > 0; i-- {
		v := order[i]
		size[parent[v]] += size[v]
	}
	// Numbers: the root 0; each child the next free number of its parent
	// (free), which then skips the child's subtree.
	bt.in[root], free[root] = 0, 1
	for _, v := range order[1:] {
		u := parent[v]
		bt.in[v] = free[u]
		free[u] += size[v]
		free[v] = bt.in[v] + 1
	}
	for _, v := range order {
		size[v] = bt.in[v] + size[v] - 1 // out: the last number in v's subtree
	}
	return bt
}

// borderTreePool holds the border trees of finished plans for their
// arrays (release puts them back).
var borderTreePool sync.Pool // of *borderTree

// release gives bt's arrays, and its tree's, back for the next
// newBorderTree and search; bt must not be used after.
func (bt *borderTree) release() {
	if bt.Tree != nil {
		bt.Tree.Release()
	}
	bt.Tree = nil
	borderTreePool.Put(bt)
}

// A treeTmp holds newBorderTree's buffers.
type treeTmp struct {
	order        []int64
	parent, free []int32
}

// treeTmpPool holds newBorderTree's buffers for the many trees of a plan.
var treeTmpPool sync.Pool // of *treeTmp

// resize returns s with length n, reusing its array when it can; the
// contents are not cleared.
func resize(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

// borderMask returns, by edge ID, whether the edge is a border edge.
func (m *Model) borderMask() []bool {
	mask := make([]bool, len(m.edges))
	for _, e := range m.borderEdges {
		mask[e] = true
	}
	return mask
}

// simpleVia reports whether the path of fwd's tree to node x, then an
// edge from x to y, then bwd's tree path from y, visits every node at most
// once: whether no node of the shorter tree part lies on the other.
func simpleVia(m *Model, fwd, bwd *borderTree, x, y int64) bool {
	if bwd.depth[y] <= fwd.depth[x] {
		for u := y; ; {
			if fwd.onPath(u, x) {
				return false
			}
			if u = bwd.Parent(u); u < 0 {
				return true
			}
		}
	}
	for u := x; ; {
		if bwd.onPath(u, y) {
			return false
		}
		if u = fwd.Parent(u); u < 0 {
			return true
		}
	}
}

// turnsBack reports whether the path of fwd's tree to node x, then an edge
// from x to y, then bwd's tree path from y, turns back at the edge: y is
// on the first part or x on the last. Such a path is not simple (simpleVia
// says so too, by a walk); this test is O(1).
func turnsBack(fwd, bwd *borderTree, x, y int64) bool {
	return fwd.onPath(y, x) || bwd.onPath(x, y)
}

// appendSeq appends the border edges of trie entry i in travel order.
func (bt *borderTree) appendSeq(dst []int32, i int32, back bool) []int32 {
	n := len(dst)
	for ; i > 0; i = bt.trie[i].parent {
		dst = append(dst, bt.trie[i].edge)
	}
	if !back {
		slices.Reverse(dst[n:])
	}
	return dst
}

// byBorder returns, for each k of ks, up to k paths from the root of fwd
// (a ShortestFrom tree) to the root of bwd (a ShortestTo tree), cheapest
// first. The candidates are, for every border edge (crossing, ferry, gap
// entry) e, the best path through e, dist(from, e) + w(e) + dist(e, to).
// First come the cheapest candidates over each border out of the origin's
// country and into the destination's, then the cheapest candidates left;
// a path that visits a node twice, or uses the same border edges as one
// kept, is skipped.
//
// A candidate's border edges are known from the trees' tries without
// walking its path, and whether it visits a node twice from one walk of
// the shorter tree part; only the paths kept are built, and their lines
// only if lines.
func (m *Model) byBorder(t *carrierTable, fwd, bwd *borderTree, ks []int, bs *borderSet, lines bool) ([][]route.Path, error) {
	start, to := fwd.From(), bwd.From()
	if math.IsInf(fwd.Dist(to), 1) {
		return nil, fmt.Errorf("%w: from node %d to node %d", route.ErrNoPath, start, to)
	}
	// First the cheapest route over each border out of the origin's country
	// and over each border into the destination's country, so that every
	// way through the region stays a choice; then the cheapest of the rest,
	// of which only the first few are needed: they come off a heap.
	first, last := m.nodeCountryIx[start], m.nodeCountryIx[to]
	sc, _ := scratchPool.Get().(*borderScratch)
	if sc == nil {
		sc = new(borderScratch)
	}
	defer scratchPool.Put(sc)
	fp, bp := fwd.parts(bs, t.weight, false), bwd.parts(bs, nil, true)
	leads, leadKeys := sc.leads[:0], sc.leadKeys[:0] // few: searched in turn
	for _, idx := range [2][]int32{bs.byCountry(first), bs.byCountry2(last)} {
		for _, i := range idx {
			b := &bs.list[i]
			if b.country == b.country2 {
				continue
			}
			c := cand{b.edge, fp[i] + bp[i]}
			if math.IsInf(c.cost, 1) {
				continue
			}
			key := [2]int32{b.country, b.country2}
			if j := slices.Index(leadKeys, key); j < 0 {
				leads, leadKeys = append(leads, c), append(leadKeys, key)
			} else if c.less(leads[j]) {
				leads[j] = c
			}
		}
	}
	sc.leads, sc.leadKeys = leads, leadKeys
	slices.SortFunc(leads, cand.compare)
	picked := func(e int) bool { // by the whole lead, before the cut to k
		return slices.ContainsFunc(leads, func(c cand) bool { return c.edge == e })
	}
	// The sets of every k are prefixes of the largest's when every k keeps
	// the whole lead; otherwise each k is found alone.
	k, kmin := slices.Max(ks), slices.Min(ks)
	if len(leads) > kmin && kmin < k {
		out := make([][]route.Path, len(ks))
		for i, k := range ks {
			one, err := m.byBorder(t, fwd, bwd, []int{k}, bs, lines)
			if err != nil {
				return nil, err
			}
			out[i] = one[0]
		}
		return out, nil
	}
	lead := leads[:min(k, len(leads))]
	// The border sequences of the paths kept, end to end in seqs.
	paths := make([]route.Path, 0, k)
	type keptSeq struct {
		hash     uint64
		from, to int
	}
	var kept []keptSeq
	seqs := sc.seqs[:0]
	// The edges and nodes of the paths kept come from arrays with room for
	// the paths still wanted, were they as long as the tree path.
	var edgeBuf []int
	var nodeBuf []int64
	room := func() int { return (k - len(paths)) * (int(fwd.depth[to]) + 1) }
	try := func(c cand) {
		if c.edge >= 0 && turnsBack(fwd, bwd, m.edges[c.edge].from, m.edges[c.edge].to) {
			return
		}
		// The candidate's border edges: fwd's to the edge, the edge, bwd's
		// from it.
		var a, b int32
		h := fwd.trie[fwd.node[to]].hash
		if c.edge >= 0 {
			ed := &m.edges[c.edge]
			a, b = fwd.node[ed.from], bwd.node[ed.to]
			h = (fwd.trie[a].hash*hashBase+uint64(c.edge+1))*bwd.trie[b].pow + bwd.trie[b].hash
		} else {
			a = fwd.node[to]
		}
		n := len(seqs)
		seqs = fwd.appendSeq(seqs, a, false)
		if c.edge >= 0 {
			seqs = append(seqs, int32(c.edge))
			seqs = bwd.appendSeq(seqs, b, true)
		}
		for _, s := range kept {
			if s.hash == h && slices.Equal(seqs[s.from:s.to], seqs[n:]) {
				seqs = seqs[:n]
				return
			}
		}
		// A tree path is simple; a path through an edge is tested before it
		// is built.
		var edges []int
		if c.edge < 0 {
			edges, _ = fwd.EdgesTo(to, take(&edgeBuf, int(fwd.depth[to]), room()))
		} else {
			ed := &m.edges[c.edge]
			if !simpleVia(m, fwd, bwd, ed.from, ed.to) {
				seqs = seqs[:n]
				return
			}
			edges, _ = fwd.EdgesTo(ed.from, take(&edgeBuf, int(fwd.depth[ed.from]+1+bwd.depth[ed.to]), room()))
			edges = append(edges, c.edge)
			edges, _ = bwd.EdgesTo(ed.to, edges)
		}
		var nodes []int64 // none without lines: complete adds them
		if lines {
			nodes = take(&nodeBuf, len(edges)+1, room())
		}
		p := m.makePath(t, start, edges, nodes)
		if lines {
			p.Line = m.graph.PathLine(start, edges)
		}
		kept = append(kept, keptSeq{h, n, len(seqs)})
		paths = append(paths, p)
	}
	for _, c := range lead {
		if len(paths) < k {
			try(c)
		}
	}
	// The rest in order: the cheapest few, and only when they do not make
	// k paths all the others, off a heap.
	all := cand{edge: -1, cost: fwd.Dist(to)}
	nFew := topFew(k, len(lead))
	few := sc.few.least(nFew, all, fp, bp, bs, fwd, bwd)
	for _, c := range few {
		if len(paths) >= k {
			break
		}
		if c.edge < 0 || !picked(c.edge) {
			try(c)
		}
	}
	cands := sc.cands[:0]
	if len(paths) < k && len(few) == nFew {
		// Perhaps more candidates than the few: those after the last.
		lastFew := few[len(few)-1]
		if lastFew.less(all) {
			cands = append(cands, all)
		}
		for i, b := range bs.list {
			if c := (cand{b.edge, fp[i] + bp[i]}); !math.IsInf(c.cost, 1) && lastFew.less(c) && !turnsBack(fwd, bwd, b.from, b.to) {
				cands = append(cands, c)
			}
		}
		cands.init()
		for len(paths) < k && len(cands) > 0 {
			if c := cands.pop(); c.edge < 0 || !picked(c.edge) {
				try(c)
			}
		}
	}
	sc.cands, sc.seqs = cands[:0], seqs[:0]
	// The sets of the smaller ks are copies of prefixes; the last set of
	// the largest k is paths itself, sorted after the copies are taken.
	out := make([][]route.Path, len(ks))
	own := 0 // the index of the largest k
	for i, ki := range ks {
		if ki == k {
			own = i
		}
	}
	for i, k := range ks {
		if i != own {
			out[i] = slices.Clone(paths[:min(k, len(paths))])
		}
	}
	out[own] = paths
	for i := range out {
		slices.SortStableFunc(out[i], func(a, b route.Path) int { return cmp.Compare(a.Weight, b.Weight) })
	}
	return out, nil
}

// edgesKey returns a key that tells sequences of edge IDs apart.
func edgesKey(edges []int) string {
	b := make([]byte, 0, 6*len(edges))
	for _, e := range edges {
		b = strconv.AppendInt(b, int64(e), 10)
		b = append(b, ',')
	}
	return string(b)
}

// A cand is a candidate path of byBorder: the best path through border
// edge edge (−1: the best path of all), of the given cost.
type cand struct {
	edge int
	cost float64
}

// compare orders candidates by cost, ties by edge ID: a total order, so the
// choice is deterministic.
func (a cand) compare(b cand) int {
	return cmp.Or(cmp.Compare(a.cost, b.cost), cmp.Compare(a.edge, b.edge))
}

// candHeap is a binary min-heap of candidates by compare.
type candHeap []cand

// init orders h as a heap in O(n).
func (h candHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// pop removes and returns the least candidate.
func (h *candHeap) pop() cand {
	old := *h
	n := len(old) - 1
	c := old[0]
	old[0] = old[n]
	*h = old[:n]
	if n > 0 {
		h.down(0)
	}
	return c
}

// down moves the candidate at i down to its place.
func (h candHeap) down(i int) {
	n := len(h)
	x := h[i]
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && h[r].less(h[l]) {
			l = r
		}
		if !h[l].less(x) {
			break
		}
		h[i] = h[l]
		i = l
	}
	h[i] = x
}

// less reports whether a comes before b: by cost, ties by edge ID.
func (a cand) less(b cand) bool {
	return a.cost < b.cost || (a.cost == b.cost && a.edge < b.edge)
}

// A borderScratch holds byBorder's buffers: a candidate slot for every
// border edge and the border sequences of the paths kept.
type borderScratch struct {
	cands    candHeap
	few      fewest
	seqs     []int32
	leads    []cand
	leadKeys [][2]int32
}

// topFew returns how many of the cheapest candidates byBorder takes in
// order before it orders all the others: enough, nearly always, for k
// paths after a lead of nLead and the duplicates skipped.
func topFew(k, nLead int) int { return 2*k + nLead + 8 }

// fewest keeps the n least candidates of a scan: a max-heap on
// cand.compare, so the greatest kept is at the root.
type fewest struct {
	h []cand
}

// least returns, in order, the n least of candidate all and the finite
// candidates fp[i] + bp[i] through each border i of bs that does not turn
// back on the trees fwd and bwd (all of them when they are fewer than n).
func (f *fewest) least(n int, all cand, fp, bp []float64, bs *borderSet, fwd, bwd *borderTree) []cand {
	if cap(f.h) != n {
		f.h = make([]cand, 0, n)
	}
	h := f.h[:0]
	add := func(c cand) {
		if len(h) < n {
			h = append(h, c)
			// Sift up.
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !h[p].less(h[i]) {
					break
				}
				h[p], h[i] = h[i], h[p]
				i = p
			}
			return
		}
		if !c.less(h[0]) {
			return
		}
		// Replace the root and sift down.
		i := 0
		for {
			l := 2*i + 1
			if l >= n {
				break
			}
			if r := l + 1; r < n && h[l].less(h[r]) {
				l = r
			}
			if !c.less(h[l]) {
				break
			}
			h[i] = h[l]
			i = l
		}
		h[i] = c
	}
	add(all)
	// bound: the greatest kept once n are kept; a candidate above it is
	// skipped before its border edge is looked at.
	bound := math.Inf(1)
	if len(h) == n {
		bound = h[0].cost
	}
	fp, bp = fp[:len(bs.list)], bp[:len(bs.list)]
	for i, f := range fp {
		cost := f + bp[i]
		if cost > bound || math.IsInf(cost, 1) {
			continue
		}
		if b := &bs.list[i]; !turnsBack(fwd, bwd, b.from, b.to) {
			add(cand{b.edge, cost})
			if len(h) == n {
				bound = h[0].cost
			}
		}
	}
	slices.SortFunc(h, cand.compare)
	f.h = h
	return h
}

// A borderEdge is a border edge with its ends and countries (indices).
type borderEdge struct {
	edge              int
	from, to          int64
	country, country2 int32
}

// A borderSet is the model's border edges for byBorder, with the indices
// of those out of each country and into each.
type borderSet struct {
	list []borderEdge
	// from[c+1] and into[c+1]: the indices in list of the edges whose
	// country, or country2, has index c (−1 for none).
	from, into [][]int32
}

// byCountry returns the indices of the border edges whose country has
// index c.
func (bs *borderSet) byCountry(c int32) []int32 { return bs.from[c+1] }

// byCountry2 returns the indices of the border edges whose second country
// has index c.
func (bs *borderSet) byCountry2(c int32) []int32 { return bs.into[c+1] }

// borderList returns the border edges carrier t can use (of finite
// weight) with their ends and countries, for byBorder: a path through any
// other costs +Inf, which byBorder skips, so that leaving them out changes
// no choice set and spares scanning them (most of the gaps, for a carrier
// by road or rail).
func (m *Model) borderList(t *carrierTable) *borderSet {
	bs := &borderSet{from: make([][]int32, len(m.countries)+1), into: make([][]int32, len(m.countries)+1)}
	for _, e := range m.borderEdges {
		if math.IsInf(t.weight[e], 1) {
			continue
		}
		ed := &m.edges[e]
		b := borderEdge{e, ed.from, ed.to, m.meta[e].country, m.meta[e].country2}
		i := int32(len(bs.list))
		bs.list = append(bs.list, b)
		bs.from[b.country+1] = append(bs.from[b.country+1], i)
		bs.into[b.country2+1] = append(bs.into[b.country2+1], i)
	}
	return bs
}

// scratchPool holds byBorder's buffers for reuse by the many pairs of a
// plan.
var scratchPool sync.Pool // of *borderScratch

// makePath returns the path along edges from node start with carrier t's
// weights, its nodes appended to nodes, or without nodes for nil nodes
// (complete adds them); the line is left to the caller (route's
// PathLine), for the paths it keeps.
func (m *Model) makePath(t *carrierTable, start int64, edges []int, nodes []int64) route.Path {
	p := route.Path{Edges: edges}
	if nodes != nil || len(edges) == 0 {
		p.Nodes = m.appendNodes(nodes, start, edges)
	}
	for _, e := range edges {
		ed := &m.edges[e]
		p.Weight += t.weight[e]
		p.LengthKm += ed.km
		p.Hours += ed.hours
	}
	return p
}

// appendNodes appends to dst the nodes of the path along edges from node
// start.
func (m *Model) appendNodes(dst []int64, start int64, edges []int) []int64 {
	dst = append(dst, start)
	for _, e := range edges {
		dst = append(dst, m.edges[e].to)
	}
	return dst
}

// complete adds to the routes of rs what a plan built without lines
// leaves out (see plans), for the routes that reach a Result: their paths'
// nodes and lines and the crossings and gaps they use (Via, Crossings,
// Gaps). Routes that share a path (the commodities of one carrier and
// pair) share what is added, as in a plan built with lines.
func (m *Model) complete(rs []Route) {
	if m.settings.Choice != ChoiceByBorder {
		return // route's choice sets are whole
	}
	done := map[*int]*Route{} // by the path's edges: the first route completed
	for i := range rs {
		r := &rs[i]
		p := &r.Path
		switch {
		case p.Line != nil:
		case len(p.Edges) == 0:
			if len(p.Nodes) > 0 {
				p.Line = m.graph.PathLine(p.Nodes[0], nil)
			}
		default:
			key := &p.Edges[0]
			if d := done[key]; d != nil {
				p.Nodes, p.Line = d.Path.Nodes, d.Path.Line
				r.Via, r.Crossings, r.Gaps = d.Via, d.Crossings, d.Gaps
				continue
			}
			start := m.edges[p.Edges[0]].from
			if p.Nodes == nil {
				p.Nodes = m.appendNodes(make([]int64, 0, len(p.Edges)+1), start, p.Edges)
				nc, ng := m.viaCounts(p.Edges)
				m.setVia(r, make([]string, 2*(nc+ng)), nc, ng)
			}
			p.Line = m.graph.PathLine(start, p.Edges)
			done[key] = r
		}
	}
}

// take returns an empty slice with room for n elements, cut from the free
// end of *buf, which it replaces by a new array of max(n, chunk) elements
// when the room left is less than n.
func take[T any](buf *[]T, n, chunk int) []T {
	b := *buf
	if cap(b)-len(b) < n {
		b = make([]T, 0, max(n, chunk))
	}
	l := len(b)
	*buf = b[:l+n]
	return b[l : l : l+n]
}

// placeWeights returns the places' weights normalised to add up to 1; all
// zero means equal weights.
func placeWeights(ps []route.Place, what string) ([]float64, error) {
	w := make([]float64, len(ps))
	var sum float64
	for _, p := range ps {
		if !(p.Weight >= 0) || math.IsInf(p.Weight, 1) {
			return nil, fmt.Errorf("%w: %s %q has weight %v, want a finite number ≥ 0", ErrBadParam, what, p.Name, p.Weight)
		}
		sum += p.Weight
	}
	for i, p := range ps {
		if sum == 0 {
			w[i] = 1 / float64(len(ps))
		} else {
			w[i] = p.Weight / sum
		}
	}
	return w, nil
}
