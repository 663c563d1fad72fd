package routerisk_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
)

// Analyze the small Afghanistan – Tajikistan corridor with the neutral
// defaults, judged against a target that puts 30% of the seizures in
// Afghanistan and 400 kg in Tajikistan, and print the countries and the
// three busiest passages.
func ExampleAnalysis_WriteCountries() {
	c, err := geo.ReadCorridorDir("testdata/corridors/afg-tjk")
	if err != nil {
		log.Fatal(err)
	}
	target := risk.Target{Name: "made-up", Shares: []risk.ShareObs{{Country: "AFG", Share: 0.3}, {Country: "TJK", Share: 0.7}},
		Kg: []risk.KgObs{{Country: "TJK", Kg: 400}}}
	a, err := routerisk.Analyze(context.Background(), c, &routerisk.Options{SegmentKm: 20, Target: &target})
	if err != nil {
		log.Fatal(err)
	}
	if err := a.WriteCountries(os.Stdout); err != nil {
		log.Fatal(err)
	}
	if err := a.WritePassages(os.Stdout, 3); err != nil {
		log.Fatal(err)
	}
	// Output:
	// seizures per country (a year):
	//   country  inflow t  seized kg  at crossings  in gaps  inland  P seized  share  observed share
	//       AFG      1.00        3.3           0.0      0.7     2.6    0.0033  0.094           0.300
	//       TJK      1.00       31.8          27.6      0.9     3.4    0.0319  0.906           0.700
	// TJK seizures: modelled 32 kg, observed 400 kg (made-up)
	// the 3 passages through the borders that carry the most flow:
	// tonnes  seized kg  P       routes  via
	// 0.57    24.2       0.0428  12      TJK-AFG-ishkashim
	// 0.18    8.4        0.0453  12      TJK-AFG-khorog-tem
	// 0.08    0.7        0.0090  4       AFG-TJK-000-0045
}

// TestWriteCountriesSums checks the table of the small corridor against
// the result it prints: each country's kg at crossings, in gaps and inland
// add up to its seizures, and the shares to 1.
func TestWriteCountriesSums(t *testing.T) {
	c, err := geo.ReadCorridorDir("testdata/corridors/afg-tjk")
	if err != nil {
		t.Fatal(err)
	}
	a, err := routerisk.Analyze(context.Background(), c, &routerisk.Options{SegmentKm: 20})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := a.WriteCountries(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	share := 0.0
	for _, line := range lines[2:] {
		f := strings.Fields(line)
		if len(f) != 8 { // no target: no observed share
			t.Fatalf("row %q: %d fields, want 8", line, len(f))
		}
		var in, kg, cross, gap, inland, p, sh float64
		if _, err := fmt.Sscan(strings.Join(f[1:], " "), &in, &kg, &cross, &gap, &inland, &p, &sh); err != nil {
			t.Fatalf("row %q: %v", line, err)
		}
		if math.Abs(cross+gap+inland-kg) > 0.15 {
			t.Errorf("%s: %.1f + %.1f + %.1f kg, seized %.1f", f[0], cross, gap, inland, kg)
		}
		share += sh
	}
	if len(lines) != 4 || math.Abs(share-1) > 0.002 {
		t.Errorf("%d countries, shares adding up to %.3f; want AFG and TJK, 1\n%s", len(lines)-2, share, b.String())
	}
}

// TestWriteFindings groups hand-made findings by severity and layer: the
// segments share a message and are listed by ID, the crossings do not and
// show the first as an example, the error is apart from the warnings of its
// layer; n cuts the list.
func TestWriteFindings(t *testing.T) {
	a := &routerisk.Analysis{Findings: []geo.Finding{
		{Severity: geo.Warning, Layer: "crossings", ID: "X1", Message: "no inspection rate"},
		{Severity: geo.Warning, Layer: "settlements", ID: "Kunduz", Message: "far from the roads"},
		{Severity: geo.Warning, Layer: "segments", ID: "S1", Message: "no origin reaches this gap point"},
		{Severity: geo.Warning, Layer: "crossings", ID: "X2", Message: "no inspection rate"},
		{Severity: geo.Warning, Layer: "segments", ID: "S2", Message: "no origin reaches this gap point"},
		{Severity: geo.Warning, Layer: "crossings", ID: "X3", Message: "2.0 km outside UZB"},
		{Severity: geo.Error, Layer: "crossings", ID: "X4", Message: "no country"},
		{Severity: geo.Warning, Layer: "segments", ID: "S3", Message: "no origin reaches this gap point"},
		{Severity: geo.Warning, Layer: "segments", ID: "S4", Message: "no origin reaches this gap point"},
		{Severity: geo.Warning, Layer: "Rules", Message: "a rule names no crossing"},
	}}
	var b strings.Builder
	if err := a.WriteFindings(&b, 0); err != nil {
		t.Fatal(err)
	}
	want := `10 findings from the validation of the corridor, the graph and the model:
  warning: crossings (3, e.g. X1): no inspection rate
  warning: settlements Kunduz: far from the roads
  warning: segments (4: S1, S2, S3, ...): no origin reaches this gap point
  error: crossings X4: no country
  warning: Rules: a rule names no crossing
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := a.WriteFindings(&b, 2); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(b.String(), "far from the roads\n  ... and 3 more\n") {
		t.Errorf("two lines: got\n%s", b.String())
	}
	b.Reset()
	if err := (&routerisk.Analysis{}).WriteFindings(&b, 0); err != nil || b.Len() != 0 {
		t.Errorf("no findings: wrote %q, %v; want nothing", b.String(), err)
	}
}

// TestWriteCalibration prints a hand-made calibration, and nothing for an
// uncalibrated analysis.
func TestWriteCalibration(t *testing.T) {
	a := &routerisk.Analysis{
		Target: &risk.Target{Name: "observed"},
		Calibration: &risk.Calibration{Objective: 0.01234, Evaluations: 40, Rounds: 2, Status: "converged",
			Params:         []risk.FittedParam{{Country: "AFG", Kind: risk.ParamIntensity, Start: 1, Value: 2.5}, {Country: "TJK", Kind: risk.ParamIntensity, Start: 1, Value: 0.75}},
			SingularValues: []float64{3.2, 0.0004}},
	}
	var b strings.Builder
	if err := a.WriteCalibration(&b); err != nil {
		t.Fatal(err)
	}
	want := "calibrated " + risk.ParamIntensity.String() + ` to observed: AFG 1→2.5, TJK 1→0.75
objective 0.01234 after 40 evaluations in 2 rounds (converged)
singular values of the fit (near 0: a combination the figures cannot pin down): 3.2 0.0004
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := (&routerisk.Analysis{}).WriteCalibration(&b); err != nil || b.Len() != 0 {
		t.Errorf("uncalibrated: wrote %q, %v; want nothing", b.String(), err)
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestWriteReportError checks that a failing writer's error comes back.
func TestWriteReportError(t *testing.T) {
	a := &routerisk.Analysis{Findings: []geo.Finding{{Severity: geo.Warning, Layer: "crossings", ID: "X1", Message: "m"}}}
	if err := a.WriteFindings(failWriter{}, 0); err == nil || err.Error() != "disk full" {
		t.Errorf("got %v, want the writer's error", err)
	}
}
