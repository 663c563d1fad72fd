// Command customs-union compares the 2010 baseline of the Northern Route
// with the Customs Union of July 2011 (no inspection at the Kazakhstan –
// Russia border) and with Kazakhstan's 2012 southern-border programme, and
// writes the difference layers, ready for QGIS, into an output folder.
//
//	go run ./examples/customs-union -out out-customs-union
//
// The model is first calibrated to the public seizure figures (see
// northernroute.Observed2011); -calibrate=false runs the documented defaults.
package main

import (
	"context"
	"cmp"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/risk"
)

func main() {
	out := flag.String("out", "out-customs-union", "output folder (created if missing)")
	segmentKm := flag.Float64("segment-km", geo.DefaultSegmentKm, "length of the border segments in km (≥ 0.5)")
	calibrate := flag.Bool("calibrate", true, "calibrate the per-country intensities to the observed seizures first")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "customs-union: unexpected argument %q (flags go before arguments; this command takes none)\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, *segmentKm, *calibrate, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "customs-union:", err)
		os.Exit(1)
	}
}

func run(out string, segmentKm float64, calibrate bool, w io.Writer) error {
	c, err := northernroute.Corridor()
	if err != nil {
		return err
	}
	graph, scenario, target := northernroute.GraphSettings(), northernroute.Baseline2010(), northernroute.Observed2011()
	a, err := routerisk.Analyze(context.Background(), c, &routerisk.Options{
		SegmentKm: segmentKm, Graph: &graph, Scenario: &scenario, Target: &target, Calibrate: calibrate,
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, a.Summary())
	if cal := a.Calibration; cal != nil {
		for _, p := range cal.Params {
			fmt.Fprintf(w, "  %s %s %.3f\n", p.Country, p.Kind, p.Value)
		}
	}
	fmt.Fprintln(w)

	base := a.Result
	if err := writeCountries(filepath.Join(out, base.Settings.Name), base, a.Target); err != nil {
		return err
	}
	for _, s := range []risk.Settings{northernroute.CustomsUnion2011(), northernroute.Programme2012()} {
		if a.Calibration != nil {
			s = a.Calibration.Apply(s)
		}
		ms, err := a.Model().With(&s)
		if err != nil {
			return err
		}
		res, err := ms.Run()
		if err != nil {
			return err
		}
		diff, err := risk.Compare(base, res)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "== %s → %s ==\n\n", diff.A, diff.B)
		printCountries(w, diff)
		printRoutes(w, diff, 8)
		printMoves(w, diff, 10)
		dir := filepath.Join(out, s.Name)
		if err := writeCountries(dir, res, a.Target); err != nil {
			return err
		}
		if err := writeDiff(dir, base, res, diff, c, a.Segments); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "layers written to %s\n", out)
	return nil
}

// writeCountries writes the per-country summary of r into dir.
func writeCountries(dir string, r *risk.Result, t *risk.Target) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return risk.WriteCountryCSV(filepath.Join(dir, "countries.csv"), r, t)
}

func printCountries(w io.Writer, diff *risk.Comparison) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "country\tP %s\tP %s\tseized kg %s\tseized kg %s\tΔ kg\tinflow t %s\tinflow t %s\t\n", diff.A, diff.B, diff.A, diff.B, diff.A, diff.B)
	for _, c := range diff.Countries {
		if c.InflowA == 0 && c.InflowB == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.0f\t%.0f\t%+.0f\t%.1f\t%.1f\t\n", c.Country, c.PA, c.PB, c.SeizedKgA, c.SeizedKgB, c.DeltaSeizedKg, c.InflowA, c.InflowB)
	}
	tw.Flush()
	fmt.Fprintln(w)
}

func printRoutes(w io.Writer, diff *risk.Comparison, n int) {
	// Largest change in flow first; ties keep the comparison's order.
	rs := slices.Clone(diff.Routes)
	slices.SortStableFunc(rs, func(p, q risk.RouteChange) int {
		return cmp.Compare(math.Abs(q.TonnesB-q.TonnesA), math.Abs(p.TonnesB-p.TonnesA))
	})
	fmt.Fprintf(w, "routes whose flow changes most:\n")
	for _, r := range rs[:min(n, len(rs))] {
		via := strings.Join(r.Via, " → ")
		fmt.Fprintf(w, "  %-7s %s → %s: %.2f → %.2f t, P %.4f → %.4f, via %s\n", r.Carrier, r.Origin, r.Destination, r.TonnesA, r.TonnesB, r.PA, r.PB, via)
	}
	fmt.Fprintln(w)
}

func printMoves(w io.Writer, diff *risk.Comparison, n int) {
	fmt.Fprintf(w, "flow displaced (%.1f t in all):\n", diff.MovedTonnes)
	for _, mv := range diff.Moves[:min(n, len(diff.Moves))] {
		fmt.Fprintf(w, "  %6.2f t into %s: %s %s → %s %s\n", mv.Tonnes, mv.Entering, mv.FromKind, mv.From, mv.ToKind, mv.To)
	}
	fmt.Fprintln(w)
}

func writeDiff(dir string, a, b *risk.Result, diff *risk.Comparison, c *geo.Corridor, segs []geo.Segment) error {
	sd, err := risk.SegmentsDiffLayer(a, b, segs)
	if err != nil {
		return err
	}
	cd, err := risk.CrossingsDiffLayer(a, b, c.Crossings)
	if err != nil {
		return err
	}
	for _, l := range []struct {
		name string
		fc   *geojson.FeatureCollection
	}{
		{"segments_diff", sd},
		{"crossings_diff", cd},
		{"routes_diff", risk.RoutesDiffLayer(diff)},
		{"moves", risk.MovesLayer(diff)},
	} {
		if err := geo.WriteLayer(filepath.Join(dir, l.name+".geojson"), l.fc); err != nil {
			return err
		}
	}
	return nil
}
