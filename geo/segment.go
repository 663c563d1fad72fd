package geo

import "github.com/paulmach/orb"

// A Segment is a stretch of one border, of about the length asked for, with
// its remoteness from people and guards.
type Segment struct {
	ID       string         // stable: "<A>-<B>-<part>-<index>", e.g. "KAZ-KGZ-001-0042"
	A, B     string         // ISO alpha-3 codes, A < B
	Line     orb.LineString // lon/lat
	Mid      orb.Point      // the point halfway along Line
	LengthKm float64        // geodesic length
	Remote   Remoteness
}

// Remoteness holds geodesic distances in km from a segment to the nearest
// site of each kind, on each side of the border: index 0 is country A, 1 is
// country B. A distance is +Inf when that side has no site of the kind.
type Remoteness struct {
	SettlementKm [2]float64
	OutpostKm    [2]float64
	CrossingKm   [2]float64
}
