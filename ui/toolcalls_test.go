package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/tooldef"
)

func toolCall(at, index int, id, name, args string) backend.Event {
	return backend.Event{Kind: backend.EventToolCall, At: ms(at), Tool: &backend.ToolDelta{Index: index, ID: id, Name: name, Arguments: args}}
}

func finish(at int, reason string) backend.Event {
	return backend.Event{Kind: backend.EventDone, At: ms(at), Finish: reason}
}

// toolRoutes are the test routes; two of them declare a weather tool.
func toolRoutes(t *testing.T) []backend.Route {
	t.Helper()
	weather, err := tooldef.NewTool("get_weather", "Current weather", []byte(
		`{"type":"object","properties":{"city":{"type":"string"},"unit":{"enum":["c","f"]}},"required":["city"]}`))
	if err != nil {
		t.Fatal(err)
	}
	rts := testRoutes()
	rts[0].Tools = []tooldef.Tool{weather}
	rts[2].Tools = []tooldef.Tool{weather}
	return rts
}

// toolCallsFinished: a valid call streamed in pieces, a call on a route
// that declared no tools (no verdict) after some text, and a call that
// breaks the schema.
func toolCallsFinished(t *testing.T, w, h int) Model {
	m, clock := sent(t, Options{Routes: toolRoutes(t), Engine: &scripted{}}, w, h)
	m = update(m,
		burst("or-gpt", 1, true, started(), toolCall(300, 0, "call_1", "get_weather", `{"city":`),
			toolCall(340, 0, "", "", ` "Paris"}`), usage(360, 40, 12, nil), finish(361, "tool_calls")),
		burst("openai", 2, true, started(), text(280, "Let me look that up."), toolCall(300, 0, "call_2", "lookup", `{"q":"tcp"}`),
			finish(320, "STOP")),
		burst("claude", 3, true, started(), toolCall(500, 0, "toolu_1", "get_weather", `{"city": 75, "unit": "k"}`),
			finish(530, "tool_use")),
	)
	return frames(m, clock, 3, 400)
}

func TestToolCallGolden(t *testing.T) {
	for _, size := range goldenSizes[:2] {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			m := toolCallsFinished(t, size.w, size.h)
			checkFrame(t, screen(m), size.w, size.h)
			golden.RequireEqual(t, screen(m))
		})
	}
}

// TestToolCallNotEmpty: an answer that is only a call ends "tool call",
// with its block, not as an empty "done".
func TestToolCallNotEmpty(t *testing.T) {
	m := toolCallsFinished(t, 200, 50)
	s := screen(m)
	requireContains(t, s, "✓ tool call")
	requireContains(t, s, "⚙ get_weather ✓ matches its schema")
	requireContains(t, s, `"city": "Paris"`)
	requireContains(t, s, "✗ /city: got number, want string")
	requireContains(t, s, "✗ /unit: value must be one of 'c', 'f'")
}

// schemaFinished: three routes asked for structured output; OpenRouter's
// answer follows it, OpenAI's has a wrong type, Anthropic's comes as the
// forced tool's input.
func schemaFinished(t *testing.T, w, h int) Model {
	t.Helper()
	sch, err := tooldef.NewOutputSchema("person.json", []byte(`{"type":"object","properties":{"age":{"type":"integer"}},"required":["age"]}`))
	if err != nil {
		t.Fatal(err)
	}
	rts := testRoutes()
	for i := range rts {
		rts[i].Schema = sch
	}
	rts[2].Wire = backend.WireAnthropic
	m, clock := sent(t, Options{Routes: rts, Engine: &scripted{}}, w, h)
	m = update(m,
		burst("or-gpt", 1, true, started(), text(300, `{"age": 36}`), finish(320, "stop")),
		burst("openai", 2, true, started(), text(280, `{"age": "36"}`), finish(300, "stop")),
		burst("claude", 3, true, started(), toolCall(500, 0, "toolu_1", "person", `{"age": 36}`), finish(530, "tool_use")),
	)
	return frames(m, clock, 3, 400)
}

func TestSchemaVerdictInPane(t *testing.T) {
	m := schemaFinished(t, 200, 50)
	s := screen(m)
	if n := strings.Count(s, "✓ done · schema ✓"); n != 1 {
		t.Errorf("%d valid structured answers marked, want 1:\n%s", n, s)
	}
	requireContains(t, s, "✓ done · schema ✗")
	requireContains(t, s, "✓ tool call · schema ✓")
	requireContains(t, s, "✗ the answer does not follow the schema")
	requireContains(t, s, "/age: got string, want integer")
	requireContains(t, s, "⚙ person ✓ matches its schema")
}

func TestSchemaGolden(t *testing.T) {
	size := goldenSizes[1]
	t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
		m := schemaFinished(t, size.w, size.h)
		checkFrame(t, screen(m), size.w, size.h)
		golden.RequireEqual(t, screen(m))
	})
}

// TestToolCallBlockRedactsKeys: a key the model echoes as an argument or a
// property name is masked in the call block and in its schema errors.
func TestToolCallBlockRedactsKeys(t *testing.T) {
	const secret = "sk-live-SECRET-0123456789"
	strict, err := tooldef.NewTool("f", "", []byte(`{"type":"object","additionalProperties":false}`))
	if err != nil {
		t.Fatal(err)
	}
	rts := testRoutes()[:1]
	rts[0].Tools = []tooldef.Tool{strict}
	m, clock := sent(t, Options{Routes: rts, Engine: &scripted{}}, 120, 40)
	m.panes[0].SetRedact(func(s string, _ bool) string { return strings.ReplaceAll(s, secret, "sk-***") }, nil)
	m = update(m, burst("or-gpt", 1, true, started(), toolCall(10, 0, "c", "f", `{"`+secret+`": 1}`), finish(20, "tool_calls")))
	s := screen(frames(m, clock, 3, 400))
	if strings.Contains(s, "SECRET") {
		t.Fatalf("the key shows:\n%s", s)
	}
	requireContains(t, s, "additional properties 'sk-***' not allowed")
}
