package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/routerisk/routerisk/dynamics"
)

// printYears prints the simulation year by year: flow and seizures, the
// seizures of the given countries, and the measures of adaptation.
func printYears(w io.Writer, sim *dynamics.Simulation, countries []string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "year\tmonths\tshipped t\tseized kg\t")
	for _, c := range countries {
		fmt.Fprintf(tw, "%s kg\t", c)
	}
	fmt.Fprintln(tw, "active\teff. routes\tkg/seizure\tloss ×static\tmax effort\t")
	for _, y := range sim.Years() {
		fmt.Fprintf(tw, "%d\t%d\t%.1f\t%.0f\t", y.Year, y.Months, y.ShippedKg/1000, y.SeizedKg)
		for _, code := range countries {
			var kg float64
			for _, cm := range y.Countries {
				if cm.Country == code {
					kg = cm.SeizedKg
				}
			}
			fmt.Fprintf(tw, "%.0f\t", kg)
		}
		loss := 0.0
		if y.ShippedKg > 0 && sim.BaselineLoss > 0 {
			loss = y.SeizedKg / y.ShippedKg / sim.BaselineLoss
		}
		fmt.Fprintf(tw, "%.1f\t%.1f\t%.1f\t%.2f\t%.1f\t\n", y.Active, y.EffectiveRoutes, y.MeanSeizureKg, loss, maxEffort(sim, y.Year))
	}
	tw.Flush()
	fmt.Fprintln(w, "active: crossings and gaps with flow, monthly mean; eff. routes: exp of the entropy of the routes' shares;")
	fmt.Fprintln(w, "loss ×static: share seized over that of risk's static equilibrium; max effort: the most at one crossing or gap, × the model's")
	fmt.Fprintln(w)
}

// maxEffort returns the largest effort at one crossing or gap in a year,
// in multiples of the model's.
func maxEffort(sim *dynamics.Simulation, year int) float64 {
	hi := 0.0
	for _, mo := range sim.Months {
		if mo.Date.Year() != year {
			continue
		}
		for _, e := range mo.Elements {
			hi = max(hi, e.Effort)
		}
	}
	return hi
}

// printAdaptation prints what the adaptation did: how often losses passed
// the organisations' tolerance, when shipments reached their floor, where
// the services' effort piled up, and each country's largest month.
func printAdaptation(w io.Writer, sim *dynamics.Simulation, countries []string) {
	st := sim.Settings
	floorKg := st.ShipmentKg / 4
	above, floor := 0, "never"
	for _, mo := range sim.Months {
		if mo.ShippedKg > 0 && mo.SeizedKg/mo.ShippedKg > st.LossTolerance*sim.BaselineLoss {
			above++
		}
		if floor == "never" && mo.Seizures > 0 && mo.MeanSeizureKg <= floorKg*(1+1e-9) {
			floor = mo.Date.Format("2006-01")
		}
	}
	fmt.Fprintf(w, "share seized in risk's static equilibrium %.2f%%; months above the loss tolerance (%.1f× that): %d of %d; shipments at their floor of %.1f kg from: %s\n",
		100*sim.BaselineLoss, st.LossTolerance, above, len(sim.Months), floorKg, floor)

	// The elements with the most effort, averaged over the run.
	sum := make([]float64, len(sim.Elements))
	for _, mo := range sim.Months {
		for _, e := range mo.Elements {
			sum[e.Element] += e.Effort
		}
	}
	order := make([]int, len(sum))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case sum[a] > sum[b]:
			return -1
		case sum[a] < sum[b]:
			return 1
		}
		return 0
	})
	fmt.Fprint(w, "most effort, mean over the months (multiples of the model's):")
	for _, i := range order[:min(3, len(order))] {
		fmt.Fprintf(w, " %s %.1f×", sim.Elements[i].ID, sum[i]/float64(len(sim.Months)))
	}
	fmt.Fprintln(w)

	var peaks []string
	for _, code := range countries {
		c := slices.Index(sim.Countries, code)
		if c < 0 {
			continue
		}
		var peak, total float64
		var when time.Time
		for _, mo := range sim.Months {
			kg := mo.Countries[c].SeizedKg
			total += kg
			if kg > peak {
				peak, when = kg, mo.Date
			}
		}
		if peak > 0 {
			peaks = append(peaks, fmt.Sprintf("%s %.0f kg %s (%.1f× its mean)", code, peak, when.Format("2006-01"), peak/(total/float64(len(sim.Months)))))
		}
	}
	if len(peaks) > 0 {
		fmt.Fprintf(w, "largest month of seizures: %s\n", strings.Join(peaks, "; "))
	}
	fmt.Fprintln(w)
}

// printDisplacements prints the flow each event moved between crossings
// and gaps, with the n elements whose flow changed most.
func printDisplacements(w io.Writer, sim *dynamics.Simulation, n int) {
	if len(sim.Displacements) == 0 {
		fmt.Fprintln(w, "no events in the run")
		return
	}
	for _, d := range sim.Displacements {
		fmt.Fprintf(w, "%s (%s): %.1f%% of the flow changed crossing or gap (%d months before, %d after; %.1f → %.1f t a month over all crossings and gaps)\n",
			d.Event, d.Date.Format("2006-01"), 100*d.MovedShare, d.BeforeMonths, d.AfterMonths, d.BeforeKg/1000, d.AfterKg/1000)
		for _, ch := range d.Changes[:min(n, len(d.Changes))] {
			fmt.Fprintf(w, "  %-8s %-40s %8.0f → %8.0f kg a month\n", ch.Kind, ch.ID, ch.BeforeKg, ch.AfterKg)
		}
	}
}
