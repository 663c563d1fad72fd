package risk

import (
	"math"
	"slices"
	"sync"
	"testing"
)

// pricerOf returns the plan of m's settings and calibration's block
// pricer of it.
func pricerOf(t testing.TB, m *Model) (*plan, *sparsePricer) {
	t.Helper()
	pl, err := m.plan()
	if err != nil {
		t.Fatal(err)
	}
	return pl, newSparsePricer(m, pl)
}

// checkSeizuresJac compares the derivatives of seizuresJac with central
// differences of seizures (step 1e-5 in log space) for every parameter of
// ps, under s on m's plan, to a relative 1e-6 of the largest derivative;
// the seizures of the tracked commodities (indices in s.Commodities) too.
func checkSeizuresJac(t *testing.T, m *Model, s Settings, ps []fitParam, tracked ...int) {
	t.Helper()
	pl, sp := pricerOf(t, m)
	sp.track(tracked)
	nc := len(m.countries)
	name := func(i int) string { // of an entry of seizures
		if i < nc {
			return m.countries[i]
		}
		return m.countries[i%nc] + " " + s.Commodities[tracked[i/nc-1]].Name
	}
	n := len(ps)
	for _, p := range ps {
		if m.index(p.country) < 0 {
			t.Fatalf("no country %s", p.country)
		}
	}
	pm := m.newParamMap(ps)
	x := make([]float64, n)
	for j, p := range ps {
		pm.scale[j] = 1
		x[j] = toSpace(getParam(&s, p.country, p.kind), p.kind)
	}
	for c, code := range m.countries {
		pm.protected[c] = float64(s.Country(code).Protected)
	}
	at := func(x []float64) []float64 {
		ss := s.Clone()
		for j, p := range ps {
			setParam(&ss, p.country, p.kind, fromSpace(x[j], p.kind))
		}
		if err := sp.update(&ss); err != nil {
			t.Fatal(err)
		}
		return append([]float64(nil), sp.seizures(pl, &ss)...)
	}
	base := at(x)
	ss := s.Clone()
	for j, p := range ps {
		setParam(&ss, p.country, p.kind, fromSpace(x[j], p.kind))
	}
	if err := sp.update(&ss); err != nil {
		t.Fatal(err)
	}
	sp.grad(pm)
	kg, dkg := sp.seizuresJac(pl, &ss, pm)
	if want := nc * (1 + len(tracked)); len(kg) != want || len(base) != want {
		t.Fatalf("seizuresJac %d entries, seizures %d, want %d", len(kg), len(base), want)
	}
	for c := range kg {
		if kg[c] != base[c] {
			t.Errorf("%s: seizuresJac %v kg, seizures %v kg", name(c), kg[c], base[c])
		}
	}
	dkg = append([]float64(nil), dkg...)
	const h = 1e-5
	var scale float64
	for _, d := range dkg {
		scale = math.Max(scale, math.Abs(d))
	}
	if scale == 0 {
		t.Fatal("all derivatives are 0")
	}
	xp := append([]float64(nil), x...)
	for j, p := range ps {
		xp[j] = x[j] + h
		up := at(xp)
		xp[j] = x[j] - h
		down := at(xp)
		xp[j] = x[j]
		for c := range kg {
			fd := (up[c] - down[c]) / (2 * h)
			if got := dkg[c*n+j]; math.Abs(got-fd) > 1e-6*scale {
				t.Errorf("d %s kg / d %s.%s: analytic %v, central difference %v", name(c), p.country, p.kind, got, fd)
			}
		}
	}
}

