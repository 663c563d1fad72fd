package dynamics

import (
	"time"

	"github.com/paulmach/orb"
)

// A Simulation is the month-by-month outcome of Run.
type Simulation struct {
	Settings  Settings
	Countries []string // ISO codes, sorted; every Month.Countries follows this order
	// Commodities are the names of the model's commodities (risk's
	// Settings.Commodities), in its order; every Commodities slice of a
	// Month or CountryMonth follows it. Empty for a model without them.
	Commodities []string
	Elements    []Element // every crossing and gap of any choice set, in order of first appearance
	Months      []Month
	// Displacements holds one entry per event, in the order of
	// Settings.Events.
	Displacements []Displacement
	// BaselineLoss is the share of the flow seized in the static
	// equilibrium of the model Run was given: the losses the
	// organisations are used to, against which LossTolerance and
	// PruneBelow are judged.
	BaselineLoss float64
}

// An Element is an official crossing, a ferry port of arrival or a border
// segment crossed off the crossings (a gap).
type Element struct {
	ID    string
	Kind  string    // "crossing", "ferry" or "gap"
	Point orb.Point // the crossing, port or gap point, lon/lat
}

// A Month is what happened in one month of a simulation.
type Month struct {
	Date   time.Time // the first day of the month, UTC
	Supply float64   // the supply factor in force
	Events []string  // names of the events that took effect this month

	ShippedKg float64 // flow that set off, kg
	SeizedKg  float64
	Shipments int
	Seizures  int
	// MeanSeizureKg is SeizedKg/Seizures, 0 without seizures: it falls
	// when organisations split their loads.
	MeanSeizureKg float64
	// SizeFactor is the organisations' mean shipment size relative to
	// their starting sizes (1 at the start, within [1/4, 4]).
	SizeFactor float64
	// Commodities are ShippedKg (as InflowKg) and SeizedKg by commodity,
	// in the order of Simulation.Commodities; nil without commodities.
	Commodities []CommodityKg

	Countries []CountryMonth // in the order of Simulation.Countries

	// ActiveCrossings and ActiveGaps count the crossings (ferry ports
	// included) and gaps that carried flow this month.
	ActiveCrossings, ActiveGaps int
	// OpenElements counts the crossings and gaps that some organisation
	// is prepared to use (its network), whether or not it did.
	OpenElements int
	// Routes counts the routes that carried flow.
	Routes int
	// Entropy is −Σ s ln s over the routes' shares of the month's flow
	// (nats); EffectiveRoutes is exp(Entropy), the number of equally used
	// routes with the same dispersion.
	Entropy, EffectiveRoutes float64

	Elements  []ElementMonth // elements with flow, seizures or open, by element index
	Seized    []SeizureMonth // where seizures happened, by edge then country
	TopRoutes []RouteMonth   // the Settings.TopRoutes routes with the most flow, most first
}

// A CountryMonth is one country's flow and seizures in one month.
type CountryMonth struct {
	Country  string
	InflowKg float64 // flow that met the country's interdiction, kg
	SeizedKg float64
	Seizures int
	Rate     float64 // SeizedKg/InflowKg, 0 without inflow
	// Commodities split InflowKg and SeizedKg by commodity, in the order
	// of Simulation.Commodities; nil without commodities.
	Commodities []CommodityKg
}

// A CommodityKg is one commodity's part of a flow and of its seizures.
type CommodityKg struct {
	Commodity string
	InflowKg  float64
	SeizedKg  float64
}

// newCommodities returns a zero CommodityKg for each name.
func newCommodities(names []string) []CommodityKg {
	out := make([]CommodityKg, len(names))
	for i, n := range names {
		out[i].Commodity = n
	}
	return out
}

// Commodity returns the named commodity's part of cs, and false when cs
// has none.
func Commodity(cs []CommodityKg, name string) (CommodityKg, bool) {
	for _, c := range cs {
		if c.Commodity == name {
			return c, true
		}
	}
	return CommodityKg{Commodity: name}, false
}

// An ElementMonth is one crossing's or gap's flow, seizures and effort in
// one month.
type ElementMonth struct {
	Element   int     // index into Simulation.Elements
	FlowKg    float64 // flow that reached it, kg
	SeizedKg  float64
	Shipments int
	Seizures  int
	// Effort is the interdiction intensity there, the largest over the
	// countries acting at the element: 1 is the model's effort.
	Effort float64
	Open   bool // in some organisation's network
}

// A SeizureMonth is the seizures made on one edge by one country in one
// month.
type SeizureMonth struct {
	Edge     int       // graph edge ID
	Country  string    // the country that seized
	Element  int       // index into Simulation.Elements; -1 inland
	Point    orb.Point // the element's point, or the middle vertex of the edge inland
	SeizedKg float64
	Seizures int
}

// A RouteMonth is one route's flow in one month.
type RouteMonth struct {
	Carrier, Origin, Destination string
	Via                          []string // crossings and gaps in the order crossed
	Line                         orb.LineString
	Kg                           float64
}

// A Displacement is the flow an event moved between crossings and gaps:
// the mean monthly flow at each over Settings.Window months before the
// event against as many months from it on.
type Displacement struct {
	Event        string
	Date         time.Time
	BeforeMonths int // months averaged before (fewer near the start)
	AfterMonths  int
	BeforeKg     float64 // mean monthly flow summed over the elements
	AfterKg      float64
	// MovedShare is ½ Σ |after share − before share| over the elements:
	// the share of the flow that changed crossing or gap, in [0,1].
	MovedShare float64
	// Changes are the elements whose flow changed, by |AfterKg −
	// BeforeKg|, most first (ties by ID).
	Changes []ElementChange
}

// An ElementChange is one element's mean monthly flow before and after an
// event.
type ElementChange struct {
	ID, Kind          string
	BeforeKg, AfterKg float64
}
