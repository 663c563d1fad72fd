package dynamics

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
)

func date(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

// TestStaticEquilibrium checks that with adaptation off the monthly means
// equal risk's analytic flows and seizures within Monte Carlo error.
func TestStaticEquilibrium(t *testing.T) {
	m := toyCorridorModel(t)
	res, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultSettings()
	s.Adaptive = false
	s.Months = MaxMonths
	s.Seed = 7
	sim, err := Run(context.Background(), m, &s)
	if err != nil {
		t.Fatal(err)
	}
	M := float64(len(sim.Months))
	size := s.ShipmentKg

	// Route flows: each month a route sends ⌊w⌋ or ⌈w⌉ shipments of w's
	// mean, a variance of at most size²/4, so the mean over M months is
	// within 4·size/(2√M) of the route's tonnes/12.
	got := map[string]float64{}
	for _, mo := range sim.Months {
		for _, r := range mo.TopRoutes {
			got[strings.Join(r.Via, " ")] += r.Kg / M
		}
	}
	tol := 4 * size / (2 * math.Sqrt(M))
	for _, r := range res.Routes {
		want := 1000 * r.Tonnes / 12
		if g := got[strings.Join(r.Via, " ")]; math.Abs(g-want) > tol {
			t.Errorf("route %v: mean monthly flow %.2f kg, want %.2f ± %.2f", r.Via, g, want, tol)
		}
	}

	// Country seizures: a month's seizures of a country are a sum of
	// independent Bernoulli draws, variance at most their mean count μ
	// (plus at most one shipment's rounding per route), so the mean over M
	// months is within 4·size·√((μ+routes)/M) of the expectation.
	for i, c := range sim.Countries {
		var mean float64
		for _, mo := range sim.Months {
			mean += mo.Countries[i].SeizedKg / M
		}
		cs, _ := res.Country(c)
		want := cs.SeizedKg / 12
		tol := 4 * size * math.Sqrt((want/size+float64(len(res.Routes)))/M)
		if math.Abs(mean-want) > tol {
			t.Errorf("%s: mean monthly seizures %.3f kg, want %.3f ± %.3f", c, mean, want, tol)
		}
		if want > 0 && mean == 0 {
			t.Errorf("%s: no seizures, want %.3f kg a month", c, want)
		}
	}
}

func TestSameSeedSameBytes(t *testing.T) {
	m := toyCorridorModel(t)
	enc := func(seed uint64) []byte {
		s := DefaultSettings()
		s.Months = 36
		s.Seed = seed
		s.Capacity = map[string]float64{"BBB": 2}
		sim, err := Run(context.Background(), m, &s)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(struct {
			M []Month
			D []Displacement
		}{sim.Months, sim.Displacements})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b, c := enc(3), enc(3), enc(4)
	if !bytes.Equal(a, b) {
		t.Error("two runs with seed 3 differ")
	}
	if bytes.Equal(a, c) {
		t.Error("seeds 3 and 4 give the same bytes")
	}
}

func TestValidate(t *testing.T) {
	m := toyCorridorModel(t)
	apply := func(*risk.Settings) {}
	for _, tc := range []struct {
		name  string
		edit  func(*Settings)
		field string
	}{
		{"capacity zero", func(s *Settings) { s.Capacity = map[string]float64{"BBB": 0} }, "Capacity[BBB]"},
		{"capacity negative", func(s *Settings) { s.Capacity = map[string]float64{"AAA": 1, "BBB": -1} }, "Capacity[BBB]"},
		{"other capacity", func(s *Settings) { s.OtherCapacity = 0 }, "OtherCapacity"},
		{"capacity NaN", func(s *Settings) { s.OtherCapacity = math.NaN() }, "OtherCapacity"},
		{"memory above 1", func(s *Settings) { s.Memory = 1.1 }, "Memory"},
		{"memory negative", func(s *Settings) { s.Memory = -0.1 }, "Memory"},
		{"learning", func(s *Settings) { s.Learning = 2 }, "Learning"},
		{"forgetting", func(s *Settings) { s.Forgetting = -1 }, "Forgetting"},
		{"learning and forgetting", func(s *Settings) { s.Learning, s.Forgetting = 0.7, 0.5 }, "Learning"},
		{"seizure weight", func(s *Settings) { s.SeizureWeight = 1.5 }, "SeizureWeight"},
		{"months", func(s *Settings) { s.Months = 0 }, "Months"},
		{"shipment", func(s *Settings) { s.ShipmentKg = 0 }, "ShipmentKg"},
		{"tolerance", func(s *Settings) { s.LossTolerance = 0.5 }, "LossTolerance"},
		{"event before", func(s *Settings) {
			s.Events = []Event{{Date: date(2009, time.December), Name: "early", Apply: apply}}
		}, "Events[0].Date"},
		{"event after", func(s *Settings) {
			s.Events = []Event{{Date: date(2010, time.March), Name: "ok", Apply: apply}, {Date: date(2015, time.January), Name: "late", Apply: apply}}
		}, "Events[1].Date"},
		{"event without apply", func(s *Settings) { s.Events = []Event{{Date: date(2010, time.March), Name: "x"}} }, "Events[0].Apply"},
		{"supply factor", func(s *Settings) { s.Supply = []SupplyLevel{{From: date(2011, time.January), Factor: 0}} }, "Supply[0].Factor"},
		{"supply order", func(s *Settings) {
			s.Supply = []SupplyLevel{{From: date(2011, time.January), Factor: 1}, {From: date(2010, time.January), Factor: 2}}
		}, "Supply[1].From"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := DefaultSettings()
			tc.edit(&s)
			_, err := Run(context.Background(), m, &s)
			var se *SettingError
			if !errors.As(err, &se) || !errors.Is(err, ErrBadSetting) {
				t.Fatalf("got %v, want a *SettingError", err)
			}
			if se.Field != tc.field {
				t.Errorf("got field %q, want %q (%v)", se.Field, tc.field, err)
			}
		})
	}
	if _, err := Run(context.Background(), nil, nil); !errors.Is(err, ErrBadSetting) {
		t.Errorf("nil model: got %v, want ErrBadSetting", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, m, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
}

// closeX1 closes crossing x1; openX1 lifts the closure.
func closeX1(s *risk.Settings) {
	s.Rules = append(s.Rules, risk.CrossingRule{ID: "AAA-BBB-x1", Regime: geo.RegimeClosed, Source: "test"})
}

func openX1(s *risk.Settings) {
	s.Rules = slices.DeleteFunc(s.Rules, func(r risk.CrossingRule) bool { return r.ID == "AAA-BBB-x1" })
}

// TestSeedsWithinIntervals checks that runs with other seeds fall within
// the intervals an ensemble reports: each year's seizures of a run lie in
// the ensemble's 95% band in at least 85 of 100 cases (59 runs put about 5
// in 100 outside; 85 leaves room for the binomial spread of 80 cases).
func TestSeedsWithinIntervals(t *testing.T) {
	m := toyCorridorModel(t)
	s := DefaultSettings()
	s.Months = 48
	s.Capacity = map[string]float64{"BBB": 1.5}
	ens, err := Replicate(context.Background(), m, &s, 59)
	if err != nil {
		t.Fatal(err)
	}
	if got := ens.Seeds[:3]; !slices.Equal(got, []uint64{1, 2, 3}) {
		t.Errorf("seeds %v, want 1, 2, 3, …", got)
	}
	in, n := 0, 0
	for seed := uint64(1000); seed < 1020; seed++ {
		s.Seed = seed
		sim, err := Run(context.Background(), m, &s)
		if err != nil {
			t.Fatal(err)
		}
		for i, y := range sim.Years() {
			b := ens.Years[i].SeizedKg
			if !(b.Lo < b.Mean && b.Mean < b.Hi) {
				t.Fatalf("year %d: band %+v is not an interval around its mean", y.Year, b)
			}
			n++
			if y.SeizedKg >= b.Lo && y.SeizedKg <= b.Hi {
				in++
			} else {
				t.Logf("seed %d year %d: %.0f outside [%.0f, %.0f]", seed, y.Year, y.SeizedKg, b.Lo, b.Hi)
			}
		}
	}
	t.Logf("%d of %d yearly seizures within the 95%% band", in, n)
	if float64(in) < 0.85*float64(n) {
		t.Errorf("%d of %d yearly seizures within the ensemble's 95%% band, want at least 85%%", in, n)
	}
}

func TestScenarioEvent(t *testing.T) {
	base := toyRisk()
	closed := toyRisk()
	closed.Name = "closed"
	closeX1(&closed)
	ev, err := ScenarioEvent(date(2011, time.January), base, closed)
	if err != nil {
		t.Fatal(err)
	}
	s := toyRisk()
	s.Rules = append(s.Rules, risk.CrossingRule{ID: "AAA-BBB-x2", AddDogs: true})
	ev.Apply(&s)
	if len(s.Rules) != 2 || s.Rules[1].ID != "AAA-BBB-x1" || s.Rules[1].Regime != geo.RegimeClosed {
		t.Errorf("rules after the event: %+v", s.Rules)
	}
	if _, err := ScenarioEvent(date(2011, time.January), closed, base); !errors.Is(err, ErrBadSetting) {
		t.Errorf("scenario shorter than its base: got %v, want ErrBadSetting", err)
	}
}

func TestLayers(t *testing.T) {
	sim := toyRun(t, 3)
	els := ElementsLayer(sim)
	n := 0
	for _, mo := range sim.Months {
		n += len(mo.Elements)
	}
	if len(els.Features) != n || n == 0 {
		t.Fatalf("elements layer: %d features, want %d", len(els.Features), n)
	}
	f := els.Features[len(els.Features)-1]
	if f.Properties[DateField] != "2010-03-01" || f.Properties[EndField] != "2010-04-01" {
		t.Errorf("last element feature dated %v to %v, want 2010-03-01 to 2010-04-01", f.Properties[DateField], f.Properties[EndField])
	}
	var seized float64
	for _, f := range SeizuresLayer(sim).Features {
		seized += f.Properties["seized_kg"].(float64)
	}
	var want float64
	for _, mo := range sim.Months {
		want += mo.SeizedKg
	}
	if math.Abs(seized-want) > 1e-9*want || want == 0 {
		t.Errorf("seizures layer holds %.3f kg, months %.3f kg", seized, want)
	}
	rs := RoutesLayer(sim)
	if len(rs.Features) == 0 || rs.Features[0].Properties["rank"] != 1 {
		t.Errorf("routes layer: %d features", len(rs.Features))
	}
}

func TestWritePlots(t *testing.T) {
	m := toyCorridorModel(t)
	s := DefaultSettings()
	s.Months = 24
	s.Events = []Event{{Date: date(2011, time.January), Name: "close x1", Apply: closeX1}}
	sim, err := Run(context.Background(), m, &s)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files, err := WritePlots(sim, dir, []string{"AAA", "BBB"})
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 * (len(DefaultSeries()) + 1); len(files) != want {
		t.Fatalf("%d files, want %d", len(files), want)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f, ".png") && !bytes.HasPrefix(b, []byte("\x89PNG")) || strings.HasSuffix(f, ".svg") && !bytes.Contains(b, []byte("<svg")) {
			t.Errorf("%s is not what its name says", f)
		}
	}
	if _, err := WritePlots(sim, dir, []string{"ZZZ"}); !errors.Is(err, ErrBadSetting) {
		t.Errorf("unknown country: got %v, want ErrBadSetting", err)
	}

	// A chart written to a writer is the file WritePlots wrote.
	cs, err := Charts(sim, []string{"AAA", "BBB"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != len(DefaultSeries())+1 || cs[len(cs)-1].Name != "seizures_by_country" {
		t.Fatalf("%d charts, the last %q", len(cs), cs[len(cs)-1].Name)
	}
	for _, c := range cs {
		for _, ext := range []string{"svg", "png"} {
			var b bytes.Buffer
			if err := c.Write(&b, ext); err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(dir, c.Name+"."+ext))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("chart %s.%s differs from the file WritePlots wrote", c.Name, ext)
			}
		}
	}
	if err := cs[0].Write(&bytes.Buffer{}, "gif"); err == nil {
		t.Errorf("gif: no error")
	}
}
