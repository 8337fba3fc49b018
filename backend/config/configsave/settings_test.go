package configsave

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/wire"
)

func settingByKey(t *testing.T, rt backend.Route, key string) config.Setting {
	t.Helper()
	for _, s := range config.RouteSettings(rt) {
		if s.Key == key {
			return s
		}
	}
	t.Fatalf("%s has no setting %s", rt.Name, key)
	return config.Setting{}
}

func mustSet(t *testing.T, rt backend.Route, key, text string) backend.Route {
	t.Helper()
	next, err := settingByKey(t, rt, key).Set(rt, text)
	if err != nil {
		t.Fatalf("set %s = %q: %v", key, text, err)
	}
	return next
}

// Every setting made on screen must read back as typed, load again from the
// saved config unchanged, and reach the request body.
func TestRouteSettingsRoundTripThroughConfig(t *testing.T) {
	rt := savedRouteFor(t, backend.KindOpenRouter, "anthropic/claude-sonnet-4.5")
	edits := []struct{ key, text, want string }{
		{"params.system", "Answer in French.\nBe brief.", "Answer in French.\nBe brief."},
		{"params.temperature", " 0.25 ", "0.25"},
		{"params.top_p", "0.9", "0.9"},
		{"params.max_tokens", "2_048", "2048"},
		{"params.reasoning_budget", "1024", "1024"},
		{"params.stop", `END, "\n\n", "a, b"`, `END, "\n\n", "a, b"`},
		{"openrouter.models", "openai/gpt-4o, google/gemini-2.5-flash", "openai/gpt-4o, google/gemini-2.5-flash"},
		{"openrouter.provider.sort", "throughput", "throughput"},
		{"openrouter.provider.order", "anthropic,  amazon-bedrock", "anthropic, amazon-bedrock"},
		{"openrouter.provider.ignore", "deepinfra", "deepinfra"},
		{"openrouter.provider.allow_fallbacks", "false", "false"},
		{"openrouter.provider.require_parameters", "true", "true"},
		{"openrouter.provider.data_collection", "deny", "deny"},
		{"openrouter.provider.zdr", "true", "true"},
		{"openrouter.provider.quantizations", "fp8, bf16", "fp8, bf16"},
		{"openrouter.provider.max_price.prompt", "3", "3"},
		{"openrouter.provider.max_price.completion", "15.5", "15.5"},
		{"openrouter.provider.enforce_distillable_text", "true", "true"},
		{"openrouter.provider.preferred_max_latency", "1.5", "1.5"},
		{"openrouter.provider.preferred_min_throughput", "80", "80"},
	}
	for _, e := range edits {
		rt = mustSet(t, rt, e.key, e.text)
		if got := settingByKey(t, rt, e.key).Value(rt); got != e.want {
			t.Errorf("%s reads back %q, want %q", e.key, got, e.want)
		}
	}

	path := filepath.Join(t.TempDir(), "config.toml")
	if _, err := SaveRoutes(path, []backend.Route{rt}); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	loaded, ok := cfg.FindRoute(rt.Name)
	if !ok {
		t.Fatal("saved route not found")
	}
	for _, e := range edits {
		if got := settingByKey(t, loaded, e.key).Value(loaded); got != e.want {
			t.Errorf("after save and load %s is %q, want %q", e.key, got, e.want)
		}
	}

	preview, err := wire.RequestPreview(rt, "session prompt")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"sort": "throughput"`, `"allow_fallbacks": false`, `"zdr": true`,
		`"prompt": 3`, `"max_tokens": 1024`, `"google/gemini-2.5-flash"`, `"Answer in French.\nBe brief."`} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %s:\n%s", want, preview)
		}
	}
	if strings.Contains(preview, `"user"`) || strings.Contains(preview, "session prompt") {
		t.Errorf("preview shows the conversation or the overridden system prompt:\n%s", preview)
	}
}
