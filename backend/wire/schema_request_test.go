package wire

import (
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/tooldef"
)

const personSchema = `{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"]}`

func personOutput(t *testing.T) *tooldef.OutputSchema {
	t.Helper()
	s, err := tooldef.NewOutputSchema("schemas/person.schema.json", []byte(personSchema))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSchemaInOpenAIRequest(t *testing.T) {
	rt := backend.Route{Kind: backend.KindOpenAI, Wire: backend.WireOpenAI, Model: "m", BaseURL: "http://x", Schema: personOutput(t)}
	want := compactJSON(t, `{"model":"m","stream":true,"stream_options":{"include_usage":true},
 "messages":[{"role":"user","content":"Hi"}],
 "response_format":{"type":"json_schema","json_schema":{"name":"person","schema":`+personSchema+`}}}`)
	if got := toolRequestBody(t, rt); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

// TestSchemaInAnthropicRequest: the schema travels as a forced tool, after
// the route's own tools, and overrides its tool_choice.
func TestSchemaInAnthropicRequest(t *testing.T) {
	rt := backend.Route{Kind: backend.KindAnthropic, Wire: backend.WireAnthropic, Model: "m", BaseURL: "http://x",
		Schema: personOutput(t), Tools: toolsForTest(t)[1:], ToolChoice: "required"}
	want := compactJSON(t, `{"model":"m","max_tokens":4096,"stream":true,"messages":[{"role":"user","content":"Hi"}],
 "tools":[{"name":"now","input_schema":{"type":"object","properties":{}}},
          {"name":"person","description":"Answer with this tool; its input is the whole answer.","input_schema":`+personSchema+`}],
 "tool_choice":{"type":"tool","name":"person"}}`)
	if got := toolRequestBody(t, rt); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

func TestSchemaInGeminiRequest(t *testing.T) {
	rt := backend.Route{Kind: backend.KindGemini, Wire: backend.WireGemini, Model: "m", BaseURL: "http://x", Schema: personOutput(t)}
	want := compactJSON(t, `{"contents":[{"role":"user","parts":[{"text":"Hi"}]}],
 "generationConfig":{"responseMimeType":"application/json","responseJsonSchema":`+personSchema+`}}`)
	if got := toolRequestBody(t, rt); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}
