package catalog

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
)

func TestSplitByProviderPinsEachProvider(t *testing.T) {
	srv, ts := demo.Start(nil)
	defer ts.Close()
	defer srv.Close()
	ctx := context.Background()
	eps, err := FetchEndpoints(ctx, ts.Client(), ts.URL+"/api/v1", "sk-test", "acme/model-1")
	if err != nil {
		t.Fatal(err)
	}
	provs, err := FetchProviders(ctx, ts.Client(), ts.URL+"/api/v1", "sk-test")
	if err != nil {
		t.Fatal(err)
	}
	rt := backend.Route{Name: "or", Kind: backend.KindOpenRouter, Model: "acme/model-1",
		OpenRouter: &backend.OpenRouterOptions{Models: []string{"other/model"},
			Provider: map[string]any{"order": []any{"beta"}, "data_collection": "deny"}}}
	got := SplitByProvider(rt, eps, provs)
	var names []string
	for _, r := range got {
		names = append(names, r.Name)
	}
	if !slices.Equal(names, []string{"or@alpha", "or@beta", "or@gamma"}) {
		t.Fatalf("names %v", names)
	}
	a := got[0].OpenRouter
	if len(a.Models) != 0 || a.Provider["allow_fallbacks"] != false || a.Provider["order"] != nil ||
		a.Provider["data_collection"] != "deny" || !slices.Equal(a.Provider["only"].([]any), []any{"alpha"}) {
		t.Fatalf("alpha pinned wrong: %+v", a)
	}
	if rt.OpenRouter.Provider["only"] != nil || len(rt.OpenRouter.Models) != 1 {
		t.Fatal("the split changed the original route")
	}
	if got := SplitByProvider(rt, append(eps, eps[0]), provs); len(got) != 3 {
		t.Fatalf("a provider listed twice gives one route, got %d", len(got))
	}
}

func TestServedEndpointAndPublishedFigures(t *testing.T) {
	up, lat, tps, yes := 99.5, 420.0, 88.5, true
	eps := []Endpoint{{Provider: "Beta"}, {Provider: "Alpha", Tag: "alpha/fp8", Quantization: "fp8", Uptime30m: &up,
		LatencyMs: Percentiles{P50: &lat}, TokensPerSecond: Percentiles{P50: &tps}, ImplicitCaching: &yes,
		Price: &backend.Price{Input: 0.3, Output: 1.2}}}
	for _, served := range []string{"Alpha", "alpha", "ALPHA"} {
		if e, ok := ServedEndpoint(eps, served); !ok || e.Provider != "Alpha" {
			t.Fatalf("%q not matched", served)
		}
	}
	if _, ok := ServedEndpoint(eps, ""); ok {
		t.Fatal("an unknown provider matched")
	}
	got := strings.Join(PublishedFigures(eps[1]), " · ")
	want := "uptime 99.5% · latency p50 420ms · throughput p50 89 tok/s · fp8 · $0.30 in / $1.20 out per M · implicit caching yes"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	if PublishedFigures(eps[0]) != nil {
		t.Fatal("nothing published should give no figures")
	}
}

func TestMeasuredFigures(t *testing.T) {
	if MeasuredFigures(nil) != nil || MeasuredFigures(&backend.Result{Err: &backend.RouteError{Kind: backend.ErrUpstream}}) != nil {
		t.Fatal("a failed run has no figures")
	}
	ft := 412 * time.Millisecond
	r := &backend.Result{Timing: backend.Timing{FirstToken: &ft}}
	if got := strings.Join(MeasuredFigures(r), " · "); !strings.HasPrefix(got, "first token 412ms") {
		t.Fatalf("got %q", got)
	}
}

func TestSplitWarnings(t *testing.T) {
	temp := 0.2
	rt := backend.Route{Params: backend.Params{Temperature: &temp}}
	eps := []Endpoint{{Provider: "Alpha", SupportedParameters: []string{"temperature"}},
		{Provider: "Beta", SupportedParameters: []string{"max_tokens"}}, {Provider: "Beta", SupportedParameters: []string{"tools"}},
		{Provider: "Gamma"}}
	if got := SplitWarnings(rt, eps); !slices.Equal(got, []string{"Beta does not list temperature"}) {
		t.Fatalf("got %q", got)
	}
}
