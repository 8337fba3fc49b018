package wire

import (
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// thinkSplitter shows a leading <think>…</think> block of an OpenAI-wire
// answer as reasoning. DeepSeek-R1 and its distills write their reasoning
// into the answer this way when the host does not parse it out (Groq's
// deepseek-r1-distill, DeepSeek-R1 from Together through Hugging Face).
//
// Only an answer whose first bytes other than whitespace are <think> is
// split: a tag later in an answer is text the model wrote (about HTML, or
// quoting a prompt) and stays as it is. A tag split across deltas is held
// back until it can be told apart. Newlines right after <think> and right
// after </think> are dropped, as a reader expects. A block that is never
// closed stays reasoning (the answer was cut off while thinking).
//
// The first event keeps the stamp of the stream's first content byte (the
// <think> tag itself), so the first token is measured when the model's
// first byte arrived, as it is for every other answer.
type thinkSplitter struct {
	state   thinkState
	held    string        // bytes not yet emitted: a possible tag, or leading whitespace
	heldAt  time.Duration // stamp of the oldest held byte
	trimNL  bool          // drop newlines at the start of the current section
	started bool          // some content arrived
	emitted bool          // some event was emitted
	firstAt time.Duration // stamp of the first content byte
}

type thinkState uint8

const (
	thinkUndecided thinkState = iota // only whitespace or a prefix of <think> so far
	thinkInside                      // inside <think>…
	thinkAfter                       // after </think>: the answer
	thinkPlain                       // the answer did not start with <think>
)

const (
	thinkOpen  = "<think>"
	thinkClose = "</think>"
)

// appendContent splits one content delta into reasoning and text events.
func (t *thinkSplitter) appendContent(out []backend.Event, at time.Duration, s string) []backend.Event {
	if s == "" {
		return out
	}
	if !t.started {
		t.started, t.firstAt = true, at
	}
	if t.state == thinkPlain || t.state == thinkAfter && !t.trimNL {
		return t.emit(out, backend.EventText, at, s) // the common case: no copy
	}
	if t.held == "" {
		t.heldAt = at
	}
	s, at = t.held+s, t.heldAt
	t.held = ""
	for s != "" {
		var kind backend.EventKind
		var piece string
		kind, piece, s = t.step(s)
		out = t.emit(out, kind, at, piece)
	}
	if t.held != "" {
		t.heldAt = at
	}
	return out
}

// step consumes a prefix of s in the current state; it returns what to emit
// (an empty piece: nothing) and the rest. Bytes that cannot be decided yet go to held.
func (t *thinkSplitter) step(s string) (backend.EventKind, string, string) {
	switch t.state {
	case thinkUndecided:
		trimmed := strings.TrimLeft(s, " \t\r\n")
		switch {
		case strings.HasPrefix(trimmed, thinkOpen):
			t.state, t.trimNL = thinkInside, true
			return backend.EventText, "", trimmed[len(thinkOpen):]
		case strings.HasPrefix(thinkOpen, trimmed): // whitespace or a part of the tag
			t.held = s
			return backend.EventText, "", ""
		}
		t.state = thinkPlain
		return backend.EventText, s, ""
	case thinkInside:
		if t.trimNL {
			if s = strings.TrimLeft(s, "\r\n"); s == "" {
				return backend.EventText, "", ""
			}
			t.trimNL = false
		}
		if i := strings.Index(s, thinkClose); i >= 0 {
			t.state, t.trimNL = thinkAfter, true
			return backend.EventReasoning, s[:i], s[i+len(thinkClose):]
		}
		keep := partialSuffix(s, thinkClose)
		t.held = s[len(s)-keep:]
		return backend.EventReasoning, s[:len(s)-keep], ""
	case thinkAfter:
		if t.trimNL {
			if s = strings.TrimLeft(s, "\r\n"); s == "" {
				return backend.EventText, "", ""
			}
			t.trimNL = false
		}
	}
	return backend.EventText, s, ""
}

// flush emits what is held at the end of the stream.
func (t *thinkSplitter) flush(out []backend.Event, at time.Duration) []backend.Event {
	if t.held == "" {
		return out
	}
	s := t.held
	t.held = ""
	if t.state == thinkInside {
		return t.emit(out, backend.EventReasoning, t.heldAt, s)
	}
	return t.emit(out, backend.EventText, t.heldAt, s)
}

func (t *thinkSplitter) emit(out []backend.Event, kind backend.EventKind, at time.Duration, s string) []backend.Event {
	if s == "" {
		return out
	}
	if !t.emitted {
		t.emitted, at = true, t.firstAt
	}
	return append(out, backend.Event{Kind: kind, At: at, Text: s})
}

// partialSuffix is the length of the longest suffix of s that is a proper
// prefix of tag: bytes that may be the start of a tag split across deltas.
func partialSuffix(s, tag string) int {
	for n := min(len(s), len(tag)-1); n > 0; n-- {
		if strings.HasSuffix(s, tag[:n]) {
			return n
		}
	}
	return 0
}

// SplitThink is the split thinkSplitter makes, computed on a whole answer
// at once: tests check that delta boundaries never change it.
func SplitThink(s string) (reasoning, text string) {
	body, ok := strings.CutPrefix(strings.TrimLeft(s, " \t\r\n"), thinkOpen)
	if !ok {
		return "", s
	}
	reasoning, text, _ = strings.Cut(body, thinkClose)
	return strings.TrimLeft(reasoning, "\r\n"), strings.TrimLeft(text, "\r\n")
}
