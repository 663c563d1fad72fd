package plan

import (
	"context"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// A SweepPoint is what the exact SNIP plan, the greedy SNIP plan and the
// exact max–min plan reach at one budget.
type SweepPoint struct {
	Budget        float64
	SNIP, Greedy  float64 // expected evasion of each plan
	Lower         float64 // SNIP's lower bound on the optimum
	Status        string  // SNIP's status
	Cost, CostGrd float64 // what each plan spends
	// MaxMin is the worst pair's cheapest route length under the exact
	// max–min plan, MaxMinUpper the bound on its optimum, MaxMinEvasion the
	// plan's expected evasion over the scenarios, MaxMinStatus its status
	// and CostMaxMin what it spends.
	MaxMin, MaxMinUpper, MaxMinEvasion float64
	MaxMinStatus                       string
	CostMaxMin                         float64
	// Interdicted is the chance a shipment is caught on the scenarios'
	// cheapest routes under each plan (Corridor.Interdiction): SNIP,
	// greedy SNIP and max–min.
	Interdicted [3]float64
}

// Sweep returns, at each budget in the order given, the SNIP and greedy
// plans' expected evasion over the scenarios and the exact max–min plan
// for the worst of pairs (MaxMinAll); s (nil: DefaultSettings) bounds each
// exact solve. SNIP starts from the greedy plan (Settings.Start).
func (c *Corridor) Sweep(ctx context.Context, budgets []float64, pairs, scen []OD, s *Settings) ([]SweepPoint, error) {
	var pts []SweepPoint
	for _, b := range budgets {
		gr, err := Greedy(ctx, c.Instance, scen, b, true)
		if err != nil {
			return nil, fmt.Errorf("plan: sweep at %v: %w", b, err)
		}
		ex, err := SNIP(ctx, c.Instance, scen, b, startingAt(s, gr.Plan))
		if err != nil {
			return nil, fmt.Errorf("plan: sweep at %v: %w", b, err)
		}
		mm, err := MaxMinAll(ctx, c.Instance, pairs, b, s)
		if err != nil {
			return nil, fmt.Errorf("plan: sweep at %v: %w", b, err)
		}
		mmEv, err := c.Instance.Value(mm.Plan, scen, true)
		if err != nil {
			return nil, err
		}
		var caught [3]float64
		for i, p := range [][]int{ex.Plan, gr.Plan, mm.Plan} {
			if caught[i], err = c.Interdiction(p, scen); err != nil {
				return nil, err
			}
		}
		pts = append(pts, SweepPoint{Interdicted: caught, Budget: b, SNIP: ex.Objective, Greedy: gr.Objective, Lower: ex.Lower,
			Status: ex.Status.String(), Cost: ex.Cost, CostGrd: gr.Cost,
			MaxMin: mm.Objective, MaxMinUpper: mm.Upper, MaxMinEvasion: mmEv, MaxMinStatus: mm.Status.String(), CostMaxMin: mm.Cost})
	}
	return pts, nil
}

// SweepPlot returns the curve of interdiction bought: the chance in
// percent that a shipment is caught on the scenarios' cheapest routes
// (SweepPoint.Interdicted) against the budget divided by unit (e.g. 1e9
// for bn KZT), for the SNIP, greedy SNIP and max–min plans.
func SweepPlot(pts []SweepPoint, unit float64, title, xlabel string) (*plot.Plot, error) {
	if !(unit > 0) {
		return nil, fmt.Errorf("%w: plot unit %v", ErrBadSetting, unit)
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = "shipments interdicted on the cheapest routes, %"
	p.Legend.Top, p.Legend.Left = true, true
	for _, ln := range []struct {
		name string
		y    func(SweepPoint) float64
		c    color.NRGBA
		dash bool
	}{
		{"SNIP plan (exact or within its gap)", func(q SweepPoint) float64 { return q.Interdicted[0] }, color.NRGBA{0xc0, 0x39, 0x2b, 0xff}, false},
		{"greedy SNIP plan", func(q SweepPoint) float64 { return q.Interdicted[1] }, color.NRGBA{0x29, 0x80, 0xb9, 0xff}, true},
		{"max–min plan (worst pair)", func(q SweepPoint) float64 { return q.Interdicted[2] }, color.NRGBA{0x27, 0xae, 0x60, 0xff}, false},
	} {
		xy := make(plotter.XYs, len(pts))
		for i, q := range pts {
			xy[i].X, xy[i].Y = q.Budget/unit, 100*ln.y(q)
		}
		l, sc, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, err
		}
		l.Color, sc.Color, l.Width = ln.c, ln.c, vg.Points(1.2)
		if ln.dash {
			l.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		}
		p.Add(l, sc)
		p.Legend.Add(ln.name, l, sc)
	}
	// room above the curves for the legend
	p.Y.Max += 0.6 * (p.Y.Max - p.Y.Min)
	return p, nil
}

// startingAt returns a copy of s (nil: DefaultSettings) with Start set to
// plan.
func startingAt(s *Settings, plan []int) *Settings {
	if s == nil {
		s = DefaultSettings()
	}
	c := *s
	c.Start = plan
	return &c
}
