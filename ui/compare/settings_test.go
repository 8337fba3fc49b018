package compare

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

// A figure is read with the settings that produced it; a route whose
// settings changed mid-session is flagged, since its medians mix them.
func TestSettingsAreShownAndChangesFlagged(t *testing.T) {
	m := New(Options{}, charm())
	m.SetSize(120, 40)
	first, second := demoTurn(0, false), demoTurn(5, false)
	temp := 0.3
	second[0].Route.Params.Temperature = &temp
	second[0].Route.OpenRouter = &backend.OpenRouterOptions{Provider: map[string]any{"order": []any{"Acme\x1b[2J"}}}
	m.turns = []turnRecord{{number: 1, results: first}, {number: 2, results: second}}

	if got := m.settingsLines(m.turns[:1]); got != nil {
		t.Fatalf("routes on their defaults are listed: %q", got)
	}
	turn := stripped(strings.Join(m.settingsLines(m.turns[1:]), "\n"))
	if turn != "demo-openrouter: temp 0.3 · order=Acme" {
		t.Errorf("turn scope:\n%s", turn)
	}
	session := stripped(strings.Join(m.settingsLines(m.turns), "\n"))
	for _, want := range []string{"demo-openrouter: changed once; its medians mix them",
		"from turn 2: temp 0.3 · order=Acme", "from turn 1: provider defaults"} {
		if !strings.Contains(session, want) {
			t.Errorf("session scope lacks %q:\n%s", want, session)
		}
	}
	if strings.Contains(session, "demo-openai") || strings.Contains(session, "\x1b[2J") {
		t.Errorf("session scope:\n%q", session)
	}
}
