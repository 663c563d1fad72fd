package plan

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// mediumGrid returns a w×h grid (arcs both ways) with nu upgrades: single-arc
// scanners, two thirds of them within 3 rows of the OD's row, and multi-arc
// patrols on all arcs out of a node; costs 1..3, a few groups. OD: west to
// east along the middle row.
func mediumGrid(seed uint64, w, h, nu int) toy {
	rng := rand.New(rand.NewPCG(seed, 7))
	var arcs []Arc
	id := func(x, y int) int { return y*w + x }
	add := func(a, b int, l float64) { arcs = append(arcs, Arc{a, b, l}, Arc{b, a, l}) }
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if x+1 < w {
				add(id(x, y), id(x+1, y), 0.05+0.3*rng.Float64())
			}
			if y+1 < h {
				add(id(x, y), id(x, y+1), 0.05+0.3*rng.Float64())
			}
		}
	}
	var menu []Upgrade
	for k := 0; k < nu; k++ {
		up := Upgrade{Name: fmt.Sprintf("u%d", k), Cost: float64(1 + rng.IntN(3))}
		if rng.IntN(3) == 0 { // patrol: all arcs out of a node
			v := rng.IntN(w * h)
			pi := 0.2 + 0.5*rng.Float64()
			for a, arc := range arcs {
				if arc.From == v {
					up.Effects = append(up.Effects, Effect{a, pi})
				}
			}
		} else {
			a := rng.IntN(len(arcs))
			for rng.IntN(3) > 0 && abs(arcs[a].From/w-h/2) > 3 {
				a = rng.IntN(len(arcs))
			}
			up.Effects = []Effect{{a, 0.3 + 0.6*rng.Float64()}}
		}
		if rng.IntN(5) == 0 {
			up.Group = fmt.Sprintf("site%d", rng.IntN(nu/4+1))
		}
		menu = append(menu, up)
	}
	in, err := NewInstance(w*h, arcs, menu)
	if err != nil {
		panic(err)
	}
	return toy{name: fmt.Sprintf("grid%dx%d", w, h), in: in, ods: []OD{{id(0, h/2), id(w-1, h/2), 1}}}
}

// writeIsraeliWoodLP writes the max–min MIP in Israeli & Wood's dual form:
// max π_t − π_s s.t. π_j − π_i − Σ_u δ_ue x_u ≤ c_e, budget, groups, x binary.
func writeIsraeliWoodLP(path string, in *Instance, od OD, budget float64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 17, 64) }
	fmt.Fprintf(w, "Maximize\n obj: p%d - p%d\nSubject To\n", od.Destination, od.Origin)
	for e := 0; e < in.NumArcs(); e++ {
		a := in.Arc(e)
		fmt.Fprintf(w, " a%d: p%d - p%d", e, a.To, a.From)
		for u := 0; u < in.NumUpgrades(); u++ {
			d := 0.0
			for _, ef := range in.Upgrade(u).Effects {
				if ef.Arc == e {
					d += -math.Log1p(-ef.Pi)
				}
			}
			if d > 0 {
				fmt.Fprintf(w, " - %s x%d", g(d), u)
			}
		}
		fmt.Fprintf(w, " <= %s\n", g(a.Length))
	}
	fmt.Fprintf(w, " budget:")
	groups := map[string][]int{}
	var names []string
	for u := 0; u < in.NumUpgrades(); u++ {
		up := in.Upgrade(u)
		fmt.Fprintf(w, " + %s x%d", g(up.Cost), u)
		if up.Group != "" {
			if groups[up.Group] == nil {
				names = append(names, up.Group)
			}
			groups[up.Group] = append(groups[up.Group], u)
		}
	}
	fmt.Fprintf(w, " <= %s\n", g(budget))
	for k, name := range names {
		fmt.Fprintf(w, " g%d:", k)
		for _, u := range groups[name] {
			fmt.Fprintf(w, " + x%d", u)
		}
		fmt.Fprintf(w, " <= 1\n")
	}
	fmt.Fprintf(w, "Bounds\n p%d = 0\n", od.Origin)
	for v := 0; v < in.NumNodes(); v++ {
		if v != od.Origin {
			fmt.Fprintf(w, " p%d <= 1e6\n", v)
		}
	}
	fmt.Fprintf(w, "Binary\n")
	for u := 0; u < in.NumUpgrades(); u++ {
		fmt.Fprintf(w, " x%d\n", u)
	}
	fmt.Fprintf(w, "End\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

var cbcObjective = regexp.MustCompile(`Optimal - objective value\s+(\S+)`)

// TestMaxMinAgainstCBC compares MaxMin with COIN-OR CBC on Israeli & Wood's
// MIP. It skips when cbc is not installed, unless CI=true.
func TestMaxMinAgainstCBC(t *testing.T) {
	cbc, err := exec.LookPath("cbc")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("cbc not found and CI=true: install coinor-cbc")
		}
		t.Skip("cbc not found (apt-get install coinor-cbc)")
	}
	cases := []struct {
		seed   uint64
		w, h   int
		nu     int
		budget float64
	}{
		{1, 20, 10, 60, 5},
		{2, 20, 15, 80, 10},
		{3, 25, 16, 100, 15},
		{4, 25, 20, 120, 20},
	}
	dir := t.TempDir()
	for _, c := range cases {
		ty := mediumGrid(c.seed, c.w, c.h, c.nu)
		name := fmt.Sprintf("%s/seed%d/B%v", ty.name, c.seed, c.budget)
		lpFile := filepath.Join(dir, fmt.Sprintf("m%d.lp", c.seed))
		solFile := filepath.Join(dir, fmt.Sprintf("m%d.sol", c.seed))
		mustNoErr(t, writeIsraeliWoodLP(lpFile, ty.in, ty.ods[0], c.budget))
		out, err := exec.Command(cbc, lpFile, "-ratioGap", "0", "-allowableGap", "1e-9", "-solve", "-solu", solFile).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: cbc: %v\n%s", name, err, out)
		}
		sol, err := os.ReadFile(solFile)
		mustNoErr(t, err)
		m := cbcObjective.FindSubmatch(sol)
		if m == nil {
			t.Fatalf("%s: cbc did not report an optimum:\n%s", name, firstLines(string(sol), 3))
		}
		want, err := strconv.ParseFloat(string(m[1]), 64)
		mustNoErr(t, err)
		t0 := time.Now()
		r, err := MaxMin(context.Background(), ty.in, ty.ods, c.budget, nil)
		mustNoErr(t, err)
		if r.Status != Optimal {
			t.Errorf("%s: status %v", name, r.Status)
		}
		if math.Abs(r.Objective-want) > 1e-6 {
			t.Errorf("%s: MaxMin %v (plan %v), cbc %v", name, r.Objective, r.Plan, want)
		}
		if v := naiveMaxMin(ty.in, ty.ods, r.Plan); math.Abs(v-r.Objective) > 1e-12 || !ty.in.Feasible(r.Plan, c.budget) {
			t.Errorf("%s: plan %v value %v by independent Dijkstra, reported %v", name, r.Plan, v, r.Objective)
		}
		t.Logf("%s: %d nodes %d arcs %d upgrades: objective %.9f (cbc %.9f), %d B&B nodes, %d cuts, %v",
			name, ty.in.NumNodes(), ty.in.NumArcs(), ty.in.NumUpgrades(), r.Objective, want, r.Nodes, len(r.Cuts), time.Since(t0).Round(time.Millisecond))
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
