package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/config"
)

// TestRouteSettingsShapeTheNextRequest edits the first demo route's
// temperature and provider order on the settings screen, checks the
// request body and the error for a bad value, then sends a prompt: the
// simulated gateway must have been asked with those settings.
func TestRouteSettingsShapeTheNextRequest(t *testing.T) {
	t.Parallel() // each test has its own tmux server and home
	s := startPaced(t, 120, 40)
	s.waitFor("the demo panes", 10*time.Second, contains("demo-openrouter"))
	s.keys("F3")
	s.waitFor("the route settings", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "Route settings  demo-openrouter") && strings.Contains(scr, "Request body")
	})

	s.selectSetting("temperature")
	s.setValue("0.3")
	s.waitFor("temperature set", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "temperature = 0.3") && strings.Contains(scr, `"temperature": 0.3`)
	})

	// A value out of range is refused and what was typed stays in the field.
	s.setValue("5")
	scr := s.waitFor("the range error", 10*time.Second, contains("temperature 5 is outside 0..2"))
	if row := selectedRow(scr); !strings.HasPrefix(row, "temperature") || !strings.Contains(row, " 5") {
		t.Fatalf("the typed value is gone after the error; selected row %q:\n%s", row, scr)
	}
	s.keys("Escape")
	s.waitFor("the edit cancelled", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "Left temperature as it was") && strings.Contains(scr, `"temperature": 0.3`)
	})

	s.selectSetting("order")
	s.setValue("Acme")
	s.waitFor("order set", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "order = Acme") && strings.Contains(scr, `"order": [`) && strings.Contains(scr, `"Acme"`)
	})
	s.keys("Escape")
	s.waitFor("the playground", 10*time.Second, func(scr string) bool {
		return !strings.Contains(scr, "Route settings") && strings.Contains(scr, "Ask every route")
	})

	s.keys("-l", "Which provider answered?")
	s.keys("Enter")
	scr = s.waitFor("demo-openrouter to finish", 30*time.Second, func(scr string) bool {
		title, _ := paneTop(scr, "demo-openrouter")
		return strings.Contains(title, "done")
	})
	_, header := paneTop(scr, "demo-openrouter")
	for _, want := range []string{"→ Acme", "temp 0.3", "order=Acme"} {
		if !strings.Contains(header, want) {
			t.Fatalf("demo-openrouter header %q lacks %q:\n%s", header, want, scr)
		}
	}
}

// TestNewUserBuildsAndSavesAComparison starts with no config (the demo),
// adds one model through OpenRouter and directly plus a rival in the route
// picker, drops the demo routes and saves: the file is private, loads, and
// `routeplay routes` lists the three routes.
func TestNewUserBuildsAndSavesAComparison(t *testing.T) {
	t.Parallel() // each test has its own tmux server and home
	s := start(t, 120, 40)
	s.waitFor("the demo panes", 10*time.Second, contains("demo-openrouter"))
	s.keys("C-p")
	s.waitFor("the picker with the catalog", 10*time.Second, contains("embedded list"))

	added := s.addFromPicker("gpt 4o mini", "C-b", 2)
	s.keys("C-u")
	added = append(added, s.addFromPicker("sonnet", "Enter", 1)...)
	for i, kind := range []string{"openai:", "openrouter:openai/", "anthropic:"} {
		if !strings.HasPrefix(added[i], kind) {
			t.Fatalf("added routes %q: route %d is not %s…", added, i, kind)
		}
	}

	s.removeDemoRoutes()
	path := filepath.Join(s.home, "config", "routeplay", "config.toml")
	s.keys("C-s")
	s.waitFor("the save", 10*time.Second, contains("Saved 3 routes to "+path))
	s.quit()

	checkPrivateFile(t, path)
	cfg, err := config.LoadConfig(path)
	if err != nil {
		t.Fatalf("the saved config does not load: %v", err)
	}
	if len(cfg.Routes) != 3 {
		t.Fatalf("saved %d routes, want 3: %+v", len(cfg.Routes), cfg.Routes)
	}
	for i, rc := range cfg.Routes {
		if rc.Name != added[i] {
			t.Fatalf("saved route %d is %q, want %q (in the order added)", i, rc.Name, added[i])
		}
	}
	out := s.run("routes")
	for _, name := range added {
		if !strings.Contains(out, name) {
			t.Fatalf("`routes` does not list %s:\n%s", name, out)
		}
	}
	if strings.Contains(out, "demo-") {
		t.Fatalf("`routes` still lists demo routes:\n%s", out)
	}
}

