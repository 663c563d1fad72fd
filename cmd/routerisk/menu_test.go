package main

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/northernroute"
	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/settingsfile"
)

// TestSettingsShowMenu prints the Northern Route's menu, reads it back as
// that menu, reads an edited copy, and checks the errors of a bad name.
func TestSettingsShowMenu(t *testing.T) {
	r := runCmd(t, "", "settings", "show", "menu", "northern-route")
	if r.code != 0 || !strings.Contains(r.stdout, `base = "northern-route"`) {
		t.Fatalf("settings show menu northern-route:\n%s", r)
	}
	want := northernroute.UpgradeMenu()
	zero := &settingsfile.Bases{Menus: map[string]plan.MenuSettings{"northern-route": {}}}
	got, err := settingsfile.DecodeMenu(strings.NewReader(r.stdout), "menu.toml", zero)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back: got %+v, want %+v", got, want)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "menu.toml")
	edited := strings.Replace(r.stdout, "\nSpacingKm = 50.0\n", "\nSpacingKm = 20.0\n", 1)
	if edited == r.stdout {
		t.Fatalf("SpacingKm = 50.0 not found in\n%s", r.stdout)
	}
	writeFile(t, path, edited)
	got, err = settingsfile.ReadMenu(path, bases())
	if err != nil {
		t.Fatal(err)
	}
	want.SpacingKm = 20
	if !reflect.DeepEqual(got, want) {
		t.Errorf("edited: got %+v, want %+v", got, want)
	}

	if r := runCmd(t, "", "settings", "show", "menu", "defaults"); r.code != 1 || !strings.Contains(r.stderr, "no library defaults") {
		t.Errorf("settings show menu defaults: want exit 1 saying a menu has no defaults\n%s", r)
	}
	if r := runCmd(t, "", "settings", "list"); r.code != 0 || !strings.Contains(r.stdout, "menu       northern-route") {
		t.Errorf("settings list lacks the menu\n%s", r)
	}
}
