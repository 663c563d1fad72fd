package risk

import (
	"math"
	"testing"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/route"
)

// railCorridor returns the model of a corridor where rail freight must be
// driven to the border: Origin in AAA (no railway), 100 km of road to the
// road crossing X1 into BBB at the railhead B1, then to Far either by 300
// km of railway or by 200 km of road. Inland hazard 1e-4 per km in BBB, so
// the road is the cheaper way on; one carrier, c.
func railCorridor(t *testing.T, c Carrier) *Model {
	t.Helper()
	tb := newToyBuilder(t)
	tb.town("Origin", "AAA", 60, 40)
	tb.town("A1", "AAA", 61, 40)
	tb.town("B1", "BBB", 61.01, 40)
	tb.town("Far", "BBB", 64, 40)
	tb.road("Origin", "A1", 100, route.EdgeRoad)
	tb.crossing(cx("AAA-BBB", "X1", geo.ModeRoad, geo.RegimeFull, false, 61, 40), "A1", "B1", 0)
	tb.road("B1", "Far", 300, route.EdgeRail)
	tb.road("B1", "Far", 200, route.EdgeRoad)
	g := tb.graph([]route.Place{{Name: "Origin", Weight: 1}}, []route.Place{{Name: "Far", Weight: 1}})
	s := DefaultSettings()
	s.Inspection.Full, s.Detection = 0.1, Detection{Visual: 0.5}
	s.Other = CountryParams{}
	s.Countries = map[string]CountryParams{"BBB": {HazardPerKm: 1e-4}}
	s.Beta = 0
	s.Carriers = []Carrier{c}
	m, err := New(g, &tb.c, tb.segs, &s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRailAccess checks that a rail carrier with road access in AAA drives
// to the railhead and takes the train, where a carrier free to use road or
// rail drives the cheaper road the whole way and a rail-only carrier has
// no route out of AAA.
func TestRailAccess(t *testing.T) {
	rail := []route.EdgeKind{route.EdgeRail}
	for _, tc := range []struct {
		name      string
		c         Carrier
		railShare float64 // of the tonne-km in BBB
		unrouted  float64 // t
		kg        float64 // seized in BBB
	}{
		{"road or rail", Carrier{Name: "any", Modes: route.Vehicle | route.Rail, Share: 1}, 0, 0,
			1000 * (0.05 + 0.95*(1-expNeg(1e-4*200)))},
		{"rail with road access in AAA", Carrier{Name: "rail", Modes: route.Rail, AccessModes: route.Vehicle, AccessCountries: []string{"AAA"}, Share: 1}, 1, 0,
			1000 * (0.05 + 0.95*(1-expNeg(1e-4*300)))},
		{"rail only", Carrier{Name: "rail", Modes: route.Rail, Share: 1}, 0, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := railCorridor(t, tc.c)
			res, err := m.Run()
			if err != nil {
				t.Fatal(err)
			}
			got, err := res.Measure(Measure{Kind: KindShare, Countries: []string{"BBB"}, EdgeKinds: rail})
			if err != nil {
				t.Fatal(err)
			}
			bbb, _ := res.Country("BBB")
			if !near(got, tc.railShare) || !near(res.UnroutedTonnes, tc.unrouted) || !near(bbb.SeizedKg, tc.kg) {
				t.Errorf("rail share %v, unrouted %v t, seized %v kg; want %v, %v t, %v kg", got, res.UnroutedTonnes, bbb.SeizedKg, tc.railShare, tc.unrouted, tc.kg)
			}
		})
	}
	bad := DefaultSettings()
	bad.Carriers[0].AccessCountries = []string{"AAA", "AAA"}
	if err := bad.Validate(); err == nil {
		t.Error("a repeated access country validates")
	}
	bad = DefaultSettings()
	bad.Carriers[0].AccessModes = 1 << 7
	if err := bad.Validate(); err == nil {
		t.Error("unknown access modes validate")
	}
}

func expNeg(x float64) float64 { return math.Exp(-x) }
