package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
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
	if code != ExitUsage || !strings.Contains(errOut, "already exists; use --force") {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	if b, _ := os.ReadFile(path); string(b) != "# mine\n" {
		t.Fatalf("file changed: %q", b)
	}
	if _, errOut, code := runCLI(t, "init", "--config", path, "--force"); code != 0 {
		t.Fatalf("--force: code %d stderr %q", code, errOut)
	}
	if b, _ := os.ReadFile(path); string(b) != exampleConfig {
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

// TestExampleConfigMentionsEveryField walks the config types, so a field
// added to the config without a line in the example fails here.
func TestExampleConfigMentionsEveryField(t *testing.T) {
	t.Parallel()
	fields := map[string]bool{}
	for _, v := range []any{config.Config{}, config.Defaults{}, config.RouteConfig{}, backend.Params{},
		backend.OpenRouterOptions{}, backend.Price{}, config.FeesConfig{}, config.HistoryConfig{}} {
		tomlFields(reflect.TypeOf(v), fields)
	}
	for _, k := range []string{"order", "only", "ignore", "allow_fallbacks", "require_parameters",
		"data_collection", "zdr", "sort", "max_price", "quantizations"} {
		fields[k] = true
	}
	for f := range fields {
		asSetting := regexp.MustCompile(`(?m)^(# )?` + f + ` = `)
		asTable := regexp.MustCompile(`(?m)^(# )?\[+([a-z_]+\.)*` + f + `\]`)
		if !asSetting.MatchString(exampleConfig) && !asTable.MatchString(exampleConfig) {
			t.Errorf("the example config never mentions %q", f)
		}
	}
	for _, table := range []string{"[defaults]", "[history]", "[fees]", "[[routes]]", "[routes.params]", "[routes.openrouter]",
		"[routes.openrouter.provider]", "[routes.price]"} {
		if !strings.Contains(exampleConfig, table) {
			t.Errorf("the example config never shows %s", table)
		}
	}
}

func tomlFields(t reflect.Type, out map[string]bool) {
	for i := range t.NumField() {
		if tag := strings.Split(t.Field(i).Tag.Get("toml"), ",")[0]; tag != "" && tag != "-" {
			out[tag] = true
		}
	}
}

// TestExampleConfigCommentedSettingsAreValid uncomments every commented
// setting and table: what the example suggests must parse too.
func TestExampleConfigCommentedSettingsAreValid(t *testing.T) {
	t.Parallel()
	setting := regexp.MustCompile(`^# (\[|[a-z_]+ = )`)
	var lines []string
	n := 0
	for _, line := range strings.Split(exampleConfig, "\n") {
		if setting.MatchString(line) {
			line, n = strings.TrimPrefix(line, "# "), n+1
		}
		lines = append(lines, line)
	}
	if n < 25 {
		t.Fatalf("only %d commented settings found", n)
	}
	text := strings.Join(lines, "\n")
	cfg, err := config.ParseConfig("uncommented.toml", []byte(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if rt, ok := cfg.FindRoute("local-llama"); !ok || rt.Price == nil {
		t.Fatalf("local route: %+v", rt)
	}
	or, _ := cfg.FindRoute("gpt-mini-openrouter")
	if len(or.OpenRouter.Provider) != 13 {
		t.Fatalf("provider preferences = %v", or.OpenRouter.Provider)
	}
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
	if code != ExitIO || out != "" || !strings.Contains(errOut, "creating") {
		t.Errorf("code %d\nstdout %q\nstderr %q: want exit %d", code, out, errOut, ExitIO)
	}
}
