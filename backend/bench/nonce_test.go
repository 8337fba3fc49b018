package bench

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// systemSent is the system prompt each request carried (OpenAI wire: the
// first message when its role is system).
func systemSent(t *testing.T, body map[string]any) string {
	t.Helper()
	msgs, _ := body["messages"].([]any)
	if len(msgs) == 0 {
		return ""
	}
	m := msgs[0].(map[string]any)
	if m["role"] != "system" {
		return ""
	}
	return fmt.Sprint(m["content"])
}

func TestBenchBustsCacheWithANoncePerRun(t *testing.T) {
	srv, routes := testkit.BenchFake(t, map[string]time.Duration{"a": 0})
	req := testkit.Ask("hi")
	req.System = "Be brief."
	res := Run(context.Background(), newTestEngine(backend.Timeouts{}), routes, Options{Runs: 3, Warmup: 1, Request: req})
	seen := map[string]bool{}
	for _, r := range srv.Requests() {
		sys := systemSent(t, r.Body)
		nonce, rest, _ := strings.Cut(sys, "\n")
		if !strings.HasPrefix(nonce, "run ") || len(nonce) != len("run ")+12 || rest != "Be brief." {
			t.Errorf("system prompt sent %q: want a nonce line, then the prompt", sys)
		}
		seen[nonce] = true
	}
	if len(seen) != 4 {
		t.Errorf("%d distinct nonces over 4 runs", len(seen))
	}
	if !res.Workload.CacheBusting || res.Routes[0].Runs[0].Route.Params.System != nil {
		t.Errorf("the workload says busting %v; the kept route must not carry the nonce", res.Workload.CacheBusting)
	}
	// The nonce is estimated into the input tokens stated.
	if res.Workload.InputTokens <= backend.EstimateTokens("Be brief.")+backend.EstimateTokens("hi") {
		t.Errorf("input tokens %d leave out the nonce", res.Workload.InputTokens)
	}
}

func TestBenchAllowCacheSendsTheSamePrompt(t *testing.T) {
	srv, routes := testkit.BenchFake(t, map[string]time.Duration{"a": 0})
	req := testkit.Ask("hi")
	req.System = "Be brief."
	res := Run(context.Background(), newTestEngine(backend.Timeouts{}), routes,
		Options{Runs: 3, Request: req, AllowCache: true})
	for _, r := range srv.Requests() {
		if sys := systemSent(t, r.Body); sys != "Be brief." {
			t.Errorf("system prompt sent %q with --allow-cache", sys)
		}
	}
	if res.Workload.CacheBusting {
		t.Error("the workload says cache-busted")
	}
}

func TestNonceReachesARoutesOwnSystemPrompt(t *testing.T) {
	own := "Route's own."
	rt := backend.Route{Params: backend.Params{System: &own}}
	sent, req := withNonce(rt, backend.Request{System: "req"}, "run 0123456789ab")
	if *sent.Params.System != "run 0123456789ab\nRoute's own." || req.System != "run 0123456789ab\nreq" {
		t.Errorf("sent %q and %q", *sent.Params.System, req.System)
	}
	if own != "Route's own." || *rt.Params.System != "Route's own." {
		t.Error("the configured route was changed")
	}
	if a, b := newNonce(), newNonce(); a == b {
		t.Errorf("two nonces alike: %s", a)
	}
}
