package plan

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func validMenu() MenuSettings {
	return MenuSettings{
		Side: "KAZ", Borders: []string{"KAZ-KGZ", "UZB-KAZ"}, SpacingKm: 50, MinPi: 0.01,
		Scanner: Item{Cost: 10, Pi: 0.3, Carriers: []string{"truck"}},
		Barrier: Item{CostPerKm: 2, Pi: 0.9, ReachKm: 25},
	}
}

func TestMenuSettingsValidate(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(*MenuSettings)
		field string // "" for valid
	}{
		{"valid", func(*MenuSettings) {}, ""},
		{"zero items are off the menu", func(s *MenuSettings) { s.Scanner, s.Barrier = Item{}, Item{} }, ""},
		{"no side", func(s *MenuSettings) { s.Side = "" }, "MenuSettings.Side is"},
		{"no borders", func(s *MenuSettings) { s.Borders = nil }, "MenuSettings.Borders is empty"},
		{"border of another side", func(s *MenuSettings) { s.Borders = []string{"KGZ-UZB"} }, `"KGZ-UZB" is no border`},
		{"border of one country", func(s *MenuSettings) { s.Borders = []string{"KAZ-KAZ"} }, `"KAZ-KAZ" is no border`},
		{"border without a dash", func(s *MenuSettings) { s.Borders = []string{"KAZKGZ"} }, `"KAZKGZ" is no border`},
		{"border twice", func(s *MenuSettings) { s.Borders = []string{"KAZ-KGZ", "KGZ-KAZ"} }, `"KGZ-KAZ" is named twice`},
		{"zero spacing", func(s *MenuSettings) { s.SpacingKm = 0 }, "MenuSettings.SpacingKm is 0"},
		{"infinite spacing", func(s *MenuSettings) { s.SpacingKm = math.Inf(1) }, "MenuSettings.SpacingKm is +Inf"},
		{"MinPi 1", func(s *MenuSettings) { s.MinPi = 1 }, "MenuSettings.MinPi is 1"},
		{"negative cost", func(s *MenuSettings) { s.Dogs.Cost = -1 }, "MenuSettings.Dogs.Cost is -1"},
		{"NaN cost per km", func(s *MenuSettings) { s.Barrier.CostPerKm = math.NaN() }, "MenuSettings.Barrier.CostPerKm is NaN"},
		{"infinite reach", func(s *MenuSettings) { s.Patrol.ReachKm = math.Inf(1) }, "MenuSettings.Patrol.ReachKm is +Inf"},
		{"chance 1", func(s *MenuSettings) { s.Scanner.Pi = 1 }, "MenuSettings.Scanner.Pi is 1"},
		{"ports", func(s *MenuSettings) { s.Ports, s.PortScanner = []string{"KAZ-port-aktau"}, Item{Cost: 3} }, ""},
		{"empty port", func(s *MenuSettings) { s.Ports = []string{"KAZ-port-aktau", ""} }, "MenuSettings.Ports[1] is"},
		{"port twice", func(s *MenuSettings) { s.Ports = []string{"p", "q", "p"} }, `MenuSettings.Ports[2] is "p": named twice`},
		{"NaN port cost", func(s *MenuSettings) { s.PortDogs.Cost = math.NaN() }, "MenuSettings.PortDogs.Cost is NaN"},
		{"empty carrier", func(s *MenuSettings) { s.Scanner.Carriers = []string{"truck", ""} }, "MenuSettings.Scanner.Carriers[1] is"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := validMenu()
			c.edit(&s)
			err := s.Validate()
			switch {
			case c.field == "" && err != nil:
				t.Errorf("got %v, want nil", err)
			case c.field != "" && (err == nil || !errors.Is(err, ErrBadSetting) || !strings.Contains(err.Error(), c.field)):
				t.Errorf("got %v, want ErrBadSetting naming %q", err, c.field)
			}
		})
	}
}
