package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/routeplay/routeplay/backend/demo"
)

// `history --json` lists a run's tool calls with their verdicts and the
// structured-output verdict, as `ask --json` printed them.
func TestHistoryJSONKeepsToolCallsAndSchemaVerdict(t *testing.T) {
	t.Parallel()
	ht := newHistoryTestWith(t, func(demo.Request) demo.Script {
		return demo.Script{Text: "Seven is prime.", ToolCalls: []demo.ToolCall{
			{Name: "get_weather", Arguments: `{"city": "Paris"}`}, {Name: "get_weather", Arguments: `{"city": 75}`}}}
	}, "")
	dir := t.TempDir()
	tools, schema := filepath.Join(dir, "tools.json"), filepath.Join(dir, "person.json")
	for path, text := range map[string]string{tools: toolsFileDoc, schema: personSchemaDoc} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	asked, _ := ht.ask("--json", "--tools", tools, "--schema", schema, "weather in Paris?")
	var askDoc struct {
		Routes []json.RawMessage `json:"routes"`
	}
	if err := json.Unmarshal([]byte(asked), &askDoc); err != nil || len(askDoc.Routes) != 1 {
		t.Fatalf("ask --json: %v\n%s", err, asked)
	}
	type verdicts struct {
		ToolCalls    []askToolCall `json:"tool_calls"`
		SchemaValid  *bool         `json:"schema_valid"`
		SchemaErrors []string      `json:"schema_errors"`
	}
	var want verdicts
	if err := json.Unmarshal(askDoc.Routes[0], &want); err != nil {
		t.Fatal(err)
	}
	var runs []verdicts
	if err := json.Unmarshal([]byte(ht.run("history", "--json")), &runs); err != nil || len(runs) != 1 {
		t.Fatalf("history --json: %v", err)
	}
	got := runs[0]
	if len(want.ToolCalls) != 2 || want.SchemaValid == nil || *want.SchemaValid || len(want.SchemaErrors) == 0 {
		t.Fatalf("ask --json gave no calls or schema verdict to keep: %+v", want)
	}
	a, _ := json.Marshal(want)
	b, _ := json.Marshal(got)
	if string(a) != string(b) {
		t.Fatalf("history --json differs from ask --json:\ngot  %s\nwant %s", b, a)
	}
}
