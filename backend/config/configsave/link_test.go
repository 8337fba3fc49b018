package configsave

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

// Probe: saving replaced a config.toml that is a link (into a dotfiles
// repository) with a plain file, so the repository never saw the change.
func TestSaveRoutesWritesThroughALinkedConfig(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "routeplay.toml")
	if err := os.MkdirAll(filepath.Dir(real), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("[defaults]\ntimeout = \"45s\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "config", "config.toml")
	if err := os.MkdirAll(filepath.Dir(link), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if _, err := SaveRoutes(link, []backend.Route{savedRouteFor(t, backend.KindAnthropic, "claude-sonnet-4-5")}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("config.toml is no longer a link: %v %v", fi.Mode(), err)
	}
	cfg, err := config.LoadConfig(real)
	if err != nil || len(cfg.Routes) != 1 || cfg.Routes[0].Model != "claude-sonnet-4-5" {
		t.Fatalf("the linked file did not get the routes: %v %+v", err, cfg)
	}
	if _, err := os.Stat(link + ".bak"); err != nil {
		t.Errorf("no backup beside the link: %v", err)
	}
}
