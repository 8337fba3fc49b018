package catalog

import (
	"fmt"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/demo/simulated"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

func mustRoute(t *testing.T, spec string) backend.Route {
	t.Helper()
	rt, err := config.ParseRouteSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func TestPairRoutes(t *testing.T) {
	tests := []struct {
		name  string
		specs []string
		want  []string // "gateway=direct"
	}{
		{"OpenAI through the catalog", []string{"openrouter:openai/gpt-4o-mini", "openai:gpt-4o-mini"},
			[]string{"openrouter:openai/gpt-4o-mini=openai:gpt-4o-mini"}},
		{"Anthropic dated id against OpenRouter's dotted one",
			[]string{"anthropic:claude-haiku-4-5-20251001", "openrouter:anthropic/claude-haiku-4.5"},
			[]string{"openrouter:anthropic/claude-haiku-4.5=anthropic:claude-haiku-4-5-20251001"}},
		{"Gemini", []string{"openrouter:google/gemini-2.5-flash", "gemini:gemini-2.5-flash"},
			[]string{"openrouter:google/gemini-2.5-flash=gemini:gemini-2.5-flash"}},
		{"OpenRouter's dated snapshot and a free variant still pair",
			[]string{"openrouter:openai/gpt-4o-mini-2024-07-18", "openrouter:openai/gpt-4o-mini:free", "openai:gpt-4o-mini"},
			[]string{"openrouter:openai/gpt-4o-mini-2024-07-18=openai:gpt-4o-mini",
				"openrouter:openai/gpt-4o-mini:free=openai:gpt-4o-mini"}},
		{"different models do not pair", []string{"openrouter:openai/gpt-4o", "openai:gpt-4o-mini",
			"openrouter:anthropic/claude-3-haiku", "anthropic:claude-haiku-4-5-20251001"}, nil},
		{"two direct routes are not a gateway pair", []string{"openai:gpt-4o-mini", "groq:gpt-4o-mini"}, nil},
		{"two gateway routes are not a pair", []string{"openrouter:openai/gpt-4o-mini", "openrouter:gpt-4o-mini"}, nil},
		{"only the direct route of the same model pairs",
			[]string{"openrouter:openai/gpt-4o-mini", "openai:gpt-4o-mini", "anthropic:claude-haiku-4-5-20251001",
				"openai:gpt-4o"},
			[]string{"openrouter:openai/gpt-4o-mini=openai:gpt-4o-mini"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var routes []backend.Route
			for _, s := range tt.specs {
				routes = append(routes, mustRoute(t, s))
			}
			var got []string
			for _, p := range PairRoutes(routes) {
				got = append(got, routes[p.Gateway].Name+"="+routes[p.Direct].Name)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("pairs %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPairRoutesSameModelDifferentKind(t *testing.T) {
	gw := backend.Route{Name: "gw", Kind: backend.KindOpenRouter, Model: "my-private-model"}
	dr := backend.Route{Name: "self", Kind: backend.KindOpenAICompatible, Model: "my-private-model"}
	if got := PairRoutes([]backend.Route{gw, dr}); len(got) != 1 || got[0].Gateway != 0 || got[0].Direct != 1 {
		t.Errorf("same model through a gateway and directly: %+v", got)
	}
}

func TestPairRoutesDemo(t *testing.T) {
	routes := simulated.DemoRoutes()
	pairs := PairRoutes(routes)
	if len(pairs) != 1 || routes[pairs[0].Gateway].Name != "demo-openrouter" || routes[pairs[0].Direct].Name != "demo-openai" {
		t.Fatalf("demo pairs: %+v", pairs)
	}
}

func TestNormaliseModelID(t *testing.T) {
	for in, want := range map[string]string{
		"anthropic/claude-haiku-4.5":    "claude haiku 4 5",
		"claude-haiku-4-5-20251001":     "claude haiku 4 5",
		"openai/gpt-4o-mini-2024-07-18": "gpt 4o mini",
		"meta-llama/llama-3.3-70b:free": "llama 3 3 70b",
		"claude-3-5-sonnet@20240620":    "claude 3 5 sonnet",
		"  GPT-4o  ":                    "gpt 4o",
	} {
		if got := normaliseModelID(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

func TestPairDelta(t *testing.T) {
	gw := backend.Route{Name: "gw", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini"}
	dr := backend.Route{Name: "direct", Kind: backend.KindOpenAI, Model: "gpt-4o-mini"}
	p := Pair{Gateway: 0, Direct: 1, Model: "gpt-4o-mini"}
	d := PairDelta(p, testkit.FinishedResult(gw, 340*time.Millisecond, time.Second, 0.001, nil),
		testkit.FinishedResult(dr, 300*time.Millisecond, 1100*time.Millisecond, 0.001, nil), config.DefaultFees())
	if d.FirstTokenMs == nil || !testkit.Near(*d.FirstTokenMs, 40) || !testkit.Near(*d.TotalMs, -100) {
		t.Errorf("times: %+v", d)
	}
	// Same token cost; the gateway pays 5.5 % on top.
	if d.CostUSD == nil || !testkit.Near(*d.CostUSD, 0.000055) || !testkit.Near(*d.Gateway.CostUSD, 0.001) {
		t.Errorf("cost: %v", *d.CostUSD)
	}
	failed := PairDelta(p, testkit.FinishedResult(gw, 0, 50*time.Millisecond, 0, &backend.RouteError{Kind: backend.ErrUpstream}),
		testkit.FinishedResult(dr, 300*time.Millisecond, time.Second, 0.001, nil), config.DefaultFees())
	if failed.FirstTokenMs != nil || failed.TotalMs != nil || failed.CostUSD != nil {
		t.Errorf("a failed run must not produce a delta: %+v", failed)
	}
}
