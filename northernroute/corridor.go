package northernroute

import "github.com/routerisk/routerisk/geo"

// Corridor returns the Northern Route as a complete corridor: the embedded
// countries, borders, settlements, crossings and modelled outposts, the
// trunk roads and railways as line layers, and the weighted origins and
// destinations. Each call returns a fresh copy the caller may change.
func Corridor() (*geo.Corridor, error) {
	return load(true)
}
