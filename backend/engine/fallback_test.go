package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// fallbackPair serves model "busy" with script first and "spare" healthily.
func fallbackPair(t *testing.T, first demo.Script) (primary, spare backend.Route, srv *demo.Server) {
	t.Helper()
	s, hs := demo.Start(func(r demo.Request) demo.Script {
		if r.Model == "busy" {
			return first
		}
		return demo.Script{Text: "Spare answers.", Usage: &demo.Usage{Input: 4, Output: 3}}
	})
	t.Cleanup(func() { s.Close(); hs.Close() })
	primary = testkit.FakeRoute(t, "primary", backend.KindOpenAI, hs.URL+"/v1", "busy")
	spare = testkit.FakeRoute(t, "spare", backend.KindAnthropic, hs.URL, "spare")
	primary.Fallback = []string{"spare"}
	return primary, spare, s
}

func runWithLookup(t *testing.T, rt backend.Route, others ...backend.Route) *backend.Result {
	t.Helper()
	e := NewEngine(EngineOptions{Keys: testkit.StaticKeys{"openai": testkit.Key, "anthropic": testkit.Key},
		Timeouts: backend.Timeouts{Response: 2 * time.Second, Idle: 2 * time.Second},
		Routes:   lookupAmong(others)})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return e.RunAll(ctx, []backend.Route{rt}, testkit.Ask("hi"), nil)[0]
}

func TestFallbackAfterRateLimit(t *testing.T) {
	primary, spare, srv := fallbackPair(t, demo.Script{Status: 429, RetryAfter: "3", ErrorMessage: "slow down"})
	res := runWithLookup(t, primary, spare)

	if res.Err != nil {
		t.Fatalf("the fallback should have answered, got %v", res.Err)
	}
	if got := res.Text.String(); got != "Spare answers." {
		t.Fatalf("text = %q", got)
	}
	if got := len(srv.Requests()); got != 2 {
		t.Fatalf("requests = %d, want 2", got)
	}
	if len(res.Attempts) != 2 {
		t.Fatalf("attempts = %+v", res.Attempts)
	}
	first, second := res.Attempts[0], res.Attempts[1]
	if first.Route != "primary" || first.Model != "busy" || first.Err == nil || first.Err.Kind != backend.ErrRateLimited || first.Status != 429 {
		t.Fatalf("first attempt = %+v", first)
	}
	if first.Timing.Total == nil || first.Timing.Headers == nil {
		t.Fatalf("first attempt was not measured: %+v", first.Timing)
	}
	if second.Route != "spare" || second.Provider != backend.KindAnthropic || second.Err != nil || second.Timing.FirstToken == nil {
		t.Fatalf("second attempt = %+v", second)
	}
	if res.AttemptRoute().Name != "spare" || res.Route.Name != "primary" {
		t.Fatalf("route = %s, answering = %s", res.Route.Name, res.AttemptRoute().Name)
	}
	if tc := res.Tokens(); tc.Input != 4 || tc.Output != 3 {
		t.Fatalf("tokens should be the answering attempt's: %+v", tc)
	}
}

