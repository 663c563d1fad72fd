package risk

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/route"
)

func testCrossing() geo.Crossing {
	return geo.Crossing{
		ID: "KAZ-KGZ-korday", Name: "Korday", A: "KAZ", B: "KGZ",
		Point: orb.Point{75.18, 43.2}, Mode: geo.ModeRoad, Regime: geo.RegimeFull,
	}
}

func testSegment(guardKm, settleKm float64) geo.Segment {
	return geo.Segment{
		ID: "KAZ-KGZ-000-0001", A: "KAZ", B: "KGZ",
		Line:     orb.LineString{{75, 43}, {75.05, 43}},
		Mid:      orb.Point{75.025, 43},
		LengthKm: 4.07,
		Remote: geo.Remoteness{
			SettlementKm: [2]float64{settleKm, settleKm},
			OutpostKm:    [2]float64{guardKm, guardKm},
			CrossingKm:   [2]float64{math.Inf(1), math.Inf(1)},
		},
	}
}

// randomSettings returns settings with every probability drawn in [0,1] and
// every rate and distance drawn over a wide range.
func randomSettings(r *rand.Rand) Settings {
	p := func() Prob {
		switch r.IntN(10) {
		case 0:
			return 0
		case 1:
			return 1
		}
		return Prob(r.Float64())
	}
	s := toySettings()
	s.Inspection = Inspection{Full: p(), TIRSealed: p(), CustomsUnion: p()}
	s.Detection = Detection{Visual: p(), Scanner: p(), Dogs: p()}
	s.GuardFloor, s.SettlementFloor = p(), p()
	s.GuardDecayKm = math.Exp(r.Float64()*8 - 2)
	s.SettlementDecayKm = math.Exp(r.Float64()*8 - 2)
	s.Modes = ModeFactors{Foot: p(), Horse: p(), Vehicle: p()}
	for _, code := range sortedKeys(s.Countries) {
		s.Countries[code] = CountryParams{GapBase: p(), HazardPerKm: math.Exp(r.Float64() * -18), Intensity: math.Exp(r.Float64()*10 - 5)}
	}
	s.Upgrades = []BorderUpgrade{{Pair: "KAZ-KGZ", Side: "KAZ", OutpostsPer100Km: r.Float64() * 10, Patrol: p()}}
	return s
}

func TestProbabilitiesInRange(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	regimes := []geo.Regime{geo.RegimeFull, geo.RegimeTIRSealed, geo.RegimeCustomsUnion, geo.RegimeClosed}
	for i := range 2000 {
		s := randomSettings(r)
		if err := s.Validate(); err != nil {
			t.Fatalf("case %d: random settings invalid: %v", i, err)
		}
		x := testCrossing()
		x.Regime = regimes[r.IntN(len(regimes))]
		x.Scanner, x.Dogs = r.IntN(2) == 0, r.IntN(2) == 0
		cs, err := scoreX(x, []string{"KAZ", "KGZ"}[r.IntN(2)], "car", &s)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []Prob{cs.P, cs.Inspection, cs.Detection} {
			if !v.Valid() {
				t.Fatalf("case %d: crossing score %+v out of [0,1]", i, cs)
			}
		}
		km := func() float64 {
			if r.IntN(8) == 0 {
				return math.Inf(1)
			}
			return r.ExpFloat64() * 40
		}
		seg := testSegment(km(), km())
		seg.Remote.CrossingKm[1] = km()
		for _, m := range []GapMode{GapFoot, GapHorse, GapVehicle} {
			gs, err := scoreG(seg, m, &s)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []Prob{gs.P, gs.Sides[0].P, gs.Sides[1].P, gs.Sides[0].Patrol} {
				if !v.Valid() {
					t.Fatalf("case %d: gap score %+v out of [0,1]", i, gs)
				}
			}
			for _, f := range []float64{gs.Sides[0].GuardFactor, gs.Sides[0].SettlementFactor, gs.Sides[1].GuardFactor} {
				if !(f >= 0 && f <= 1) {
					t.Fatalf("case %d: decay factor %v out of [0,1]", i, f)
				}
			}
		}
		if h := s.Hazard("TJK", r.ExpFloat64()*1000); !h.Valid() {
			t.Fatalf("case %d: hazard %v out of [0,1]", i, h)
		}
	}
}

