package pane

import (
	"context"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/safetext"
)

// Begin starts a run of prompt under generation gen and returns the request
// to send: this route's own thread plus the new user turn.
func (p *Pane) Begin(gen uint64, cancel context.CancelFunc, prompt, system string, start time.Time) backend.Request {
	p.closePendingCalls()
	t := &Turn{prompt: safetext.Sanitize(prompt), raw: prompt}
	return p.begin(gen, cancel, t, backend.Message{Role: backend.RoleUser, Content: prompt}, system, start)
}

// begin starts turn t, whose first message is msg, and returns the request.
func (p *Pane) begin(gen uint64, cancel context.CancelFunc, t *Turn, msg backend.Message, system string, start time.Time) backend.Request {
	p.gen, p.cancel = gen, cancel
	p.textSan, p.reasonSan = safetext.Sanitizer{}, safetext.Sanitizer{}
	t.res, t.start, t.state = backend.NewResult(p.route), start, StateWaiting
	p.turns = append(p.turns, t)
	p.pinBottom = true // a new prompt is read from its answer, wherever the reader was
	p.dirty = true
	msgs := make([]backend.Message, 0, len(p.thread)+1)
	msgs = append(msgs, p.thread...)
	msgs = append(msgs, msg)
	return backend.Request{System: system, Messages: msgs}
}

// Retry drops the last turn (and its reply from the thread if it had
// finished) so the same prompt can be sent again. It returns the prompt.
func (p *Pane) Retry() (string, bool) {
	t := p.Last()
	if t == nil {
		return "", false
	}
	p.Cancel()
	if t.state == StateDone && len(p.thread) >= 2 {
		p.thread = p.thread[:len(p.thread)-2]
	}
	p.turns = p.turns[:len(p.turns)-1]
	p.gen = 0
	p.dirty = true
	return t.raw, true
}

// Cancel asks the current run to stop; the route reports the cancellation.
func (p *Pane) Cancel() bool {
	if !p.Streaming() || p.cancel == nil {
		return false
	}
	p.Last().canceled = true
	p.cancel()
	return true
}

// Clear forgets the conversation.
func (p *Pane) Clear() {
	p.Cancel()
	p.thread, p.turns, p.gen = nil, nil, 0
	p.content.parts = nil
	p.body.SetSource(p.content)
	p.body.GotoTop()
	p.pinBottom = false
	p.dirty = true
}

// Apply folds a burst of events of generation gen into the pane. Events of
// any other generation are stale (a canceled or superseded run) and dropped.
func (p *Pane) Apply(gen uint64, events []backend.Event, closed bool) bool {
	t := p.Last()
	if gen == 0 || gen != p.gen || t == nil {
		return false
	}
	for _, ev := range events {
		p.applyEvent(t, ev)
	}
	if closed && (t.state == StateWaiting || t.state == StateStreaming) {
		p.applyEvent(t, backend.Event{Kind: backend.EventError, At: lastOffset(t.res.Timing),
			Err: &backend.RouteError{Kind: backend.ErrStream, Message: "the stream ended without a final event"}})
	}
	p.dirty = true
	return true
}

func (p *Pane) applyEvent(t *Turn, ev backend.Event) {
	if t.state != StateWaiting && t.state != StateStreaming {
		return // nothing follows a final event
	}
	switch ev.Kind {
	case backend.EventText:
		ev.Text = p.textSan.Clean(ev.Text)
	case backend.EventReasoning:
		ev.Text = p.reasonSan.Clean(ev.Text)
	case backend.EventError:
		if ev.Err == nil {
			ev.Err = &backend.RouteError{Kind: backend.ErrStream, Message: "the route failed without a reason"}
		}
	case backend.EventFallback:
		p.fallBack(t)
	}
	t.res.Apply(ev)
	// Apply marks the pane dirty after every burst; a new state shows on
	// the next frame because only a streaming answer is paced (Refresh).
	switch ev.Kind {
	case backend.EventText, backend.EventReasoning:
		if ev.Text != "" {
			t.state = StateStreaming
		}
	case backend.EventDone:
		t.state = StateDone
		t.schemaOK, t.schemaErrs = t.res.SchemaCheck()
		p.thread = append(p.thread, t.threadMessages()...)
	case backend.EventError:
		t.state = StateFailed
		if t.canceled || ev.Err.Kind == backend.ErrCanceled {
			t.state = StateCanceled
		}
	}
	if t.state >= StateDone {
		p.cancel, p.gen = nil, 0
	}
}

// lastOffset is the latest offset a run reported, for a final event the
// stream never sent.
func lastOffset(t backend.Timing) time.Duration {
	var at time.Duration
	for _, d := range []*time.Duration{t.Headers, t.FirstToken, t.LastToken} {
		if d != nil && *d > at {
			at = *d
		}
	}
	return at
}

// fallBack starts over for the next attempt of a client-side fallback: the
// failed attempt's partial answer goes (Result starts a fresh text) and the
// pane waits for the next route's first token.
func (p *Pane) fallBack(t *Turn) {
	p.textSan, p.reasonSan = safetext.Sanitizer{}, safetext.Sanitizer{}
	t.doc = nil
	t.state = StateWaiting
	p.dirty = true
}

// Restore appends a turn of a past session: its prompt (or the tool
// results it sent), its run, and the answer the thread carries on from. A
// turn that answered goes back in the thread with its calls as it did
// live, so /result can answer the last turn's calls after continuing.
func (p *Pane) Restore(prompt string, results []backend.ToolResult, res *backend.Result, answer string, start time.Time) {
	tr := &Turn{prompt: safetext.Sanitize(prompt), raw: prompt, res: res, start: start, state: StateDone}
	first := backend.Message{Role: backend.RoleUser, Content: prompt}
	if results != nil {
		tr.prompt, tr.results = backend.ToolResultsText(results), results
		first = backend.Message{Role: backend.RoleTool, ToolResults: results}
	}
	tr.schemaOK, tr.schemaErrs = res.SchemaCheck()
	switch {
	case res.Err != nil && res.Err.Kind == backend.ErrCanceled:
		tr.state = StateCanceled
	case res.Err != nil:
		tr.state = StateFailed
	default:
		p.thread = append(p.thread, first,
			backend.Message{Role: backend.RoleAssistant, Content: answer, ToolCalls: ClientCalls(res.ToolCalls)})
	}
	p.turns = append(p.turns, tr)
}

// FollowEnd shows the end of the conversation on the next frame.
func (p *Pane) FollowEnd() {
	p.pinBottom = true
	p.dirty = true
}
