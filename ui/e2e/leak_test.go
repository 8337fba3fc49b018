package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/demo"
)

// The planted keys: if any of them shows up on screen or in a file, a key leaked.
const (
	plantedOpenAI     = "sk-proj-PLANTEDopenai0123456789abcdefXYZW"
	plantedOpenRouter = "sk-or-v1-PLANTEDopenrouter0123456789abcdefQRST"
)

// TestPlantedKeysNeverReachTheScreen runs the playground against a loopback
// fake provider that answers 401 and echoes the key it was sent, and one
// that answers normally, then opens the key manager: neither planted key may
// appear on screen or in any file routeplay writes.
func TestPlantedKeysNeverReachTheScreen(t *testing.T) {
	t.Parallel() // each test has its own tmux server and home
	requireTmux(t)
	_, srv := demo.Start(func(r demo.Request) demo.Script {
		if r.Model == "echo-key" {
			return demo.Script{Status: 401, ErrorMessage: "Incorrect API key provided: " + r.Header.Get("Authorization")}
		}
		return demo.Script{Text: "A healthy answer, key " + plantedOpenRouter + " not included."}
	})
	defer srv.Close()
	s := startWithConfig(t, srv.URL)
	s.waitFor("the two panes", 10*time.Second, contains("leaky"))
	s.keys("-l", "Say hello")
	s.keys("Enter")
	scr := s.waitFor("both routes to end", 20*time.Second, func(scr string) bool {
		return strings.Contains(scr, "✓ done") && strings.Contains(scr, "401")
	})
	assertNoPlantedKey(t, "playground", scr)
	s.keys("C-k")
	scr = s.waitFor("the key manager", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "openai") && strings.Contains(scr, "env")
	})
	assertNoPlantedKey(t, "key manager", scr)
	s.keys("Escape")
	s.keys("C-c")
	s.keys("C-c")
	s.waitFor("exit", 10*time.Second, contains("ROUTEPLAY-EXIT="))
	assertNoPlantedKeyInFiles(t, s.home)
}

// startWithConfig starts the playground with two routes on the fake and the
// planted keys in the environment.
func startWithConfig(t *testing.T, base string) *session {
	t.Helper()
	s := newSession(t)
	cfg := fmt.Sprintf(`[[routes]]
name = "leaky"
provider = "openai"
model = "echo-key"
base_url = "%[1]s/v1"

[[routes]]
name = "healthy"
provider = "openrouter"
model = "openai/gpt-4o-mini"
base_url = "%[1]s/api/v1"
`, base)
	cfgPath := filepath.Join(s.home, "config.toml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	s.launch(fmt.Sprintf("OPENAI_API_KEY=%s OPENROUTER_API_KEY=%s", plantedOpenAI, plantedOpenRouter), 160, 45, "--config", cfgPath)
	return s
}

func assertNoPlantedKey(t *testing.T, where, text string) {
	t.Helper()
	for _, k := range []string{plantedOpenAI, plantedOpenRouter, plantedOpenAI[8:30], plantedOpenRouter[9:30]} {
		if strings.Contains(text, k) {
			t.Fatalf("%s shows a planted key (%q):\n%s", where, k, text)
		}
	}
}

// assertNoPlantedKeyInFiles reads every file under the isolated home
// (config, key index, history database, cache).
func assertNoPlantedKeyInFiles(t *testing.T, home string) {
	t.Helper()
	err := filepath.WalkDir(home, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".sock") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil // a socket or a file that went away
		}
		assertNoPlantedKey(t, path, string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
