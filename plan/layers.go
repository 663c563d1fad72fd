package plan

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
)

// PlanLayer returns the upgrades of plan placed on the corridor: a point at
// each crossing and the line of each segment they stand on, with kind,
// feature, side, cost_kzt (the cost in the budget's unit) and marginal, the
// expected evasion over scen that dropping the upgrade alone would add back.
func (c *Corridor) PlanLayer(plan []int, xs []geo.Crossing, segs []geo.Segment, scen []OD) (*geojson.FeatureCollection, error) {
	at := map[string]orb.Geometry{}
	for _, x := range xs {
		at[x.ID] = x.Point
	}
	for _, s := range segs {
		at[s.ID] = slices.Clone(s.Line)
	}
	all, err := c.Instance.Value(plan, scen, true)
	if err != nil {
		return nil, err
	}
	fc := geojson.NewFeatureCollection()
	for i, u := range plan {
		cand := c.Candidates[u]
		g, ok := at[cand.Feature]
		if !ok {
			return nil, fmt.Errorf("%w: upgrade %d (%s): no geometry for %q", ErrBadUpgrade, u, cand.Name(), cand.Feature)
		}
		rest := slices.Delete(slices.Clone(plan), i, i+1)
		without, err := c.Instance.Value(rest, scen, true)
		if err != nil {
			return nil, err
		}
		f := geojson.NewFeature(g)
		f.Properties["name"] = cand.Name()
		f.Properties["kind"] = string(cand.Kind)
		f.Properties["feature"] = cand.Feature
		f.Properties["side"] = cand.Side
		f.Properties["cost_kzt"] = cand.Cost
		f.Properties["marginal"] = without - all
		f.Properties["elements"] = len(cand.Effects)
		fc.Append(f)
	}
	return fc, nil
}
