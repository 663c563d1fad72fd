package route

import "testing"

// TestCrossingWaitHours checks that a crossing's WaitHours replaces the
// graph's CrossingHours on its two crossing edges, and only there.
func TestCrossingWaitHours(t *testing.T) {
	for _, tc := range []struct {
		name string
		wait *float64
		want float64
	}{
		{"absent: CrossingHours", nil, 2},
		{"own wait", ptr(30.0), 30},
		{"no wait", ptr(0.0), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tinyCorridor()
			c.Crossings[0].WaitHours = tc.wait
			s := DefaultSettings()
			g, err := Build(c, nil, &s)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for e := range g.NumEdges() {
				ed := g.EdgeAt(e)
				if ed.Kind != EdgeCrossing {
					continue
				}
				n++
				if ed.Feature != "X1" || ed.Hours != tc.want {
					t.Errorf("crossing edge %d (%s): %v h, want %v h", e, ed.Feature, ed.Hours, tc.want)
				}
			}
			if n != 2 {
				t.Errorf("%d crossing edges, want 2 (one each way)", n)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
