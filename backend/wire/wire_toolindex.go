package wire

import (
	"time"

	"github.com/routeplay/routeplay/backend"
)

// toolIndex maps a provider's call numbering (OpenAI tool_calls[].index, an
// Anthropic content block index) to backend.ToolDelta.Index, in order of first
// appearance.
type toolIndex struct {
	keys []int
}

// pos returns the position of key, adding it when new; ok is false once
// backend.MaxToolCalls calls are known and key is not one of them.
func (t *toolIndex) pos(key int) (pos int, ok bool) {
	if i, ok := t.find(key); ok {
		return i, true
	}
	if len(t.keys) >= backend.MaxToolCalls {
		return 0, false
	}
	t.keys = append(t.keys, key)
	return len(t.keys) - 1, true
}

// add starts a call that has no provider numbering (a Gemini functionCall
// part, an OpenAI entry without an index).
func (t *toolIndex) add() (pos int, ok bool) {
	if len(t.keys) >= backend.MaxToolCalls {
		return 0, false
	}
	// Keys of unnumbered calls are negative so they never meet a provider's.
	t.keys = append(t.keys, -1-len(t.keys))
	return len(t.keys) - 1, true
}

// last is the position of the latest call, -1 if none.
func (t *toolIndex) last() int { return len(t.keys) - 1 }

// find returns the position of a known key.
func (t *toolIndex) find(key int) (pos int, ok bool) {
	for i, k := range t.keys {
		if k == key {
			return i, true
		}
	}
	return 0, false
}

// toolEvent is an backend.EventToolCall for one piece.
func toolEvent(at time.Duration, d backend.ToolDelta) backend.Event {
	return backend.Event{Kind: backend.EventToolCall, At: at, Tool: &d}
}
