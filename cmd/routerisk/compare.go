package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/risk"
)

const compareAbout = `Compare runs scenario A on the corridor (calibrated when there is a target,
as analyze does), then scenario B on the same graph with the same fitted
parameters, and prints what B changes: seizures per country, the routes
whose flow changes most and the flow displaced from one crossing or gap to
another. It writes one styled folder into -out with its own QGIS project and
web map: the differences of the segments, crossings and routes with diverging
colour ramps, the moves, and the countries and borders for context.
A scenario is a settings file (.toml, .json) or a name from
'routerisk scenario list'.`

func cmdCompare(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("compare", "[flags] -b NAME|FILE -out DIR", compareAbout)
	var f analysisFlags
	f.register(fs, "")
	a := fs.String("a", "", "scenario A, the reference: a settings `file` or a name (default: baseline-2010 on the Northern Route, defaults on a corridor folder)")
	b := fs.String("b", "", "scenario B, compared with A: a settings `file` or a name (required)")
	if _, err := e.parse(fs, args, 0); err != nil {
		return err
	}
	if *b == "" {
		return e.usageError(fs, "-b is required")
	}
	if f.out == "" {
		return e.usageError(fs, "-out is required")
	}
	if err := export.CheckDir(f.out); err != nil {
		return err
	}
	cs, opt, err := f.setup(*a)
	if err != nil {
		return err
	}
	sb, err := scenarioArg(*b, cs.scenario)
	if err != nil {
		return fmt.Errorf("-b: %w", err)
	}
	if err := applyCountries(&sb, f.countries); err != nil {
		return fmt.Errorf("-countries %s: %w", f.countries, err)
	}
	an, err := e.analyze(ctx, "compare", cs, opt)
	if err != nil {
		return err
	}
	c, err := an.CompareWith(sb)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	printComparison(e.stdout, c)
	fmt.Fprintf(e.stderr, "routerisk: writing the comparison to %s\n", f.out)
	m, err := c.WriteQGIS(f.out, f.project+"-compare", &export.Options{
		Title: fmt.Sprintf("%s: %s to %s", cs.corridor.Name, c.Change.A, c.Change.B),
	})
	if err != nil {
		return err
	}
	printWritten(e, m)
	return nil
}

// printComparison prints the changes per country, the routes whose flow
// changes most and the flow displaced.
func printComparison(w io.Writer, c *routerisk.Comparison) {
	d := c.Change
	fmt.Fprintf(w, "%s → %s: seizures %.1f kg → %.1f kg a year; %.2f t of flow displaced\n\n",
		d.A, d.B, c.Base.Result.SeizedKg(), c.Other.SeizedKg(), d.MovedTonnes)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "country\tP A\tP B\tseized kg A\tseized kg B\tΔ kg\tinflow t A\tinflow t B\t\n")
	for _, cc := range d.Countries {
		if cc.InflowA == 0 && cc.InflowB == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.1f\t%.1f\t%+.1f\t%.2f\t%.2f\t\n", cc.Country, float64(cc.PA), float64(cc.PB),
			cc.SeizedKgA, cc.SeizedKgB, cc.DeltaSeizedKg, cc.InflowA, cc.InflowB)
	}
	tw.Flush()
	rs := slices.Clone(d.Routes)
	slices.SortStableFunc(rs, func(p, q risk.RouteChange) int {
		return cmp.Compare(math.Abs(q.TonnesB-q.TonnesA), math.Abs(p.TonnesB-p.TonnesA))
	})
	fmt.Fprintln(w, "\nroutes whose flow changes most:")
	for _, r := range rs[:min(8, len(rs))] {
		fmt.Fprintf(w, "  %-7s %s → %s: %.2f → %.2f t, P %.4f → %.4f, via %s\n", r.Carrier, r.Origin, r.Destination,
			r.TonnesA, r.TonnesB, float64(r.PA), float64(r.PB), strings.Join(r.Via, " → "))
	}
	fmt.Fprintf(w, "\nflow displaced (%.2f t in all):\n", d.MovedTonnes)
	for _, mv := range d.Moves[:min(10, len(d.Moves))] {
		fmt.Fprintf(w, "  %6.2f t into %s: %s %s → %s %s\n", mv.Tonnes, mv.Entering, mv.FromKind, mv.From, mv.ToKind, mv.To)
	}
}
