package risk

import (
	"math"
	"slices"
	"strconv"
)

// sparsePricer prices only the edges a plan's routes use, for the many
// evaluations of calibration. Each route is cut into blocks after every
// border edge (the stretch inside one country and the border that ends
// it); routes share blocks, and a block's survival and seizures by country
// are computed once per evaluation, so a route costs a few block terms
// instead of one term per stage.
type sparsePricer struct {
	m      *Model
	b      float64
	slot   [][]int32 // per carrier, by edge ID: slot or −1
	edges  [][]int   // per carrier, by slot: edge ID
	start  [][]int32 // per carrier: stages of slot i are stages[start[i]:start[i+1]]
	stages [][]stage
	w      [][]float64 // per carrier, by slot: Σ −ln(1−p) over the slot's stages

	blocks    []block
	routes    [][][]int32 // per pair, per route: its blocks
	factors   []float64   // distinct detection factors of the pairs
	factorIx  []int       // per pair: index in factors
	blockW    [][]float64 // per factor, by block: −ln survival
	seizeFrom [][]int32   // per factor, by block: first entry in seizeC/seizeP (len blocks+1)
	seizeC    [][]int32   // per factor: country of each entry
	seizeP    [][]float64 // per factor: seized share of the flow entering the block

	scratch []Route
	kg      []float64
}

// A block is a run of consecutive slots of one carrier.
type block struct {
	carrier int
	slots   []int32
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
	blockOf := map[string]int32{}
	var key []byte
	sp.routes = make([][][]int32, len(pl.pairs))
	sp.factorIx = make([]int, len(pl.pairs))
	for pi, p := range pl.pairs {
		k := slices.Index(sp.factors, p.factor)
		if k < 0 {
			k = len(sp.factors)
			sp.factors = append(sp.factors, p.factor)
		}
		sp.factorIx[pi] = k
		sp.routes[pi] = make([][]int32, len(p.routes))
		for ri, r := range p.routes {
			var blocks []int32
			var cur []int32
			flush := func() {
				if len(cur) == 0 {
					return
				}
				key = strconv.AppendInt(key[:0], int64(p.carrier), 10)
				for _, sl := range cur {
					key = append(key, ',')
					key = strconv.AppendInt(key, int64(sl), 10)
				}
				b, ok := blockOf[string(key)]
				if !ok {
					b = int32(len(sp.blocks))
					blockOf[string(key)] = b
					sp.blocks = append(sp.blocks, block{carrier: p.carrier, slots: cur})
				}
				blocks = append(blocks, b)
				cur = nil
			}
			for _, e := range r.Path.Edges {
				if sp.slot[p.carrier][e] < 0 {
					sp.slot[p.carrier][e] = int32(len(sp.edges[p.carrier]))
					sp.edges[p.carrier] = append(sp.edges[p.carrier], e)
				}
				cur = append(cur, sp.slot[p.carrier][e])
				if m.edges[e].border() {
					flush()
				}
			}
			flush()
			sp.routes[pi][ri] = blocks
		}
	}
	nf := len(sp.factors)
	sp.w = make([][]float64, nc)
	sp.blockW, sp.seizeFrom = make([][]float64, nf), make([][]int32, nf)
	sp.seizeC, sp.seizeP = make([][]int32, nf), make([][]float64, nf)
	sp.kg = make([]float64, len(m.countries))
	return sp
}

// seizures returns the expected seizures in kg by country index of the
// plan priced by the last update under s: what assign computes, without the
// flows per edge and route, for the many evaluations of calibration.
func (sp *sparsePricer) seizures(pl *plan, s *Settings) []float64 {
	seized := sp.kg
	clear(seized)
	theta, lambda := s.Theta, s.NestScale
	for pi := range pl.pairs {
		p := &pl.pairs[pi]
		k := sp.factorIx[pi]
		bw, from, sc, spp := sp.blockW[k], sp.seizeFrom[k], sp.seizeC[k], sp.seizeP[k]
		rs := append(sp.scratch[:0], p.routes...)
		for ri, blocks := range sp.routes[pi] {
			var cost float64
			for _, b := range blocks {
				cost += bw[b]
			}
			rs[ri].Cost = cost + sp.b*rs[ri].Hours
		}
		logitShares(rs, theta, lambda)
		for ri, blocks := range sp.routes[pi] {
			alive := 1000 * p.tonnes * rs[ri].Share
			if alive == 0 {
				continue
			}
			for _, b := range blocks {
				for j := from[b]; j < from[b+1]; j++ {
					seized[sc[j]] += alive * spp[j]
				}
				alive *= math.Exp(-bw[b])
			}
		}
		sp.scratch = rs[:0]
	}
	return seized
}

// update prices the used edges and the blocks under s.
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
	for k, f := range sp.factors {
		bw, from := sp.blockW[k][:0], append(sp.seizeFrom[k][:0], 0)
		sc, spp := sp.seizeC[k][:0], sp.seizeP[k][:0]
		for _, b := range sp.blocks {
			start, stages := sp.start[b.carrier], sp.stages[b.carrier]
			alive, w := 1.0, 0.0
			first := len(sc)
			for _, sl := range b.slots {
				for _, st := range stages[start[sl]:start[sl+1]] {
					p := st.p
					if f != 1 {
						p = p.Pow(f)
					}
					if n := len(sc); n > first && sc[n-1] == st.country {
						spp[n-1] += alive * float64(p)
					} else {
						sc, spp = append(sc, st.country), append(spp, alive*float64(p))
					}
					alive -= alive * float64(p)
					w += f * st.p.Weight()
				}
			}
			bw = append(bw, w)
			from = append(from, int32(len(sc)))
		}
		sp.blockW[k], sp.seizeFrom[k], sp.seizeC[k], sp.seizeP[k] = bw, from, sc, spp
	}
	return nil
}

func (sp *sparsePricer) stagesOf(ci, e int) []stage {
	i := sp.slot[ci][e]
	return sp.stages[ci][sp.start[ci][i]:sp.start[ci][i+1]]
}

func (sp *sparsePricer) beta() float64 { return sp.b }
