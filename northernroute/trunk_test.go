package northernroute

import (
	"errors"
	"testing"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/route"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Mazār-e Sharīf": "mazaresharif", "G‘uzor": "guzor", "Kŭlob": "kulob", "Imām Şāḩib": "imamsahib", "Türkmenbaşy": "turkmenbasy"} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTransport(t *testing.T) {
	c, err := geography()
	if err != nil {
		t.Fatal(err)
	}
	roads, rails, err := transport(newTownMatcher(c.Settlements, matchKm))
	if err != nil {
		t.Fatal(err)
	}
	if want, err := railLines(newTownMatcher(c.Settlements, matchKm), BaselineYear); err != nil || len(rails) != len(want) {
		t.Errorf("%d railways, want the %d of railLines(BaselineYear) (%v)", len(rails), len(want), err)
	}
	at := map[orb.Point]string{}
	for _, s := range c.Settlements {
		at[s.Point] = s.Country
	}
	// Every road runs through settlement points of its own country, and
	// every highway has at least one road.
	names := map[string]bool{}
	for _, r := range roads {
		names[r.Name] = true
		if r.Class != "trunk" || len(r.Line) < 2 {
			t.Errorf("road %s (%s): class %q, %d points", r.ID, r.Name, r.Class, len(r.Line))
		}
		for _, p := range r.Line {
			if at[p] != r.Country {
				t.Errorf("road %s (%s, %s): vertex %v is a settlement of %q", r.ID, r.Name, r.Country, p, at[p])
			}
		}
	}
	for _, h := range highways {
		if !names[h.name] {
			t.Errorf("highway %s made no road", h.name)
		}
	}
	// M39 passes UZB → KAZ → KGZ → KAZ: four runs.
	runs := 0
	for _, r := range roads {
		if r.Name == "M39" {
			runs++
		}
	}
	if runs != 4 {
		t.Errorf("M39 in %d runs, want 4", runs)
	}
	for _, f := range []func(*townMatcher) ([]geo.Place, error){origins, destinations} {
		ps, err := f(newTownMatcher(c.Settlements, matchKm))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if at[p.Point] != p.Country || !(p.Weight > 0) || p.Source == "" {
				t.Errorf("place %+v", p)
			}
		}
	}
	// A town missing from the settlements is an error naming it.
	if _, _, err := transport(newTownMatcher(c.Settlements[:10], matchKm)); !errors.Is(err, ErrUnknownTown) {
		t.Errorf("with 10 settlements: got %v, want ErrUnknownTown", err)
	}
}

func TestGraphSettings(t *testing.T) {
	s := GraphSettings()
	d := route.DefaultSettings()
	if len(s.VehicleGapPairs) != 3 || s.RoadCircuity != 1.2 || s.NodeCrossings || s.LocalKmh != d.LocalKmh {
		t.Errorf("GraphSettings = %+v", s)
	}
	if len(d.VehicleGapPairs) != 0 {
		t.Errorf("route.DefaultSettings has vehicle gap pairs %v", d.VehicleGapPairs)
	}
}
