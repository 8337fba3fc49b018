package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/ui/historyview"
	"github.com/routeplay/routeplay/ui/keymanager"
	"github.com/routeplay/routeplay/ui/picker"
	"github.com/routeplay/routeplay/ui/routeeditor"
)

// pickerCatalog is a fixed catalog for the flow below.
func pickerCatalog(context.Context) (*catalog.Catalog, error) {
	p := &backend.Price{Input: 0.15, Output: 0.6}
	return &catalog.Catalog{Source: "embedded", Entries: []catalog.CatalogEntry{
		{Provider: backend.KindOpenRouter, Model: "openai/gpt-4o-mini", Name: "OpenAI: GPT-4o-mini", ContextWindow: 128000, Price: p},
		{Provider: backend.KindOpenAI, Model: "gpt-4o-mini", Name: "GPT-4o-mini", ContextWindow: 128000, Price: p},
		{Provider: backend.KindGemini, Model: "gemini-2.5-flash", Name: "Gemini 2.5 Flash", ContextWindow: 1_048_576, CanReason: true},
	}}, nil
}

// settle runs cmd and feeds what the screens report back
// through Update, as the program would; frame ticks are left out.
func settle(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for n := 0; len(queue) > 0 && n < 50; n++ {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case picker.CatalogMsg, picker.SavedMsg, picker.AddMsg, picker.RemoveMsg, picker.CloseMsg, picker.EditMsg,
			routeeditor.ApplyMsg, routeeditor.SaveMsg, routeeditor.SavedMsg, routeeditor.CloseMsg,
			keymanager.CloseMsg, keymanager.LoadedMsg, historyview.Msg, historyview.CloseMsg, historyview.TrendMsg:
			next, more := m.Update(msg)
			m = next.(Model)
			queue = append(queue, more)
		}
	}
	return m
}

func pressSettled(t *testing.T, m Model, keys ...tea.KeyPressMsg) Model {
	t.Helper()
	for _, k := range keys {
		next, cmd := m.Update(k)
		m = settle(t, next.(Model), cmd)
	}
	return m
}

func typeKeys(s string) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

func TestPickerAddsRemovesAndSavesRoutes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	clock := &fakeClock{now: t0}
	m := newTestModel(Options{Routes: demoRoutes(), Demo: true, Engine: &scripted{}, Catalog: pickerCatalog, ConfigPath: path}, clock)
	m = update(m, tea.WindowSizeMsg{Width: 120, Height: 40})

	m = pressSettled(t, m, tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl})
	requireContains(t, screen(m), "3 of 3 models")
	m = pressSettled(t, m, typeKeys("gpt mini")...)
	m = pressSettled(t, m, tea.KeyPressMsg{Code: 'b', Mod: tea.ModCtrl}) // OpenRouter and direct at once
	if len(m.panes) != 4 {
		t.Fatalf("panes = %d, want the two demo routes and two new ones", len(m.panes))
	}
	// Remove the first demo route: tab to the session list, delete.
	m = pressSettled(t, m, tea.KeyPressMsg{Code: tea.KeyTab}, tea.KeyPressMsg{Code: tea.KeyDelete})
	if _, still := m.index["demo-fast"]; still || len(m.panes) != 3 {
		t.Fatalf("demo-fast not removed: %v", m.index)
	}
	for name, i := range m.index {
		if m.panes[i].Route().Name != name {
			t.Fatalf("index out of step: %v", m.index)
		}
	}
	m = pressSettled(t, m, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	requireContains(t, screen(m), "Saved 2 routes")
	cfg, err := config.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Routes) != 2 {
		t.Fatalf("saved routes = %+v", cfg.Routes)
	}
	m = pressSettled(t, m, tea.KeyPressMsg{Code: tea.KeyDelete}) // the other demo route
	if m.opts.Demo || len(m.panes) != 2 {
		t.Fatalf("with no simulated route left the demo banner goes: demo=%v panes=%d", m.opts.Demo, len(m.panes))
	}
	m = pressSettled(t, m, tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.screens.has(screenPicker) || !strings.Contains(screen(m), "openai:gpt-4o-mini") {
		t.Fatalf("esc should show the panes with the new route:\n%s", screen(m))
	}
}

func TestKeyManagerNeedsAStore(t *testing.T) {
	m := newTestModel(Options{Routes: testRoutes(), Engine: &scripted{}}, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = pressSettled(t, m, tea.KeyPressMsg{Code: 'k', Mod: tea.ModCtrl})
	if m.screens.has(screenKeys) {
		t.Fatal("the key manager opened without a store")
	}
	requireContains(t, screen(m), "No key store")
}

func TestRemovedRouteLateBurstIsDrained(t *testing.T) {
	m, _ := sent(t, threeRoutes(), 120, 40)
	m.removeRoute("openai")
	m = update(m, burst("openai", 2, true, started(), text(100, "zqx-late-text"), done(200)), frameMsg{})
	if strings.Contains(screen(m), "zqx-late-text") || len(m.panes) != 2 {
		t.Fatalf("a removed route's burst reached the screen:\n%s", screen(m))
	}
}

func TestPickerSavingIsOffWithoutAPath(t *testing.T) {
	m := newTestModel(Options{Routes: demoRoutes(), Engine: &scripted{}, Catalog: pickerCatalog}, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = pressSettled(t, m, tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl})
	m = pressSettled(t, m, tea.KeyPressMsg{Code: tea.KeyEnter}, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	requireContains(t, screen(m), "Saving is off")
	if _, err := os.Stat("config.toml"); err == nil {
		t.Fatal("a config was written in the working directory")
	}
}
