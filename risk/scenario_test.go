package risk

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// scenarioFixtures returns a crossing of every regime on every border of
// the Northern Route and a gap segment on each, remote and near.
func scenarioFixtures() ([]geo.Crossing, []geo.Segment) {
	var xs []geo.Crossing
	var segs []geo.Segment
	regimes := []geo.Regime{geo.RegimeFull, geo.RegimeTIRSealed, geo.RegimeCustomsUnion, geo.RegimeClosed}
	for _, pair := range geo.NorthernRoutePairs() {
		a, b := pair[:3], pair[4:]
		for i, rg := range regimes {
			xs = append(xs, geo.Crossing{ID: fmt.Sprintf("%s-%d", pair, i), A: a, B: b, Point: orb.Point{70, 42}, Mode: geo.ModeRoad, Regime: rg, Scanner: i == 1})
		}
		for i, km := range []float64{2, 45} {
			s := testSegment(km, km/2)
			s.ID, s.A, s.B = fmt.Sprintf("%s-000-%04d", pair, i), a, b
			segs = append(segs, s)
		}
	}
	return xs, segs
}

func TestScenariosChangeWhatTheySay(t *testing.T) {
	xs, segs := scenarioFixtures()
	tests := []struct {
		name     string
		parent   Settings
		child    Settings
		crossing func(x geo.Crossing, entering, carrier string) bool // expected to change
		gap      func(seg geo.Segment, side string) bool
	}{
		{
			name: "customs union", parent: Baseline2010(), child: CustomsUnion2011(),
			crossing: func(x geo.Crossing, _, _ string) bool {
				return x.A == "KAZ" && x.B == "RUS" && (x.Regime == geo.RegimeFull || x.Regime == geo.RegimeCustomsUnion)
			},
		},
		{
			name: "TIR transit", parent: Baseline2010(), child: TIRTransit(),
			crossing: func(x geo.Crossing, entering, carrier string) bool {
				full := x.Regime == geo.RegimeFull || (x.A == "KAZ" && x.B == "RUS" && x.Regime == geo.RegimeCustomsUnion)
				return entering == "KAZ" && carrier == "truck" && full
			},
		},
		{
			name: "programme", parent: CustomsUnion2011(), child: Programme2012(),
			crossing: func(x geo.Crossing, entering, _ string) bool {
				return entering == "KAZ" && (x.B == "KGZ" || x.B == "UZB") && x.Regime != geo.RegimeClosed && x.Regime != geo.RegimeCustomsUnion
			},
			gap: func(seg geo.Segment, side string) bool {
				return side == "KAZ" && (seg.B == "KGZ" || seg.B == "UZB")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, x := range xs {
				for _, entering := range []string{x.A, x.B} {
					for _, carrier := range []string{"courier", "car", "truck", "rail"} {
						p, err := tt.parent.scoreCrossing(x, entering, carrier)
						if err != nil {
							t.Fatal(err)
						}
						c, err := tt.child.scoreCrossing(x, entering, carrier)
						if err != nil {
							t.Fatal(err)
						}
						want := tt.crossing(x, entering, carrier)
						if got := c.P != p.P; got != want {
							t.Errorf("%s entering %s by %s: P %v → %v, want change %v", x.ID, entering, carrier, p.P, c.P, want)
						}
					}
				}
			}
			for _, seg := range segs {
				for _, m := range []GapMode{GapFoot, GapHorse, GapVehicle} {
					p, _ := tt.parent.scoreGap(seg, m)
					c, _ := tt.child.scoreGap(seg, m)
					for i, side := range []string{seg.A, seg.B} {
						want := tt.gap != nil && tt.gap(seg, side)
						if got := c.Sides[i].P != p.Sides[i].P; got != want {
							t.Errorf("%s side %s by %s: P %v → %v, want change %v", seg.ID, side, m, p.Sides[i].P, c.Sides[i].P, want)
						}
						if want && !(c.Sides[i].P > p.Sides[i].P) {
							t.Errorf("%s side %s: programme lowered P %v → %v", seg.ID, side, p.Sides[i].P, c.Sides[i].P)
						}
					}
				}
			}
		})
	}
}

func TestScenarioFieldsOnlyDiffer(t *testing.T) {
	// Apart from the name, the rules and the upgrades, every scenario has
	// the baseline's parameters.
	base := Baseline2010()
	for _, s := range Scenarios() {
		c := s.Clone()
		c.Name, c.Rules, c.Upgrades = base.Name, base.Rules, base.Upgrades
		if !reflect.DeepEqual(c, base) {
			t.Errorf("%s: parameters differ from the baseline's", s.Name)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
		got, err := ScenarioByName(s.Name)
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Errorf("ScenarioByName(%q): got %v, %v", s.Name, got.Name, err)
		}
		for i, r := range s.Rules {
			if r.Source == "" {
				t.Errorf("%s: rule %d has no source", s.Name, i)
			}
		}
	}
	if _, err := ScenarioByName("nope"); !errors.Is(err, ErrBadParam) {
		t.Errorf("unknown scenario: got %v, want ErrBadParam", err)
	}
}
