package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
	"github.com/routerisk/routerisk/settingsfile"
)

// Names of the Northern Route's settings besides its scenarios.
const (
	nameNorthernRoute = "northern-route"
	nameNone          = "none"
)

// bases are the named settings a settings file may start from.
func bases() *settingsfile.Bases {
	b := &settingsfile.Bases{
		Scenarios: map[string]risk.Settings{},
		Targets:   map[string]risk.Target{},
		Graphs:    map[string]route.Settings{nameNorthernRoute: northernroute.GraphSettings()},
		Countries: map[string]map[string]risk.CountryParams{nameNorthernRoute: northernroute.Countries()},
		Menus:     map[string]plan.MenuSettings{nameNorthernRoute: northernroute.UpgradeMenu()},
	}
	for _, s := range northernroute.Scenarios() {
		b.Scenarios[s.Name] = s
	}
	t := northernroute.Observed2011()
	b.Targets[t.Name] = t
	return b
}

// isFile reports whether a NAME|FILE argument names a file: it has a
// settings file's extension, a path separator, or exists.
func isFile(arg string) bool {
	switch strings.ToLower(filepath.Ext(arg)) {
	case ".toml", ".json":
		return true
	}
	if strings.ContainsRune(arg, '/') || strings.ContainsRune(arg, filepath.Separator) {
		return true
	}
	_, err := os.Stat(arg)
	return err == nil
}

// corridorSetup is what an analysis starts from: the corridor and its
// default settings.
type corridorSetup struct {
	corridor *geo.Corridor
	project  string // default export name
	graph    route.Settings
	scenario risk.Settings
	target   *risk.Target
	embedded bool
}

// loadCorridor returns the corridor folder dir, or the embedded Northern
// Route when dir is "", with its defaults.
func loadCorridor(dir string) (*corridorSetup, error) {
	if dir == "" {
		c, err := northernroute.Corridor()
		if err != nil {
			return nil, err
		}
		t := northernroute.Observed2011()
		return &corridorSetup{corridor: c, project: nameNorthernRoute, graph: northernroute.GraphSettings(),
			scenario: northernroute.Baseline2010(), target: &t, embedded: true}, nil
	}
	c, err := geo.ReadCorridorDir(dir)
	if err != nil {
		return nil, err
	}
	s := risk.DefaultSettings()
	s.Name = settingsfile.DefaultBase
	return &corridorSetup{corridor: c, project: projectName(dir), graph: route.DefaultSettings(), scenario: s}, nil
}

// projectName returns a name for the export files from a folder's name.
func projectName(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	var b strings.Builder
	for _, r := range filepath.Base(abs) {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteRune('-')
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		return "routerisk"
	}
	return name
}

// scenarioArg returns the scenario an argument names: a settings file, a
// Northern Route scenario or "defaults"; "" keeps def.
func scenarioArg(arg string, def risk.Settings) (risk.Settings, error) {
	switch {
	case arg == "":
		return def, nil
	case isFile(arg):
		return settingsfile.ReadScenario(arg, bases())
	case arg == settingsfile.DefaultBase:
		s := risk.DefaultSettings()
		s.Name = settingsfile.DefaultBase
		return s, nil
	}
	s, err := northernroute.ScenarioByName(arg)
	if err != nil {
		return s, fmt.Errorf("-scenario %s: not a settings file (.toml or .json) nor a scenario name; 'routerisk scenario list' lists them", arg)
	}
	return s, nil
}

// targetArg returns the target an argument names: a settings file,
// observed-2011, or none; "" keeps def.
func targetArg(arg string, def *risk.Target) (*risk.Target, error) {
	switch {
	case arg == "":
		return def, nil
	case arg == nameNone:
		return nil, nil
	case isFile(arg):
		t, err := settingsfile.ReadTarget(arg, bases())
		return &t, err
	}
	if t, ok := bases().Targets[arg]; ok {
		return &t, nil
	}
	return nil, fmt.Errorf("-target %s: not a settings file (.toml or .json), %s or %s", arg, northernroute.Observed2011().Name, nameNone)
}

// graphArg returns the graph settings an argument names: a settings file,
// northern-route or defaults; "" keeps def.
func graphArg(arg string, def route.Settings) (route.Settings, error) {
	switch {
	case arg == "":
		return def, nil
	case isFile(arg):
		return settingsfile.ReadGraph(arg, bases())
	case arg == settingsfile.DefaultBase:
		return route.DefaultSettings(), nil
	case arg == nameNorthernRoute:
		return northernroute.GraphSettings(), nil
	}
	return route.Settings{}, fmt.Errorf("-graph %s: not a settings file (.toml or .json), %s or %s", arg, nameNorthernRoute, settingsfile.DefaultBase)
}

// applyCountries sets the scenario's parameters of the countries in the
// file at path.
func applyCountries(s *risk.Settings, path string) error {
	if path == "" {
		return nil
	}
	m, err := settingsfile.ReadCountries(path, bases())
	if err != nil {
		return err
	}
	*s = s.Clone()
	if s.Countries == nil {
		s.Countries = map[string]risk.CountryParams{}
	}
	for code, p := range m {
		s.Countries[code] = p
	}
	return s.Validate()
}

// showMenu prints the named upgrade menu as an editable settings file.
func showMenu(e *env, name string) error {
	m, ok := bases().Menus[name]
	if !ok {
		return fmt.Errorf("no upgrade menu %q (want %s; a menu has no library defaults)", name, nameNorthernRoute)
	}
	return settingsfile.WriteMenu(e.stdout, &m, name)
}
