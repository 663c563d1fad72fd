package geo_test

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/routerisk/routerisk/geo"
)

// TestValidateMistakes reads the folder of deliberate mistakes and checks
// that each gives exactly one finding, by layer and ID, with the severity
// and the words of its kind.
func TestValidateMistakes(t *testing.T) {
	c, err := geo.ReadCorridorDir("../testdata/corridors/mistakes")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		sev       geo.Severity
		layer, id string
		words     string
	}{
		{geo.Error, "crossings", "XAA-XAB-far", "55.7 km from the XAA-XAB border"},
		{geo.Error, "crossings", "XAA-XAC-nowhere", "XAA and XAC share no border"},
		{geo.Error, "crossings", "XAC-port-inland", "port 55.7 km from the XAC coast"},
		{geo.Error, "destinations", "", `fill the manifest's "destinations" field`},
		{geo.Warning, "settlements", "s-just-outside", "1.1 km outside XAA's polygon"},
		{geo.Error, "settlements", "s-swapped", "swapping longitude and latitude, [3.5, 0.5], puts it inside"},
		{geo.Error, "settlements", "s-unknown-code", `country "XZZ" is not among the corridor's countries (XAA, XAB, XAC)`},
		{geo.Error, "settlements", "s-wrong-country", "55.7 km outside XAA's polygon; it lies in XAB"},
	}
	got := c.Validate()
	for i, f := range got {
		t.Logf("%d %v", i, f)
	}
	if len(got) != len(want) {
		t.Fatalf("%d findings, want %d", len(got), len(want))
	}
	for i, w := range want {
		f := got[i]
		if f.Severity != w.sev || f.Layer != w.layer || f.ID != w.id || !strings.Contains(f.Message, w.words) {
			t.Errorf("finding %d: got %v, want %v %s %q containing %q", i, f, w.sev, w.layer, w.id, w.words)
		}
	}
}

// TestValidateInMemory checks the mistakes the readers refuse, built in
// memory: duplicate IDs, a road of one point, bad and all-zero weights, no
// origins, and an unknown code on a road and a border.
func TestValidateInMemory(t *testing.T) {
	c, err := geo.ReadCorridorDir("../testdata/corridors/afg-tjk")
	if err != nil {
		t.Fatal(err)
	}
	if f := c.Validate(); len(f) != 0 {
		t.Fatalf("the AFG–TJK corridor: findings %v, want none", f)
	}
	c.Settlements = append(c.Settlements, c.Settlements[0], c.Settlements[0])
	c.Crossings = append(c.Crossings, c.Crossings[1])
	c.Roads = append(c.Roads, geo.Road{ID: "short", Line: orb.LineString{{69, 37}}}, geo.Road{ID: "r-uzb", Country: "UZB", Line: orb.LineString{{69, 37}, {69, 38}}})
	c.Destinations[0].Weight = math.NaN()
	c.Origins[0].Weight, c.Origins[1].Weight = 0, 0
	want := []string{
		`error: crossings TJK-AFG-ishkashim: ID given 2 times (features [1 2]): IDs must be unique`,
		`error: destinations destination:dushanbe: weight NaN: must be a finite number ≥ 0`,
		`error: origins: every weight is zero: at least one place needs a positive weight`,
		`error: roads r-uzb: country "UZB" is not among the corridor's countries (AFG, TJK)`,
		`error: roads short: line of 1 point(s): a road or railway needs at least 2`,
		`error: settlements geonames:AF:Kunduz:36.72895:68.857: ID given 3 times (features [0 9 10]): IDs must be unique`,
	}
	var got []string
	for _, f := range c.Validate() {
		got = append(got, f.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	c.Origins = nil
	var none []geo.Finding
	for _, f := range c.Validate() {
		if f.Layer == "origins" {
			none = append(none, f)
		}
	}
	if len(none) != 1 || none[0].Severity != geo.Error || !strings.Contains(none[0].Message, "Corridor.Origins") {
		t.Errorf("no origins: got %v, want one error naming Corridor.Origins", none)
	}
	var nilCorridor *geo.Corridor
	if f := nilCorridor.Validate(); len(f) != 1 || f[0].Severity != geo.Error {
		t.Errorf("nil corridor: got %v", f)
	}
}

// TestValidateHole places a town in a hole of its country (an enclave)
// and one in the enclave's own country: a warning for the first only.
func TestValidateHole(t *testing.T) {
	outer := orb.Ring{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}
	hole := orb.Ring{{0.5, 0.5}, {0.5, 1.5}, {1.5, 1.5}, {1.5, 0.5}, {0.5, 0.5}}
	enclave := orb.Ring{{0.5, 0.5}, {1.5, 0.5}, {1.5, 1.5}, {0.5, 1.5}, {0.5, 0.5}}
	c := &geo.Corridor{
		Countries: []geo.Country{
			{Code: "KAZ", Geometry: orb.MultiPolygon{{outer, hole}}},
			{Code: "RUS", Geometry: orb.MultiPolygon{{enclave}}},
		},
		Settlements: []geo.Settlement{
			{ID: "baikonur", Country: "KAZ", Point: orb.Point{1, 1}},
			{ID: "in-lease", Country: "RUS", Point: orb.Point{1.2, 1}},
			{ID: "steppe", Country: "KAZ", Point: orb.Point{0.2, 1.8}},
		},
		Origins:      []geo.Place{{ID: "o", Country: "KAZ", Point: orb.Point{0.2, 0.2}, Weight: 1}},
		Destinations: []geo.Place{{ID: "d", Country: "KAZ", Point: orb.Point{1.8, 1.8}, Weight: 1}},
	}
	got := c.Validate()
	if len(got) != 1 || got[0].Severity != geo.Warning || got[0].ID != "baikonur" || !strings.Contains(got[0].Message, "in a hole of KAZ's polygon") {
		t.Errorf("got %v, want one warning for baikonur", got)
	}
}
