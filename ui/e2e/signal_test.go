package e2e

import (
	"encoding/json"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A terminal that closes (SIGHUP) or a kill (SIGTERM) in the middle of a
// turn restores the terminal and keeps the runs in history, as ctrl+c does.
func TestSignalsRestoreTheTerminalAndKeepTheTurn(t *testing.T) {
	t.Parallel() // each test has its own tmux server and home
	for _, sig := range []string{"TERM", "HUP"} {
		t.Run(sig, func(t *testing.T) {
			t.Parallel()
			s := start(t, 140, 40)
			s.waitFor("the demo panes", 10*time.Second, contains("demo-openrouter"))
			s.tmux("set-option", "-t", "e2e", "mouse", "on")
			s.keys("-l", "Explain TCP slow start")
			s.keys("Enter")
			s.waitFor("streaming", 10*time.Second, contains("streaming"))
			s.signal(sig)
			for _, flag := range []string{"alternate_on", "mouse_any_flag", "mouse_all_flag"} {
				if v := strings.TrimSpace(s.tmux("display-message", "-p", "-t", "e2e", "#{"+flag+"}")); v != "0" {
					t.Errorf("%s still %q after SIG%s", flag, v, sig)
				}
			}
			var runs []map[string]any
			if err := json.Unmarshal([]byte(s.run("history", "--json")), &runs); err != nil {
				t.Fatalf("history --json: %v", err)
			}
			if len(runs) != 4 {
				t.Fatalf("history kept %d runs of the interrupted turn, want 4", len(runs))
			}
		})
	}
}

// ctrl+c at the hidden key prompt leaves the terminal echoing again.
func TestInterruptedKeyPromptRestoresEcho(t *testing.T) {
	t.Parallel() // each test has its own tmux server and home
	s := start(t, 100, 20, "keys", "set", "openrouter", "; stty -a | tr ' ' '\\n' | grep -x -- '-\\?echo'")
	s.waitFor("the hidden prompt", 10*time.Second, contains("input hidden"))
	s.keys("-l", "sk-or-v1-half")
	s.keys("C-c")
	scr := s.waitFor("exit", 10*time.Second, contains("ROUTEPLAY-EXIT="))
	if !strings.Contains(scr, "\necho") || strings.Contains(scr, "-echo") {
		t.Fatalf("echo not restored after ctrl+c at the hidden prompt:\n%s", scr)
	}
	if strings.Contains(scr, "sk-or-v1-half") {
		t.Fatalf("the typed key was echoed:\n%s", scr)
	}
}

// A terminal closing under a long bench keeps every run that had finished.
func TestBenchHangupKeepsFinishedRuns(t *testing.T) {
	t.Parallel() // each test has its own tmux server and home
	s := startPaced(t, 120, 30, "bench", "--demo", "--runs", "50", "--warmup", "0", "hi")
	// Progress moves on at any pace: wait until it has passed 3, not for "3/200" itself.
	s.waitFor("a few finished runs", 30*time.Second, func(scr string) bool {
		n, ok := benchProgress(scr)
		return ok && n >= 3 && n < 200
	})
	all := s.signal("HUP")
	// The report, scrolled up, says its figures ran faster than real time.
	if !strings.Contains(all, "It ran at 10× the demo's speed") {
		t.Errorf("the paced bench does not say so:\n%s", all)
	}
	var runs []map[string]any
	if err := json.Unmarshal([]byte(s.run("history", "--json")), &runs); err != nil {
		t.Fatalf("history --json: %v", err)
	}
	if len(runs) < 3 {
		t.Fatalf("history kept %d runs after SIGHUP, want the 3 or more that had finished", len(runs))
	}
}

// benchProgress reads the finished runs from the last "N/200" on screen.
func benchProgress(scr string) (int, bool) {
	m := progress.FindAllStringSubmatch(scr, -1)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[len(m)-1][1])
	return n, err == nil
}

var progress = regexp.MustCompile(`\b(\d+)/200\b`)

// A terminal closing under verify ends it the way ctrl+c does: the figures
// of the case runs that finished are printed, not lost with the process.
func TestVerifyHangupPrintsFinishedRuns(t *testing.T) {
	t.Parallel() // each test has its own tmux server and home
	s := start(t, 120, 30, "verify", "--demo")
	s.waitFor("the run to start", 10*time.Second, contains("verify: 40 cases"))
	all := s.signal("HUP")
	if !strings.Contains(all, "verify: interrupted after") {
		t.Fatalf("verify did not end as on ctrl+c after SIGHUP:\n%s", all)
	}
}

// signal sends sig ("HUP", "TERM") to routeplay under the session's shell,
// as a closing terminal or a kill does, waits for it to exit and returns
// the whole scrollback.
func (s *session) signal(sig string) string {
	s.t.Helper()
	shell := strings.TrimSpace(s.tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}"))
	out, err := exec.Command("pgrep", "-P", shell, "-x", "routeplay").Output()
	pid := strings.TrimSpace(string(out))
	if err != nil || pid == "" {
		s.t.Fatalf("no routeplay process under the shell %s: %v", shell, err)
	}
	if err := exec.Command("kill", "-"+sig, pid).Run(); err != nil {
		s.t.Fatal(err)
	}
	s.waitFor("exit", 15*time.Second, contains("ROUTEPLAY-EXIT="))
	return s.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "e2e")
}
