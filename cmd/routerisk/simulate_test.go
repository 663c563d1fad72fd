package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/routerisk/routerisk/dynamics"
)

func TestSimulateUsage(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"stray argument", []string{"simulate", "extra"}, `unexpected argument "extra"`},
		{"stray argument before a flag", []string{"simulate", "extra", "-seed", "2"}, "flags go before arguments"},
		{"month out of range", []string{"simulate", "-from", "2009-13"}, `invalid value "2009-13" for flag -from: want a month as yyyy-mm`},
		{"a day", []string{"simulate", "-to", "2009-06-01"}, `invalid value "2009-06-01" for flag -to: want a month as yyyy-mm`},
		{"a year", []string{"simulate", "-from", "2009"}, `invalid value "2009" for flag -from`},
		{"to before from", []string{"simulate", "-from", "2010-05", "-to", "2010-04"}, "-to 2010-04 is before -from 2010-05"},
		{"to before the default from", []string{"simulate", "-to", "2008-12"}, "-to 2008-12 is before -from 2009-01"},
		{"too long", []string{"simulate", "-from", "1900-01", "-to", "2014-12"}, "1380 months, more than the 1200"},
		{"negative seed", []string{"simulate", "-seed", "-1"}, `invalid value "-1" for flag -seed`},
		{"bad calibrate", []string{"simulate", "-calibrate=maybe"}, "want true or false"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			r := runCmd(t, dir, c.args...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2\n%s", r.code, r)
			}
			if !strings.Contains(r.stderr, c.want) || !strings.Contains(r.stderr, "usage: routerisk simulate") {
				t.Errorf("want %q and the usage\n%s", c.want, r)
			}
			if r.stdout != "" || strings.Contains(r.stderr, "step 1") {
				t.Errorf("work started after a usage error\n%s", r)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("files written after a usage error: %v", entries)
			}
		})
	}
}

// TestSimulate runs six months on the small corridor into a new folder,
// twice with the same seed (byte-identical folders), then with another
// seed into another folder.
func TestSimulate(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	args := []string{"simulate", "-corridor", afgTJK, "-segment-km", "20", "-from", "2009-01", "-to", "2009-06", "-out", out}
	r := runCmd(t, "", args...)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r)
	}
	for _, want := range []string{
		"Afghanistan – Tajikistan (test corridor), scenario defaults (uncalibrated): 2009-01 to 2009-06, seed 1",
		"TJK kg", "share seized in risk's static equilibrium", "no events in the run", "afg-tjk-simulate.qgs",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in the output\n%s", want, r)
		}
	}
	if !strings.Contains(r.stderr, "step 6 of 11: simulate 6 months") {
		t.Errorf("no progress line for the simulation\n%s", r)
	}
	// The yearly table: one row, 2009 with its 6 months.
	row := tableRow(t, r.stdout, "2009")
	if len(row) < 2 || row[1] != "6" {
		t.Errorf("2009 row %v: want 6 months", row)
	}

	files := []string{"afg-tjk-simulate.qgs", "afg-tjk-simulate.gpkg", "index.html", "summary.txt", "routerisk-export.json",
		"dyn_routes.geojson", "dyn_elements.geojson", "dyn_seizures.geojson", "countries.geojson"}
	for _, s := range dynamics.DefaultSeries() {
		files = append(files, "plot_"+s.Name+".svg", "plot_"+s.Name+".png")
	}
	files = append(files, "plot_seizures_by_country.svg", "plot_seizures_by_country.png")
	for _, f := range files {
		if fi, err := os.Stat(filepath.Join(out, f)); err != nil || fi.Size() == 0 {
			t.Errorf("missing or empty %s: %v", f, err)
		}
	}
	if got, err := os.ReadFile(filepath.Join(out, "summary.txt")); err != nil || !strings.HasPrefix(r.stdout, string(got)) {
		t.Errorf("summary.txt is not what was printed: %v\n%s", err, got)
	}

	// The dated layers carry the six months, and the project plays them.
	months := map[string]bool{}
	for _, line := range strings.Split(readString(t, filepath.Join(out, "dyn_elements.geojson")), `"date":"`)[1:] {
		months[line[:10]] = true
	}
	for m := time.January; m <= time.June; m++ {
		if d := time.Date(2009, m, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly); !months[d] {
			t.Errorf("dyn_elements has no feature dated %s (dates %v)", d, months)
		}
	}
	if len(months) != 6 {
		t.Errorf("dyn_elements dates %v: want the six months", months)
	}
	qgs := readString(t, filepath.Join(out, "afg-tjk-simulate.qgs"))
	if !strings.Contains(qgs, "<ProjectTimeSettings") {
		t.Errorf("the .qgs has no temporal controller settings")
	}
	if n := strings.Count(qgs, `<temporal enabled="1" mode="2" limitMode="0" startField="date" endField="date_end"`); n != 3 {
		t.Errorf("%d layers dated by date and date_end in the .qgs, want the 3 dated layers", n)
	}

	// The same seed again: the same bytes.
	first := hashTree(t, out)
	again := filepath.Join(dir, "again")
	r = runCmd(t, "", append(args[:len(args)-1], again)...)
	if r.code != 0 {
		t.Fatalf("second run: exit %d\n%s", r.code, r)
	}
	if second := hashTree(t, again); !reflect.DeepEqual(first, second) {
		t.Errorf("two runs with seed 1 differ:\n%v\n%v", first, second)
	}
	// Another seed: other seizures.
	other := filepath.Join(dir, "seed2")
	r = runCmd(t, "", append(args[:len(args)-1], other, "-seed", "2")...)
	if r.code != 0 {
		t.Fatalf("seed 2: exit %d\n%s", r.code, r)
	}
	if h := hashTree(t, other); h["dyn_seizures.geojson"] == first["dyn_seizures.geojson"] {
		t.Errorf("seeds 1 and 2 seized the same")
	}
}

