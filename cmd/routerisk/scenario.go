package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/risk"
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
		northernroute.NameBaseline2010:     "Northern Route, 2010: the crossings' own regimes, 90 t (UNODC 2012)",
		northernroute.NameCustomsUnion2011: "baseline + no customs inspection at the Kazakhstan – Russia border (July 2011)",
		northernroute.NameTIRTransit:       "baseline + sealed TIR trucks not opened in Kazakhstan",
		northernroute.NameProgramme2012:    "customs union + Kazakhstan's 2012–2016 southern-border programme",
	}
	for _, s := range northernroute.Scenarios() {
		fmt.Fprintf(tw, "%s\t%g\t%d\t%d\t%s\n", s.Name, s.FlowTonnes, len(s.Rules), len(s.Upgrades), about[s.Name])
	}
	return tw.Flush()
}
