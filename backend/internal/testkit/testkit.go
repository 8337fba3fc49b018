// Package testkit holds the test helpers that the tests of several backend
// packages share: routes pointed at a fake server, a fixed key source and a
// one-message request.
package testkit

import (
	"context"
	"errors"
	"math"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
)

// StaticKeys is a KeySource over a fixed map.
type StaticKeys map[string]string

func (k StaticKeys) Key(_ context.Context, name string) (string, string, error) {
	if v, ok := k[name]; ok {
		return v, "env", nil
	}
	return "", "", errors.New(`no key "` + name + `": set ` + strings.ToUpper(name) + `_API_KEY or run "routeplay keys set ` + name + `"`)
}

// Key is the key every provider of EngineKeys has.
const Key = "sk-test-0123456789abcdef"

// EngineKeys holds Key for the four providers the engine tests use.
func EngineKeys() StaticKeys {
	return StaticKeys{"openai": Key, "anthropic": Key, "gemini": Key, "openrouter": Key}
}

// FakeRoute points a route of the given wire at a fake server.
func FakeRoute(t *testing.T, name string, kind backend.Kind, base, model string) backend.Route {
	t.Helper()
	rt, err := backend.NewRoute(kind, model, base, "")
	if err != nil {
		t.Fatal(err)
	}
	rt.Name = name
	return rt
}

// BaseFor is the base URL of srv for a route of wire w.
func BaseFor(srv *httptest.Server, w backend.Wire) string {
	switch w {
	case backend.WireAnthropic, backend.WireGemini:
		return srv.URL
	}
	return srv.URL + "/v1"
}

// KindFor is the provider kind that speaks wire w.
func KindFor(w backend.Wire) backend.Kind {
	switch w {
	case backend.WireAnthropic:
		return backend.KindAnthropic
	case backend.WireGemini:
		return backend.KindGemini
	}
	return backend.KindOpenAI
}

// Ask is a request of one user message.
func Ask(prompt string) backend.Request {
	return backend.Request{Messages: []backend.Message{{Role: backend.RoleUser, Content: prompt}}}
}

// BenchFake serves each model with the header and first-token delays of its
// name's entry in delays.
func BenchFake(t *testing.T, delays map[string]time.Duration) (*demo.Server, []backend.Route) {
	t.Helper()
	srv, ts := demo.Start(func(r demo.Request) demo.Script {
		d := delays[r.Model]
		return demo.Script{HeaderDelay: d / 2, FirstTokenDelay: d - d/2, TokenInterval: time.Millisecond,
			Tokens: []string{"one ", "two ", "three"}}
	})
	t.Cleanup(func() { srv.Close(); ts.Close() })
	var routes []backend.Route
	for _, m := range []string{"a", "b", "c"} {
		if _, ok := delays[m]; ok {
			routes = append(routes, FakeRoute(t, m, backend.KindOpenAI, ts.URL+"/v1", m))
		}
	}
	return srv, routes
}

// Near reports whether two figures agree to within rounding noise.
func Near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// FinishedResult is a run that ends at total: an error, or one piece of
// text at firstToken and a provider-reported usage and cost.
func FinishedResult(rt backend.Route, firstToken, total time.Duration, cost float64, err *backend.RouteError) *backend.Result {
	r := backend.NewResult(rt)
	r.Apply(backend.Event{Kind: backend.EventStarted})
	if err != nil {
		r.Apply(backend.Event{Kind: backend.EventError, At: total, Err: err})
		return r
	}
	r.Apply(backend.Event{Kind: backend.EventText, At: firstToken, Text: "hi"})
	r.Apply(backend.Event{Kind: backend.EventUsage, Usage: &backend.Usage{InputTokens: 10, OutputTokens: 2, CostUSD: &cost}})
	r.Apply(backend.Event{Kind: backend.EventDone, At: total})
	return r
}

// CheckPlainMessage fails t unless msg is valid UTF-8 without control
// characters and no longer than a provider message of maxRunes can become
// once its parts are joined.
func CheckPlainMessage(t *testing.T, msg string, maxRunes int) {
	t.Helper()
	if !utf8.ValidString(msg) {
		t.Fatalf("message is not valid UTF-8: %q", msg)
	}
	if n := utf8.RuneCountInString(msg); n > 4*maxRunes+100 {
		t.Fatalf("message has %d runes", n)
	}
	for _, r := range msg {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			t.Fatalf("message has control character %U: %q", r, msg)
		}
	}
}
