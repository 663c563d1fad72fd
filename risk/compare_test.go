package risk

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/route"
)

func runScenario(t *testing.T, m *Model, s Settings) *Result {
	t.Helper()
	ms, err := m.With(&s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ms.Run()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCompareCustomsUnion(t *testing.T) {
	m := toyModel(t, nil)
	base := runScenario(t, m, toySettings())
	cu := runScenario(t, m, toyCustomsUnion())
	c, err := Compare(base, cu)
	if err != nil {
		t.Fatal(err)
	}
	if c.A != "toy-baseline" || c.B != "toy-customs-union" {
		t.Errorf("names %q, %q", c.A, c.B)
	}
	for _, rc := range c.Routes {
		usesKazRus := slices.ContainsFunc(rc.Crossings, func(x string) bool { return strings.HasPrefix(x, "KAZ-RUS-") })
		switch {
		case usesKazRus && !(rc.PB < rc.PA):
			t.Errorf("route via %v: P %v → %v, want lower without inspection", rc.Crossings, rc.PA, rc.PB)
		case !usesKazRus && rc.PB != rc.PA:
			t.Errorf("route via %v: P %v → %v, want unchanged", rc.Crossings, rc.PA, rc.PB)
		}
		if rc.TonnesA == 0 && rc.TonnesB == 0 {
			t.Errorf("route in neither result: %+v", rc)
		}
	}
	rus := c.Countries[slices.IndexFunc(c.Countries, func(x CountryChange) bool { return x.Country == "RUS" })]
	if !(rus.DeltaSeizedKg < 0 && rus.PB < rus.PA) {
		t.Errorf("RUS: %+v, want fewer seizures", rus)
	}
	cuRus, _ := cu.Country("RUS")
	if cuRus.CrossingKg != 0 {
		t.Errorf("RUS seizes %v kg at crossings under the Customs Union, want 0", cuRus.CrossingKg)
	}
	// Only the probabilities of the Kazakh–Russian crossings change.
	mcu := cu.Model()
	g := m.Graph()
	for _, cr := range m.Carriers() {
		pa, _ := m.EdgeProbs(cr.Name)
		pb, _ := mcu.EdgeProbs(cr.Name)
		for e := range pa {
			ed := g.EdgeAt(e)
			kazRus := ed.Kind == route.EdgeCrossing && strings.HasPrefix(ed.Feature, "KAZ-RUS-") && ed.Feature != "KAZ-RUS-closed"
			if changed := pa[e] != pb[e]; changed != (kazRus && pa[e] > 0 && pa[e] < 1) {
				t.Errorf("%s edge %d (%s %s): P %v → %v", cr.Name, e, ed.Kind, ed.Feature, pa[e], pb[e])
			}
		}
	}
	checkMoves(t, c)
}

func TestCompareProgramme(t *testing.T) {
	m := toyModel(t, nil)
	cu := runScenario(t, m, toyCustomsUnion())
	prog := runScenario(t, m, toyProgramme())
	c, err := Compare(cu, prog)
	if err != nil {
		t.Fatal(err)
	}
	// The programme raises the risk of entering Kazakhstan from Kyrgyzstan
	// and Uzbekistan, so flow there falls and moves to the Turkmen border.
	if a, b := southFlow(c); !(b < a) {
		t.Errorf("flow over the KAZ-KGZ and KAZ-UZB borders: %v → %v t, want less", a, b)
	}
	if len(c.Moves) == 0 || c.MovedTonnes <= 0 {
		t.Fatalf("no displacement")
	}
	toTKM := 0.0
	for _, mv := range c.Moves {
		if mv.Entering == "KAZ" && strings.HasPrefix(mv.To, "KAZ-TKM") {
			toTKM += mv.Tonnes
		}
	}
	if toTKM <= 0 {
		t.Errorf("no flow displaced to the Kazakh–Turkmen border: %+v", c.Moves)
	}
	for _, rc := range c.Routes {
		if rc.PB < rc.PA-1e-15 {
			t.Errorf("route via %v %v: P %v → %v, the programme lowered a risk", rc.Crossings, rc.Gaps, rc.PA, rc.PB)
		}
	}
	checkMoves(t, c)
}

// southFlow returns the flow over the Kazakh–Kyrgyz and Kazakh–Uzbek
// borders, the southern border of Kazakhstan's 2012 programme, under A and
// under B.
func southFlow(c *Comparison) (a, b float64) {
	for _, f := range c.Features {
		if strings.HasPrefix(f.Feature, "KAZ-KGZ") || strings.HasPrefix(f.Feature, "KAZ-UZB") {
			a += f.TonnesA
			b += f.TonnesB
		}
	}
	return a, b
}

// checkMoves checks that no feature gives away more flow than it lost, nor
// receives more than it gained.
func checkMoves(t *testing.T, c *Comparison) {
	t.Helper()
	out, in := map[string]float64{}, map[string]float64{}
	var sum float64
	for _, mv := range c.Moves {
		if mv.Tonnes <= 0 || mv.From == mv.To {
			t.Errorf("move %+v", mv)
		}
		out[mv.From] += mv.Tonnes
		in[mv.To] += mv.Tonnes
		sum += mv.Tonnes
	}
	if math.Abs(sum-c.MovedTonnes) > 1e-9 {
		t.Errorf("moves add up to %v, MovedTonnes %v", sum, c.MovedTonnes)
	}
	for _, f := range c.Features {
		// A feature can lose flow in one pair and gain in another, so what
		// it gives away is bounded by its flow, not by its net loss.
		if out[f.Feature] > f.TonnesA+1e-9 {
			t.Errorf("%s gives away %v t of its %v t", f.Feature, out[f.Feature], f.TonnesA)
		}
		if in[f.Feature] > f.TonnesB+1e-9 {
			t.Errorf("%s receives %v t but carries %v t", f.Feature, in[f.Feature], f.TonnesB)
		}
	}
}

func TestCompareMismatch(t *testing.T) {
	a := toyModel(t, nil)
	b := toyModel(t, nil) // another graph
	ra, err := a.Run()
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.Run()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compare(ra, rb); !errors.Is(err, ErrMismatch) {
		t.Errorf("different graphs: got %v, want ErrMismatch", err)
	}
	s := toySettings()
	s.Carriers = []Carrier{{Name: "mule", Modes: route.Foot, Share: 1}}
	rc := runScenario(t, a, s)
	if _, err := Compare(ra, rc); !errors.Is(err, ErrMismatch) {
		t.Errorf("different carriers: got %v, want ErrMismatch", err)
	}
	if _, err := Compare(nil, ra); !errors.Is(err, ErrMismatch) {
		t.Errorf("nil: got %v, want ErrMismatch", err)
	}
}
