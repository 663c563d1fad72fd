package risk_test

import (
	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

func init() {
	risk.NorthernRouteModelForTest = func() (*risk.Model, error) {
		c, err := northernroute.Corridor()
		if err != nil {
			return nil, err
		}
		segs, err := c.Segments(0)
		if err != nil {
			return nil, err
		}
		gs := northernroute.GraphSettings()
		g, err := route.Build(c, segs, &gs)
		if err != nil {
			return nil, err
		}
		s := northernroute.Baseline2010()
		return risk.New(g, c, segs, &s)
	}
}
