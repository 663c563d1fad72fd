package settingsfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

// nrBases are the Northern Route's settings as bases.
func nrBases() *Bases {
	b := &Bases{
		Scenarios: map[string]risk.Settings{},
		Targets:   map[string]risk.Target{"observed-2011": northernroute.Observed2011()},
		Graphs:    map[string]route.Settings{"northern-route": northernroute.GraphSettings()},
		Countries: map[string]map[string]risk.CountryParams{"northern-route": northernroute.Countries()},
	}
	for _, s := range northernroute.Scenarios() {
		b.Scenarios[s.Name] = s
	}
	return b
}

// TestScenarioRoundTrip writes every Northern Route scenario and reads it
// back twice: on its own base, and on a zero base, so that every value must
// come from the file.
func TestScenarioRoundTrip(t *testing.T) {
	for _, s := range northernroute.Scenarios() {
		t.Run(s.Name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteScenario(&buf, &s, s.Name); err != nil {
				t.Fatal(err)
			}
			got, err := DecodeScenario(bytes.NewReader(buf.Bytes()), s.Name+".toml", nrBases())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, s) {
				t.Errorf("on its own base: got %+v, want %+v", got, s)
			}
			zero := &Bases{Scenarios: map[string]risk.Settings{s.Name: {}}}
			got, err = DecodeScenario(bytes.NewReader(buf.Bytes()), s.Name+".toml", zero)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, s) {
				t.Errorf("on a zero base: got %+v, want %+v", got, s)
			}
		})
	}
}

