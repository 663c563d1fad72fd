package plan

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"
)

// corridorLike returns a synthetic instance of the Northern Route's size: a
// w×h grid (in-country travel, arcs both ways, small lengths) cut by borders
// at the given columns, crossable only at every other row (about h/2
// crossing points per border, p 0.05–0.4). Upgrades, unit cost: a scanner at
// each crossing point (π 0.3–0.7) and a patrol per border stretch of 3 rows
// with decaying effect on its neighbours (π 0.25 · 0.5^distance), scanner and
// patrol of one point grouped as "at most one". The OD runs west to east.
func corridorLike(seed uint64, w, h int, borders []int) toy {
	rng := rand.New(rand.NewPCG(seed, 3))
	id := func(x, y int) int { return y*w + x }
	isBorder := map[int]bool{}
	for _, b := range borders {
		isBorder[b] = true
	}
	var arcs []Arc
	add := func(a, b int, l float64) int {
		arcs = append(arcs, Arc{a, b, l}, Arc{b, a, l})
		return len(arcs) - 2
	}
	cross := map[[2]int]int{} // (border, row) → arc id (eastward)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if y+1 < h && !isBorder[x] {
				add(id(x, y), id(x, y+1), 0.01+0.04*rng.Float64())
			}
			if x+1 < w {
				if isBorder[x] {
					if y%2 == 0 {
						l, _ := ArcLength(0.05+0.35*rng.Float64(), 0, 0)
						cross[[2]int{x, y}] = add(id(x, y), id(x+1, y), l)
					}
					continue
				}
				add(id(x, y), id(x+1, y), 0.01+0.04*rng.Float64())
			}
		}
	}
	var menu []Upgrade
	for _, b := range borders {
		for y := 0; y < h; y += 2 {
			a := cross[[2]int{b, y}]
			pi := 0.3 + 0.4*rng.Float64()
			menu = append(menu, Upgrade{Name: fmt.Sprintf("scanner b%d y%d", b, y), Cost: 1, Group: fmt.Sprintf("b%d y%d", b, y),
				Effects: []Effect{{a, pi}, {a + 1, pi}}})
		}
		for y := 0; y < h; y += 6 {
			up := Upgrade{Name: fmt.Sprintf("patrol b%d y%d", b, y), Cost: 1, Group: fmt.Sprintf("b%d y%d", b, y)}
			for dy := -4; dy <= 4; dy += 2 {
				if a, ok := cross[[2]int{b, y + dy}]; ok {
					pi := 0.25 / float64(int(1)<<abs(dy/2))
					up.Effects = append(up.Effects, Effect{a, pi}, Effect{a + 1, pi})
				}
			}
			menu = append(menu, up)
		}
	}
	in, err := NewInstance(w*h, arcs, menu)
	if err != nil {
		panic(err)
	}
	return toy{name: "corridor", in: in, ods: []OD{{id(0, h/2), id(w-1, h/2), 1}}}
}

// snipLike returns a SNIP instance of 800 nodes (a 40×20 grid cut by two
// borders), 300 upgrades on single arcs (a scanner at each of the 20 crossing
// points, both directions, and 280 checkpoints on random in-country arcs,
// π 0.2–0.6, unit cost) and 450 scenarios (15 origins on the west edge × 30
// destinations near the east edge, random weights).
func snipLike(seed uint64) toy {
	const w, h = 40, 20
	base := corridorLike(seed, w, h, []int{12, 26})
	rng := rand.New(rand.NewPCG(seed, 9))
	arcs := make([]Arc, base.in.NumArcs())
	for i := range arcs {
		arcs[i] = base.in.Arc(i)
	}
	var menu []Upgrade
	taken := map[int]bool{}
	for u := 0; u < base.in.NumUpgrades(); u++ {
		if up := base.in.Upgrade(u); len(up.Effects) == 2 { // scanners
			up.Group = ""
			menu = append(menu, up)
			taken[up.Effects[0].Arc] = true
			taken[up.Effects[1].Arc] = true
		}
	}
	for len(menu) < 300 {
		a := rng.IntN(len(arcs))
		if taken[a] {
			continue
		}
		taken[a] = true
		menu = append(menu, Upgrade{Name: fmt.Sprintf("checkpoint %d", a), Cost: 1, Effects: []Effect{{a, 0.2 + 0.4*rng.Float64()}}})
	}
	in, err := NewInstance(w*h, arcs, menu)
	if err != nil {
		panic(err)
	}
	var ods []OD
	for o := 0; o < 15; o++ {
		for d := 0; d < 30; d++ {
			ods = append(ods, OD{Origin: (o % h) * w, Destination: (d%h)*w + w - 1 - d/h, Weight: rng.Float64()})
		}
	}
	return toy{name: "snip", in: in, ods: ods}
}

