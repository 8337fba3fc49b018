package engine

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/demo"
)

// ref returns a pointer to v, for optional parameters.
func ref[T any](v T) *T { return &v }

func TestCheckParams(t *testing.T) {
	cases := []struct {
		name   string
		kind   backend.Kind
		model  string
		params backend.Params
		want   []string // substrings, one per expected warning, in order
	}{
		{"reasoning on a model that does not reason", backend.KindOpenAI, "gpt-4o-mini",
			backend.Params{ReasoningEffort: "high"}, []string{"does not reason"}},
		{"effort outside the catalog's levels", backend.KindOpenAI, "gpt-5-mini",
			backend.Params{ReasoningEffort: "xhigh"}, []string{`"xhigh" is not one of low, medium, high`}},
		{"temperature on an OpenAI reasoning model", backend.KindOpenAI, "o3",
			backend.Params{Temperature: ref(0.2)}, []string{"reject temperature and top_p"}},
		{"budget on the OpenAI wire", backend.KindOpenAI, "o3",
			backend.Params{ReasoningBudget: ref(2048)}, []string{"reasoning_budget is not sent on the OpenAI wire"}},
		{"max_tokens beyond the context window", backend.KindOpenAI, "gpt-4o",
			backend.Params{MaxTokens: ref(200000)}, []string{"exceeds the 128000-token context window"}},
		{"effort on Anthropic", backend.KindAnthropic, "claude-sonnet-4-20250514",
			backend.Params{ReasoningEffort: "low"}, []string{"not sent on the Anthropic wire"}},
		{"small budget, low max_tokens and a temperature on Anthropic", backend.KindAnthropic, "claude-sonnet-4-20250514",
			backend.Params{ReasoningBudget: ref(512), MaxTokens: ref(500), Temperature: ref(0.5)},
			[]string{"at least 1024", "must exceed the thinking budget", "temperature other than 1"}},
		{"effort on Gemini", backend.KindGemini, "gemini-2.5-flash",
			backend.Params{ReasoningEffort: "low"}, []string{"not sent on the Gemini wire"}},
		{"both reasoning settings on OpenRouter", backend.KindOpenRouter, "google/gemini-2.5-flash",
			backend.Params{ReasoningEffort: "low", ReasoningBudget: ref(1000)}, []string{"OpenRouter gets only the effort"}},
		{"supported settings", backend.KindOpenAI, "gpt-5-mini",
			backend.Params{ReasoningEffort: "low", MaxTokens: ref(1000), Stop: []string{"END"}}, nil},
		{"model not in the catalog", backend.KindOpenAI, "my-finetune",
			backend.Params{ReasoningEffort: "turbo"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rt, err := backend.NewRoute(tc.kind, tc.model, "", "")
			if err != nil {
				t.Fatal(err)
			}
			rt.Params = tc.params
			got := config.CheckParams(rt)
			if len(got) != len(tc.want) {
				t.Fatalf("warnings = %q, want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) || !strings.HasPrefix(got[i], rt.Name+": ") {
					t.Errorf("warning %d = %q, want it to name the route and contain %q", i, got[i], w)
				}
			}
		})
	}
}

