package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/settingsfile"
)

// binary is the command, built once for all tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "routerisk-cmd-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "routerisk")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	if out, err := exec.Command(goTool, "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	afgTJK   = filepath.Join("..", "..", "testdata", "corridors", "afg-tjk")
	mistakes = filepath.Join("..", "..", "testdata", "corridors", "mistakes")
	planDir  = filepath.Join("..", "..", "testdata", "plan")
)

type result struct {
	stdout, stderr string
	code           int
}

// runCmd runs the command with args in dir ("" for the package's folder).
func runCmd(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("routerisk %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return result{out.String(), errb.String(), code}
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

func TestUsage(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string // in stderr (or stdout for help)
	}{
		{"no command", nil, 2, "usage: routerisk COMMAND"},
		{"unknown command", []string{"analyse"}, 2, `unknown command "analyse"`},
		{"help", []string{"help"}, 0, "commands:"},
		{"help analyze", []string{"help", "analyze"}, 0, "usage: routerisk analyze"},
		{"stray argument before a flag", []string{"analyze", "extra", "-calibrate=false"}, 2, "flags go before arguments"},
		{"stray argument", []string{"analyze", "extra"}, 2, `unexpected argument "extra"`},
		{"unknown flag", []string{"analyze", "-calibrated"}, 2, "flag provided but not defined: -calibrated"},
		{"bad bool", []string{"analyze", "-calibrate=maybe"}, 2, "want true or false"},
		{"validate without folder", []string{"validate"}, 2, "missing argument"},
		{"validate two folders", []string{"validate", "a", "b"}, 2, `unexpected argument "b"`},
		{"scenario alone", []string{"scenario"}, 2, "missing subcommand"},
		{"scenario unknown", []string{"scenario", "shw"}, 2, `unknown subcommand "shw"`},
		{"scenario show without name", []string{"scenario", "show"}, 2, "show needs a scenario NAME"},
		{"scenario list extra", []string{"scenario", "list", "x"}, 2, `unexpected argument "x"`},
		{"compare without b", []string{"compare", "-out", "x"}, 2, "-b is required"},
		{"compare without out", []string{"compare", "-b", "x"}, 2, "-out is required"},
		{"plan without files nor output", []string{"plan", "-budget", "1"}, 2, "-out is required on a corridor"},
		{"plan without arcs", []string{"plan", "-scenarios", "s.csv", "-budget", "1"}, 2, "-arcs is required"},
		{"plan without budget", []string{"plan", "-arcs", "a.csv", "-scenarios", "s.csv"}, 2, "-budget is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCmd(t, t.TempDir(), c.args...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d\n%s", r.code, c.code, r)
			}
			if !strings.Contains(r.stderr+r.stdout, c.want) {
				t.Errorf("output does not contain %q\n%s", c.want, r)
			}
			if c.code == 2 && !strings.Contains(r.stderr, "usage:") {
				t.Errorf("a usage error without the usage\n%s", r)
			}
		})
	}
	// -h on every command: its usage, exit status 0, and nothing run.
	for _, c := range commands {
		for _, args := range [][]string{{c.name, "-h"}, {c.name, "-help"}} {
			r := runCmd(t, t.TempDir(), args...)
			if r.code != 0 || !strings.Contains(r.stderr, "usage: routerisk "+c.name) {
				t.Errorf("%v: want exit 0 and the usage\n%s", args, r)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	r := runCmd(t, "", "validate", mistakes)
	if r.code != 1 {
		t.Fatalf("mistakes: exit %d, want 1\n%s", r.code, r)
	}
	// One finding per mistake, by layer and ID (testdata/corridors/mistakes/README.md).
	for _, want := range []string{
		"error: crossings XAA-XAB-far:", "error: crossings XAA-XAC-nowhere:", "error: crossings XAC-port-inland:",
		"error: destinations:", "error: settlements s-wrong-country:", "error: settlements s-swapped:",
		"error: settlements s-unknown-code:", "warning: settlements s-just-outside:", "7 errors, 1 warnings",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("mistakes: no %q in\n%s", want, r)
		}
	}
	if strings.Contains(r.stdout, " good") {
		t.Errorf("a finding for a correct feature:\n%s", r)
	}

	r = runCmd(t, "", "validate", afgTJK)
	if r.code != 0 || !strings.Contains(r.stdout, "0 errors") {
		t.Errorf("afg-tjk: want exit 0 and 0 errors\n%s", r)
	}
	// A scenario whose rule matches nothing in the corridor is an error of the model.
	dir := t.TempDir()
	bad := filepath.Join(dir, "typo.toml")
	writeFile(t, bad, "[[Rules]]\nPair = \"AFG-TJX\"\nAddScanner = true\n")
	r = runCmd(t, "", "validate", "-scenario", bad, afgTJK)
	if r.code != 1 || !strings.Contains(r.stdout, "error: Rules") {
		t.Errorf("rule with a typo: want exit 1 and an error of Rules\n%s", r)
	}
	r = runCmd(t, "", "validate", filepath.Join(dir, "nothing-here"))
	if r.code != 1 || !strings.Contains(r.stderr, "nothing-here") {
		t.Errorf("missing folder: want exit 1 naming it\n%s", r)
	}
}

// TestAnalyze runs the analysis of the small corridor into a new folder,
// then again into the same folder, and checks that the two exports are
// byte-identical.
func TestAnalyze(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	r := runCmd(t, "", "analyze", "-corridor", afgTJK, "-segment-km", "20", "-out", out)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r)
	}
	for _, want := range []string{"Afghanistan – Tajikistan", "scenario defaults (uncalibrated)", "seizures per country",
		"TJK", "passages through the borders", "TJK-AFG-", "afg-tjk.qgs"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in the output\n%s", want, r)
		}
	}
	if !strings.Contains(r.stderr, "step 5 of 5") {
		t.Errorf("no progress lines on stderr\n%s", r)
	}
	for _, f := range []string{"index.html", "afg-tjk.qgs", "afg-tjk.gpkg", "segments.geojson", "crossings.geojson", "countries.csv", "routerisk-export.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	first := hashTree(t, out)
	r = runCmd(t, "", "analyze", "-corridor", afgTJK, "-segment-km", "20", "-out", out)
	if r.code != 0 {
		t.Fatalf("second run: exit %d\n%s", r.code, r)
	}
	if second := hashTree(t, out); !reflect.DeepEqual(first, second) {
		t.Errorf("two runs differ:\n%v\n%v", first, second)
	}
}

