package main

import (
	"context"
	"fmt"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

const validateAbout = `Validate reads the corridor folder DIR (its corridor.json and the layers it
names) and prints every finding, with its severity, layer and feature ID:
first the corridor's (crossings off their border, places outside their
country, duplicate IDs, ...), then, when the corridor has no errors, the
graph's and the model's under the given settings (rules or upgrades that
match nothing, unknown country codes). Exit status 1 when any finding is an
error, 0 otherwise.`

func cmdValidate(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("validate", "[flags] DIR", validateAbout)
	scenario := fs.String("scenario", "", "scenario whose rules, upgrades and countries are checked: a settings `file` or a name (default: the library's defaults)")
	graph := fs.String("graph", "", "graph settings: a settings `file`, northern-route or defaults (default: defaults)")
	segmentKm := fs.Float64("segment-km", geo.DefaultSegmentKm, "length of the border segments in `km`")
	rest, err := e.parse(fs, args, 1)
	if err != nil {
		return err
	}
	dir := rest[0]
	s, err := scenarioArg(*scenario, risk.DefaultSettings())
	if err != nil {
		return err
	}
	gs, err := graphArg(*graph, route.DefaultSettings())
	if err != nil {
		return err
	}
	c, err := geo.ReadCorridorDir(dir)
	if err != nil {
		return err
	}
	var errs, warns int
	count := func(fs []geo.Finding) {
		for _, f := range fs {
			if f.Severity == geo.Error {
				errs++
			} else {
				warns++
			}
			fmt.Fprintln(e.stdout, f)
		}
	}
	count(c.Validate())
	if errs > 0 {
		fmt.Fprintf(e.stdout, "%s: %d errors, %d warnings; the graph and the model are checked once the corridor has no errors\n", dir, errs, warns)
		return errFailed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	more, err := checkModel(c, *segmentKm, &gs, &s)
	count(more)
	if err != nil {
		fmt.Fprintf(e.stdout, "error: %v\n", err)
		errs++
	}
	fmt.Fprintf(e.stdout, "%s: %d errors, %d warnings\n", dir, errs, warns)
	if errs > 0 {
		return errFailed
	}
	return nil
}

// checkModel builds the graph and the model of a corridor and returns their
// findings; an error is a graph or model that cannot be built.
func checkModel(c *geo.Corridor, segmentKm float64, gs *route.Settings, s *risk.Settings) ([]geo.Finding, error) {
	segs, err := c.Segments(segmentKm)
	if err != nil {
		return nil, err
	}
	g, err := route.Build(c, segs, gs)
	if err != nil {
		return nil, err
	}
	fs := route.Validate(g)
	m, err := risk.New(g, c, segs, s)
	if err != nil {
		return fs, err
	}
	return append(fs, m.Findings()...), nil
}
