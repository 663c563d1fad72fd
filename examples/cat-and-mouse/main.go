// Command cat-and-mouse runs the Northern Route month by month from 2009 to
// 2014: trafficking organisations that learn from their losses and border
// services that follow the seizures, with the Customs Union of July 2011 and
// Kazakhstan's 2012 programme as events and Afghan opium production as the
// supply. It prints a yearly table, what the adaptation did, and the flow
// each event displaced, and writes a QGIS-ready folder (export.Write): the
// dated layers of flows, seizures and routes with the QGIS temporal
// controller set up (open the .qgs and press play), the corridor's
// countries and places beneath them, the time-series plots and the printed
// summary.
//
//	go run ./examples/cat-and-mouse -out out-cat-and-mouse
//
// Two behaviours of the run follow from dynamics' documented assumptions,
// not from the data, and the summary prints the figures behind them:
//
//   - The share seized stays at two to four times that of risk's static
//     equilibrium from the second month on, above the organisations' loss
//     tolerance (1.2 times the static share) nearly every month. The border
//     services move their effort, which is conserved within a country over
//     its crossings and gaps on the choice sets, onto the busiest crossings:
//     half their target is risk's static flow, which never moves, so
//     Termez – Hairatan keeps about ten times the model's effort throughout.
//     Losses that high make the organisations open every crossing and gap of
//     their choice sets within months (the expansion), never prune, and
//     shrink their shipments by SizeStep every month until the floor,
//     ShipmentKg/4 = 2.5 kg, about a year in; smaller shipments spread the
//     risk of a lump but do not lower the share seized, since each shipment
//     is seized with the same probability.
//   - Seizures come in bursts when the one organisation moves several
//     origin–destination flows at once onto a crossing whose risk it has
//     forgotten (perceived risk fades with Memory) while the services'
//     effort there has not (it fades only with Forgetting, and the static
//     half of the target holds it). With seed 1, in spring 2013 Kazakhstan's
//     effort at Temir Baba on the Turkmen border makes the route by
//     Termez – Hairatan and Zhibek Zholy the cheaper again; for a few months
//     Uzbekistan seizes at Hairatan several times its monthly mean (the
//     summary's "largest month" line) before the flow leaves again.
//
// More organisations (Settings.Organisations) smooth the bursts; services
// that do not learn (Learning 0) keep the share seized at the static one
// and the shipments at full size.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/color"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/dynamics"
	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/export/layer"
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

// settings returns the run's settings: northernroute's 2009–2014 run
// (supply from the UNODC opium surveys, the Customs Union in July 2011 and
// the 2012 programme as events) with the given seed.
func settings(seed uint64) (dynamics.Settings, error) {
	s, err := northernroute.DynamicsSettings()
	s.Seed = seed
	return s, err
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
	var summary bytes.Buffer
	printYears(&summary, sim)
	printAdaptation(&summary, sim)
	printDisplacements(&summary, sim, 5)
	if _, err := w.Write(summary.Bytes()); err != nil {
		return err
	}
	base, err := a.Layers()
	if err != nil {
		return err
	}
	m, err := write(out, sim, base, summary.Bytes())
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s: open %s in QGIS and press play in the temporal controller\n", out, m.QGS)
	return nil
}

// focus are the countries printed in the yearly table.
var focus = []string{"TJK", "UZB", "TKM", "KGZ", "KAZ", "RUS"}

func printYears(w io.Writer, sim *dynamics.Simulation) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "year\tsupply t\tseized kg\t")
	for _, c := range focus {
		fmt.Fprintf(tw, "%s kg\t", c)
	}
	fmt.Fprintln(tw, "KAZ rate\tactive\teff. routes\tkg/seizure\tloss ×static\tmax effort\t")
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
		loss := 0.0
		if y.ShippedKg > 0 && sim.BaselineLoss > 0 {
			loss = y.SeizedKg / y.ShippedKg / sim.BaselineLoss
		}
		fmt.Fprintf(tw, "%.2f%%\t%.1f\t%.1f\t%.1f\t%.2f\t%.1f\t\n", 100*kazRate, y.Active, y.EffectiveRoutes, y.MeanSeizureKg, loss, maxEffort(sim, y.Year))
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