// traceFlag logs the bounds of the branch and bound as they move.
var traceFlag = flag.Bool("plan.trace", false, "log the bounds of the branch and bound as they move")

func setTrace(tb testing.TB) {
	if !*traceFlag {
		return
	}
	traceBounds = func(t time.Duration, nodes int, lower, upper float64) {
		fmt.Fprintf(os.Stderr, "%s %8.2fs %7d nodes  [%.6f, %.6f]\n", tb.Name(), t.Seconds(), nodes, lower, upper)
	}
	tb.Cleanup(func() { traceBounds = nil })
}

var (
	corridorOnce sync.Once
	corridorToy  toy
	snipOnce     sync.Once
	snipToy      toy
)

func corridorFixture() toy {
	corridorOnce.Do(func() { corridorToy = corridorLike(1, 125, 100, []int{30, 62, 95}) })
	return corridorToy
}

func snipFixture() toy {
	snipOnce.Do(func() { snipToy = snipLike(2) })
	return snipToy
}

// BenchmarkMaxMinCorridor solves the corridor-sized instance for one OD:
// budgets up to 30 under a 60 s limit, 100 and 200 under 120 s; the gap
// (upper − lower bound on the route length) is reported with the time.
func BenchmarkMaxMinCorridor(b *testing.B) {
	ty := corridorFixture()
	for _, c := range []struct {
		budget float64
		limit  time.Duration
	}{{3, 60 * time.Second}, {10, 60 * time.Second}, {30, 60 * time.Second}, {100, 120 * time.Second}, {200, 120 * time.Second}} {
		b.Run(fmt.Sprintf("budget=%v", c.budget), func(b *testing.B) {
			b.ReportAllocs()
			setTrace(b)
			s := DefaultSettings()
			s.TimeLimit = c.limit
			var r *Result
			for i := 0; i < b.N; i++ {
				var err error
				if r, err = MaxMin(context.Background(), ty.in, ty.ods, c.budget, s); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(r.Gap, "gap")
			b.ReportMetric(float64(r.Nodes), "bbnodes")
			b.ReportMetric(float64(len(r.Cuts)), "cuts")
			b.Logf("%d nodes %d arcs %d upgrades, budget %v: %v, value %.6f, bounds [%.6f, %.6f], %d B&B nodes, %d evaluations, %d cuts",
				ty.in.NumNodes(), ty.in.NumArcs(), ty.in.NumUpgrades(), c.budget, r.Status, r.Objective, r.Lower, r.Upper, r.Nodes, r.Evaluations, len(r.Cuts))
		})
	}
}

// BenchmarkSNIP solves the SNIP-sized instance with budget 5.
func BenchmarkSNIP(b *testing.B) {
	ty := snipFixture()
	b.ReportAllocs()
	s := DefaultSettings()
	s.TimeLimit = 120 * time.Second
	var r *Result
	for i := 0; i < b.N; i++ {
		var err error
		if r, err = SNIP(context.Background(), ty.in, ty.ods, 5, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(r.Gap, "gap")
	b.ReportMetric(float64(r.Nodes), "bbnodes")
	b.Logf("%d nodes %d arcs %d upgrades %d scenarios, budget 5: %v, evasion %.6f, bounds [%.6f, %.6f], %d B&B nodes, %d evaluations, %d cuts",
		ty.in.NumNodes(), ty.in.NumArcs(), ty.in.NumUpgrades(), len(ty.ods), r.Status, r.Objective, r.Lower, r.Upper, r.Nodes, r.Evaluations, len(r.Cuts))
}
