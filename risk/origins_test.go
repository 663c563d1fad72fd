package risk

import (
	"errors"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/route"
)

// twoOriginModel returns the line corridor of lineModel with two origins
// of equal weight, Origin in AAA (before crossing X1) and B2 in BBB (after
// X1, before X2), and Far in CCC as the one destination; heroin's origins
// are given by origins (nil: the places' weights).
func twoOriginModel(t *testing.T, origins map[string]float64) *Model {
	t.Helper()
	tb := newToyBuilder(t)
	tb.town("Origin", "AAA", 60, 40)
	tb.town("A1", "AAA", 61, 40)
	tb.town("B1", "BBB", 61.01, 40)
	tb.town("B2", "BBB", 63, 40)
	tb.town("C1", "CCC", 63.01, 40)
	tb.town("Far", "CCC", 64, 40)
	tb.road("Origin", "A1", 100, route.EdgeRoad)
	tb.crossing(cx("AAA-BBB", "X1", geo.ModeRoad, geo.RegimeFull, false, 61, 40), "A1", "B1", 0)
	tb.road("B1", "B2", 200, route.EdgeRoad)
	tb.crossing(cx("BBB-CCC", "X2", geo.ModeRoad, geo.RegimeFull, false, 63, 40), "B2", "C1", 0)
	tb.road("C1", "Far", 100, route.EdgeRoad)
	g := tb.graph([]route.Place{{Name: "Origin", Weight: 1}, {Name: "B2", Weight: 1}}, []route.Place{{Name: "Far", Weight: 1}})
	s := DefaultSettings()
	s.Inspection.Full, s.Detection = 0.1, Detection{Visual: 0.5}
	s.Other = CountryParams{}
	s.Beta = 0
	s.Carriers = []Carrier{{Name: "car", Modes: route.Vehicle, Share: 1}}
	s.FlowTonnes = 0
	s.Commodities = []Commodity{{Name: "heroin", FlowTonnes: 1, Origins: origins}}
	m, err := New(g, &tb.c, tb.segs, &s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCommodityOrigins checks that a commodity's Origins share its flow
// between the origins: each crossing (inspection 0.1 × detection 0.5 =
// 0.05) seizes 5% of what reaches it, and only the flow from Origin meets
// X1 (seized in BBB); X2 (seized in CCC) meets all of it.
func TestCommodityOrigins(t *testing.T) {
	for _, tc := range []struct {
		name       string
		origins    map[string]float64
		fromOrigin float64 // share of the flow that starts in Origin
	}{
		{"places' own weights", nil, 0.5},
		{"all from B2", map[string]float64{"B2": 1}, 0},
		{"three to one", map[string]float64{"Origin": 3, "B2": 1}, 0.75},
		{"an origin weighing 0", map[string]float64{"Origin": 0, "B2": 2}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := twoOriginModel(t, tc.origins)
			bbb, res := runCountry(t, m, "BBB")
			ccc, _ := res.Country("CCC")
			wantB := 1000 * tc.fromOrigin * 0.05
			wantC := 1000 * (tc.fromOrigin*0.95 + (1 - tc.fromOrigin)) * 0.05
			if !near(bbb.SeizedKg, wantB) || !near(ccc.SeizedKg, wantC) {
				t.Errorf("seized BBB %v kg, CCC %v kg; want %v, %v", bbb.SeizedKg, ccc.SeizedKg, wantB, wantC)
			}
			if !near(res.RoutedTonnes(), 1) {
				t.Errorf("routed %v t, want 1", res.RoutedTonnes())
			}
		})
	}
}

// TestCommodityOriginsErrors checks that bad origin weights are errors
// naming the commodity and the origin.
func TestCommodityOriginsErrors(t *testing.T) {
	m := twoOriginModel(t, map[string]float64{"Orijin": 1})
	if _, err := m.Run(); !errors.Is(err, ErrBadParam) || !strings.Contains(err.Error(), `Commodities[0] "heroin": origin "Orijin" is not a place of the graph (nearest: "Origin")`) {
		t.Errorf("Run with an unknown origin: %v, want ErrBadParam naming the commodity, Orijin and the nearest origin", err)
	}
	for _, tc := range []struct {
		name    string
		origins map[string]float64
		field   string
	}{
		{"negative", map[string]float64{"Origin": -1, "B2": 2}, `Commodities[0].Origins["Origin"]`},
		{"all zero", map[string]float64{"Origin": 0}, "Commodities[0].Origins"},
		{"empty", map[string]float64{}, "Commodities[0].Origins"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := DefaultSettings()
			s.FlowTonnes = 0
			s.Commodities = []Commodity{{Name: "heroin", FlowTonnes: 1, Origins: tc.origins}}
			err := s.Validate()
			if !errors.Is(err, ErrBadParam) || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("Validate: %v, want ErrBadParam naming %s", err, tc.field)
			}
		})
	}
}
