package plan

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// toy is a generated test instance with its OD pairs.
type toy struct {
	name string
	in   *Instance
	ods  []OD
}

// naiveDist returns shortest distances from s by the O(V²) textbook Dijkstra,
// independent of the package's heap-based search.
func naiveDist(in *Instance, l []float64, s int) []float64 {
	n := in.NumNodes()
	d := make([]float64, n)
	done := make([]bool, n)
	for i := range d {
		d[i] = math.Inf(1)
	}
	d[s] = 0
	for {
		u := -1
		for v := 0; v < n; v++ {
			if !done[v] && !math.IsInf(d[v], 1) && (u < 0 || d[v] < d[u]) {
				u = v
			}
		}
		if u < 0 {
			return d
		}
		done[u] = true
		for i := 0; i < in.NumArcs(); i++ {
			a := in.Arc(i)
			if a.From == u && d[u]+l[i] < d[a.To] {
				d[a.To] = d[u] + l[i]
			}
		}
	}
}

// naiveLengths applies a plan by walking the menu's effects directly.
func naiveLengths(in *Instance, plan []int) []float64 {
	l := make([]float64, in.NumArcs())
	for i := range l {
		l[i] = in.Arc(i).Length
	}
	for _, u := range plan {
		for _, e := range in.Upgrade(u).Effects {
			l[e.Arc] += -math.Log(1 - e.Pi)
		}
	}
	return l
}

func naiveMaxMin(in *Instance, ods []OD, plan []int) float64 {
	l := naiveLengths(in, plan)
	v := math.Inf(1)
	for _, od := range ods {
		v = math.Min(v, naiveDist(in, l, od.Origin)[od.Destination])
	}
	return v
}

func naiveSNIP(in *Instance, ods []OD, plan []int) float64 {
	l := naiveLengths(in, plan)
	tot, v := 0.0, 0.0
	for _, od := range ods {
		tot += od.Weight
	}
	for _, od := range ods {
		v += od.Weight / tot * math.Exp(-naiveDist(in, l, od.Origin)[od.Destination])
	}
	return v
}

// plans calls f with every feasible plan (ascending indices) within budget.
func plans(in *Instance, budget float64, f func([]int)) {
	var rec func(u int, cur []int)
	rec = func(u int, cur []int) {
		if u == in.NumUpgrades() {
			if in.Feasible(cur, budget) {
				f(slices.Clone(cur))
			}
			return
		}
		rec(u+1, cur)
		if in.Cost(append(cur, u)) <= budget+1e-9 {
			rec(u+1, append(cur, u))
		}
	}
	rec(0, nil)
}

// menuFor returns a random menu on the instance's arcs: single-arc upgrades
// and a few multi-arc ones, some in groups, with integer costs 1 or 2.
func menuFor(rng *rand.Rand, arcs []Arc, n int, groups bool) []Upgrade {
	var menu []Upgrade
	for k := 0; k < n; k++ {
		ne := 1
		if rng.IntN(3) == 0 {
			ne = 2 + rng.IntN(2)
		}
		up := Upgrade{Name: fmt.Sprintf("u%d", k), Cost: float64(1 + rng.IntN(2))}
		for j := 0; j < ne; j++ {
			up.Effects = append(up.Effects, Effect{Arc: rng.IntN(len(arcs)), Pi: 0.1 + 0.8*rng.Float64()})
		}
		if groups && rng.IntN(4) == 0 {
			up.Group = fmt.Sprintf("g%d", rng.IntN(2))
		}
		menu = append(menu, up)
	}
	return menu
}

func randLen(rng *rand.Rand) float64 {
	l, _ := ArcLength(0.3*rng.Float64(), rng.Float64(), 0.2)
	return l
}

// gridToy is a w×h grid with arcs both ways between neighbours.
func gridToy(rng *rand.Rand, w, h, nu int) toy {
	var arcs []Arc
	id := func(x, y int) int { return y*w + x }
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if x+1 < w {
				arcs = append(arcs, Arc{id(x, y), id(x+1, y), randLen(rng)}, Arc{id(x+1, y), id(x, y), randLen(rng)})
			}
			if y+1 < h {
				arcs = append(arcs, Arc{id(x, y), id(x, y+1), randLen(rng)}, Arc{id(x, y+1), id(x, y), randLen(rng)})
			}
		}
	}
	return finish(rng, "grid", w*h, arcs, nu, []OD{{0, w*h - 1, 1}, {w - 1, (h - 1) * w, 2}})
}

// layeredToy has layers of width k, every node joined to 2 random nodes of the next layer.
func layeredToy(rng *rand.Rand, layers, k, nu int) toy {
	n := layers*k + 2
	var arcs []Arc
	for i := 0; i < k; i++ {
		arcs = append(arcs, Arc{0, 1 + i, randLen(rng)}, Arc{1 + (layers-1)*k + i, n - 1, randLen(rng)})
	}
	for l := 0; l+1 < layers; l++ {
		for i := 0; i < k; i++ {
			for _, j := range rng.Perm(k)[:2] {
				arcs = append(arcs, Arc{1 + l*k + i, 1 + (l+1)*k + j, randLen(rng)})
			}
		}
	}
	return finish(rng, "layered", n, arcs, nu, []OD{{0, n - 1, 1}, {1, n - 1, 1}})
}

// randomToy is a random digraph with a Hamiltonian path so every OD is reachable.
func randomToy(rng *rand.Rand, n, extra, nu int) toy {
	var arcs []Arc
	for v := 0; v+1 < n; v++ {
		arcs = append(arcs, Arc{v, v + 1, randLen(rng) + 1})
	}
	for k := 0; k < extra; k++ {
		a, b := rng.IntN(n), rng.IntN(n)
		if a != b {
			arcs = append(arcs, Arc{a, b, randLen(rng)})
		}
	}
	return finish(rng, "random", n, arcs, nu, []OD{{0, n - 1, 3}, {1, n - 2, 1}, {n / 2, n - 1, 1}})
}

// parallelToy has r parallel routes of 3 arcs from 0 to 1 behind a shared first arc.
func parallelToy(rng *rand.Rand, r, nu int) toy {
	arcs := []Arc{{0, 1, randLen(rng)}}
	n := 2
	for i := 0; i < r; i++ {
		a, b := n, n+1
		n += 2
		arcs = append(arcs, Arc{1, a, randLen(rng)}, Arc{a, b, randLen(rng)}, Arc{b, 1 + 0, randLen(rng)})
		arcs[len(arcs)-1].To = -1 // patched below
	}
	t := n
	n++
	for i := range arcs {
		if arcs[i].To == -1 {
			arcs[i].To = t
		}
	}
	return finish(rng, "parallel", n, arcs, nu, []OD{{0, t, 1}, {1, t, 1}})
}

func finish(rng *rand.Rand, name string, n int, arcs []Arc, nu int, ods []OD) toy {
	menu := menuFor(rng, arcs, nu, true)
	in, err := NewInstance(n, arcs, menu)
	if err != nil {
		panic(err)
	}
	return toy{name: name, in: in, ods: ods}
}

func toys(seed uint64) []toy {
	rng := rand.New(rand.NewPCG(seed, 42))
	return []toy{
		gridToy(rng, 4, 3, 16),
		layeredToy(rng, 4, 3, 14),
		randomToy(rng, 10, 14, 16),
		parallelToy(rng, 4, 12),
	}
}

func mustNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
