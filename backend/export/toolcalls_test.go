package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/tooldef"
)

func TestMarkdownListsToolCalls(t *testing.T) {
	weather, err := tooldef.NewTool("get_weather", "", []byte(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`))
	if err != nil {
		t.Fatal(err)
	}
	res := backend.NewResult(backend.Route{Name: "r", Kind: backend.KindOpenAI, Model: "m", Tools: []tooldef.Tool{weather}})
	for _, d := range []backend.ToolDelta{
		{Index: 0, ID: "c1", Name: "get_weather", Arguments: `{"city":"Paris"}`},
		{Index: 1, ID: "c2", Name: "get_weather", Arguments: `{}`},
		{Index: 2, ID: "c3", Name: "rm`|x", Arguments: `{`},
	} {
		res.Apply(backend.Event{Kind: backend.EventToolCall, Tool: &d})
	}
	res.Apply(backend.Event{Kind: backend.EventDone, Finish: "tool_calls"})
	var b strings.Builder
	if err := WriteMarkdown(&b, Export{Prompt: "weather?", Results: []*backend.Result{res}}, nil); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"Tool call: `get_weather` ✓ matches its schema\n\n```text\n{\n  \"city\": \"Paris\"\n}\n```",
		"Tool call: `get_weather` ✗ /: missing property 'city'\n\n```text\n{}\n```",
		"Tool call: `rm\\'\\|x` ✗ no tool named \"rm\\`\\|x\" was declared\n\n```text\n{\n```",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("export lacks\n%s\nin:\n%s", want, md)
		}
	}
}

func TestMarkdownSchemaVerdict(t *testing.T) {
	sch, err := tooldef.NewOutputSchema("p.json", []byte(`{"type":"object","required":["age"]}`))
	if err != nil {
		t.Fatal(err)
	}
	var results []*backend.Result
	for _, answer := range []string{`{"age": 3}`, `{}`} {
		res := backend.NewResult(backend.Route{Name: "r", Kind: backend.KindOpenAI, Model: "m", Schema: sch})
		res.Apply(backend.Event{Kind: backend.EventText, Text: answer})
		res.Apply(backend.Event{Kind: backend.EventDone, Finish: "stop"})
		results = append(results, res)
	}
	var b strings.Builder
	if err := WriteMarkdown(&b, Export{Prompt: "age?", Results: results}, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Structured output: ✓ follows the schema", "Structured output: ✗ /: missing property 'age'"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("export lacks %q:\n%s", want, b.String())
		}
	}
}

// A JSON export carries each route's calls with their verdicts and the
// schema verdict, as `ask --json` prints them.
func TestJSONCarriesToolCallsAndSchemaVerdict(t *testing.T) {
	weather, err := tooldef.NewTool("get_weather", "", []byte(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`))
	if err != nil {
		t.Fatal(err)
	}
	sch, err := tooldef.NewOutputSchema("p.json", []byte(`{"type":"object","required":["age"]}`))
	if err != nil {
		t.Fatal(err)
	}
	res := backend.NewResult(backend.Route{Name: "r", Kind: backend.KindOpenAI, Model: "m", Tools: []tooldef.Tool{weather}, Schema: sch})
	res.Apply(backend.Event{Kind: backend.EventText, Text: `{}`})
	res.Apply(backend.Event{Kind: backend.EventToolCall, Tool: &backend.ToolDelta{ID: "c1", Name: "get_weather", Arguments: `{"city":7}`}})
	res.Apply(backend.Event{Kind: backend.EventDone, Finish: "tool_calls"})
	var b bytes.Buffer
	if err := WriteJSON(&b, Export{Prompt: "weather?", Results: []*backend.Result{res}}, nil); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Routes []backend.RouteReport `json:"routes"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || len(doc.Routes) != 1 {
		t.Fatalf("export: %v\n%s", err, b.String())
	}
	r := doc.Routes[0]
	if len(r.ToolCalls) != 1 || r.ToolCalls[0].Name != "get_weather" || r.ToolCalls[0].Valid == nil || *r.ToolCalls[0].Valid ||
		strings.Join(r.ToolCalls[0].SchemaErrors, ";") != "/city: got number, want string" {
		t.Errorf("tool calls: %s", b.String())
	}
	if r.SchemaValid == nil || *r.SchemaValid || strings.Join(r.SchemaErrors, ";") != "/: missing property 'age'" {
		t.Errorf("schema verdict: %s", b.String())
	}
}
