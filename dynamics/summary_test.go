package dynamics

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/routerisk/routerisk/export"
)

// handSim returns a simulation built by hand, three months over two years,
// whose summary figures are worked out in TestWriteSummary's comments.
func handSim() *Simulation {
	s := DefaultSettings()
	s.ShipmentKg, s.LossTolerance = 10, 1.2
	cm := func(aIn, aKg, bIn, bKg float64) []CountryMonth {
		return []CountryMonth{{Country: "AAA", InflowKg: aIn, SeizedKg: aKg}, {Country: "BBB", InflowKg: bIn, SeizedKg: bKg}}
	}
	em := func(x1, g1 float64) []ElementMonth {
		return []ElementMonth{{Element: 0, Effort: x1}, {Element: 1, Effort: g1}}
	}
	return &Simulation{
		Settings:     s,
		Countries:    []string{"AAA", "BBB"},
		Elements:     []Element{{ID: "X1", Kind: "crossing"}, {ID: "G1", Kind: "gap"}},
		BaselineLoss: 0.05,
		Months: []Month{
			{Date: date(2010, time.December), ShippedKg: 1000, SeizedKg: 50, Seizures: 5, MeanSeizureKg: 10, SizeFactor: 1,
				ActiveCrossings: 1, ActiveGaps: 1, EffectiveRoutes: 2, Countries: cm(1000, 20, 980, 30), Elements: em(1, 1)},
			{Date: date(2011, time.January), ShippedKg: 1000, SeizedKg: 100, Seizures: 40, MeanSeizureKg: 2.5, SizeFactor: 0.25,
				ActiveCrossings: 1, EffectiveRoutes: 1, Countries: cm(1000, 60, 940, 40), Elements: em(3, 0.5)},
			{Date: date(2011, time.February), ShippedKg: 2000, SeizedKg: 100, Seizures: 40, MeanSeizureKg: 2.5, SizeFactor: 0.25,
				ActiveCrossings: 2, ActiveGaps: 1, EffectiveRoutes: 3, Countries: cm(2000, 10, 2000, 90), Elements: em(2, 1.5)},
		},
		Displacements: []Displacement{{Event: "close X1", Date: date(2011, time.January), BeforeMonths: 1, AfterMonths: 2,
			BeforeKg: 1000, AfterKg: 1500, MovedShare: 0.25,
			Changes: []ElementChange{{ID: "X1", Kind: "crossing", BeforeKg: 500, AfterKg: 1200}, {ID: "G1", Kind: "gap", BeforeKg: 500, AfterKg: 300}}}},
	}
}

