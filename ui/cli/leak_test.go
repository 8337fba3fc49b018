package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// leakPlanted are key values planted where routeplay reads keys: the
// environment and the OS keyring (go-keyring's mock), under preset and
// custom names.
var leakPlanted = map[string]string{
	"env openai":         "sk-proj-LEAKENVOPENAI0001112223334445",
	"env gemini":         "AIzaLEAKENVGEMINI66677788899900011",
	"keyring openrouter": "sk-or-v1-LEAKRINGOPENROUTER2223334445",
	"keyring anthropic":  "sk-ant-api03-LEAKRINGANTHROPIC555666777",
	"keyring custom":     "LEAKRINGCUSTOMVALUE8889990001112",
}

// presentedKey is whatever key a request carried, in any wire's header.
func presentedKey(h http.Header) string {
	return strings.TrimPrefix(h.Get("Authorization"), "Bearer ") + h.Get("X-Api-Key") + h.Get("X-Goog-Api-Key")
}

// leakConfig routes every wire at a server that echoes the key back in its
// 401 error, and more routes at a fake that fails with the key in a 500,
// stalls, or has a model recite the key.
const leakConfig = `
[defaults]
idle_timeout = "300ms"

[[routes]]
name = "echo-openai"
provider = "openai"
model = "m"
base_url = "%[1]s/v1"

[[routes]]
name = "echo-openrouter"
provider = "openrouter"
model = "m"
base_url = "%[1]s/api/v1"

[[routes]]
name = "echo-anthropic"
provider = "anthropic"
model = "m"
base_url = "%[1]s"

[[routes]]
name = "echo-gemini"
provider = "gemini"
model = "m"
base_url = "%[1]s"

[[routes]]
name = "fail-500"
provider = "anthropic"
model = "fail-500"
base_url = "%[2]s"

[[routes]]
name = "stall"
provider = "gemini"
model = "stall"
base_url = "%[2]s"

[[routes]]
name = "recite"
provider = "openrouter"
model = "recite"
base_url = "%[2]s/api/v1"

[[routes]]
name = "custom"
provider = "openai-compatible"
model = "recite"
base_url = "%[2]s/v1"
key = "my-vllm"
`

// leakRedirectRoutes point the key-carrying wires at a server that
// redirects to another host.
const leakRedirectRoutes = `
[[routes]]
name = "moved-anthropic"
provider = "anthropic"
model = "m"
base_url = "%[1]s"

[[routes]]
name = "moved-gemini"
provider = "gemini"
model = "m"
base_url = "%[1]s"
`

func leakScript(r demo.Request) demo.Script {
	key := presentedKey(r.Header)
	switch r.Model {
	case "fail-500":
		return demo.Script{Status: 500, ErrorMessage: "upstream exploded while checking " + key}
	case "stall":
		return demo.Script{Text: "never finished", Stall: true, StallAfter: 1}
	}
	// Stats at once (naming the key too): an export does not wait out
	// OpenRouter's retries.
	return demo.Script{Tokens: []string{"Sure, your key is ", key, " and the other is ", leakPlanted["env openai"], "."},
		ServedProvider: "Up " + key, GenerationStats: &demo.GenerationStats{ProviderName: "Stats " + key, LatencyMs: 90}}
}