// TestBadOut checks each bad output folder: the message comes before any
// analysis (no progress line), and no file of the user's is changed.
func TestBadOut(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "a-file.txt")
	writeFile(t, file, "my notes\n")

	others := filepath.Join(root, "others")
	writeFile(t, filepath.Join(others, "notes.txt"), "keep me\n")
	writeFile(t, filepath.Join(others, "sub", "data.csv"), "a,b\n1,2\n")

	prev := filepath.Join(root, "previous")
	if r := runCmd(t, "", "analyze", "-corridor", afgTJK, "-segment-km", "20", "-out", prev); r.code != 0 {
		t.Fatalf("first export: %s", r)
	}
	writeFile(t, filepath.Join(prev, "my-edit.qgs"), "<qgis/>\n")

	readOnly := filepath.Join(root, "read-only")
	if err := os.Mkdir(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name, out string
		want      []string
		skip      string
	}{
		{"a file", file, []string{"a-file.txt"}, ""},
		{"under a file", filepath.Join(file, "out"), []string{"a-file.txt"}, ""},
		{"a folder of other files", others, []string{"notes.txt", "sub"}, ""},
		{"a previous export with a file added", prev, []string{"my-edit.qgs"}, ""},
		{"a read-only folder", readOnly, []string{"read-only"}, rootSkip(readOnly)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.skip != "" {
				t.Skip(c.skip)
			}
			before := hashTree(t, root)
			r := runCmd(t, "", "analyze", "-corridor", afgTJK, "-segment-km", "20", "-out", c.out)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1\n%s", r.code, r)
			}
			for _, w := range c.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("message does not name %q\n%s", w, r)
				}
			}
			if strings.Contains(r.stderr, "step 1") || r.stdout != "" {
				t.Errorf("the analysis ran before the output folder was checked\n%s", r)
			}
			if after := hashTree(t, root); !reflect.DeepEqual(before, after) {
				t.Errorf("files changed:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

// rootSkip returns why the read-only case cannot be tested: when the tests
// run as root, who may write into a folder of mode 0555.
func rootSkip(dir string) string {
	probe := filepath.Join(dir, ".probe")
	f, err := os.Create(probe)
	if err != nil {
		return ""
	}
	f.Close()
	os.Remove(probe)
	return "running as a user who may write into a read-only folder (root): the folder is not read-only for us"
}

// TestScenarioRoundTrip prints a scenario, edits the file as an analyst
// would and runs the analysis with it; and checks that a file with a typo
// is refused at its line before any analysis.
func TestScenarioRoundTrip(t *testing.T) {
	dir := t.TempDir()
	r := runCmd(t, "", "scenario", "show", "defaults")
	if r.code != 0 || !strings.Contains(r.stdout, `base = "defaults"`) || !strings.Contains(r.stdout, "# GuardDecayKm is") {
		t.Fatalf("scenario show defaults:\n%s", r)
	}
	edited := strings.Replace(r.stdout, "FlowTonnes = 1.0", "FlowTonnes = 2.5", 1)
	edited = strings.Replace(edited, `Name = "defaults"`, `Name = "more-flow"`, 1)
	if edited == r.stdout {
		t.Fatalf("FlowTonnes not found in\n%s", r.stdout)
	}
	path := filepath.Join(dir, "more-flow.toml")
	writeFile(t, path, edited)
	r = runCmd(t, "", "analyze", "-corridor", afgTJK, "-segment-km", "20", "-scenario", path, "-out", filepath.Join(dir, "out"))
	if r.code != 0 || !strings.Contains(r.stdout, "scenario more-flow (uncalibrated): 2.5 t a year routed") {
		t.Fatalf("analyze -scenario:\n%s", r)
	}

	// Every named scenario prints as a file that reads back as that scenario.
	r = runCmd(t, "", "scenario", "list")
	if r.code != 0 {
		t.Fatalf("scenario list:\n%s", r)
	}
	for _, name := range []string{"defaults", "baseline-2010", "customs-union-2011", "tir-transit", "programme-2012"} {
		if !strings.Contains(r.stdout, name) {
			t.Errorf("scenario list lacks %s", name)
		}
		s := runCmd(t, "", "scenario", "show", name)
		if s.code != 0 {
			t.Fatalf("scenario show %s:\n%s", name, s)
		}
		got, err := settingsfile.DecodeScenario(strings.NewReader(s.stdout), name+".toml",
			&settingsfile.Bases{Scenarios: map[string]risk.Settings{name: {}}})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name != "defaults" && got.Name != name {
			t.Errorf("%s read back as %q", name, got.Name)
		}
	}

	typo := filepath.Join(dir, "typo.toml")
	writeFile(t, typo, "base = \"defaults\"\n\n[Inspection]\nFul = 0.2\n")
	r = runCmd(t, "", "analyze", "-corridor", afgTJK, "-scenario", typo, "-out", filepath.Join(dir, "out2"))
	if r.code != 1 || !strings.Contains(r.stderr, "typo.toml:4:1: Inspection.Ful: settingsfile: unknown key (did you mean Full?)") {
		t.Errorf("typo: want exit 1 at typo.toml:4:1\n%s", r)
	}
	if strings.Contains(r.stderr, "step 1") {
		t.Errorf("the analysis ran before the settings were read\n%s", r)
	}
	r = runCmd(t, "", "analyze", "-corridor", afgTJK, "-scenario", "baseline-2011", "-out", filepath.Join(dir, "out3"))
	if r.code != 1 || !strings.Contains(r.stderr, "scenario list") {
		t.Errorf("unknown scenario name: want exit 1 pointing to the list\n%s", r)
	}
}

func TestCompare(t *testing.T) {
	dir := t.TempDir()
	b := filepath.Join(dir, "scanners.toml")
	writeFile(t, b, `base = "defaults"
Name = "scanners"
[[Rules]]
Pair = "AFG-TJK"
AddScanner = true
AddDogs = true
Source = "test: scanners and dogs at both crossings"
`)
	out := filepath.Join(dir, "cmp")
	r := runCmd(t, "", "compare", "-corridor", afgTJK, "-segment-km", "20", "-b", b, "-out", out)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r)
	}
	for _, want := range []string{"defaults → scanners", "flow displaced", "TJK"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in\n%s", want, r)
		}
	}
	for _, f := range []string{"afg-tjk-compare.qgs", "index.html", "segments_diff.geojson", "crossings_diff.geojson", "routes_diff.geojson", "moves.geojson", "countries.geojson", "borders.geojson"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	// Scanners and dogs at every crossing cannot lower the seizures at
	// the crossings into Tajikistan.
	var a, bKg float64
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(line, "defaults → scanners: seizures") {
			if _, err := fmt.Sscanf(line, "defaults → scanners: seizures %g kg → %g kg", &a, &bKg); err != nil {
				t.Fatalf("%q: %v", line, err)
			}
		}
	}
	if !(bKg > a) {
		t.Errorf("seizures %g kg → %g kg: want more with scanners and dogs", a, bKg)
	}
}