func TestInvalidSettings(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(s *Settings)
		field string
	}{
		{"negative inspection", func(s *Settings) { s.Inspection.Full = -0.1 }, "Inspection.Full"},
		{"detection above 1", func(s *Settings) { s.Detection.Scanner = 1.5 }, "Detection.Scanner"},
		{"NaN mode", func(s *Settings) { s.Modes.Horse = Prob(math.NaN()) }, "Modes.Horse"},
		{"gap base", func(s *Settings) { s.Countries["KAZ"] = CountryParams{GapBase: 2} }, "Countries[KAZ].GapBase"},
		{"hazard", func(s *Settings) { s.Countries["TJK"] = CountryParams{HazardPerKm: math.Inf(1)} }, "Countries[TJK].HazardPerKm"},
		{"intensity", func(s *Settings) { s.Other.Intensity = -1 }, "Other.Intensity"},
		{"decay", func(s *Settings) { s.GuardDecayKm = -5 }, "GuardDecayKm"},
		{"beta", func(s *Settings) { s.Beta = math.NaN() }, "Beta"},
		{"K", func(s *Settings) { s.K = MaxK + 1 }, "K"},
		{"patrol", func(s *Settings) { s.Upgrades = []BorderUpgrade{{Pair: "KAZ-KGZ", Side: "KAZ", Patrol: 3}} }, "Upgrades[0].Patrol"},
		{"share", func(s *Settings) { s.Carriers = []Carrier{{Name: "x", Modes: route.Foot, Share: -1}} }, "Carriers[0].Share"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := toySettings()
			tt.edit(&s)
			err := s.Validate()
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Field != tt.field || !errors.Is(err, ErrBadParam) {
				t.Fatalf("got %v, want a ParamError on %s", err, tt.field)
			}
			if _, err := scoreG(testSegment(1, 1), GapFoot, &s); !errors.Is(err, ErrBadParam) {
				t.Errorf("ScoreGap: got %v, want ErrBadParam", err)
			}
		})
	}
	other := []struct {
		name string
		edit func(s *Settings)
	}{
		{"rule pair", func(s *Settings) { s.Rules = []CrossingRule{{Pair: "KAZRUS"}} }},
		{"rule regime", func(s *Settings) { s.Rules = []CrossingRule{{Regime: "open"}} }},
		{"upgrade side", func(s *Settings) { s.Upgrades = []BorderUpgrade{{Pair: "KAZ-KGZ", Side: "UZB"}} }},
		{"no carrier name", func(s *Settings) { s.Carriers = []Carrier{{Modes: route.Foot, Share: 1}} }},
		{"no carrier share", func(s *Settings) { s.Carriers = []Carrier{{Name: "a", Modes: route.Foot}} }},
	}
	for _, tt := range other {
		s := toySettings()
		tt.edit(&s)
		if err := s.Validate(); !errors.Is(err, ErrBadParam) {
			t.Errorf("%s: got %v, want ErrBadParam", tt.name, err)
		}
	}
}

func TestScannerRaisesCrossing(t *testing.T) {
	s := toySettings()
	x := testCrossing()
	without, err := scoreX(x, "KAZ", "car", &s)
	if err != nil {
		t.Fatal(err)
	}
	x.Scanner = true
	with, err := scoreX(x, "KAZ", "car", &s)
	if err != nil {
		t.Fatal(err)
	}
	if !(with.P > without.P) {
		t.Errorf("with scanner %v, without %v: want higher with", with.P, without.P)
	}
	x.Dogs = true
	both, _ := scoreX(x, "KAZ", "car", &s)
	if !(both.P > with.P) {
		t.Errorf("scanner and dogs %v, scanner only %v: want higher with dogs", both.P, with.P)
	}
	// The terms multiply as documented.
	wantDet := 1 - (1-s.Detection.Visual)*(1-s.Detection.Scanner)*(1-s.Detection.Dogs)
	if math.Abs(float64(both.Detection-wantDet)) > 1e-15 || math.Abs(float64(both.P-both.Inspection*both.Detection)) > 1e-15 {
		t.Errorf("got detection %v and P %v, want %v and %v", both.Detection, both.P, wantDet, both.Inspection*wantDet)
	}
}

