package route

import (
	"fmt"
	"math"

	"github.com/routerisk/routerisk/geo"
)

// Validate returns the problems of a built graph that make parts of an
// analysis empty, by any mode over the edges of finite weight: an origin
// from which no destination can be reached and a destination no origin
// reaches (errors, layer "origins" or "destinations", ID the place's
// name), and a gap point no origin reaches (a warning, layer "segments",
// ID the segment's ID: no settlement on either side within
// Settings.MaxLinkKm). It returns one error finding for a nil graph.
func Validate(g *Graph) []geo.Finding {
	if g == nil || g.c == nil {
		return []geo.Finding{{Severity: geo.Error, Layer: "graph", Message: "nil graph"}}
	}
	var out []geo.Finding
	orig, dest := toInt32(g.OriginNodes()), toInt32(g.DestinationNodes())
	if len(orig) == 0 || len(dest) == 0 {
		return []geo.Finding{{Severity: geo.Error, Layer: "origins", Message: "the graph has no origins or no destinations: fill Corridor.Origins and Corridor.Destinations"}}
	}
	fromO, _ := g.ssspAll(g.forward(), orig, AllModes)
	toD, _ := g.ssspAll(g.backward(), dest, AllModes)
	for _, p := range g.orig {
		if math.IsInf(toD[p.Node], 1) {
			out = append(out, geo.Finding{Severity: geo.Error, Layer: "origins", ID: p.Name,
				Message: fmt.Sprintf("no destination can be reached from it (node %s)", g.nodeLabel(p.Node))})
		}
	}
	for _, p := range g.dest {
		if math.IsInf(fromO[p.Node], 1) {
			out = append(out, geo.Finding{Severity: geo.Error, Layer: "destinations", ID: p.Name,
				Message: fmt.Sprintf("no origin reaches it (node %s)", g.nodeLabel(p.Node))})
		}
	}
	for v := range g.c.nodes {
		if n := &g.c.nodes[v]; n.Kind == NodeGap && math.IsInf(fromO[v], 1) {
			out = append(out, geo.Finding{Severity: geo.Warning, Layer: "segments", ID: g.c.strs[n.feature],
				Message: "no origin reaches this gap point: no settlement on either side within Settings.MaxLinkKm, or none joined to the network"})
		}
	}
	return out
}
