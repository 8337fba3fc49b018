// Package wire speaks the providers' streaming formats: the SSE reader, one
// adapter per wire (OpenAI and compatible, Anthropic, Gemini) that builds the
// request and decodes the stream, and the JSON scanner they share.
package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/wire/jsonscan"
	"github.com/routeplay/routeplay/backend/wire/sse"
)

// adapter speaks one wire format: it builds the request and decodes the stream.
type adapter interface {
	// NewRequest builds the HTTP request (URL, headers incl. auth, JSON body). key may be "".
	NewRequest(ctx context.Context, rt backend.Route, req backend.Request, key string) (*http.Request, error)
	// NewDecoder returns a fresh stateful decoder for one stream.
	NewDecoder(rt backend.Route) Decoder
}

// Decoder turns one stream's SSE events into route events.
type Decoder interface {
	// Decode handles one SSE event (never a comment) and appends events with
	// At = ev.At and Route left empty. done reports the stream's terminator.
	// A provider error in the stream or malformed JSON returns a *RouteError.
	Decode(ev sse.Event, out []backend.Event) (events []backend.Event, done bool, err error)
	// Finish is called at EOF without a terminator: it returns the final
	// events when the format allows EOF as an end, else a truncation error.
	Finish(at time.Duration, out []backend.Event) ([]backend.Event, error)
}

func AdapterFor(w backend.Wire) adapter {
	switch w {
	case backend.WireAnthropic:
		return anthropicAdapter{}
	case backend.WireGemini:
		return geminiAdapter{}
	default:
		return openaiAdapter{}
	}
}

// errTruncated is the message of a stream that ended before its terminator.
const errTruncated = "stream ended early (truncated): the provider closed the connection before the end of the answer"

func truncatedError() *backend.RouteError {
	return &backend.RouteError{Kind: backend.ErrStream, Message: errTruncated}
}

// decodeError describes undecodable JSON without echoing untrusted bytes.
// An undecodable event cut off by EOF means the stream was truncated.
func decodeError(ev sse.Event, err error) *backend.RouteError {
	if ev.Partial {
		return truncatedError()
	}
	msg := "the provider sent malformed JSON in the stream"
	var syn *jsonscan.SyntaxError
	if errors.As(err, &syn) {
		msg = fmt.Sprintf("%s (at byte %d)", msg, syn.Offset)
	}
	return &backend.RouteError{Kind: backend.ErrStream, Message: msg}
}

// newJSONRequest encodes body and builds a POST with the common headers.
func newJSONRequest(ctx context.Context, url string, body any) (*http.Request, error) {
	buf, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(buf))
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	return req, nil
}

// CheckKey refuses a key that cannot be a header value. The error never
// contains the key.
func CheckKey(key string) error {
	if backend.CheckHeaderValue(key) != nil {
		return errors.New("the key contains control characters (a pasted newline?); store it again")
	}
	return nil
}

// JoinURL appends a path to a base URL without doubling the slash.
func JoinURL(base, path string) string {
	return strings.TrimRight(base, "/") + path
}

// systemPrompt is the route's own system prompt when it sets one, else the request's.
func systemPrompt(rt backend.Route, req backend.Request) string {
	if rt.Params.System != nil {
		return *rt.Params.System
	}
	return req.System
}

// servedTracker emits EventServed once and again only when a value changes.
type servedTracker struct {
	model, provider, id string
}

// update merges the non-empty values and reports whether they changed.
func (t *servedTracker) update(model, provider, id []byte) bool {
	changed := false
	if len(model) > 0 && string(model) != t.model {
		t.model, changed = string(model), true
	}
	if len(provider) > 0 && string(provider) != t.provider {
		t.provider, changed = string(provider), true
	}
	if len(id) > 0 && string(id) != t.id {
		t.id, changed = string(id), true
	}
	return changed
}

func (t *servedTracker) event(at time.Duration) backend.Event {
	return backend.Event{Kind: backend.EventServed, At: at, Served: &backend.Served{Model: t.model, Provider: t.provider, GenerationID: t.id}}
}

// appendServed appends an EventServed when the served values changed.
func (t *servedTracker) appendServed(out []backend.Event, at time.Duration, model, provider, id []byte) []backend.Event {
	if t.update(model, provider, id) {
		out = append(out, t.event(at))
	}
	return out
}

// appendText appends a text or reasoning delta, skipping empty strings.
func appendText(out []backend.Event, kind backend.EventKind, at time.Duration, text string) []backend.Event {
	if text == "" {
		return out
	}
	return append(out, backend.Event{Kind: kind, At: at, Text: text})
}