// printAdaptation prints the figures behind the two behaviours the command
// documents: how often losses passed the tolerance, when shipments reached
// their floor, where effort piled up, and each focus country's largest
// month.
func printAdaptation(w io.Writer, sim *dynamics.Simulation) {
	st := sim.Settings
	above, floor := 0, ""
	for _, mo := range sim.Months {
		if mo.ShippedKg > 0 && mo.SeizedKg/mo.ShippedKg > st.LossTolerance*sim.BaselineLoss {
			above++
		}
		if floor == "" && mo.Seizures > 0 && mo.MeanSeizureKg <= st.ShipmentKg/4*(1+1e-9) {
			floor = mo.Date.Format("2006-01")
		}
	}
	if floor == "" {
		floor = "never"
	}
	fmt.Fprintf(w, "share seized in risk's static equilibrium %.2f%%; months above the loss tolerance (%.1f× that): %d of %d; shipments at their floor of %.1f kg from: %s\n",
		100*sim.BaselineLoss, st.LossTolerance, above, len(sim.Months), st.ShipmentKg/4, floor)

	// Where the services' effort piled up: the element with the most
	// effort, averaged over the run.
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

	fmt.Fprint(w, "largest month of seizures:")
	for _, code := range focus {
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
			fmt.Fprintf(w, " %s %.0f kg %s (%.1f× its mean);", code, peak, when.Format("2006-01"), peak/(total/float64(len(sim.Months))))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
}

// The colours of the dated layers.
var (
	flowLow   = color.NRGBA{254, 217, 118, 255}
	flowHigh  = color.NRGBA{189, 0, 38, 255}
	seizedRed = color.NRGBA{215, 25, 28, 210}
	routeBlue = color.NRGBA{49, 130, 189, 150}
	outline   = color.NRGBA{60, 60, 60, 255}
)

// maxOf returns the largest number in field, at least 1.
func maxOf(fc *geojson.FeatureCollection, field string) float64 {
	hi := 1.0
	for _, f := range fc.Features {
		if v, ok := layer.Number(f.Properties[field]); ok {
			hi = max(hi, v)
		}
	}
	return hi
}

// datedLayers returns the simulation's layers, each dated by month for the
// temporal controller: routes as lines by their flow, crossings and gaps
// coloured and sized by the flow through them, seizures sized by weight.
func datedLayers(sim *dynamics.Simulation) []export.Layer {
	when := &layer.Temporal{StartField: dynamics.DateField, EndField: dynamics.EndField}
	routes := dynamics.RoutesLayer(sim)
	rs := layer.LineStyle(routeBlue, 0.5)
	rs.SizeField, rs.SizeDomain, rs.SizeRange = "kg", [2]float64{0, maxOf(routes, "kg")}, [2]float64{0.3, 3}
	rs.OrderField, rs.PictureHidden = "kg", true

	elements := dynamics.ElementsLayer(sim)
	es := layer.PointStyle(flowLow, 1.5, layer.Circle)
	if breaks := layer.QuantileBreaks(elements, "flow_kg", 5); len(breaks) >= 2 {
		es.Kind, es.Field, es.Breaks = layer.Graduated, "flow_kg", breaks
		es.Colors = layer.Ramp([]color.NRGBA{flowLow, flowHigh}, len(breaks)-1)
	}
	es.Stroke = outline
	es.SizeField, es.SizeDomain, es.SizeRange = "flow_kg", [2]float64{0, maxOf(elements, "flow_kg")}, [2]float64{1.2, 5}
	es.OrderField, es.PictureHidden = "flow_kg", true

	seizures := dynamics.SeizuresLayer(sim)
	ss := layer.PointStyle(seizedRed, 2, layer.Diamond)
	ss.Stroke = outline
	ss.SizeField, ss.SizeDomain, ss.SizeRange = "seized_kg", [2]float64{0, maxOf(seizures, "seized_kg")}, [2]float64{1.5, 7}
	ss.OrderField = "seized_kg"

	return []export.Layer{
		{Name: "dyn_routes", Title: "Routes (top 20 a month)", Features: routes, Style: rs, Temporal: when},
		{Name: "dyn_elements", Title: "Crossings and gaps: flow, kg a month", Features: elements, Style: es, Temporal: when},
		{Name: "dyn_seizures", Title: "Seizures, kg a month", Features: seizures, Style: ss, Temporal: when},
	}
}

// background are the analysis's layers drawn beneath the dated ones.
var background = []string{"countries", "borders", "settlements", "origins", "destinations"}

// write writes the QGIS-ready folder: the background layers of the
// analysis, the dated layers, the plots (SVG and PNG) and the summary.
func write(out string, sim *dynamics.Simulation, base []export.Layer, summary []byte) (export.Manifest, error) {
	var ls []export.Layer
	for _, l := range base {
		if slices.Contains(background, l.Name) {
			ls = append(ls, l)
		}
	}
	ls = append(ls, datedLayers(sim)...)
	charts, err := dynamics.Charts(sim, []string{"TJK", "UZB", "TKM", "KGZ", "KAZ"})
	if err != nil {
		return export.Manifest{}, err
	}
	extra := []export.Extra{{Name: "summary.txt", Format: "txt", Write: func(w io.Writer) error {
		_, err := w.Write(summary)
		return err
	}}}
	for _, c := range charts {
		for _, ext := range []string{"svg", "png"} {
			extra = append(extra, export.Extra{Name: "plot_" + c.Name + "." + ext, Format: ext,
				Write: func(w io.Writer) error { return c.Write(w, ext) }})
		}
	}
	st := sim.Settings
	return export.Write(out, "cat-and-mouse", ls, &export.Options{
		// No KML: Google Earth would draw the 72 months on top of each
		// other, in some 20 MB.
		Formats: export.All &^ export.KML,
		Title:   "Cat and mouse on the Northern Route, 2009–2014",
		Notes: []string{
			fmt.Sprintf("dynamics simulation, seed %d, %s to %s; the map shows every month at once,", st.Seed,
				st.Start.Format("2006-01"), st.End().AddDate(0, -1, 0).Format("2006-01")),
			"QGIS's temporal controller (cat-and-mouse.qgs) plays them month by month;",
			"supply: UNODC Afghanistan Opium Surveys 2009–2014; behaviour: dynamics' documented assumptions",
		},
		Extra: extra,
	})
}
