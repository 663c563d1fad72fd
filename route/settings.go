package route

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Settings sets how Build turns a corridor into a graph. Start from
// DefaultSettings and change what better local knowledge gives: Build
// checks every field and a zero never stands for a default. Speeds,
// circuity factors, reaches and link counts are assumptions, documented as
// such; none is one corridor's value.
type Settings struct {
	// RoadCircuity is the ratio of road length to the length of a road or
	// railway line as drawn. Default 1 (an assumption: the lines of an
	// OpenStreetMap export follow the road). A corridor whose roads are
	// straight town-to-town links sets more.
	RoadCircuity float64
	// LocalCircuity is that ratio on local links between nearby places, on
	// the links that join places to the roads and on the access links of
	// crossings, measured against the geodesic. Default 1.3 (an assumption).
	LocalCircuity float64
	// OffRoadCircuity is that ratio on the off-road links to and from gap
	// points. Default 1.5 (an assumption: tracks across rough ground).
	OffRoadCircuity float64
	// SeaCircuity is that ratio on ferry links. Default 1.1 (an assumption).
	SeaCircuity float64

	// ClassKmh is the travel speed in km/h of each road or railway class
	// (OpenStreetMap's highway and railway values; "_link" roads take their
	// road's speed), used when a line has no MaxSpeedKmh. Default
	// DefaultClassKmh(), all assumptions. Nil: every class at OtherKmh.
	ClassKmh map[string]float64
	// OtherKmh is the speed of a class not in ClassKmh. Default 30 (an
	// assumption).
	OtherKmh float64
	// LocalKmh is the speed on local, joining and access links. Default 40
	// (an assumption).
	LocalKmh float64
	// OffRoadKmh is the speed of foot and horse traffic off road, the time
	// of gap edges. Default 4 (an assumption: walking pace).
	OffRoadKmh float64
	// FerryKmh is the speed of a ferry. Default 20 (an assumption: a ro-ro
	// ferry at about 11 knots).
	FerryKmh float64
	// CrossingHours is the time to pass an official crossing without a
	// WaitHours of its own (geo.Crossing). Default 2 (an assumption).
	CrossingHours float64
	// PortHours is the time a ferry link adds for waiting and loading at the
	// ports. Default 24 (an assumption: ro-ro ferries that sail when full,
	// not to a timetable).
	PortHours float64

	// NodeCrossings makes a junction where two lines of a road (or railway)
	// layer cross without a shared vertex, as well as at shared vertices.
	// Default true. A layer of schematic straight links, whose crossings
	// are not junctions, sets false.
	NodeCrossings bool
	// RoadLinks is the number of nearest road vertices of its country that
	// each settlement not on a road is joined to. Default 2 (an
	// assumption); 0: none.
	RoadLinks int
	// RoadReachKm is the farthest such a link reaches; a settlement with no
	// road vertex within it is joined to its nearest one up to MaxLinkKm.
	// Default 60 (an assumption).
	RoadReachKm float64
	// StationReachKm is the farthest a settlement may lie from a railway
	// vertex of its country and still be a station, joined to it by a rail
	// link; rail crossings join their nearest railway vertex within
	// AccessReachKm. Default 5 (an assumption).
	StationReachKm float64
	// LocalLinks is the number of nearest same-country settlements each
	// settlement is linked to. Default 4 (an assumption); 0: none.
	LocalLinks int
	// LocalRadiusKm is the farthest a local link reaches. A settlement with
	// no neighbour within it is linked to its nearest one at any distance up
	// to MaxLinkKm, so that no settlement is cut off. Default 60 (an
	// assumption).
	LocalRadiusKm float64
	// AccessLinks is the number of nearest settlements of its own country
	// that each side of a road crossing, and each port, is linked to.
	// Default 3 (an assumption); 0: none.
	AccessLinks int
	// AccessReachKm is the farthest an access link reaches (but see
	// MaxLinkKm). Default 50 (an assumption).
	AccessReachKm float64
	// GapLinks is the number of nearest settlements on each side of a
	// border segment linked to its gap point. Default 3 (an assumption);
	// 0: none, no gap can be crossed.
	GapLinks int
	// GapReachKm is the farthest a gap link reaches; a side with no
	// settlement within it is linked to its nearest one up to MaxLinkKm.
	// Default 40 (an assumption).
	GapReachKm float64
	// MaxLinkKm is the farthest any fallback link reaches. Default 150 (an
	// assumption).
	MaxLinkKm float64
	// ConnectKm is the farthest a link made to join the pieces of a
	// country's network reaches: after the roads and local links, the
	// pieces are joined by the shortest links between their settlements (a
	// minimum spanning forest, Kruskal's algorithm), so that every
	// settlement is reachable by road within its country. Default 400 (an
	// assumption); 0: no joining.
	ConnectKm float64

	// VehicleGapPairs are the border pairs ("KAZ-KGZ", A < B) whose gaps
	// vehicles can cross as well as foot and horse traffic. Default none: a
	// corridor names its own (an assumption about its terrain).
	VehicleGapPairs []string
	// IncludeClosed makes closed crossings (regime "closed") part of the
	// graph. Default false.
	IncludeClosed bool
	// Ferries are the ferry links, as pairs of port crossing IDs, each
	// sailed both ways. Default nil: every pair of sea ports (crossings of
	// mode ferry with no second country) in different countries.
	Ferries [][2]string
	// MatchKm is how far an origin or destination may lie from the
	// settlement it is attached to. Default 50 (an assumption: the size of
	// a city and the rounding of published positions).
	MatchKm float64
}

