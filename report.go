package routerisk

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
)

// reportWriter remembers the first error of its writer and writes nothing
// after it.
type reportWriter struct {
	w   io.Writer
	err error
}

func (e *reportWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// WriteFindings writes the analysis's findings grouped by severity and
// layer, in order of first appearance, up to n lines (all when n ≤ 0): a
// group's count, its first three IDs when they share one message, else
// the first finding as an example.
func (a *Analysis) WriteFindings(w io.Writer, n int) error {
	fs := a.Findings
	if len(fs) == 0 {
		return nil
	}
	type group struct {
		first geo.Finding
		ids   []string
		same  bool // every finding has first's message
	}
	var groups []*group
	index := map[string]*group{}
	for _, f := range fs {
		k := f.Severity.String() + "\x00" + f.Layer
		g, ok := index[k]
		if !ok {
			g = &group{first: f, same: true}
			index[k] = g
			groups = append(groups, g)
		}
		g.ids = append(g.ids, f.ID)
		g.same = g.same && f.Message == g.first.Message
	}
	ew := &reportWriter{w: w}
	fmt.Fprintf(ew, "%d findings from the validation of the corridor, the graph and the model:\n", len(fs))
	for i, g := range groups {
		f := g.first
		switch {
		case n > 0 && i == n:
			fmt.Fprintf(ew, "  ... and %d more\n", len(groups)-n)
			return ew.err
		case len(g.ids) == 1:
			fmt.Fprintln(ew, " ", f)
		case g.same:
			ids := strings.Join(g.ids[:min(3, len(g.ids))], ", ")
			if len(g.ids) > 3 {
				ids += ", ..."
			}
			fmt.Fprintf(ew, "  %s: %s (%d: %s): %s\n", f.Severity, f.Layer, len(g.ids), ids, f.Message)
		default:
			fmt.Fprintf(ew, "  %s: %s (%d, e.g. %s): %s\n", f.Severity, f.Layer, len(g.ids), f.ID, f.Message)
		}
	}
	return ew.err
}

// WriteCalibration writes the calibration's fitted parameters (start →
// fit), objective, evaluations and status, and the singular values of the
// fit; nothing when the analysis was not calibrated.
func (a *Analysis) WriteCalibration(w io.Writer) error {
	cal := a.Calibration
	if cal == nil {
		return nil
	}
	ew := &reportWriter{w: w}
	var ps []string
	for _, p := range cal.Params {
		ps = append(ps, fmt.Sprintf("%s %.3g→%.3g", p.Country, p.Start, p.Value))
	}
	kind, target := "parameters", "the target"
	if len(cal.Params) > 0 {
		kind = cal.Params[0].Kind.String()
	}
	if a.Target != nil {
		target = a.Target.Name
	}
	fmt.Fprintf(ew, "calibrated %s to %s: %s\n", kind, target, strings.Join(ps, ", "))
	fmt.Fprintf(ew, "objective %.4g after %d evaluations in %d rounds (%s)\n", cal.Objective, cal.Evaluations, cal.Rounds, cal.Status)
	var sv []string
	for _, v := range cal.SingularValues {
		sv = append(sv, fmt.Sprintf("%.3g", v))
	}
	fmt.Fprintf(ew, "singular values of the fit (near 0: a combination the figures cannot pin down): %s\n", strings.Join(sv, " "))
	return ew.err
}

// WriteCountries writes the flow and seizures per country a year, every
// country with inflow or seizures, with the target's shares (rescaled to
// add up to 1, as the fit compares them) beside the modelled ones and its
// seizures in kg (of a commodity where a figure names one) beside the
// model's; an error where the target names a commodity the model lacks.
func (a *Analysis) WriteCountries(w io.Writer) error {
	r, t := a.Result, a.Target
	observed := map[string]float64{}
	var fit []risk.FitRow
	if t != nil {
		var err error
		if fit, _, err = t.FitResult(r); err != nil {
			return err
		}
		for _, row := range fit {
			if row.Kind == "share" {
				observed[row.Country] = row.Observed
			}
		}
	}
	ew := &reportWriter{w: w}
	fmt.Fprintln(ew, "seizures per country (a year):")
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
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
	for _, row := range fit {
		if _, ok := r.Country(row.Country); row.Kind != "kg" || !ok {
			continue
		}
		what := "seizures"
		if row.Commodity != "" {
			what = row.Commodity + " seizures"
		}
		fmt.Fprintf(ew, "%s %s: modelled %.0f kg, observed %.0f kg (%s)\n", row.Country, what, row.Modelled, row.Observed, t.Name)
	}
	return ew.err
}

// WritePassages writes the n passages through the borders that carry the
// most flow (all when n ≤ 0; see risk.Result.Passages): tonnes a year, kg
// seized, the share seized, the routes that take it and the crossings and
// gaps passed.
func (a *Analysis) WritePassages(w io.Writer, n int) error {
	ps := a.Result.Passages(n)
	ew := &reportWriter{w: w}
	fmt.Fprintf(ew, "the %d passages through the borders that carry the most flow:\n", len(ps))
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "tonnes\tseized kg\tP\troutes\tvia\n")
	for _, p := range ps {
		fmt.Fprintf(tw, "%.2f\t%.1f\t%.4f\t%d\t%s\n", p.Tonnes, p.SeizedKg, float64(p.P), p.Routes, strings.Join(p.Via, " → "))
	}
	tw.Flush()
	return ew.err
}
