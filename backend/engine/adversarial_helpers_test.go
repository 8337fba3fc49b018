package engine

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/internal/testkit"
	"github.com/routeplay/routeplay/backend/safetext"
)

// advWire is one wire format as a user reaches it: the provider kind and
// the base URL path the fake serves it under.
type advWire struct {
	name string
	kind backend.Kind
	path string // appended to the fake's URL
}

// advWires are the four formats every hostile stream is run against.
// OpenRouter is the OpenAI wire under /api/v1, where the fake speaks
// OpenRouter's flavour (gen- ids, error metadata, provider names).
var advWires = []advWire{
	{"openai", backend.KindOpenAI, "/v1"},
	{"openrouter", backend.KindOpenRouter, "/api/v1"},
	{"anthropic", backend.KindAnthropic, ""},
	{"gemini", backend.KindGemini, ""},
}

// advKey is the key every adversarial route presents; fakes echo it back
// in their error messages to prove it is redacted.
const advKey = "sk-adv-PLANTED-0123456789abcdefXYZ"

// advHealthyText is what a healthy route must deliver, word for word.
const advHealthyText = "The healthy route answers in full, every word intact."

// advHealthyModel names the healthy script on every adversarial fake.
const advHealthyModel = "healthy"

// advEngine is an engine whose every route presents advKey.
func advEngine(to backend.Timeouts) *Engine {
	return NewEngine(EngineOptions{Keys: testkit.StaticKeys{"openai": advKey, "anthropic": advKey,
		"gemini": advKey, "openrouter": advKey}, Timeouts: to})
}

// advServer starts a fake that answers model "healthy" with advHealthyText
// and any other model with script(model). Both are closed at cleanup, the
// fake first so stalled and endless responses end.
func advServer(t *testing.T, script func(model string) demo.Script) *httptest.Server {
	t.Helper()
	srv, hs := demo.Start(func(r demo.Request) demo.Script {
		if r.Model == advHealthyModel {
			return demo.Script{Text: advHealthyText, TokenInterval: time.Millisecond}
		}
		return script(r.Model)
	})
	t.Cleanup(func() { srv.Close(); hs.Close() })
	return hs
}

func advRoute(t *testing.T, hs *httptest.Server, w advWire, model string) backend.Route {
	t.Helper()
	return testkit.FakeRoute(t, w.name+"/"+model, w.kind, hs.URL+w.path, model)
}

// advRun runs routes at once, bounded so a hung engine fails the test
// instead of the whole suite.
func advRun(t *testing.T, e *Engine, routes ...backend.Route) []*backend.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return e.RunAll(ctx, routes, testkit.Ask("hello"), nil)
}

// advMixed runs the hostile route alongside a healthy route of every wire
// and checks that each healthy one finished untouched. It returns the
// hostile route's result.
func advMixed(t *testing.T, e *Engine, hs *httptest.Server, hostile backend.Route) *backend.Result {
	t.Helper()
	results := advRun(t, e, advWithHealthy(t, hs, hostile)...)
	advCheckAllHealthy(t, results[1:])
	return results[0]
}

// advWithHealthy lists the hostile route first, then a healthy route of every wire.
func advWithHealthy(t *testing.T, hs *httptest.Server, hostile backend.Route) []backend.Route {
	t.Helper()
	routes := []backend.Route{hostile}
	for _, w := range advWires {
		routes = append(routes, advRoute(t, hs, w, advHealthyModel))
	}
	return routes
}

func advCheckAllHealthy(t *testing.T, results []*backend.Result) {
	t.Helper()
	for _, r := range results {
		advCheckHealthy(t, r)
	}
}

func advCheckHealthy(t *testing.T, r *backend.Result) {
	t.Helper()
	if r.Err != nil || r.Text.String() != advHealthyText {
		t.Errorf("healthy route %s: err %v, text %q", r.Route.Name, r.Err, r.Text.String())
	}
}

// advCheckFailed asserts a route failed with kind, and that its message is
// plain: valid UTF-8, no control or bidi characters, no JSON, no key.
func advCheckFailed(t *testing.T, r *backend.Result, kind backend.ErrorKind) {
	t.Helper()
	if r.Err == nil {
		t.Fatalf("%s: no error (text %q), want kind %s", r.Route.Name, advShort(r.Text.String()), kind)
	}
	if r.Err.Kind != kind {
		t.Errorf("%s: error kind %s (%v), want %s", r.Route.Name, r.Err.Kind, r.Err, kind)
	}
	advCheckPlain(t, r.Route.Name+" error", r.Err.Message)
	if r.Err.Message == "" {
		t.Errorf("%s: empty error message", r.Route.Name)
	}
}

// advCheckPlain asserts s is fit for a terminal line and holds no key.
func advCheckPlain(t *testing.T, what, s string) {
	t.Helper()
	advCheckText(t, what, s)
	for _, bad := range []string{`{"`, `":`, advKey, advKey[7:22]} {
		if strings.Contains(s, bad) {
			t.Errorf("%s holds %q: %q", what, bad, s)
		}
	}
}

// advCheckText asserts streamed text is valid UTF-8 without control
// characters other than newline and tab.
func advCheckText(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s is not valid UTF-8: %q", what, s)
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 || safetext.IsBidiControl(r) {
			t.Errorf("%s holds control character %U: %q", what, r, s)
			return
		}
	}
}

// advEach runs the model's script on every wire, once alone and once
// beside healthy routes, all eight runs at once (timeouts dominate these
// tests, and parallel subtests would run only GOMAXPROCS at a time), then
// checks each run in its own subtest.
func advEach(t *testing.T, e *Engine, hs *httptest.Server, model string, check func(t *testing.T, w advWire, r *backend.Result)) {
	t.Helper()
	type run struct {
		name    string
		w       advWire
		routes  []backend.Route
		results []*backend.Result
	}
	var runs []*run
	for _, w := range advWires {
		hostile := advRoute(t, hs, w, model)
		runs = append(runs, &run{name: w.name + "/alone", w: w, routes: []backend.Route{hostile}},
			&run{name: w.name + "/mixed", w: w, routes: advWithHealthy(t, hs, hostile)})
	}
	var wg sync.WaitGroup
	for _, r := range runs {
		wg.Go(func() { r.results = advRun(t, e, r.routes...) })
	}
	wg.Wait()
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			advCheckAllHealthy(t, r.results[1:])
			check(t, r.w, r.results[0])
		})
	}
}

// advShort bounds a string quoted in a failure message.
func advShort(s string) string {
	if len(s) > 200 {
		return s[:200] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}
