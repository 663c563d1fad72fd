//go:build !race

package route

// raceEnabled reports whether the tests run under the race detector, which
// slows JSON encoding some twentyfold.
const raceEnabled = false
