package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// TestAskJSONToolCalls: each route lists its calls with the arguments as
// JSON (null when they do not parse) and no verdict until schemas exist.
func TestAskJSONToolCalls(t *testing.T) {
	t.Parallel()
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

// toolsFileDoc declares two tools in OpenAI's function format.
const toolsFileDoc = `[
 {"type": "function", "function": {"name": "get_weather", "description": "Current weather",
  "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}},
 {"type": "function", "function": {"name": "now", "description": "The time"}}]`

type askToolCall struct {
	Name         string          `json:"name"`
	Arguments    json.RawMessage `json:"arguments"`
	Valid        *bool           `json:"valid"`
	SchemaErrors []string        `json:"schema_errors"`
}

// TestAskToolsOverLoopback: --tools sends the declarations on every wire,
// and the fake's scripted calls come back checked against them: a valid
// call, one with the wrong type, one to an undeclared tool.
func TestAskToolsOverLoopback(t *testing.T) {
	t.Parallel()
	calls := []demo.ToolCall{
		{Name: "get_weather", Arguments: `{"city": "Paris"}`},
		{Name: "get_weather", Arguments: `{"city": 75}`},
		{Name: "launch", Arguments: `{}`},
	}
	w := newAskWorld(t, askKeys, func(demo.Request) demo.Script { return demo.Script{ToolCalls: calls} })
	file := w.writeConfig(toolsFileDoc)
	out, errOut, code := w.ask(askRun{}, "--json", "--tools", file, "weather in Paris?")
	if code != cmdenv.ExitOK {
		t.Fatalf("code %d stderr %q\n%s", code, errOut, out)
	}
	var doc struct {
		Routes []struct {
			Route     string        `json:"route"`
			ToolCalls []askToolCall `json:"tool_calls"`
		} `json:"routes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Routes) != 4 {
		t.Fatalf("not the ask document: %v\n%s", err, out)
	}
	for _, r := range doc.Routes {
		got := r.ToolCalls
		if len(got) != 3 {
			t.Errorf("%s: %d calls, want 3", r.Route, len(got))
			continue
		}
		var args bytes.Buffer
		_ = json.Compact(&args, got[0].Arguments)
		if got[0].Valid == nil || !*got[0].Valid || got[0].SchemaErrors == nil || len(got[0].SchemaErrors) != 0 || args.String() != `{"city":"Paris"}` {
			t.Errorf("%s: valid call reported %+v", r.Route, got[0])
		}
		if got[1].Valid == nil || *got[1].Valid || len(got[1].SchemaErrors) != 1 || got[1].SchemaErrors[0] != "/city: got number, want string" {
			t.Errorf("%s: wrong type reported %+v", r.Route, got[1])
		}
		if got[2].Valid == nil || *got[2].Valid || len(got[2].SchemaErrors) != 1 || got[2].SchemaErrors[0] != `no tool named "launch" was declared` {
			t.Errorf("%s: undeclared tool reported %+v", r.Route, got[2])
		}
	}
	// Every wire carried the declarations in its own form.
	for _, req := range w.fake.Requests() {
		var names []string
		switch req.Wire {
		case demo.Gemini:
			for _, d := range req.Body["tools"].([]any)[0].(map[string]any)["functionDeclarations"].([]any) {
				names = append(names, d.(map[string]any)["name"].(string))
			}
		default:
			for _, tl := range req.Body["tools"].([]any) {
				m := tl.(map[string]any)
				if f, ok := m["function"].(map[string]any); ok {
					m = f
				}
				names = append(names, m["name"].(string))
			}
		}
		if strings.Join(names, ",") != "get_weather,now" {
			t.Errorf("%v request sent tools %v", req.Wire, names)
		}
	}
}

func TestAskToolsFileErrors(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, healthy)
	bad := w.writeConfig(`[{"type": "function", "function": {"name": "x", "parameters": {"type": 5}}}]`)
	_, errOut, code := w.ask(askRun{}, "--tools", bad, "hi")
	if code != cmdenv.ExitUsage || !strings.Contains(errOut, `tool #1: tool "x": parameters`) {
		t.Errorf("code %d stderr %q", code, errOut)
	}
	_, errOut, code = w.ask(askRun{}, "--tools", bad+".missing", "hi")
	if code != cmdenv.ExitUsage || !strings.Contains(errOut, "--tools") {
		t.Errorf("code %d stderr %q", code, errOut)
	}
}

// TestAskTextToolCalls: an answer that is only a call reads "ok (tool
// call)" on every wire (Gemini's finish reason is a plain STOP) and shows
// the call with its verdict.
func TestAskTextToolCalls(t *testing.T) {
	t.Parallel()
	calls := []demo.ToolCall{{Name: "get_weather", Arguments: `{"city": 75}`}}
	w := newAskWorld(t, askKeys, func(demo.Request) demo.Script { return demo.Script{ToolCalls: calls} })
	out, errOut, code := w.ask(askRun{}, "--tools", w.writeConfig(toolsFileDoc), "weather?")
	if code != cmdenv.ExitOK {
		t.Fatalf("code %d stderr %q\n%s", code, errOut, out)
	}
	if n := strings.Count(out, "ok (tool call)"); n != 4 {
		t.Errorf("%d routes read ok (tool call), want 4:\n%s", n, out)
	}
	if strings.Contains(out, "ok (STOP)") || strings.Contains(out, "ok (tool_calls)") {
		t.Errorf("a raw finish reason shows:\n%s", out)
	}
	want := "[tool call] get_weather  ✗ /city: got number, want string\n  {\n    \"city\": 75\n  }\n"
	if n := strings.Count(out, want); n != 4 {
		t.Errorf("%d call blocks, want 4 of:\n%s\nin:\n%s", n, want, out)
	}
}

// TestAskToolsReachFallbacks: a route a fallback reaches is asked with the
// run's --tools too, and its calls are checked against them.
func TestAskToolsReachFallbacks(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, func(r demo.Request) demo.Script {
		if r.Model == "busy" {
			return demo.Script{Status: 429, ErrorMessage: "slow down"}
		}
		return demo.Script{ToolCalls: []demo.ToolCall{{Name: "now", Arguments: `{}`}}}
	})
	w.config = w.writeConfig(fmt.Sprintf(`
[[routes]]
name = "primary"
provider = "openai"
model = "busy"
base_url = "%[1]s/v1"
fallback = ["spare"]

[[routes]]
name = "spare"
provider = "openai"
model = "spare"
base_url = "%[1]s/v1"
hidden = true
`, w.hs.URL))
	out, errOut, code := w.ask(askRun{}, "--json", "--tools", w.writeConfig(toolsFileDoc), "time?")
	if code != cmdenv.ExitOK {
		t.Fatalf("code %d stderr %q\n%s", code, errOut, out)
	}
	reqs := w.fake.Requests()
	if len(reqs) != 2 || reqs[1].Model != "spare" || reqs[1].Body["tools"] == nil {
		t.Fatalf("the fallback was not sent the tools: %d requests", len(reqs))
	}
	if !strings.Contains(out, `"valid": true`) {
		t.Errorf("the fallback's call was not checked:\n%s", out)
	}
}
