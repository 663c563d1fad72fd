package risk

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/route"
)

func TestMeasureAndCheckPublished(t *testing.T) {
	r, _, _ := toyRun(t)
	var routed, seized float64
	perCarrier := map[string]float64{}
	for _, rt := range r.Routes {
		routed += rt.Tonnes
		perCarrier[rt.Carrier] += rt.Tonnes
	}
	for _, c := range r.Countries {
		seized += c.SeizedKg
	}
	first := r.Countries[0]
	carrier := r.Settings.Carriers[0].Name
	ps := []Published{
		{Name: "inflow", Low: 0, High: 2 * first.InflowTonnes, Measure: Measure{Kind: InflowTonnes, Country: first.Country}},
		{Name: "seized", Low: first.SeizedKg + 1, High: first.SeizedKg + 2, Measure: Measure{Kind: SeizedKg, Country: first.Country}},
		{Name: "fraction", Low: 0, High: 1, Measure: Measure{Kind: SeizedFraction}},
		{Name: "carrier", Low: 0.5, High: 0.5, Measure: Measure{Kind: CarrierShare, Carrier: carrier}},
	}
	got, err := CheckPublished(r, ps)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{first.InflowTonnes, first.SeizedKg, seized / (1000 * routed), perCarrier[carrier] / routed}
	within := []bool{true, false, true, perCarrier[carrier]/routed == 0.5}
	for i, c := range got {
		if math.Abs(c.Model-want[i]) > 1e-12*math.Max(1, want[i]) {
			t.Errorf("%s: model %v, want %v", c.Name, c.Model, want[i])
		}
		if c.Within != within[i] {
			t.Errorf("%s: within %v, want %v", c.Name, c.Within, within[i])
		}
	}
	if r := got[0].Ratio; math.Abs(r-1) > 1e-12 {
		t.Errorf("inflow ratio %v, want 1 (the middle of 0–2×)", r)
	}
	for _, bad := range []Published{
		{Name: "no country", Low: 0, High: 1, Measure: Measure{Kind: InflowTonnes, Country: "XXX"}},
		{Name: "no carrier", Low: 0, High: 1, Measure: Measure{Kind: CarrierShare, Carrier: "balloon"}},
		{Name: "range", Low: 2, High: 1, Measure: Measure{Kind: SeizedFraction}},
		{Name: "kind", Low: 0, High: 1, Measure: Measure{Kind: 99}},
	} {
		if _, err := CheckPublished(r, []Published{bad}); !errors.Is(err, ErrBadParam) {
			t.Errorf("%s: got %v, want ErrBadParam", bad.Name, err)
		}
	}
}