// TestNoKeyLeaksAnywhere plants keys in the environment and the keyring,
// runs every command that touches keys or providers through every error
// path, and looks for the values in all output and in every file under the
// config, cache and data dirs.
func TestNoKeyLeaksAnywhere(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, map[string]string{"OPENAI_API_KEY": leakPlanted["env openai"],
		"GEMINI_API_KEY": leakPlanted["env gemini"]}, leakScript)
	echo := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		rw.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(rw, `{"error":{"message":"Incorrect API key provided: %s (at %s)"}}`, presentedKey(r.Header), r.URL)
	}))
	defer echo.Close()
	// A provider that redirects to another host: no key may follow.
	var mu sync.Mutex
	var stolen []string
	thief := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if k := presentedKey(r.Header); k != "" {
			mu.Lock()
			stolen = append(stolen, r.URL.Path)
			mu.Unlock()
		}
	}))
	defer thief.Close()
	elsewhere := strings.Replace(thief.URL, "127.0.0.1", "localhost", 1)
	redirector := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, elsewhere+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()
	w.config = w.writeConfig(fmt.Sprintf(leakConfig, echo.URL, w.hs.URL) + fmt.Sprintf(leakRedirectRoutes, redirector.URL))
	// The live model list is fetched with the OpenRouter key: from the echo too.
	w.kt.deps.CatalogURL = echo.URL + "/api/v1"
	exports := t.TempDir()
	w.dirs = append(w.dirs, exports)

	var all strings.Builder
	run := func(r askRun, args ...string) {
		out, errOut, _ := w.run(r, args...)
		all.WriteString(out + errOut)
	}
	run(askRun{stdin: leakPlanted["keyring openrouter"] + "\n"}, "keys", "set", "openrouter")
	run(askRun{stdin: leakPlanted["keyring anthropic"]}, "keys", "set", "anthropic")
	run(askRun{stdin: leakPlanted["keyring custom"]}, "keys", "set", "my-vllm")
	ask := []string{"ask", "--config", w.config}
	run(askRun{}, append(ask, "Tell me your key")...)
	run(askRun{}, append(ask, "--json", "Tell me your key")...)
	run(askRun{stdin: "Tell me your key"}, append(ask, "--export", filepath.Join(exports, "run.md"))...)
	run(askRun{}, append(ask, "--export", filepath.Join(exports, "run.json"), "again")...)
	run(askRun{}, "bench", "--config", w.config, "--runs", "1", "--warmup", "0", "--route", "recite", "--route", "fail-500", "--json", "hi")
	run(askRun{}, "history", "--json", "--since", "")
	run(askRun{}, "history", "export", "--md", "--since", "")
	run(askRun{}, "routes", "--config", w.config, "--json")
	run(askRun{}, "routes", "--config", w.config, "--catalog", "gpt")
	run(askRun{}, "keys", "list", "--config", w.config)
	run(askRun{}, "keys", "test", "--config", w.config, "--base-url", echo.URL)
	run(askRun{}, "keys", "test", "openai", "gemini", "my-vllm", "--config", w.config, "--base-url", echo.URL+"/v1beta-ish")
	run(askRun{}, "keys", "test", "openai", "anthropic", "gemini", "--base-url", redirector.URL)
	w.kt.ring.fail(fmt.Errorf("failed to unlock correct collection"))
	run(askRun{}, append(ask, "after the keyring broke")...)
	run(askRun{}, "keys", "list")

	mu.Lock()
	if len(stolen) > 0 {
		t.Errorf("keys followed redirects to another host: %v", stolen)
	}
	mu.Unlock()
	output := all.String()
	for _, want := range []string{"Incorrect API key provided", "upstream exploded while checking", "stream stalled", "Sure, your key is",
		"redirect to another host refused", "routeplay does not send keys across redirects"} {
		if !strings.Contains(output, want) {
			t.Fatalf("the runs did not reach the %q path:\n%s", want, output)
		}
	}
	files := leakFiles(t, w.dirs)
	if !strings.Contains(files, "Sure, your key is") || !fetchedStats(files) {
		t.Fatalf("the exports and history hold no answer: the file sweep proves nothing")
	}
	for where, v := range leakPlanted {
		body := v[len(v)-20 : len(v)-5] // a stretch no mask shows
		if strings.Contains(output, body) {
			t.Errorf("the %s key appears in the output:\n%s", where, leakAround(output, body))
		}
		if strings.Contains(files, body) {
			t.Errorf("the %s key appears in a file:\n%s", where, leakAround(files, body))
		}
	}
}

// fetchedStats reports whether an export used OpenRouter's generation stats.
func fetchedStats(files string) bool {
	return !strings.Contains(files, "not yet available") &&
		(strings.Contains(files, "OpenRouter's upstream latency") || strings.Contains(files, "network and gateway"))
}

// leakFiles concatenates every file under dirs, names included.
func leakFiles(t *testing.T, dirs []string) string {
	t.Helper()
	var b strings.Builder
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Errorf("reading %s: %v", path, err)
			}
			fmt.Fprintf(&b, "== %s\n%s\n", path, data)
			return nil
		})
	}
	return b.String()
}

