package risk

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/route"
)

// TestFindings plants one typo per kind in the toy settings and expects
// one finding for each, by layer and ID, and none for the clean settings.
func TestFindings(t *testing.T) {
	clean := toyModel(t, nil)
	if fs := clean.Findings(); len(fs) != 0 {
		t.Fatalf("clean settings: %v", fs)
	}
	s := toySettings()
	s.Rules = append(s.Rules,
		CrossingRule{ID: "KAZ-UZB-zhibekzholi", Regime: geo.RegimeClosed},                      // Rules[1]: ID typo
		CrossingRule{Pair: "KAZ-TJK", AddScanner: true},                                        // Rules[2]: no such border
		CrossingRule{Entering: "KAZ", Carriers: []string{"lorry"}, AddDogs: true},              // Rules[3]: unknown carrier
		CrossingRule{Pair: "KAZ-KGZ", Mode: geo.ModeRail, AddScanner: true},                    // Rules[4]: no rail crossing there
		CrossingRule{Pair: "AFG-UZB", FromRegime: geo.RegimeTIRSealed, Regime: geo.RegimeFull}, // Rules[5]: no TIR crossing
		CrossingRule{Pair: "KAZ-KGZ", Entering: "KAZ", AddDogs: true},                          // Rules[6]: fine
	)
	s.Upgrades = []BorderUpgrade{
		{Pair: "KAZ-KGZ", Side: "KAZ", OutpostsPer100Km: 1}, // fine
		{Pair: "KGZ-UZB", Side: "UZB", OutpostsPer100Km: 1}, // no segment of that border
	}
	s.Countries["KZA"] = CountryParams{GapBase: 0.2}
	s.ShareCountries = append(s.ShareCountries, "XKX")
	s.Carriers = append(s.Carriers, Carrier{Name: "boat", Modes: route.Ferry, Share: 0.1})
	m, err := clean.With(&s)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range m.Findings() {
		got = append(got, fmt.Sprintf("%s %s %s", f.Severity, f.Layer, f.ID))
		if f.Message == "" {
			t.Errorf("%v: no message", f)
		}
	}
	want := []string{
		"error Rules Rules[1]",
		"error Rules Rules[2]",
		"error Rules Rules[3]", // the carrier
		"error Rules Rules[3]", // so it never fires
		"error Rules Rules[4]",
		"error Rules Rules[5]",
		"error Upgrades Upgrades[1]",
		"warning Countries KZA",
		"error ShareCountries XKX",
		"warning Carriers boat",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings\n got %q\nwant %q", got, want)
	}
}

// TestValidateLimits: values that would overflow, and zeros that mean
// nothing usable, are rejected with the field named.
func TestValidateLimits(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(s *Settings)
		field string
	}{
		{"flow overflows", func(s *Settings) { s.FlowTonnes = 1.7e308 }, "FlowTonnes"},
		{"flow 1e200", func(s *Settings) { s.FlowTonnes = 1e200 }, "FlowTonnes"},
		{"no flow", func(s *Settings) { s.FlowTonnes = 0 }, "FlowTonnes"},
		{"beta", func(s *Settings) { s.Beta = 1e308 }, "Beta"},
		{"theta", func(s *Settings) { s.Theta = 1e308 }, "Theta"},
		{"no K", func(s *Settings) { s.K = 0 }, "K"},
		{"no guard decay", func(s *Settings) { s.GuardDecayKm = 0 }, "GuardDecayKm"},
		{"no settlement decay", func(s *Settings) { s.SettlementDecayKm = 0 }, "SettlementDecayKm"},
		{"hazard", func(s *Settings) { s.Other.HazardPerKm = 1e308 }, "Other.HazardPerKm"},
		{"intensity", func(s *Settings) { s.Countries["KAZ"] = CountryParams{Intensity: 1e308} }, "Countries[KAZ].Intensity"},
		{"shares overflow", func(s *Settings) {
			s.Carriers = []Carrier{{Name: "a", Modes: route.Foot, Share: 1e308}, {Name: "b", Modes: route.Truck, Share: 1e308}}
		}, "Carriers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := toySettings()
			tt.edit(&s)
			err := s.Validate()
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Field != tt.field {
				t.Fatalf("got %v, want a ParamError on %s", err, tt.field)
			}
		})
	}
	other := []struct {
		name string
		edit func(s *Settings)
	}{
		{"no carriers", func(s *Settings) { s.Carriers = nil }},
		{"no modes", func(s *Settings) { s.Carriers = []Carrier{{Name: "x", Share: 1}} }},
		{"duplicate carrier", func(s *Settings) {
			s.Carriers = []Carrier{{Name: "x", Modes: route.Foot, Share: 1}, {Name: "x", Modes: route.Rail, Share: 1}}
		}},
		{"rule changes nothing", func(s *Settings) { s.Rules = []CrossingRule{{Pair: "KAZ-RUS"}} }},
		{"rule mode", func(s *Settings) { s.Rules = []CrossingRule{{Mode: "boat", AddDogs: true}} }},
		{"lower-case country", func(s *Settings) { s.Countries["kaz"] = CountryParams{} }},
		{"share country twice", func(s *Settings) { s.ShareCountries = []string{"KAZ", "KAZ"} }},
	}
	for _, tt := range other {
		s := toySettings()
		tt.edit(&s)
		if err := s.Validate(); !errors.Is(err, ErrBadParam) {
			t.Errorf("%s: got %v, want ErrBadParam", tt.name, err)
		}
	}
	d := DefaultSettings()
	if err := d.Validate(); err != nil {
		t.Errorf("DefaultSettings: %v", err)
	}
	// A user-assigned code is a country like any other.
	d.Countries = map[string]CountryParams{"XKX": {GapBase: 0.1}}
	d.ShareCountries = []string{"XKX", "SRB"}
	if err := d.Validate(); err != nil {
		t.Errorf("XKX: %v", err)
	}
}

