package history

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

// A run's tool calls, with their verdicts, and the schema verdict come back
// from the database as they were reported.
func TestToolCallsAndSchemaVerdictAreKept(t *testing.T) {
	db := openTemp(t)
	valid, invalid := true, false
	id := "call_1"
	rep := sampleReport("or-mini", 300, 50, false)
	rep.ToolCalls = []backend.ToolCallReport{
		{ID: &id, Name: "get_weather", Arguments: json.RawMessage(`{"city":"Paris"}`),
			ArgumentsText: `{"city": "Paris"}`, Valid: &valid, SchemaErrors: []string{}},
		{Name: "get_weather", ArgumentsText: `{"city":`, Valid: &invalid, SchemaErrors: []string{"not JSON"}},
		{Name: "web_search", Arguments: json.RawMessage(`{}`), Server: true},
	}
	rep.SchemaValid, rep.SchemaErrors = &invalid, []string{"/age: got string, want integer"}
	plain := sampleReport("direct", 200, 60, false)
	plain.ToolCalls = []backend.ToolCallReport{}
	rec := NewRecorder(db, RecorderOptions{})
	rec.RecordAsk("weather?", "", day, []backend.RouteReport{rep, plain})
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Runs(context.Background(), Filter{})
	if err != nil || len(rows) != 2 {
		t.Fatalf("runs %d, err %v", len(rows), err)
	}
	byRoute := map[string]backend.RouteReport{}
	for _, r := range rows {
		byRoute[r.Report.Route] = r.Report
	}
	if a, b := mustJSON(t, byRoute["or-mini"]), mustJSON(t, rep); a != b {
		t.Fatalf("calls changed in the database:\ngot  %s\nwant %s", a, b)
	}
	if got := byRoute["direct"]; got.SchemaValid != nil || got.SchemaErrors != nil || len(got.ToolCalls) != 0 {
		t.Fatalf("a run with no calls and no schema: %+v", got)
	}
}

// Runs a v8 build wrote, before calls were kept, load with no calls and no
// schema verdict, and reload as a result that shows none.
func TestRunWrittenByV8HasNoCalls(t *testing.T) {
	old, path := builtBy(t, 8)
	if _, err := old.sql.Exec(`INSERT INTO runs(source, started_at, route, kind, model, text, total_ms)
		VALUES ('ask', ?, 'or-mini', 'openrouter', 'openai/gpt-4o-mini', 'old answer', 900)`, day.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	old.Close()
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Runs(context.Background(), Filter{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("runs %+v, err %v", rows, err)
	}
	rep := rows[0].Report
	if rep.ToolCalls == nil || len(rep.ToolCalls) != 0 || rep.SchemaValid != nil || rep.SchemaErrors != nil {
		t.Fatalf("a v8 run: calls %v, schema %v %v", rep.ToolCalls, rep.SchemaValid, rep.SchemaErrors)
	}
	res := backend.ResultFromReport(reloadRoute, rep)
	if valid, _ := res.SchemaCheck(); len(res.ToolCalls) != 0 || valid != nil {
		t.Fatalf("reloaded v8 run: calls %v, schema %v", res.ToolCalls, valid)
	}
}
