package risk

import (
	"fmt"
	"math"
	"slices"

	"github.com/routerisk/routerisk/geo"
)

// A CrossingScore is the interdiction probability of an official crossing
// for one direction and carrier, with the terms it was computed from:
// P = (1 − Protected)·(1 − (1 − Inspection × Detection)^Intensity), or 1
// when closed.
type CrossingScore struct {
	ID         string     // the crossing's ID
	Entering   string     // the country entered, which the interdiction counts for
	Regime     geo.Regime // the regime after the settings' rules
	Scanner    bool       // a scanner is in use after the rules
	Dogs       bool       // a canine unit is in use after the rules
	Inspection Prob       // share of shipments searched: the crossing's own InspectionRate or the regime's (1 when closed)
	Detection  Prob       // 1 − Π(1 − d_m) over the methods present (1 when closed)
	Intensity  float64    // the entered country's Intensity × BorderIntensity
	Protected  Prob       // the entered country's protected share
	P          Prob       // probability that a shipment is interdicted
}

// Closed reports whether the crossing cannot be passed.
func (c CrossingScore) Closed() bool { return c.Regime == geo.RegimeClosed }

// checkEntering returns an error unless entering is a country of x.
func checkEntering(x geo.Crossing, entering string) error {
	if entering == "" || (entering != x.A && entering != x.B) {
		return fmt.Errorf("%w: crossing %q joins %q and %q, not %q", ErrUnknownFeature, x.ID, x.A, x.B, entering)
	}
	return nil
}

// scoreCrossing returns the score of crossing x for a shipment of the
// named carrier entering the given country under settings already
// validated, for any entering country (a ferry edge may enter none). The
// settings' rules apply in order before scoring.
func (s *Settings) scoreCrossing(x geo.Crossing, entering, carrier string) (CrossingScore, error) {
	cs := CrossingScore{ID: x.ID, Entering: entering, Regime: x.Regime, Scanner: x.Scanner, Dogs: x.Dogs}
	ruled := false // a rule set the regime
	for _, r := range s.Rules {
		if !r.matches(x, cs.Regime, entering, carrier) {
			continue
		}
		if r.Regime != "" {
			cs.Regime, ruled = r.Regime, true
		}
		cs.Scanner = cs.Scanner || r.AddScanner
		cs.Dogs = cs.Dogs || r.AddDogs
	}
	switch cs.Regime {
	case geo.RegimeFull:
		cs.Inspection = s.Inspection.Full
	case geo.RegimeTIRSealed:
		cs.Inspection = s.Inspection.TIRSealed
	case geo.RegimeCustomsUnion:
		cs.Inspection = s.Inspection.CustomsUnion
	case geo.RegimeClosed:
		cs.Inspection, cs.Detection, cs.Intensity, cs.P = 1, 1, 1, 1
		return cs, nil
	default:
		return cs, fmt.Errorf("%w: crossing %q: regime %q: want full, tir_sealed, customs_union or closed", ErrBadParam, x.ID, cs.Regime)
	}
	if x.InspectionRate != nil && !ruled {
		r := Prob(*x.InspectionRate)
		if !r.Valid() {
			return cs, fmt.Errorf("%w: crossing %q: inspection_rate %v: want a share in [0,1]", ErrBadParam, x.ID, *x.InspectionRate)
		}
		cs.Inspection = r
	}
	var buf [3]Prob
	ds := append(buf[:0], s.Detection.Visual)
	if cs.Scanner {
		ds = append(ds, s.Detection.Scanner)
	}
	if cs.Dogs {
		ds = append(ds, s.Detection.Dogs)
	}
	cs.Detection = either(ds...)
	cp := s.Country(entering)
	cs.Intensity, cs.Protected = cp.Intensity*cp.BorderIntensity, cp.Protected
	cs.P = (1 - cs.Protected) * (cs.Inspection * cs.Detection).Pow(cs.Intensity)
	return cs, nil
}

func (r *CrossingRule) matches(x geo.Crossing, regime geo.Regime, entering, carrier string) bool {
	if r.FromRegime != "" && r.FromRegime != regime {
		return false
	}
	if r.ID != "" && r.ID != x.ID {
		return false
	}
	if r.Pair != "" && !samePair(r.Pair, x.A, x.B) {
		return false
	}
	if r.Entering != "" && r.Entering != entering {
		return false
	}
	if r.Mode != "" && r.Mode != x.Mode {
		return false
	}
	if r.Carriers != nil && !slices.Contains(r.Carriers, carrier) {
		return false
	}
	return true
}

// GapMode is the way a green border is crossed.
type GapMode uint8

// The gap modes.
const (
	GapFoot GapMode = iota
	GapHorse
	GapVehicle
)

