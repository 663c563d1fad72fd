package geo

import (
	"github.com/paulmach/orb"
)

// A Country is a state of the corridor with its territory.
type Country struct {
	Code     string           // ISO 3166-1 alpha-3, e.g. "KAZ"
	Name     string           // English short name
	Geometry orb.MultiPolygon // WGS 84 lon/lat, right-hand outer rings
}

// A Border is the common boundary of two countries.
type Border struct {
	A, B     string              // ISO alpha-3 codes, A < B
	Geometry orb.MultiLineString // WGS 84 lon/lat
	Source   string              // where the line comes from, e.g. "topojson-arcs"
}

// Pair returns the border's country pair as "A-B", for example "AFG-TJK".
func (b Border) Pair() string { return b.A + "-" + b.B }

// A Settlement is a populated place.
type Settlement struct {
	ID         string    // stable identifier, e.g. "geonames:KZ:Almaty:43.25654:76.92848"
	Name       string    // name as published by the source
	Country    string    // ISO alpha-3
	Point      orb.Point // lon/lat
	Population int       // 0 when the source does not say
}

// CrossingMode is the way an official crossing is passed.
type CrossingMode string

// The crossing modes.
const (
	ModeRoad   CrossingMode = "road"
	ModeRail   CrossingMode = "rail"
	ModeBridge CrossingMode = "bridge"
	ModeFerry  CrossingMode = "ferry"
)

// Regime is the customs and border regime at an official crossing.
type Regime string

// The crossing regimes (see DESIGN.md: the interdiction model).
const (
	RegimeFull         Regime = "full"          // every shipment liable to inspection
	RegimeTIRSealed    Regime = "tir_sealed"    // sealed TIR transit not opened
	RegimeCustomsUnion Regime = "customs_union" // no customs inspection (KAZ–RUS since July 2011)
	RegimeClosed       Regime = "closed"        // not open to traffic
)

// A Crossing is an official border crossing point, or a sea port where the
// border is crossed by ferry.
type Crossing struct {
	ID      string       // stable identifier, "A-B-name" with A < B, e.g. "AFG-UZB-hairatan-termez"
	Name    string       // e.g. "Termez – Hairatan Friendship Bridge"
	A, B    string       // ISO alpha-3 codes of the two sides; B is empty for a sea port
	Point   orb.Point    // on the border line (or the coast for a port)
	Mode    CrossingMode // road, rail, bridge or ferry
	Regime  Regime       // full, tir_sealed, customs_union or closed
	Scanner bool         // a cargo scanner (X-ray / gamma) is installed
	Dogs    bool         // a canine unit works there
	Source  string       // where the position and facts come from

	// InspectionRate is the share of shipments searched there, in [0,1],
	// from the property inspection_rate; nil means the regime's rate. A
	// rule that changes the regime replaces it with the new regime's rate.
	InspectionRate *float64
	// WaitHours is the time a shipment waits to pass, in hours ≥ 0 (queues,
	// customs), from the property wait_hours; nil means the graph's
	// CrossingHours.
	WaitHours *float64
}

// OutpostSource says where an outpost comes from.
type OutpostSource string

// The outpost sources.
const (
	OutpostAtCrossing OutpostSource = "crossing" // an official crossing is an outpost
	OutpostModelled   OutpostSource = "modelled" // spaced along a border by ModelOutposts
	OutpostUser       OutpostSource = "user"     // from a user's layer
)

// An Outpost is a border-guard post.
type Outpost struct {
	ID      string
	Country string    // ISO alpha-3 of the guarding country
	Point   orb.Point // lon/lat
	Source  OutpostSource
}

// A Road is a road or railway line: one feature of a road or railway
// layer, as an analyst exports it from OpenStreetMap, or one link of a
// corridor's trunk table. route nodes lines where they share vertices or
// cross and joins them to settlements and crossings.
type Road struct {
	ID      string
	Name    string // e.g. "M39"; "" when the layer does not say
	Country string // ISO alpha-3; "" when the layer does not say (route takes it from the countries)
	// Class is the OpenStreetMap highway class ("motorway", "trunk",
	// "primary", "secondary", "tertiary", "unclassified", "track", ...)
	// for a road, or the railway class ("rail") for a railway. It picks the
	// speed when MaxSpeedKmh is zero.
	Class string
	// MaxSpeedKmh is the posted speed in km/h; 0 when unknown.
	MaxSpeedKmh float64
	Line        orb.LineString
}

// A Place is a weighted point where the flow starts (an origin: a
// production or laboratory area) or ends (a destination: a market).
type Place struct {
	ID      string    // stable identifier; the name when the layer gives none
	Name    string    // e.g. "Kunduz"
	Country string    // ISO alpha-3
	Point   orb.Point // lon/lat
	// Weight is the place's relative share of the flow that starts or
	// ends there, ≥ 0; the shares of a layer need not sum to one.
	Weight float64
	Source string // where the place and its weight come from
}

// A Corridor is the whole geography of one analysis.
type Corridor struct {
	Name        string
	Window      orb.Bound // the area of interest, lon/lat
	Countries   []Country
	Borders     []Border
	Settlements []Settlement
	Crossings   []Crossing
	Outposts    []Outpost // nil: none given; see ModelOutposts
	// Origins and Destinations are where the flow starts and ends. route
	// needs at least one of each and says so when they are missing.
	Origins, Destinations []Place
	Roads                 []Road // nil: none given; route links nearby settlements
	Railways              []Road // nil: none given; no rail network
}

// Severity says whether a Finding stops an analysis.
type Severity uint8

// The severities of a Finding.
const (
	Warning Severity = iota // suspicious but usable; reported
	Error                   // wrong; an analysis refuses the corridor
)

// String returns "warning" or "error".
func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// A Finding is one problem found by a validation, at one feature of one
// layer (or one setting).
type Finding struct {
	Severity Severity
	Layer    string // e.g. "crossings", "settlements", or a settings field such as "Rules"
	ID       string // the feature's or setting's ID; "" for the whole layer
	Message  string // the problem, with a hint where one helps
}

// String reads "error: crossings AFG-UZB-x: problem".
func (f Finding) String() string {
	where := f.Layer
	if f.ID != "" {
		where += " " + f.ID
	}
	return f.Severity.String() + ": " + where + ": " + f.Message
}
