package wire

import (
	"context"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/tooldef"
)

const weatherSchema = `{"type":"object","properties":{"city":{"type":"string"},"unit":{"enum":["c","f"]}},"required":["city"]}`

func toolsForTest(t *testing.T) []tooldef.Tool {
	t.Helper()
	weather, err := tooldef.NewTool("get_weather", "Current weather in a city", []byte(weatherSchema))
	if err != nil {
		t.Fatal(err)
	}
	clock, err := tooldef.NewTool("now", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return []tooldef.Tool{weather, clock}
}

func toolRequestBody(t *testing.T, rt backend.Route) string {
	t.Helper()
	r, err := AdapterFor(rt.Wire).NewRequest(context.Background(), rt, backend.Request{Messages: threeTurns.Messages[:1]}, "")
	if err != nil {
		t.Fatal(err)
	}
	_, _, body := requestParts(t, r)
	return body
}

func TestToolsInOpenAIRequest(t *testing.T) {
	for _, tc := range []struct{ choice, want string }{
		{"", `"auto"`},
		{"required", `"required"`},
		{"none", `"none"`},
		{"get_weather", `{"type":"function","function":{"name":"get_weather"}}`},
	} {
		rt := backend.Route{Kind: backend.KindOpenRouter, Wire: backend.WireOpenAI, Model: "m", BaseURL: "http://x", Tools: toolsForTest(t), ToolChoice: tc.choice}
		want := compactJSON(t, `{"model":"m","stream":true,"stream_options":{"include_usage":true},
 "messages":[{"role":"user","content":"Hi"}],"usage":{"include":true},
 "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather in a city","parameters":`+weatherSchema+`}},
          {"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}}],
 "tool_choice":`+tc.want+`}`)
		if got := toolRequestBody(t, rt); got != want {
			t.Errorf("choice %q:\n got %s\nwant %s", tc.choice, got, want)
		}
	}
}

func TestToolsInAnthropicRequest(t *testing.T) {
	for _, tc := range []struct{ choice, want string }{
		{"", `{"type":"auto"}`},
		{"required", `{"type":"any"}`},
		{"none", `{"type":"none"}`},
		{"now", `{"type":"tool","name":"now"}`},
	} {
		rt := backend.Route{Kind: backend.KindAnthropic, Wire: backend.WireAnthropic, Model: "m", BaseURL: "http://x", Tools: toolsForTest(t), ToolChoice: tc.choice}
		want := compactJSON(t, `{"model":"m","max_tokens":4096,"stream":true,"messages":[{"role":"user","content":"Hi"}],
 "tools":[{"name":"get_weather","description":"Current weather in a city","input_schema":`+weatherSchema+`},
          {"name":"now","input_schema":{"type":"object","properties":{}}}],
 "tool_choice":`+tc.want+`}`)
		if got := toolRequestBody(t, rt); got != want {
			t.Errorf("choice %q:\n got %s\nwant %s", tc.choice, got, want)
		}
	}
}

func TestToolsInGeminiRequest(t *testing.T) {
	for _, tc := range []struct{ choice, want string }{
		{"", `{"mode":"AUTO"}`},
		{"required", `{"mode":"ANY"}`},
		{"none", `{"mode":"NONE"}`},
		{"get_weather", `{"mode":"ANY","allowedFunctionNames":["get_weather"]}`},
	} {
		rt := backend.Route{Kind: backend.KindGemini, Wire: backend.WireGemini, Model: "m", BaseURL: "http://x", Tools: toolsForTest(t), ToolChoice: tc.choice}
		want := compactJSON(t, `{"contents":[{"role":"user","parts":[{"text":"Hi"}]}],
 "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Current weather in a city","parametersJsonSchema":`+weatherSchema+`},{"name":"now"}]}],
 "toolConfig":{"functionCallingConfig":`+tc.want+`}}`)
		if got := toolRequestBody(t, rt); got != want {
			t.Errorf("choice %q:\n got %s\nwant %s", tc.choice, got, want)
		}
	}
}

// TestNoToolsNoToolFields: a route without tools sends exactly what it sent
// before tools existed.
func TestNoToolsNoToolFields(t *testing.T) {
	for _, w := range []backend.Wire{backend.WireOpenAI, backend.WireAnthropic, backend.WireGemini} {
		body := toolRequestBody(t, backend.Route{Wire: w, Model: "m", BaseURL: "http://x"})
		for _, field := range []string{`"tools"`, `"tool_choice"`, `"toolConfig"`} {
			if strings.Contains(body, field) {
				t.Errorf("%v: %s sent without tools: %s", w, field, body)
			}
		}
	}
}