// DefaultClassKmh returns the default speed of each road and railway
// class, in km/h: a loaded vehicle with stops on the roads of a poor
// region, slower on minor, mountain and unpaved classes (track, path). All
// are assumptions; the trunk speed of 60 km/h is the Northern Route's
// earlier trunk speed.
func DefaultClassKmh() map[string]float64 {
	return map[string]float64{
		"motorway": 80, "trunk": 60, "primary": 50, "secondary": 40,
		"tertiary": 30, "unclassified": 25, "road": 25, "residential": 20,
		"living_street": 10, "service": 15, "track": 15,
		"path": 4, "bridleway": 5, "footway": 4, "steps": 2,
		"rail": 40, "narrow_gauge": 25, "light_rail": 30,
	}
}

// footClasses are the road classes only foot and horse traffic can use.
var footClasses = map[string]bool{"path": true, "bridleway": true, "footway": true, "steps": true}

// DefaultSettings returns complete default settings: every field holds the
// default its comment names.
func DefaultSettings() Settings {
	return Settings{
		RoadCircuity: 1, LocalCircuity: 1.3, OffRoadCircuity: 1.5, SeaCircuity: 1.1,
		ClassKmh: DefaultClassKmh(), OtherKmh: 30,
		LocalKmh: 40, OffRoadKmh: 4, FerryKmh: 20, CrossingHours: 2, PortHours: 24,
		NodeCrossings: true,
		RoadLinks:     2, RoadReachKm: 60, StationReachKm: 5,
		LocalLinks: 4, LocalRadiusKm: 60,
		AccessLinks: 3, AccessReachKm: 50,
		GapLinks: 3, GapReachKm: 40,
		MaxLinkKm: 150, ConnectKm: 400,
		MatchKm: 50,
	}
}

// normClass returns the class as the speed table spells it: lower case,
// without a "_link" suffix.
func normClass(c string) string {
	c = strings.ToLower(strings.TrimSpace(c))
	return strings.TrimSuffix(c, "_link")
}

// check returns an error naming the first field that is out of range.
func (s *Settings) check() error {
	type num struct {
		name string
		v    float64
		min  float64 // ≥ min
		pos  bool    // > 0 as well
	}
	nums := []num{
		{"RoadCircuity", s.RoadCircuity, 1, false}, {"LocalCircuity", s.LocalCircuity, 1, false},
		{"OffRoadCircuity", s.OffRoadCircuity, 1, false}, {"SeaCircuity", s.SeaCircuity, 1, false},
		{"OtherKmh", s.OtherKmh, 0, true}, {"LocalKmh", s.LocalKmh, 0, true},
		{"OffRoadKmh", s.OffRoadKmh, 0, true}, {"FerryKmh", s.FerryKmh, 0, true},
		{"CrossingHours", s.CrossingHours, 0, false}, {"PortHours", s.PortHours, 0, false},
		{"RoadReachKm", s.RoadReachKm, 0, false}, {"StationReachKm", s.StationReachKm, 0, false},
		{"LocalRadiusKm", s.LocalRadiusKm, 0, false}, {"AccessReachKm", s.AccessReachKm, 0, false},
		{"GapReachKm", s.GapReachKm, 0, false}, {"MaxLinkKm", s.MaxLinkKm, 0, false},
		{"ConnectKm", s.ConnectKm, 0, false}, {"MatchKm", s.MatchKm, 0, false},
	}
	for _, f := range nums {
		if !(f.v >= f.min) || math.IsInf(f.v, 0) || (f.pos && f.v <= 0) {
			want := fmt.Sprintf("a finite number ≥ %g", f.min)
			if f.pos {
				want = "a finite number > 0"
			}
			return fmt.Errorf("%w: %s is %v: must be %s (start from DefaultSettings)", ErrBadSettings, f.name, f.v, want)
		}
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"RoadLinks", s.RoadLinks}, {"LocalLinks", s.LocalLinks}, {"AccessLinks", s.AccessLinks}, {"GapLinks", s.GapLinks}} {
		if f.v < 0 {
			return fmt.Errorf("%w: %s is %d: must be ≥ 0", ErrBadSettings, f.name, f.v)
		}
	}
	classes := make([]string, 0, len(s.ClassKmh))
	for c := range s.ClassKmh {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	for _, c := range classes {
		if v := s.ClassKmh[c]; !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: ClassKmh[%q] is %v: must be a finite number > 0", ErrBadSettings, c, v)
		}
	}
	for _, p := range s.VehicleGapPairs {
		a, b, ok := strings.Cut(p, "-")
		if !ok || a == "" || b == "" || a >= b {
			return fmt.Errorf("%w: VehicleGapPairs: %q: want a border pair \"A-B\" with A < B", ErrBadSettings, p)
		}
	}
	return nil
}

// speedKmh returns the speed of a line of the given class and posted speed.
func (s *Settings) speedKmh(class string, maxKmh float64) float64 {
	if maxKmh > 0 {
		return maxKmh
	}
	if v, ok := s.ClassKmh[normClass(class)]; ok {
		return v
	}
	return s.OtherKmh
}
