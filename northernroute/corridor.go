package northernroute

import (
	"fmt"

	"github.com/routerisk/routerisk/geo"
)

// Corridor returns the Northern Route as a complete corridor: the embedded
// countries, borders, settlements, crossings and modelled outposts, the
// trunk roads and railways as line layers, and the weighted origins and
// destinations. Each call returns a fresh copy the caller may change.
func Corridor() (*geo.Corridor, error) {
	c, err := geography()
	if err != nil {
		return nil, err
	}
	m := newTownMatcher(c.Settlements, matchKm)
	if c.Roads, c.Railways, err = transport(m); err != nil {
		return nil, fmt.Errorf("northernroute: roads: %w", err)
	}
	if c.Origins, err = origins(m); err != nil {
		return nil, fmt.Errorf("northernroute: origins: %w", err)
	}
	if c.Destinations, err = destinations(m); err != nil {
		return nil, fmt.Errorf("northernroute: destinations: %w", err)
	}
	return c, nil
}
