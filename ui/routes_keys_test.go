package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/keymanager"
)

func keylessOpts(present map[string]bool) Options {
	opts := threeRoutes()
	opts.KeyHint = func(rt backend.Route) string {
		return "run `routeplay keys set " + rt.KeyName + "` or set " + strings.ToUpper(rt.KeyName) + "_API_KEY"
	}
	opts.KeysPresent = present
	return opts
}

func TestRoutesWithoutAKeySaySoUpFrontAndAreSkipped(t *testing.T) {
	m := update(newTestModel(keylessOpts(map[string]bool{"openai": true}), &fakeClock{now: t0}),
		tea.WindowSizeMsg{Width: 200, Height: 50}, frameMsg{})
	got := screen(m)
	requireContains(t, got, "No key for or-gpt, claude: ctrl+k adds one; skipped until then.")
	requireContains(t, got, "No key for this route: prompts skip it.")
	requireContains(t, got, "routeplay keys set anthropic")
	if n := strings.Count(got, "no key"); n != 2 {
		t.Errorf("%d panes labelled \"no key\", want 2:\n%s", n, got)
	}
	if strings.Contains(got, "--demo") {
		t.Error("one route has its key: no need to point at the demo")
	}

	m = typeText(m, question)
	m = update(m, enter(), frameMsg{})
	if m.panes[0].Last() != nil || m.panes[2].Last() != nil || m.panes[1].Last() == nil {
		t.Fatal("only the route with its key is sent the prompt")
	}
	m = update(m, press('r', tea.ModCtrl)) // focus is on or-gpt, which has no key
	if m.panes[0].Last() != nil {
		t.Fatal("retry does not send to a route without its key")
	}
}

func TestWithNoKeyAtAllThePromptIsKeptAndTheDemoSuggested(t *testing.T) {
	m := update(newTestModel(keylessOpts(map[string]bool{}), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 200, Height: 50})
	requireContains(t, m.status, "No route has its key: add one with ctrl+k, or try `routeplay --demo`.")
	m = typeText(m, question)
	m = update(m, enter())
	if m.turns != 0 || m.input.Value() != question {
		t.Fatalf("turns %d, prompt %q", m.turns, m.input.Value())
	}
}

func TestAKeyAddedInTheKeyManagerTurnsTheRouteOn(t *testing.T) {
	m := update(newTestModel(keylessOpts(map[string]bool{"openai": true}), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 200, Height: 50})
	m = update(m, keymanager.LoadedMsg{Keys: []keys.KeyInfo{{Name: "openai", Source: keys.SourceEnv}, {Name: "anthropic", Stored: true}}}, frameMsg{})
	if m.panes[0].NoKey() != true || m.panes[2].NoKey() {
		t.Fatalf("no key: or-gpt %v, claude %v", m.panes[0].NoKey(), m.panes[2].NoKey())
	}
	if n := strings.Count(screen(m), "no key"); n != 1 {
		t.Errorf("%d panes labelled \"no key\", want 1", n)
	}
}

func TestUnknownKeysAndDemoRoutesAreNeverSkipped(t *testing.T) {
	m := update(newTestModel(threeRoutes(), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 200, Height: 50})
	if len(m.keyless()) != 0 {
		t.Fatal("without a key listing every route is sent to")
	}
	demo := update(newTestModel(Options{Routes: demoRoutes(), Engine: &scripted{}, KeysPresent: map[string]bool{}}, &fakeClock{now: t0}),
		tea.WindowSizeMsg{Width: 200, Height: 50})
	if len(demo.keyless()) != 0 || demo.status != "" {
		t.Fatalf("demo routes need no key: %v, %q", demo.keyless(), demo.status)
	}
}

func TestANoKeyNoticeInAShortPaneShowsItsFirstLine(t *testing.T) {
	m := update(newTestModel(keylessOpts(map[string]bool{}), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 80, Height: 24}, frameMsg{})
	if got := screen(m); strings.Count(got, "No key for this route") != 3 {
		t.Fatalf("a pane shows its notice from the middle:\n%s", got)
	}
}