// leakAround shows where s holds sub, briefly.
func leakAround(s, sub string) string {
	i := strings.Index(s, sub)
	return fmt.Sprintf("%q", s[max(0, i-120):min(len(s), i+len(sub)+40)])
}

// termAttacks is the escape-sequence corpus: CSI, OSC 52 (clipboard), OSC 8
// (hyperlink), OSC 0 (title), DCS, APC, 8-bit C1 controls and bidi overrides.
var termAttacks = []string{
	"csi\x1b[2J\x1b[1;31m ", "osc52\x1b]52;c;ZXZpbA==\x07 ", "osc8\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\ ",
	"osc0\x1b]0;owned\x07 ", "dcs\x1bP+q544e\x1b\\ ", "apc\x1b_Gf=100;AAAA\x1b\\ ", "c1\u009b2J\u009d0;t\u009c\u0085 ",
	"bidi\u202egnp.exe\u202c\u2067x\u2069 ", "bell\a end",
}

// termForbidden are the raw bytes and JSON escapes that must not survive.
var termForbidden = []string{"\x1b", "\u009b", "\u009d", "\u009c", "\u0085", "\u202e", "\u2067", "\a",
	`\u001b`, `\u009b`, `\u009d`, `\u202e`, `\u2067`, `\u0007`}

// TestAskTerminalSafety sends the corpus as answers, reasoning, served
// names, finish reasons, error messages and the prompt through ask (text,
// JSON, exports) and bench (text, JSON, export): none survives.
func TestAskTerminalSafety(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, func(r demo.Request) demo.Script {
		if r.Wire == demo.Anthropic {
			return demo.Script{Status: 400, ErrorMessage: strings.Join(termAttacks, "")}
		}
		if r.Wire == demo.Gemini {
			return demo.Script{Tokens: termAttacks[:2], ErrorAfter: 2, ErrorMessage: strings.Join(termAttacks, "")}
		}
		// Stats at once: an export does not wait out OpenRouter's retries.
		return demo.Script{Tokens: termAttacks, Reasoning: "think\x1b]52;c;aGk=\x07 hard",
			ServedModel: "m\x1b]0;t\x07x", ServedProvider: "Prov\u009b31mider", Finish: "st\x1b[5mop",
			GenerationStats: &demo.GenerationStats{ProviderName: "Stats\x1b]0;t\x07Prov", Model: "m\u202ex", LatencyMs: 120}}
	})
	exports := t.TempDir()
	prompt := "hi \x1b]52;c;cHJvbXB0\x07 there"
	var all strings.Builder
	for _, args := range [][]string{nil, {"--json"}, {"--export", filepath.Join(exports, "r.md")}, {"--export", filepath.Join(exports, "r.json")}} {
		out, errOut, code := w.ask(askRun{}, append(args, prompt)...)
		if code != cmdenv.ExitRouteError || !strings.Contains(out, "csi osc52 osc8link") {
			t.Fatalf("%v: code %d stderr %q\n%s", args, code, errOut, out)
		}
		all.WriteString(out + errOut)
	}
	for _, args := range [][]string{{"--json"}, {"--export", filepath.Join(exports, "b.md")}, nil} {
		out, errOut, _ := w.run(askRun{}, append([]string{"bench", "--config", w.config, "--runs", "1", "--warmup", "0"}, append(args, prompt)...)...)
		if !strings.Contains(out+errOut, "claude") {
			t.Fatalf("bench %v did not run:\n%s%s", args, out, errOut)
		}
		all.WriteString(out + errOut)
	}
	if !strings.Contains(all.String(), "bad_request") || !strings.Contains(all.String(), "upstream") {
		t.Fatalf("the error paths did not run:\n%s", all.String())
	}
	files := leakFiles(t, []string{exports})
	if !fetchedStats(files) {
		t.Fatal("the exports hold no generation stats: their path did not run")
	}
	for _, bad := range termForbidden {
		if strings.Contains(all.String(), bad) {
			t.Errorf("output holds %q:\n%s", bad, leakAround(all.String(), bad))
		}
		if strings.Contains(files, bad) {
			t.Errorf("an export holds %q:\n%s", bad, leakAround(files, bad))
		}
	}
}
