// Package engine streams one conversation to many routes at once: the HTTP
// client and its timing, fan-out, client-side fallback, warm-up and
// OpenRouter generation look-ups. Benches built on it live in backend/bench.
package engine

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo/simulated"
	"github.com/routeplay/routeplay/backend/preset"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/wire"
	"github.com/routeplay/routeplay/backend/wire/apierror"
)

// EngineOptions configure an Engine.
type EngineOptions struct {
	Keys     backend.KeySource
	Timeouts backend.Timeouts
	// Transport serves real routes; nil means one shared, tuned transport.
	Transport http.RoundTripper
	// Demo serves simulated routes in-process; nil means the built-in demo providers.
	Demo http.RoundTripper
	// Routes finds the routes named in a client-side fallback (usually
	// Config.FindRoute); nil means RunAll looks among the routes it runs.
	Routes RouteLookup
	// Redact removes every known key from text (the key store's redactor);
	// each route's own key is removed too, with or without it.
	Redact func(string) string
	// MaxResponseBytes bounds the bytes a run decodes when its route sets
	// no limit; 0 means backend.DefaultMaxResponseBytes.
	MaxResponseBytes int64
}

// Engine streams routes. It is safe for concurrent use; one Engine per process
// shares one connection pool, as MEASURING.md asks.
type Engine struct {
	client   *http.Client
	demo     *http.Client
	keys     backend.KeySource
	timeouts backend.Timeouts
	routes   RouteLookup
	redact   func(string) string
	// maxResponse is EngineOptions.MaxResponseBytes.
	maxResponse int64
}

// NewEngine builds an engine.
func NewEngine(o EngineOptions) *Engine {
	tr := o.Transport
	if tr == nil {
		tr = sharedTransport()
	}
	demo := o.Demo
	if demo == nil {
		demo = simulated.Transport()
	}
	return &Engine{
		client:      &http.Client{Transport: tr, CheckRedirect: preset.SameHostRedirects},
		demo:        &http.Client{Transport: demo, CheckRedirect: preset.SameHostRedirects},
		keys:        o.Keys,
		timeouts:    o.Timeouts,
		routes:      o.Routes,
		redact:      o.Redact,
		maxResponse: o.MaxResponseBytes,
	}
}

func sharedTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	t.ForceAttemptHTTP2 = true
	t.DisableCompression = true // see limitBody
	return t
}

// Stream runs one route. The channel delivers every event in order and is
// closed after the final EventDone or EventError. Reading the socket never
// waits for the consumer. Cancel ctx to stop the route; the consumer should
// read until the channel closes (events are dropped after a short grace once
// ctx is done and nobody reads).
func (e *Engine) Stream(ctx context.Context, rt backend.Route, req backend.Request) <-chan backend.Event {
	q := newEventQueue()
	out := make(chan backend.Event, 64)
	go q.forward(ctx, out)
	go func() {
		defer q.close()
		s := &stream{engine: e, rt: rt, q: q}
		s.run(ctx, req)
	}()
	return out
}

// stream is one route's run: it owns the clock and the sanitisers.
type stream struct {
	engine    *Engine
	rt        backend.Route
	q         *eventQueue
	start     time.Time
	key       string
	text      safetext.Sanitizer
	reasoning safetext.Sanitizer
	tools     []safetext.Sanitizer // one per tool call, for its arguments
	buf       []backend.Event
	// secrets are the header values read from the key store.
	secrets []string
	// firstToken fires when no token arrives in time; nil once one has.
	firstToken *time.Timer
	// idle fires when no bytes arrive in time; nil without an idle limit.
	idle       *time.Timer
	gotHeaders bool
}

func (s *stream) since() time.Duration { return time.Since(s.start) }

func (s *stream) emit(ev backend.Event) {
	ev.Route = s.rt.Name
	s.q.push(ev)
}

// redact removes this route's key, its header secrets and every key the
// store knows.
func (s *stream) redact(text string) string {
	own := func(t string) string { return backend.Redact(backend.Redact(t, s.key), s.secrets...) }
	return safetext.Redactors(own, s.engine.redact)(text)
}

// clean makes untrusted text from the provider fit to show and store,
// removing keys before anything can cut or strip them.
func (s *stream) clean(text string, limit int) string {
	return safetext.CleanMessage(text, s.redact, limit)
}

func (s *stream) fail(at time.Duration, re *backend.RouteError) {
	re.Message = s.clean(re.Message, apierror.MaxMessageRunes)
	s.emit(backend.Event{Kind: backend.EventError, At: at, Err: re, Status: re.Status})
}

