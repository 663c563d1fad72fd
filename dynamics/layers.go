package dynamics

import (
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// DateField and EndField are the properties that date every feature of
// the dated layers: the first day of its month and of the month after, ISO
// yyyy-mm-dd, for a temporal controller reading start and end from
// separate fields.
const (
	DateField = "date"
	EndField  = "date_end"
)

func dated(f *geojson.Feature, d time.Time) *geojson.Feature {
	f.Properties[DateField] = d.Format(time.DateOnly)
	f.Properties[EndField] = d.AddDate(0, 1, 0).Format(time.DateOnly)
	return f
}

func b01(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ElementsLayer returns one point per crossing or gap and month where it
// carried flow, saw seizures or was in an organisation's network: id,
// kind, flow_kg, seized_kg, shipments, seizures, effort, open (1 or 0) and
// the dates.
func ElementsLayer(s *Simulation) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, mo := range s.Months {
		for _, e := range mo.Elements {
			el := s.Elements[e.Element]
			f := geojson.NewFeature(el.Point)
			f.Properties = geojson.Properties{"id": el.ID, "kind": el.Kind, "flow_kg": e.FlowKg, "seized_kg": e.SeizedKg,
				"shipments": e.Shipments, "seizures": e.Seizures, "effort": e.Effort, "open": b01(e.Open)}
			fc.Append(dated(f, mo.Date))
		}
	}
	return fc
}

// SeizuresLayer returns one point per edge, seizing country and month with
// seizures: country, element (its ID, "" inland), seized_kg, seizures and
// the dates.
func SeizuresLayer(s *Simulation) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, mo := range s.Months {
		for _, sm := range mo.Seized {
			id := ""
			if sm.Element >= 0 {
				id = s.Elements[sm.Element].ID
			}
			f := geojson.NewFeature(sm.Point)
			f.Properties = geojson.Properties{"country": sm.Country, "element": id, "edge": sm.Edge,
				"seized_kg": sm.SeizedKg, "seizures": sm.Seizures}
			fc.Append(dated(f, mo.Date))
		}
	}
	return fc
}

// RoutesLayer returns the routes of every month's TopRoutes as lines:
// rank, carrier, origin, destination, via (IDs joined by " > "), kg and
// the dates.
func RoutesLayer(s *Simulation) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, mo := range s.Months {
		for i, r := range mo.TopRoutes {
			if len(r.Line) < 2 {
				continue
			}
			f := geojson.NewFeature(orb.LineString(r.Line.Clone()))
			f.Properties = geojson.Properties{"rank": i + 1, "carrier": r.Carrier, "origin": r.Origin, "destination": r.Destination,
				"via": strings.Join(r.Via, " > "), "kg": r.Kg}
			fc.Append(dated(f, mo.Date))
		}
	}
	return fc
}
