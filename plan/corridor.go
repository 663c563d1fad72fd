package plan

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// A Kind is what a corridor upgrade is.
type Kind string

// The kinds of corridor upgrades.
const (
	Scanner Kind = "scanner" // a cargo scanner at an official crossing
	Dogs    Kind = "dogs"    // a canine unit at an official crossing
	Outpost Kind = "outpost" // a border post on a segment
	Patrol  Kind = "patrol"  // mobile patrols along a stretch of border
	Barrier Kind = "barrier" // a fence or ditch against vehicles
)

// A Placed is a detection chance Pi on one element of a corridor: an
// official crossing or a border segment, by ID, for one carrier or for the
// candidate's carriers.
type Placed struct {
	Feature string
	// Carrier is the carrier it acts on; "" means the candidate's
	// Carriers.
	Carrier string
	Pi      float64 // in [0, 1)
}

// A Candidate is one upgrade of a corridor's menu: where it stands, what it
// costs and the detection chance it adds on each element it reaches.
type Candidate struct {
	Kind Kind
	// Feature is the element it stands on: a crossing ID (scanner, dogs)
	// or a segment ID (outpost, patrol, barrier).
	Feature string
	// Side is the country that installs it and makes its seizures. At a
	// crossing it acts on shipments entering Side; on a segment it acts on
	// crossings of the segment either way.
	Side string
	Cost float64 // in the budget's unit, e.g. KZT
	// Effects are the chances it adds, on Feature and, decaying, on its
	// neighbours.
	Effects []Placed
	// Carriers are the carriers it acts on, by name; nil means every one.
	Carriers []string
	Group    string // at most one candidate of a non-empty group is chosen
}

// Name returns the candidate's label, "kind side feature".
func (c Candidate) Name() string { return string(c.Kind) + " " + c.Side + " " + c.Feature }

// A Corridor is a plan.Instance built from a risk model: one copy of the
// corridor graph per carrier (a layer), arcs of finite weight only, and the
// candidates mapped to the arcs of the elements they reach.
type Corridor struct {
	Instance   *Instance
	Model      *risk.Model
	Carriers   []string    // carrier of each layer
	Candidates []Candidate // by upgrade index of Instance
	nodes      int         // nodes per layer
	arcEdge    []int32     // arc → edge ID
	arcLayer   []int32     // arc → layer
	hazard     []float64   // arc → −ln(1−p) of its edge, without the time term
	// extras per upgrade: the risk.Extra each effect becomes
	extras [][]risk.Extra
}