func (s *stream) run(ctx context.Context, req backend.Request) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// Failures before the request is sent end the run without starting its
	// clock, so no time is reported for a request that never happened.
	if re := s.loadKey(ctx); re != nil {
		s.fail(0, re)
		return
	}
	if re := s.loadHeaders(ctx); re != nil {
		s.fail(0, re)
		return
	}
	if re := s.checkClearText(); re != nil {
		s.fail(0, re)
		return
	}
	ad := wire.AdapterFor(s.rt.Wire)
	httpReq, err := ad.NewRequest(httptrace.WithClientTrace(ctx, s.trace()), s.rt, req, s.key)
	if err != nil {
		s.fail(0, &backend.RouteError{Kind: backend.ErrBadRequest, Message: err.Error()})
		return
	}
	s.setHeaders(httpReq)
	client := s.engine.client
	if s.rt.Simulated {
		client = s.engine.demo
	} else {
		warmProcess()
	}
	stopTotal := s.armTimer(s.engine.timeouts.Total, cancel, errTotalTimeout)
	defer stopTotal()
	stopResponse := s.armTimer(s.engine.timeouts.Response, cancel, errResponseTimeout)
	s.armFirstToken(cancel)
	defer s.stopFirstToken()
	s.armIdle(cancel)
	defer s.stopIdle()
	s.start = time.Now() // the clock starts as the request is handed to the transport
	s.emit(backend.Event{Kind: backend.EventStarted})
	resp, err := client.Do(httpReq)
	stopResponse()
	if err != nil {
		s.fail(s.since(), s.transportError(ctx, err))
		return
	}
	defer resp.Body.Close()
	s.gotHeaders = true
	if s.idle != nil {
		s.idle.Reset(s.engine.timeouts.Idle) // the headers were bytes
	}
	s.emit(backend.Event{Kind: backend.EventHeaders, At: s.since(), Status: resp.StatusCode})
	s.gatewayServed(resp)
	if err := s.limitBody(resp); err != nil {
		s.fail(s.since(), &backend.RouteError{Kind: backend.ErrStream, Message: "the compressed answer is not valid gzip"})
		return
	}
	if re := s.checkResponse(resp); re != nil {
		s.fail(s.since(), re)
		return
	}
	s.read(ctx, resp, ad.NewDecoder(s.rt))
}

func (s *stream) loadKey(ctx context.Context) *backend.RouteError {
	if s.rt.Simulated || s.rt.KeyName == "" {
		return nil
	}
	if s.engine.keys == nil {
		return &backend.RouteError{Kind: backend.ErrNoKey, Message: fmt.Sprintf("no key store for key %q", s.rt.KeyName)}
	}
	key, _, err := s.engine.keys.Key(ctx, s.rt.KeyName)
	if err != nil {
		return &backend.RouteError{Kind: backend.ErrNoKey, Message: err.Error()}
	}
	s.key = key
	return nil
}

// checkClearText refuses to send a key over plain http:// to another
// machine, unless the route allows it.
func (s *stream) checkClearText() *backend.RouteError {
	if (s.key == "" && len(s.secrets) == 0) || s.rt.Simulated || s.rt.AllowInsecureHTTP {
		return nil
	}
	if host, plain := preset.PlainHTTPHost(s.rt.BaseURL); plain {
		return &backend.RouteError{Kind: backend.ErrBadRequest, Message: fmt.Sprintf(
			"refused to send the key in clear text over http:// to %s: use https://, or set allow_insecure_http = true on the route", host)}
	}
	return nil
}

// trace stamps connection phases as offsets from the request start. A phase
// that does not happen (reused connection, plain HTTP) is never reported.
func (s *stream) trace() *httptrace.ClientTrace {
	phase := func(p backend.Phase) { s.emit(backend.Event{Kind: backend.EventPhase, Phase: p, At: s.since()}) }
	return &httptrace.ClientTrace{
		DNSDone: func(httptrace.DNSDoneInfo) { phase(backend.PhaseDNS) },
		ConnectDone: func(_, _ string, err error) {
			if err == nil {
				phase(backend.PhaseConnect)
			}
		},
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			if err == nil {
				phase(backend.PhaseTLS)
			}
		},
		GotFirstResponseByte: func() { phase(backend.PhaseFirstByte) },
	}
}

var (
	errResponseTimeout = errors.New("response timeout")
	errIdleTimeout     = errors.New("idle timeout")
	errTotalTimeout    = errors.New("total timeout")
)

// armTimer cancels the run with cause after d; the returned func disarms it.
func (s *stream) armTimer(d time.Duration, cancel context.CancelCauseFunc, cause error) func() {
	t := cancelAfter(d, cancel, cause)
	return func() {
		if t != nil {
			t.Stop()
		}
	}
}

// cancelAfter cancels the run with cause after d; nil when d sets no limit.
func cancelAfter(d time.Duration, cancel context.CancelCauseFunc, cause error) *time.Timer {
	if d <= 0 {
		return nil
	}
	return time.AfterFunc(d, func() { cancel(cause) })
}

// transportError classifies a failure of client.Do or of a body read.
func (s *stream) transportError(ctx context.Context, err error) *backend.RouteError {
	to := s.engine.timeouts
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, errResponseTimeout):
		return &backend.RouteError{Kind: backend.ErrTimeout, Message: fmt.Sprintf("no response within %s", to.Response)}
	case errors.Is(cause, errIdleTimeout):
		return idleError(to.Idle, s.gotHeaders)
	case errors.Is(cause, errFirstTokenTimeout):
		return firstTokenError(to.FirstToken)
	case errors.Is(cause, errTotalTimeout):
		return &backend.RouteError{Kind: backend.ErrTimeout, Message: fmt.Sprintf("the run took longer than the total limit of %s", to.Total)}
	case ctx.Err() != nil:
		return &backend.RouteError{Kind: backend.ErrCanceled, Message: "canceled"}
	}
	if errors.Is(err, preset.ErrRedirectAway) {
		return &backend.RouteError{Kind: backend.ErrBadRequest, Message: errors.Unwrap(err).Error()}
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &backend.RouteError{Kind: backend.ErrTimeout, Message: "network timeout: " + err.Error()}
	}
	return &backend.RouteError{Kind: backend.ErrNetwork, Message: err.Error()}
}
