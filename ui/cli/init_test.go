package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

func TestInitWritesAPrivateConfigThatParses(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "new", "dir", "config.toml")
	out, errOut, code := runCLI(t, "init", "--config", path)
	if code != 0 || !strings.HasPrefix(out, "wrote "+path+"\n") || errOut != "" {
		t.Fatalf("code %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	checkMode(t, filepath.Dir(path), 0o700)
	checkMode(t, path, 0o600)
	cfg, err := config.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, rt := range cfg.VisibleRoutes() {
		names = append(names, rt.Name)
	}
	if got := strings.Join(names, ","); got != "gpt-mini-openrouter,gpt-mini-direct,claude-haiku" {
		t.Fatalf("visible routes = %s", got)
	}
	direct, _ := cfg.FindRoute("gpt-mini-direct")
	if backup, ok := cfg.FindRoute("gpt-mini-backup"); !ok || !backup.Hidden || direct.Fallback[0] != "gpt-mini-backup" {
		t.Fatalf("fallback route: %+v / %+v", backup, direct)
	}
	for _, rt := range cfg.VisibleRoutes() {
		if warns := config.CheckParams(rt); len(warns) > 0 {
			t.Errorf("the example draws warnings: %q", warns)
		}
		if _, ok := catalog.RouteEntry(rt); !ok {
			t.Errorf("the catalog does not know %s (%s)", rt.Name, rt.Model)
		}
	}
}

func TestInitNeverOverwritesWithoutForce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCLI(t, "init", "--config", path)
	if code != cmdenv.ExitUsage || !strings.Contains(errOut, "already exists; use --force") {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	if b, _ := os.ReadFile(path); string(b) != "# mine\n" {
		t.Fatalf("file changed: %q", b)
	}
	if _, errOut, code := runCLI(t, "init", "--config", path, "--force"); code != 0 {
		t.Fatalf("--force: code %d stderr %q", code, errOut)
	}
	fresh := filepath.Join(t.TempDir(), "fresh.toml")
	if _, errOut, code := runCLI(t, "init", "--config", fresh); code != 0 {
		t.Fatalf("fresh: code %d stderr %q", code, errOut)
	}
	if b, _ := os.ReadFile(path); string(b) != string(must(os.ReadFile(fresh))) {
		t.Fatal("--force did not write the example")
	}
	checkMode(t, path, 0o600)
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Fatalf("temp files left behind: %v", entries)
	}
}

func TestInitDefaultPath(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	if _, errOut, code := kt.cli("init"); code != 0 {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	checkMode(t, kt.deps.ConfigFile, 0o600)
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != want {
		t.Errorf("%s mode = %o, want %o", path, got, want)
	}
}

func TestInitWriteFailureExitsIO(t *testing.T) {
	t.Parallel()
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, "init", "--config", filepath.Join(notDir, "dir", "config.toml"))
	if code != cmdenv.ExitIO || out != "" || !strings.Contains(errOut, "creating") {
		t.Errorf("code %d\nstdout %q\nstderr %q: want exit %d", code, out, errOut, cmdenv.ExitIO)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
