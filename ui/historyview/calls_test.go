package historyview

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/history"
)

// An open session lists each run's tool calls with their verdicts and the
// structured-output verdict, as they were recorded.
func TestSessionListsToolCallsAndSchemaVerdict(t *testing.T) {
	db, err := history.Open(context.Background(), filepath.Join(t.TempDir(), history.FileName), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	valid, invalid := true, false
	calls := report("or-gpt", "openai/gpt-4o-mini", "", 300, 320, 0, 6)
	calls.ToolCalls = []backend.ToolCallReport{
		{Name: "get_weather", Arguments: json.RawMessage(`{"city":"Paris"}`), Valid: &valid, SchemaErrors: []string{}},
		{Name: "get_weather", Arguments: json.RawMessage(`{"city":7}`), Valid: &invalid,
			SchemaErrors: []string{"/city: got number, want string"}},
		{Name: "web_search", Arguments: json.RawMessage(`{}`), Server: true},
		{Name: "lookup\x1b[31m", Arguments: json.RawMessage(`{}`)},
	}
	structured := report("openai", "gpt-4o-mini", `{"age": "36"}`, 280, 300, 50, 8)
	structured.SchemaValid, structured.SchemaErrors = &invalid, []string{"/age: got string, want integer"}
	rec := history.NewRecorder(db, history.RecorderOptions{})
	rec.RecordAsk("Weather in Paris?", "", now, []backend.RouteReport{calls, structured})
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	m := opened(t, db, 100, 40)
	m, _ = press(t, m, keyOf(tea.KeyEnter, 0))
	frame := plain(m)
	for _, want := range []string{"  ⚙ get_weather ✓", "  ⚙ get_weather ✗ /city: got number, want string",
		"  ⚙ web_search · run by the provider", "  schema ✗ /age: got string, want integer"} {
		if !strings.Contains(frame, want) {
			t.Errorf("session lacks %q:\n%s", want, frame)
		}
	}
	if strings.Contains(m.View(), "\x1b[31m") {
		t.Error("a call's name put a control sequence on screen")
	}
}