// TestShareDenominator: with no ShareCountries the shares are over every
// country and add up to 1; with them, over those countries only.
func TestShareDenominator(t *testing.T) {
	s := toySettings()
	s.ShareCountries = nil
	m := toyModel(t, &s)
	res, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, c := range res.Countries {
		sum += c.Share
		if want := c.SeizedKg / res.SeizedKg(); math.Abs(c.Share-want) > 1e-12 {
			t.Errorf("%s: share %v, want %v of all seizures", c.Country, c.Share, want)
		}
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("shares add up to %v", sum)
	}
	s.ShareCountries = []string{"KAZ", "UZB"}
	m2, err := m.With(&s)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := m2.Run()
	if err != nil {
		t.Fatal(err)
	}
	kaz, _ := r2.Country("KAZ")
	uzb, _ := r2.Country("UZB")
	rus, _ := r2.Country("RUS")
	if math.Abs(kaz.Share+uzb.Share-1) > 1e-12 || rus.Share != 0 {
		t.Errorf("KAZ %v + UZB %v, RUS %v: want 1 and 0", kaz.Share, uzb.Share, rus.Share)
	}
}

// TestLayersReadBack: the crossings layer reads back through geo with the
// scenario's regime and equipment, and every property of every layer keeps
// one Go type between an uncalibrated and a rescaled run.
func TestLayersReadBack(t *testing.T) {
	res, c, segs := toyRun(t)
	cl, err := CrossingsLayer(res, c.Crossings)
	if err != nil {
		t.Fatal(err)
	}
	xs, err := geo.ReadCrossings(bytes.NewReader(writeLayer(t, cl)), "crossings.geojson")
	if err != nil {
		t.Fatalf("crossings layer does not read back: %v", err)
	}
	for i, x := range xs {
		want := c.Crossings[i]
		if x.ID != want.ID || x.A != want.A || x.B != want.B || x.Mode != want.Mode || x.Scanner != want.Scanner || x.Source != want.Source {
			t.Errorf("read back %+v, want %+v", x, want)
		}
	}

	types := func(r *Result) map[string]string {
		out := map[string]string{}
		sl, err := SegmentsLayer(r, segs)
		if err != nil {
			t.Fatal(err)
		}
		cl, err := CrossingsLayer(r, c.Crossings)
		if err != nil {
			t.Fatal(err)
		}
		for name, fc := range map[string]*geojson.FeatureCollection{
			"segments": sl, "crossings": cl, "routes": mustLayer(t)(RoutesLayer(r)), "flows": mustLayer(t)(FlowsLayer(r)),
		} {
			for _, f := range fc.Features {
				for k, v := range f.Properties {
					if v == nil {
						continue
					}
					key := name + "." + k
					ty := reflect.TypeOf(v).String()
					if prev, ok := out[key]; ok && prev != ty {
						t.Errorf("%s: %s in one feature, %s in another", key, prev, ty)
					}
					out[key] = ty
				}
			}
		}
		return out
	}
	base := types(res)
	// Intensities of 2.5 instead of 1 must not change any type.
	s := res.Settings.Clone()
	for code, cp := range s.Countries {
		cp.Intensity = 2.5
		s.Countries[code] = cp
	}
	m2, err := res.Model().With(&s)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := m2.Run()
	if err != nil {
		t.Fatal(err)
	}
	for k, ty := range types(r2) {
		if base[k] != "" && base[k] != ty {
			t.Errorf("%s: %s uncalibrated, %s with other intensities", k, base[k], ty)
		}
	}
	if base["segments.intensity_a"] != "float64" || base["crossings.scanner"] != "bool" || base["crossings.intensity"] != "float64" {
		t.Errorf("types: intensity_a %s, scanner %s, intensity %s", base["segments.intensity_a"], base["crossings.scanner"], base["crossings.intensity"])
	}
}
