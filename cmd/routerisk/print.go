package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
)

// maxFindings is how many findings analyze prints; validate prints all.
const maxFindings = 15

// printAnalysis prints what an analyst looks at first.
func printAnalysis(w io.Writer, a *routerisk.Analysis, segmentKm float64) {
	c := a.Corridor
	fmt.Fprintf(w, "%s: %d countries, %d borders, %d segments of ~%g km, %d crossings, %d settlements\n",
		c.Name, len(c.Countries), len(c.Borders), len(a.Segments), segmentKm, len(c.Crossings), len(c.Settlements))
	fmt.Fprintln(w, a.Summary())
	if cal := a.Calibration; cal != nil {
		var ps []string
		for _, p := range cal.Params {
			ps = append(ps, fmt.Sprintf("%s %.3g", p.Country, p.Value))
		}
		kind := ""
		if len(cal.Params) > 0 {
			kind = cal.Params[0].Kind.String()
		}
		fmt.Fprintf(w, "calibrated %s to %s: %s (objective %.3g, %s)\n", kind, a.Target.Name, strings.Join(ps, ", "), cal.Objective, cal.Status)
	}
	printFindings(w, a.Findings, maxFindings)
	fmt.Fprintln(w)
	printCountries(w, a.Result, a.Target)
	fmt.Fprintln(w)
	printPassages(w, a.Result, 10)
}

// printFindings prints the findings, those with the same severity, layer
// and message as one line with their count and first IDs, up to n lines
// (all when n ≤ 0).
func printFindings(w io.Writer, fs []geo.Finding, n int) {
	if len(fs) == 0 {
		return
	}
	type group struct {
		f   geo.Finding
		ids []string
	}
	var groups []*group
	index := map[string]*group{}
	for _, f := range fs {
		k := f.Severity.String() + "\x00" + f.Layer + "\x00" + f.Message
		g, ok := index[k]
		if !ok {
			g = &group{f: f}
			index[k] = g
			groups = append(groups, g)
		}
		g.ids = append(g.ids, f.ID)
	}
	fmt.Fprintf(w, "\n%d findings from the validation of the corridor, the graph and the model:\n", len(fs))
	for i, g := range groups {
		if n > 0 && i == n {
			fmt.Fprintf(w, "  ... and %d more (routerisk validate lists them all)\n", len(groups)-n)
			break
		}
		if len(g.ids) == 1 {
			fmt.Fprintln(w, " ", g.f)
			continue
		}
		ids := strings.Join(g.ids[:min(3, len(g.ids))], ", ")
		if len(g.ids) > 3 {
			ids += ", ..."
		}
		fmt.Fprintf(w, "  %s: %s (%d: %s): %s\n", g.f.Severity, g.f.Layer, len(g.ids), ids, g.f.Message)
	}
}

// printCountries prints the flow and seizures per country, with the
// target's shares beside the modelled ones.
func printCountries(w io.Writer, r *risk.Result, t *risk.Target) {
	observed := map[string]float64{}
	if t != nil {
		fit, _ := t.Fit(func(code string) float64 {
			c, _ := r.Country(code)
			return c.SeizedKg
		})
		for _, row := range fit {
			if row.Kind == "share" {
				observed[row.Country] = row.Observed
			}
		}
	}
	fmt.Fprintln(w, "seizures per country (a year):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "country\tinflow t\tseized kg\tat crossings\tin gaps\tinland\tP seized\tshare\tobserved share\t\n")
	for _, cs := range r.Countries {
		if cs.InflowTonnes == 0 && cs.SeizedKg == 0 {
			continue
		}
		obs := ""
		if o, ok := observed[cs.Country]; ok {
			obs = fmt.Sprintf("%.3f", o)
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%.1f\t%.1f\t%.1f\t%.1f\t%.4f\t%.3f\t%s\t\n",
			cs.Country, cs.InflowTonnes, cs.SeizedKg, cs.CrossingKg, cs.GapKg, cs.InlandKg, float64(cs.P), cs.Share, obs)
	}
	tw.Flush()
	if t != nil {
		for _, k := range t.Kg {
			if cs, ok := r.Country(k.Country); ok {
				fmt.Fprintf(w, "%s seizures: modelled %.0f kg, observed %.0f kg (%s)\n", k.Country, cs.SeizedKg, k.Kg, t.Name)
			}
		}
	}
}

// printPassages prints the n ways through the borders that carry the most
// flow.
func printPassages(w io.Writer, r *risk.Result, n int) {
	ps := r.Passages(n)
	fmt.Fprintf(w, "the %d passages through the borders that carry the most flow:\n", len(ps))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "tonnes\tseized kg\tP\troutes\tvia\n")
	for _, p := range ps {
		fmt.Fprintf(tw, "%.2f\t%.1f\t%.4f\t%d\t%s\n", p.Tonnes, p.SeizedKg, float64(p.P), p.Routes, strings.Join(p.Via, " → "))
	}
	tw.Flush()
}
