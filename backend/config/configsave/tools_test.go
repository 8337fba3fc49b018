package configsave

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/routeplay/routeplay/backend/config"
)

// TestSaveRoutesKeepsTools: saving routes from the playground keeps the
// [[tools]] table and each route's opt-in.
func TestSaveRoutesKeepsTools(t *testing.T) {
	toolsConfig, err := os.ReadFile(filepath.Join("..", "testdata", "tools.toml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, toolsConfig, 0o600); err != nil {
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
