package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/settingsfile"
)

// afgTJKMenu is a menu for Tajikistan's border in the AFG–TJK corridor.
var afgTJKMenu = filepath.Join("testdata", "afg-tjk-menu.toml")

// TestPlanCorridor plans on the AFG–TJK test corridor end to end: the
// table and the export, then the same as JSON, whose rows must be the
// library's for the same corridor, menu and budget.
func TestPlanCorridor(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	args := []string{"plan", "-corridor", afgTJK, "-segment-km", "20", "-menu", afgTJKMenu, "-budget", "4", "-sweep", "0,2,4"}
	r := runCmd(t, "", append(args, "-out", out)...)
	if r.code != 0 {
		t.Fatalf("plan on a corridor:\n%s", r)
	}
	for _, want := range []string{"SNIP (exact)", "max-min (exact)", "greedy SNIP", "TJK kg", "the SNIP plan buys:", "budget sweep", "written to"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q\n%s", want, r)
		}
	}
	for _, name := range []string{"afg-tjk-plan.qgs", "segments_diff.geojson", "crossings_diff.geojson", "sweep.svg", "sweep.png", "countries_snip.csv"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("export lacks %s: %v", name, err)
		}
	}

	r = runCmd(t, "", append(args, "-json", "-out", filepath.Join(dir, "out-json"))...)
	if r.code != 0 {
		t.Fatalf("plan -json:\n%s", r)
	}
	var got struct {
		Budget float64 `json:"budget"`
		Plans  []struct {
			Name     string `json:"name"`
			Upgrades []struct {
				Name string `json:"name"`
			} `json:"upgrades"`
			Evasion float64  `json:"snip_objective"`
			MaxMin  float64  `json:"maxmin_length"`
			Lower   *float64 `json:"lower"`
			Status  string   `json:"status"`
		} `json:"plans"`
		Sweep []json.RawMessage `json:"sweep"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("stdout is not the JSON report: %v\n%s", err, r)
	}
	if !strings.Contains(r.stderr, "written to") {
		t.Errorf("-json: where the export went is not on stderr\n%s", r)
	}

	// The library on the same corridor, menu and budget.
	c, err := geo.ReadCorridorDir(afgTJK)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := routerisk.Analyze(ctx, c, &routerisk.Options{SegmentKm: 20})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := settingsfile.ReadMenu(afgTJKMenu, bases())
	if err != nil {
		t.Fatal(err)
	}
	want, err := a.Budget(ctx, &routerisk.BudgetOptions{Menu: &ms, Budget: 4})
	if err != nil {
		t.Fatal(err)
	}
	if got.Budget != 4 || len(got.Plans) != len(want.Rows) || len(got.Sweep) != 3 {
		t.Fatalf("JSON: budget %v, %d plans (want %d), %d sweep points (want 3)", got.Budget, len(got.Plans), len(want.Rows), len(got.Sweep))
	}
	for i, p := range got.Plans {
		w := want.Rows[i]
		if p.Name != w.Name || len(p.Upgrades) != len(w.Plan) || math.Abs(p.Evasion-w.Evasion) > 1e-12 ||
			math.Abs(p.MaxMin-w.MaxMin) > 1e-12 || p.Status != w.Status || (p.Lower == nil) != math.IsNaN(w.Lower) {
			t.Errorf("plan %d: %+v, library row %s: %v upgrades, evasion %v, max-min %v, %s", i, p, w.Name, w.Plan, w.Evasion, w.MaxMin, w.Status)
			continue
		}
		for k, u := range w.Plan {
			if name := want.Plan.Candidates[u].Name(); p.Upgrades[k].Name != name {
				t.Errorf("plan %s: upgrade %d is %q, library %q", p.Name, k, p.Upgrades[k].Name, name)
			}
		}
	}
}

// TestPlanBadInput checks the errors of a corridor's plan before any work:
// each names the flag and the problem, and no analysis runs.
func TestPlanBadInput(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"modes mixed", []string{"plan", "-arcs", "a.csv", "-scenarios", "s.csv", "-budget", "1", "-corridor", afgTJK}, 2, "-arcs, -scenarios (plain files) and -corridor (a corridor's plan) do not mix"},
		{"maxmin on a corridor", []string{"plan", "-maxmin", "-menu", "m.toml", "-out", "x"}, 2, "-maxmin (plain files) and -out, -menu (a corridor's plan) do not mix"},
		{"negative budget", []string{"plan", "-budget", "-5", "-out", "x"}, 2, "-budget -5: want a finite number ≥ 0"},
		{"no out", []string{"plan", "-budget", "1"}, 2, "-out is required on a corridor"},
		{"menu missing", []string{"plan", "-corridor", afgTJK, "-budget", "1", "-out", "x"}, 2, "-menu is required on a corridor folder"},
		{"budget missing", []string{"plan", "-corridor", afgTJK, "-menu", afgTJKMenu, "-out", "x"}, 2, "-budget is required on a corridor folder"},
		{"unknown scenario", []string{"plan", "-scenario", "customs-union-2013", "-out", "x"}, 1, "-scenario customs-union-2013: not a settings file"},
		{"unknown programme", []string{"plan", "-programme", "programme-2013", "-out", "x"}, 1, "-programme: -scenario programme-2013"},
		{"bad sweep", []string{"plan", "-sweep", "0,1e9,lots", "-out", "x"}, 2, `-sweep 0,1e9,lots: "lots" is not a budget ≥ 0`},
		{"bad pair share", []string{"plan", "-pair-share", "1.5", "-out", "x"}, 2, "-pair-share 1.5: want a share in [0, 1]"},
		{"missing menu file", []string{"plan", "-menu", "nosuch.toml", "-out", "x"}, 1, "nosuch.toml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			args := make([]string, len(c.args))
			for i, a := range c.args {
				// paths of the package's folder, from the test's folder
				if strings.HasPrefix(a, "..") || strings.HasPrefix(a, "testdata") {
					a, _ = filepath.Abs(a)
				}
				args[i] = a
			}
			r := runCmd(t, dir, args...)
			if r.code != c.code || !strings.Contains(r.stderr, c.want) {
				t.Errorf("want exit %d and %q\n%s", c.code, c.want, r)
			}
			if strings.Contains(r.stderr, "step 1") || r.stdout != "" {
				t.Errorf("work started before the error\n%s", r)
			}
			if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
				t.Errorf("an output folder was written")
			}
		})
	}
}