// TestSeizuresJacobian checks the derivatives of the seizures used by
// calibration against central differences on the toy corridor: plain and
// nested logit, one commodity and two (a detection factor, protected
// shares), intensities, border and inland intensities, hazards.
func TestSeizuresJacobian(t *testing.T) {
	all := func(k ParamKind) []fitParam {
		var ps []fitParam
		for _, c := range toyShareCountries {
			ps = append(ps, fitParam{c, k})
		}
		return ps
	}
	commodities := toyCommoditySettings
	for _, tc := range []struct {
		name    string
		s       func() Settings
		ps      []fitParam
		tracked []int // commodities whose seizures are checked apart
	}{
		{"intensity", toySettings, all(ParamIntensity), nil},
		{"hazard", toySettings, all(ParamHazard), nil},
		{"border and inland", toySettings, append(all(ParamBorderIntensity), all(ParamInlandIntensity)...), nil},
		{"nested, commodities, protected", commodities, all(ParamIntensity), nil},
		{"nested, commodities, border and inland", commodities, append(all(ParamBorderIntensity), all(ParamInlandIntensity)...), nil},
		{"nested, commodities, opium and heroin apart", commodities, all(ParamIntensity), []int{1, 0}},
		{"nested, commodities, opium apart, border and inland", commodities, append(all(ParamBorderIntensity), all(ParamInlandIntensity)...), []int{1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.s()
			m := toyModel(t, &s)
			checkSeizuresJac(t, m, s, tc.ps, tc.tracked...)
		})
	}
	t.Run("northern route", func(t *testing.T) {
		if testing.Short() {
			t.Skip("builds the Northern Route")
		}
		m, err := northernRouteModel()
		if err != nil {
			t.Fatal(err)
		}
		var ps []fitParam
		for _, c := range []string{"UZB", "TJK", "TKM", "KGZ", "KAZ"} {
			ps = append(ps, fitParam{c, ParamIntensity})
		}
		var tracked []int
		for k := range m.settings.Commodities {
			tracked = append(tracked, k)
		}
		checkSeizuresJac(t, m, m.settings, ps, tracked...)
	})
}

// TestResidualJacobian checks residualJacobian against central
// differences of the residuals of Target.Fit as functions of the seizures,
// with a kg figure of every commodity and one of heroin alone (its
// seizures in a second run of countries).
func TestResidualJacobian(t *testing.T) {
	m := toyModel(t, nil)
	target := toyTarget()
	target.Kg = append(target.Kg, KgObs{Country: "TJK", Kg: 500}, KgObs{Country: "TJK", Commodity: "heroin", Kg: 200})
	nc, n := len(m.countries), 3
	at := func(country, commodity string) int {
		c := int(m.index(country))
		if c < 0 {
			return -1
		}
		if commodity == "heroin" {
			return nc + c
		}
		return c
	}
	kg := make([]float64, 2*nc)
	dkg := make([]float64, 2*nc*n)
	for c := range kg {
		kg[c] = 100 + 37*float64(c)
		for j := range n {
			dkg[c*n+j] = math.Sin(float64(c*n + j + 1))
		}
	}
	res := func(eps float64, j int) []float64 {
		rows, _ := target.Fit(func(country, commodity string) float64 {
			if i := at(country, commodity); i >= 0 {
				return kg[i] + eps*dkg[i*n+j]
			}
			return 0
		})
		return residuals(rows, target.kgWeight())
	}
	const priorW = 0.05
	jac := residualJacobian(&target, at, kg, dkg, n, priorW)
	rows, cols := jac.Dims()
	if want := len(target.Shares) + len(target.Kg) + n; rows != want || cols != n {
		t.Fatalf("Jacobian %d×%d, want %d×%d", rows, cols, want, n)
	}
	const h = 1e-4
	for j := range n {
		up, down := res(h, j), res(-h, j)
		for i := range up {
			fd := (up[i] - down[i]) / (2 * h)
			if got := jac.At(i, j); math.Abs(got-fd) > 1e-8*(1+math.Abs(fd)) {
				t.Errorf("row %d, parameter %d: %v, central difference %v", i, j, got, fd)
			}
		}
		for i := range n {
			want := 0.0
			if i == j {
				want = priorW
			}
			if got := jac.At(len(up)+i, j); got != want {
				t.Errorf("prior row %d, parameter %d: %v, want %v", i, j, got, want)
			}
		}
	}
}

