package dynamics

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// SummaryOptions set what WriteSummary prints. The zero value (or nil)
// prints the seven countries of SeizingCountries and five changes an event.
type SummaryOptions struct {
	// Countries are the ISO codes with a column in the yearly table and a
	// largest month; nil means s.SeizingCountries(7).
	Countries []string
	// Changes is the number of crossings and gaps listed under each event,
	// those whose flow changed most first; 0 means 5, below 0 none.
	Changes int
}

// errWriter remembers the first error of its writer and writes nothing
// after it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// WriteSummary writes s as text: a table by calendar year (flow, seizures,
// the seizures of the countries, active elements, effective routes, mean
// seizure, loss against the static equilibrium, the most effort at one
// element), what the adaptation did, and the flow each event displaced.
func WriteSummary(w io.Writer, s *Simulation, opts *SummaryOptions) error {
	var o SummaryOptions
	if opts != nil {
		o = *opts
	}
	if o.Countries == nil {
		o.Countries = s.SeizingCountries(7)
	}
	switch {
	case o.Changes == 0:
		o.Changes = 5
	case o.Changes < 0:
		o.Changes = 0
	}
	ew := &errWriter{w: w}
	writeYears(ew, s, o.Countries)
	writeAdaptation(ew, s, o.Countries)
	writeDisplacements(ew, s, o.Changes)
	return ew.err
}

// writeYears writes the table by calendar year and its key.
func writeYears(w io.Writer, s *Simulation, countries []string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "year\tmonths\tshipped t\tseized kg\t")
	for _, c := range countries {
		fmt.Fprintf(tw, "%s kg\t", c)
	}
	fmt.Fprintln(tw, "active\teff. routes\tkg/seizure\tloss ×static\tmax effort\t")
	for _, y := range s.Years() {
		fmt.Fprintf(tw, "%d\t%d\t%.1f\t%.0f\t", y.Year, y.Months, y.ShippedKg/1000, y.SeizedKg)
		for _, code := range countries {
			var kg float64
			if c := slices.Index(s.Countries, code); c >= 0 {
				kg = y.Countries[c].SeizedKg
			}
			fmt.Fprintf(tw, "%.0f\t", kg)
		}
		loss := 0.0
		if y.ShippedKg > 0 && s.BaselineLoss > 0 {
			loss = y.SeizedKg / y.ShippedKg / s.BaselineLoss
		}
		fmt.Fprintf(tw, "%.1f\t%.1f\t%.1f\t%.2f\t%.1f\t\n", y.Active, y.EffectiveRoutes, y.MeanSeizureKg, loss, maxEffort(s, y.Year))
	}
	tw.Flush()
	fmt.Fprintln(w, "active: crossings and gaps with flow, monthly mean; eff. routes: exp of the entropy of the routes' shares;")
	fmt.Fprintln(w, "loss ×static: share seized over that of risk's static equilibrium; max effort: the most at one crossing or gap, × the model's")
	fmt.Fprintln(w)
}

// maxEffort returns the largest effort at one crossing or gap in a year,
// in multiples of the model's.
func maxEffort(s *Simulation, year int) float64 {
	hi := 0.0
	for _, mo := range s.Months {
		if mo.Date.Year() != year {
			continue
		}
		for _, e := range mo.Elements {
			hi = max(hi, e.Effort)
		}
	}
	return hi
}

// writeAdaptation writes what the adaptation did: how often losses passed
// the organisations' tolerance, when shipments reached their floor, where
// the services' effort piled up, and each country's largest month.
func writeAdaptation(w io.Writer, s *Simulation, countries []string) {
	st := s.Settings
	above, floor := 0, "never"
	for _, mo := range s.Months {
		if mo.ShippedKg > 0 && mo.SeizedKg/mo.ShippedKg > st.LossTolerance*s.BaselineLoss {
			above++
		}
		if floor == "never" && mo.SizeFactor > 0 && mo.SizeFactor <= 0.25*(1+1e-9) {
			floor = mo.Date.Format("2006-01")
		}
	}
	fmt.Fprintf(w, "share seized in risk's static equilibrium %.2f%%; months above the loss tolerance (%.1f× that): %d of %d; shipments at their floor (a quarter of their starting size) from: %s\n",
		100*s.BaselineLoss, st.LossTolerance, above, len(s.Months), floor)

	// The elements with the most effort, averaged over the run; ties by
	// order of first appearance.
	sum := make([]float64, len(s.Elements))
	for _, mo := range s.Months {
		for _, e := range mo.Elements {
			sum[e.Element] += e.Effort
		}
	}
	order := make([]int, len(sum))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return descending(sum[a], sum[b]) })
	fmt.Fprint(w, "most effort, mean over the months (multiples of the model's):")
	for _, i := range order[:min(3, len(order))] {
		fmt.Fprintf(w, " %s %.1f×", s.Elements[i].ID, sum[i]/float64(len(s.Months)))
	}
	fmt.Fprintln(w)

	var peaks []string
	for _, code := range countries {
		c := slices.Index(s.Countries, code)
		if c < 0 {
			continue
		}
		var peak, total float64
		var when time.Time
		for _, mo := range s.Months {
			kg := mo.Countries[c].SeizedKg
			total += kg
			if kg > peak {
				peak, when = kg, mo.Date
			}
		}
		if peak > 0 {
			peaks = append(peaks, fmt.Sprintf("%s %.0f kg %s (%.1f× its mean)", code, peak, when.Format("2006-01"), peak/(total/float64(len(s.Months)))))
		}
	}
	if len(peaks) > 0 {
		fmt.Fprintf(w, "largest month of seizures: %s\n", strings.Join(peaks, "; "))
	}
	fmt.Fprintln(w)
}

// descending orders a before b when a is the larger.
func descending(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// writeDisplacements writes the flow each event moved between crossings
// and gaps, with the n elements whose flow changed most.
func writeDisplacements(w io.Writer, s *Simulation, n int) {
	if len(s.Displacements) == 0 {
		fmt.Fprintln(w, "no events in the run")
		return
	}
	for _, d := range s.Displacements {
		fmt.Fprintf(w, "%s (%s): %.1f%% of the flow changed crossing or gap (%d months before, %d after; %.1f → %.1f t a month over all crossings and gaps)\n",
			d.Event, d.Date.Format("2006-01"), 100*d.MovedShare, d.BeforeMonths, d.AfterMonths, d.BeforeKg/1000, d.AfterKg/1000)
		for _, ch := range d.Changes[:min(n, len(d.Changes))] {
			fmt.Fprintf(w, "  %-8s %-40s %8.0f → %8.0f kg a month\n", ch.Kind, ch.ID, ch.BeforeKg, ch.AfterKg)
		}
	}
}

// SeizingCountries returns the ISO codes of up to n countries that seized
// something in the run, the one with the most inflow first (upstream
// before downstream), ties by code.
func (s *Simulation) SeizingCountries(n int) []string {
	inflow := make([]float64, len(s.Countries))
	seized := make([]float64, len(s.Countries))
	for _, mo := range s.Months {
		for c, cm := range mo.Countries {
			inflow[c] += cm.InflowKg
			seized[c] += cm.SeizedKg
		}
	}
	var idx []int
	for c := range s.Countries {
		if seized[c] > 0 {
			idx = append(idx, c)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if d := descending(inflow[a], inflow[b]); d != 0 {
			return d
		}
		return strings.Compare(s.Countries[a], s.Countries[b])
	})
	idx = idx[:min(max(n, 0), len(idx))]
	out := make([]string, len(idx))
	for i, c := range idx {
		out[i] = s.Countries[c]
	}
	return out
}
