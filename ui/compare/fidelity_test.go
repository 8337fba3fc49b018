package compare

import (
	"context"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/tooldef"
)

// callTurn: "good" makes a valid call, "sloppy" one valid and one whose
// arguments miss the required city, "plain" answers in words.
func callTurn(t *testing.T) []*backend.Result {
	t.Helper()
	tool, err := tooldef.NewTool("get_weather", "", []byte(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`))
	if err != nil {
		t.Fatal(err)
	}
	mk := func(name string, args ...string) *backend.Result {
		rt := backend.Route{Name: name, Kind: backend.KindOpenAI, Wire: backend.WireOpenAI, Model: "m", Tools: []tooldef.Tool{tool}}
		res := result(rt, run{headers: 100, first: 200, last: 300, total: 310, tokens: 2})
		for i, a := range args {
			res.Apply(backend.Event{Kind: backend.EventToolCall, At: ms(250),
				Tool: &backend.ToolDelta{Index: i, ID: "c", Name: "get_weather", Arguments: a}})
		}
		return res
	}
	return []*backend.Result{mk("good", `{"city":"Oslo"}`), mk("sloppy", `{"city":"Oslo"}`, `{}`), mk("plain")}
}

// TestCompareFidelity: the session scope counts each route's calls and the
// valid ones; a session without calls or schemas has no such section.
func TestCompareFidelity(t *testing.T) {
	m := New(Options{}, charm())
	m.SetSize(120, 60)
	m.AddTurn(context.Background(), 1, callTurn(t))
	m.AddTurn(context.Background(), 2, callTurn(t))
	m.scope = ScopeSession
	m.rerender()
	got := stripped(strings.Join(m.content(), "\n"))
	for _, want := range []string{"Fidelity · tool calls and schemas",
		"  good    2 tool calls · 2 valid (100%)", "  sloppy  4 tool calls · 2 valid (50%)", "  plain   0 tool calls"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	plain := New(Options{}, charm())
	plain.SetSize(120, 60)
	plain.AddTurn(context.Background(), 1, demoTurn(0, false))
	plain.scope = ScopeSession
	plain.rerender()
	if strings.Contains(stripped(strings.Join(plain.content(), "\n")), "Fidelity") {
		t.Error("a session without calls or schemas has no Fidelity section")
	}
}

// A route name of wide characters takes its width in cells, so the
// figures after every name start in one column.
func TestCompareFidelityAlignsWideNames(t *testing.T) {
	rs := callTurn(t)
	rs[0].Route.Name = "天気" // four cells, two runes
	m := New(Options{}, charm())
	m.SetSize(120, 60)
	m.AddTurn(context.Background(), 1, rs)
	m.scope = ScopeSession
	m.rerender()
	got := stripped(strings.Join(m.content(), "\n"))
	for _, want := range []string{"  天気    1 tool call", "  sloppy  2 tool calls"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
}