func TestFallbackAttemptsInJSON(t *testing.T) {
	primary, spare, _ := fallbackPair(t, demo.Script{Status: 503, ErrorMessage: "overloaded"})
	res := runWithLookup(t, primary, spare)
	b, err := json.Marshal(res.Report())
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Route    string `json:"route"`
		Error    any    `json:"error"`
		Attempts []struct {
			Route, Provider, Model string
			Status                 *int
			Error                  *struct{ Kind string }
			TimingMs               struct {
				Total *float64 `json:"total"`
			} `json:"timing_ms"`
		} `json:"attempts"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Route != "primary" || doc.Error != nil || len(doc.Attempts) != 2 {
		t.Fatalf("report = %s", b)
	}
	a0, a1 := doc.Attempts[0], doc.Attempts[1]
	if a0.Route != "primary" || a0.Error == nil || a0.Error.Kind != "upstream" || a0.Status == nil || *a0.Status != 503 || a0.TimingMs.Total == nil {
		t.Fatalf("first attempt in JSON: %s", b)
	}
	if a1.Route != "spare" || a1.Provider != "anthropic" || a1.Error != nil || a1.TimingMs.Total == nil {
		t.Fatalf("second attempt in JSON: %s", b)
	}
}

func TestNoFallbackOnBadRequest(t *testing.T) {
	primary, spare, srv := fallbackPair(t, demo.Script{Status: 400, ErrorMessage: "bad parameter"})
	res := runWithLookup(t, primary, spare)
	if res.Err == nil || res.Err.Kind != backend.ErrBadRequest {
		t.Fatalf("err = %v", res.Err)
	}
	if len(res.Attempts) != 1 || len(srv.Requests()) != 1 {
		t.Fatalf("attempts = %+v, requests = %d", res.Attempts, len(srv.Requests()))
	}
}

func TestFallbackOnChosenKinds(t *testing.T) {
	primary, spare, srv := fallbackPair(t, demo.Script{Status: 400, ErrorMessage: "bad parameter"})
	primary.FallbackOn = []backend.ErrorKind{backend.ErrBadRequest}
	if res := runWithLookup(t, primary, spare); res.Err != nil || len(srv.Requests()) != 2 {
		t.Fatalf("chosen kind should fall back: err %v, requests %d", res.Err, len(srv.Requests()))
	}
}

func TestNoFallbackOnTimeoutAfterTokens(t *testing.T) {
	t.Parallel() // waits on a timer against its own fake
	primary, spare, srv := fallbackPair(t, demo.Script{Text: "one two three", Stall: true, StallAfter: 1})
	e := NewEngine(EngineOptions{Keys: testkit.StaticKeys{"openai": testkit.Key, "anthropic": testkit.Key},
		Timeouts: backend.Timeouts{Response: 2 * time.Second, Idle: 150 * time.Millisecond}, Routes: lookupAmong([]backend.Route{spare})})
	res := e.RunAll(context.Background(), []backend.Route{primary}, testkit.Ask("hi"), nil)[0]
	srv.Close()
	if res.Err == nil || res.Err.Kind != backend.ErrTimeout || len(res.Attempts) != 1 {
		t.Fatalf("a stall after tokens must stand: err %v, attempts %+v", res.Err, res.Attempts)
	}
}

func TestFallbackOnTimeoutBeforeFirstToken(t *testing.T) {
	t.Parallel() // waits on a timer against its own fake
	primary, spare, srv := fallbackPair(t, demo.Script{HeaderDelay: 2 * time.Second})
	e := NewEngine(EngineOptions{Keys: testkit.StaticKeys{"openai": testkit.Key, "anthropic": testkit.Key},
		Timeouts: backend.Timeouts{Response: 100 * time.Millisecond}, Routes: lookupAmong([]backend.Route{spare})})
	res := e.RunAll(context.Background(), []backend.Route{primary}, testkit.Ask("hi"), nil)[0]
	srv.Close()
	if res.Err != nil || len(res.Attempts) != 2 || res.Attempts[0].Err.Kind != backend.ErrTimeout {
		t.Fatalf("err %v, attempts %+v", res.Err, res.Attempts)
	}
}

func TestFallbackChainLastErrorStands(t *testing.T) {
	s, hs := demo.Start(func(demo.Request) demo.Script { return demo.Script{Status: 429} })
	defer hs.Close()
	defer s.Close()
	a := testkit.FakeRoute(t, "a", backend.KindOpenAI, hs.URL+"/v1", "m1")
	b := testkit.FakeRoute(t, "b", backend.KindOpenAI, hs.URL+"/v1", "m2")
	c := testkit.FakeRoute(t, "c", backend.KindOpenAI, hs.URL+"/v1", "m3")
	a.Fallback = []string{"b", "c"}
	res := runWithLookup(t, a, b, c)
	if res.Err == nil || res.Err.Kind != backend.ErrRateLimited || len(res.Attempts) != 3 {
		t.Fatalf("err %v, attempts %+v", res.Err, res.Attempts)
	}
	for i, want := range []string{"a", "b", "c"} {
		if res.Attempts[i].Route != want || res.Attempts[i].Err == nil {
			t.Fatalf("attempt %d = %+v", i, res.Attempts[i])
		}
	}
}

func TestFallbackEventsCarryThePrimaryName(t *testing.T) {
	primary, spare, _ := fallbackPair(t, demo.Script{Status: 429})
	e := newTestEngine(backend.Timeouts{Response: 2 * time.Second})
	var kinds []string
	for ev := range e.StreamWithFallback(context.Background(), primary, lookupAmong([]backend.Route{spare}), testkit.Ask("hi")) {
		if ev.Route != "primary" {
			t.Fatalf("event %v carries route %q", ev.Kind, ev.Route)
		}
		if ev.Kind == backend.EventFallback && (ev.Next == nil || ev.Next.Name != "spare" || ev.Err == nil) {
			t.Fatalf("fallback event = %+v", ev)
		}
		kinds = append(kinds, ev.Kind.String())
	}
	got := strings.Join(kinds, " ")
	if !strings.Contains(got, "headers fallback started") || !strings.HasSuffix(got, "done") {
		t.Fatalf("event order = %s", got)
	}
}

func TestFallbackToUnknownRouteFailsClearly(t *testing.T) {
	primary, _, srv := fallbackPair(t, demo.Script{Status: 429})
	primary.Fallback = []string{"missing"}
	res := runWithLookup(t, primary)
	if res.Err == nil || res.Err.Kind != backend.ErrRateLimited || len(srv.Requests()) != 1 ||
		!strings.Contains(res.Err.Message, `(no fallback tried: route primary: fallback route "missing" is not configured)`) {
		t.Fatalf("err %v, requests %d", res.Err, len(srv.Requests()))
	}
}

func TestUnresolvedFallbackStillRunsTheRoute(t *testing.T) {
	s, hs := demo.Start(nil)
	defer hs.Close()
	defer s.Close()
	rt := testkit.FakeRoute(t, "solo", backend.KindOpenAI, hs.URL+"/v1", "m")
	rt.Fallback = []string{"elsewhere"}
	e := newTestEngine(backend.Timeouts{Response: 2 * time.Second}) // no lookup at all
	res := backend.NewResult(rt)
	for ev := range e.StreamWithFallback(context.Background(), rt, nil, testkit.Ask("hi")) {
		res.Apply(ev)
	}
	if res.Err != nil || res.Text.Len() == 0 || len(res.Attempts) != 1 {
		t.Fatalf("err %v, attempts %+v", res.Err, res.Attempts)
	}
}

func TestFallbackChainRejectsRepeats(t *testing.T) {
	a := backend.Route{Name: "a", Fallback: []string{"b", "a"}}
	_, err := fallbackChain(a, lookupAmong([]backend.Route{{Name: "b"}}))
	if err == nil || !strings.Contains(err.Error(), "repeats") {
		t.Fatalf("err = %v", err)
	}
}

func TestConfigFallbackValidation(t *testing.T) {
	const head = "[[routes]]\nname = \"a\"\nprovider = \"openai\"\nmodel = \"gpt-4o-mini\"\n"
	cases := map[string]struct{ text, want string }{
		"unknown name": {head + "fallback = [\"nope\"]\n", `cfg.toml:5: route a: fallback: no route is named "nope"`},
		"unknown kind": {head + "fallback = [\"a\"]\nfallback_on = [\"sunspots\"]\n", `cfg.toml:6: route a: fallback_on: unknown error kind "sunspots"`},
		"kinds alone":  {head + "fallback_on = [\"upstream\"]\n", `cfg.toml:5: route a: fallback_on: set without a fallback list`},
		"self":         {head + "fallback = [\"a\"]\n", `cfg.toml:5: route a: fallback: fallback cycle: a → a`},
		"cycle": {head + "fallback = [\"b\"]\n[[routes]]\nname = \"b\"\nprovider = \"anthropic\"\nmodel = \"claude-3-5-haiku-latest\"\nhidden = true\nfallback = [\"a\"]\n",
			`cfg.toml:5: route a: fallback: fallback cycle: a → b → a`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := config.ParseConfig("cfg.toml", []byte(tc.text))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant prefix %s", err, tc.want)
			}
		})
	}
}

func TestConfigFallbackResolves(t *testing.T) {
	text := `[[routes]]
name = "a"
provider = "openai"
model = "gpt-4o-mini"
fallback = ["b"]
fallback_on = ["rate_limited", "upstream"]

[[routes]]
name = "b"
provider = "anthropic"
model = "claude-3-5-haiku-latest"
hidden = true
`
	cfg, err := config.ParseConfig("cfg.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := cfg.FindRoute("a")
	if strings.Join(a.Fallback, ",") != "b" || len(a.FallbackOn) != 2 || a.FallbackOn[0] != backend.ErrRateLimited {
		t.Fatalf("route a = %+v", a)
	}
	if vis := cfg.VisibleRoutes(); len(vis) != 1 || vis[0].Name != "a" {
		t.Fatalf("visible = %+v", vis)
	}
}