// TestSaveEditedSettingsToConfig edits a configured OpenRouter route (no
// key needed to open its settings) and saves: the file and `routeplay
// routes` carry the new temperature and sort preference.
func TestSaveEditedSettingsToConfig(t *testing.T) {
	t.Parallel() // each test has its own tmux server and home
	cfgPath := filepath.Join(t.TempDir(), "config.toml")
	const cfg = `[[routes]]
name = "mini-or"
provider = "openrouter"
model = "openai/gpt-4o-mini"
`
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	s := start(t, 120, 40, "--config", cfgPath)
	s.waitFor("the configured pane", 10*time.Second, contains("mini-or"))
	s.keys("F3")
	s.waitFor("the route settings", 10*time.Second, contains("Route settings  mini-or"))

	s.selectSetting("sort")
	s.keys("Right")
	s.waitFor("sort set", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "sort = price") && strings.Contains(scr, `"sort": "price"`)
	})
	s.selectSetting("temperature")
	s.setValue("0.2")
	s.waitFor("temperature set", 10*time.Second, contains("temperature = 0.2"))
	s.keys("C-s")
	s.waitFor("the save", 10*time.Second, contains("Saved 1 route to "+cfgPath))
	// Wait for the close: an esc followed at once by ctrl+c reads as alt+ctrl+c.
	s.keys("Escape")
	s.waitFor("the playground", 10*time.Second, func(scr string) bool { return !strings.Contains(scr, "Route settings") })
	s.quit()

	data, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if got := tableBody(text, "[routes.params]"); !strings.Contains(got, "temperature = 0.2") {
		t.Fatalf("[routes.params] lacks temperature = 0.2:\n%s", text)
	}
	if got := tableBody(text, "[routes.openrouter.provider]"); !regexp.MustCompile(`sort = ['"]price['"]`).MatchString(got) {
		t.Fatalf("[routes.openrouter.provider] lacks sort = 'price':\n%s", text)
	}
	checkPrivateFile(t, cfgPath)
	if out := s.run("routes", "--config", cfgPath); !strings.Contains(out, "sort=price") {
		t.Fatalf("`routes` does not show sort=price:\n%s", out)
	}
}

// selectedRow is the settings row marked "› ", without the marker and
// whatever sits beside the list; "" when none is on screen.
func selectedRow(scr string) string {
	for _, line := range strings.Split(scr, "\n") {
		if rest, ok := strings.CutPrefix(line, "│ › "); ok {
			row, _, _ := strings.Cut(rest, "│")
			return strings.TrimSpace(row)
		}
	}
	return ""
}

// rowLabel is a settings row's label: everything before the padding.
var rowLabel = regexp.MustCompile(`^(.+?)(\s{2,}|$)`)

func selectedLabel(scr string) string {
	m := rowLabel.FindStringSubmatch(selectedRow(scr))
	if m == nil {
		return ""
	}
	return m[1]
}

// selectSetting moves through the settings list one row at a time,
// waiting for each move to show, until label is selected.
func (s *session) selectSetting(label string) {
	s.t.Helper()
	for range 40 {
		scr := s.screen()
		cur := selectedLabel(scr)
		if cur == label {
			return
		}
		s.keys(direction(scr, label))
		s.waitFor("the selection to move past "+strconv.Quote(cur), 10*time.Second, func(scr string) bool {
			return selectedLabel(scr) != cur
		})
	}
	s.t.Fatalf("never reached the %q setting; screen:\n%s", label, s.screen())
}

// direction is the key that moves the selection towards label: up when
// its row is shown above the selected one, else down.
func direction(scr, label string) string {
	lines := strings.Split(scr, "\n")
	at := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "│   "+label+"  ") })
	sel := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "│ › ") })
	if at >= 0 && at < sel {
		return "Up"
	}
	return "Down"
}

