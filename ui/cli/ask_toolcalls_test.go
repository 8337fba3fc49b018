package cli

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

// TestAskJSONToolCalls: each route lists its calls with the arguments as
// JSON (null when they do not parse) and no verdict until schemas exist.
func TestAskJSONToolCalls(t *testing.T) {
	res := backend.NewResult(backend.Route{Name: "r", Kind: backend.KindOpenAI, Model: "m"})
	for _, d := range []backend.ToolDelta{
		{Index: 0, ID: "call_1", Name: "get_weather", Arguments: `{"city": `},
		{Index: 1, Name: "broken", Arguments: `{"city": "Par`},
		{Index: 0, Arguments: `"Paris"}`},
		{Index: 2, Name: "no_args"},
	} {
		res.Apply(backend.Event{Kind: backend.EventToolCall, Tool: &d})
	}
	res.Apply(backend.Event{Kind: backend.EventDone, Finish: "tool_calls"})
	var out bytes.Buffer
	if err := writeAskJSON(&out, "weather?", []*backend.Result{res}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Routes []struct {
			ToolCalls []json.RawMessage `json:"tool_calls"`
		} `json:"routes"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Routes) != 1 {
		t.Fatalf("not the ask document: %v\n%s", err, out.String())
	}
	want := []string{
		`{"id":"call_1","name":"get_weather","arguments":{"city":"Paris"},"arguments_text":"{\"city\": \"Paris\"}","server":false,"valid":null,"schema_errors":null}`,
		`{"id":null,"name":"broken","arguments":null,"arguments_text":"{\"city\": \"Par","server":false,"valid":null,"schema_errors":null}`,
		`{"id":null,"name":"no_args","arguments":{},"arguments_text":"","server":false,"valid":null,"schema_errors":null}`,
	}
	got := doc.Routes[0].ToolCalls
	if len(got) != len(want) {
		t.Fatalf("%d calls, want %d:\n%s", len(got), len(want), out.String())
	}
	for i := range want {
		var c bytes.Buffer
		_ = json.Compact(&c, got[i])
		if c.String() != want[i] {
			t.Errorf("call %d:\n got %s\nwant %s", i, c.String(), want[i])
		}
	}
}
