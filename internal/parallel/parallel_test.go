package parallel

import (
	"runtime"
	"testing"
)

// TestForVisitsEachIndexOnce checks that every index in [0, n) is visited
// exactly once, for sizes below, at and above a chunk and with one or more
// goroutines.
func TestForVisitsEachIndexOnce(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 7, 8, 9, 1000} {
			for _, chunk := range []int{0, 1, 8, 64} {
				visits := make([]int, n)
				For(n, chunk, func(i int) { visits[i]++ })
				for i, v := range visits {
					if v != 1 {
						t.Errorf("procs %d, n %d, chunk %d: index %d visited %d times, want 1", procs, n, chunk, i, v)
					}
				}
			}
		}
	}
}
