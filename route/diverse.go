package route

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// DivPenalty is the factor by which Diverse raises the weight of an edge
// each time a route found uses it: w ← w·(1+DivPenalty) + DivPenalty·ŵ,
// with ŵ the mean edge weight of the shortest route (so that edges of
// weight zero are penalised too).
const DivPenalty = 1.0

// Diverse returns up to k routes from any node of from to any node of to
// that share little of their length: every two routes returned share edges
// of total length at most maxOverlap × the length of the shorter of the two
// (0 ≤ maxOverlap ≤ 1). The first route is the shortest path; the others
// are found by the penalty method: after each route found, the weights of
// its edges are raised (see DivPenalty) and the next shortest path under the
// raised weights is a candidate, kept if it respects the overlap threshold
// with every route kept so far. The search stops after k routes or 20k+20
// candidates. Routes are returned in order of their true weight, with the
// weights, lengths and times of g. It is a heuristic: the routes are real
// alternatives, not the k best routes that respect the threshold. It
// returns fewer than k routes when the corridor offers no more, and an
// error wrapping ErrNoPath when there is no route at all.
func Diverse(g *Graph, from, to []int64, k int, maxOverlap float64, modes Modes) ([]Path, error) {
	if k < 0 {
		return nil, fmt.Errorf("%w: k = %d: must be ≥ 0", ErrBadParameter, k)
	}
	if !(maxOverlap >= 0 && maxOverlap <= 1) {
		return nil, fmt.Errorf("%w: maxOverlap = %v: must be in [0, 1]", ErrBadParameter, maxOverlap)
	}
	first, err := ShortestBetween(g, from, to, modes)
	if err != nil {
		return nil, err
	}
	if k == 0 {
		return nil, nil
	}
	kept := []Path{first}
	// A private weighting, penalised in place.
	pg := newGraph(g.c, append([]float64(nil), g.w...), nil, nil)
	mean := 1.0
	if len(first.Edges) > 0 && first.Weight > 0 {
		mean = first.Weight / float64(len(first.Edges))
	}
	penalise := func(p Path) {
		for _, e := range p.Edges {
			w := pg.w[e]*(1+DivPenalty) + DivPenalty*mean
			pg.w[e] = w
		}
	}
	penalise(first)
	for iter := 0; iter < 20*k+20 && len(kept) < k; iter++ {
		p, err := ShortestBetween(pg, from, to, modes)
		if err != nil {
			break
		}
		penalise(p)
		ok := true
		for _, q := range kept {
			if slices.Equal(p.Edges, q.Edges) || sharedKm(g, p, q) > maxOverlap*math.Min(p.LengthKm, q.LengthKm) {
				ok = false
				break
			}
		}
		if ok {
			// p weighs its edges by the penalised weights: weigh them by g's.
			p.Weight = 0
			for _, e := range p.Edges {
				p.Weight += g.w[e]
			}
			kept = append(kept, p)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].Weight < kept[j].Weight })
	return kept, nil
}

// SharedKm returns the total length of the edges that p and q both use,
// or an error when a path names an edge or node g does not have.
func SharedKm(g *Graph, p, q Path) (float64, error) {
	if err := g.checkPath(p); err != nil {
		return 0, err
	}
	if err := g.checkPath(q); err != nil {
		return 0, err
	}
	return sharedKm(g, p, q), nil
}

// sharedKm is SharedKm for paths known to be g's.
func sharedKm(g *Graph, p, q Path) float64 {
	in := make(map[int]bool, len(q.Edges))
	for _, e := range q.Edges {
		in[e] = true
	}
	var km float64
	for _, e := range p.Edges {
		if in[e] {
			km += g.c.length[e]
			in[e] = false // count an edge once
		}
	}
	return km
}
