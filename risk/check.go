package risk

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/routerisk/routerisk/geo"
)

// Findings returns what in the model's settings matches nothing in its
// corridor and graph, so that no typo silently changes nothing: every
// crossing rule that applies to no crossing, direction and carrier (an
// error: the scenario would equal its parent), every rule carrier name
// that is not a carrier, every border upgrade of a border without
// segments (an error), every share country that is not in the graph (an
// error), every Countries key that is not in the graph (a warning), and
// every carrier that can use no edge (a warning). Layer is the settings
// field ("Rules", "Upgrades", "Countries", "ShareCountries", "Carriers"),
// ID the rule ("Rules[2]"), upgrade, country code or carrier name. The
// order is fixed: by field, then by index or code.
func (m *Model) Findings() []geo.Finding {
	s := &m.settings
	var out []geo.Finding
	add := func(sev geo.Severity, layer, id, format string, args ...any) {
		out = append(out, geo.Finding{Severity: sev, Layer: layer, ID: id, Message: fmt.Sprintf(format, args...)})
	}

	// Rules: apply them to every crossing, direction and carrier, as
	// scoreCrossing does, and note which ever fire.
	fired := make([]bool, len(s.Rules))
	for _, id := range sortedKeys(m.crossings) {
		x := m.crossings[id]
		for _, entering := range []string{x.A, x.B} {
			if entering == "" {
				continue
			}
			for _, t := range m.carriers {
				regime := x.Regime
				for i := range s.Rules {
					r := &s.Rules[i]
					if !r.matches(x, regime, entering, t.Name) {
						continue
					}
					fired[i] = true
					if r.Regime != "" {
						regime = r.Regime
					}
				}
			}
		}
	}
	for i := range s.Rules {
		r := &s.Rules[i]
		id := fmt.Sprintf("Rules[%d]", i)
		for _, name := range r.Carriers {
			if _, err := m.carrier(name); err != nil {
				add(geo.Error, "Rules", id, "carrier %q is not a carrier of the settings (%s)", name, m.carrierNames())
			}
		}
		if !fired[i] {
			add(geo.Error, "Rules", id, "%s matches no crossing of the corridor for any direction and carrier: the rule changes nothing%s",
				r.describe(), m.ruleHint(r))
		}
	}

	// Upgrades: a border with segments.
	pairs := map[string]bool{}
	for _, seg := range m.segments {
		pairs[seg.A+"-"+seg.B] = true
	}
	for i, u := range s.Upgrades {
		a, b, _ := strings.Cut(u.Pair, "-")
		if !pairs[a+"-"+b] && !pairs[b+"-"+a] {
			add(geo.Error, "Upgrades", fmt.Sprintf("Upgrades[%d]", i),
				"border %s (side %s) has no segment in the corridor: the upgrade changes nothing (borders: %s)",
				u.Pair, u.Side, strings.Join(sortedKeys(pairs), ", "))
		}
	}

	// Countries and share countries: codes of the graph.
	for _, code := range sortedKeys(s.Countries) {
		if _, ok := m.countryIx[code]; !ok {
			add(geo.Warning, "Countries", code, "no country %s in the graph (countries: %s): its parameters change nothing",
				code, strings.Join(m.countries, ", "))
		}
	}
	for _, code := range s.ShareCountries {
		if _, ok := m.countryIx[code]; !ok {
			add(geo.Error, "ShareCountries", code, "no country %s in the graph (countries: %s): the shares would leave it out",
				code, strings.Join(m.countries, ", "))
		}
	}

	// Carriers: some edge of their modes.
	for _, t := range m.carriers {
		usable := slices.ContainsFunc(t.weight, func(w float64) bool { return !math.IsInf(w, 1) })
		if !usable {
			add(geo.Warning, "Carriers", t.Name, "no edge of the graph admits its modes %s: its share of the flow has no route", t.modes)
		}
	}
	return out
}

// describe returns the match fields of r, e.g. `pair "KAZ-RUS", entering
// "KAZ"`.
func (r *CrossingRule) describe() string {
	var parts []string
	for _, f := range []struct{ name, v string }{
		{"id", r.ID}, {"pair", r.Pair}, {"entering", r.Entering}, {"mode", string(r.Mode)}, {"from regime", string(r.FromRegime)},
	} {
		if f.v != "" {
			parts = append(parts, fmt.Sprintf("%s %q", f.name, f.v))
		}
	}
	if r.Carriers != nil {
		parts = append(parts, fmt.Sprintf("carriers %q", r.Carriers))
	}
	if len(parts) == 0 {
		return "the rule"
	}
	return "the rule on " + strings.Join(parts, ", ")
}

// ruleHint returns a hint on the field of r that matches nothing: an
// unknown crossing ID, a border or a country without crossings.
func (m *Model) ruleHint(r *CrossingRule) string {
	if r.ID != "" {
		if _, ok := m.crossings[r.ID]; !ok {
			return fmt.Sprintf(" (no crossing has the ID %q)", r.ID)
		}
	}
	if r.Pair != "" {
		if !slices.ContainsFunc(sortedKeys(m.crossings), func(id string) bool {
			x := m.crossings[id]
			return samePair(r.Pair, x.A, x.B)
		}) {
			return fmt.Sprintf(" (no crossing on the border %s)", r.Pair)
		}
	}
	if r.Entering != "" {
		if _, ok := m.countryIx[r.Entering]; !ok {
			return fmt.Sprintf(" (no country %s in the graph)", r.Entering)
		}
	}
	return ""
}

// carrierNames returns the carriers' names joined by ", ".
func (m *Model) carrierNames() string {
	names := make([]string, len(m.carriers))
	for i, t := range m.carriers {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}