// FromModel returns the instance of model m for the named carriers (nil:
// every carrier of m) with the menu of candidates. Arc lengths are m's
// weights −ln(1−p) + β·hours; a carrier's unusable edges are left out. A
// candidate naming no element of the graph is an error; one that reaches
// no edge the carriers use is dropped (Candidates holds those kept).
func FromModel(m *risk.Model, carriers []string, menu []Candidate) (*Corridor, error) {
	if m == nil {
		return nil, fmt.Errorf("%w: nil model", ErrBadInstance)
	}
	if carriers == nil {
		for _, c := range m.Carriers() {
			carriers = append(carriers, c.Name)
		}
	}
	if len(carriers) == 0 {
		return nil, fmt.Errorf("%w: no carriers", ErrBadInstance)
	}
	g := m.Graph()
	n := g.NumNodes()
	c := &Corridor{Model: m, Carriers: slices.Clone(carriers), Candidates: slices.Clone(menu), nodes: n}
	var arcs []Arc
	// arcsOf[layer][edge] = arc index or −1
	arcsOf := make([][]int32, len(carriers))
	for li, name := range carriers {
		w, err := m.Weights(name)
		if err != nil {
			return nil, err
		}
		p, err := m.EdgeProbs(name)
		if err != nil {
			return nil, err
		}
		arcsOf[li] = make([]int32, len(w))
		for e, we := range w {
			arcsOf[li][e] = -1
			if math.IsInf(we, 1) {
				continue
			}
			if !(we >= 0) || math.IsInf(we, 0) {
				return nil, fmt.Errorf("%w: carrier %q: edge %d has weight %v", ErrBadInstance, name, e, we)
			}
			ed := g.EdgeAt(e)
			arcsOf[li][e] = int32(len(arcs))
			arcs = append(arcs, Arc{From: li*n + int(ed.From), To: li*n + int(ed.To), Length: we})
			c.arcEdge = append(c.arcEdge, int32(e))
			c.arcLayer = append(c.arcLayer, int32(li))
			c.hazard = append(c.hazard, -math.Log1p(-float64(p[e])))
		}
	}
	// Elements: crossing edges by (crossing, country entered), gap edges
	// (entering a gap point) by segment.
	crossingEdges := map[[2]string][]int{}
	gapEdges := map[string][]int{}
	for e := 0; e < g.NumEdges(); e++ {
		ed := g.EdgeAt(e)
		switch {
		case ed.Kind == route.EdgeCrossing || ed.Kind == route.EdgeFerry && ed.Feature != "":
			k := [2]string{ed.Feature, ed.Country2}
			crossingEdges[k] = append(crossingEdges[k], e)
		case ed.Kind == route.EdgeGap && ed.Country2 != "" && ed.Feature != "":
			gapEdges[ed.Feature] = append(gapEdges[ed.Feature], e)
		}
	}
	up := make([]Upgrade, len(menu))
	c.extras = make([][]risk.Extra, len(menu))
	for u, cand := range menu {
		var layers []int
		for li, name := range carriers {
			if cand.Carriers == nil || slices.Contains(cand.Carriers, name) {
				layers = append(layers, li)
			}
		}
		up[u] = Upgrade{Name: cand.Name(), Cost: cand.Cost, Group: cand.Group}
		onCrossing := cand.Kind == Scanner || cand.Kind == Dogs
		for k, pl := range cand.Effects {
			carr, ls := cand.Carriers, layers
			if pl.Carrier != "" {
				carr, ls = []string{pl.Carrier}, nil
				for li, name := range carriers {
					if name == pl.Carrier {
						ls = append(ls, li)
					}
				}
			}
			var edges []int
			if onCrossing {
				edges = crossingEdges[[2]string{pl.Feature, cand.Side}]
			} else {
				edges = gapEdges[pl.Feature]
			}
			if len(edges) == 0 {
				return nil, &UpgradeError{Upgrade: u, Name: cand.Name(), Effect: k,
					Problem: fmt.Sprintf("%s %q names no element of the graph", map[bool]string{true: "crossing into " + cand.Side, false: "segment"}[onCrossing], pl.Feature)}
			}
			if !(pl.Pi >= 0 && pl.Pi < 1) {
				return nil, &UpgradeError{Upgrade: u, Name: cand.Name(), Effect: k, Problem: fmt.Sprintf("detection chance %v outside [0, 1)", pl.Pi)}
			}
			for _, e := range edges {
				c.extras[u] = append(c.extras[u], risk.Extra{Edge: e, Carriers: carr, Country: cand.Side, P: risk.Prob(pl.Pi)})
				for _, li := range ls {
					if a := arcsOf[li][e]; a >= 0 {
						up[u].Effects = append(up[u].Effects, Effect{Arc: int(a), Pi: pl.Pi})
					}
				}
			}
		}
	}
	// Drop candidates that reach no arc of the carriers (a vehicle barrier
	// where only couriers on foot can cross).
	kept := up[:0]
	var keptC []Candidate
	var keptX [][]risk.Extra
	for u := range up {
		if len(up[u].Effects) > 0 {
			kept = append(kept, up[u])
			keptC = append(keptC, menu[u])
			keptX = append(keptX, c.extras[u])
		}
	}
	c.Candidates, c.extras = keptC, keptX
	if len(kept) == 0 {
		return nil, fmt.Errorf("%w: no candidate of %d reaches an edge the carriers %v use", ErrBadUpgrade, len(menu), carriers)
	}
	in, err := NewInstance(len(carriers)*n, arcs, kept)
	if err != nil {
		return nil, err
	}
	c.Instance = in
	return c, nil
}

// Node returns the instance node of graph node id in the layer of carrier
// index layer.
func (c *Corridor) Node(layer int, id int64) int { return layer*c.nodes + int(id) }

// Edge returns the graph edge ID and the carrier layer of arc a.
func (c *Corridor) Edge(a int) (edge, layer int) { return int(c.arcEdge[a]), int(c.arcLayer[a]) }

// Extras returns the plan's upgrades as extra chances for
// (*risk.Model).WithExtra.
func (c *Corridor) Extras(plan []int) ([]risk.Extra, error) {
	var out []risk.Extra
	for _, u := range plan {
		if u < 0 || u >= len(c.extras) {
			return nil, fmt.Errorf("%w: upgrade %d of %d", ErrBadUpgrade, u, len(c.extras))
		}
		out = append(out, c.extras[u]...)
	}
	return out, nil
}

