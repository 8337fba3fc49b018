package backend

import (
	"testing"

	"github.com/routeplay/routeplay/backend/tooldef"
)

// TestSchemaCheckAnthropic: on Anthropic the answer is the forced tool's
// input; no schema means no verdict.
func TestSchemaCheckAnthropic(t *testing.T) {
	s, err := tooldef.NewOutputSchema("p.json", []byte(`{"type":"object","required":["age"]}`))
	if err != nil {
		t.Fatal(err)
	}
	res := NewResult(Route{Wire: WireAnthropic, Schema: s})
	res.Apply(Event{Kind: EventToolCall, Tool: &ToolDelta{Name: "p", Arguments: `{"age":1}`}})
	res.Apply(Event{Kind: EventDone, Finish: "tool_use"})
	if v, errs := res.SchemaCheck(); v == nil || !*v || len(errs) != 0 {
		t.Errorf("SchemaCheck = %v %q", v, errs)
	}
	plain := NewResult(Route{})
	plain.Apply(Event{Kind: EventDone})
	if v, _ := plain.SchemaCheck(); v != nil {
		t.Errorf("a run without a schema has a verdict")
	}
}