// TestPlan checks the plan of the toy instance against a brute force over
// every affordable set of upgrades.
func TestPlan(t *testing.T) {
	arcs, scen := filepath.Join(planDir, "arcs.csv"), filepath.Join(planDir, "scenarios.csv")
	r := runCmd(t, "", "plan", "-arcs", arcs, "-scenarios", scen, "-budget", "2", "-json")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r)
	}
	var rep struct {
		Objective float64 `json:"objective_evasion"`
		Cost      float64 `json:"cost"`
		Status    string  `json:"status"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r)
	}
	want := bruteForceSNIP(t, arcs, scen, 2)
	if rep.Status != "optimal" || math.Abs(rep.Objective-want) > 1e-9 || rep.Cost > 2 {
		t.Errorf("got %+v, want optimal with evasion %.9f", rep, want)
	}
	r = runCmd(t, "", "plan", "-arcs", arcs, "-scenarios", scen, "-budget", "2")
	if r.code != 0 || !strings.Contains(r.stdout, "optimal") {
		t.Errorf("text report:\n%s", r)
	}
	r = runCmd(t, "", "plan", "-arcs", filepath.Join(planDir, "missing.csv"), "-scenarios", scen, "-budget", "2")
	if r.code != 1 || !strings.Contains(r.stderr, "missing.csv") {
		t.Errorf("missing file: want exit 1 naming it\n%s", r)
	}
}

// bruteForceSNIP returns the least expected evasion over the scenarios of
// any set of upgrades within the budget: for each set, each pair's most
// likely path to evade, found by Bellman–Ford on the arcs' evasion.
func bruteForceSNIP(t *testing.T, arcsFile, scenFile string, budget float64) float64 {
	t.Helper()
	type arc struct {
		from, to string
		p, pu    float64
		cost     float64
		upgrade  bool
	}
	var arcs []arc
	for i, line := range readLines(t, arcsFile) {
		if i == 0 {
			continue
		}
		f := strings.Split(line, ",")
		a := arc{from: f[0], to: f[1], cost: 1}
		fmt.Sscan(f[2], &a.p)
		if f[3] != "" {
			a.upgrade = true
			fmt.Sscan(f[3], &a.pu)
			if f[4] != "" {
				fmt.Sscan(f[4], &a.cost)
			}
		}
		arcs = append(arcs, a)
	}
	type od struct {
		o, d string
		w    float64
	}
	var ods []od
	var total float64
	for i, line := range readLines(t, scenFile) {
		if i == 0 {
			continue
		}
		f := strings.Split(line, ",")
		x := od{o: f[0], d: f[1], w: 1}
		if f[2] != "" {
			fmt.Sscan(f[2], &x.w)
		}
		total += x.w
		ods = append(ods, x)
	}
	var up []int
	for i, a := range arcs {
		if a.upgrade {
			up = append(up, i)
		}
	}
	best := math.Inf(1)
	for mask := 0; mask < 1<<len(up); mask++ {
		cost := 0.0
		p := make([]float64, len(arcs))
		for i, a := range arcs {
			p[i] = a.p
		}
		for j, i := range up {
			if mask&(1<<j) != 0 {
				cost += arcs[i].cost
				p[i] = arcs[i].pu
			}
		}
		if cost > budget+1e-9 {
			continue
		}
		var value float64
		for _, x := range ods {
			evade := map[string]float64{x.o: 1}
			for range arcs {
				for i, a := range arcs {
					if e, ok := evade[a.from]; ok && e*(1-p[i]) > evade[a.to] {
						evade[a.to] = e * (1 - p[i])
					}
				}
			}
			value += x.w / total * evade[x.d]
		}
		best = min(best, value)
	}
	return best
}

// TestInterrupt stops a calibrated analysis of the Northern Route with
// Ctrl-C (os.Interrupt): exit status 130, a message, and nothing left in
// the output's parent folder.
func TestInterrupt(t *testing.T) {
	// Interrupt once the last step, the calibration, has started.
	stdout, stderr := interrupt(t, "step 5 of 5", "analyze", "-calibrate")
	if !strings.Contains(stderr, "interrupted") {
		t.Errorf("no message:\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
	}
}

// interrupt runs the command with args and -out in a new folder, sends it
// os.Interrupt once its stderr holds step, and checks that it exits with
// status 130 leaving nothing in the output's parent folder. It returns
// what the command wrote to stdout and stderr.
func interrupt(t *testing.T, step string, args ...string) (stdout, stderr string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("os.Interrupt cannot be sent to a process on Windows")
	}
	if testing.Short() {
		t.Skip("loads the Northern Route")
	}
	parent := t.TempDir()
	cmd := exec.Command(binary, append(args, "-out", filepath.Join(parent, "out"))...)
	var out bytes.Buffer
	sw := &syncWriter{ch: make(chan struct{}, 1)}
	cmd.Stdout, cmd.Stderr = &out, sw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(2 * time.Minute)
	for !strings.Contains(sw.String(), step) {
		select {
		case <-sw.ch:
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("no %q after 2 minutes:\n%s", step, sw.String())
		}
	}
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("exit: %v, want status 130\nstdout:\n%s\nstderr:\n%s", err, out.String(), sw.String())
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left behind in the output's parent: %v", names)
	}
	return out.String(), sw.String()
}

// syncWriter collects a process's stderr and signals each write.
type syncWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
	ch  chan struct{}
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	n, err := w.buf.Write(p)
	w.mu.Unlock()
	select {
	case w.ch <- struct{}{}:
	default:
	}
	return n, err
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// hashTree returns the sha256 of every file under root, and every folder,
// by path.
func hashTree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			out[rel+"/"] = "dir"
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTargetFile calibrates the small corridor to a target file: the fitted
// shares come within 0.01 of the observed ones (uncalibrated, Afghanistan's
// is 0.094; the calibration's priors keep the fit from being exact).
func TestTargetFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.json")
	writeFile(t, target, `{"Name": "test-shares", "Source": "made up for this test",
 "Shares": [{"Country": "AFG", "Share": 0.3}, {"Country": "TJK", "Share": 0.7}]}`)
	r := runCmd(t, "", "analyze", "-corridor", afgTJK, "-segment-km", "20", "-target", target, "-out", filepath.Join(dir, "out"))
	if r.code != 0 || !strings.Contains(r.stdout, "calibrated to test-shares") {
		t.Fatalf("exit %d, want a calibrated run\n%s", r.code, r)
	}
	for _, c := range []struct {
		code, observed string
		share          float64
	}{{"AFG", "0.300", 0.3}, {"TJK", "0.700", 0.7}} {
		found := false
		for _, line := range strings.Split(r.stdout, "\n") {
			f := strings.Fields(line)
			if len(f) == 9 && f[0] == c.code {
				found = true
				var got float64
				if _, err := fmt.Sscan(f[7], &got); err != nil || math.Abs(got-c.share) > 0.01 || f[8] != c.observed {
					t.Errorf("%s: share %s, observed %s; want the observed %s and a share within 0.01 of it", c.code, f[7], f[8], c.observed)
				}
			}
		}
		if !found {
			t.Errorf("no row for %s in\n%s", c.code, r.stdout)
		}
	}
	r = runCmd(t, "", "analyze", "-corridor", afgTJK, "-calibrate", "-out", filepath.Join(dir, "out2"))
	if r.code != 1 || !strings.Contains(r.stderr, "-calibrate needs a target") {
		t.Errorf("calibrate without a target: want exit 1 and a message\n%s", r)
	}
}

// TestSettingsShow prints each kind of named settings and reads it back.
func TestSettingsShow(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ kind, name, flag string }{
		{"target", "observed-2011", "-target"}, {"graph", "defaults", "-graph"}, {"countries", "defaults", "-countries"},
	} {
		r := runCmd(t, "", "settings", "show", c.kind, c.name)
		if r.code != 0 || !strings.Contains(r.stdout, `base = "`+c.name+`"`) {
			t.Fatalf("settings show %s %s:\n%s", c.kind, c.name, r)
		}
		path := filepath.Join(dir, c.kind+".toml")
		writeFile(t, path, r.stdout)
		if c.kind == "target" {
			continue // the Northern Route's countries: not the small corridor's
		}
		r = runCmd(t, "", "analyze", "-corridor", afgTJK, "-segment-km", "20", c.flag, path, "-out", filepath.Join(dir, c.kind))
		if r.code != 0 {
			t.Errorf("analyze %s %s:\n%s", c.flag, path, r)
		}
	}
	if r := runCmd(t, "", "settings", "show", "graph", "nowhere"); r.code != 1 {
		t.Errorf("unknown graph name: exit %d, want 1\n%s", r.code, r)
	}
	if r := runCmd(t, "", "settings", "show", "colour", "x"); r.code != 2 {
		t.Errorf("unknown kind: exit %d, want 2\n%s", r.code, r)
	}
}
