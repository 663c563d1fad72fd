package planar

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestSegmentsCross(t *testing.T) {
	for _, tt := range []struct {
		name       string
		a, b, c, d orb.Point
		at         orb.Point
		ok         bool
	}{
		{"an X", orb.Point{0, 0}, orb.Point{2, 2}, orb.Point{0, 2}, orb.Point{2, 0}, orb.Point{1, 1}, true},
		{"apart", orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{0, 1}, orb.Point{1, 1}, orb.Point{}, false},
		{"touching at an end", orb.Point{0, 0}, orb.Point{1, 1}, orb.Point{1, 1}, orb.Point{2, 0}, orb.Point{}, false},
		{"T: an end on the other's inside", orb.Point{0, 0}, orb.Point{2, 0}, orb.Point{1, 0}, orb.Point{1, 1}, orb.Point{}, false},
		{"collinear overlap", orb.Point{0, 0}, orb.Point{3, 0}, orb.Point{2, 0}, orb.Point{5, 0}, orb.Point{3, 0}, true},
		{"collinear, end to end", orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{1, 0}, orb.Point{2, 0}, orb.Point{}, false},
		{"collinear, apart", orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{2, 0}, orb.Point{3, 0}, orb.Point{}, false},
	} {
		at, ok := SegmentsCross(tt.a, tt.b, tt.c, tt.d)
		if ok != tt.ok || (ok && at != tt.at) {
			t.Errorf("%s: got %v %v, want %v %v", tt.name, at, ok, tt.at, tt.ok)
		}
	}
	if o := Orient(orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{0, 1}); o != 1 {
		t.Errorf("Orient of a left turn = %v, want 1", o)
	}
}
