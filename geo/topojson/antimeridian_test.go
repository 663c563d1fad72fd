package topojson

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb/planar"
)

// TestCountriesAntimeridian decodes a square from 178°E to 178°W given
// unsplit, clockwise by the lon/lat plane (counter-clockwise on the
// globe): it comes back as two parts of 2° × 2°, not as the complement.
func TestCountriesAntimeridian(t *testing.T) {
	in := `{"type":"Topology","objects":{"c":{"type":"Polygon","id":"RUS","arcs":[[0]]}},
"arcs":[[[178,60],[-178,60],[-178,62],[178,62],[178,60]]]}`
	topo, err := Decode(strings.NewReader(in), "am.json")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := topo.Countries("c", CodeByProperty("id"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || len(cs[0].Geometry) != 2 {
		t.Fatalf("got %+v, want RUS in two parts", cs)
	}
	total := 0.0
	for _, p := range cs[0].Geometry {
		b := p.Bound()
		if b.Max[0]-b.Min[0] != 2 || b.Max[1]-b.Min[1] != 2 {
			t.Errorf("part %v: want 2° wide and high", b)
		}
		if a := planar.Area(p); a <= 0 {
			t.Errorf("part %v: planar area %v, want positive (right-hand)", b, a)
		} else {
			total += a
		}
	}
	if math.Abs(total-8) > 1e-9 {
		t.Errorf("area %v square degrees, want 8", total)
	}
}

// TestCodeByProperty checks the codes read from properties and ids.
func TestCodeByProperty(t *testing.T) {
	for _, tt := range []struct {
		key, id string
		props   map[string]any
		want    string
	}{
		{"iso", "", map[string]any{"iso": "XKX"}, "XKX"},
		{"iso", "", map[string]any{"iso": "AFG"}, "AFG"},
		{"iso", "", map[string]any{"iso": 4.0}, "AFG"},
		{"id", "762", nil, "TJK"},
		{"id", "TJK", nil, "TJK"},
		{"iso", "", map[string]any{"iso": "Kosovo"}, ""},
		{"iso", "", nil, ""},
		{"id", "-99", nil, ""},
	} {
		got, ok := CodeByProperty(tt.key)(tt.id, tt.props)
		if got != tt.want || !ok {
			t.Errorf("CodeByProperty(%q)(%q, %v) = %q, %v; want %q, true", tt.key, tt.id, tt.props, got, ok, tt.want)
		}
	}
}
