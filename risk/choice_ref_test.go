package risk

import (
	"cmp"
	"container/heap"
	"fmt"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/route"
)

// byBorderRef is byBorder as it was before the border tries: every
// candidate is rebuilt before the duplicate test. It is the reference the
// fast byBorder must agree with path for path.
//
// It returns up to k paths from the root of fwd (a ShortestFrom
// tree) to the root of bwd (a ShortestTo tree), cheapest first. The candidates are, for
// every border edge (crossing, ferry, gap entry) e, the best path through
// e, dist(from, e) + w(e) + dist(e, to). First come the cheapest
// candidates over each border out of the origin's country and into the
// destination's, then the cheapest candidates left; a path that visits a
// node twice, or uses the same border edges as one kept, is skipped.
func (m *Model) byBorderRef(t *carrierTable, fwd, bwd *route.Tree, k int) ([]route.Path, error) {
	to := bwd.From()
	if math.IsInf(fwd.Dist(to), 1) {
		return nil, fmt.Errorf("%w: from node %d to node %d", route.ErrNoPath, fwd.From(), to)
	}
	// First the cheapest route over each border out of the origin's country
	// and over each border into the destination's country, so that every
	// way through the region stays a choice; then the cheapest of the rest,
	// of which only the first few are needed: they come off a heap.
	first, last := m.graph.NodeAt(fwd.From()).Country, m.graph.NodeAt(to).Country
	cands := append(refHeap(nil), cand{edge: -1, cost: fwd.Dist(to)})
	leads := map[[2]string]cand{}
	for _, e := range m.borderEdges {
		ed := &m.edges[e]
		c := cand{e, fwd.Dist(ed.from) + t.weight[e] + bwd.Dist(ed.to)}
		if math.IsInf(c.cost, 1) {
			continue
		}
		cands = append(cands, c)
		if (ed.country == first || ed.country2 == last) && ed.country != ed.country2 {
			b := [2]string{ed.country, ed.country2}
			if l, ok := leads[b]; !ok || c.compare(l) < 0 {
				leads[b] = c
			}
		}
	}
	lead := slices.SortedFunc(maps.Values(leads), cand.compare)
	picked := map[int]bool{}
	for _, c := range lead {
		picked[c.edge] = true
	}
	if len(lead) > k {
		lead = lead[:k]
	}
	var paths []route.Path
	seen := map[string]bool{}
	try := func(c cand) {
		// Edges only: the line is built for the paths kept.
		var edges []int
		if c.edge < 0 {
			edges, _ = fwd.EdgesTo(to, nil)
		} else {
			ed := &m.edges[c.edge]
			var ok bool
			if edges, ok = fwd.EdgesTo(ed.from, nil); !ok {
				return
			}
			edges = append(edges, c.edge)
			if edges, ok = bwd.EdgesTo(ed.to, edges); !ok {
				return
			}
		}
		var border []int
		for _, e := range edges {
			if m.edges[e].border() {
				border = append(border, e)
			}
		}
		key := edgesKey(border)
		if seen[key] {
			return
		}
		p, simple := m.makePathRef(t, fwd.From(), edges)
		if !simple {
			return
		}
		lines := make([]orb.LineString, len(edges))
		for i, e := range edges {
			lines[i] = m.graph.EdgeAt(e).Line
		}
		if p.Line = joinLines(lines); len(p.Line) == 0 {
			pt := m.graph.NodeAt(fwd.From()).Point
			p.Line = orb.LineString{pt, pt}
		}
		seen[key] = true
		paths = append(paths, p)
	}
	for _, c := range lead {
		if len(paths) < k {
			try(c)
		}
	}
	heap.Init(&cands)
	for len(paths) < k && cands.Len() > 0 {
		if c := heap.Pop(&cands).(cand); c.edge < 0 || !picked[c.edge] {
			try(c)
		}
	}
	slices.SortStableFunc(paths, func(a, b route.Path) int { return cmp.Compare(a.Weight, b.Weight) })
	return paths, nil
}

// makePathRef returns the path along edges from node start with carrier t's
// weights, and whether it visits every node at most once; the line is
// left to the caller (joinLines), for the paths it keeps.
func (m *Model) makePathRef(t *carrierTable, start int64, edges []int) (route.Path, bool) {
	p := route.Path{Nodes: make([]int64, 1, len(edges)+1), Edges: edges}
	p.Nodes[0] = start
	for _, e := range edges {
		ed := &m.edges[e]
		p.Nodes = append(p.Nodes, ed.to)
		p.Weight += t.weight[e]
		p.LengthKm += ed.km
		p.Hours += ed.hours
	}
	// A node visited twice shows as two equal IDs once sorted.
	sorted := slices.Clone(p.Nodes)
	slices.Sort(sorted)
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return p, false
		}
	}
	return p, true
}

// NorthernRouteModelForTest returns the model of the Northern Route's 2010
// baseline; northernroute_test.go (an external test file, which may import
// northernroute) sets it.
var NorthernRouteModelForTest func() (*Model, error)

