package dynamics

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// An epoch is the model in force between two events: its static result,
// the choice sets grouped by pair, and every route's stages.
type epoch struct {
	model  *risk.Model
	res    *risk.Result
	theta  float64
	pairs  []epair
	routes []eroute
	// elemH is the largest base hazard −ln(1−p) of each element over the
	// routes, by element index (0 for elements outside this epoch).
	elemH []float64
	// in reports whether an element is on some route, by element index.
	in []bool
}

// An epair is one carrier's origin–destination pair for one commodity.
type epair struct {
	tonnes    float64 // static flow, t a year
	routes    []int32
	commodity int32   // index into world.commodities; −1 without commodities
	sizeKg    float64 // starting shipment size
}

// An eroute is one route of a choice set with its stages in order.
type eroute struct {
	r      *risk.Route
	pair   int32
	stages []estage
	elems  []int32   // distinct elements in the order crossed
	elemH  []float64 // base hazard of each of elems on this route
	// firstC[i] is true when stage i is the first of its country on the
	// route (the flow reaching it is the country's inflow).
	firstC []bool
	// firstE[i] is true when stage i is the first of its element.
	firstE []bool
	cum    []float64 // scratch: cumulative log survival under effort
	// cumMonth is the sim's monthNo when cum was filled (0: never).
	cumMonth int
}

// An estage is one interdiction chance of a route.
type estage struct {
	lq      float64 // log(1 − p), p at the model's effort
	edge    int32
	country int32
	elem    int32 // −1 inland
	unit    int32 // index of (elem, country) in the services' units; −1 inland
}

// world holds what persists across epochs: countries, elements and the
// border services' units.
type world struct {
	g         *route.Graph
	countries []string
	countryIx map[string]int32
	elements  []Element
	elemIx    map[string]int32
	units     []unit
	unitIx    map[[2]int32]int32
	// elemOf caches element by edge ID: −2 not yet looked up (EdgeAt
	// copies the edge's line).
	elemOf []int32
	// commodities are the names of the first model's commodities, in
	// the order of its settings; empty for a model without them.
	commodities []string
}

// A unit is one country's effort at one element.
type unit struct{ elem, country int32 }

func newWorld(m *risk.Model) *world {
	w := &world{g: m.Graph(), countryIx: map[string]int32{}, elemIx: map[string]int32{}, unitIx: map[[2]int32]int32{}}
	for _, c := range m.Countries() {
		w.country(c)
	}
	for _, c := range m.Settings().Commodities {
		w.commodities = append(w.commodities, c.Name)
	}
	return w
}

func (w *world) country(code string) int32 {
	if i, ok := w.countryIx[code]; ok {
		return i
	}
	i := int32(len(w.countries))
	w.countries = append(w.countries, code)
	w.countryIx[code] = i
	return i
}

// element returns the element of edge e, or −1 when e crosses no border.
func (w *world) element(e int) int32 {
	if w.elemOf == nil {
		w.elemOf = make([]int32, w.g.NumEdges())
		for i := range w.elemOf {
			w.elemOf[i] = -2
		}
	}
	if v := w.elemOf[e]; v != -2 {
		return v
	}
	v := w.lookupElement(e)
	w.elemOf[e] = v
	return v
}

// lookupElement returns the element of edge e, adding it when new, or −1.
func (w *world) lookupElement(e int) int32 {
	ed := w.g.EdgeAt(e)
	var kind string
	switch {
	case ed.Kind == route.EdgeCrossing:
		kind = "crossing"
	case ed.Kind == route.EdgeFerry:
		kind = "ferry"
	case ed.Kind == route.EdgeGap && ed.Country2 != "":
		kind = "gap"
	default:
		return -1
	}
	if ed.Feature == "" {
		return -1
	}
	if i, ok := w.elemIx[ed.Feature]; ok {
		return i
	}
	i := int32(len(w.elements))
	w.elements = append(w.elements, Element{ID: ed.Feature, Kind: kind, Point: w.g.NodeAt(ed.To).Point})
	w.elemIx[ed.Feature] = i
	return i
}

func (w *world) unit(elem, country int32) int32 {
	k := [2]int32{elem, country}
	if i, ok := w.unitIx[k]; ok {
		return i
	}
	i := int32(len(w.units))
	w.units = append(w.units, unit{elem, country})
	w.unitIx[k] = i
	return i
}

