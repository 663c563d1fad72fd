package dynamics

import (
	"fmt"
	"image/color"
	"io"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// A Series is one measure of a simulation month by month, for a plot.
type Series struct {
	Name   string // file name
	Label  string // axis label with the unit
	Legend string // legend entry when plotted with others; "" means Label
	Value  func(Month) float64
}

// DefaultSeries returns the measures plotted by WritePlots: flow, seizures,
// the seizure rate, active crossings and gaps, effective routes and mean
// seizure size.
func DefaultSeries() []Series {
	return []Series{
		{Name: "flow", Label: "flow sent, t a month", Value: func(m Month) float64 { return m.ShippedKg / 1000 }},
		{Name: "seizures", Label: "seized, kg a month", Value: func(m Month) float64 { return m.SeizedKg }},
		{Name: "seizure_rate", Label: "share seized, %", Value: func(m Month) float64 {
			if m.ShippedKg == 0 {
				return 0
			}
			return 100 * m.SeizedKg / m.ShippedKg
		}},
		{Name: "active", Label: "crossings and gaps with flow", Value: func(m Month) float64 { return float64(m.ActiveCrossings + m.ActiveGaps) }},
		{Name: "effective_routes", Label: "effective number of routes", Value: func(m Month) float64 { return m.EffectiveRoutes }},
		{Name: "seizure_size", Label: "mean seizure, kg", Value: func(m Month) float64 { return m.MeanSeizureKg }},
	}
}

// CountrySeries returns the monthly seizures of one country (a line per
// country in one plot is drawn by WritePlots).
func CountrySeries(s *Simulation, code string) (Series, error) {
	for i, c := range s.Countries {
		if c == code {
			return Series{Name: "seizures_" + code, Label: code + " seized, kg a month", Legend: code,
				Value: func(m Month) float64 { return m.Countries[i].SeizedKg }}, nil
		}
	}
	return Series{}, fmt.Errorf("%w: no country %q in the simulation", ErrBadSetting, code)
}

// Plot returns a time-series plot of the series over the simulation's
// months, with a vertical line at every event.
func Plot(s *Simulation, title string, series ...Series) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "month"
	p.X.Tick.Marker = plot.TimeTicks{Format: "2006-01"}
	if len(series) == 1 {
		p.Y.Label.Text = series[0].Label
	}
	palette := []color.NRGBA{{31, 119, 180, 255}, {214, 39, 40, 255}, {44, 160, 44, 255}, {148, 103, 189, 255},
		{255, 127, 14, 255}, {140, 86, 75, 255}, {23, 190, 207, 255}, {127, 127, 127, 255}}
	hi := 0.0
	for i, se := range series {
		xy := make(plotter.XYs, len(s.Months))
		for t, mo := range s.Months {
			xy[t].X = float64(mo.Date.Unix())
			xy[t].Y = se.Value(mo)
			hi = max(hi, xy[t].Y)
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, fmt.Errorf("dynamics: plot %q: %w", se.Name, err)
		}
		l.Color = palette[i%len(palette)]
		l.Width = vg.Points(1.2)
		p.Add(l)
		if len(series) > 1 {
			name := se.Legend
			if name == "" {
				name = se.Label
			}
			p.Legend.Add(name, l)
		}
	}
	p.Legend.Top, p.Legend.Left = true, true
	if hi == 0 {
		hi = 1
	}
	for i, ev := range s.Settings.Events {
		x := float64(month(ev.Date).Unix())
		l, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: hi}})
		if err != nil {
			return nil, err
		}
		l.Color = color.NRGBA{90, 90, 90, 255}
		l.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		p.Add(l)
		y := hi * (1.25 - 0.1*float64(i%3))
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x, Y: y}}, Labels: []string{" " + ev.Name}})
		if err == nil {
			p.Add(lb)
		}
	}
	p.Y.Min, p.Y.Max = 0, 1.35*hi // room for the legend and the event names
	return p, nil
}

// The size of the plots written by Chart.Write and WritePlots.
const (
	PlotWidth  = 16 * vg.Centimeter
	PlotHeight = 9 * vg.Centimeter
)

// A Chart is one named plot of a simulation.
type Chart struct {
	Name string // file name without extension, e.g. "seizures"
	Plot *plot.Plot
}

// Write writes the chart to w in format "svg" or "png", PlotWidth by
// PlotHeight.
func (c Chart) Write(w io.Writer, format string) error {
	if format != "svg" && format != "png" {
		return fmt.Errorf("dynamics: chart %q: format %q (want svg or png)", c.Name, format)
	}
	wt, err := c.Plot.WriterTo(PlotWidth, PlotHeight, format)
	if err != nil {
		return fmt.Errorf("dynamics: chart %q: %w", c.Name, err)
	}
	_, err = wt.WriteTo(w)
	return err
}

// Charts returns a plot of every series of DefaultSeries, named after the
// series, and with countries given one plot of their seizures, a line each,
// named "seizures_by_country".
func Charts(s *Simulation, countries []string) ([]Chart, error) {
	var cs []Chart
	for _, se := range DefaultSeries() {
		p, err := Plot(s, se.Label, se)
		if err != nil {
			return nil, err
		}
		cs = append(cs, Chart{se.Name, p})
	}
	if len(countries) > 0 {
		var ss []Series
		for _, c := range countries {
			se, err := CountrySeries(s, c)
			if err != nil {
				return nil, err
			}
			ss = append(ss, se)
		}
		p, err := Plot(s, "seized by country, kg a month", ss...)
		if err != nil {
			return nil, err
		}
		cs = append(cs, Chart{"seizures_by_country", p})
	}
	return cs, nil
}

// WritePlots writes the Charts of s as SVG and PNG files named after them
// into dir, and returns the files written.
func WritePlots(s *Simulation, dir string, countries []string) ([]string, error) {
	cs, err := Charts(s, countries)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, c := range cs {
		for _, ext := range []string{"svg", "png"} {
			f := filepath.Join(dir, c.Name+"."+ext)
			if err := c.Plot.Save(PlotWidth, PlotHeight, f); err != nil {
				return files, fmt.Errorf("dynamics: %s: %w", f, err)
			}
			files = append(files, f)
		}
	}
	return files, nil
}
