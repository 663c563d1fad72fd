package risk

// sparsePricer prices only the edges a plan's routes use, for the many
// evaluations of calibration.
type sparsePricer struct {
	m       *Model
	b       float64
	slot    [][]int32 // per carrier, by edge ID: slot or −1
	edges   [][]int   // per carrier, by slot: edge ID
	start   [][]int32 // per carrier: stages of slot i are stages[start[i]:start[i+1]]
	stages  [][]stage
	w       [][]float64 // per carrier, by slot: Σ −ln(1−p) over the slot's stages
	routes  [][][]int32 // per pair, per route: its slots
	scratch []Route
	kg      []float64
}

func newSparsePricer(m *Model, pl *plan) *sparsePricer {
	nc := len(m.carriers)
	sp := &sparsePricer{m: m, slot: make([][]int32, nc), edges: make([][]int, nc), start: make([][]int32, nc), stages: make([][]stage, nc)}
	for ci := range nc {
		sp.slot[ci] = make([]int32, len(m.edges))
		for e := range sp.slot[ci] {
			sp.slot[ci][e] = -1
		}
	}
	sp.routes = make([][][]int32, len(pl.pairs))
	for pi, p := range pl.pairs {
		sp.routes[pi] = make([][]int32, len(p.routes))
		for ri, r := range p.routes {
			slots := make([]int32, len(r.Path.Edges))
			for i, e := range r.Path.Edges {
				if sp.slot[p.carrier][e] < 0 {
					sp.slot[p.carrier][e] = int32(len(sp.edges[p.carrier]))
					sp.edges[p.carrier] = append(sp.edges[p.carrier], e)
				}
				slots[i] = sp.slot[p.carrier][e]
			}
			sp.routes[pi][ri] = slots
		}
	}
	sp.w = make([][]float64, nc)
	sp.kg = make([]float64, len(m.countries))
	return sp
}

// seizures returns the expected seizures in kg by country index of the
// plan priced by the last update under s: what assign computes, without the
// flows per edge and route, for the many evaluations of calibration.
func (sp *sparsePricer) seizures(pl *plan, s *Settings) []float64 {
	seized := sp.kg
	clear(seized)
	theta := s.Theta
	for pi := range pl.pairs {
		p := &pl.pairs[pi]
		w, start, stages := sp.w[p.carrier], sp.start[p.carrier], sp.stages[p.carrier]
		rs := append(sp.scratch[:0], p.routes...)
		for ri, slots := range sp.routes[pi] {
			var cost float64
			for _, sl := range slots {
				cost += w[sl]
			}
			rs[ri].Cost = p.factor*cost + sp.b*rs[ri].Hours
		}
		logitShares(rs, theta, s.NestScale)
		for ri, slots := range sp.routes[pi] {
			alive := 1000 * p.tonnes * rs[ri].Share
			for _, sl := range slots {
				for _, st := range stages[start[sl]:start[sl+1]] {
					kg := alive * float64(st.p.Pow(p.factor))
					seized[st.country] += kg
					alive -= kg
				}
			}
		}
		sp.scratch = rs[:0]
	}
	return seized
}

// update prices the used edges under s.
func (sp *sparsePricer) update(s *Settings) error {
	sp.b = s.Beta
	for ci, t := range sp.m.carriers {
		st := sp.stages[ci][:0]
		start := append(sp.start[ci][:0], 0)
		for _, e := range sp.edges[ci] {
			var err error
			st, _, err = sp.m.edgeStages(s, t, &sp.m.edges[e], st)
			if err != nil {
				return err
			}
			start = append(start, int32(len(st)))
		}
		sp.stages[ci], sp.start[ci] = st, start
		w := sp.w[ci][:0]
		for i := range sp.edges[ci] {
			var sum float64
			for _, x := range st[start[i]:start[i+1]] {
				sum += x.p.Weight()
			}
			w = append(w, sum)
		}
		sp.w[ci] = w
	}
	return nil
}

func (sp *sparsePricer) stagesOf(ci, e int) []stage {
	i := sp.slot[ci][e]
	return sp.stages[ci][sp.start[ci][i]:sp.start[ci][i+1]]
}

func (sp *sparsePricer) beta() float64 { return sp.b }
