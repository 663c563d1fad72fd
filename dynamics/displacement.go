package dynamics

import (
	"cmp"
	"math"
	"slices"
)

// displacements returns the flow each event of s.Settings moved between
// elements.
func displacements(s *Simulation) []Displacement {
	var out []Displacement
	W := s.Settings.Window
	for _, ev := range s.Settings.Events {
		t := monthIndex(s.Settings.Start, ev.Date)
		d := Displacement{Event: ev.Name, Date: month(ev.Date)}
		lo, hi := max(0, t-W), min(len(s.Months), t+W)
		d.BeforeMonths, d.AfterMonths = t-lo, hi-t
		before := meanFlows(s, lo, t)
		after := meanFlows(s, t, hi)
		for _, kg := range before {
			d.BeforeKg += kg
		}
		for _, kg := range after {
			d.AfterKg += kg
		}
		for v := range s.Elements {
			b, a := before[v], after[v]
			if d.BeforeKg > 0 && d.AfterKg > 0 {
				d.MovedShare += math.Abs(a/d.AfterKg-b/d.BeforeKg) / 2
			}
			if a != b {
				d.Changes = append(d.Changes, ElementChange{ID: s.Elements[v].ID, Kind: s.Elements[v].Kind, BeforeKg: b, AfterKg: a})
			}
		}
		slices.SortFunc(d.Changes, func(x, y ElementChange) int {
			if c := cmp.Compare(math.Abs(y.AfterKg-y.BeforeKg), math.Abs(x.AfterKg-x.BeforeKg)); c != 0 {
				return c
			}
			return cmp.Compare(x.ID, y.ID)
		})
		out = append(out, d)
	}
	return out
}

// meanFlows returns the mean monthly flow at every element over months
// [lo, hi); zeros when the range is empty.
func meanFlows(s *Simulation, lo, hi int) []float64 {
	f := make([]float64, len(s.Elements))
	if hi <= lo {
		return f
	}
	for _, mo := range s.Months[lo:hi] {
		for _, e := range mo.Elements {
			f[e.Element] += e.FlowKg
		}
	}
	for v := range f {
		f[v] /= float64(hi - lo)
	}
	return f
}
