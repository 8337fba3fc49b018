package engine

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/internal/testkit"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func newTestEngine(to backend.Timeouts) *Engine {
	return NewEngine(EngineOptions{Keys: testkit.EngineKeys(), Timeouts: to})
}

func runOne(t *testing.T, e *Engine, rt backend.Route) *backend.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return e.RunAll(ctx, []backend.Route{rt}, testkit.Ask("hi"), nil)[0]
}

func TestStreamEveryWireHealthy(t *testing.T) {
	_, srv := demo.Start(func(r demo.Request) demo.Script {
		return demo.Script{Text: "Seven is prime.", Reasoning: "Small primes: 2, 3, 5, 7.", Usage: &demo.Usage{Input: 12, Output: 9, Reasoning: 5}}
	})
	defer srv.Close()
	e := newTestEngine(backend.Timeouts{Response: 5 * time.Second, Idle: 5 * time.Second})
	for _, w := range []backend.Wire{backend.WireOpenAI, backend.WireAnthropic, backend.WireGemini} {
		t.Run(w.String(), func(t *testing.T) {
			res := runOne(t, e, testkit.FakeRoute(t, "r", testkit.KindFor(w), testkit.BaseFor(srv, w), "m-1"))
			if res.Err != nil {
				t.Fatalf("error: %v", res.Err)
			}
			if got := res.Text.String(); got != "Seven is prime." {
				t.Fatalf("text = %q", got)
			}
			if got := res.Reasoning.String(); got != "Small primes: 2, 3, 5, 7." {
				t.Fatalf("reasoning = %q", got)
			}
			tk := res.Tokens()
			if tk.Source != backend.UsageFromProvider || tk.Input != 12 {
				t.Fatalf("tokens = %+v", tk)
			}
			tm := res.Timing
			if tm.Headers == nil || tm.FirstToken == nil || tm.FirstText == nil || tm.Total == nil {
				t.Fatalf("timing missing: %+v", tm)
			}
			if *tm.FirstText < *tm.FirstToken || *tm.Total < *tm.FirstText || *tm.FirstToken < *tm.Headers {
				t.Fatalf("timing out of order: %+v", res.Report().TimingMs)
			}
		})
	}
}

func TestTimingMatchesInjectedDelays(t *testing.T) {
	const headerDelay, firstToken, interval = 60 * time.Millisecond, 90 * time.Millisecond, 10 * time.Millisecond
	_, srv := demo.Start(func(demo.Request) demo.Script {
		return demo.Script{HeaderDelay: headerDelay, FirstTokenDelay: firstToken, TokenInterval: interval,
			Tokens: []string{"a ", "b ", "c ", "d ", "e"}}
	})
	defer srv.Close()
	e := newTestEngine(backend.Timeouts{})
	res := runOne(t, e, testkit.FakeRoute(t, "r", backend.KindOpenAI, srv.URL+"/v1", "m"))
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	// Loose bounds: the tight check is BenchmarkFirstTokenAccuracy.
	within := func(name string, got *time.Duration, want time.Duration) {
		if got == nil || *got < want || *got > want+150*time.Millisecond {
			t.Errorf("%s = %v, want about %v", name, got, want)
		}
	}
	within("headers", res.Timing.Headers, headerDelay)
	within("first token", res.Timing.FirstToken, headerDelay+firstToken)
	within("total", res.Timing.Total, headerDelay+firstToken+4*interval)
	if res.Timing.DNS != nil || res.Timing.TLS != nil {
		t.Errorf("DNS/TLS reported on a loopback IP over plain HTTP: %+v", res.Report().TimingMs)
	}
	if res.Timing.Connect == nil || res.Timing.FirstByte == nil {
		t.Errorf("connect/first byte missing: %+v", res.Report().TimingMs)
	}
	if tps, ok := res.TokensPerSecond(); !ok || tps <= 0 {
		t.Errorf("tokens/s = %v %v", tps, ok)
	}
}

func TestFanOutIsolatesFailures(t *testing.T) {
	t.Parallel() // waits on a timer against its own fake
	_, srv := demo.Start(func(r demo.Request) demo.Script {
		switch r.Model {
		case "good-fast":
			return demo.Script{Text: "fast answer here", TokenInterval: time.Millisecond}
		case "good-slow":
			return demo.Script{Text: "slow answer arrives later", FirstTokenDelay: 300 * time.Millisecond, TokenInterval: 20 * time.Millisecond}
		case "server-error":
			return demo.Script{Status: 500, ErrorMessage: "upstream exploded"}
		case "stall":
			return demo.Script{Text: "one two three four", Stall: true, StallAfter: 1}
		case "garbage":
			return demo.Script{Text: "one two three", MalformedAfter: 1}
		}
		return demo.Script{Status: 404, ErrorMessage: "no such model"}
	})
	defer srv.Close()
	e := newTestEngine(backend.Timeouts{Response: 5 * time.Second, Idle: 400 * time.Millisecond})
	var routes []backend.Route
	for _, m := range []string{"good-fast", "server-error", "stall", "garbage", "good-slow"} {
		routes = append(routes, testkit.FakeRoute(t, m, backend.KindOpenAI, srv.URL+"/v1", m))
	}
	ends := make([]time.Duration, len(routes))
	start := time.Now()
	results := e.RunAll(context.Background(), routes, testkit.Ask("hi"), func(i int, ev backend.Event) {
		if ev.Kind == backend.EventDone || ev.Kind == backend.EventError {
			ends[i] = time.Since(start)
		}
	})
	want := map[string]backend.ErrorKind{"server-error": backend.ErrUpstream, "stall": backend.ErrTimeout, "garbage": backend.ErrStream}
	for _, r := range results {
		if k, bad := want[r.Route.Name]; bad {
			if r.Err == nil || r.Err.Kind != k {
				t.Errorf("%s: err = %v, want kind %s", r.Route.Name, r.Err, k)
			}
			continue
		}
		if r.Err != nil || r.Text.Len() == 0 {
			t.Errorf("%s: err = %v, text %q", r.Route.Name, r.Err, r.Text.String())
		}
	}
	// Ordering, not wall-clock bounds: the fast route must end before the
	// slow one and before the stalled one times out.
	if ends[0] >= ends[4] || ends[0] >= ends[2] {
		t.Errorf("fast route ended at %v (slow %v, stall %v): held up by the others", ends[0], ends[4], ends[2])
	}
	if !strings.Contains(results[1].Err.Message, "upstream exploded") || results[1].Err.Status != 500 {
		t.Errorf("500 error = %+v", results[1].Err)
	}
}

