package route

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

func TestCheckClasses(t *testing.T) {
	line := orb.LineString{{0, 0}, {1, 0}}
	c := &geo.Corridor{
		Roads: []geo.Road{
			{ID: "a", Class: "primary", Line: line},
			{ID: "b", Class: "primray", Line: line},
			{ID: "c", Class: "primray", Line: line},
			{ID: "d", Class: "mystery", MaxSpeedKmh: 70, Line: line},
		},
		Railways: []geo.Road{{ID: "r", Class: "Rail", Line: line}, {ID: "s", Class: "monorail", Line: line}},
	}
	s := DefaultSettings()
	got := CheckClasses(c, &s)
	want := []struct{ layer, id string }{{"roads", "b"}, {"railways", "s"}}
	if len(got) != len(want) {
		t.Fatalf("got %d findings %v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		if got[i].Layer != w.layer || got[i].ID != w.id || got[i].Severity != geo.Warning {
			t.Errorf("finding %d: %v, want a warning for %s %s", i, got[i], w.layer, w.id)
		}
	}
}
