package ui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

var (
	f3   = tea.KeyPressMsg{Code: tea.KeyF3}
	down = tea.KeyPressMsg{Code: tea.KeyDown}
	esc  = tea.KeyPressMsg{Code: tea.KeyEscape}
)

// A setting made on the settings screen reaches the next run's route, the
// pane header and, on ctrl+s, the config file.
func TestRouteSettingsApplyToTheNextRunAndSave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	eng := &scripted{scripts: map[string][]backend.Event{}}
	m := newTestModel(Options{Routes: testRoutes(), Engine: eng, ConfigPath: path}, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 120, Height: 40})

	m = pressSettled(t, m, f3)
	requireContains(t, screen(m), "Route settings  or-gpt")
	m = pressSettled(t, m, down, enter())
	m = pressSettled(t, m, typeKeys("0.3")...)
	m = pressSettled(t, m, enter())
	requireContains(t, screen(m), "temperature = 0.3")
	m = pressSettled(t, m, esc)
	if m.screens.top() == screenEditor {
		t.Fatal("esc did not close the settings")
	}
	requireContains(t, screen(m), "openai/gpt-4o-mini · temp 0.3")

	m = typeText(m, "hello")
	next, cmd := m.Update(enter())
	m = runCmds(t, next.(Model), cmd)
	runs := eng.startedRoutes("or-gpt")
	if len(runs) != 1 || runs[0].Params.Temperature == nil || *runs[0].Params.Temperature != 0.3 {
		t.Fatalf("the run did not get the setting: %+v", runs)
	}

	m = pressSettled(t, m, f3, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	requireContains(t, screen(m), "Saved 3 routes to "+path)
	cfg, err := config.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	saved, ok := cfg.FindRoute("or-gpt")
	if !ok || saved.Params.Temperature == nil || *saved.Params.Temperature != 0.3 {
		t.Fatalf("saved %+v", saved.Params)
	}
	// A second save names where the first file went.
	m = update(m, tea.WindowSizeMsg{Width: 200, Height: 40})
	m = pressSettled(t, m, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	requireContains(t, screen(m), "Saved 3 routes to "+path+" (backup config.toml.bak)")
}

func TestPickerOpensTheSettingsOfASessionRoute(t *testing.T) {
	m := newTestModel(Options{Routes: testRoutes(), Engine: &scripted{}, Catalog: pickerCatalog}, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = pressSettled(t, m, tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl}, tea.KeyPressMsg{Code: tea.KeyTab}, down, enter())
	// The editor is up; esc comes back to the picker it was opened from.
	if m.screens.top() != screenEditor || !m.screens.has(screenPicker) {
		t.Fatalf("screens %v", m.screens.stack)
	}
	requireContains(t, screen(m), "Route settings  openai")
	requireContains(t, screen(m), "reasoning effort") // an OpenAI route: effort, no budget, no routing
	if m.focus != 1 {
		t.Errorf("focus = %d, want the edited route's pane", m.focus)
	}
	m = pressSettled(t, m, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	requireContains(t, screen(m), "Saving is off")
	m = pressSettled(t, m, esc)
	if m.screens.top() != screenPicker || !strings.Contains(screen(m), "3 of 3 models") {
		t.Fatalf("esc should come back to the picker, stack %v:\n%s", m.screens.stack, screen(m))
	}
}