func TestCancelOneRoute(t *testing.T) {
	_, srv := demo.Start(func(demo.Request) demo.Script {
		return demo.Script{EndlessKeepAlive: true, KeepAliveEvery: 10 * time.Millisecond}
	})
	defer srv.Close()
	e := newTestEngine(backend.Timeouts{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := e.Stream(ctx, testkit.FakeRoute(t, "r", backend.KindOpenRouter, srv.URL+"/api/v1", "m"), testkit.Ask("hi"))
	res := backend.NewResult(backend.Route{Name: "r"})
	for ev := range ch {
		res.Apply(ev)
		if res.KeepAlives == 3 {
			cancel()
		}
	}
	if res.Err == nil || res.Err.Kind != backend.ErrCanceled {
		t.Fatalf("err = %v", res.Err)
	}
	if res.Text.Len() != 0 {
		t.Fatalf("keep-alive became text: %q", res.Text.String())
	}
}

func TestResponseTimeout(t *testing.T) {
	t.Parallel() // waits on a timer against its own fake
	_, srv := demo.Start(func(demo.Request) demo.Script { return demo.Script{HeaderDelay: 2 * time.Second, Text: "late"} })
	defer srv.Close()
	e := newTestEngine(backend.Timeouts{Response: 100 * time.Millisecond})
	res := runOne(t, e, testkit.FakeRoute(t, "r", backend.KindAnthropic, srv.URL, "m"))
	if res.Err == nil || res.Err.Kind != backend.ErrTimeout || !strings.Contains(res.Err.Message, "no response within 100ms") {
		t.Fatalf("err = %+v", res.Err)
	}
}

func TestMissingKeyIsClear(t *testing.T) {
	e := NewEngine(EngineOptions{Keys: testkit.StaticKeys{}})
	rt, _ := backend.NewRoute(backend.KindOpenRouter, "openai/gpt-4o-mini", "http://127.0.0.1:9/api/v1", "")
	res := runOne(t, e, rt)
	if res.Err == nil || res.Err.Kind != backend.ErrNoKey || !strings.Contains(res.Err.Message, "routeplay keys set openrouter") {
		t.Fatalf("err = %+v", res.Err)
	}
}

func TestKeyRedactedFromErrors(t *testing.T) {
	_, srv := demo.Start(func(demo.Request) demo.Script {
		return demo.Script{Status: 401, ErrorMessage: "Incorrect API key provided: " + testkit.Key}
	})
	defer srv.Close()
	e := newTestEngine(backend.Timeouts{})
	for _, w := range []backend.Wire{backend.WireOpenAI, backend.WireAnthropic, backend.WireGemini} {
		res := runOne(t, e, testkit.FakeRoute(t, "r", testkit.KindFor(w), testkit.BaseFor(srv, w), "m"))
		if res.Err == nil || res.Err.Kind != backend.ErrAuth {
			t.Fatalf("%s: err = %+v", w, res.Err)
		}
		if strings.Contains(res.Err.Message, testkit.Key) || strings.Contains(res.Err.Message, testkit.Key[8:]) {
			t.Fatalf("%s: key leaked: %q", w, res.Err.Message)
		}
	}
}

func TestCrossHostRedirectCarriesNoKey(t *testing.T) {
	var leaked []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, h := range []string{"Authorization", "X-Api-Key", "X-Goog-Api-Key"} {
			if r.Header.Get(h) != "" {
				leaked = append(leaked, h)
			}
		}
		w.WriteHeader(500)
	}))
	defer other.Close()
	// 127.0.0.1 vs localhost: a different host to net/http.
	target := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	_, srv := demo.Start(func(demo.Request) demo.Script { return demo.Script{RedirectTo: target + "/v1/messages"} })
	defer srv.Close()
	e := newTestEngine(backend.Timeouts{})
	for _, w := range []backend.Wire{backend.WireOpenAI, backend.WireAnthropic, backend.WireGemini} {
		res := runOne(t, e, testkit.FakeRoute(t, "r", testkit.KindFor(w), testkit.BaseFor(srv, w), "m"))
		if res.Err == nil || !strings.Contains(res.Err.Message, "redirect to another host refused") {
			t.Fatalf("%s: err = %+v", w, res.Err)
		}
	}
	if len(leaked) > 0 {
		t.Fatalf("key headers reached the other host: %v", leaked)
	}
}

func TestEscapeSequencesNeverLeaveTheEngine(t *testing.T) {
	_, srv := demo.Start(func(demo.Request) demo.Script {
		return demo.Script{Tokens: []string{"safe ", "\x1b]52;c;ZXZpbA==", "\x07text", "\x1b[2J", " \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"}}
	})
	defer srv.Close()
	res := runOne(t, newTestEngine(backend.Timeouts{}), testkit.FakeRoute(t, "r", backend.KindOpenAI, srv.URL+"/v1", "m"))
	if got := res.Text.String(); got != "safe text link" {
		t.Fatalf("text = %q", got)
	}
}
