package layer

import (
	"errors"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
)

// dated returns a point layer whose features carry the given start and end
// values in "date" and "date_end" (nil leaves the property out).
func dated(name string, spans ...[2]any) Layer {
	fc := geojson.NewFeatureCollection()
	for i, s := range spans {
		f := geojson.NewFeature(orb.Point{60 + float64(i), 40})
		f.Properties = geojson.Properties{"id": i}
		if s[0] != nil {
			f.Properties["date"] = s[0]
		}
		if s[1] != nil {
			f.Properties["date_end"] = s[1]
		}
		fc.Append(f)
	}
	return Layer{Name: name, Features: fc, Temporal: &Temporal{StartField: "date", EndField: "date_end"}}
}

func TestPrepareTemporal(t *testing.T) {
	good := dated("flows", [2]any{"2011-06-01", "2011-07-01"}, [2]any{"2011-07-01", "2011-08-01"})
	got, err := Prepare([]Layer{good})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Temporal == nil || *got[0].Temporal != *good.Temporal || got[0].Temporal == good.Temporal {
		t.Errorf("Temporal %+v not copied from %+v", got[0].Temporal, good.Temporal)
	}
	instant := dated("seizures", [2]any{"2011-06-01", nil})
	instant.Temporal.EndField = ""
	if _, err := Prepare([]Layer{instant}); err != nil {
		t.Errorf("instant layer: %v", err)
	}

	for _, c := range []struct {
		name  string
		l     Layer
		index int
		prop  string
	}{
		{"missing start", dated("flows", [2]any{"2011-06-01", "2011-07-01"}, [2]any{nil, "2011-08-01"}), 1, "date"},
		{"missing end", dated("flows", [2]any{"2011-06-01", nil}), 0, "date_end"},
		{"number", dated("flows", [2]any{2011, "2011-08-01"}), 0, "date"},
		{"date and time", dated("flows", [2]any{"2011-06-01T00:00:00Z", "2011-08-01"}), 0, "date"},
		{"no such day", dated("flows", [2]any{"2011-02-30", "2011-08-01"}), 0, "date"},
		{"day first", dated("flows", [2]any{"2011-06-01", "01/07/2011"}), 0, "date_end"},
		{"end before start", dated("flows", [2]any{"2011-06-01", "2011-05-01"}), 0, "date_end"},
		{"end equals start", dated("flows", [2]any{"2011-06-01", "2011-06-01"}), 0, "date_end"},
	} {
		_, err := Prepare([]Layer{c.l})
		var fe *geo.FeatureError
		if !errors.Is(err, ErrTemporal) || !errors.As(err, &fe) || fe.File != "flows" || fe.Index != c.index || fe.Property != c.prop {
			t.Errorf("%s: got %v, want an ErrTemporal at flows feature %d property %q", c.name, err, c.index, c.prop)
		}
	}
	for _, c := range []struct {
		name string
		tm   Temporal
	}{
		{"no start field", Temporal{EndField: "date_end"}},
		{"same fields", Temporal{StartField: "date", EndField: "date"}},
	} {
		l := dated("flows", [2]any{"2011-06-01", "2011-07-01"})
		l.Temporal = &c.tm
		if _, err := Prepare([]Layer{l}); !errors.Is(err, ErrTemporal) {
			t.Errorf("%s: got %v, want ErrTemporal", c.name, err)
		}
	}
}

func TestTimeRange(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	flows := dated("flows", [2]any{"2011-06-01", "2011-07-01"}, [2]any{"2010-03-01", "2010-04-01"})
	seizures := dated("seizures", [2]any{"2012-12-01", nil}, [2]any{"2009-01-15", nil})
	seizures.Temporal.EndField = ""
	plain := dated("plain", [2]any{"2001-01-01", "2030-01-01"})
	plain.Temporal = nil

	for _, c := range []struct {
		name       string
		ls         []Layer
		start, end string
		ok         bool
	}{
		{"start and end", []Layer{flows, plain}, "2010-03-01", "2011-07-01", true},
		// An instant ends on the day after it.
		{"instants", []Layer{seizures}, "2009-01-15", "2012-12-02", true},
		{"both", []Layer{flows, seizures}, "2009-01-15", "2012-12-02", true},
		{"none dated", []Layer{plain}, "", "", false},
	} {
		s, e, ok := TimeRange(c.ls)
		if ok != c.ok {
			t.Errorf("%s: ok %v, want %v", c.name, ok, c.ok)
			continue
		}
		if ok && (!s.Equal(day(c.start)) || !e.Equal(day(c.end))) {
			t.Errorf("%s: range %v – %v, want %s – %s", c.name, s, e, c.start, c.end)
		}
	}
}
