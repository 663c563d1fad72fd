package dynamics

import (
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/routerisk/routerisk/risk"
)

// ScenarioEvent returns the event that, at date, adds to the settings in
// force the crossing rules and border upgrades by which scenario extends
// base (a scenario built by appending to its parent, as corridor packages
// write them), so that calibrated parameters and earlier events are kept.
// It returns an error when scenario's rules or upgrades do not begin with
// base's.
func ScenarioEvent(date time.Time, base, scenario risk.Settings) (Event, error) {
	nr, nu := len(base.Rules), len(base.Upgrades)
	if len(scenario.Rules) < nr || nr > 0 && !reflect.DeepEqual(scenario.Rules[:nr], base.Rules) {
		return Event{}, fmt.Errorf("%w: scenario %q: its Rules do not begin with those of %q", ErrBadSetting, scenario.Name, base.Name)
	}
	if len(scenario.Upgrades) < nu || nu > 0 && !reflect.DeepEqual(scenario.Upgrades[:nu], base.Upgrades) {
		return Event{}, fmt.Errorf("%w: scenario %q: its Upgrades do not begin with those of %q", ErrBadSetting, scenario.Name, base.Name)
	}
	rules := slices.Clone(scenario.Rules[nr:])
	ups := slices.Clone(scenario.Upgrades[nu:])
	return Event{Date: date, Name: scenario.Name, Apply: func(s *risk.Settings) {
		s.Rules = append(slices.Clone(s.Rules), rules...)
		s.Upgrades = append(slices.Clone(s.Upgrades), ups...)
	}}, nil
}
