package route

import (
	"fmt"
	"slices"
	"strings"
)

// Modes is a set of travel modes, as a bit set.
type Modes uint8

// The travel modes.
const (
	Foot Modes = 1 << iota
	Horse
	Vehicle
	Truck
	Rail
	Ferry

	// AllModes is every mode: no restriction.
	AllModes = Foot | Horse | Vehicle | Truck | Rail | Ferry

	// RoadModes are the modes that use roads: foot, horse, vehicle, truck.
	RoadModes = Foot | Horse | Vehicle | Truck
)

var modeNames = [...]string{"foot", "horse", "vehicle", "truck", "rail", "ferry"}

// String returns the modes joined by "|" in the fixed order foot, horse,
// vehicle, truck, rail, ferry; the empty set is "".
func (m Modes) String() string {
	var parts []string
	for i, name := range modeNames {
		if m&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	return strings.Join(parts, "|")
}

// Has reports whether m shares a mode with o.
func (m Modes) Has(o Modes) bool { return m&o != 0 }

// ParseModes returns the modes named in s, the inverse of String: names
// joined by "|", in any order, surrounding spaces ignored; "" is no mode.
func ParseModes(s string) (Modes, error) {
	var m Modes
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	for _, part := range strings.Split(s, "|") {
		i := slices.Index(modeNames[:], strings.ToLower(strings.TrimSpace(part)))
		if i < 0 {
			return 0, fmt.Errorf("%w: unknown mode %q in %q", ErrBadParameter, part, s)
		}
		m |= 1 << i
	}
	return m, nil
}

// NodeKind is the kind of a graph node.
type NodeKind uint8

// The node kinds.
const (
	NodeSettlement   NodeKind = iota // a settlement
	NodeJunction                     // a road junction of a user's road layer
	NodeCrossingSide                 // one side of an official crossing, or a sea port
	NodeGap                          // the gap point of a border segment
)

var nodeKindNames = [...]string{"settlement", "junction", "crossing_side", "gap"}

// String returns "settlement", "junction", "crossing_side" or "gap".
func (k NodeKind) String() string {
	if int(k) < len(nodeKindNames) {
		return nodeKindNames[k]
	}
	return fmt.Sprintf("NodeKind(%d)", k)
}

// ParseNodeKind returns the node kind named s, the inverse of String.
func ParseNodeKind(s string) (NodeKind, error) {
	i := slices.Index(nodeKindNames[:], s)
	if i < 0 {
		return 0, fmt.Errorf("%w: unknown node kind %q", ErrBadParameter, s)
	}
	return NodeKind(i), nil
}

// EdgeKind is the kind of a graph edge.
type EdgeKind uint8

// The edge kinds.
const (
	EdgeRoad     EdgeKind = iota // a trunk highway link or a road of a road layer
	EdgeLocal                    // a local link between nearby places of one country
	EdgeCrossing                 // an official crossing, from one side to the other
	EdgeGap                      // an off-road link to or from a border segment's gap point
	EdgeFerry                    // a sea link between two ports
	EdgeRail                     // a railway link
)

var edgeKindNames = [...]string{"road", "local", "crossing", "gap", "ferry", "rail"}

// String returns "road", "local", "crossing", "gap", "ferry" or "rail".
func (k EdgeKind) String() string {
	if int(k) < len(edgeKindNames) {
		return edgeKindNames[k]
	}
	return fmt.Sprintf("EdgeKind(%d)", k)
}

// ParseEdgeKind returns the edge kind named s, the inverse of String.
func ParseEdgeKind(s string) (EdgeKind, error) {
	i := slices.Index(edgeKindNames[:], s)
	if i < 0 {
		return 0, fmt.Errorf("%w: unknown edge kind %q", ErrBadParameter, s)
	}
	return EdgeKind(i), nil
}
