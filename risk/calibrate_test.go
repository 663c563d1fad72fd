package risk

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// plantedTarget returns the shares and Kazakhstan's kg that the model
// itself gives under s.
func plantedTarget(t *testing.T, s *Settings) Target {
	tg, _ := plantedRun(t, s)
	return tg
}

// plantedRun returns plantedTarget and the run it was taken from.
func plantedRun(t *testing.T, s *Settings) (Target, *Result) {
	t.Helper()
	m := toyModel(t, s)
	res, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	tg := Target{Name: "planted"}
	for _, code := range toyShareCountries {
		c, _ := res.Country(code)
		tg.Shares = append(tg.Shares, ShareObs{Country: code, Share: c.Share})
	}
	kaz, _ := res.Country("KAZ")
	tg.Kg = []KgObs{{Country: "KAZ", Kg: kaz.SeizedKg}}
	return tg, res
}

func TestCalibrationRecoversPlanted(t *testing.T) {
	tests := []struct {
		name  string
		kind  ParamKind
		plant map[string]float64
		tol   float64 // relative
		// recover: the fit must find the planted values. With a rail-only
		// carrier, the toy's hazards per km are fitted exactly by a second
		// vector too (UZB about 4.3e-5 instead of 1e-5: route choice
		// shifts with the hazards), so there only the fit is checked.
		recover bool
	}{
		// The intensities are not unique either: Levenberg–Marquardt from 1
		// finds UZB 0.6, KGZ 0.8 that fit as exactly as the planted UZB 1.8,
		// KGZ 0.45 (a higher intensity turns flow away, so a country's
		// seizures need not rise with it). The fit is checked, and the
		// starting points are reported.
		{"intensity", ParamIntensity, map[string]float64{"UZB": 1.8, "TJK": 0.6, "TKM": 1.3, "KGZ": 0.45, "KAZ": 0.8}, 0.01, false},
		{"hazard", ParamHazard, map[string]float64{"UZB": 1e-5, "TJK": 0.6e-5, "TKM": 3e-5, "KGZ": 1e-5, "KAZ": 0.3e-5}, 0.02, false},
		// GapBase has no exact derivatives: Levenberg–Marquardt by forward
		// differences. TKM's stays at its start, 0.06, whatever is
		// planted (the objective does not change with it), so it is
		// planted there.
		{"gap base", ParamGapBase, map[string]float64{"UZB": 0.2, "TJK": 0.03, "TKM": 0.06, "KGZ": 0.02, "KAZ": 0.1}, 0.01, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			planted := toySettings()
			for code, v := range tt.plant {
				setParam(&planted, code, tt.kind, v)
			}
			target := plantedTarget(t, &planted)
			m := toyModel(t, nil)                                                                                        // starts from the defaults
			cal, err := m.Calibrate(context.Background(), &CalibSettings{Target: &target, Kind: tt.kind, PriorSD: 1000}) // flat priors: the planted values are the maximum likelihood
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range cal.Params {
				want := tt.plant[p.Country]
				if tt.recover && math.Abs(p.Value-want) > tt.tol*want {
					t.Errorf("%s: fitted %v, planted %v (start %v)", p.Country, p.Value, want, p.Start)
				}
			}
			if cal.Objective > 1e-8 {
				t.Errorf("objective %v at the fit, want ≈ 0", cal.Objective)
			}
			for _, r := range cal.Fit {
				t.Logf("%s %-5s observed %10.4f modelled %10.4f residual %+.2e", r.Country, r.Kind, r.Observed, r.Modelled, r.Residual)
			}
			t.Logf("%d evaluations, %d rounds, %s; singular values %.3g", cal.Evaluations, cal.Rounds, cal.Status, cal.SingularValues)
			for _, st := range cal.Starts {
				t.Logf("start %.3g → %.3g, objective %.3g", st.Start, st.End, st.Objective)
			}
			t.Logf("same optimum from every start: %v", cal.SameOptimum)
			if len(cal.Starts) != 3 {
				t.Errorf("%d starting points reported, want 3", len(cal.Starts))
			}
			if len(cal.SingularValues) != len(cal.Params) || cal.SingularValues[len(cal.SingularValues)-1] <= 0 {
				t.Errorf("singular values %v: want %d, all > 0 (identified)", cal.SingularValues, len(cal.Params))
			}
			// The fitted settings reproduce the fit.
			kaz, _ := cal.Result.Country("KAZ")
			if math.Abs(kaz.SeizedKg-target.Kg[0].Kg) > 1e-3*target.Kg[0].Kg {
				t.Errorf("KAZ seized %v kg under the fitted settings, target %v", kaz.SeizedKg, target.Kg[0].Kg)
			}
		})
	}
}

