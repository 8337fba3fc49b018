package configsave

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/routeplay/routeplay/backend/config"
)

const toolsConfig = `
[[tools]]
name = "get_weather"
description = "Current weather in a city"
parameters = '''
{"type": "object",
 "properties": {"city": {"type": "string"}},
 "required": ["city"]}
'''

[[tools]]
name = "now"

[[routes]]
name = "a"
provider = "openai"
model = "gpt-4o-mini"
tools = ["get_weather", "now"]
tool_choice = "get_weather"

[[routes]]
name = "b"
provider = "anthropic"
model = "claude-haiku-4-5"
`

// TestSaveRoutesKeepsTools: saving routes from the playground keeps the
// [[tools]] table and each route's opt-in.
func TestSaveRoutesKeepsTools(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(toolsConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := SaveRoutes(path, cfg.VisibleRoutes()); err != nil {
		t.Fatal(err)
	}
	again, err := config.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := again.FindRoute("a")
	if len(a.Tools) != 2 || a.ToolChoice != "get_weather" {
		b, _ := os.ReadFile(path)
		t.Fatalf("after saving: tools %d, choice %q\n%s", len(a.Tools), a.ToolChoice, b)
	}
}
