// Package e2e runs the real routeplay binary under tmux, as a user would.
package e2e

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var binary string

// e2eParallel is how many tests run at once unless -test.parallel says
// otherwise. They spend their time waiting on tmux and an idle binary, not
// computing, so more of them than the machine's cores fit side by side.
const e2eParallel = "4"

func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		_ = flag.Set("test.parallel", e2eParallel)
	}
	dir, err := os.MkdirTemp("", "routeplay-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "routeplay")
	// Without the symbol table and DWARF the link takes about half as long;
	// panics still print their stacks.
	out, err := exec.Command("go", "build", "-ldflags=-s -w", "-o", binary, "github.com/routeplay/routeplay").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// session is one tmux server running the binary in an isolated home.
type session struct {
	t      *testing.T
	socket string
	home   string
}

func requireTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("ROUTEPLAY_REQUIRE_SYSTEM_TESTS") != "" {
			t.Fatal("tmux is required (apt-get install tmux)")
		}
		t.Skip("tmux not installed")
	}
}

// demoPace runs the simulated routes ten times faster in the tests that
// need what the demo answers and shows, not how long it takes (see
// docs/ARCHITECTURE.md, Testing).
const demoPace = "ROUTEPLAY_DEMO_PACE=10"

// start runs cmdline in a new tmux session of the given size, the demo
// routes in real time. The shell prints the exit code afterwards and stays,
// so the screen after exit can be read.
func start(t *testing.T, w, h int, args ...string) *session {
	t.Helper()
	return startEnv(t, "", w, h, args...)
}

// startPaced is start with the demo routes at demoPace.
func startPaced(t *testing.T, w, h int, args ...string) *session {
	t.Helper()
	return startEnv(t, demoPace, w, h, args...)
}

func startEnv(t *testing.T, extra string, w, h int, args ...string) *session {
	t.Helper()
	s := newSession(t)
	s.launch(extra, w, h, args...)
	return s
}

// newSession is a session's isolated home and tmux socket, before the
// binary runs: a test can put files in the home first.
func newSession(t *testing.T) *session {
	t.Helper()
	requireTmux(t)
	return &session{t: t, socket: filepath.Join(t.TempDir(), "tmux.sock"), home: t.TempDir()}
}

// launch runs the binary with the extra environment in a new tmux session
// of the given size. The shell prints the exit code afterwards and stays.
func (s *session) launch(extra string, w, h int, args ...string) {
	s.t.Helper()
	env := fmt.Sprintf("env -i PATH=/usr/bin:/bin HOME=%s XDG_CONFIG_HOME=%s/config XDG_DATA_HOME=%s/data XDG_CACHE_HOME=%s/cache TERM=xterm-256color %s",
		s.home, s.home, s.home, s.home, extra)
	cmdline := fmt.Sprintf("%s %s %s; echo ROUTEPLAY-EXIT=$?; sleep 600", env, binary, strings.Join(args, " "))
	s.tmux("new-session", "-d", "-s", "e2e", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmdline)
	s.t.Cleanup(func() { _ = exec.Command("tmux", "-S", s.socket, "kill-server").Run() })
}

func (s *session) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *session) screen() string { return s.tmux("capture-pane", "-p", "-t", "e2e") }

// pollEvery spaces screen captures: short enough that a wait ends soon
// after its condition holds, long enough that parallel tests do not keep
// the machine busy with tmux.
const pollEvery = 50 * time.Millisecond

// waitFor polls the screen until ok holds or the timeout passes.
func (s *session) waitFor(what string, timeout time.Duration, ok func(string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		scr := s.screen()
		if ok(scr) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s; screen:\n%s", what, scr)
		}
		time.Sleep(pollEvery)
	}
}

func (s *session) keys(keys ...string) {
	s.tmux(append([]string{"send-keys", "-t", "e2e"}, keys...)...)
}

func contains(sub string) func(string) bool {
	return func(scr string) bool { return strings.Contains(scr, sub) }
}

func TestPlaygroundDemoEndToEnd(t *testing.T) {
	t.Parallel() // each test has its own tmux server and home
	s := startPaced(t, 160, 45)
	s.waitFor("the demo panes", 10*time.Second, contains("demo-openrouter"))
	scr := s.screen()
	for _, want := range []string{"demo-openai", "demo-anthropic", "demo-gemini", "SIMULATED", "DEMO"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("start screen lacks %q:\n%s", want, scr)
		}
	}
	s.keys("-l", "Compare gateways")
	s.keys("Enter")
	scr = s.waitFor("every pane to finish", 30*time.Second, func(scr string) bool {
		// The verdict line appears as the last route ends and the panes give
		// it a row: wait for the frame drawn after that, not the one before.
		return strings.Count(scr, "✓ done") >= 4 && !strings.Contains(scr, "streaming") && !strings.Contains(scr, "waiting") &&
			strings.Contains(scr, "OpenRouter vs direct") && strings.Contains(scr, "DemoCloud")
	})
	if strings.Count(scr, "simulated demo answer") < 1 && strings.Count(scr, "Add a route with your own key") < 1 {
		t.Fatalf("no answer text on screen:\n%s", scr)
	}
	for want, n := range map[string]int{"first ": 4, "tok/s": 4, "SIMULATED": 4, "DemoCloud": 1} {
		if got := strings.Count(scr, want); got < n {
			t.Fatalf("finished screen shows %q %d times, want %d:\n%s", want, got, n, scr)
		}
	}

	s.tmux("resize-window", "-t", "e2e", "-x", "80", "-y", "24")
	s.waitFor("the narrow layout", 5*time.Second, func(scr string) bool {
		return strings.Contains(scr, "demo-openrouter") && maxLineWidth(scr) <= 80
	})
	s.tmux("resize-window", "-t", "e2e", "-x", "200", "-y", "50")
	s.waitFor("the wide layout with the answers kept", 5*time.Second, contains("total "))

	s.keys("C-c")
	scr = s.waitFor("exit", 5*time.Second, contains("ROUTEPLAY-EXIT=0"))
	if strings.Contains(scr, "demo-openrouter") {
		t.Fatalf("the terminal was not restored after quit:\n%s", scr)
	}
	if alt := strings.TrimSpace(s.tmux("display-message", "-p", "-t", "e2e", "#{alternate_on}")); alt != "0" {
		t.Fatalf("alternate screen still on after quit: %q", alt)
	}
}

func maxLineWidth(scr string) int {
	w := 0
	for _, line := range strings.Split(scr, "\n") {
		w = max(w, len([]rune(line)))
	}
	return w
}

func TestAskDemoPlainOutput(t *testing.T) {
	t.Parallel() // each test has its own tmux server and home
	home := t.TempDir()
	cmd := exec.Command(binary, "ask", "--demo", "hello there")
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + home, "XDG_CONFIG_HOME=" + home + "/config",
		"XDG_DATA_HOME=" + home + "/data", "XDG_CACHE_HOME=" + home + "/cache", demoPace}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ask --demo: %v", err)
	}
	// The pace reaches the user: each answer says its timings are scaled.
	if n := strings.Count(string(out), "ran at 10× the demo's speed"); n != 4 {
		t.Fatalf("%d of 4 answers say they ran at 10× the demo's speed:\n%s", n, out)
	}
	for _, want := range []string{"SIMULATED", "demo-openrouter", "first token", "DemoCloud"} {
		if !strings.Contains(string(out), want) {
			t.Fatalf("ask output lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsRune(string(out), 0x1b) {
		t.Fatal("escape sequences in output to a pipe")
	}
}
