package ui

import (
	"slices"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/ui/pane"
)

// TestResultRunsAToolLoop: /result answers the focused pane's call; only
// that pane runs, and its request carries the call and the result.
func TestResultRunsAToolLoop(t *testing.T) {
	src := &scripted{scripts: map[string][]backend.Event{
		"or-gpt": {started(), toolCall(10, 0, "call_1", "get_weather", `{"city":"Paris"}`), finish(20, "tool_calls")},
		"openai": {started(), text(10, "No tools here."), done(20)},
		"claude": {started(), text(10, "Nor here."), done(20)},
	}}
	opts := threeRoutes()
	opts.Engine = src
	m := update(newTestModel(opts, &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = runTurn(t, m, question)
	if len(m.panes[0].PendingCalls()) != 1 {
		t.Fatalf("no pending call in or-gpt:\n%s", screen(m))
	}
	before := len(src.requests("openai"))
	m = runTurn(t, m, "/result 18°C, clear")
	reqs := src.requests("or-gpt")
	last := reqs[len(reqs)-1]
	roles := make([]backend.Role, 0, len(last.Messages))
	for _, msg := range last.Messages {
		roles = append(roles, msg.Role)
	}
	if !slices.Equal(roles, []backend.Role{backend.RoleUser, backend.RoleAssistant, backend.RoleTool}) {
		t.Fatalf("roles %v", roles)
	}
	call := last.Messages[1].ToolCalls
	res := last.Messages[2].ToolResults
	if len(call) != 1 || call[0].ID != "call_1" || call[0].Arguments != `{"city":"Paris"}` ||
		len(res) != 1 || res[0] != (backend.ToolResult{CallID: "call_1", Name: "get_weather", Content: "18°C, clear"}) {
		t.Errorf("calls %+v results %+v", call, res)
	}
	if n := len(src.requests("openai")); n != before {
		t.Errorf("the result went to other panes too (%d requests, was %d)", n, before)
	}
	requireContains(t, screen(m), "↩ get_weather: 18°C, clear")
}

// TestResultWithoutCall: nothing to answer keeps the text and says why.
func TestResultWithoutCall(t *testing.T) {
	src := &scripted{scripts: map[string][]backend.Event{"or-gpt": {started(), text(10, "Hi."), done(20)}}}
	opts := threeRoutes()
	opts.Engine = src
	m := update(newTestModel(opts, &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = runTurn(t, m, question)
	m = update(typeText(m, "/result 42"), enter())
	if m.input.Value() != "/result 42" || len(src.requests("or-gpt")) != 1 {
		t.Errorf("input %q, %d requests", m.input.Value(), len(src.requests("or-gpt")))
	}
	requireContains(t, screen(m), "made no tool call to answer")
}

// TestAddedRoutesArePrepared: a route added in the playground gets the
// run's tools like the routes it started with.
func TestAddedRoutesArePrepared(t *testing.T) {
	tools := toolRoutes(t)[0].Tools
	opts := threeRoutes()
	opts.PrepareRoute = func(rt backend.Route) backend.Route { rt.Tools = tools; return rt }
	m := update(newTestModel(opts, &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40})
	m.addRoutes([]backend.Route{{Name: "added", Kind: backend.KindOpenAI, Model: "gpt-4.1"}})
	i, ok := m.index["added"]
	if !ok || len(m.panes[i].Route().Tools) != 1 {
		t.Fatalf("added route: found %v, tools %d", ok, len(m.panes[i].Route().Tools))
	}
}

// TestNewPromptClosesUnansweredCalls: a new prompt after a tool call that
// got no /result sends the call closed with a "not run" result, so the
// thread stays one every provider accepts (calls always followed by their
// results), and the route answers again.
func TestNewPromptClosesUnansweredCalls(t *testing.T) {
	src := &scripted{scripts: map[string][]backend.Event{
		"or-gpt": {started(), toolCall(10, 0, "call_1", "get_weather", `{"city":"Paris"}`), finish(20, "tool_calls")},
	}}
	opts := threeRoutes()
	opts.Engine = src
	m := update(newTestModel(opts, &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = runTurn(t, m, question)
	next, cmd := typeText(m, "Never mind: what is 2+2?").Update(enter())
	m = next.(Model)
	requireContains(t, m.status, "1 unanswered tool call sent back as not run")
	m = runCmds(t, m, cmd)
	reqs := src.requests("or-gpt")
	last := reqs[len(reqs)-1]
	var roles []backend.Role
	for _, msg := range last.Messages {
		roles = append(roles, msg.Role)
	}
	want := []backend.Role{backend.RoleUser, backend.RoleAssistant, backend.RoleTool, backend.RoleUser}
	if !slices.Equal(roles, want) {
		t.Fatalf("roles %v, want %v", roles, want)
	}
	res := last.Messages[2].ToolResults
	if len(res) != 1 || res[0].CallID != "call_1" || res[0].Name != "get_weather" || res[0].Content != pane.NotRunResult {
		t.Errorf("results %+v", res)
	}
	// The third prompt does not close the same call twice.
	m = runTurn(t, m, "And 3+3?")
	reqs = src.requests("or-gpt")
	if closed := countRole(reqs[len(reqs)-1].Messages, backend.RoleTool); closed != 2 {
		// the second answer made the same scripted call again, so two closings
		t.Errorf("%d tool messages in the third request, want 2", closed)
	}
	// A retry of the last prompt does not close the call before it twice.
	p := &m.panes[0]
	prompt, _ := p.Retry()
	if n := countRole(p.Begin(99, func() {}, prompt, "", t0).Messages, backend.RoleTool); n != 2 {
		t.Errorf("%d tool messages in the retried request, want 2", n)
	}
}

func countRole(msgs []backend.Message, role backend.Role) int {
	n := 0
	for _, msg := range msgs {
		if msg.Role == role {
			n++
		}
	}
	return n
}