// TestMeasureByCommodity checks each measure of one commodity and the new
// kinds on the line corridor of TestTwoCommodities, by hand: heroin (2 t)
// stops in BBB, opium (4 t, detection factor 2) goes on to CCC; each
// crossing interdicts 0.05 of heroin and p2 = 1 − 0.95² of opium.
func TestMeasureByCommodity(t *testing.T) {
	m := lineTwoCommodities(t)
	res, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	p2 := 1 - 0.95*0.95
	opCCC := 4 * (1 - p2) // opium reaching CCC, t
	// Tonne-km in BBB: heroin 1.9 t and opium opCCC t on the 100 km from
	// B1 to Near, opium on to B2, and opium over the 1 km crossing edge X2.
	roadBBB := 100*(1.9+opCCC) + 100*opCCC
	for _, tc := range []struct {
		name string
		m    Measure
		want float64
	}{
		{"heroin into BBB", Measure{Kind: InflowTonnes, Country: "BBB", Commodity: "heroin"}, 2},
		{"opium into CCC", Measure{Kind: InflowTonnes, Country: "CCC", Commodity: "opium"}, opCCC},
		{"heroin into CCC", Measure{Kind: InflowTonnes, Country: "CCC", Commodity: "heroin"}, 0},
		{"opiates into CCC", Measure{Kind: InflowTonnes, Country: "CCC"}, opCCC},
		{"opium seized in BBB", Measure{Kind: SeizedKg, Country: "BBB", Commodity: "opium"}, 4000 * p2},
		{"heroin seizure rate in BBB", Measure{Kind: SeizureRate, Country: "BBB", Commodity: "heroin"}, 0.05},
		{"opium seizure rate in CCC", Measure{Kind: SeizureRate, Country: "CCC", Commodity: "opium"}, p2},
		{"opiate seizure rate in BBB", Measure{Kind: SeizureRate, Country: "BBB"}, (100 + 4000*p2) / 6000},
		{"seizure rate where nothing arrives", Measure{Kind: SeizureRate, Country: "CCC", Commodity: "heroin"}, 0},
		{"heroin seized fraction", Measure{Kind: SeizedFraction, Commodity: "heroin"}, 0.05},
		{"opium seized fraction", Measure{Kind: SeizedFraction, Commodity: "opium"}, 1 - (1-p2)*(1-p2)},
		{"opium seized in CCC of its flow", Measure{Kind: SeizedFraction, Countries: []string{"CCC"}, Commodity: "opium"}, (1 - p2) * p2},
		{"car's share of heroin", Measure{Kind: CarrierShare, Carrier: "car", Commodity: "heroin"}, 1},
		{"rank of AAA (tied with BBB)", Measure{Kind: InflowRank, Country: "AAA"}, 1},
		{"rank of BBB (tied with AAA)", Measure{Kind: InflowRank, Country: "BBB"}, 1},
		{"rank of CCC", Measure{Kind: InflowRank, Country: "CCC"}, 3},
		{"rank of CCC among BBB, CCC", Measure{Kind: InflowRank, Country: "CCC", Countries: []string{"BBB", "CCC"}}, 2},
		{"road share in AAA", Measure{Kind: KindShare, Countries: []string{"AAA"}, EdgeKinds: []route.EdgeKind{route.EdgeRoad}}, 600.0 / 606},
		{"road share in BBB", Measure{Kind: KindShare, Countries: []string{"BBB"}, EdgeKinds: []route.EdgeKind{route.EdgeRoad}}, roadBBB / (roadBBB + opCCC)},
		{"road and crossing share in BBB", Measure{Kind: KindShare, Countries: []string{"BBB"}, EdgeKinds: []route.EdgeKind{route.EdgeRoad, route.EdgeCrossing}}, 1},
		{"rail share", Measure{Kind: KindShare, EdgeKinds: []route.EdgeKind{route.EdgeRail}}, 0},
	} {
		got, err := res.Measure(tc.m)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !near(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, bad := range []Measure{
		{Kind: InflowTonnes, Country: "BBB", Commodity: "cocaine"},
		{Kind: KindShare, EdgeKinds: []route.EdgeKind{route.EdgeRoad}, Commodity: "heroin"},
		{Kind: KindShare},
		{Kind: InflowRank, Country: "AAA", Countries: []string{"BBB", "CCC"}},
		{Kind: KindShare, Countries: []string{"XXX"}, EdgeKinds: []route.EdgeKind{route.EdgeRoad}},
	} {
		if _, err := res.Measure(bad); !errors.Is(err, ErrBadParam) {
			t.Errorf("%+v: got %v, want ErrBadParam", bad, err)
		}
	}
	plain, _, _ := toyRun(t)
	if _, err := plain.Measure(Measure{Kind: SeizedKg, Country: plain.Countries[0].Country, Commodity: "heroin"}); !errors.Is(err, ErrBadParam) {
		t.Errorf("a commodity of a result without commodities: got %v, want ErrBadParam", err)
	}
}

func TestWriteChecks(t *testing.T) {
	cs := []Check{
		{Published: Published{Name: "inflow of A", Source: "report A, p. 1", Low: 70, High: 75}, Model: 82.6, Ratio: 82.6 / 72.5},
		{Published: Published{Name: "rank of B", Source: "report B", Low: 1, High: 1}, Model: 1, Ratio: 1, Within: true},
	}
	var b strings.Builder
	if err := WriteChecks(&b, cs); err != nil {
		t.Fatal(err)
	}
	want := `     published figure (held out of the fit)  published  model  ratio  within
[1]  inflow of A                             70–75      82.6   1.14   no
[2]  rank of B                               1          1      1.00   yes
[1] report A, p. 1
[2] report B
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
