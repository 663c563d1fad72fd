package route_test

import (
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/route"
)

func init() {
	route.NorthernRouteForTest = func() (*geo.Corridor, route.Settings, error) {
		c, err := northernroute.Corridor()
		return c, northernroute.GraphSettings(), err
	}
}
