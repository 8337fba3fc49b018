package history

import (
	"context"
	"reflect"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

// TestToolResultTurnsReload: a turn that answered tool calls reloads as
// one, with the calls it answered and its text; a prompt has none.
func TestToolResultTurnsReload(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	session := rec.StartSession(SourceTUI, "tools", day)
	rec.AddTurn(session, "weather in Paris?", "", day)
	results := []backend.ToolResult{{CallID: "call_1", Name: "get_weather", Content: "18°C"},
		{CallID: "call_2", Name: "get_time", Content: "18°C"}}
	rec.AddToolResultTurn(session, results, "", day)
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := db.Session(context.Background(), session)
	if err != nil || len(s.Turns) != 2 {
		t.Fatalf("session: %+v, err %v", s, err)
	}
	if s.Turns[0].ToolResults != nil {
		t.Errorf("a prompt reloaded with results %+v", s.Turns[0].ToolResults)
	}
	if got := s.Turns[1]; got.Prompt != "18°C" || !reflect.DeepEqual(got.ToolResults, results) {
		t.Errorf("tool-result turn reloaded as %q %+v", got.Prompt, got.ToolResults)
	}
}
