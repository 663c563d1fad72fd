// Command customs-union compares the 2010 baseline of the Northern Route
// with the Customs Union of July 2011 (no inspection at the Kazakhstan –
// Russia border) and with Kazakhstan's 2012 southern-border programme, and
// writes each comparison, styled for QGIS with its own project file, into
// a folder of its own under the output folder.
//
//	go run ./examples/customs-union -out out-customs-union
//
// The model is first calibrated to the public seizure figures (see
// northernroute.Observed2011); -calibrate=false runs the documented defaults.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/export"
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

	for _, s := range []risk.Settings{northernroute.CustomsUnion2011(), northernroute.Programme2012()} {
		cmp, err := a.CompareWith(s)
		if err != nil {
			return err
		}
		diff := cmp.Change
		fmt.Fprintf(w, "== %s → %s ==\n\n", diff.A, diff.B)
		printCountries(w, diff)
		printRoutes(w, diff, 8)
		printMoves(w, diff, 10)
		m, err := cmp.WriteQGIS(filepath.Join(out, s.Name), s.Name, &export.Options{
			Title: "Northern Route: " + diff.A + " to " + diff.B,
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "open %s in QGIS\n\n", m.QGS)
	}
	return nil
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
