package catalog

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
)

func TestFetchEndpointsFromFake(t *testing.T) {
	srv, ts := demo.Start(nil)
	defer ts.Close()
	defer srv.Close()
	eps, err := FetchEndpoints(context.Background(), ts.Client(), ts.URL+"/api/v1", "sk-test", "acme/model-1:free")
	if err != nil {
		t.Fatal(err)
	}
	if len(eps) != 3 {
		t.Fatalf("want 3 endpoints, got %d: %+v", len(eps), eps)
	}
	a := eps[0]
	if a.Provider != "Alpha" || a.Quantization != "fp8" || a.ContextLength != 131072 || a.Price == nil ||
		a.Price.Input != 0.3 || a.ImplicitCaching == nil || !*a.ImplicitCaching || *a.Uptime1d != 98.25 ||
		*a.LatencyMs.P50 != 420 || *a.LatencyMs.P99 != 1300 || *a.TokensPerSecond.P50 != 88.5 {
		t.Fatalf("alpha parsed wrong: %+v", a)
	}
	b := eps[1]
	if b.Uptime5m != nil || b.TokensPerSecond.P50 != nil || b.LatencyMs.P75 != nil || *b.LatencyMs.P50 != 900 {
		t.Fatalf("missing figures must stay nil: %+v", b)
	}
	if strings.ContainsRune(eps[2].Provider, 0x1b) || eps[2].Price != nil {
		t.Fatalf("gamma not sanitised: %+v", eps[2])
	}
	last := srv.Requests()[len(srv.Requests())-1]
	if last.Path != "/api/v1/models/acme/model-1/endpoints" || last.Header.Get("Authorization") != "Bearer sk-test" {
		t.Fatalf("request: %s %v", last.Path, last.Header)
	}
}

func TestFetchProvidersFromFake(t *testing.T) {
	srv, ts := demo.Start(nil)
	defer ts.Close()
	defer srv.Close()
	ps, err := FetchProviders(context.Background(), ts.Client(), ts.URL+"/api/v1", "sk-test")
	if err != nil {
		t.Fatal(err)
	}
	p, ok := ProviderByName(ps, "alpha")
	if !ok || p.Privacy != "https://alpha.example/privacy" || p.Terms == "" {
		t.Fatalf("alpha: %+v %v", p, ok)
	}
	if q, ok := ProviderByName(ps, "Beta"); !ok || q.Privacy != "" {
		t.Fatalf("beta: %+v", q)
	}
}

func TestFetchEndpointsHostile(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/providers"):
			_, _ = w.Write([]byte(`{"data":[{"name":"X","privacy_policy_url":"javascript:alert(1)"},{"name":"Y","privacy_policy_url":"https://y.example/\u001b[2J"}]}`))
		case strings.Contains(r.URL.Path, "/big/"):
			_, _ = w.Write([]byte(`{"data":{"endpoints":[` + strings.Repeat(" ", maxEndpointsBytes) + `]}}`))
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":{"message":"no \u001b[31mmodel sk-secret"}}`))
		}
	}))
	defer ts.Close()
	ctx := context.Background()
	if _, err := FetchEndpoints(ctx, ts.Client(), ts.URL, "sk-secret", "a/missing"); err == nil ||
		strings.Contains(err.Error(), "sk-secret") || strings.ContainsRune(err.Error(), 0x1b) || !strings.Contains(err.Error(), "404") {
		t.Fatalf("404: %v", err)
	}
	if _, err := FetchEndpoints(ctx, ts.Client(), ts.URL, "", "a/big/x"); err == nil {
		t.Fatal("a bad model id was accepted")
	}
	if _, err := FetchEndpoints(ctx, ts.Client(), ts.URL, "", "big/x"); err == nil || !strings.Contains(err.Error(), "larger") {
		t.Fatalf("oversized: %v", err)
	}
	ps, err := FetchProviders(ctx, ts.Client(), ts.URL, "")
	if err != nil || len(ps) != 2 || ps[0].Privacy != "" || ps[1].Privacy != "" {
		t.Fatalf("unsafe links kept: %+v %v", ps, err)
	}
}

func TestEndpointUnsupported(t *testing.T) {
	temp, maxTok := 0.2, 100
	rt := backend.Route{Params: backend.Params{Temperature: &temp, MaxTokens: &maxTok, ReasoningEffort: "low"}}
	e := Endpoint{SupportedParameters: []string{"max_tokens", "reasoning"}}
	if got := e.Unsupported(rt); !slices.Equal(got, []string{"temperature"}) {
		t.Fatalf("got %v", got)
	}
	if got := (Endpoint{}).Unsupported(rt); got != nil {
		t.Fatalf("no published list must say nothing: %v", got)
	}
}
