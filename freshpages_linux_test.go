package routerisk

import (
	"syscall"
	"testing"
)

// BenchmarkFreshPages touches 64 MiB of memory the process has never
// used, one byte a 4 KiB page, and unmaps it again: what a fresh process
// pays the kernel for each page its heap grows into, which the warm
// process of BenchmarkNorthernRouteExample no longer pays (README, Speed).
func BenchmarkFreshPages(b *testing.B) {
	const size, page = 64 << 20, 4096
	for b.Loop() {
		m, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < size; i += page {
			m[i] = 1
		}
		if err := syscall.Munmap(m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*size/page), "ns/page")
}
