package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

const exampleConfig = `
[defaults]
timeout = "30s"
idle_timeout = "1m"

[[routes]]
name = "or-mini"
provider = "openrouter"
model = "openai/gpt-4o-mini"
key = "openrouter"
[routes.params]
temperature = 0.2
max_tokens = 512
[routes.openrouter]
models = ["openai/gpt-4o-mini", "mistralai/mistral-small"]
provider = { order = ["openai"], allow_fallbacks = false, data_collection = "deny" }

[[routes]]
provider = "openai"
model = "gpt-4o-mini"

[[routes]]
name = "local"
provider = "ollama"
model = "llama3:8b"
hidden = true
`

func TestParseConfigExample(t *testing.T) {
	cfg, err := ParseConfig("config.toml", []byte(exampleConfig))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(cfg.Routes); got != 3 {
		t.Fatalf("routes = %d", got)
	}
	or, ok := cfg.FindRoute("or-mini")
	if !ok || or.Kind != backend.KindOpenRouter || or.BaseURL != "https://openrouter.ai/api/v1" || or.Wire != backend.WireOpenAI {
		t.Fatalf("or-mini = %+v", or)
	}
	if *or.Params.Temperature != 0.2 || *or.Params.MaxTokens != 512 {
		t.Fatalf("params = %+v", or.Params)
	}
	if got := or.OpenRouter.Provider["allow_fallbacks"]; got != false {
		t.Fatalf("provider prefs = %#v", or.OpenRouter.Provider)
	}
	if _, ok := cfg.FindRoute("openai:gpt-4o-mini"); !ok {
		t.Fatal("default name provider:model not found")
	}
	if vis := cfg.VisibleRoutes(); len(vis) != 2 {
		t.Fatalf("visible = %d, hidden route shown", len(vis))
	}
	if int64(cfg.Defaults.Timeout) != 30e9 {
		t.Fatalf("timeout = %v", cfg.Defaults.Timeout)
	}
	local, _ := cfg.FindRoute("local")
	if local.Model != "llama3:8b" || local.KeyName != "" || local.BaseURL != "http://localhost:11434/v1" {
		t.Fatalf("local = %+v", local)
	}
}

func TestParseConfigErrorsNameFileLineField(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"unknown field", "[[routes]]\nprovider = \"openai\"\nmodle = \"x\"\n", "cfg.toml:3: unknown field \"routes.modle\""},
		{"unknown provider", "[[routes]]\nprovider = \"opnai\"\nmodel = \"x\"\n", "cfg.toml:2: route #1: provider: unknown provider \"opnai\""},
		{"missing model", "\n\n[[routes]]\nprovider = \"openai\"\n", "cfg.toml:3: route #1: model:"},
		{"bad type", "[[routes]]\nprovider = \"openai\"\nmodel = \"m\"\n[routes.params]\ntemperature = \"hot\"\n", "cfg.toml:5"},
		{"bad duration", "[defaults]\ntimeout = \"soon\"\n", "cfg.toml:2"},
		{"duplicate name", "[[routes]]\nprovider = \"openai\"\nmodel = \"m\"\n[[routes]]\nprovider = \"openai\"\nmodel = \"m\"\n", "cfg.toml:4: route #2: name: \"openai:m\" is already used by route #1"},
		{"syntax", "[[routes]\n", "cfg.toml:1"},
		{"temperature range", "[[routes]]\nprovider = \"openai\"\nmodel = \"m\"\nparams = { temperature = 9 }\n", "cfg.toml:4: route #1: params.temperature: temperature 9 is outside 0..2"},
		{"field line past comments", "[[routes]]\nprovider = \"openai\"\nmodel = \"m\"\n# top_p = 0.5\n[routes.params]\nmax_tokens = 5 # top_p = 1\ntop_p = 0\n",
			"cfg.toml:7: route #1: params.top_p:"},
		{"field of the second route", "[[routes]]\nprovider = \"openai\"\nmodel = \"m\"\n[routes.params]\nmax_tokens = 1\n[[routes]]\nname = \"b\"\nprovider = \"openai\"\nmodel = \"m\"\n[routes.params]\nmax_tokens = 0\n",
			"cfg.toml:11: route b: params.max_tokens: max_tokens must be positive"},
		{"openrouter opts on openai", "[[routes]]\nprovider = \"openai\"\nmodel = \"m\"\n[routes.openrouter]\nmodels = [\"a\"]\n", "only apply to provider \"openrouter\""},
		{"compatible without url", "[[routes]]\nprovider = \"openai-compatible\"\nmodel = \"m\"\n", "needs a base_url"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseConfig("cfg.toml", []byte(c.text))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	_, err := LoadConfig(filepath.Join(t.TempDir(), "nope.toml"))
	if !errors.Is(err, ErrNoConfig) {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadConfigLeavesFileUntouched(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	bad := []byte("[[routes]]\nprovider = 3\n")
	if err := os.WriteFile(p, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadConfig(p); err == nil {
		t.Fatal("want error")
	}
	got, _ := os.ReadFile(p)
	if string(got) != string(bad) {
		t.Fatal("config file changed")
	}
}

func TestParseRouteSpec(t *testing.T) {
	rt, err := ParseRouteSpec("ollama:llama3:8b")
	if err != nil || rt.Model != "llama3:8b" || rt.Name != "ollama:llama3:8b" {
		t.Fatalf("%+v %v", rt, err)
	}
	for _, bad := range []string{"", "openai", ":m", "openai:", "nope:m"} {
		if _, err := ParseRouteSpec(bad); err == nil {
			t.Fatalf("%q: want error", bad)
		}
	}
	if _, err := ResolveRoutes(nil, []string{"openai:m", "openai:m"}); err == nil {
		t.Fatal("duplicate accepted")
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add(exampleConfig)
	f.Add("[[routes]]\nprovider='openai'\nmodel='m'\n")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = ParseConfig("f.toml", []byte(s))
	})
}

func FuzzParseRouteSpec(f *testing.F) {
	for _, s := range []string{"openai:gpt-4o-mini", "ollama:llama3:8b", "x", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rt, err := ParseRouteSpec(s)
		if err == nil && (rt.Model == "" || rt.BaseURL == "") {
			t.Fatalf("accepted %q as %+v", s, rt)
		}
	})
}