// TestPricerClone checks that a clone of the block pricer, used at the same
// time as its original under other settings, gives each the seizures (and
// derivatives) of a new pricer under its own settings, to the bit.
func TestPricerClone(t *testing.T) {
	s1 := toyCommoditySettings()
	m := toyModel(t, &s1)
	pl, err := m.plan()
	if err != nil {
		t.Fatal(err)
	}
	s2 := s1.Clone()
	setParam(&s2, "TJK", ParamIntensity, 2*getParam(&s1, "TJK", ParamIntensity))
	pm := m.newParamMap([]fitParam{{"TJK", ParamIntensity}})
	pm.scale[0] = 1
	// price returns the seizures and derivatives of sp under s, copied.
	price := func(sp *sparsePricer, s *Settings) ([]float64, []float64, error) {
		if err := sp.update(s); err != nil {
			return nil, nil, err
		}
		sp.grad(pm)
		kg, dkg := sp.seizuresJac(pl, s, pm)
		return slices.Clone(kg), slices.Clone(dkg), nil
	}
	fresh := func(s *Settings) ([]float64, []float64) {
		sp := newSparsePricer(m, pl)
		sp.track([]int{0})
		kg, dkg, err := price(sp, s)
		if err != nil {
			t.Fatal(err)
		}
		return kg, dkg
	}
	want1, dwant1 := fresh(&s1)
	want2, dwant2 := fresh(&s2)
	if slices.Equal(want1, want2) {
		t.Fatal("doubling TJK's intensity leaves the seizures as they were: the test cannot tell the pricers apart")
	}
	orig := newSparsePricer(m, pl)
	orig.track([]int{0})
	clone := orig.clone()
	var got [2][2][]float64
	var errs [2]error
	// First in turn: both priced, then both summed, so that a clone that
	// shared the original's prices would sum them under the wrong settings;
	// then at the same time (for the race detector).
	for i, sp := range []*sparsePricer{orig, clone} {
		if err := sp.update([]*Settings{&s1, &s2}[i]); err != nil {
			t.Fatal(err)
		}
		sp.grad(pm)
	}
	for i, sp := range []*sparsePricer{orig, clone} {
		kg, dkg := sp.seizuresJac(pl, []*Settings{&s1, &s2}[i], pm)
		got[i][0], got[i][1] = slices.Clone(kg), slices.Clone(dkg)
	}
	check := func(when string) {
		t.Helper()
		for i, want := range [2][2][]float64{{want1, dwant1}, {want2, dwant2}} {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			for j, what := range []string{"seizures", "derivatives"} {
				if !slices.Equal(got[i][j], want[j]) {
					t.Errorf("%s, %s: %s %v, want %v", when, []string{"original", "clone"}[i], what, got[i][j], want[j])
				}
			}
		}
	}
	check("in turn")
	var wg sync.WaitGroup
	for i, sp := range []*sparsePricer{orig, clone} {
		s := []*Settings{&s1, &s2}[i]
		wg.Go(func() {
			for range 3 { // several rounds, interleaved with the other's
				got[i][0], got[i][1], errs[i] = price(sp, s)
			}
		})
	}
	wg.Wait()
	check("at the same time")
}

// TestPricerBlocks checks newSparsePricer's blocks on the Northern Route's
// plan, found a carrier's run of pairs at a time, and on the same plan in
// reverse (its carriers out of order: one pass over the pairs): every
// route's blocks spell out its edges, and the two price the plan alike.
func TestPricerBlocks(t *testing.T) {
	nr, pl := northernRoutePlan(t)
	rev := &plan{pairs: slices.Clone(pl.pairs)}
	slices.Reverse(rev.pairs)
	if rev.pairs[0].carrier == rev.pairs[len(rev.pairs)-1].carrier {
		t.Fatal("the plan has one carrier: the reversed plan would be found in runs too")
	}
	s := nr.settings.Clone()
	var kgs [2][]float64
	for i, q := range []*plan{pl, rev} {
		sp := newSparsePricer(nr, q)
		for pi, p := range q.pairs {
			for ri, r := range p.routes {
				var edges []int
				for _, b := range sp.routes[pi][ri] {
					if sp.blocks[b].carrier != p.carrier {
						t.Fatalf("plan %d, pair %d, route %d: block %d of carrier %d, want %d", i, pi, ri, b, sp.blocks[b].carrier, p.carrier)
					}
					for _, sl := range sp.blocks[b].slots {
						edges = append(edges, sp.edges[p.carrier][sl])
					}
				}
				if !slices.Equal(edges, r.Path.Edges) {
					t.Fatalf("plan %d, pair %d, route %d: blocks spell edges %v, want %v", i, pi, ri, edges, r.Path.Edges)
				}
			}
		}
		if err := sp.update(&s); err != nil {
			t.Fatal(err)
		}
		kgs[i] = slices.Clone(sp.seizures(q, &s))
	}
	var total float64
	for c, kg := range kgs[0] {
		total += kg
		if math.Abs(kg-kgs[1][c]) > 1e-9*max(1, kg) {
			t.Errorf("country %s: %v kg seized in runs, %v in one pass", nr.countries[c], kg, kgs[1][c])
		}
	}
	if !(total > 0) {
		t.Errorf("%v kg seized in all: want some", total)
	}
}
