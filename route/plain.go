package route

import (
	"fmt"
	"math"
)

// A PlainEdge is one edge of a plain edge list: the nodes it joins and its
// weight.
type PlainEdge struct {
	From, To int64
	Weight   float64 // ≥ 0; +Inf: the edge is present but forbidden
}

// FromEdges returns the graph of numNodes nodes (IDs 0..numNodes-1) and the
// given edges (edge IDs in list order), weighted by their Weight: the way
// to use this package's routines on a network of one's own. Every edge
// carries every mode and its LengthKm is its weight (0 when +Inf); nodes
// have no place or name. It returns an error wrapping ErrUnknownNode for an
// endpoint out of range, ErrBadEdge for a loop, and ErrBadWeight for a
// negative or NaN weight, naming the edge.
func FromEdges(numNodes int, edges []PlainEdge) (*Graph, error) {
	if numNodes < 0 || numNodes >= math.MaxInt32 {
		return nil, fmt.Errorf("%w: %d nodes", ErrBadParameter, numNodes)
	}
	b := NewBuilder()
	b.nodes = make([]Node, numNodes)
	for i := range b.nodes {
		b.nodes[i] = Node{ID: int64(i), Kind: NodeJunction}
	}
	w := make([]float64, len(edges))
	for i, e := range edges {
		if !(e.Weight >= 0) {
			return nil, &WeightError{Edge: i, Value: e.Weight, Err: ErrBadWeight}
		}
		km := e.Weight
		if math.IsInf(km, 1) {
			km = 0
		}
		if _, err := b.AddEdge(Edge{From: e.From, To: e.To, Kind: EdgeRoad, Modes: AllModes, LengthKm: km}); err != nil {
			return nil, err
		}
		w[i] = e.Weight
	}
	g := b.Graph()
	for _, x := range w {
		if math.IsInf(x, 1) {
			// Weights differ from lengths: hold them apart.
			return newGraph(g.c, w, nil, nil), nil
		}
	}
	return g, nil // the lengths are the weights, held once
}
