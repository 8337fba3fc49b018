package config

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/wire"
)

func settingByKey(t *testing.T, rt backend.Route, key string) Setting {
	t.Helper()
	for _, s := range RouteSettings(rt) {
		if s.Key == key {
			return s
		}
	}
	t.Fatalf("%s has no setting %s", rt.Name, key)
	return Setting{}
}

func mustSet(t *testing.T, rt backend.Route, key, text string) backend.Route {
	t.Helper()
	next, err := settingByKey(t, rt, key).Set(rt, text)
	if err != nil {
		t.Fatalf("set %s = %q: %v", key, text, err)
	}
	return next
}

func savedRouteFor(t *testing.T, kind backend.Kind, model string) backend.Route {
	t.Helper()
	rt, err := backend.NewRoute(kind, model, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func TestRouteSettingSetLeavesTheOriginalAlone(t *testing.T) {
	temp := 0.5
	rt := savedRouteFor(t, backend.KindOpenRouter, "openai/gpt-4o")
	rt.Params.Temperature = &temp
	rt.Params.Stop = []string{"x"}
	rt.OpenRouter = &backend.OpenRouterOptions{Models: []string{"a/b"}, Provider: map[string]any{
		"order": []any{"openai"}, "sort": map[string]any{"by": "price", "partition": "none"},
		"max_price":             map[string]any{"prompt": 1.0, "request": int64(2)},
		"preferred_max_latency": map[string]any{"p50": int64(1), "p90": int64(4)}}}
	before := cloneSettings(rt)

	next := mustSet(t, rt, "params.temperature", "1.5")
	next = mustSet(t, next, "params.stop", "y")
	next = mustSet(t, next, "openrouter.provider.order", "azure")
	next = mustSet(t, next, "openrouter.provider.sort", "latency")
	next = mustSet(t, next, "openrouter.provider.max_price.prompt", "")
	next = mustSet(t, next, "openrouter.models", "")
	next = mustSet(t, next, "openrouter.provider.preferred_max_latency", "0.5")

	if !reflect.DeepEqual(rt, before) || *rt.Params.Temperature != 0.5 {
		t.Fatalf("the original route changed:\n%#v\n%#v", rt.OpenRouter, before.OpenRouter)
	}
	if got := next.OpenRouter.Provider["preferred_max_latency"]; !reflect.DeepEqual(got, map[string]any{"p50": 0.5, "p90": int64(4)}) {
		t.Errorf("the p90 target was lost: %#v", got)
	}
	sort := next.OpenRouter.Provider["sort"].(map[string]any)
	if sort["by"] != "latency" || sort["partition"] != "none" {
		t.Errorf("the table form of sort lost its other options: %v", sort)
	}
	if got := next.OpenRouter.Provider["max_price"]; !reflect.DeepEqual(got, map[string]any{"request": int64(2)}) {
		t.Errorf("max_price kept %v, want only the untouched request price", got)
	}
	if next.OpenRouter.Models != nil {
		t.Errorf("cleared models are still sent: %v", next.OpenRouter.Models)
	}
}

func TestRouteSettingsClearedAreNotSent(t *testing.T) {
	rt := savedRouteFor(t, backend.KindOpenRouter, "openai/gpt-4o")
	rt = mustSet(t, rt, "openrouter.provider.zdr", "true")
	rt = mustSet(t, rt, "openrouter.provider.zdr", "")
	if rt.OpenRouter != nil {
		t.Fatalf("an emptied preference table is kept: %#v", rt.OpenRouter)
	}
	preview, err := wire.RequestPreview(rt, "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(preview, "provider") {
		t.Errorf("preview still has a provider object:\n%s", preview)
	}
}

func TestRouteSettingErrorsAreSpecific(t *testing.T) {
	rt := savedRouteFor(t, backend.KindOpenRouter, "openai/gpt-4o")
	cases := []struct{ key, text, want string }{
		{"params.temperature", "3", "temperature 3 is outside 0..2"},
		{"params.temperature", "warm", `temperature: "warm" is not a number`},
		{"params.temperature", "NaN", "not a number"},
		{"params.top_p", "0", "outside (0, 1]"},
		{"params.max_tokens", "1.5", "not a whole number"},
		{"params.max_tokens", "-4", "must be positive"},
		{"params.stop", `"open`, "unclosed"},
		{"params.stop", "a,,b", "empty"},
		{"openrouter.provider.quantizations", "fp3", `"fp3" is not one of`},
		{"openrouter.provider.sort", "cheapest", `"cheapest" is not one of price, throughput, latency, exacto`},
		{"openrouter.provider.max_price.prompt", "-1", "must not be negative"},
	}
	for _, c := range cases {
		got, err := settingByKey(t, rt, c.key).Set(rt, c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s = %q: error %v, want one containing %q", c.key, c.text, err, c.want)
		}
		if !reflect.DeepEqual(got, rt) {
			t.Errorf("%s = %q: a failed set changed the route", c.key, c.text)
		}
	}
}

func TestRouteSettingsFollowTheWire(t *testing.T) {
	keys := func(rt backend.Route) []string {
		var out []string
		for _, s := range RouteSettings(rt) {
			out = append(out, s.Key)
		}
		return out
	}
	anthropic := savedRouteFor(t, backend.KindAnthropic, "claude-sonnet-4-5")
	if k := keys(anthropic); slices.Contains(k, "params.reasoning_effort") || !slices.Contains(k, "params.reasoning_budget") ||
		slices.Contains(k, "openrouter.models") {
		t.Errorf("anthropic settings: %v", k)
	}
	anthropic.Params.ReasoningEffort = "high" // from a config: listed so it can be cleared
	if !slices.Contains(keys(anthropic), "params.reasoning_effort") {
		t.Error("a set reasoning effort the wire ignores cannot be cleared")
	}
	openai := savedRouteFor(t, backend.KindOpenAI, "gpt-4o")
	if k := keys(openai); !slices.Contains(k, "params.reasoning_effort") || slices.Contains(k, "params.reasoning_budget") {
		t.Errorf("openai settings: %v", k)
	}
	or := savedRouteFor(t, backend.KindOpenRouter, "openai/gpt-4o")
	if k := keys(or); !slices.Contains(k, "params.reasoning_effort") || !slices.Contains(k, "params.reasoning_budget") ||
		!slices.Contains(k, "openrouter.provider.zdr") {
		t.Errorf("openrouter settings: %v", k)
	}
}

func TestRequestPreviewMapsEachWire(t *testing.T) {
	budget, maxTok := 2048, 8000
	cases := []struct {
		kind  backend.Kind
		model string
		want  []string
	}{
		{backend.KindAnthropic, "claude-sonnet-4-5", []string{`"budget_tokens": 2048`, `"max_tokens": 8000`, `"system": "be kind"`}},
		{backend.KindGemini, "gemini-2.5-flash", []string{`"thinkingBudget": 2048`, `"maxOutputTokens": 8000`, `"systemInstruction"`}},
		{backend.KindOpenRouter, "openai/gpt-4o", []string{`"reasoning": {`, `"max_tokens": 8000`}},
	}
	for _, c := range cases {
		rt := savedRouteFor(t, c.kind, c.model)
		rt.Params.ReasoningBudget, rt.Params.MaxTokens = &budget, &maxTok
		got, err := wire.RequestPreview(rt, "be kind")
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s preview lacks %s:\n%s", c.kind, w, got)
			}
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("%s preview is not JSON:\n%s", c.kind, got)
		}
		if strings.Contains(got, "contents") || strings.Contains(got, `"user"`) {
			t.Errorf("%s preview shows the conversation:\n%s", c.kind, got)
		}
	}
}

