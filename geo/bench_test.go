package geo

import "testing"

func BenchmarkNorthernRoute(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NorthernRoute(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSegments1km cuts the embedded borders into 1 km segments and
// measures their remoteness, with the spatial index and, for comparison,
// by brute force.
func BenchmarkSegments1km(b *testing.B) {
	c := loadNorthern(b)
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
