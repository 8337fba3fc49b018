package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// errFirstTokenTimeout ends a run that produced no token in time. It runs
// from the request start, headers or not: a gateway that sends its headers
// only with the first chunk would otherwise stall unseen by the idle limit,
// and keep-alive comments do not count as a token.
var errFirstTokenTimeout = errors.New("first-token timeout")

// armIdle starts the idle clock with the request, not with the headers: a
// gateway that holds its headers until the first chunk sends no bytes at
// all meanwhile. The stream's reader re-arms the same timer on every read.
func (s *stream) armIdle(cancel context.CancelCauseFunc) {
	s.idle = cancelAfter(s.engine.timeouts.Idle, cancel, errIdleTimeout)
}

func (s *stream) stopIdle() {
	if s.idle != nil {
		s.idle.Stop()
	}
}

// armFirstToken starts the first-token clock; publish stops it.
func (s *stream) armFirstToken(cancel context.CancelCauseFunc) {
	s.firstToken = cancelAfter(s.engine.timeouts.FirstToken, cancel, errFirstTokenTimeout)
}

// stopFirstToken disarms the clock once a token (text, reasoning or a
// tool call) has arrived, or the run is over.
func (s *stream) stopFirstToken() {
	if s.firstToken != nil {
		s.firstToken.Stop()
		s.firstToken = nil
	}
}

func firstTokenError(d time.Duration) *backend.RouteError {
	return &backend.RouteError{Kind: backend.ErrTimeout, Message: fmt.Sprintf("no first token within %s", d)}
}

// isToken reports whether an event carries part of the answer.
func isToken(k backend.EventKind) bool {
	return k == backend.EventText || k == backend.EventReasoning || k == backend.EventToolCall
}

// ErrorFinish reports whether a finish reason names a failure rather than
// an end of answer: gateways relay an upstream failure mid-stream as
// finish_reason "error" (OpenRouter, Portkey) or the upstream's own error
// type ("overloaded_error", "api_error").
func ErrorFinish(reason string) bool {
	r := strings.ToLower(strings.TrimSpace(reason))
	return r == "error" || strings.HasSuffix(r, "_error") || strings.HasPrefix(r, "error_")
}

// finishError turns a stream that ended on an error finish reason into a
// failure: the text so far is kept, but the run did not succeed.
func finishError(reason string) *backend.RouteError {
	return &backend.RouteError{Kind: backend.ErrUpstream,
		Message: fmt.Sprintf("the stream ended with finish reason %q: the answer was cut off by an error", reason)}
}

func idleError(d time.Duration, gotHeaders bool) *backend.RouteError {
	if !gotHeaders {
		return &backend.RouteError{Kind: backend.ErrTimeout, Message: fmt.Sprintf("stalled before the headers: no bytes for %s", d)}
	}
	return &backend.RouteError{Kind: backend.ErrTimeout, Message: fmt.Sprintf("stream stalled: no bytes for %s", d)}
}