func TestDescribeParams(t *testing.T) {
	temp, maxTok, sys := 0.2, 512, "x"
	p := backend.Params{System: &sys, Temperature: &temp, MaxTokens: &maxTok, ReasoningEffort: "high", Stop: []string{"a", "b"}}
	if got, want := DescribeParams(p), "own system prompt · temp 0.2 · max 512 · effort high · 2 stop"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if DescribeParams(backend.Params{}) != "" {
		t.Error("no parameters should describe as empty")
	}
}

// -1 is Gemini's dynamic thinking; other wires are warned, lower is refused.
func TestReasoningBudgetMinusOne(t *testing.T) {
	gemini := savedRouteFor(t, backend.KindGemini, "gemini-2.5-flash")
	gemini = mustSet(t, gemini, "params.reasoning_budget", "-1")
	if w := CheckParams(gemini); len(w) != 0 {
		t.Errorf("gemini -1 warned: %v", w)
	}
	if _, err := settingByKey(t, gemini, "params.reasoning_budget").Set(gemini, "-2"); err == nil {
		t.Error("-2 accepted")
	}
	or := mustSet(t, savedRouteFor(t, backend.KindOpenRouter, "openai/gpt-4o"), "params.reasoning_budget", "-1")
	if w := strings.Join(CheckParams(or), "\n"); !strings.Contains(w, "only means something to Gemini") {
		t.Errorf("openrouter -1 not warned: %q", w)
	}
}

// Short lists stay on one line and values read as sent.
func TestRequestPreviewIsCompact(t *testing.T) {
	rt := savedRouteFor(t, backend.KindOpenRouter, "openai/gpt-4o")
	rt = mustSet(t, rt, "params.stop", "<END>, ###")
	rt = mustSet(t, rt, "openrouter.provider.order", "openai, azure")
	rt = mustSet(t, rt, "params.temperature", "0.10")
	got, err := wire.RequestPreview(rt, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"stop": ["<END>", "###"]`, `"order": ["openai", "azure"]`, `"temperature": 0.1,`} {
		if !strings.Contains(got, want) {
			t.Errorf("preview lacks %s:\n%s", want, got)
		}
	}
}

// BenchmarkSettingChange is what one change on the settings screen costs:
// the parse and check, the request body and the parameter warnings.
func BenchmarkSettingChange(b *testing.B) {
	rt, _ := backend.NewRoute(backend.KindOpenRouter, "anthropic/claude-sonnet-4.5", "", "")
	rt.OpenRouter = &backend.OpenRouterOptions{Models: []string{"openai/gpt-4o"}, Provider: map[string]any{"order": []any{"anthropic"}}}
	var temp Setting
	for _, s := range RouteSettings(rt) {
		if s.Key == "params.temperature" {
			temp = s
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		next, err := temp.Set(rt, "0.3")
		if err != nil {
			b.Fatal(err)
		}
		_ = RouteSettings(next)
		if _, err := wire.RequestPreview(next, "Be brief."); err != nil {
			b.Fatal(err)
		}
		_ = CheckParams(next)
	}
}
