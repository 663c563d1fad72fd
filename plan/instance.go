package plan

import (
	"fmt"
	"math"
	"slices"
)

// An Arc is a directed link of the smuggler's network with its base length
// −ln(1−p) + β·hours (see ArcLength).
type Arc struct {
	From, To int     // node indices, 0..nodes-1
	Length   float64 // base length, finite and ≥ 0
}

// An Effect is an independent extra detection chance Pi on one arc: the arc's
// length grows by −ln(1−Pi) when the upgrade is chosen.
type Effect struct {
	Arc int     // arc index
	Pi  float64 // in [0, 1)
}

// An Upgrade is one item of the defender's menu.
type Upgrade struct {
	Name    string   // label used in reports
	Cost    float64  // finite and ≥ 0, in the budget's unit
	Group   string   // upgrades sharing a non-empty Group are mutually exclusive
	Effects []Effect // effects add up, also with other upgrades'
}

// An Instance is a directed network with a menu of upgrades, validated and
// laid out for the solvers. It is immutable and safe for concurrent use.
type Instance struct {
	nodes int
	arcs  []Arc
	menu  []Upgrade

	outStart, outArc []int32 // CSR by tail
	inStart, inArc   []int32 // CSR by head
	base             []float64

	// effects per upgrade, CSR: arc and δ = −ln(1−π), summed per arc
	effStart []int32
	effArc   []int32
	effDelta []float64
	upOnArc  [][]int32   // upgrades with an effect on each arc (nil when none)
	upDelta  [][]float64 // their δ on that arc
	group    []int32     // group id per upgrade, -1 when none
	groups   [][]int32   // members per group id
}

// ArcLength returns the additive length −ln(1−p) + beta·hours of an arc with
// interdiction probability p ∈ [0, 1), or an error naming the bad value.
func ArcLength(p, hours, beta float64) (float64, error) {
	if !(p >= 0 && p < 1) {
		return 0, fmt.Errorf("%w: probability %v outside [0, 1)", ErrBadInstance, p)
	}
	if !(hours >= 0) || math.IsInf(hours, 0) || !(beta >= 0) || math.IsInf(beta, 0) {
		return 0, fmt.Errorf("%w: hours %v and beta %v must be finite and ≥ 0", ErrBadInstance, hours, beta)
	}
	return -math.Log1p(-p) + beta*hours, nil
}

// NewInstance returns the instance of a network of nodes and arcs with a menu
// of upgrades, or an error naming the arc, upgrade or effect at fault. An empty
// menu is an error: there is nothing to plan.
func NewInstance(nodes int, arcs []Arc, menu []Upgrade) (*Instance, error) {
	if nodes <= 0 {
		return nil, fmt.Errorf("%w: %d nodes", ErrBadInstance, nodes)
	}
	if len(arcs) == 0 {
		return nil, fmt.Errorf("%w: no arcs", ErrBadInstance)
	}
	if len(arcs) > math.MaxInt32 || nodes > math.MaxInt32 {
		return nil, fmt.Errorf("%w: too large", ErrBadInstance)
	}
	if len(menu) == 0 {
		return nil, fmt.Errorf("%w: empty menu of upgrades", ErrBadUpgrade)
	}
	in := &Instance{nodes: nodes, arcs: slices.Clone(arcs), menu: make([]Upgrade, len(menu))}
	for i, a := range arcs {
		if a.From < 0 || a.From >= nodes || a.To < 0 || a.To >= nodes {
			return nil, fmt.Errorf("%w: arc %d joins %d and %d, outside 0..%d", ErrBadInstance, i, a.From, a.To, nodes-1)
		}
		if !(a.Length >= 0) || math.IsInf(a.Length, 0) {
			return nil, fmt.Errorf("%w: arc %d has length %v: must be finite and ≥ 0", ErrBadInstance, i, a.Length)
		}
	}
	groupID := map[string]int32{}
	in.group = make([]int32, len(menu))
	in.effStart = make([]int32, len(menu)+1)
	in.upOnArc = make([][]int32, len(arcs))
	in.upDelta = make([][]float64, len(arcs))
	for u, up := range menu {
		bad := func(eff int, format string, args ...any) error {
			return &UpgradeError{Upgrade: u, Name: up.Name, Effect: eff, Problem: fmt.Sprintf(format, args...)}
		}
		if !(up.Cost >= 0) || math.IsInf(up.Cost, 0) {
			return nil, bad(-1, "cost %v must be finite and ≥ 0", up.Cost)
		}
		if len(up.Effects) == 0 {
			return nil, bad(-1, "no effects")
		}
		up.Effects = slices.Clone(up.Effects)
		in.menu[u] = up
		in.group[u] = -1
		if up.Group != "" {
			g, ok := groupID[up.Group]
			if !ok {
				g = int32(len(in.groups))
				groupID[up.Group] = g
				in.groups = append(in.groups, nil)
			}
			in.group[u] = g
			in.groups[g] = append(in.groups[g], int32(u))
		}
		// sum δ per arc, arcs in ascending order
		sorted := slices.Clone(up.Effects)
		for k, e := range up.Effects {
			if e.Arc < 0 || e.Arc >= len(arcs) {
				return nil, bad(k, "arc %d is not an arc of the network (0..%d)", e.Arc, len(arcs)-1)
			}
			if !(e.Pi >= 0 && e.Pi < 1) {
				return nil, bad(k, "detection chance %v outside [0, 1)", e.Pi)
			}
		}
		slices.SortStableFunc(sorted, func(a, b Effect) int { return a.Arc - b.Arc })
		for k := 0; k < len(sorted); {
			a, d := sorted[k].Arc, 0.0
			for ; k < len(sorted) && sorted[k].Arc == a; k++ {
				d += -math.Log1p(-sorted[k].Pi)
			}
			if d == 0 {
				continue
			}
			in.effArc = append(in.effArc, int32(a))
			in.effDelta = append(in.effDelta, d)
			in.upOnArc[a] = append(in.upOnArc[a], int32(u))
			in.upDelta[a] = append(in.upDelta[a], d)
		}
		in.effStart[u+1] = int32(len(in.effArc))
	}
	in.base = make([]float64, len(arcs))
	for i, a := range arcs {
		in.base[i] = a.Length
	}
	in.outStart, in.outArc = csr(nodes, arcs, func(a Arc) int { return a.From })
	in.inStart, in.inArc = csr(nodes, arcs, func(a Arc) int { return a.To })
	return in, nil
}