// Scenarios returns the origin–destination pairs of each carrier layer
// weighted by the tonnes res routes between them (res a result of the
// corridor's model or of one on its graph), heaviest first (ties by
// layer, origin, destination).
func (c *Corridor) Scenarios(res *risk.Result) ([]OD, error) {
	if res == nil {
		return nil, fmt.Errorf("%w: nil result", ErrBadScenario)
	}
	layer := map[string]int{}
	for i, name := range c.Carriers {
		layer[name] = i
	}
	idx := map[[2]int]int{}
	var ods []OD
	for _, r := range res.Routes {
		li, ok := layer[r.Carrier]
		if !ok || r.Tonnes <= 0 || len(r.Path.Nodes) < 2 {
			continue
		}
		o, d := c.Node(li, r.Path.Nodes[0]), c.Node(li, r.Path.Nodes[len(r.Path.Nodes)-1])
		k := [2]int{o, d}
		i, seen := idx[k]
		if !seen {
			i = len(ods)
			idx[k] = i
			ods = append(ods, OD{Origin: o, Destination: d})
		}
		ods[i].Weight += r.Tonnes
	}
	if len(ods) == 0 {
		return nil, fmt.Errorf("%w: no routed flow for the carriers %v", ErrBadScenario, c.Carriers)
	}
	slices.SortStableFunc(ods, func(a, b OD) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.Origin, b.Origin), cmp.Compare(a.Destination, b.Destination))
	})
	return ods, nil
}

// Interdiction returns the chance that a shipment is interdicted on the
// smuggler's cheapest route under plan, averaged over the weighted
// scenarios: Σ w (1 − Π(1 − p_e)) / Σ w over each scenario's route, the
// route cheapest by the instance's cost (travel time included) and p_e the
// model's probability of each edge with the plan's upgrades.
func (c *Corridor) Interdiction(plan []int, scen []OD) (float64, error) {
	in := c.Instance
	if err := checkODs(in, scen, true); err != nil {
		return 0, err
	}
	l, err := in.planLengths(plan)
	if err != nil {
		return 0, err
	}
	var path []int32
	var total, caught float64
	err = in.fromOrigins(scen, l, func(i int, t *tree) error {
		od := scen[i]
		if math.IsInf(t.dist[od.Destination], 1) {
			return fmt.Errorf("%w: scenario %d (node %d to %d)", ErrNoPath, i, od.Origin, od.Destination)
		}
		path = in.pathTo(t, od.Destination, path[:0])
		h := 0.0
		for _, a := range path {
			h += c.hazard[a] + l[a] - in.base[a] // the plan's δ adds to the hazard
		}
		caught += od.Weight * -math.Expm1(-h)
		total += od.Weight
		return nil
	})
	if err != nil {
		return 0, err
	}
	if !(total > 0) {
		return 0, fmt.Errorf("%w: weights add up to %v", ErrBadScenario, total)
	}
	return caught / total, nil
}

// Route returns the graph edges of the smuggler's cheapest route for pair
// od under plan, in order, and the index of its carrier in Carriers.
func (c *Corridor) Route(plan []int, od OD) (edges []int, carrier int, err error) {
	in := c.Instance
	if err := checkODs(in, []OD{od}, false); err != nil {
		return nil, 0, err
	}
	l, err := in.planLengths(plan)
	if err != nil {
		return nil, 0, err
	}
	var t tree
	newSearcher(in).runTo(&t, od.Origin, l, false, []int{od.Destination})
	path := in.pathTo(&t, od.Destination, nil)
	if path == nil {
		return nil, 0, fmt.Errorf("%w: node %d to %d", ErrNoPath, od.Origin, od.Destination)
	}
	for _, a := range path {
		edges = append(edges, int(c.arcEdge[a]))
	}
	return edges, int(c.arcLayer[path[0]]), nil
}

// Evaluate returns the result of the corridor's model with the plan's
// upgrades in place (see (*risk.Model).WithExtra), routes and flows chosen
// anew.
func (c *Corridor) Evaluate(plan []int) (*risk.Result, error) {
	x, err := c.Extras(plan)
	if err != nil {
		return nil, err
	}
	m, err := c.Model.WithExtra(x)
	if err != nil {
		return nil, err
	}
	return m.Run()
}
