package backend

import "time"

// ToolCall is a function call the model made, assembled from the stream.
type ToolCall struct {
	ID   string
	Name string
	// Arguments is the JSON text of the arguments as the model wrote it, ""
	// when it sent none. It may be invalid JSON: models get it wrong.
	Arguments string
	// Server marks a tool the provider runs itself (Anthropic's
	// server_tool_use, such as web search); the client never answers it.
	Server bool
}

// ToolDelta is one streamed piece of a tool call. Index is the call's
// position in the answer (0, 1, … in order of first appearance, whatever
// numbering the provider uses); ID and Name arrive once, Arguments in
// fragments to append.
type ToolDelta struct {
	Index     int
	ID        string
	Name      string
	Arguments string
	Server    bool
}

// maxToolCalls bounds the calls kept from one answer, so a hostile stream
// cannot grow the list without end. Real answers make a handful.
const maxToolCalls = 128

// toolIndex maps a provider's call numbering (OpenAI tool_calls[].index, an
// Anthropic content block index) to ToolDelta.Index, in order of first
// appearance.
type toolIndex struct {
	keys []int
}

// pos returns the position of key, adding it when new; ok is false once
// maxToolCalls calls are known and key is not one of them.
func (t *toolIndex) pos(key int) (pos int, ok bool) {
	if i, ok := t.find(key); ok {
		return i, true
	}
	if len(t.keys) >= maxToolCalls {
		return 0, false
	}
	t.keys = append(t.keys, key)
	return len(t.keys) - 1, true
}

// add starts a call that has no provider numbering (a Gemini functionCall
// part, an OpenAI entry without an index).
func (t *toolIndex) add() (pos int, ok bool) {
	if len(t.keys) >= maxToolCalls {
		return 0, false
	}
	// Keys of unnumbered calls are negative so they never meet a provider's.
	t.keys = append(t.keys, -1-len(t.keys))
	return len(t.keys) - 1, true
}

// last is the position of the latest call, -1 if none.
func (t *toolIndex) last() int { return len(t.keys) - 1 }

// toolEvent is an EventToolCall for one piece.
func toolEvent(at time.Duration, d ToolDelta) Event {
	return Event{Kind: EventToolCall, At: at, Tool: &d}
}

// applyToolCall folds a piece of a tool call into the result. A call's first
// byte counts as a token: an answer that is only a call has a first token.
func (r *Result) applyToolCall(ev Event) {
	d := ev.Tool
	if d == nil || d.Index < 0 || d.Index >= maxToolCalls {
		return
	}
	for len(r.ToolCalls) <= d.Index {
		r.ToolCalls = append(r.ToolCalls, ToolCall{})
	}
	c := &r.ToolCalls[d.Index]
	if c.ID == "" {
		c.ID = d.ID
	}
	if c.Name == "" {
		c.Name = d.Name
	}
	c.Server = c.Server || d.Server
	c.Arguments += d.Arguments
	if d.ID == "" && d.Name == "" && d.Arguments == "" {
		return
	}
	at := ev.At
	r.Deltas++
	if r.Timing.FirstToken == nil {
		r.Timing.FirstToken = &at
	}
	r.Timing.LastToken = &at
}

// toolCallBytes is the size of the calls' names and arguments, for the token
// estimate of a stream that reports no usage.
func (r *Result) toolCallBytes() int {
	n := 0
	for _, c := range r.ToolCalls {
		n += len(c.Name) + len(c.Arguments)
	}
	return n
}

// cleanTool sanitises a tool-call piece like any model output. Arguments
// get one sanitiser per call, so a sequence split across fragments is still
// removed whole.
func (s *stream) cleanTool(d *ToolDelta) *ToolDelta {
	if d == nil || d.Index < 0 || d.Index >= maxToolCalls {
		return nil
	}
	for len(s.tools) <= d.Index {
		s.tools = append(s.tools, Sanitizer{})
	}
	c := *d
	c.ID, c.Name = Sanitize(c.ID), Sanitize(c.Name)
	c.Arguments = s.tools[d.Index].Clean(c.Arguments)
	return &c
}

// find returns the position of a known key.
func (t *toolIndex) find(key int) (pos int, ok bool) {
	for i, k := range t.keys {
		if k == key {
			return i, true
		}
	}
	return 0, false
}
