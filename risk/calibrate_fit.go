package risk

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/routerisk/routerisk/route"
)

// startPoint returns the k-th starting point around x: x itself for k = 0,
// then x offset by ±0.7, the sign alternating by parameter and flipping
// with k.
func startPoint(x []float64, k int) []float64 {
	out := slices.Clone(x)
	if k == 0 {
		return out
	}
	for i := range out {
		sign := 1.0
		if (i+k)%2 == 0 {
			sign = -1
		}
		out[i] += sign * 0.7 * float64((k+1)/2)
	}
	return out
}

// combination describes column j of v as a signed sum of the parameters
// whose weight exceeds 0.2 in absolute value.
func combination(v *mat.Dense, j int, name func(i int) string) string {
	var b strings.Builder
	r, _ := v.Dims()
	for i := range r {
		w := v.At(i, j)
		if math.Abs(w) < 0.2 {
			continue
		}
		switch {
		case b.Len() == 0 && w < 0:
			b.WriteString("−")
		case b.Len() > 0 && w < 0:
			b.WriteString(" − ")
		case b.Len() > 0:
			b.WriteString(" + ")
		}
		fmt.Fprintf(&b, "%.2f·%s", math.Abs(w), name(i))
	}
	return b.String()
}

// sameRoutes reports whether two plans hold the same candidate routes (by
// their edges) for the same carriers and commodities, in the same order.
func sameRoutes(a, b *plan) bool {
	if len(a.pairs) != len(b.pairs) {
		return false
	}
	for i := range a.pairs {
		p, q := &a.pairs[i], &b.pairs[i]
		if p.carrier != q.carrier || p.commodity != q.commodity || len(p.routes) != len(q.routes) {
			return false
		}
		for j := range p.routes {
			if !slices.Equal(p.routes[j].Path.Edges, q.routes[j].Path.Edges) {
				return false
			}
		}
	}
	return true
}

// mergePlans returns the union of the choice sets of two plans of the same
// pairs (a may be nil) and the number of routes b added.
func (m *Model) mergePlans(a, b *plan) (*plan, int) {
	if a == nil {
		n := 0
		for _, p := range b.pairs {
			n += len(p.routes)
		}
		return b, n
	}
	type pairKey struct {
		carrier, commodity int
		from, to           int64
	}
	idx := map[pairKey]int{}
	for i, p := range a.pairs {
		idx[pairKey{p.carrier, p.commodity, p.from, p.to}] = i
	}
	out := &plan{unrouted: a.unrouted, unroutedTonnes: a.unroutedTonnes, pairs: slices.Clone(a.pairs)}
	added := 0
	type job struct {
		pairs []int
		paths []route.Path
	}
	var jobs []job
	// Pairs of the same places whose routes in a and in b are the same
	// slices (the commodities of one carrier and places) share one job and
	// its routes.
	type setKey struct {
		a, b                *Route
		na, nb              int
		origin, destination string
	}
	jobOf := map[setKey]int{}
	for _, p := range b.pairs {
		i, ok := idx[pairKey{p.carrier, p.commodity, p.from, p.to}]
		if !ok {
			continue
		}
		var key setKey
		if ra := out.pairs[i].routes; len(ra) > 0 && len(p.routes) > 0 {
			key = setKey{&ra[0], &p.routes[0], len(ra), len(p.routes), p.origin, p.destination}
			if j, ok := jobOf[key]; ok {
				if len(jobs[j].paths) > len(ra) {
					added += len(jobs[j].paths) - len(ra)
					jobs[j].pairs = append(jobs[j].pairs, i)
				}
				continue
			}
		}
		var paths []route.Path
		for _, r := range out.pairs[i].routes {
			paths = append(paths, r.Path)
		}
		n := len(paths)
		for _, r := range p.routes {
			if !slices.ContainsFunc(paths, func(q route.Path) bool { return slices.Equal(q.Edges, r.Path.Edges) }) {
				paths = append(paths, r.Path)
			}
		}
		if key.a != nil {
			jobOf[key] = len(jobs)
		}
		if len(paths) > n {
			added += len(paths) - n
		}
		jobs = append(jobs, job{[]int{i}, paths})
	}
	// The routes of the grown sets, in parallel.
	parallel(len(jobs), func(j int) error {
		if len(jobs[j].paths) == len(out.pairs[jobs[j].pairs[0]].routes) {
			return nil // not grown
		}
		q := &out.pairs[jobs[j].pairs[0]]
		rs := m.routesOf(q.carrier, q.origin, q.destination, jobs[j].paths)
		for _, i := range jobs[j].pairs {
			out.pairs[i].routes = rs
		}
		return nil
	})
	return out, added
}
