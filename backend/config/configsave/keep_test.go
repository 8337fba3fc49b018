package configsave

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

// What init writes, cut short, with a comment of the user's own.
const initLikeConfig = `[defaults]
timeout = "60s"

# 1. A model through OpenRouter, with routing preferences.
[[routes]]
name = "gpt-mini-openrouter"   # my main one
provider = "openrouter"
model = "openai/gpt-4o-mini"
# key = "openrouter"       # key name in the key store (default: the provider's)

[routes.params]
temperature = 0.7
# top_p = 1.0
max_tokens = 1024

[routes.openrouter]
# OpenRouter's own fallback list, tried in order on errors.
models = [
  "openai/gpt-4o-mini",
  "openai/gpt-4.1-mini",
]

[routes.openrouter.provider]
sort = "price"

# 2. The same model directly, with a client-side fallback.
[[routes]]
name = "gpt-mini-direct"
provider = "openai"
model = "gpt-4o-mini"
# Routes tried in order when this one fails.
fallback = ["gpt-mini-backup"]

# 3. A rival.
[[routes]]
name = "claude-haiku"
provider = "anthropic"
model = "claude-haiku-4-5-20251001"

# A hidden route: no pane of its own, used only as a fallback.
[[routes]]
name = "gpt-mini-backup"
provider = "openrouter"
model = "openai/gpt-4o-mini"
hidden = true

[history]
retention = "30d"
`

func loadVisible(t *testing.T, path string) []backend.Route {
	t.Helper()
	cfg, err := config.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.VisibleRoutes()
}

// Bug: saving from route settings deleted every comment inside the
// [[routes]] tables, turned "x" into 'x', and counted 3 routes of 4.
func TestSaveRoutesChangesOnlyTheChangedLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(initLikeConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	routes := loadVisible(t, path)
	temp := 0.2
	routes[0].Params.Temperature = &temp
	saved, err := SaveRoutes(path, routes)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Routes != 4 || saved.Backup != path+".bak" {
		t.Errorf("saved = %+v; want 4 routes and %s.bak", saved, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(initLikeConfig, "temperature = 0.7", "temperature = 0.2", 1)
	if string(data) != want {
		t.Fatalf("saved file differs beyond the changed line:\n%s", data)
	}
}

func TestSaveRoutesUnchangedWritesTheSameText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(initLikeConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := SaveRoutes(path, loadVisible(t, path)); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != initLikeConfig {
		t.Fatalf("an unchanged save rewrote the file:\n%s", data)
	}
}

// Adding, removing, reordering and clearing keys touch only those routes.
func TestSaveRoutesEditsInPlace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(initLikeConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	routes := loadVisible(t, path)
	routes[0].OpenRouter.Provider = map[string]any{"sort": "latency", "allow_fallbacks": false}
	routes[0].Params.MaxTokens = nil
	routes[1].Params.System = new("Be \"brief\".")
	routes = []backend.Route{routes[1], routes[0], savedRouteFor(t, backend.KindGemini, "gemini-2.5-flash")}
	if _, err := SaveRoutes(path, routes); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{
		"# 1. A model through OpenRouter", `name = "gpt-mini-openrouter"   # my main one`, "# top_p = 1.0",
		"  \"openai/gpt-4.1-mini\",\n]", "sort = \"latency\"\nallow_fallbacks = false", "# Routes tried in order",
		"[routes.params]\nsystem = \"Be \\\"brief\\\".\"\n", `model = "gemini-2.5-flash"`, "hidden = true",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("saved file lacks %q:\n%s", want, text)
		}
	}
	for _, gone := range []string{"max_tokens", "claude-haiku", "= '"} {
		if strings.Contains(text, gone) {
			t.Errorf("saved file still has %q:\n%s", gone, text)
		}
	}
	if i, j := strings.Index(text, "gpt-mini-direct"), strings.Index(text, "gpt-mini-openrouter"); i < 0 || j < i {
		t.Errorf("routes not in the new order:\n%s", text)
	}
}

// Text the line editor does not follow (an inline params table) is written
// afresh rather than left wrong.
func TestSaveRoutesRewritesAnInlineTable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	in := "[[routes]]\nname = \"a\"\nprovider = \"openai\"\nmodel = \"gpt-4o\"\nparams = { temperature = 0.3 }\n"
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	routes := loadVisible(t, path)
	routes[0].Params.TopP = new(0.9)
	if _, err := SaveRoutes(path, routes); err != nil {
		t.Fatal(err)
	}
	got := loadVisible(t, path)
	if p := got[0].Params; p.Temperature == nil || *p.Temperature != 0.3 || p.TopP == nil || *p.TopP != 0.9 {
		t.Fatalf("params = %+v", p)
	}
}
