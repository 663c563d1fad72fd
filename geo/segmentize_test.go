package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestSegmentBorders(t *testing.T) {
	// A 1-degree meridian (≈111.3 km) and a zigzag part.
	b := Border{A: "KAZ", B: "KGZ", Geometry: orb.MultiLineString{
		{{70, 40}, {70, 41}},
		{{71, 40}, {71.2, 40.3}, {71.1, 40.6}, {71.4, 40.9}},
	}}
	total := MultiLineLengthKm(b.Geometry)
	for _, step := range []float64{0.5, 1, 5, 17, 200} {
		segs, err := SegmentBorders([]Border{b}, step)
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		seen := map[string]bool{}
		for _, s := range segs {
			sum += s.LengthKm
			if seen[s.ID] {
				t.Errorf("step %v: duplicate ID %s", step, s.ID)
			}
			seen[s.ID] = true
			if s.LengthKm > step*1.5+1e-9 && step < 100 {
				t.Errorf("step %v: segment %s is %v km", step, s.ID, s.LengthKm)
			}
			if got := LineLengthKm(s.Line); got != s.LengthKm {
				t.Errorf("step %v: %s LengthKm %v, line %v", step, s.ID, s.LengthKm, got)
			}
			if d := PointLineDistanceKm(s.Mid, s.Line); d > 1e-6 {
				t.Errorf("step %v: %s midpoint %v km off its line", step, s.ID, d)
			}
		}
		if math.Abs(sum-total) > 1e-9*total {
			t.Errorf("step %v: segments sum to %v km, border is %v km", step, sum, total)
		}
		if segs[0].ID != "KAZ-KGZ-000-0000" {
			t.Errorf("step %v: first ID %s, want KAZ-KGZ-000-0000", step, segs[0].ID)
		}
	}
}

func TestSegmentBordersBadLength(t *testing.T) {
	for _, km := range []float64{-1, 0.1, math.NaN(), math.Inf(1)} {
		if _, err := SegmentBorders(nil, km); err == nil {
			t.Errorf("SegmentBorders(%v km): no error", km)
		}
	}
}

func TestPointAlongKm(t *testing.T) {
	ls := orb.LineString{{70, 40}, {70, 41}, {71, 41}}
	first := DistanceKm(ls[0], ls[1])
	tests := []struct {
		km   float64
		want orb.Point
	}{
		{0, orb.Point{70, 40}},
		{first, orb.Point{70, 41}},
		{first / 2, orb.Point{70, 40.5}},
		{1e9, orb.Point{71, 41}},
	}
	for _, tt := range tests {
		got := PointAlongKm(ls, tt.km)
		if DistanceKm(got, tt.want) > 1e-6 {
			t.Errorf("PointAlongKm(%v) = %v, want %v", tt.km, got, tt.want)
		}
	}
}
