package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/tooldef"
)

// readToolsConfig reads testdata/tools.toml, which configsave's tests load too.
func readToolsConfig(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "tools.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestConfigTools(t *testing.T) {
	toolsConfig := readToolsConfig(t)
	cfg, err := ParseConfig("config.toml", []byte(toolsConfig))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := cfg.FindRoute("a")
	if len(a.Tools) != 2 || a.Tools[0].Name != "get_weather" || a.Tools[1].Name != "now" || a.ToolChoice != "get_weather" {
		t.Fatalf("route a tools = %+v, choice %q", a.Tools, a.ToolChoice)
	}
	if got := string(a.Tools[0].Parameters); got != `{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}` {
		t.Errorf("parameters = %s", got)
	}
	if errs := a.Tools[0].CheckArguments(`{"city": 1}`); len(errs) != 1 {
		t.Errorf("the declared schema is not checked: %q", errs)
	}
	if vis := cfg.VisibleRoutes(); len(vis[0].Tools) != 2 || len(vis[1].Tools) != 0 {
		t.Errorf("visible routes: %d and %d tools, want 2 and 0", len(vis[0].Tools), len(vis[1].Tools))
	}
}

func TestConfigToolErrors(t *testing.T) {
	toolsConfig := readToolsConfig(t)
	for _, tc := range []struct{ edit, want string }{
		{`tools = ["get_weather", "now"]`, `config.toml:18: route a: tools: no [[tools]] entry is named "missing"`},
		{`tool_choice = "get_weather"`, `config.toml:19: route a: tool_choice: "sometimes" is not auto, required, none`},
		{`name = "now"`, `config.toml:11: [[tools]] #2: tool "get_weather" is declared twice`},
		{`"required": ["city"]}`, `config.toml:2: [[tools]] #1: tool "get_weather": parameters: not JSON`},
	} {
		repl := map[string]string{
			`tools = ["get_weather", "now"]`: `tools = ["missing"]`,
			`tool_choice = "get_weather"`:    `tool_choice = "sometimes"`,
			`name = "now"`:                   `name = "get_weather"`,
			`"required": ["city"]}`:          `"required": ["city"]`,
		}[tc.edit]
		_, err := ParseConfig("config.toml", []byte(strings.Replace(toolsConfig, tc.edit, repl, 1)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("edit %s: err = %v, want %q", tc.edit, err, tc.want)
		}
	}
}

func TestConfigSchema(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "person.json"), []byte(`{"type":"object","required":["name"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	text := `
[[routes]]
name = "file"
provider = "openai"
model = "m"
schema = "person.json"

[[routes]]
name = "inline"
provider = "openai"
model = "n"
schema = '{"type": "array"}'
`
	cfg, err := ParseConfig(filepath.Join(dir, "config.toml"), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := cfg.FindRoute("file")
	if f.Schema == nil || f.Schema.Name != "person" || f.Schema.Check(`{"name":"x"}`) != nil || f.Schema.Check(`{}`) == nil {
		t.Errorf("file schema = %+v", f.Schema)
	}
	in, _ := cfg.FindRoute("inline")
	if in.Schema == nil || in.Schema.Name != "answer" || in.Schema.Check(`[]`) != nil {
		t.Errorf("inline schema = %+v", in.Schema)
	}
	_, err = ParseConfig(filepath.Join(dir, "config.toml"), []byte(strings.Replace(text, "person.json", "missing.json", 1)))
	if err == nil || !strings.Contains(err.Error(), "config.toml:6: route file: schema:") {
		t.Errorf("missing schema file: %v", err)
	}
}

func TestToolWarnings(t *testing.T) {
	budget := 2048
	tools, err := ParseConfig("c.toml", []byte(readToolsConfig(t)))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := tools.FindRoute("a")
	a.Wire, a.Params.ReasoningBudget = backend.WireAnthropic, &budget
	if w := toolWarnings(a); len(w) != 1 || !strings.Contains(w[0], `tool_choice "get_weather" forces a tool`) {
		t.Errorf("forced tool with thinking: %q", w)
	}
	a.ToolChoice = "auto"
	if w := toolWarnings(a); len(w) != 0 {
		t.Errorf("auto with thinking: %q", w)
	}
	a.Schema, _ = tooldef.NewOutputSchema("s", []byte(`{}`))
	if w := toolWarnings(a); len(w) != 1 || !strings.Contains(w[0], "structured output on Anthropic") {
		t.Errorf("schema with thinking: %q", w)
	}
}

func TestDescribeSettingsNamesToolsAndSchema(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte(readToolsConfig(t)))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := cfg.FindRoute("a")
	a.Schema, _ = tooldef.NewOutputSchema("person.json", []byte(`{}`))
	if got := DescribeSettings(a); got != "tools get_weather, now (get_weather) · schema person" {
		t.Errorf("DescribeSettings = %q", got)
	}
	b, _ := cfg.FindRoute("b")
	if got := DescribeSettings(b); got != "" {
		t.Errorf("a route without tools: %q", got)
	}
}