// sentBody runs rt against a fresh fake and returns the JSON body it received.
func sentBody(t *testing.T, rt backend.Route, system string) map[string]any {
	t.Helper()
	srv, hs := demo.Start(nil)
	defer hs.Close()
	defer srv.Close()
	rt.BaseURL = hs.URL
	if rt.Wire == backend.WireOpenAI {
		rt.BaseURL = hs.URL + "/api/v1"
	}
	e := newTestEngine(backend.Timeouts{Response: 5 * time.Second})
	req := backend.Request{System: system, Messages: []backend.Message{{Role: backend.RoleUser, Content: "hi"}}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if res := e.RunAll(ctx, []backend.Route{rt}, req, nil)[0]; res.Err != nil {
		t.Fatalf("run: %v", res.Err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("requests = %d", len(reqs))
	}
	return reqs[0].Body
}

// asJSON normalises a Go value to what encoding/json decodes it to.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func checkFields(t *testing.T, body map[string]any, want map[string]any) {
	t.Helper()
	for k, w := range want {
		if got, w := body[k], asJSON(t, w); !reflect.DeepEqual(got, w) {
			t.Errorf("body[%q] = %#v, want %#v", k, got, w)
		}
	}
}

func allParams() backend.Params {
	return backend.Params{System: ref("Route system."), Temperature: ref(0.3), TopP: ref(0.9), MaxTokens: ref(4000),
		ReasoningBudget: ref(2048), Stop: []string{"END", "STOP"}}
}

func TestOpenRouterBodyCarriesPreferencesExactly(t *testing.T) {
	rt, _ := backend.NewRoute(backend.KindOpenRouter, "openai/gpt-4o-mini", "", "")
	rt.Params = backend.Params{Temperature: ref(0.3), TopP: ref(0.9), MaxTokens: ref(500), ReasoningEffort: "low", Stop: []string{"END"}}
	provider := map[string]any{
		"order": []any{"openai", "azure"}, "only": []any{"openai", "azure"}, "ignore": []any{"deepinfra"},
		"allow_fallbacks": false, "require_parameters": true, "data_collection": "deny", "zdr": true,
		"sort": "throughput", "max_price": map[string]any{"prompt": 1.0, "completion": 2.0},
		"quantizations": []any{"fp8", "bf16"},
	}
	rt.OpenRouter = &backend.OpenRouterOptions{Models: []string{"anthropic/claude-3.5-haiku", "google/gemini-2.5-flash"}, Provider: provider}
	body := sentBody(t, rt, "Shared system.")
	checkFields(t, body, map[string]any{
		"model": "openai/gpt-4o-mini", "models": rt.OpenRouter.Models, "provider": provider,
		"temperature": 0.3, "top_p": 0.9, "max_tokens": 500, "stop": []string{"END"},
		"reasoning": map[string]any{"effort": "low"},
	})
	if _, ok := body["reasoning_effort"]; ok {
		t.Errorf("OpenRouter body carries reasoning_effort as well as reasoning: %v", body)
	}
	msgs := body["messages"].([]any)
	if first := msgs[0].(map[string]any); first["role"] != "system" || first["content"] != "Shared system." {
		t.Errorf("system message = %v", first)
	}
}

func TestOpenRouterBodyWithoutOptionsSendsNoPreferences(t *testing.T) {
	rt, _ := backend.NewRoute(backend.KindOpenRouter, "openai/gpt-4o-mini", "", "")
	body := sentBody(t, rt, "")
	for _, k := range []string{"models", "provider", "temperature", "top_p", "max_tokens", "stop", "reasoning"} {
		if v, ok := body[k]; ok {
			t.Errorf("unset %s was sent: %v", k, v)
		}
	}
}

func TestOpenAIBodyCarriesParameters(t *testing.T) {
	rt, _ := backend.NewRoute(backend.KindOpenAI, "gpt-5-mini", "", "")
	rt.Params = allParams()
	rt.Params.ReasoningEffort, rt.Params.ReasoningBudget = "medium", nil
	body := sentBody(t, rt, "Shared system.")
	checkFields(t, body, map[string]any{
		"temperature": 0.3, "top_p": 0.9, "max_completion_tokens": 4000, "reasoning_effort": "medium",
		"stop": []string{"END", "STOP"},
	})
	if first := body["messages"].([]any)[0].(map[string]any); first["content"] != "Route system." {
		t.Errorf("the route's system prompt should override: %v", first)
	}
}

func TestAnthropicBodyCarriesParameters(t *testing.T) {
	rt, _ := backend.NewRoute(backend.KindAnthropic, "claude-sonnet-4-20250514", "", "")
	rt.Params = allParams()
	body := sentBody(t, rt, "Shared system.")
	checkFields(t, body, map[string]any{
		"system": "Route system.", "temperature": 0.3, "top_p": 0.9, "max_tokens": 4000,
		"stop_sequences": []string{"END", "STOP"},
		"thinking":       map[string]any{"type": "enabled", "budget_tokens": 2048},
	})
}

func TestGeminiBodyCarriesParameters(t *testing.T) {
	rt, _ := backend.NewRoute(backend.KindGemini, "gemini-2.5-flash", "", "")
	rt.Params = allParams()
	body := sentBody(t, rt, "Shared system.")
	checkFields(t, body, map[string]any{
		"generationConfig": map[string]any{"temperature": 0.3, "topP": 0.9, "maxOutputTokens": 4000,
			"stopSequences":  []string{"END", "STOP"},
			"thinkingConfig": map[string]any{"thinkingBudget": 2048, "includeThoughts": true}},
		"systemInstruction": map[string]any{"parts": []any{map[string]any{"text": "Route system."}}},
	})
}

func TestConfigParamsReachTheWire(t *testing.T) {
	text := `[[routes]]
name = "or"
provider = "openrouter"
model = "openai/gpt-4o-mini"

[routes.params]
temperature = 0.5
stop = ["###"]

[routes.openrouter]
models = ["openai/gpt-4.1-mini"]

[routes.openrouter.provider]
order = ["openai"]
allow_fallbacks = false
data_collection = "deny"
sort = "price"
`
	cfg, err := config.ParseConfig("cfg.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	rt, _ := cfg.FindRoute("or")
	body := sentBody(t, rt, "")
	checkFields(t, body, map[string]any{
		"temperature": 0.5, "stop": []string{"###"}, "models": []string{"openai/gpt-4.1-mini"},
		"provider": map[string]any{"order": []string{"openai"}, "allow_fallbacks": false, "data_collection": "deny", "sort": "price"},
	})
}

func TestDescribeOpenRouter(t *testing.T) {
	cases := []struct {
		opts *backend.OpenRouterOptions
		want string
	}{
		{nil, ""},
		{&backend.OpenRouterOptions{Provider: map[string]any{"order": []any{"openai"}, "allow_fallbacks": false, "data_collection": "deny"}},
			"order=openai · no-fallbacks · deny-data"},
		{&backend.OpenRouterOptions{Models: []string{"a/x", "b/y"}, Provider: map[string]any{
			"zdr": true, "sort": "price", "require_parameters": true, "quantizations": []any{"fp8", "bf16"},
			"ignore": []any{"deepinfra"}, "max_price": map[string]any{"prompt": 1.0, "completion": 2.5}, "custom": 3}},
			"models=a/x,b/y · ignore=deepinfra · sort=price · require-params · zdr · quantizations=fp8,bf16 · max prompt≤$1,completion≤$2.5 · custom=3"},
		{&backend.OpenRouterOptions{Provider: map[string]any{"allow_fallbacks": true, "data_collection": "allow", "zdr": false}}, ""},
	}
	for _, tc := range cases {
		if got := config.DescribeOpenRouter(tc.opts); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

func TestConfigOpenRouterPreferencesAreChecked(t *testing.T) {
	head := "[[routes]]\nname = \"or\"\nprovider = \"openrouter\"\nmodel = \"openai/gpt-4o-mini\"\n[routes.openrouter.provider]\n"
	cases := map[string]string{
		`sort = "cheapest"`:                    `cfg.toml:6: route or: openrouter.provider.sort: expected one of price, throughput, latency`,
		`allow_fallbacks = "no"`:               `cfg.toml:6: route or: openrouter.provider.allow_fallbacks: expected true or false`,
		`order = "openai"`:                     `cfg.toml:6: route or: openrouter.provider.order: expected a list of strings`,
		`quantizations = ["fp7"]`:              `cfg.toml:6: route or: openrouter.provider.quantizations: "fp7" is not one of`,
		`data_collection = "never"`:            `cfg.toml:6: route or: openrouter.provider.data_collection: expected one of allow, deny`,
		`max_price = { prompt = -1 }`:          `cfg.toml:6: route or: openrouter.provider.max_price: prompt: must not be negative`,
		`max_price = { tokens = 1 }`:           `cfg.toml:6: route or: openrouter.provider.max_price: unknown price "tokens"`,
		`sort = { by = "fastest" }`:            `cfg.toml:6: route or: openrouter.provider.sort: by: expected one of price, throughput, latency`,
		"zdr = 1":                              `cfg.toml:6: route or: openrouter.provider.zdr: expected true or false`,
		"[routes.openrouter]\nmodels = [\"\"]": `cfg.toml:6: route or: openrouter.models: a model id is empty`,
		`preferred_max_latency = "fast"`:       `cfg.toml:6: route or: openrouter.provider.preferred_max_latency: expected a number`,
		`preferred_max_latency = { p95 = 1 }`:  `cfg.toml:6: route or: openrouter.provider.preferred_max_latency: unknown percentile "p95"`,
		`preferred_min_throughput = -5`:        `cfg.toml:6: route or: openrouter.provider.preferred_min_throughput: must not be negative`,
	}
	for text, want := range cases {
		src := head + text + "\n"
		if strings.HasPrefix(text, "[") {
			src = strings.TrimSuffix(head, "[routes.openrouter.provider]\n") + text + "\n"
		}
		_, err := config.ParseConfig("cfg.toml", []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s:\n got %v\nwant %s", text, err, want)
		}
	}
	ok := head + "order = [\"openai\"]\nsort = \"latency\"\nmax_price = { prompt = 1, completion = 2.5 }\nquantizations = [\"fp8\"]\nzdr = true\npreferred_min_throughput = 50\n" +
		"preferred_max_latency = { p50 = 1, p90 = 3.5 }\nenforce_distillable_text = true\nfuture_pref = 1\n"
	cfg, err := config.ParseConfig("cfg.toml", []byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	rt, _ := cfg.FindRoute("or")
	warns := config.CheckParams(rt)
	if len(warns) != 1 || !strings.Contains(warns[0], `"future_pref" is not one routeplay knows`) {
		t.Fatalf("warnings = %q", warns)
	}
	want := "order=openai · sort=latency · zdr · distillable-only · quantizations=fp8 · max prompt≤$1,completion≤$2.5 · " +
		"latency p50≤1s,p90≤3.5s · throughput≥50tok/s · future_pref=1"
	if got := config.DescribeOpenRouter(rt.OpenRouter); got != want {
		t.Errorf("summary:\n got %s\nwant %s", got, want)
	}
}

func TestSortPreferenceTableForm(t *testing.T) {
	text := "[[routes]]\nname = \"or\"\nprovider = \"openrouter\"\nmodel = \"openai/gpt-4o-mini\"\n" +
		"[routes.openrouter.provider]\nsort = { by = \"throughput\" }\n"
	cfg, err := config.ParseConfig("cfg.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	rt, _ := cfg.FindRoute("or")
	if got := config.DescribeOpenRouter(rt.OpenRouter); got != "sort=throughput" {
		t.Fatalf("summary = %q", got)
	}
}
