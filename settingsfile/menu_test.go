package settingsfile

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/plan"
)

// menuBases offer the Northern Route's menu as "northern-route".
func menuBases() *Bases {
	return &Bases{Menus: map[string]plan.MenuSettings{"northern-route": northernroute.UpgradeMenu()}}
}

// TestMenuRoundTrip writes the Northern Route's menu and reads it back on
// its own base and on a zero base, so that every value must come from the
// file.
func TestMenuRoundTrip(t *testing.T) {
	m := northernroute.UpgradeMenu()
	if err := m.Validate(); err != nil {
		t.Fatalf("northernroute.UpgradeMenu: %v", err)
	}
	var buf bytes.Buffer
	if err := WriteMenu(&buf, &m, "northern-route"); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, want := range []string{`base = "northern-route"`, "\n[Scanner]\n", "\n[Barrier]\n", "docs/settings.md"} {
		if !strings.Contains(text, want) {
			t.Errorf("the file lacks %q:\n%s", want, text)
		}
	}
	for _, b := range []*Bases{menuBases(), {Menus: map[string]plan.MenuSettings{"northern-route": {}}}} {
		got, err := DecodeMenu(strings.NewReader(text), "menu.toml", b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("got %+v, want %+v", got, m)
		}
	}
	if err := WriteMenu(&buf, &m, DefaultBase); err == nil {
		t.Errorf("WriteMenu on %q: got nil, want an error", DefaultBase)
	}
}

// TestMenuLayering reads the same small file as TOML and as JSON: the keys
// it sets change, the base keeps the rest, the base itself is untouched.
func TestMenuLayering(t *testing.T) {
	files := map[string]string{
		"m.toml": "base = \"northern-route\"\nSpacingKm = 30\nBorders = [\"KAZ-KGZ\"]\n\n[Scanner]\nCost = 1.5e8\n",
		"m.json": `{"base": "northern-route", "SpacingKm": 30, "Borders": ["KAZ-KGZ"], "Scanner": {"Cost": 1.5e8}}`,
	}
	for name, text := range files {
		b := menuBases()
		got, err := DecodeMenu(strings.NewReader(text), name, b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := northernroute.UpgradeMenu()
		want.SpacingKm = 30
		want.Borders = []string{"KAZ-KGZ"}
		want.Scanner.Cost = 1.5e8
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
		if !reflect.DeepEqual(b.Menus["northern-route"], northernroute.UpgradeMenu()) {
			t.Errorf("%s: the base changed", name)
		}
	}
}

// TestMenuErrors checks that each bad file is an error at its file, line,
// column and key.
func TestMenuErrors(t *testing.T) {
	for _, c := range []struct {
		name, file, text string
		is               error
		want             string
	}{
		{"unknown key", "m.toml", "base = \"northern-route\"\n\n[Scanner]\nCots = 1\n",
			ErrUnknownKey, "m.toml:4:1: Scanner.Cots: settingsfile: unknown key (did you mean Cost?)"},
		{"unknown key in JSON", "m.json", "{\"base\": \"northern-route\",\n \"Dogs\": {\"Pie\": 0.2}}",
			ErrUnknownKey, "m.json:2:12: Dogs.Pie: settingsfile: unknown key (did you mean Pi?)"},
		{"negative cost", "m.toml", "base = \"northern-route\"\n[Dogs]\nCost = -5.0\n",
			ErrBadValue, "m.toml:3:1: Dogs.Cost: settingsfile: bad value: plan: invalid setting: MenuSettings.Dogs.Cost is -5"},
		{"chance 1", "m.json", "{\"base\": \"northern-route\",\n \"Patrol\": {\n  \"Pi\": 1}}",
			ErrBadValue, "m.json:3:4: Patrol.Pi: settingsfile: bad value"},
		{"zero spacing", "m.toml", "base = \"northern-route\"\nSpacingKm = 0.0\n",
			ErrBadValue, "m.toml:2:1: SpacingKm: settingsfile: bad value"},
		{"border of another side", "m.toml", "base = \"northern-route\"\nSide = \"KAZ\"\nBorders = [\"KGZ-UZB\"]\n",
			ErrBadValue, "m.toml:3:1: Borders: settingsfile: bad value"},
		{"a side the base's borders lack", "m.toml", "base = \"northern-route\"\nSide = \"UZB\"\n",
			ErrBadValue, `m.toml: Borders: settingsfile: bad value: plan: invalid setting: MenuSettings.Borders is ["KAZ-KGZ" "KAZ-UZB" "KAZ-TKM"]: "KAZ-KGZ" is no border "A-B" of UZB (a value of base "northern-route")`},
		{"no base", "m.toml", "SpacingKm = 30.0\n",
			ErrBadBase, `m.toml: base: settingsfile: unknown base "defaults": an upgrade menu has no library defaults; name a base (want northern-route)`},
		{"defaults", "m.toml", "base = \"defaults\"\n",
			ErrBadBase, `m.toml:1:1: base: settingsfile: unknown base "defaults": an upgrade menu has no library defaults; name a base (want northern-route)`},
		{"unknown base", "m.toml", "base = \"southern-route\"\n",
			ErrBadBase, `m.toml:1:1: base: settingsfile: unknown base "southern-route" (want northern-route)`},
		{"wrong type", "m.toml", "base = \"northern-route\"\n[Barrier]\nCarriers = \"car\"\n",
			ErrBadValue, "m.toml:3:"},
		{"not a settings file", "m.yaml", "base: northern-route\n", ErrFormat, "m.yaml:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeMenu(strings.NewReader(c.text), c.file, menuBases())
			if err == nil {
				t.Fatal("got nil, want an error")
			}
			if !errors.Is(err, c.is) || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("got %v, want %v starting %q", err, c.is, c.want)
			}
		})
	}
}
