package backend

import (
	"testing"
	"time"
)

// A report written before the last token, the pieces and the keep-alives
// were kept still shows its first text, its timeline, its tokens/s and its
// cost, and says which route answered after a fallback.
func TestResultFromOlderReport(t *testing.T) {
	ms := func(v float64) *float64 { return &v }
	src, usd, status := "catalog", 0.00042, 502
	rep := RouteReport{Route: "or-mini", Provider: "openrouter", Model: "openai/gpt-4o-mini", Text: "hi there",
		TimingMs: TimingReport{DNS: ms(3.5), TLS: ms(20.25), Headers: ms(90), FirstToken: ms(310.125),
			FirstText: ms(512.5), Total: ms(900)},
		Usage:      UsageReport{InputTokens: 10, OutputTokens: 30, Source: "provider"},
		TokensPerS: ms(77.7), CostUSD: &usd, CostSource: &src,
		Attempts: []AttemptReport{{Model: "openai/gpt-4o-mini", Status: &status,
			Error: &ErrorReport{Kind: "upstream", Status: &status, Message: "bad gateway"}},
			{Route: "direct", Provider: "openai", Model: "gpt-4o-mini"}}}
	res := ResultFromReport(Route{Name: "or-mini", Kind: KindOpenRouter, Model: "other"}, rep)
	if ft := res.Timing.FirstText; ft == nil || *ft != 512500*time.Microsecond {
		t.Fatalf("first text %v", ft)
	}
	if d := res.Timing.DNS; d == nil || *d != 3500*time.Microsecond || res.Timing.TLS == nil {
		t.Fatalf("timeline %+v", res.Timing)
	}
	if tps, ok := res.TokensPerSecond(); !ok || tps != 77.7 {
		t.Fatalf("tokens/s %v %v", tps, ok)
	}
	if c, s, ok := RouteCost(res); !ok || c != usd || s != CostFromCatalog {
		t.Fatalf("cost %v %v %v", c, s, ok)
	}
	if res.Route.Model != "openai/gpt-4o-mini" || res.AttemptRoute().Name != "direct" || res.Attempts[0].Route != "or-mini" {
		t.Fatalf("routes %+v, attempt %+v, attempts %+v", res.Route, res.AttemptRoute(), res.Attempts)
	}
	if !res.Done() || res.Text.String() != "hi there" {
		t.Fatalf("done %v, text %q", res.Done(), res.Text.String())
	}
}