// String returns "foot", "horse" or "vehicle".
func (m GapMode) String() string {
	switch m {
	case GapFoot:
		return "foot"
	case GapHorse:
		return "horse"
	case GapVehicle:
		return "vehicle"
	}
	return fmt.Sprintf("GapMode(%d)", uint8(m))
}

func (s *Settings) modeFactor(m GapMode) Prob {
	switch m {
	case GapFoot:
		return s.Modes.Foot
	case GapHorse:
		return s.Modes.Horse
	}
	return s.Modes.Vehicle
}

// A GapSide holds the terms of one country's side of a gap:
// P = (1 − Protected)·(1 − (1 − ModeFactor × (1 − (1 − Base·GuardFactor·SettlementFactor)(1 − Patrol)))^Intensity).
type GapSide struct {
	Country          string
	Base             Prob    // p0 of the country
	GuardKm          float64 // km to the nearest outpost or crossing on this side, after upgrades (+Inf: none)
	SettlementKm     float64 // km to the nearest settlement on this side (+Inf: none)
	GuardFactor      float64 // f = φ_f + (1−φ_f)·exp(−GuardKm/λ_f)
	SettlementFactor float64 // g = φ_g + (1−φ_g)·exp(−SettlementKm/λ_g)
	Patrol           Prob    // detection by added mobile patrols
	Intensity        float64 // the country's Intensity × BorderIntensity
	Protected        Prob    // the country's protected share
	P                Prob    // this side's interdiction probability
}

// A GapScore is the interdiction probability of a shipment crossing one
// border segment off the official crossings, with its terms. The two sides
// act independently: P = 1 − (1 − P_A)(1 − P_B); the side left acts first,
// and each side's interdiction counts for its own country.
type GapScore struct {
	Segment    string
	Mode       GapMode
	ModeFactor Prob
	Sides      [2]GapSide // index 0 = country A of the segment
	P          Prob
}

// scoreGap returns the score of a shipment crossing seg in the given mode
// under settings already validated.
func (s *Settings) scoreGap(seg geo.Segment, mode GapMode) (GapScore, error) {
	if mode > GapVehicle {
		return GapScore{}, fmt.Errorf("%w: gap mode %d", ErrBadParam, mode)
	}
	gs := GapScore{Segment: seg.ID, Mode: mode, ModeFactor: s.modeFactor(mode)}
	lf, lg := s.GuardDecayKm, s.SettlementDecayKm
	for i, code := range [2]string{seg.A, seg.B} {
		guard := math.Min(seg.Remote.OutpostKm[i], seg.Remote.CrossingKm[i])
		settle := seg.Remote.SettlementKm[i]
		if !(guard >= 0) || !(settle >= 0) {
			return gs, fmt.Errorf("%w: segment %q: remoteness of side %s is not a distance ≥ 0 (guard %v km, settlement %v km)", ErrBadParam, seg.ID, code, guard, settle)
		}
		side := GapSide{Country: code, SettlementKm: settle}
		cp := s.Country(code)
		side.Base, side.Intensity, side.Protected = cp.GapBase, cp.Intensity*cp.BorderIntensity, cp.Protected
		for _, u := range s.Upgrades {
			if u.Side != code || !samePair(u.Pair, seg.A, seg.B) {
				continue
			}
			if u.OutpostsPer100Km > 0 {
				guard = math.Min(guard, 100/u.OutpostsPer100Km/4)
			}
			side.Patrol = either(side.Patrol, u.Patrol)
		}
		side.GuardKm = guard
		side.GuardFactor = decay(guard, lf, float64(s.GuardFloor))
		side.SettlementFactor = decay(settle, lg, float64(s.SettlementFloor))
		posts := side.Base * Prob(side.GuardFactor*side.SettlementFactor)
		side.P = (1 - side.Protected) * (gs.ModeFactor * either(posts, side.Patrol)).Pow(side.Intensity)
		gs.Sides[i] = side
	}
	gs.P = either(gs.Sides[0].P, gs.Sides[1].P)
	return gs, nil
}

// decay returns φ + (1−φ)·exp(−d/λ), in [φ, 1] for d ≥ 0 (φ at d = +Inf).
func decay(d, lambda, floor float64) float64 {
	return floor + (1-floor)*math.Exp(-d/lambda)
}

// Hazard returns the probability (1 − π)·(1 − exp(−e·μ·km)) that a
// shipment travelling km inside a country with hazard μ, intensity e (its
// Intensity × InlandIntensity) and protected share π is interdicted there.
func (s *Settings) Hazard(country string, km float64) Prob {
	cp := s.Country(country)
	if !(km > 0) {
		return 0
	}
	return (1 - cp.Protected) * ProbFromWeight(cp.Intensity*cp.InlandIntensity*cp.HazardPerKm*km)
}