// TestWriteSummary checks the summary of handSim line by line. 2010: 1 t
// shipped, 50 kg seized, loss 50/1000/0.05 = 1.00. 2011: 3 t, 200 kg
// (AAA 70, BBB 130), active (1+3)/2 = 2, 200/80 = 2.5 kg a seizure, loss
// 200/3000/0.05 = 1.33, most effort 3 (X1 in January). One month, January,
// is above 1.2 × 5% and at the floor (size factor 1/4). Effort over the months:
// X1 6/3 = 2, G1 3/3 = 1. AAA's largest month, 60 kg, is 2× its mean of
// 30; BBB's, 90 kg, 1.7× its mean of 160/3.
func TestWriteSummary(t *testing.T) {
	var b strings.Builder
	if err := WriteSummary(&b, handSim(), &SummaryOptions{Changes: 1}); err != nil {
		t.Fatal(err)
	}
	want := `  year  months  shipped t  seized kg  AAA kg  BBB kg  active  eff. routes  kg/seizure  loss ×static  max effort
  2010       1        1.0         50      20      30     2.0          2.0        10.0          1.00         1.0
  2011       2        3.0        200      70     130     2.0          2.0         2.5          1.33         3.0
active: crossings and gaps with flow, monthly mean; eff. routes: exp of the entropy of the routes' shares;
loss ×static: share seized over that of risk's static equilibrium; max effort: the most at one crossing or gap, × the model's

share seized in risk's static equilibrium 5.00%; months above the loss tolerance (1.2× that): 1 of 3; shipments at their floor (a quarter of their starting size) from: 2011-01
most effort, mean over the months (multiples of the model's): X1 2.0× G1 1.0×
largest month of seizures: AAA 60 kg 2011-01 (2.0× its mean); BBB 90 kg 2011-02 (1.7× its mean)

close X1 (2011-01): 25.0% of the flow changed crossing or gap (1 months before, 2 after; 1.0 → 1.5 t a month over all crossings and gaps)
  crossing X1                                            500 →     1200 kg a month
`
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// Only BBB, no changes listed, no events.
	s := handSim()
	s.Displacements = nil
	b.Reset()
	if err := WriteSummary(&b, s, &SummaryOptions{Countries: []string{"BBB"}, Changes: -1}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"BBB kg  active", "largest month of seizures: BBB 90 kg 2011-02 (1.7× its mean)\n", "no events in the run\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "AAA") {
		t.Errorf("AAA in a summary of BBB only\n%s", b.String())
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteSummaryError(t *testing.T) {
	if err := WriteSummary(failWriter{}, handSim(), nil); err == nil || err.Error() != "disk full" {
		t.Errorf("got %v, want the writer's error", err)
	}
}

func TestSeizingCountries(t *testing.T) {
	s := handSim()
	// AAA: 4000 kg inflow, BBB 3920: AAA first.
	if got := s.SeizingCountries(7); !slices.Equal(got, []string{"AAA", "BBB"}) {
		t.Errorf("got %v, want [AAA BBB]", got)
	}
	if got := s.SeizingCountries(1); !slices.Equal(got, []string{"AAA"}) {
		t.Errorf("n = 1: got %v, want [AAA]", got)
	}
	// A country that seized nothing is left out; equal inflow, by code.
	for i := range s.Months {
		s.Months[i].Countries[0].SeizedKg = 0
		s.Months[i].Countries[1].InflowKg = s.Months[i].Countries[0].InflowKg
	}
	if got := s.SeizingCountries(7); !slices.Equal(got, []string{"BBB"}) {
		t.Errorf("AAA seized nothing: got %v, want [BBB]", got)
	}
	if got := s.SeizingCountries(-1); len(got) != 0 {
		t.Errorf("n = -1: got %v, want none", got)
	}
}

// TestProgress checks that Run reports every month in order with the
// run's length, and that a context cancelled from the hook stops the run
// before the next month.
func TestProgress(t *testing.T) {
	m := toyCorridorModel(t)
	s := DefaultSettings()
	s.Months = 5
	var got []int
	s.Progress = func(month, months int) {
		if months != 5 {
			t.Errorf("month %d of %d, want of 5", month, months)
		}
		got = append(got, month)
	}
	if _, err := Run(context.Background(), m, &s); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []int{1, 2, 3, 4, 5}) {
		t.Errorf("months reported %v, want 1 to 5", got)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got = nil
	s.Progress = func(month, months int) {
		got = append(got, month)
		if month == 2 {
			cancel()
		}
	}
	_, err := Run(ctx, m, &s)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "month 3") || !slices.Equal(got, []int{1, 2}) {
		t.Errorf("cancelled after month 2: got %v after %v, want context.Canceled at month 3", err, got)
	}
}

// TestWriteQGIS writes a short run with its background and checks the
// folder: the dated layers, the plots, the caller's extra file, and the
// layers' order in the manifest.
func TestWriteQGIS(t *testing.T) {
	sim := toyRun(t, 3)
	ls := Layers(sim)
	var names []string
	for _, l := range ls {
		names = append(names, l.Name)
		if l.Temporal == nil || l.Temporal.StartField != DateField || l.Temporal.EndField != EndField {
			t.Errorf("%s: temporal %+v, want %s to %s", l.Name, l.Temporal, DateField, EndField)
		}
	}
	if !slices.Equal(names, []string{"dyn_routes", "dyn_elements", "dyn_seizures"}) {
		t.Errorf("layers %v", names)
	}
	if len(ls[1].Features.Features) != len(ElementsLayer(sim).Features) {
		t.Errorf("dyn_elements: %d features, ElementsLayer %d", len(ls[1].Features.Features), len(ElementsLayer(sim).Features))
	}

	dir := filepath.Join(t.TempDir(), "out")
	opts := &export.Options{Formats: export.GeoJSON | export.QGS, Extra: []export.Extra{{Name: "summary.txt", Format: "txt",
		Write: func(w io.Writer) error { return WriteSummary(w, sim, nil) }}}}
	man, err := WriteQGIS(dir, "toy", sim, nil, []string{"AAA", "BBB"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(opts.Extra) != 1 {
		t.Errorf("WriteQGIS changed the caller's Extra: %d files", len(opts.Extra))
	}
	files := []string{"toy.qgs", "summary.txt", "dyn_routes.geojson", "dyn_elements.geojson", "dyn_seizures.geojson",
		"plot_seizures_by_country.svg", "plot_seizures_by_country.png"}
	for _, s := range DefaultSeries() {
		files = append(files, "plot_"+s.Name+".svg", "plot_"+s.Name+".png")
	}
	for _, f := range files {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("missing or empty %s: %v", f, err)
		}
	}
	if man.QGS == "" {
		t.Errorf("no QGIS project in the manifest")
	}
}