func TestCalibrationUnidentified(t *testing.T) {
	// Fitting the intensities of two countries to one kg figure: the
	// Jacobian is 1×2, one non-zero singular value for two parameters, so
	// one combination of them is not identified and is reported.
	m := toyModel(t, nil)
	tg := Target{Name: "kg only", Kg: []KgObs{{Country: "KAZ", Kg: 500}}}
	cal, err := m.Calibrate(context.Background(), &CalibSettings{Target: &tg, Countries: []string{"KAZ", "KGZ"}, MaxEvaluations: 400})
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.SingularValues) != 2 || cal.SingularValues[0] <= 0 || cal.SingularValues[1] != 0 {
		t.Fatalf("singular values %v: want one > 0 and one 0 (one residual)", cal.SingularValues)
	}
	if len(cal.Unidentified) != 1 {
		t.Errorf("unidentified %q: want one combination of KAZ and KGZ", cal.Unidentified)
	}
	kaz, _ := cal.Result.Country("KAZ")
	if math.Abs(kaz.SeizedKg-500) > 10 {
		t.Errorf("KAZ seized %v kg, want 500", kaz.SeizedKg)
	}
}

func TestCalibrationErrors(t *testing.T) {
	m := toyModel(t, nil)
	tg := toyTarget()
	bad := []struct {
		name string
		opt  CalibSettings
		want error
	}{
		{"empty target", CalibSettings{Target: &Target{Name: "x"}}, ErrBadTarget},
		{"negative share", CalibSettings{Target: &Target{Shares: []ShareObs{{"KAZ", -1}, {"UZB", 1}}}}, ErrBadTarget},
		{"one share", CalibSettings{Target: &Target{Shares: []ShareObs{{"KAZ", 1}}}}, ErrBadTarget},
		{"zero kg", CalibSettings{Target: &Target{Kg: []KgObs{{Country: "KAZ", Kg: 0}}}}, ErrBadTarget},
		{"no target", CalibSettings{}, ErrBadTarget},
		{"unknown country", CalibSettings{Target: &tg, Countries: []string{"FRA"}}, ErrBadParam},
		{"twice", CalibSettings{Target: &tg, Countries: []string{"KAZ", "KAZ"}}, ErrBadParam},
		{"kind", CalibSettings{Target: &tg, Kind: 9}, ErrBadParam},
		// Every round's objective overflows: an error, not a panic.
		{"kg 1e-200", CalibSettings{Target: &Target{Name: "tiny", Kg: []KgObs{{Country: "KAZ", Kg: 1e-200}}}, Rounds: 1, MaxEvaluations: 30}, ErrBadTarget},
	}
	for _, tt := range bad {
		if _, err := m.Calibrate(context.Background(), &tt.opt); !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestTargetFit(t *testing.T) {
	tg := toyTarget()
	if err := tg.Validate(); err != nil {
		t.Fatal(err)
	}
	seized := map[string]float64{"UZB": 380, "TJK": 230, "TKM": 180, "KGZ": 110, "KAZ": 323, "RUS": 5000}
	rows, obj := tg.Fit(func(c, _ string) float64 { return seized[c] })
	// Shares are of the five only (Russia's 5 t do not count), rescaled.
	sum := 380.0 + 230 + 180 + 110 + 323
	if rows[0].Country != "UZB" || math.Abs(rows[0].Modelled-380/sum) > 1e-15 || math.Abs(rows[0].Observed-0.38/0.97) > 1e-15 {
		t.Errorf("UZB row %+v", rows[0])
	}
	last := rows[len(rows)-1]
	if last.Kind != "kg" || last.Modelled != 323 || last.Residual != 0 {
		t.Errorf("kg row %+v", last)
	}
	var want float64
	for _, r := range rows[:5] {
		want += r.Residual * r.Residual
	}
	if math.Abs(obj-want) > 1e-15 {
		t.Errorf("objective %v, want %v", obj, want)
	}
}

func TestFastSeizuresMatchAssign(t *testing.T) {
	s := toySettings()
	setParam(&s, "UZB", ParamIntensity, 1.7)
	setParam(&s, "KGZ", ParamHazard, 3e-5)
	m := toyModel(t, &s)
	pl, sp := pricerOf(t, m)
	if err := sp.update(&s); err != nil {
		t.Fatal(err)
	}
	kg := sp.seizures(pl, &s)
	res := m.assign(pl, sp, &s)
	for i, c := range res.Countries {
		if math.Abs(kg[i]-c.SeizedKg) > 1e-9*(1+c.SeizedKg) {
			t.Errorf("%s: fast %v kg, assign %v kg", c.Country, kg[i], c.SeizedKg)
		}
	}
	full, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range full.Countries {
		if math.Abs(kg[i]-c.SeizedKg) > 1e-9*(1+c.SeizedKg) {
			t.Errorf("%s: fast %v kg, Run %v kg", c.Country, kg[i], c.SeizedKg)
		}
	}
}

func TestCalibrationApply(t *testing.T) {
	cal := &Calibration{Params: []FittedParam{{Country: "KAZ", Kind: ParamIntensity, Value: 0.2}, {Country: "XXX", Kind: ParamHazard, Value: 3e-5}}}
	s := cal.Apply(toyProgramme())
	if got := s.Country("KAZ").Intensity; got != 0.2 {
		t.Errorf("KAZ intensity %v, want 0.2", got)
	}
	if got := s.Country("XXX").HazardPerKm; got != 3e-5 {
		t.Errorf("XXX hazard %v, want 3e-5", got)
	}
	if s.Name != "toy-programme" || len(s.Upgrades) != 2 {
		t.Errorf("Apply changed the scenario: %s, %d upgrades", s.Name, len(s.Upgrades))
	}
	if p := toyProgramme(); p.Country("KAZ").Intensity != 1 {
		t.Errorf("Apply changed the original")
	}
}

func TestCalibrateCancelled(t *testing.T) {
	m := toyModel(t, nil)
	target := toyTarget()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := m.Calibrate(ctx, &CalibSettings{Target: &target})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: got %v, want an error wrapping context.Canceled", err)
	}
}

// TestCalibrationNotFinite checks that a target whose objective overflows
// in every round is an error, not a panic.
func TestCalibrationNotFinite(t *testing.T) {
	m := toyModel(t, nil)
	target := toyTarget()
	target.Kg = []KgObs{{Country: "KAZ", Kg: 1e-200}}
	_, err := m.Calibrate(context.Background(), &CalibSettings{Target: &target, Rounds: 1, MaxEvaluations: 20})
	if !errors.Is(err, ErrBadTarget) {
		t.Errorf("Calibrate with 1e-200 kg observed: %v, want ErrBadTarget", err)
	}
}

// TestCalibrationIntervals checks the Laplace intervals and the report of
// what the target cannot pin down: border and inland intensity of each
// country, twice as many parameters as the figures, leave combinations
// unidentified, and every interval holds its value.
func TestCalibrationIntervals(t *testing.T) {
	m := toyModel(t, nil)
	target := toyTarget()
	cal, err := m.Calibrate(context.Background(), &CalibSettings{Target: &target, Kinds: []ParamKind{ParamBorderIntensity, ParamInlandIntensity}, Rounds: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Params) != 2*len(target.ShareCountries()) {
		t.Fatalf("%d parameters, want %d", len(cal.Params), 2*len(target.ShareCountries()))
	}
	for _, p := range cal.Params {
		if !(p.Lo <= p.Value && p.Value <= p.Hi && p.Lo > 0) {
			t.Errorf("%s %s: %v not in its interval [%v, %v]", p.Country, p.Kind, p.Value, p.Lo, p.Hi)
		}
	}
	if len(cal.SingularValues) != len(cal.Params) {
		t.Errorf("%d singular values, want %d", len(cal.SingularValues), len(cal.Params))
	}
	t.Logf("objective %.4g, %d evaluations; unidentified: %q", cal.Objective, cal.Evaluations, cal.Unidentified)
	if len(cal.Unidentified) == 0 {
		t.Errorf("no unidentified combination reported for %d parameters fitted to %d figures", len(cal.Params), len(cal.Fit))
	}
}

// TestFastCommoditySeizuresMatchRun checks the block pricer of
// calibration against Run with two commodities (one with a detection
// factor and its own market), protected shares and nested corridors: the
// total seizures, those of each commodity (CountrySeizure.CommodityKg),
// and that tracking commodities leaves the totals bitwise as they were.
func TestFastCommoditySeizuresMatchRun(t *testing.T) {
	s := toyCommoditySettings()
	m := toyModel(t, &s)
	pl, sp := pricerOf(t, m)
	if err := sp.update(&s); err != nil {
		t.Fatal(err)
	}
	totals := append([]float64(nil), sp.seizures(pl, &s)...)
	sp.track([]int{1, 0}) // opium, then heroin
	kg := sp.seizures(pl, &s)
	nc := len(m.countries)
	if len(kg) != 3*nc {
		t.Fatalf("%d entries, want %d", len(kg), 3*nc)
	}
	full, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.factors) != 2 || len(sp.blocks) == 0 {
		t.Errorf("%d factors, %d blocks: want 2 factors and some blocks", len(sp.factors), len(sp.blocks))
	}
	for i, c := range full.Countries {
		if math.Abs(totals[i]-c.SeizedKg) > 1e-9*(1+c.SeizedKg) {
			t.Errorf("%s: fast %v kg, Run %v kg", c.Country, totals[i], c.SeizedKg)
		}
		if kg[i] != totals[i] {
			t.Errorf("%s: %v kg tracking commodities, %v kg without", c.Country, kg[i], totals[i])
		}
		for k := range s.Commodities {
			got := kg[sp.kgIndex(i, k)]
			if want := c.CommodityKg[k]; math.Abs(got-want) > 1e-9*(1+want) {
				t.Errorf("%s %s: fast %v kg, Run %v kg", c.Country, s.Commodities[k].Name, got, want)
			}
		}
		if sum := kg[sp.kgIndex(i, 0)] + kg[sp.kgIndex(i, 1)]; math.Abs(sum-kg[i]) > 1e-9*(1+kg[i]) {
			t.Errorf("%s: heroin and opium %v kg, total %v kg", c.Country, sum, kg[i])
		}
	}
	if full.Countries[m.index("TJK")].CommodityKg[1] == 0 {
		t.Error("no opium seized in TJK: the check says nothing")
	}
}

// toyCommodities returns the toy settings with heroin and opium (opium
// with a detection factor and its own market in Omsk).
func toyCommodities() Settings {
	s := toySettings()
	s.FlowTonnes = 0
	s.Commodities = []Commodity{
		{Name: "heroin", FlowTonnes: 60},
		{Name: "opium", FlowTonnes: 30, DetectionFactor: 1.5, Destinations: map[string]float64{"Omsk": 1}},
	}
	return s
}

// TestCalibrationCommodityKg fits the shares of all seizures and
// Kazakhstan's heroin seizures planted by the model itself: the fit must
// reproduce the heroin kg (not the heroin and opium kg), with the kg row
// saying its commodity.
func TestCalibrationCommodityKg(t *testing.T) {
	planted := toyCommodities()
	for code, v := range map[string]float64{"UZB": 1.4, "TJK": 0.8, "TKM": 1.2, "KGZ": 0.7, "KAZ": 1.5} {
		setParam(&planted, code, ParamIntensity, v)
	}
	tg, res := plantedRun(t, &planted)
	tg.Name = "planted heroin"
	kaz, _ := res.Country("KAZ")
	heroinKg, opiumKg := kaz.CommodityKg[0], kaz.CommodityKg[1]
	if !(opiumKg > 0.05*heroinKg) {
		t.Fatalf("KAZ opium %v kg against heroin %v kg: too little to tell heroin from the total", opiumKg, heroinKg)
	}
	tg.Kg = []KgObs{{Country: "KAZ", Commodity: "heroin", Kg: heroinKg}}
	s := toyCommodities()
	m := toyModel(t, &s)
	cal, err := m.Calibrate(context.Background(), &CalibSettings{Target: &tg, PriorSD: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if cal.Objective > 1e-6 {
		t.Errorf("objective %v: want the planted figures fitted (< 1e-6)", cal.Objective)
	}
	last := cal.Fit[len(cal.Fit)-1]
	if last.Country != "KAZ" || last.Commodity != "heroin" || last.Kind != "kg" || last.Observed != heroinKg {
		t.Fatalf("last fit row %+v: want KAZ heroin kg observed %v", last, heroinKg)
	}
	got, _ := cal.Result.Country("KAZ")
	if last.Modelled != got.CommodityKg[0] {
		t.Errorf("fit row modelled %v kg, result's KAZ heroin %v kg", last.Modelled, got.CommodityKg[0])
	}
	if math.Abs(got.CommodityKg[0]-heroinKg) > 1e-3*heroinKg {
		t.Errorf("KAZ heroin %v kg after the fit, want %v", got.CommodityKg[0], heroinKg)
	}
}

// TestCalibrationUnknownCommodity checks that a kg figure of a commodity
// the model does not carry is an error naming the target, the country, the
// commodity and the commodities known.
func TestCalibrationUnknownCommodity(t *testing.T) {
	withCommodities := toyCommodities()
	for _, tc := range []struct {
		name  string
		s     *Settings
		wants []string
	}{
		{"two commodities", &withCommodities, []string{`"toy-observed"`, "KAZ", `"cocaine"`, `"heroin", "opium"`}},
		{"no commodities", nil, []string{`"toy-observed"`, "KAZ", `"cocaine"`, "no Commodities"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := toyModel(t, tc.s)
			tg := toyTarget()
			tg.Kg = []KgObs{{Country: "KAZ", Commodity: "cocaine", Kg: 100}}
			_, err := m.Calibrate(context.Background(), &CalibSettings{Target: &tg})
			if !errors.Is(err, ErrBadTarget) {
				t.Fatalf("got %v, want %v", err, ErrBadTarget)
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %s", err, w)
				}
			}
			res, err := m.Run()
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := tg.FitResult(res); !errors.Is(err, ErrBadTarget) || !strings.Contains(err.Error(), `"cocaine"`) {
				t.Errorf("FitResult: got %v, want %v naming the commodity", err, ErrBadTarget)
			}
		})
	}
}

// TestTargetFitResult checks FitResult's kg rows against the result's
// seizures: the total for a row without a commodity, the commodity's for
// one with.
func TestTargetFitResult(t *testing.T) {
	s := toyCommodities()
	res, err := toyModel(t, &s).Run()
	if err != nil {
		t.Fatal(err)
	}
	tg := toyTarget()
	tg.Kg = []KgObs{{Country: "KAZ", Kg: 323}, {Country: "TJK", Commodity: "opium", Kg: 50}}
	rows, obj, err := tg.FitResult(res)
	if err != nil {
		t.Fatal(err)
	}
	kaz, _ := res.Country("KAZ")
	tjk, _ := res.Country("TJK")
	want := []FitRow{
		{Country: "KAZ", Kind: "kg", Observed: 323, Modelled: kaz.SeizedKg, Residual: kaz.SeizedKg - 323},
		{Country: "TJK", Commodity: "opium", Kind: "kg", Observed: 50, Modelled: tjk.CommodityKg[1], Residual: tjk.CommodityKg[1] - 50},
	}
	for i, w := range want {
		if got := rows[len(tg.Shares)+i]; got != w {
			t.Errorf("kg row %d: got %+v, want %+v", i, got, w)
		}
	}
	if tjk.CommodityKg[1] == 0 || tjk.CommodityKg[1] == tjk.SeizedKg {
		t.Errorf("TJK opium %v kg of %v kg: the check cannot tell the commodity from the total", tjk.CommodityKg[1], tjk.SeizedKg)
	}
	var wantObj float64
	for _, r := range rows[:len(tg.Shares)] {
		wantObj += r.Residual * r.Residual
	}
	for _, w := range want {
		wantObj += 0.1 * (w.Residual / w.Observed) * (w.Residual / w.Observed)
	}
	if math.Abs(obj-wantObj) > 1e-12*wantObj {
		t.Errorf("objective %v, want %v", obj, wantObj)
	}
}

// TestCalibrationResultIsRun checks that the Result a calibration returns
// (its plans built without lines, nodes or crossings and gaps, those added
// at the end) is Run's under the fitted settings: the same routes, flows,
// nodes, lines and lists of crossings, gaps and countries, with each way
// of making the choice sets.
func TestCalibrationResultIsRun(t *testing.T) {
	for _, choice := range []ChoiceSet{ChoiceByBorder, ChoiceKBest, ChoiceDiverse} {
		t.Run(choice.String(), func(t *testing.T) { testCalibrationResultIsRun(t, choice) })
	}
}

func testCalibrationResultIsRun(t *testing.T, choice ChoiceSet) {
	s := toyCommoditySettings()
	s.Choice = choice
	target := plantedTarget(t, &s)
	target.Kg = []KgObs{{Country: "KAZ", Commodity: "heroin", Kg: 0.9 * target.Kg[0].Kg}} // the fit moves from s
	m := toyModel(t, &s)
	cal, err := m.Calibrate(context.Background(), &CalibSettings{Target: &target})
	if err != nil {
		t.Fatal(err)
	}
	fitted, err := m.With(&cal.Settings)
	if err != nil {
		t.Fatal(err)
	}
	run, err := fitted.Run()
	if err != nil {
		t.Fatal(err)
	}
	got, want := cal.Result.Routes, run.Routes
	crossings, gaps := 0, 0
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("%d routes in the calibration's result, %d in Run's", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if len(g.Path.Line) < 2 {
			t.Errorf("route %d (%s → %s): line of %d points", i, g.Origin, g.Destination, len(g.Path.Line))
		}
		if !slices.Equal(g.Path.Edges, w.Path.Edges) || !slices.Equal(g.Path.Line, w.Path.Line) || g.Tonnes != w.Tonnes || g.Commodity != w.Commodity {
			t.Errorf("route %d: calibration %s %s → %s %.6g t, Run %s %s → %s %.6g t (or their edges or lines differ)",
				i, g.Commodity, g.Origin, g.Destination, g.Tonnes, w.Commodity, w.Origin, w.Destination, w.Tonnes)
		}
		if !slices.Equal(g.Path.Nodes, w.Path.Nodes) || len(g.Path.Nodes) != len(g.Path.Edges)+1 {
			t.Errorf("route %d: nodes %v, Run's %v", i, g.Path.Nodes, w.Path.Nodes)
		}
		for _, l := range []struct {
			name      string
			got, want []string
		}{{"via", g.Via, w.Via}, {"crossings", g.Crossings, w.Crossings}, {"gaps", g.Gaps, w.Gaps}, {"countries", g.Countries, w.Countries}} {
			if !slices.Equal(l.got, l.want) {
				t.Errorf("route %d: %s %v, Run's %v", i, l.name, l.got, l.want)
			}
		}
		crossings += len(g.Crossings)
		gaps += len(g.Gaps)
	}
	if crossings == 0 || gaps == 0 {
		t.Errorf("%d crossings and %d gaps on the routes: the toy corridor should have both", crossings, gaps)
	}
}

// TestCalibrationStartsAtOnce checks the first round's fits from many
// starting points, made a few at a time each on its own pricer: every
// start ends where it ends in a calibration with fewer starts (the first
// three of seven as with three), in the order of the points, and two runs
// agree to the bit.
func TestCalibrationStartsAtOnce(t *testing.T) {
	planted := toySettings()
	for code, v := range map[string]float64{"UZB": 1.8, "TJK": 0.6, "TKM": 1.3, "KGZ": 0.45, "KAZ": 0.8} {
		setParam(&planted, code, ParamIntensity, v)
	}
	target := plantedTarget(t, &planted)
	m := toyModel(t, nil)
	calibrate := func(starts int) *Calibration {
		t.Helper()
		cal, err := m.Calibrate(context.Background(), &CalibSettings{Target: &target, Starts: starts, Rounds: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(cal.Starts) != starts {
			t.Fatalf("%d starting points reported, want %d", len(cal.Starts), starts)
		}
		return cal
	}
	three, seven, again := calibrate(3), calibrate(7), calibrate(7)
	if !reflect.DeepEqual(seven.Starts[:3], three.Starts) {
		t.Errorf("the first three of seven starts %v, want those of three %v", seven.Starts[:3], three.Starts)
	}
	if !reflect.DeepEqual(seven.Starts, again.Starts) || seven.Evaluations != again.Evaluations || seven.Objective != again.Objective {
		t.Errorf("two calibrations from seven starts differ: %v, %d evaluations, objective %v; then %v, %d, %v",
			seven.Starts, seven.Evaluations, seven.Objective, again.Starts, again.Evaluations, again.Objective)
	}
	for k, st := range seven.Starts {
		if k > 0 && reflect.DeepEqual(st.Start, seven.Starts[k-1].Start) {
			t.Errorf("starts %d and %d are the same point %v", k-1, k, st.Start)
		}
	}
}