func TestOtherRoundTrips(t *testing.T) {
	g := northernroute.GraphSettings()
	g.Ferries = [][2]string{{"a", "b \"quoted\""}}
	var buf bytes.Buffer
	if err := WriteGraph(&buf, &g, "x"); err != nil {
		t.Fatal(err)
	}
	gotG, err := DecodeGraph(&buf, "g.toml", &Bases{Graphs: map[string]route.Settings{"x": {}}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotG, g) {
		t.Errorf("graph: got %+v, want %+v", gotG, g)
	}

	tg := northernroute.Observed2011()
	buf.Reset()
	if err := WriteTarget(&buf, &tg, ""); err != nil {
		t.Fatal(err)
	}
	gotT, err := DecodeTarget(&buf, "t.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotT, tg) {
		t.Errorf("target: got %+v, want %+v", gotT, tg)
	}

	cs := northernroute.Countries()
	buf.Reset()
	if err := WriteCountries(&buf, cs, ""); err != nil {
		t.Fatal(err)
	}
	gotC, err := DecodeCountries(&buf, "c.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotC, cs) {
		t.Errorf("countries: got %+v, want %+v", gotC, cs)
	}
}

// TestLayering reads the same small file as TOML and as JSON on the
// customs-union-2011 base and checks each rule: a table changes only its
// keys (also in a map entry), a list replaces, the rest is the base's.
func TestLayering(t *testing.T) {
	files := map[string]string{
		"s.toml": `base = "customs-union-2011"
name = "kaz-tighter"
Choice = "k_best"
[Inspection]
Full = 0.1
[Countries.KAZ]
Intensity = 2
[Countries.XKX]
GapBase = 0.2
[[Carriers]]
Name = "walker"
Modes = "foot|horse"
Share = 1
[[Commodities]]
Name = "heroin"
FlowTonnes = 80
[Commodities.Destinations]
Moscow = 1
`,
		"s.json": `{"base": "customs-union-2011", "name": "kaz-tighter", "Choice": "k_best",
 "Commodities": [{"Name": "heroin", "FlowTonnes": 80, "Destinations": {"Moscow": 1}}],
 "Inspection": {"Full": 0.1},
 "Countries": {"KAZ": {"Intensity": 2}, "XKX": {"GapBase": 0.2}},
 "Carriers": [{"Name": "walker", "Modes": "foot|horse", "Share": 1}]}`,
	}
	want := northernroute.CustomsUnion2011()
	want.Name = "kaz-tighter"
	want.Commodities = []risk.Commodity{{Name: "heroin", FlowTonnes: 80, Destinations: map[string]float64{"Moscow": 1}}}
	want.Choice = risk.ChoiceKBest
	want.Inspection.Full = 0.1
	kaz := want.Countries["KAZ"]
	kaz.Intensity = 2
	want.Countries["KAZ"] = kaz
	want.Countries["XKX"] = risk.CountryParams{GapBase: 0.2}
	want.Carriers = []risk.Carrier{{Name: "walker", Modes: route.Foot | route.Horse, Share: 1}}
	for name, src := range files {
		b := nrBases()
		got, err := DecodeScenario(strings.NewReader(src), name, b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
		if !reflect.DeepEqual(b.Scenarios["customs-union-2011"], northernroute.CustomsUnion2011()) {
			t.Errorf("%s: reading changed the base", name)
		}
	}
}

func TestNoBaseIsDefaults(t *testing.T) {
	got, err := DecodeScenario(strings.NewReader("FlowTonnes = 3.5\n"), "a.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := risk.DefaultSettings()
	want.FlowTonnes = 3.5
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	g, err := DecodeGraph(strings.NewReader(`{"OtherKmh": 25}`), "g.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	wg := route.DefaultSettings()
	wg.OtherKmh = 25
	if !reflect.DeepEqual(g, wg) {
		t.Errorf("graph: got %+v, want %+v", g, wg)
	}
}

// TestErrors checks that every mistake names the file, the line where the
// file has one, the key and the problem.
func TestErrors(t *testing.T) {
	cases := []struct {
		name, file, src string
		is              error
		want            []string // substrings of the message
	}{
		{"unknown key toml", "s.toml", "base = \"baseline-2010\"\n\n[Inspection]\nFul = 0.1\n", ErrUnknownKey,
			[]string{"s.toml:4:1: Inspection.Ful:", "did you mean Full?"}},
		{"unknown key json", "s.json", "{\"base\": \"baseline-2010\",\n \"Inspection\": {\n  \"Ful\": 0.1}}", ErrUnknownKey,
			[]string{"s.json:3:4: Inspection.Ful:", "did you mean Full?"}},
		{"unknown key in a map entry", "s.toml", "[Countries.KAZ]\nIntensty = 2\n", ErrUnknownKey,
			[]string{"s.toml:2:1: Countries.KAZ.Intensty:", "did you mean Intensity?"}},
		{"unknown key in a list json", "s.json", "{\"Rules\": [{\"ID\": \"x\"},\n {\"Regim\": \"full\"}]}", ErrUnknownKey,
			[]string{"s.json:2:4: Rules[1].Regim:", "did you mean Regime?"}},
		{"two unknown keys", "s.toml", "Bta = 1\nThetta = 2\n", ErrUnknownKey,
			[]string{"s.toml:1:1: Bta:", "s.toml:2:1: Thetta:"}},
		{"bad value", "s.toml", "[Inspection]\nFull = 1.5\n", risk.ErrBadParam,
			[]string{"s.toml:2:1: Inspection.Full:", "must be a probability in [0,1]"}},
		{"bad value in a country", "s.json", "{\"Countries\": {\"KAZ\": {\n\"GapBase\": -1}}}", risk.ErrBadParam,
			[]string{"s.json:2:2: Countries.KAZ.GapBase:", "probability"}},
		{"bad mode", "s.toml", "[[Carriers]]\nName = \"x\"\nModes = \"foot|plane\"\nShare = 1\n", ErrBadValue,
			[]string{"s.toml:3:", "plane"}},
		{"bad choice json", "s.json", `{"Choice": "best"}`, ErrBadValue,
			[]string{"s.json:1:3: Choice:", "by_border"}},
		{"wrong type", "s.toml", "K = \"ten\"\n", ErrBadValue, []string{"s.toml:1:", "K"}},
		{"wrong type json", "s.json", `{"K": "ten"}`, ErrBadValue, []string{"s.json:1:3: K:", "whole number"}},
		{"syntax toml", "s.toml", "K = \n", ErrSyntax, []string{"s.toml:1:"}},
		{"syntax json", "s.json", "{\"K\": 1,\n}", ErrSyntax, []string{"s.json:2:"}},
		{"unknown base", "s.toml", "FlowTonnes = 2\nbase = \"baseline-2009\"\n", ErrBadBase,
			[]string{"s.toml:2:1: base:", "baseline-2010", "defaults"}},
		{"extension", "s.yaml", "K = 1\n", ErrFormat, []string{"s.yaml"}},
		{"value from the base", "s.toml", "base = \"zero\"\n", risk.ErrBadParam, []string{`a value of base "zero"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := nrBases()
			b.Scenarios["zero"] = risk.Settings{}
			_, err := DecodeScenario(strings.NewReader(c.src), c.file, b)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, c.is) {
				t.Errorf("error %q is not %v", err, c.is)
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Errorf("error %q is not a *FileError", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestTargetAndGraphErrors(t *testing.T) {
	_, err := DecodeTarget(strings.NewReader("[[Shares]]\nCountry = \"UZB\"\nShare = 2\n[[Shares]]\nCountry = \"TJK\"\nShare = 0.2\n"), "t.toml", nil)
	if !errors.Is(err, risk.ErrBadTarget) || !strings.Contains(err.Error(), "t.toml") {
		t.Errorf("target: got %v, want an ErrBadTarget naming t.toml", err)
	}
	_, err = DecodeGraph(strings.NewReader("OtherKmh = 1\n[ClassKmh]\nprimary = -3\n"), "g.toml", nil)
	if !errors.Is(err, route.ErrBadSettings) || !strings.Contains(err.Error(), "g.toml:3:1: ClassKmh.primary:") {
		t.Errorf("graph: got %v, want an ErrBadSettings at g.toml:3:1 ClassKmh.primary", err)
	}
	_, err = DecodeCountries(strings.NewReader("[Countries.KAZ]\nHazardPerKm = 5\n"), "c.toml", nil)
	if !errors.Is(err, risk.ErrBadParam) || !strings.Contains(err.Error(), "c.toml:2:1: Countries.KAZ.HazardPerKm:") {
		t.Errorf("countries: got %v", err)
	}
}

func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tir.toml")
	s := northernroute.TIRTransit()
	var buf bytes.Buffer
	if err := WriteScenario(&buf, &s, ""); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadScenario(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("got %+v, want %+v", got, s)
	}
	if _, err := ReadScenario(filepath.Join(dir, "missing.toml"), nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v, want os.ErrNotExist", err)
	}
}

func TestKeyPositions(t *testing.T) {
	toml := "a = 1\n[T]\nb = 2\n[[L]]\nc = 3\n[[L]]\nc = 4\n"
	tp := keyPositions([]byte(toml), formatTOML)
	json := "{\"a\": 1,\n \"T\": {\"b\": 2},\n \"L\": [{\"c\": 3},\n  {\"c\": 4}]}"
	jp := keyPositions([]byte(json), formatJSON)
	for _, c := range []struct {
		m    map[string]position
		key  string
		want position
	}{
		{tp, "a", position{1, 1}}, {tp, "t.b", position{3, 1}}, {tp, "l.0.c", position{5, 1}}, {tp, "l.1.c", position{7, 1}},
		{jp, "a", position{1, 3}}, {jp, "t.b", position{2, 9}}, {jp, "l.0.c", position{3, 10}}, {jp, "l.1.c", position{4, 5}},
	} {
		if got := c.m[c.key]; got != c.want {
			t.Errorf("%s: got %v, want %v", c.key, got, c.want)
		}
	}
}

// FuzzDecodeScenario checks that no file makes the reader panic and that
// what it accepts is valid and survives a write and a read.
func FuzzDecodeScenario(f *testing.F) {
	s := northernroute.Programme2012()
	var buf bytes.Buffer
	if err := WriteScenario(&buf, &s, ""); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String(), false)
	f.Add("[Countries.KAZ]\nIntensity = 2\n", false)
	f.Add(`{"Rules": [{"Pair": "KAZ-RUS", "Regime": "closed"}]}`, true)
	f.Fuzz(func(t *testing.T, src string, isJSON bool) {
		name := "f.toml"
		if isJSON {
			name = "f.json"
		}
		got, err := DecodeScenario(strings.NewReader(src), name, nil)
		if err != nil {
			return
		}
		if err := got.Validate(); err != nil {
			t.Fatalf("accepted invalid settings: %v", err)
		}
		var out bytes.Buffer
		if err := WriteScenario(&out, &got, ""); err != nil {
			t.Fatal(err)
		}
		back, err := DecodeScenario(&out, "back.toml", nil)
		if err != nil {
			t.Fatalf("written file does not read back: %v\n%s", err, out.String())
		}
		if !reflect.DeepEqual(back, got) && !hasNaN(got) {
			t.Fatalf("round trip: got %+v, want %+v", back, got)
		}
	})
}

func hasNaN(s risk.Settings) bool {
	return s.Beta != s.Beta || s.Theta != s.Theta || s.MaxOverlap != s.MaxOverlap
}

// TestTargetCommodityKg reads a target whose kg figure names a commodity,
// in TOML and JSON, and checks that a misspelt key in the kg table is
// still an unknown key, with its place and a suggestion.
func TestTargetCommodityKg(t *testing.T) {
	want := risk.Target{
		Name:   "heroin",
		Shares: []risk.ShareObs{{Country: "UZB", Share: 0.6}, {Country: "KAZ", Share: 0.4}},
		Kg:     []risk.KgObs{{Country: "KAZ", Commodity: "heroin", Kg: 323}, {Country: "UZB", Kg: 1000}},
	}
	for _, c := range []struct{ name, text string }{
		{"t.toml", "Name = \"heroin\"\n[[Shares]]\nCountry = \"UZB\"\nShare = 0.6\n[[Shares]]\nCountry = \"KAZ\"\nShare = 0.4\n" +
			"[[Kg]]\nCountry = \"KAZ\"\nCommodity = \"heroin\"\nKg = 323\n[[Kg]]\nCountry = \"UZB\"\nKg = 1000\n"},
		{"t.json", `{"Name": "heroin", "Shares": [{"Country": "UZB", "Share": 0.6}, {"Country": "KAZ", "Share": 0.4}],
 "Kg": [{"Country": "KAZ", "Commodity": "heroin", "Kg": 323}, {"Country": "UZB", "Kg": 1000}]}`},
	} {
		got, err := DecodeTarget(strings.NewReader(c.text), c.name, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, want)
		}
	}
	_, err := DecodeTarget(strings.NewReader("[[Kg]]\nCountry = \"KAZ\"\nComodity = \"heroin\"\nKg = 323\n"), "t.toml", nil)
	if !errors.Is(err, ErrUnknownKey) || !strings.Contains(err.Error(), "t.toml:3:1: Kg.Comodity:") || !strings.Contains(err.Error(), "did you mean Commodity?") {
		t.Errorf("misspelt Commodity: got %v, want an ErrUnknownKey at t.toml:3:1 Kg.Comodity suggesting Commodity", err)
	}
}
