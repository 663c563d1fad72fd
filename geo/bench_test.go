package geo

import "testing"

// BenchmarkSegments1km cuts the borders of the AFG–TJK fixture into 1 km segments and
// measures their remoteness, with the spatial index and, for comparison,
// by brute force.
func BenchmarkSegments1km(b *testing.B) {
	c := fixtureCorridor(b)
	b.Run("index", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Segments(1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("brute-force", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			segs, err := SegmentBorders(c.Borders, 1)
			if err != nil {
				b.Fatal(err)
			}
			brute := newBruteSites(c)
			for i := range segs {
				segs[i].Remote = brute.remoteness(segs[i])
			}
		}
	})
}
