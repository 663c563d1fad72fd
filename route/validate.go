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
	var fwd, bwd slotList // once only: not kept in g's cache
	g.fillSlots(&fwd, AllModes, false)
	g.fillSlots(&bwd, AllModes, true)
	fromO, _ := g.ssspAll(&fwd, orig)
	toD, _ := g.ssspAll(&bwd, dest)
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

// CheckClasses returns a warning for each road or railway class of c that
// is not in s.ClassKmh and has no posted speed, so that a misspelt class
// ("primray") is not silently travelled at s.OtherKmh: layer "roads" or
// "railways", ID the first line of that class, in the order met.
func CheckClasses(c *geo.Corridor, s *Settings) []geo.Finding {
	if c == nil || s == nil {
		return nil
	}
	var out []geo.Finding
	for _, l := range []struct {
		name  string
		lines []geo.Road
	}{{"roads", c.Roads}, {"railways", c.Railways}} {
		count := map[string]int{}
		first := map[string]string{}
		var order []string
		for _, r := range l.lines {
			class := normClass(r.Class)
			if r.MaxSpeedKmh > 0 {
				continue
			}
			if _, ok := s.ClassKmh[class]; ok {
				continue
			}
			if count[class] == 0 {
				order = append(order, class)
				first[class] = r.ID
			}
			count[class]++
		}
		for _, class := range order {
			out = append(out, geo.Finding{Severity: geo.Warning, Layer: l.name, ID: first[class],
				Message: fmt.Sprintf("class %q (%d lines) is not in Settings.ClassKmh and they have no maxspeed: travelled at OtherKmh, %g km/h", class, count[class], s.OtherKmh)})
		}
	}
	return out
}
