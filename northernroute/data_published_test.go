package northernroute

import (
	"slices"
	"testing"

	"github.com/routerisk/routerisk/risk"
)

// TestPublished checks every held-out figure: a name, a source, a valid
// range, a measure of a known country, and no figure that Observed2011
// fits (the held-out ones are not in the target).
func TestPublished(t *testing.T) {
	ps := Published()
	if len(ps) == 0 {
		t.Fatal("no published figures")
	}
	target := Observed2011()
	fitted := map[string]bool{}
	for _, k := range target.Kg {
		fitted[k.Country] = true
	}
	known := append([]string{"AFG", "RUS"}, centralAsia...)
	names := map[string]bool{}
	for _, p := range ps {
		if p.Name == "" || p.Source == "" || names[p.Name] {
			t.Errorf("figure %q: empty or repeated name, or no source", p.Name)
		}
		names[p.Name] = true
		if !(p.Low <= p.High) || p.Low < 0 {
			t.Errorf("figure %q: range %v-%v", p.Name, p.Low, p.High)
		}
		switch p.Measure.Kind {
		case risk.InflowTonnes:
			if !slices.Contains(known, p.Measure.Country) {
				t.Errorf("figure %q: country %q", p.Name, p.Measure.Country)
			}
			if p.High > FlowTonnes2010+OpiumTonnes2010 {
				t.Errorf("figure %q: %v t, more than the whole flow", p.Name, p.High)
			}
		case risk.SeizedKg:
			if fitted[p.Measure.Country] {
				t.Errorf("figure %q: %s's seizures are fitted by Observed2011, not held out", p.Name, p.Measure.Country)
			}
		case risk.InflowRank:
			if !slices.Contains(p.Measure.Countries, p.Measure.Country) || p.Low < 1 || p.High > float64(len(p.Measure.Countries)) {
				t.Errorf("figure %q: rank %v-%v of %q among %v", p.Name, p.Low, p.High, p.Measure.Country, p.Measure.Countries)
			}
		case risk.KindShare, risk.SeizureRate:
			if p.High > 1 {
				t.Errorf("figure %q: a fraction above 1", p.Name)
			}
		case risk.SeizedFraction:
			if p.High > 1 {
				t.Errorf("figure %q: a fraction above 1", p.Name)
			}
			for _, c := range p.Measure.Countries {
				if !slices.Contains(known, c) {
					t.Errorf("figure %q: country %q", p.Name, c)
				}
			}
		}
	}
	for _, p := range ps {
		if c := p.Measure.Commodity; c != "" && !slices.ContainsFunc(Commodities(), func(k risk.Commodity) bool { return k.Name == c }) {
			t.Errorf("figure %q: commodity %q is not one of Commodities", p.Name, c)
		}
	}
	// Published hands out copies: changing one call's slices leaves the next.
	for i := range ps {
		if len(ps[i].Measure.Countries) > 0 {
			ps[i].Measure.Countries[0] = "XXX"
			if got := Published()[i].Measure.Countries[0]; got == "XXX" {
				t.Errorf("figure %q: Published shares its Countries slice between calls", ps[i].Name)
			}
		}
	}
}
