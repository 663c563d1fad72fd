// Command customs-union compares the 2010 baseline of the Northern Route
// with the Customs Union of July 2011 (no inspection at the Kazakhstan –
// Russia border) and with Kazakhstan's 2012 southern-border programme, and
// writes the difference layers, ready for QGIS, into an output folder.
//
//	go run ./examples/customs-union -out out-customs-union
//
// The model is first calibrated to the public seizure figures (see
// risk.Observed2011); -calibrate=false runs the documented defaults.
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

func main() {
	out := flag.String("out", "out-customs-union", "output folder (created if missing)")
	segmentKm := flag.Float64("segment-km", geo.DefaultSegmentKm, "length of the border segments in km (≥ 0.5)")
	calibrate := flag.Bool("calibrate", true, "calibrate the per-country intensities to the observed seizures first")
	flag.Parse()
	if err := run(*out, *segmentKm, *calibrate, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "customs-union:", err)
		os.Exit(1)
	}
}

func run(out string, segmentKm float64, calibrate bool, w io.Writer) error {
	c, err := geo.NorthernRoute()
	if err != nil {
		return err
	}
	segs, err := c.Segments(segmentKm)
	if err != nil {
		return err
	}
	g, err := route.Build(c, segs, nil)
	if err != nil {
		return err
	}
	base := risk.Baseline2010()
	m, err := risk.New(g, c, segs, &base)
	if err != nil {
		return err
	}
	apply := func(s risk.Settings) risk.Settings { return s }
	if calibrate {
		cal, err := m.Calibrate(nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "calibrated to %s (objective %.4g):\n", risk.Observed2011().Name, cal.Objective)
		for _, p := range cal.Params {
			fmt.Fprintf(w, "  %s %s %.3f\n", p.Country, p.Kind, p.Value)
		}
		fmt.Fprintln(w)
		apply = cal.Apply
	}

	results := map[string]*risk.Result{}
	target := risk.Observed2011()
	for _, s := range []risk.Settings{risk.Baseline2010(), risk.CustomsUnion2011(), risk.Programme2012()} {
		s = apply(s)
		ms, err := m.With(&s)
		if err != nil {
			return err
		}
		res, err := ms.Run()
		if err != nil {
			return err
		}
		results[s.Name] = res
		dir := filepath.Join(out, s.Name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := risk.WriteCountryCSV(filepath.Join(dir, "countries.csv"), res, &target); err != nil {
			return err
		}
	}

	base0 := results[risk.NameBaseline2010]
	for _, name := range []string{risk.NameCustomsUnion2011, risk.NameProgramme2012} {
		b := results[name]
		cmp, err := risk.Compare(base0, b)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "== %s → %s ==\n\n", cmp.A, cmp.B)
		printCountries(w, cmp)
		printRoutes(w, cmp, 8)
		printMoves(w, cmp, 10)
		if err := writeDiff(filepath.Join(out, name), base0, b, cmp, c, segs); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "layers written to %s\n", out)
	return nil
}

func printCountries(w io.Writer, cmp *risk.Comparison) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "country\tP %s\tP %s\tseized kg %s\tseized kg %s\tΔ kg\tinflow t %s\tinflow t %s\t\n", cmp.A, cmp.B, cmp.A, cmp.B, cmp.A, cmp.B)
	for _, c := range cmp.Countries {
		if c.InflowA == 0 && c.InflowB == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.0f\t%.0f\t%+.0f\t%.1f\t%.1f\t\n", c.Country, c.PA, c.PB, c.SeizedKgA, c.SeizedKgB, c.DeltaSeizedKg, c.InflowA, c.InflowB)
	}
	tw.Flush()
	fmt.Fprintln(w)
}

func printRoutes(w io.Writer, cmp *risk.Comparison, n int) {
	rs := append([]risk.RouteChange(nil), cmp.Routes...)
	// Largest change in flow first; ties keep the comparison's order.
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && math.Abs(rs[j].TonnesB-rs[j].TonnesA) > math.Abs(rs[j-1].TonnesB-rs[j-1].TonnesA); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
	fmt.Fprintf(w, "routes whose flow changes most:\n")
	for _, r := range rs[:min(n, len(rs))] {
		via := strings.Join(r.Via, " → ")
		fmt.Fprintf(w, "  %-7s %s → %s: %.2f → %.2f t, P %.4f → %.4f, via %s\n", r.Carrier, r.Origin, r.Destination, r.TonnesA, r.TonnesB, r.PA, r.PB, via)
	}
	fmt.Fprintln(w)
}

func printMoves(w io.Writer, cmp *risk.Comparison, n int) {
	fmt.Fprintf(w, "flow displaced (%.1f t in all):\n", cmp.MovedTonnes)
	for _, mv := range cmp.Moves[:min(n, len(cmp.Moves))] {
		fmt.Fprintf(w, "  %6.2f t into %s: %s %s → %s %s\n", mv.Tonnes, mv.Entering, mv.FromKind, mv.From, mv.ToKind, mv.To)
	}
	fmt.Fprintln(w)
}

func writeDiff(dir string, a, b *risk.Result, cmp *risk.Comparison, c *geo.Corridor, segs []geo.Segment) error {
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
		{"routes_diff", risk.RoutesDiffLayer(cmp)},
		{"moves", risk.MovesLayer(cmp)},
	} {
		if err := geo.WriteLayer(filepath.Join(dir, l.name+".geojson"), l.fc); err != nil {
			return err
		}
	}
	return nil
}