// setValue edits the selected setting: enter, clear, type text, enter.
func (s *session) setValue(text string) {
	s.t.Helper()
	s.keys("Enter")
	s.waitFor("the value field", 10*time.Second, contains("enter set • esc cancel"))
	s.keys("C-u")
	s.keys("-l", text)
	s.keys("Enter")
}

// paneTop is the title and header line of the pane showing route name.
func paneTop(scr, name string) (title, header string) {
	lines := strings.Split(scr, "\n")
	for i, line := range lines[:max(0, len(lines)-1)] {
		cols := strings.Split(line, "││")
		for c, col := range cols {
			if !strings.HasPrefix(strings.TrimLeft(col, "│ "), name+" ") {
				continue
			}
			if below := strings.Split(lines[i+1], "││"); c < len(below) {
				return col, below[c]
			}
		}
	}
	return "", ""
}

// sessionCount reads "In this session (N)" off the picker.
var sessionCount = regexp.MustCompile(`In this session \((\d+)\)`)

func routesInSession(scr string) int {
	m := sessionCount.FindStringSubmatch(scr)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// addFromPicker searches the catalog, presses key on the best match and
// returns the route names the picker says it added (want of them).
func (s *session) addFromPicker(query, key string, want int) []string {
	s.t.Helper()
	before := routesInSession(s.screen())
	s.keys("-l", query)
	s.waitFor("the search "+strconv.Quote(query), 10*time.Second, contains("search › "+query))
	s.keys(key)
	scr := s.waitFor("the picker to add routes", 10*time.Second, func(scr string) bool {
		return routesInSession(scr) == before+want && strings.Contains(scr, "Added ")
	})
	m := regexp.MustCompile(`(?m)^Added (.+?)\s*$`).FindStringSubmatch(scr)
	if m == nil {
		s.t.Fatalf("no \"Added\" status; screen:\n%s", scr)
	}
	names := strings.Split(m[1], " and ")
	if len(names) != want {
		s.t.Fatalf("added %q, want %d routes; screen:\n%s", names, want, scr)
	}
	return names
}

// removeDemoRoutes switches to the picker's session list and removes the
// four demo routes, checking each time that the selected one is a demo.
func (s *session) removeDemoRoutes() {
	s.t.Helper()
	s.keys("Tab")
	s.waitFor("the session list", 10*time.Second, contains("del/x removes it"))
	for range 4 {
		scr := s.screen()
		n := routesInSession(scr)
		if !regexp.MustCompile(`(?m)^› demo-\S+ \(demo, not saved\)`).MatchString(scr) {
			s.t.Fatalf("the selected session route is not a demo route; screen:\n%s", scr)
		}
		s.keys("Delete")
		s.waitFor("a demo route to go", 10*time.Second, func(scr string) bool { return routesInSession(scr) == n-1 })
	}
	if scr := s.screen(); strings.Contains(scr, "(demo, not saved)") {
		s.t.Fatalf("demo routes left in the session; screen:\n%s", scr)
	}
}

// quit presses ctrl+c and waits for a clean exit.
func (s *session) quit() {
	s.t.Helper()
	s.keys("C-c")
	s.waitFor("exit", 10*time.Second, contains("ROUTEPLAY-EXIT=0"))
}

// run runs the binary to completion in the session's isolated home.
func (s *session) run(args ...string) string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.t.Context(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + s.home, "XDG_CONFIG_HOME=" + s.home + "/config",
		"XDG_DATA_HOME=" + s.home + "/data", "XDG_CACHE_HOME=" + s.home + "/cache"}
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("routeplay %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// checkPrivateFile: the config names keys and endpoints, so only its owner may read it.
func checkPrivateFile(t *testing.T, path string) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Fatalf("%s has mode %#o, want 0600", path, perm)
	}
}

// tableBody is the text of one TOML table: the lines after its header up
// to the next header.
func tableBody(text, header string) string {
	_, rest, ok := strings.Cut(text, "\n"+header+"\n")
	if !ok {
		return ""
	}
	var out []string
	for _, line := range strings.Split(rest, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "[") {
			break
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