// TestSimulateProgress runs 14 months on the small corridor: the progress
// counts the five steps of the analysis and then the months, a plain line
// after the twelfth month, and on a terminal a bar of 5 + 14 steps.
func TestSimulateProgress(t *testing.T) {
	dir := t.TempDir()
	args := []string{"simulate", "-corridor", afgTJK, "-segment-km", "20", "-from", "2009-01", "-to", "2010-02"}
	r := runCmd(t, "", append(args, "-out", filepath.Join(dir, "plain"))...)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r)
	}
	for _, want := range []string{"step 1 of 19: validate", "step 6 of 19: simulate 14 months", "step 18 of 19: simulate: month 12 of 14"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("no %q in the progress\n%s", want, r.stderr)
		}
	}
	if n := strings.Count(r.stderr, "simulate: month"); n != 1 {
		t.Errorf("%d lines for months, want 1 (after the twelfth)\n%s", n, r.stderr)
	}

	var stdout, bar bytes.Buffer
	e := &env{stdout: &stdout, stderr: &bar, terminal: true}
	if code := run(context.Background(), e, append(args, "-out", filepath.Join(dir, "bar"))); code != 0 {
		t.Fatalf("exit %d\n%s", code, bar.String())
	}
	if !strings.Contains(bar.String(), "/19") || strings.Contains(bar.String(), "step ") {
		t.Errorf("want a bar of 19 steps and no plain lines:\n%q", bar.String())
	}
}

// TestSimulateBadOut checks that a bad output folder is refused before
// any work and nothing of the user's changes.
func TestSimulateBadOut(t *testing.T) {
	root := t.TempDir()
	others := filepath.Join(root, "others")
	writeFile(t, filepath.Join(others, "notes.txt"), "keep me\n")
	before := hashTree(t, root)
	r := runCmd(t, "", "simulate", "-corridor", afgTJK, "-segment-km", "20", "-to", "2010-02", "-out", others)
	if r.code != 1 || !strings.Contains(r.stderr, "notes.txt") {
		t.Fatalf("exit %d, want 1 naming notes.txt\n%s", r.code, r)
	}
	if strings.Contains(r.stderr, "step 1") || r.stdout != "" {
		t.Errorf("work started before the output folder was checked\n%s", r)
	}
	if after := hashTree(t, root); !reflect.DeepEqual(before, after) {
		t.Errorf("files changed:\nbefore %v\nafter  %v", before, after)
	}
}

