// Command cat-and-mouse runs the Northern Route month by month from 2009 to
// 2014: trafficking organisations that learn from their losses and border
// services that follow the seizures, with the Customs Union of July 2011 and
// Kazakhstan's 2012 programme as events and Afghan opium production as the
// supply. It prints a yearly table and the flow each event displaced, and
// writes time-series plots and dated layers into the output folder.
//
//	go run ./examples/cat-and-mouse -out out-cat-and-mouse
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/dynamics"
	"github.com/routerisk/routerisk/northernroute"
)

func main() {
	out := flag.String("out", "out-cat-and-mouse", "output folder (created if missing)")
	seed := flag.Uint64("seed", 1, "seed of the simulation")
	calibrate := flag.Bool("calibrate", false, "calibrate the per-country intensities to the observed seizures first (slower)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "cat-and-mouse: unexpected argument %q (this command takes only flags)\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), *out, *seed, *calibrate, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "cat-and-mouse:", err)
		os.Exit(1)
	}
}

func utc(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

// opium is Afghanistan's potential opium production in tonnes by harvest
// year, from the UNODC Afghanistan Opium Survey of that year (2011: 5,800 t,
// up 61% from 3,600 t in 2010, the plant-disease year; Survey 2011 p. 13).
var opium = []struct {
	year   int
	tonnes float64
}{{2009, 6900}, {2010, 3600}, {2011, 5800}, {2012, 3700}, {2013, 5500}, {2014, 6400}}

// settings returns the run's settings: 2009–2014, supply in proportion to
// the year's opium production relative to 2010 (the year of the model's
// 90 t flow; assumption: no lag, no stocks), the Customs Union in July 2011
// and the programme in January 2012 (assumption: its first year).
func settings(seed uint64) (dynamics.Settings, error) {
	s := dynamics.DefaultSettings()
	s.Seed = seed
	s.Start = utc(2009, time.January)
	s.Months = 72
	for _, p := range opium {
		s.Supply = append(s.Supply, dynamics.SupplyLevel{From: utc(p.year, time.January), Factor: p.tonnes / 3600,
			Source: fmt.Sprintf("UNODC Afghanistan Opium Survey %d: %.0f t of opium (2010: 3,600 t)", p.year, p.tonnes)})
	}
	cu, err := dynamics.ScenarioEvent(utc(2011, time.July), northernroute.Baseline2010(), northernroute.CustomsUnion2011())
	if err != nil {
		return s, err
	}
	pr, err := dynamics.ScenarioEvent(utc(2012, time.January), northernroute.CustomsUnion2011(), northernroute.Programme2012())
	if err != nil {
		return s, err
	}
	s.Events = []dynamics.Event{cu, pr}
	return s, nil
}

func run(ctx context.Context, out string, seed uint64, calibrate bool, w io.Writer) error {
	c, err := northernroute.Corridor()
	if err != nil {
		return err
	}
	graph, scenario := northernroute.GraphSettings(), northernroute.Baseline2010()
	opts := &routerisk.Options{Graph: &graph, Scenario: &scenario}
	if calibrate {
		target := northernroute.Observed2011()
		opts.Target, opts.Calibrate = &target, true
	}
	a, err := routerisk.Analyze(ctx, c, opts)
	if err != nil {
		return err
	}
	s, err := settings(seed)
	if err != nil {
		return err
	}
	t0 := time.Now()
	sim, err := dynamics.Run(ctx, a.Model(), &s)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "simulated %d months in %v\n", len(sim.Months), time.Since(t0).Round(time.Millisecond))
	printYears(w, sim)
	printDisplacements(w, sim, 5)
	return write(out, sim)
}

// focus are the countries printed in the yearly table.
var focus = []string{"TJK", "UZB", "TKM", "KGZ", "KAZ", "RUS"}

func printYears(w io.Writer, sim *dynamics.Simulation) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "year\tsupply t\tseized kg\t")
	for _, c := range focus {
		fmt.Fprintf(tw, "%s kg\t", c)
	}
	fmt.Fprintln(tw, "KAZ rate\tactive\teff. routes\tkg/seizure\t")
	for _, y := range sim.Years() {
		fmt.Fprintf(tw, "%d\t%.1f\t%.0f\t", y.Year, y.ShippedKg/1000, y.SeizedKg)
		var kazRate float64
		for _, code := range focus {
			var kg float64
			for _, cm := range y.Countries {
				if cm.Country == code {
					kg = cm.SeizedKg
					if code == "KAZ" {
						kazRate = cm.Rate
					}
				}
			}
			fmt.Fprintf(tw, "%.0f\t", kg)
		}
		fmt.Fprintf(tw, "%.2f%%\t%.1f\t%.1f\t%.1f\t\n", 100*kazRate, y.Active, y.EffectiveRoutes, y.MeanSeizureKg)
	}
	tw.Flush()
	fmt.Fprintln(w)
}

func printDisplacements(w io.Writer, sim *dynamics.Simulation, n int) {
	for _, d := range sim.Displacements {
		fmt.Fprintf(w, "%s (%s): %.1f%% of the flow changed crossing or gap (%d months before, %d after; %.1f → %.1f t a month over all crossings and gaps)\n",
			d.Event, d.Date.Format("2006-01"), 100*d.MovedShare, d.BeforeMonths, d.AfterMonths, d.BeforeKg/1000, d.AfterKg/1000)
		for _, ch := range d.Changes[:min(n, len(d.Changes))] {
			fmt.Fprintf(w, "  %-8s %-40s %8.0f → %8.0f kg a month\n", ch.Kind, ch.ID, ch.BeforeKg, ch.AfterKg)
		}
	}
	fmt.Fprintln(w, strings.Repeat("-", 8))
}

// write writes the plots and the dated layers (GeoJSON, each feature with
// date and date_end) into out.
func write(out string, sim *dynamics.Simulation) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if _, err := dynamics.WritePlots(sim, out, []string{"TJK", "UZB", "TKM", "KGZ", "KAZ"}); err != nil {
		return err
	}
	for name, fc := range map[string]*geojson.FeatureCollection{
		"dyn_elements": dynamics.ElementsLayer(sim),
		"dyn_seizures": dynamics.SeizuresLayer(sim),
		"dyn_routes":   dynamics.RoutesLayer(sim),
	} {
		b, err := fc.MarshalJSON()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(out, name+".geojson"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
