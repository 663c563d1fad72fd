package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
	"github.com/routerisk/routerisk/settingsfile"
)

const scenarioAbout = `Scenario lists the named scenarios (list) or prints one as an editable
TOML settings file (show NAME) whose comments document every field: its
unit, its default and whether it is a public figure or an assumption. Save
it, change what you need, and run
  routerisk analyze -scenario FILE
Keys you delete keep the value of the file's base (the named scenario).
NAME is a scenario of 'routerisk scenario list' or defaults.`

func cmdScenario(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("scenario", "list | show NAME", scenarioAbout)
	rest, err := e.parse(fs, args, min(len(args), 2))
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return e.usageError(fs, "missing subcommand: list or show NAME")
	}
	switch rest[0] {
	case "list":
		if len(rest) > 1 {
			return e.usageError(fs, "unexpected argument %q: list takes none", rest[1])
		}
		return scenarioList(e)
	case "show":
		if len(rest) < 2 {
			return e.usageError(fs, "show needs a scenario NAME (see 'routerisk scenario list')")
		}
		name := rest[1]
		var s risk.Settings
		if name == settingsfile.DefaultBase {
			s = risk.DefaultSettings()
		} else if s, err = northernroute.ScenarioByName(name); err != nil {
			return fmt.Errorf("no scenario %q; 'routerisk scenario list' lists them", name)
		}
		return settingsfile.WriteScenario(e.stdout, &s, name)
	}
	return e.usageError(fs, "unknown subcommand %q: want list or show NAME", rest[0])
}

func scenarioList(e *env) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "name\tflow t\trules\tupgrades\tabout\n")
	d := risk.DefaultSettings()
	fmt.Fprintf(tw, "%s\t%g\t%d\t%d\t%s\n", settingsfile.DefaultBase, d.FlowTonnes, len(d.Rules), len(d.Upgrades),
		"the library's documented defaults, neutral: a unit flow, no rules")
	about := map[string]string{
		northernroute.NameBaseline2010:     "Northern Route, 2010: the crossings' own regimes, 90 t of heroin (UNODC 2012) and 38 t of opium (INCSR 2014)",
		northernroute.NameCustomsUnion2011: "baseline + no customs inspection at the Kazakhstan – Russia border (July 2011)",
		northernroute.NameTIRTransit:       "baseline + sealed TIR trucks not opened in Kazakhstan",
		northernroute.NameProgramme2012:    "customs union + Kazakhstan's 2012–2016 southern-border programme",
	}
	for _, s := range northernroute.Scenarios() {
		fmt.Fprintf(tw, "%s\t%g\t%d\t%d\t%s\n", s.Name, s.TotalFlowTonnes(), len(s.Rules), len(s.Upgrades), about[s.Name])
	}
	return tw.Flush()
}

const settingsAbout = `Settings prints named settings as editable TOML files whose comments
document every field, to start a file of your own from:
  routerisk settings show scenario NAME    (as 'routerisk scenario show NAME')
  routerisk settings show target NAME      (observed-2011)
  routerisk settings show graph NAME       (northern-route or defaults)
  routerisk settings show countries NAME   (northern-route or defaults)
  routerisk settings show menu NAME        (northern-route, in KZT)
  routerisk settings list                  the names of each kind
Use the files with analyze's -scenario, -target, -graph and -countries, and
a menu with plan's -menu (or examples/border-budget's).
Every key is described in docs/settings.md.`

func cmdSettings(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("settings", "list | show KIND NAME", settingsAbout)
	rest, err := e.parse(fs, args, min(len(args), 3))
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return e.usageError(fs, "missing subcommand: list or show KIND NAME")
	}
	b := bases()
	switch rest[0] {
	case "list":
		if len(rest) > 1 {
			return e.usageError(fs, "unexpected argument %q: list takes none", rest[1])
		}
		fmt.Fprintf(e.stdout, "scenario   %s\n", strings.Join(append([]string{settingsfile.DefaultBase}, names(northernroute.Scenarios())...), ", "))
		fmt.Fprintf(e.stdout, "target     %s\n", northernroute.Observed2011().Name)
		fmt.Fprintf(e.stdout, "graph      %s, %s\n", nameNorthernRoute, settingsfile.DefaultBase)
		fmt.Fprintf(e.stdout, "countries  %s, %s\n", nameNorthernRoute, settingsfile.DefaultBase)
		fmt.Fprintf(e.stdout, "menu       %s\n", nameNorthernRoute)
		return nil
	case "show":
	default:
		return e.usageError(fs, "unknown subcommand %q: want list or show KIND NAME", rest[0])
	}
	if len(rest) < 3 {
		return e.usageError(fs, "show needs a KIND (scenario, target, graph, countries or menu) and a NAME")
	}
	kind, name := rest[1], rest[2]
	switch kind {
	case "scenario":
		return cmdScenario(ctx, e, []string{"show", name})
	case "target":
		t, ok := b.Targets[name]
		if !ok {
			return fmt.Errorf("no target %q (want %s)", name, northernroute.Observed2011().Name)
		}
		return settingsfile.WriteTarget(e.stdout, &t, name)
	case "graph":
		s, err := graphArg(name, route.Settings{})
		if err != nil || isFile(name) {
			return fmt.Errorf("no graph settings %q (want %s or %s)", name, nameNorthernRoute, settingsfile.DefaultBase)
		}
		return settingsfile.WriteGraph(e.stdout, &s, name)
	case "countries":
		var m map[string]risk.CountryParams
		switch name {
		case nameNorthernRoute:
			m = northernroute.Countries()
		case settingsfile.DefaultBase:
		default:
			return fmt.Errorf("no country parameters %q (want %s or %s)", name, nameNorthernRoute, settingsfile.DefaultBase)
		}
		return settingsfile.WriteCountries(e.stdout, m, name)
	case "menu":
		return showMenu(e, name)
	}
	return e.usageError(fs, "unknown KIND %q: want scenario, target, graph, countries or menu", kind)
}

func names(ss []risk.Settings) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return out
}
