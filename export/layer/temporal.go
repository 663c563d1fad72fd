package layer

import (
	"fmt"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
)

// A Temporal names the properties that date a layer's features, so that
// the QGIS temporal controller shows each feature only in its own time:
// from its StartField date up to, not including, its EndField date. Dates
// are ISO 8601 calendar dates, yyyy-mm-dd, read as midnight UTC.
type Temporal struct {
	// StartField holds each feature's first day.
	StartField string
	// EndField holds the day after each feature's last, later than its
	// start; "" makes every feature an instant at its StartField date
	// (QGIS's "single field with date/time").
	EndField string
}

// check returns an error naming the feature and property of fc whose date
// is missing or not an ISO yyyy-mm-dd date, or whose end is not after its
// start; name is the layer's.
func (t *Temporal) check(name string, fc *geojson.FeatureCollection) error {
	if t.StartField == "" {
		return fmt.Errorf("%w: layer %q: no start field", ErrTemporal, name)
	}
	if t.EndField == t.StartField {
		return fmt.Errorf("%w: layer %q: start and end field are both %q", ErrTemporal, name, t.StartField)
	}
	for i, f := range fc.Features {
		start, err := dateOf(f, t.StartField)
		if err != nil {
			return &geo.FeatureError{File: name, Index: i, Property: t.StartField, Err: err}
		}
		if t.EndField == "" {
			continue
		}
		end, err := dateOf(f, t.EndField)
		if err != nil {
			return &geo.FeatureError{File: name, Index: i, Property: t.EndField, Err: err}
		}
		if !end.After(start) {
			return &geo.FeatureError{File: name, Index: i, Property: t.EndField,
				Err: fmt.Errorf("%w: end %s is not after start %s", ErrTemporal, end.Format(time.DateOnly), start.Format(time.DateOnly))}
		}
	}
	return nil
}

// dateOf returns the ISO date held in property name of f.
func dateOf(f *geojson.Feature, name string) (time.Time, error) {
	v, ok := f.Properties[name]
	if !ok || v == nil {
		return time.Time{}, fmt.Errorf("%w: no date (want yyyy-mm-dd)", ErrTemporal)
	}
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("%w: %v is a %T, not a yyyy-mm-dd date", ErrTemporal, v, v)
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q is not a yyyy-mm-dd date", ErrTemporal, s)
	}
	return d, nil
}

// TimeRange returns the span of the dated layers of ls (those with a
// Temporal): the earliest start and the latest end, where an instant layer
// ends on the day after its latest date. It returns false when no feature
// of ls is dated. Features whose dates do not parse are skipped (Prepare
// refuses them).
func TimeRange(ls []Layer) (start, end time.Time, ok bool) {
	extend := func(s, e time.Time) {
		if !ok {
			start, end, ok = s, e, true
			return
		}
		if s.Before(start) {
			start = s
		}
		if e.After(end) {
			end = e
		}
	}
	for _, l := range ls {
		if l.Temporal == nil || l.Features == nil {
			continue
		}
		for _, f := range l.Features.Features {
			if f == nil {
				continue
			}
			s, err := dateOf(f, l.Temporal.StartField)
			if err != nil {
				continue
			}
			e := s.AddDate(0, 0, 1)
			if l.Temporal.EndField != "" {
				if e, err = dateOf(f, l.Temporal.EndField); err != nil {
					continue
				}
			}
			extend(s, e)
		}
	}
	return start, end, ok
}
