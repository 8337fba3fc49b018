package configsave

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

const savedConfigBefore = `# my routeplay config
[defaults]
timeout = "45s"
theme = "dracula"

[[routes]]
name = "old"
provider = "openai"
model = "gpt-4o"
fallback = ["spare"]

[routes.params]
temperature = 0.3

[[routes]]
name = "spare"
provider = "anthropic"
model = "claude-3-5-haiku-latest"
hidden = true

# fees I negotiated
[fees]
credit_fee_percent = 4.5

[history]
retention = "30d"
`

func savedRouteFor(t *testing.T, kind backend.Kind, model string) backend.Route {
	t.Helper()
	rt, err := backend.NewRoute(kind, model, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func TestSaveRoutesKeepsOtherTablesAndParses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(savedConfigBefore), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := config.ParseConfig(path, []byte(savedConfigBefore)); err != nil {
		t.Fatalf("fixture does not parse: %v", err)
	}
	direct := savedRouteFor(t, backend.KindOpenAI, "gpt-4o-mini")
	direct.Fallback = []string{"spare"}
	temp := 0.7
	direct.Params.Temperature = &temp
	via := savedRouteFor(t, backend.KindOpenRouter, "openai/gpt-4o-mini")
	via.OpenRouter = &backend.OpenRouterOptions{Models: []string{"openai/gpt-4o"}, Provider: map[string]any{"sort": "price"}}
	demo := backend.Route{Name: "demo:fast", Kind: backend.KindDemo, Model: "fast", Simulated: true}

	if _, err := SaveRoutes(path, []backend.Route{direct, via, demo}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.ParseConfig(path, data)
	if err != nil {
		t.Fatalf("saved config does not parse: %v\n%s", err, data)
	}
	var names []string
	for _, rc := range cfg.Routes {
		names = append(names, rc.Name)
	}
	if got, want := strings.Join(names, ","), "spare,openai:gpt-4o-mini,openrouter:openai/gpt-4o-mini"; got != want {
		t.Fatalf("routes = %s, want %s\n%s", got, want, data)
	}
	if cfg.Defaults.Theme != "dracula" || cfg.Fees == nil || cfg.History.Retention == 0 {
		t.Fatalf("other tables lost:\n%s", data)
	}
	text := string(data)
	for _, want := range []string{"# my routeplay config", "# fees I negotiated", "temperature = 0.7", `sort = "price"`} {
		if !strings.Contains(text, want) {
			t.Errorf("saved file lacks %q:\n%s", want, text)
		}
	}
	for _, gone := range []string{`name = "old"`, "temperature = 0.3", "demo", "base_url", "key ="} {
		if strings.Contains(text, gone) {
			t.Errorf("saved file still has %q:\n%s", gone, text)
		}
	}
	if rt, ok := cfg.FindRoute("openai:gpt-4o-mini"); !ok || rt.KeyName != direct.KeyName || rt.BaseURL != direct.BaseURL {
		t.Errorf("saved route does not load back the same: %+v", rt)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("config mode = %v, %v; want 0600", info.Mode().Perm(), err)
	}
	bak, err := os.ReadFile(path + ".bak")
	if err != nil || string(bak) != savedConfigBefore {
		t.Errorf("backup = %q, %v; want the old file", bak, err)
	}
}

func TestSaveRoutesCreatesAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "routeplay", "config.toml")
	if _, err := SaveRoutes(path, []backend.Route{savedRouteFor(t, backend.KindAnthropic, "claude-sonnet-4-5")}); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Routes) != 1 || cfg.Routes[0].Model != "claude-sonnet-4-5" {
		t.Fatalf("routes = %+v", cfg.Routes)
	}
	if _, err := os.Stat(path + ".bak"); !os.IsNotExist(err) {
		t.Errorf("a backup was written without an old file: %v", err)
	}
}

func TestSaveRoutesRefusesAConfigThatWouldNotLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	rt := savedRouteFor(t, backend.KindOpenAI, "gpt-4o")
	rt.Fallback = []string{"nowhere"}
	if _, err := SaveRoutes(path, []backend.Route{rt}); err == nil {
		t.Fatal("saved a fallback to a route that does not exist")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a file was written: %v", err)
	}
}

func TestWithoutRoutesKeepsCommentsAboveTheNextTable(t *testing.T) {
	in := "[[routes]]\nname = \"a\"\n# inside\nmodel = \"m\"\n\n# about history\n[history]\nenabled = true\n"
	got := string(withoutRoutes([]byte(in)))
	if got != "# about history\n[history]\nenabled = true\n" {
		t.Fatalf("got %q", got)
	}
}

// Preferences without a models list save no empty models line.
func TestSaveRoutesLeavesOutEmptyOpenRouterFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	rt := savedRouteFor(t, backend.KindOpenRouter, "openai/gpt-4o-mini")
	rt.OpenRouter = &backend.OpenRouterOptions{Provider: map[string]any{"sort": "price"}}
	if _, err := SaveRoutes(path, []backend.Route{rt}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "models") || !strings.Contains(string(data), `sort = "price"`) {
		t.Fatalf("saved:\n%s", data)
	}
}
