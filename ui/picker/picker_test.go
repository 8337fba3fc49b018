package picker

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config/configsave"
	"github.com/routeplay/routeplay/themes"
)

// testCatalog is a small fixed catalog, so goldens do not move when the
// embedded one is updated.
func testCatalog() *catalog.Catalog {
	p := func(in, out float64) *backend.Price { return &backend.Price{Input: in, Output: out} }
	return &catalog.Catalog{Source: "embedded", Entries: []catalog.CatalogEntry{
		{Provider: backend.KindOpenRouter, Model: "anthropic/claude-sonnet-4.5", Name: "Anthropic: Claude Sonnet 4.5", ContextWindow: 1_000_000, CanReason: true, Price: p(3, 15)},
		{Provider: backend.KindOpenRouter, Model: "meta-llama/llama-3.3-70b-instruct", Name: "Meta: Llama 3.3 70B Instruct", ContextWindow: 131072, Price: p(0.038, 0.12)},
		{Provider: backend.KindOpenRouter, Model: "openai/gpt-4o-mini", Name: "OpenAI: GPT-4o-mini", ContextWindow: 128000, Price: p(0.15, 0.6)},
		{Provider: backend.KindOpenAI, Model: "gpt-4o-mini", Name: "GPT-4o-mini", ContextWindow: 128000, Price: p(0.15, 0.6)},
		{Provider: backend.KindOpenAI, Model: "o4-mini", Name: "o4 Mini", ContextWindow: 200000, CanReason: true, Price: p(1.1, 4.4)},
		{Provider: backend.KindAnthropic, Model: "claude-sonnet-4-5-20250929", Name: "Claude Sonnet 4.5", ContextWindow: 200000, CanReason: true, Price: p(3, 15)},
		{Provider: backend.KindGemini, Model: "gemini-2.5-flash", Name: "Gemini 2.5 Flash", ContextWindow: 1_048_576, CanReason: true, Price: p(0.3, 2.5)},
		{Provider: "groq", Model: "llama-3.3-70b-versatile", Name: "Llama 3.3 70B", ContextWindow: 131072},
	}}
}

func demoRoutes() []backend.Route {
	return []backend.Route{{Name: "demo:fast", Kind: backend.KindDemo, Model: "fast", Simulated: true}}
}

type harness struct {
	t     *testing.T
	m     Model
	saved [][]backend.Route
	out   []tea.Msg // messages the picker sent to the root
}

func newHarness(t *testing.T, w, h int, saveErr error) *harness {
	hs := &harness{t: t}
	deps := Deps{
		Load:     func(context.Context) (*catalog.Catalog, error) { return testCatalog(), nil },
		SavePath: "/home/me/.config/routeplay/config.toml",
		Save: func(rts []backend.Route) (configsave.Saved, error) {
			hs.saved = append(hs.saved, rts)
			return configsave.Saved{Routes: len(rts)}, saveErr
		},
	}
	hs.m = New(themes.New(themes.Default(true)), deps, demoRoutes(), "demo:fast")
	hs.m.SetSize(w, h)
	hs.run(hs.m.Init())
	return hs
}

// run executes a command and feeds picker messages back, keeping the ones
// meant for the root.
func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case CatalogMsg, SavedMsg:
		var next tea.Cmd
		h.m, next = h.m.Update(msg)
		h.run(next)
	case AddMsg:
		h.out = append(h.out, msg)
		h.m.SetRoutes(append(h.m.routes, msg.Routes...), "")
	case RemoveMsg:
		h.out = append(h.out, msg)
		var keep []backend.Route
		for _, rt := range h.m.routes {
			if rt.Name != msg.Route {
				keep = append(keep, rt)
			}
		}
		h.m.SetRoutes(keep, "")
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case nil:
	default:
		h.out = append(h.out, msg)
	}
}

func (h *harness) press(keys ...tea.KeyPressMsg) {
	for _, k := range keys {
		var cmd tea.Cmd
		h.m, cmd = h.m.Update(k)
		h.run(cmd)
	}
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.press(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (h *harness) frame() string { return ansi.Strip(h.m.View()) }

var (
	enter = tea.KeyPressMsg{Code: tea.KeyEnter}
	tab   = tea.KeyPressMsg{Code: tea.KeyTab}
	down  = tea.KeyPressMsg{Code: tea.KeyDown}
	ctrlB = tea.KeyPressMsg{Code: 'b', Mod: tea.ModCtrl}
	ctrlS = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	esc   = tea.KeyPressMsg{Code: tea.KeyEscape}
	del   = tea.KeyPressMsg{Code: tea.KeyDelete}
)

func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		name := fmt.Sprintf("%dx%d", size[0], size[1])
		t.Run("Opened/"+name, func(t *testing.T) {
			h := newHarness(t, size[0], size[1], nil)
			golden.RequireEqual(t, h.frame())
		})
		t.Run("SearchSonnetAddedBothSides/"+name, func(t *testing.T) {
			h := newHarness(t, size[0], size[1], nil)
			h.typeText("sonnet")
			h.press(ctrlB)
			golden.RequireEqual(t, h.frame())
		})
		t.Run("SessionListFocused/"+name, func(t *testing.T) {
			h := newHarness(t, size[0], size[1], nil)
			h.typeText("4o mini")
			h.press(enter, tab)
			golden.RequireEqual(t, h.frame())
		})
	}
}

