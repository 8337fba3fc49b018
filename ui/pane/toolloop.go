package pane

import (
	"context"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// threadMessages are what a finished turn adds to the route's thread: the
// prompt (or the tool results it sent) and the answer with its calls.
func (t *Turn) threadMessages() []backend.Message {
	first := backend.Message{Role: backend.RoleUser, Content: t.raw}
	if t.results != nil {
		first = backend.Message{Role: backend.RoleTool, ToolResults: t.results}
	}
	return []backend.Message{first,
		{Role: backend.RoleAssistant, Content: t.res.Text.String(), ToolCalls: ClientCalls(t.res.ToolCalls)}}
}

// ClientCalls leaves out the calls the provider ran itself: only the
// client's calls get an answer, and only they go back in the thread.
func ClientCalls(calls []backend.ToolCall) []backend.ToolCall {
	var out []backend.ToolCall
	for _, c := range calls {
		if !c.Server && c.Name != "" {
			out = append(out, c)
		}
	}
	return out
}

// PendingCalls are the calls of the pane's last turn that await a result:
// the turn finished and made client calls.
func (p *Pane) PendingCalls() []backend.ToolCall {
	t := p.Last()
	if t == nil || t.state != StateDone {
		return nil
	}
	return ClientCalls(t.res.ToolCalls)
}

// BeginToolResult starts a turn that answers every pending call with
// result; ok is false when there is no call to answer.
func (p *Pane) BeginToolResult(gen uint64, cancel context.CancelFunc, result, system string, start time.Time) (backend.Request, bool) {
	results := p.answerPending(result)
	if results == nil {
		return backend.Request{}, false
	}
	t := &Turn{prompt: backend.ToolResultsText(results), raw: result, results: results}
	return p.begin(gen, cancel, t, backend.Message{Role: backend.RoleTool, ToolResults: results}, system, start), true
}

// LastIsToolResult reports whether the last turn answered tool calls.
func (p *Pane) LastIsToolResult() bool {
	t := p.Last()
	return t != nil && t.results != nil
}

// NotRunResult answers a call the user left unanswered by sending a new
// prompt instead.
const NotRunResult = "not run: the user sent a new prompt instead"

// closePendingCalls answers the last turn's unanswered calls in the thread
// before a new prompt: every provider rejects a thread whose tool calls
// have no results, so without this the route could never answer again.
func (p *Pane) closePendingCalls() {
	// A retry of the prompt after them finds them closed already.
	if results := p.answerPending(NotRunResult); results != nil {
		p.thread = append(p.thread, backend.Message{Role: backend.RoleTool, ToolResults: results})
	}
}

// answerPending is a result with content for every call of the last turn
// still waiting for one; nil when none is, or when the thread has moved
// past that turn.
func (p *Pane) answerPending(content string) []backend.ToolResult {
	calls := p.PendingCalls()
	if len(calls) == 0 || len(p.thread) == 0 || p.thread[len(p.thread)-1].Role != backend.RoleAssistant {
		return nil
	}
	results := make([]backend.ToolResult, len(calls))
	for i, c := range calls {
		results[i] = backend.ToolResult{CallID: c.ID, Name: c.Name, Content: content}
	}
	return results
}
