package engine

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/demo/gateway"
	"github.com/routeplay/routeplay/backend/preset"
)

// startGateway serves a fake gateway in front of a fake provider.
func startGateway(t *testing.T, gw *gateway.Fake, script func(demo.Request) demo.Script) *demo.Server {
	t.Helper()
	up := demo.New(script)
	gw.Upstream = up
	srv := httptest.NewServer(gw)
	t.Cleanup(func() { up.Close(); srv.Close() })
	gwURL[gw] = srv.URL
	return up
}

var gwURL = map[*gateway.Fake]string{}

func gatewayRoute(t *testing.T, gw *gateway.Fake, name, upstream string) backend.Route {
	t.Helper()
	rt, err := preset.NewGatewayRoute(name, upstream, "", gwURL[gw]+"/v1", "")
	if err != nil {
		t.Fatal(err)
	}
	if rt.Headers, err = preset.GatewayHeaders(rt); err != nil {
		t.Fatal(err)
	}
	return rt
}

func TestPortkeyNeedsItsHeaderAndSaysWhoServed(t *testing.T) {
	gw := &gateway.Fake{Flavour: gateway.Portkey}
	startGateway(t, gw, func(demo.Request) demo.Script { return demo.Script{Text: "seven"} })
	e := newTestEngine(backend.Timeouts{Idle: 5 * time.Second})
	rt := gatewayRoute(t, gw, "portkey", "openai:gpt-4o-mini")
	bare := rt
	bare.Headers = nil
	if res := runOne(t, e, bare); res.Err == nil || res.Err.Kind != backend.ErrBadRequest {
		t.Fatalf("without x-portkey-provider: err = %v", res.Err)
	}
	res := runOne(t, e, rt)
	if res.Err != nil || res.Text.String() != "seven" || res.ServedBy != "openai" {
		t.Fatalf("err %v text %q served by %q", res.Err, res.Text.String(), res.ServedBy)
	}
}

func TestGatewayExceptionIsAGatewayError(t *testing.T) {
	gw := &gateway.Fake{Flavour: gateway.Portkey, Exception: true}
	startGateway(t, gw, nil)
	res := runOne(t, newTestEngine(backend.Timeouts{}), gatewayRoute(t, gw, "portkey", "openai:gpt-4o-mini"))
	if res.Err == nil || res.Err.Kind != backend.ErrGateway || res.Err.Status != 500 {
		t.Fatalf("err = %v, want a gateway error", res.Err)
	}
}

func TestGatewayErrorFinishFails(t *testing.T) {
	gw := &gateway.Fake{Flavour: gateway.Portkey}
	startGateway(t, gw, func(demo.Request) demo.Script { return demo.Script{Text: "half", Finish: "overloaded_error"} })
	res := runOne(t, newTestEngine(backend.Timeouts{}), gatewayRoute(t, gw, "portkey", "anthropic:claude-haiku-4-5-20251001"))
	if res.Err == nil || res.Err.Kind != backend.ErrUpstream {
		t.Fatalf("err = %v", res.Err)
	}
}

// The gateway sends its headers only with the first chunk: a stall before
// it is a stall before the headers, and the first-token limit catches it.
func TestGatewayStallHitsFirstTokenTimeout(t *testing.T) {
	t.Parallel() // waits on a timer against its own fake
	gw := &gateway.Fake{Flavour: gateway.Portkey}
	startGateway(t, gw, func(demo.Request) demo.Script {
		return demo.Script{FirstTokenDelay: 3 * time.Second, Text: "late"}
	})
	e := newTestEngine(backend.Timeouts{Response: 10 * time.Second, Idle: 10 * time.Second, FirstToken: 200 * time.Millisecond})
	res := runOne(t, e, gatewayRoute(t, gw, "portkey", "openai:gpt-4o-mini"))
	if res.Err == nil || res.Err.Message != "no first token within 200ms" || res.Timing.Headers != nil {
		t.Fatalf("err = %v headers %v", res.Err, res.Timing.Headers)
	}
}

func TestGatewayHeldFirstChunkIsNoted(t *testing.T) {
	gw := &gateway.Fake{Flavour: gateway.Portkey, Hold: 60 * time.Millisecond}
	startGateway(t, gw, func(demo.Request) demo.Script {
		return demo.Script{TokenInterval: 5 * time.Millisecond, Text: strings.Repeat("word ", 40)}
	})
	res := runOne(t, newTestEngine(backend.Timeouts{}), gatewayRoute(t, gw, "portkey", "openai:gpt-4o-mini"))
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if res.FirstRead < 4 || *res.Timing.FirstToken < 60*time.Millisecond {
		t.Fatalf("first read %d deltas at %v", res.FirstRead, *res.Timing.FirstToken)
	}
	notes := strings.Join(res.Notes(), "\n")
	if !strings.Contains(notes, "chunks in one read") {
		t.Fatalf("notes %q", notes)
	}
}

// A gateway-side fallback is priced as the model that served, and the
// failed attempt shows.
func TestGatewayFallbackPricedAsServedModel(t *testing.T) {
	gw := &gateway.Fake{Flavour: gateway.Portkey, Targets: []string{"gpt-4o-mini", "gpt-4o"}}
	startGateway(t, gw, func(r demo.Request) demo.Script {
		if r.Model == "gpt-4o-mini" {
			return demo.Script{Status: 503, ErrorMessage: "overloaded"}
		}
		return demo.Script{Text: "served by the bigger one", Usage: &demo.Usage{Input: 1000, Output: 1000}}
	})
	res := runOne(t, newTestEngine(backend.Timeouts{}), gatewayRoute(t, gw, "portkey", "openai:gpt-4o-mini"))
	if res.Err != nil || res.ServedModel != "gpt-4o" || res.GatewayFallback != "config.targets[1]" {
		t.Fatalf("err %v served %q fallback %q", res.Err, res.ServedModel, res.GatewayFallback)
	}
	usd, _, ok := backend.RouteCost(res)
	want4o, _ := backend.CatalogModel(backend.KindOpenAI, "gpt-4o")
	wantUSD := (1000*want4o.CostPer1MIn + 1000*want4o.CostPer1MOut) / 1e6
	if !ok || usd != wantUSD {
		t.Fatalf("cost %v (%v), want gpt-4o's %v", usd, ok, wantUSD)
	}
	if notes := strings.Join(res.Notes(), "\n"); !strings.Contains(notes, "gateway fell back (config.targets[1])") {
		t.Fatalf("notes %q", notes)
	}
}

func TestLiteLLMSaysWhichDeploymentServed(t *testing.T) {
	gw := &gateway.Fake{Flavour: gateway.LiteLLM}
	startGateway(t, gw, nil)
	rt := gatewayRoute(t, gw, "litellm", "openai:gpt-4o-mini")
	rt.KeyName = "openai" // the test keys have no "litellm"
	res := runOne(t, newTestEngine(backend.Timeouts{}), rt)
	if res.Err != nil || res.ServedBy != "http://127.0.0.1/upstream deployment-0" {
		t.Fatalf("err %v served by %q", res.Err, res.ServedBy)
	}
}