// tableRow returns the fields of the first line of out whose first field
// is key.
func tableRow(t *testing.T, out, key string) []string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == key {
			return f
		}
	}
	t.Fatalf("no row %s in\n%s", key, out)
	return nil
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSimulateNorthernRoute runs March to October 2011 on the embedded
// Northern Route: the Customs Union (July 2011) happens within the run and
// displaces flow onto the Kazakhstan – Russia border; the programme
// (January 2012) comes after it and is left out.
func TestSimulateNorthernRoute(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the Northern Route")
	}
	out := filepath.Join(t.TempDir(), "out")
	r := runCmd(t, "", "simulate", "-from", "2011-03", "-to", "2011-10", "-out", out)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r)
	}
	for _, want := range []string{
		"Northern Route, scenario baseline-2010 (uncalibrated): 2011-03 to 2011-10, seed 1",
		"customs-union-2011 (2011-07):", "4 months before, 4 after",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in the output\n%s", want, r)
		}
	}
	if strings.Contains(r.stdout, "programme-2012 (") {
		t.Errorf("the programme of 2012 is in a run that ends in 2011\n%s", r)
	}
	if !strings.Contains(r.stderr, "programme-2012 (2012-01) is left out") {
		t.Errorf("no note that the programme is left out\n%s", r)
	}
	if row := tableRow(t, r.stdout, "2011"); row[1] != "8" {
		t.Errorf("2011 row %v: want 8 months", row)
	}
	// After the Customs Union removed their inspection, the Kazakhstan –
	// Russia crossings carry more of the flow than before (the green
	// border beside them, listed as gaps, may lose it to them).
	var before, after float64
	lines := strings.Split(r.stdout, "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, "customs-union-2011 (2011-07)") {
			continue
		}
		for _, ch := range lines[i+1:] {
			if !strings.HasPrefix(ch, "  ") {
				break
			}
			// "  crossing KAZ-RUS-...   2829 →   6169 kg a month"
			f := strings.Fields(ch)
			if len(f) != 8 || f[0] != "crossing" || !strings.HasPrefix(f[1], "KAZ-RUS-") {
				continue
			}
			var b, a float64
			if _, err := fmt.Sscanf(f[2]+" "+f[4], "%g %g", &b, &a); err != nil {
				t.Fatalf("%q: %v", ch, err)
			}
			before += b
			after += a
		}
	}
	if !(after > before) {
		t.Errorf("Kazakhstan – Russia crossings among the largest changes: %.0f → %.0f kg a month; want more after the Customs Union\n%s", before, after, r.stdout)
	}

	// On the Customs Union scenario from 2012-03: its own event is left
	// out, and the programme, before the run, is in force from the start.
	r = runCmd(t, "", "simulate", "-scenario", "customs-union-2011", "-from", "2012-03", "-to", "2012-04", "-out", filepath.Join(t.TempDir(), "out"))
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r)
	}
	for _, want := range []string{
		"customs-union-2011 (2011-07) is left out: scenario customs-union-2011 already has its rules and upgrades",
		"programme-2012 (2012-01) is in force from the start, 2012-03",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("no %q\n%s", want, r)
		}
	}
	if !strings.Contains(r.stdout, "no events in the run") {
		t.Errorf("events within a run that starts after both\n%s", r)
	}
}

// TestSimulateInterrupt stops the simulation of the Northern Route with
// Ctrl-C: exit status 130, a message, and nothing left in the output's
// parent folder.
func TestSimulateInterrupt(t *testing.T) {
	stdout, stderr := interrupt(t, "step 6 of 77: simulate 72 months", "simulate")
	if !strings.Contains(stderr, "interrupted") || stdout != "" {
		t.Errorf("want a message and no summary:\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
	}
}

func TestSummariseSources(t *testing.T) {
	cases := []struct {
		in   []string
		want string
	}{
		{[]string{"UNODC survey 2009: 6900 t"}, "UNODC survey 2009: 6900 t"},
		{[]string{"UNODC survey 2009: 6900 t", "UNODC survey 2010: 3600 t"}, "UNODC survey (2 figures)"},
		{[]string{"assumption", "a survey"}, "assumption; a survey"},
		// A common prefix that ends inside a character is not cut there.
		{[]string{"Zürich Amt für Statistik é 1", "Zürich Amt für Statistik è 2"}, "Zürich Amt für Statistik (2 figures)"},
	}
	for _, c := range cases {
		if got := summariseSources(c.in); got != c.want {
			t.Errorf("summariseSources(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