// newEpoch runs m and lays out its choice sets: one pair per carrier,
// commodity, origin and destination, each commodity's hazards raised to its
// detection factor (p becomes 1 − (1−p)^f, as in risk) and its shipments
// starting at its own size (shipmentKg when it has none).
func newEpoch(w *world, m *risk.Model, shipmentKg float64) (*epoch, error) {
	res, err := m.Run()
	if err != nil {
		return nil, err
	}
	if len(res.Routes) == 0 {
		return nil, fmt.Errorf("%w: the model %q routes no flow", ErrNoRoute, res.Settings.Name)
	}
	ep := &epoch{model: m, res: res, theta: res.Settings.Theta}
	pairIx := map[string]int32{}
	type stageKey struct {
		carrier string
		edge    int
	}
	cache := map[stageKey][]risk.Stage{}
	for i := range res.Routes {
		r := &res.Routes[i]
		key := r.Carrier + "\x00" + r.Commodity + "\x00" + r.Origin + "\x00" + r.Destination
		pi, ok := pairIx[key]
		if !ok {
			p, err := w.pair(res, r.Commodity, shipmentKg)
			if err != nil {
				return nil, err
			}
			pi = int32(len(ep.pairs))
			pairIx[key] = pi
			ep.pairs = append(ep.pairs, p)
		}
		factor := w.factor(res, r.Commodity)
		ep.pairs[pi].tonnes += r.Tonnes
		ep.pairs[pi].routes = append(ep.pairs[pi].routes, int32(i))
		er := eroute{r: r, pair: pi}
		seenC := map[int32]bool{}
		elemPos := map[int32]int{}
		for _, e := range r.Path.Edges {
			sts, ok := cache[stageKey{r.Carrier, e}]
			if !ok {
				sts, err = m.EdgeStages(r.Carrier, e)
				if err != nil {
					return nil, err
				}
				cache[stageKey{r.Carrier, e}] = sts
			}
			el := w.element(e)
			for _, st := range sts {
				c := w.country(st.Country)
				s := estage{lq: factor * math.Log1p(-float64(st.P)), edge: int32(e), country: c, elem: -1, unit: -1}
				if st.Kind != risk.StageInland && el >= 0 {
					s.elem = el
					s.unit = w.unit(el, c)
				}
				er.firstC = append(er.firstC, !seenC[c])
				seenC[c] = true
				first := false
				if s.elem >= 0 {
					j, ok := elemPos[s.elem]
					if !ok {
						j = len(er.elems)
						elemPos[s.elem] = j
						er.elems = append(er.elems, s.elem)
						er.elemH = append(er.elemH, 0)
						first = true
					}
					er.elemH[j] -= s.lq
				}
				er.firstE = append(er.firstE, first)
				er.stages = append(er.stages, s)
			}
		}
		er.cum = make([]float64, len(er.stages))
		ep.routes = append(ep.routes, er)
	}
	ep.elemH = make([]float64, len(w.elements))
	ep.in = make([]bool, len(w.elements))
	for i := range ep.routes {
		r := &ep.routes[i]
		for j, v := range r.elems {
			ep.in[v] = true
			ep.elemH[v] = max(ep.elemH[v], r.elemH[j])
		}
	}
	return ep, nil
}

// pair returns an empty pair of the named commodity ("" for none) with
// its starting shipment size, or an error when the commodity is not one of
// the run's (an event that adds a commodity).
func (w *world) pair(res *risk.Result, commodity string, shipmentKg float64) (epair, error) {
	p := epair{commodity: -1, sizeKg: shipmentKg}
	if commodity == "" {
		return p, nil
	}
	i := slices.Index(w.commodities, commodity)
	if i < 0 {
		return p, fmt.Errorf("%w: commodity %q is not one of the first model's %v", ErrBadSetting, commodity, w.commodities)
	}
	p.commodity = int32(i)
	for _, c := range res.Settings.Commodities {
		if c.Name == commodity && c.ShipmentKg > 0 {
			p.sizeKg = c.ShipmentKg
		}
	}
	return p, nil
}

// factor returns the detection factor of the named commodity in res's
// settings: 1 for none or zero (risk's rule).
func (w *world) factor(res *risk.Result, commodity string) float64 {
	for _, c := range res.Settings.Commodities {
		if c.Name == commodity && c.DetectionFactor > 0 {
			return c.DetectionFactor
		}
	}
	return 1
}

// baseLoss returns the share of the routed flow seized in the epoch's
// static equilibrium.
func (ep *epoch) baseLoss() float64 {
	t := ep.res.RoutedTonnes()
	if t <= 0 {
		return 0
	}
	return ep.res.SeizedKg() / (1000 * t)
}

// point returns where a stage's seizures are shown: its element's point,
// or the middle vertex of its edge.
func (w *world) point(st estage) orb.Point {
	if st.elem >= 0 {
		return w.elements[st.elem].Point
	}
	ed := w.g.EdgeAt(int(st.edge))
	if len(ed.Line) > 0 {
		return ed.Line[len(ed.Line)/2]
	}
	return w.g.NodeAt(ed.From).Point
}
