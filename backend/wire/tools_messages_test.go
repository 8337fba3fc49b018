package wire

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// toolLoop is a thread where the model called a tool and the user answered.
var toolLoop = backend.Request{Messages: []backend.Message{
	{Role: backend.RoleUser, Content: "Weather in Paris?"},
	{Role: backend.RoleAssistant, Content: "Checking.", ToolCalls: []backend.ToolCall{{ID: "call_1", Name: "get_weather", Arguments: `{"city":"Paris"}`}}},
	{Role: backend.RoleTool, ToolResults: []backend.ToolResult{{CallID: "call_1", Name: "get_weather", Content: "18°C, clear"}}},
}}

func loopBody(t *testing.T, w backend.Wire) string {
	t.Helper()
	body, err := AdapterFor(w).NewRequest(t.Context(), backend.Route{Wire: w, Model: "m", BaseURL: "http://x"}, toolLoop, "")
	if err != nil {
		t.Fatal(err)
	}
	_, _, b := requestParts(t, body)
	return b
}

func TestToolLoopOpenAI(t *testing.T) {
	want := compactJSON(t, `{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[
 {"role":"user","content":"Weather in Paris?"},
 {"role":"assistant","content":"Checking.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
 {"role":"tool","content":"18°C, clear","tool_call_id":"call_1"}]}`)
	if got := loopBody(t, backend.WireOpenAI); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

func TestToolLoopAnthropic(t *testing.T) {
	want := compactJSON(t, `{"model":"m","max_tokens":4096,"stream":true,"messages":[
 {"role":"user","content":"Weather in Paris?"},
 {"role":"assistant","content":[{"type":"text","text":"Checking."},{"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}]},
 {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"18°C, clear"}]}]}`)
	if got := loopBody(t, backend.WireAnthropic); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

func TestToolLoopGemini(t *testing.T) {
	want := compactJSON(t, `{"contents":[
 {"role":"user","parts":[{"text":"Weather in Paris?"}]},
 {"role":"model","parts":[{"text":"Checking."},{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]},
 {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"result":"18°C, clear"}}}]}]}`)
	if got := loopBody(t, backend.WireGemini); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

// TestToolLoopBrokenArguments: a call whose arguments never parsed still
// goes back, as the empty object where the wire wants an object.
func TestToolLoopBrokenArguments(t *testing.T) {
	msg := backend.Message{Role: backend.RoleAssistant, ToolCalls: []backend.ToolCall{{ID: "c", Name: "f", Arguments: `{"a":`}}}
	if got := string(anthropicMessage(msg).Content.([]anBlockOut)[0].Input); got != "{}" {
		t.Errorf("anthropic input = %s", got)
	}
	if got := openaiMessages(msg)[0]; got.Content != nil || got.ToolCalls[0].Function.Arguments != `{"a":` {
		t.Errorf("openai message = %+v", got)
	}
}

// TestGeminiSignatureGoesBack: a call's thoughtSignature (the part's
// sibling of functionCall, before or after it) is kept and sent back with
// the call, as Gemini 3 requires.
func TestGeminiSignatureGoesBack(t *testing.T) {
	for _, stream := range []string{
		`data: {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"f","args":{"a":1}},"thoughtSignature":"c2ln"}]},"finishReason":"STOP"}]}` + "\n\n",
		`data: {"candidates":[{"content":{"role":"model","parts":[{"thoughtSignature":"c2ln","functionCall":{"name":"f","args":{"a":1}}}]},"finishReason":"STOP"}]}` + "\n\n",
	} {
		res := resultOf(decodeStream(backend.WireGemini, strings.NewReader(stream), testkit.ZeroClock))
		if res.Err != nil || len(res.ToolCalls) != 1 || res.ToolCalls[0].Signature != "c2ln" {
			t.Fatalf("calls %+v (err %v)", res.ToolCalls, res.Err)
		}
		got := geminiContent(backend.Message{Role: backend.RoleAssistant, ToolCalls: res.ToolCalls})
		raw, _ := json.Marshal(got)
		if want := `{"role":"model","parts":[{"functionCall":{"name":"f","args":{"a":1}},"thoughtSignature":"c2ln"}]}`; string(raw) != want {
			t.Errorf("\n got %s\nwant %s", raw, want)
		}
	}
}