func TestSearchIsFuzzyAndShowsTheColumns(t *testing.T) {
	h := newHarness(t, 120, 30, nil)
	h.typeText("gem flash")
	f := h.frame()
	for _, want := range []string{"gemini-2.5-flash", "$0.30", "$2.50", "1M", "yes", "1 of 8 models"} {
		if !strings.Contains(f, want) {
			t.Errorf("frame lacks %q:\n%s", want, f)
		}
	}
}

func TestEnterAddsTheSelectedModelOnce(t *testing.T) {
	h := newHarness(t, 100, 30, nil)
	h.typeText("o4")
	h.press(enter, enter)
	if len(h.out) != 1 {
		t.Fatalf("messages = %#v, want one AddMsg", h.out)
	}
	add := h.out[0].(AddMsg)
	if len(add.Routes) != 1 || add.Routes[0].Name != "openai:o4-mini" || add.Routes[0].KeyName == "" {
		t.Fatalf("added %+v", add.Routes)
	}
	if !strings.Contains(h.frame(), "openai:o4-mini is already in the session") {
		t.Errorf("second enter should say the route is there:\n%s", h.frame())
	}
}

func TestAddBothPairsOpenRouterWithDirect(t *testing.T) {
	h := newHarness(t, 100, 30, nil)
	h.typeText("openai gpt 4o mini")
	h.press(ctrlB)
	add := h.out[0].(AddMsg)
	if len(add.Routes) != 2 || add.Routes[0].Kind == add.Routes[1].Kind ||
		(add.Routes[0].Kind != backend.KindOpenRouter && add.Routes[1].Kind != backend.KindOpenRouter) {
		t.Fatalf("added %+v", add.Routes)
	}
	h2 := newHarness(t, 100, 30, nil)
	h2.typeText("groq")
	h2.press(ctrlB)
	if len(h2.out) != 0 || !strings.Contains(h2.frame(), "No OpenRouter route for llama-3.3-70b-versatile") {
		t.Fatalf("groq has no counterpart in the fixture; got %v\n%s", h2.out, h2.frame())
	}
}

func TestRemoveAndSave(t *testing.T) {
	h := newHarness(t, 100, 30, nil)
	h.typeText("o4")
	h.press(enter, tab, del) // the focused demo route goes
	if rm, ok := h.out[1].(RemoveMsg); !ok || rm.Route != "demo:fast" {
		t.Fatalf("messages = %#v", h.out)
	}
	h.press(ctrlS)
	if len(h.saved) != 1 || len(h.saved[0]) != 1 || h.saved[0][0].Name != "openai:o4-mini" {
		t.Fatalf("saved %+v", h.saved)
	}
	if !strings.Contains(h.frame(), "Saved 1 route to /home/me/.config/routeplay/config.toml") {
		t.Errorf("no save confirmation:\n%s", h.frame())
	}
	h.press(esc)
	if _, ok := h.out[len(h.out)-1].(CloseMsg); !ok {
		t.Errorf("esc did not close: %#v", h.out)
	}
}

func TestSaveSkipsDemoRoutesAndReportsFailures(t *testing.T) {
	h := newHarness(t, 100, 30, errors.New("permission denied"))
	h.press(ctrlS)
	if len(h.saved) != 0 || !strings.Contains(h.frame(), "Nothing to save") {
		t.Fatalf("saved demo routes: %+v\n%s", h.saved, h.frame())
	}
	h.typeText("sonnet")
	h.press(enter, ctrlS)
	if !strings.Contains(h.frame(), "Not saved: permission denied") {
		t.Errorf("failure not shown:\n%s", h.frame())
	}
}

func TestScrollKeepsTheCursorVisible(t *testing.T) {
	h := newHarness(t, 80, 12, nil)
	for range 7 {
		h.press(down)
	}
	if !strings.Contains(h.frame(), "› groq") {
		t.Fatalf("last entry not selected on screen:\n%s", h.frame())
	}
}

// The session list says what each route runs with, so the one to edit is
// easy to find.
func TestSessionListShowsSettings(t *testing.T) {
	h := newHarness(t, 120, 30, nil)
	temp := 0.3
	rt := backend.Route{Name: "or-mini", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini",
		Params:     backend.Params{Temperature: &temp},
		OpenRouter: &backend.OpenRouterOptions{Provider: map[string]any{"sort": "price"}}}
	h.m.SetRoutes(append(demoRoutes(), rt), "or-mini")
	if f := h.frame(); !strings.Contains(f, "or-mini · temp 0.3 · sort=price") {
		t.Fatalf("settings not listed:\n%s", f)
	}
}

func TestSearchThatMatchesNothingSuggestsTheNearestModel(t *testing.T) {
	h := newHarness(t, 120, 30, nil)
	h.typeText("clod-sonnet-4.5")
	if !strings.Contains(h.frame(), `no model matches "clod-sonnet-4.5"; did you mean openrouter:anthropic/claude-sonnet-4.5?`) {
		t.Fatalf("frame:\n%s", h.frame())
	}
	h.typeText("-zzzzzzzzzzzzzzzzzz")
	if strings.Contains(h.frame(), "did you mean") {
		t.Fatalf("a hint for a query near nothing:\n%s", h.frame())
	}
}