// compareByBorder checks that byBorder and byBorderRef give the same paths
// in the same order, for every carrier, k in ks (asked alone and all in
// one call) and pair of nodes in starts × ends, and returns the number of
// choice sets compared.
func compareByBorder(t *testing.T, m *Model, starts, ends []int64, ks []int) int {
	t.Helper()
	n := 0
	for _, ct := range m.carriers {
		borders := m.borderList(ct)
		fwds := map[int64]*borderTree{}
		for _, s := range starts {
			tr, err := ct.tree(s, false)
			if err != nil {
				t.Fatal(err)
			}
			fwds[s] = m.newBorderTree(tr, false, m.borderMask())
		}
		for _, e := range ends {
			tr, err := ct.tree(e, true)
			if err != nil {
				t.Fatal(err)
			}
			bwd := m.newBorderTree(tr, true, m.borderMask())
			for _, s := range starts {
				if s == e {
					continue
				}
				fwd := fwds[s]
				// Each k alone, then all ks in one call.
				all, aerr := m.byBorder(ct, fwd, bwd, ks, borders, true)
				for i, k := range ks {
					want, werr := m.byBorderRef(ct, fwd.Tree, bwd.Tree, k)
					sets, gerr := m.byBorder(ct, fwd, bwd, []int{k}, borders, true)
					if (werr == nil) != (gerr == nil) || (werr == nil) != (aerr == nil) {
						t.Fatalf("%s %d→%d k %d: error %v (all ks: %v), want %v", ct.Name, s, e, k, gerr, aerr, werr)
					}
					if werr != nil {
						continue
					}
					if got := sets[0]; !slices.EqualFunc(got, want, samePath) {
						t.Fatalf("%s %d→%d k %d: byBorder gives %d paths %v, the reference %d %v",
							ct.Name, s, e, k, len(got), pathEdges(got), len(want), pathEdges(want))
					}
					if got := all[i]; !slices.EqualFunc(got, want, samePath) {
						t.Fatalf("%s %d→%d k %d among %v: byBorder gives %d paths %v, the reference %d %v",
							ct.Name, s, e, k, ks, len(got), pathEdges(got), len(want), pathEdges(want))
					}
					n++
				}
			}
		}
	}
	return n
}

// samePath reports whether two paths are equal in every field.
func samePath(a, b route.Path) bool {
	return slices.Equal(a.Nodes, b.Nodes) && slices.Equal(a.Edges, b.Edges) && a.Weight == b.Weight &&
		a.LengthKm == b.LengthKm && a.Hours == b.Hours && slices.Equal(a.Line, b.Line)
}

func pathEdges(ps []route.Path) [][]int {
	out := make([][]int, len(ps))
	for i, p := range ps {
		out[i] = p.Edges
	}
	return out
}

// TestByBorderMatchesReference compares byBorder with the reference
// algorithm on the toy corridor between every two settlements, on the
// nested-corridor graph and on the Northern Route between its places.
func TestByBorderMatchesReference(t *testing.T) {
	ks := []int{1, 2, 3, 5, 8, 20, 60}
	t.Run("toy", func(t *testing.T) {
		m := toyModel(t, nil)
		var towns []int64
		for v := range int64(m.graph.NumNodes()) {
			if m.graph.NodeAt(v).Kind == route.NodeSettlement {
				towns = append(towns, v)
			}
		}
		n := compareByBorder(t, m, towns, towns, ks)
		t.Logf("%d choice sets", n)
	})
	t.Run("toy gaps for all", func(t *testing.T) {
		// Cheap gaps make many candidates cross borders back and forth.
		s := toySettings()
		s.Inspection.Full = 0
		m := toyModel(t, &s)
		var all []int64
		for v := range int64(m.graph.NumNodes()) {
			all = append(all, v)
		}
		n := compareByBorder(t, m, all, all, []int{1, 4, 30})
		t.Logf("%d choice sets", n)
	})
	t.Run("northern route", func(t *testing.T) {
		if testing.Short() {
			t.Skip("builds the Northern Route")
		}
		m, err := northernRouteModel()
		if err != nil {
			t.Fatal(err)
		}
		var starts, ends []int64
		for _, p := range m.graph.Origins() {
			starts = append(starts, p.Node)
		}
		for _, p := range m.graph.Destinations() {
			ends = append(ends, p.Node)
		}
		n := compareByBorder(t, m, starts, ends, []int{m.settings.K, 2 * m.settings.K})
		t.Logf("%d choice sets", n)
	})
}

// refHeap is the reference's min-heap of candidates, for container/heap.
type refHeap []cand

func (h refHeap) Len() int           { return len(h) }
func (h refHeap) Less(i, j int) bool { return h[i].compare(h[j]) < 0 }
func (h refHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *refHeap) Push(x any)        { *h = append(*h, x.(cand)) }
func (h *refHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// joinLines returns the lines end to end, a point shared by the end of one
// and the start of the next kept once; nil lines are skipped.
func joinLines(lines []orb.LineString) orb.LineString {
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	out := make(orb.LineString, 0, n)
	for _, l := range lines {
		if len(l) == 0 {
			continue
		}
		if k := len(out); k > 0 && out[k-1] == l[0] {
			l = l[1:]
		}
		out = append(out, l...)
	}
	return out
}