func TestCrossingRegimes(t *testing.T) {
	s := toySettings()
	tests := []struct {
		regime geo.Regime
		want   Prob
	}{
		{geo.RegimeFull, s.Inspection.Full * s.Detection.Visual},
		{geo.RegimeTIRSealed, s.Inspection.TIRSealed * s.Detection.Visual},
		{geo.RegimeCustomsUnion, s.Inspection.CustomsUnion * s.Detection.Visual},
		{geo.RegimeClosed, 1},
	}
	for _, tt := range tests {
		x := testCrossing()
		x.Regime = tt.regime
		cs, err := scoreX(x, "KGZ", "car", &s)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(float64(cs.P-tt.want)) > 1e-15 {
			t.Errorf("%s: got %v, want %v", tt.regime, cs.P, tt.want)
		}
	}
	x := testCrossing()
	x.Regime = "open"
	if _, err := scoreX(x, "KAZ", "car", &s); !errors.Is(err, ErrBadParam) {
		t.Errorf("unknown regime: got %v, want ErrBadParam", err)
	}
	if _, err := scoreX(testCrossing(), "UZB", "car", &s); !errors.Is(err, ErrUnknownFeature) {
		t.Errorf("wrong side: got %v, want ErrUnknownFeature", err)
	}
}

func TestGapFallsWithDistance(t *testing.T) {
	s := toySettings()
	for _, m := range []GapMode{GapFoot, GapHorse, GapVehicle} {
		prev := Prob(2)
		for _, km := range []float64{0, 1, 5, 10, 20, 40, 80, 160, math.Inf(1)} {
			gs, err := scoreG(testSegment(km, 10), m, &s)
			if err != nil {
				t.Fatal(err)
			}
			if !(gs.P < prev) {
				t.Errorf("%s at %v km from posts: got %v, want below %v", m, km, gs.P, prev)
			}
			prev = gs.P
		}
		// Settlements too.
		near, _ := scoreG(testSegment(10, 1), m, &s)
		far, _ := scoreG(testSegment(10, 60), m, &s)
		if !(far.P < near.P) {
			t.Errorf("%s: 60 km from towns %v, 1 km %v: want lower far", m, far.P, near.P)
		}
	}
	foot, _ := scoreG(testSegment(5, 5), GapFoot, &s)
	car, _ := scoreG(testSegment(5, 5), GapVehicle, &s)
	if !(foot.P < car.P) {
		t.Errorf("foot %v, vehicle %v: want foot lower", foot.P, car.P)
	}
}

func TestGapTerms(t *testing.T) {
	s := toySettings()
	seg := testSegment(12, 30)
	seg.Remote.CrossingKm[0] = 7 // KAZ side: a crossing is nearer than the posts
	gs, err := scoreG(seg, GapHorse, &s)
	if err != nil {
		t.Fatal(err)
	}
	lf, lg := 15.0, 25.0 // DefaultSettings
	for i, code := range []string{"KAZ", "KGZ"} {
		guard := 12.0
		if i == 0 {
			guard = 7
		}
		f := 0.1 + 0.9*math.Exp(-guard/lf)
		g := 0.25 + 0.75*math.Exp(-30/lg)
		p := float64(s.Modes.Horse) * float64(s.Countries[code].GapBase) * f * g
		side := gs.Sides[i]
		if side.Country != code || side.GuardKm != guard || math.Abs(side.GuardFactor-f) > 1e-15 ||
			math.Abs(side.SettlementFactor-g) > 1e-15 || math.Abs(float64(side.P)-p) > 1e-15 {
			t.Errorf("side %d: got %+v, want guard %v km, f %v, g %v, P %v", i, side, guard, f, g, p)
		}
	}
	want := 1 - (1-gs.Sides[0].P)*(1-gs.Sides[1].P)
	if math.Abs(float64(gs.P-want)) > 1e-15 {
		t.Errorf("got P %v, want %v", gs.P, want)
	}
	seg.Remote.OutpostKm[1] = math.NaN()
	if _, err := scoreG(seg, GapFoot, &s); !errors.Is(err, ErrBadParam) {
		t.Errorf("NaN distance: got %v, want ErrBadParam", err)
	}
}