func csr(nodes int, arcs []Arc, key func(Arc) int) (start, adj []int32) {
	start = make([]int32, nodes+1)
	for _, a := range arcs {
		start[key(a)+1]++
	}
	for v := 0; v < nodes; v++ {
		start[v+1] += start[v]
	}
	adj = make([]int32, len(arcs))
	next := slices.Clone(start[:nodes])
	for i, a := range arcs {
		k := key(a)
		adj[next[k]] = int32(i)
		next[k]++
	}
	return start, adj
}

// NumNodes returns the number of nodes.
func (in *Instance) NumNodes() int { return in.nodes }

// NumArcs returns the number of arcs.
func (in *Instance) NumArcs() int { return len(in.arcs) }

// NumUpgrades returns the number of upgrades on the menu.
func (in *Instance) NumUpgrades() int { return len(in.menu) }

// Arc returns arc i.
func (in *Instance) Arc(i int) Arc { return in.arcs[i] }

// Upgrade returns upgrade u of the menu (its Effects a copy).
func (in *Instance) Upgrade(u int) Upgrade {
	up := in.menu[u]
	up.Effects = slices.Clone(up.Effects)
	return up
}

// Lengths returns every arc's length with the upgrades of plan applied; it
// returns an error for an index outside the menu.
func (in *Instance) Lengths(plan []int) ([]float64, error) {
	l := slices.Clone(in.base)
	for _, u := range plan {
		if u < 0 || u >= len(in.menu) {
			return nil, fmt.Errorf("%w: plan names upgrade %d, outside 0..%d", ErrBadUpgrade, u, len(in.menu)-1)
		}
		in.addUpgrade(l, u, 1)
	}
	return l, nil
}

func (in *Instance) addUpgrade(l []float64, u int, sign float64) {
	for k := in.effStart[u]; k < in.effStart[u+1]; k++ {
		l[in.effArc[k]] += sign * in.effDelta[k]
	}
}

// Feasible reports whether plan names distinct upgrades, at most one per
// group, with a total cost within budget (with a 1e-9 relative tolerance).
func (in *Instance) Feasible(plan []int, budget float64) bool {
	seen := make(map[int]bool, len(plan))
	groups := map[int32]bool{}
	cost := 0.0
	for _, u := range plan {
		if u < 0 || u >= len(in.menu) || seen[u] {
			return false
		}
		seen[u] = true
		if g := in.group[u]; g >= 0 {
			if groups[g] {
				return false
			}
			groups[g] = true
		}
		cost += in.menu[u].Cost
	}
	return cost <= budget+1e-9*math.Max(1, math.Abs(budget))
}

// Cost returns the total cost of the upgrades in plan.
func (in *Instance) Cost(plan []int) float64 {
	c := 0.0
	for _, u := range plan {
		c += in.menu[u].Cost
	}
	return c
}