func TestIntensity(t *testing.T) {
	s := toySettings()
	base, _ := scoreG(testSegment(3, 3), GapFoot, &s)
	kaz := s.Countries["KAZ"]
	kaz.Intensity = 2
	s.Countries["KAZ"] = kaz
	twice, _ := scoreG(testSegment(3, 3), GapFoot, &s)
	// (1 − p)^2 on the KAZ side only.
	want := 1 - (1-base.Sides[0].P)*(1-base.Sides[0].P)
	if math.Abs(float64(twice.Sides[0].P-want)) > 1e-15 || twice.Sides[1].P != base.Sides[1].P {
		t.Errorf("got sides %v, %v; want %v, %v", twice.Sides[0].P, twice.Sides[1].P, want, base.Sides[1].P)
	}
	h1 := toySettings()
	if got, want := s.Hazard("KAZ", 1000), 1-math.Exp(-2*h1.Countries["KAZ"].HazardPerKm*1000); math.Abs(float64(got)-want) > 1e-15 {
		t.Errorf("hazard: got %v, want %v", got, want)
	}
}

func TestPathProb(t *testing.T) {
	tests := []struct {
		name string
		ps   []Prob
	}{
		{"empty", nil},
		{"one", []Prob{0.3}},
		{"checkpoint and gaps", []Prob{0.02, 0.31, 0.004, 0.0005}},
		{"certain", []Prob{0.1, 1, 0.2}},
		{"zeros", []Prob{0, 0, 0}},
	}
	for _, tt := range tests {
		direct := 1.0
		for _, p := range tt.ps {
			direct *= 1 - float64(p)
		}
		direct = 1 - direct
		if got := PathProb(tt.ps); math.Abs(float64(got)-direct) > 1e-15 {
			t.Errorf("%s: got %v, want %v", tt.name, got, direct)
		}
	}
	// Many tiny probabilities: the direct product loses them, log1p does not.
	ps := make([]Prob, 1000)
	for i := range ps {
		ps[i] = 1e-18
	}
	if got, want := PathProb(ps), 1e-15; math.Abs(float64(got)-want)/want > 1e-9 {
		t.Errorf("tiny: got %v, want %v", got, want)
	}
	// Weights add up to −ln(1 − P).
	var w float64
	for _, p := range tests[2].ps {
		w += p.Weight()
	}
	if got := ProbFromWeight(w); math.Abs(float64(got-PathProb(tests[2].ps))) > 1e-15 {
		t.Errorf("weights: got %v, want %v", got, PathProb(tests[2].ps))
	}
}

func TestCloneIsDeep(t *testing.T) {
	a := toyProgramme()
	b := a.Clone()
	b.Countries["KAZ"] = CountryParams{GapBase: 0.9}
	b.Rules[0].Regime = geo.RegimeClosed
	b.Upgrades[0].Patrol = 0.9
	b.Carriers[0].Share = 0.9
	c := toyProgramme()
	if a.Countries["KAZ"] != c.Countries["KAZ"] || a.Rules[0].Regime != c.Rules[0].Regime ||
		a.Upgrades[0].Patrol != c.Upgrades[0].Patrol || a.Carriers[0].Share != c.Carriers[0].Share {
		t.Errorf("editing a clone changed the original")
	}
}

// scoreX validates s and scores crossing x, as a caller of the model would.
func scoreX(x geo.Crossing, entering, carrier string, s *Settings) (CrossingScore, error) {
	if err := s.Validate(); err != nil {
		return CrossingScore{}, err
	}
	if err := checkEntering(x, entering); err != nil {
		return CrossingScore{}, err
	}
	return s.scoreCrossing(x, entering, carrier)
}

// scoreG validates s and scores segment seg in the given mode.
func scoreG(seg geo.Segment, mode GapMode, s *Settings) (GapScore, error) {
	if err := s.Validate(); err != nil {
		return GapScore{}, err
	}
	return s.scoreGap(seg, mode)
}
