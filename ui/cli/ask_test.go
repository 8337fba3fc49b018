package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// askWorld runs `ask` in memory: go-keyring's mock, temp config, cache and
// data dirs, a fake environment and loopback fake providers that the
// config's routes point at.
type askWorld struct {
	t      *testing.T
	kt     *keysTest
	fake   *demo.Server
	hs     *httptest.Server
	config string
	dirs   []string // every directory routeplay may write to
}

// askWireRoutes configures one route per wire format, all on the fake.
const askWireRoutes = `
[[routes]]
name = "direct"
provider = "openai"
model = "%[2]s"
base_url = "%[1]s/v1"

[[routes]]
name = "gw"
provider = "openrouter"
model = "%[2]s"
base_url = "%[1]s/api/v1"

[[routes]]
name = "claude"
provider = "anthropic"
model = "%[2]s"
base_url = "%[1]s"

[[routes]]
name = "gem"
provider = "gemini"
model = "%[2]s"
base_url = "%[1]s"
`

func newAskWorld(t *testing.T, env map[string]string, script func(demo.Request) demo.Script) *askWorld {
	t.Helper()
	w := &askWorld{t: t, kt: newKeysTest(t, env)}
	w.dirs = w.kt.dirs()
	w.fake, w.hs = demo.Start(script)
	t.Cleanup(func() { w.fake.Close(); w.hs.Close() })
	w.config = w.writeConfig(fmt.Sprintf(askWireRoutes, w.hs.URL, "m"))
	return w
}

// writeConfig writes a config file in the world's config dir.
func (w *askWorld) writeConfig(text string) string {
	w.t.Helper()
	path := filepath.Join(w.kt.configDir, fmt.Sprintf("config-%d.toml", time.Now().UnixNano()))
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		w.t.Fatal(err)
	}
	return path
}

// askRun is one in-memory invocation.
type askRun struct {
	stdin string
	tty   bool
}

func (w *askWorld) run(r askRun, args ...string) (stdout, stderr string, code int) {
	w.t.Helper()
	var out, errOut bytes.Buffer
	code = w.kt.exec(context.Background(), cmdenv.IO{In: strings.NewReader(r.stdin), Out: &out, Err: &errOut, InTTY: r.tty}, args...)
	return out.String(), errOut.String(), code
}

// ask runs `ask --config <world config>` with the extra arguments.
func (w *askWorld) ask(r askRun, args ...string) (stdout, stderr string, code int) {
	w.t.Helper()
	return w.run(r, append([]string{"ask", "--config", w.config}, args...)...)
}

// askKeys are the keys every wire's route needs, from the environment.
var askKeys = map[string]string{
	"OPENAI_API_KEY": "sk-ask-openai-0123456789", "OPENROUTER_API_KEY": "sk-or-v1-ask-0123456789",
	"ANTHROPIC_API_KEY": "sk-ant-ask-0123456789", "GEMINI_API_KEY": "AIza-ask-0123456789",
}

func healthy(demo.Request) demo.Script { return demo.Script{Text: "Seven is prime."} }

func TestAskEveryWireSucceeds(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, healthy)
	out, errOut, code := w.ask(askRun{}, "Name a prime")
	if code != cmdenv.ExitOK || errOut != "" {
		t.Fatalf("code %d stderr %q\n%s", code, errOut, out)
	}
	for _, name := range []string{"direct", "gw", "claude", "gem"} {
		if !strings.Contains(out, "── "+name+" · ") {
			t.Errorf("no answer header for %s:\n%s", name, out)
		}
	}
	if strings.Count(out, "Seven is prime.") != 4 || !strings.Contains(out, "first token") {
		t.Errorf("answers or metrics missing:\n%s", out)
	}
}

func TestAskExitCodes(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, func(r demo.Request) demo.Script {
		if r.Wire == demo.Anthropic {
			return demo.Script{Status: 529, ErrorMessage: "Overloaded"}
		}
		return demo.Script{Text: "Seven is prime."}
	})
	out, errOut, code := w.ask(askRun{}, "Name a prime")
	if code != cmdenv.ExitRouteError || strings.Count(out, "Seven is prime.") != 3 || !strings.Contains(out, "error: upstream (HTTP 529): Overloaded") {
		t.Fatalf("one failing route: code %d stderr %q\n%s", code, errOut, out)
	}
	if _, errOut, code = w.ask(askRun{}, "--no-such-flag", "hi"); code != cmdenv.ExitUsage || !strings.Contains(errOut, "unknown flag") {
		t.Fatalf("bad flag: code %d stderr %q", code, errOut)
	}
	if _, errOut, code = w.ask(askRun{}, "--timeout", "-1s", "hi"); code != cmdenv.ExitUsage || !strings.Contains(errOut, "must not be negative") {
		t.Fatalf("negative timeout: code %d stderr %q", code, errOut)
	}
}

// askJSONRouteFields is the exact set of fields of each `ask --json` route.
var askJSONRouteFields = []string{"attempts", "cost_source", "cost_usd", "deltas", "error", "finish_reason",
	"first_read_deltas", "gateway_fallback", "generation_id", "keep_alives", "model", "notes", "provider", "reasoning", "route", "schema_errors", "schema_valid",
	"served_by", "served_model", "simulated", "text", "timing_ms", "tokens_per_s", "tool_calls", "usage"}

func TestAskJSONShape(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, func(r demo.Request) demo.Script {
		if r.Wire == demo.Gemini {
			return demo.Script{Status: 429, RetryAfter: "3", ErrorMessage: "quota"}
		}
		return demo.Script{Text: "Seven is prime.", Usage: &demo.Usage{Input: 10, Output: 4}}
	})
	out, errOut, code := w.ask(askRun{}, "--json", "Name a prime")
	if code != cmdenv.ExitRouteError {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got := strings.Join(keysOf(doc), ","); got != "prompt,routes" {
		t.Fatalf("top-level fields %s", got)
	}
	var routes []map[string]json.RawMessage
	if err := json.Unmarshal(doc["routes"], &routes); err != nil || len(routes) != 4 {
		t.Fatalf("routes: %v %s", err, doc["routes"])
	}
	for _, r := range routes {
		if got, want := strings.Join(keysOf(r), ","), strings.Join(askJSONRouteFields, ","); got != want {
			t.Errorf("route fields\n got %s\nwant %s", got, want)
		}
	}
	var gem struct {
		Route string `json:"route"`
		Error struct {
			Kind        string   `json:"kind"`
			Status      int      `json:"status"`
			RetryAfterS *float64 `json:"retry_after_s"`
		} `json:"error"`
		Usage struct{ Source string } `json:"usage"`
	}
	json.Unmarshal(mustJSON(t, routes[3]), &gem)
	if gem.Route != "gem" || gem.Error.Kind != "rate_limited" || gem.Error.Status != 429 || gem.Error.RetryAfterS == nil || *gem.Error.RetryAfterS != 3 {
		t.Errorf("failed route: %+v", gem)
	}
	var direct struct {
		Text  string          `json:"text"`
		Error json.RawMessage `json:"error"`
		Usage struct {
			Input  int    `json:"input_tokens"`
			Source string `json:"source"`
		} `json:"usage"`
	}
	json.Unmarshal(mustJSON(t, routes[0]), &direct)
	if direct.Text != "Seven is prime." || string(direct.Error) != "null" || direct.Usage.Input != 10 || direct.Usage.Source != "provider" {
		t.Errorf("healthy route: %+v", direct)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAskPromptInput(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, healthy)
	only := []string{"--route", "direct"}
	if out, errOut, code := w.ask(askRun{stdin: "What is seven?\n"}, only...); code != 0 || !strings.Contains(out, "Seven is prime.") {
		t.Fatalf("stdin prompt: code %d stderr %q", code, errOut)
	}
	if _, _, code := w.ask(askRun{stdin: "From a dash"}, append(only, "-")...); code != 0 {
		t.Fatalf(`"-" did not read stdin: code %d`, code)
	}
	var prompts []string
	for _, r := range w.fake.Requests() {
		prompts = append(prompts, r.Prompt)
	}
	if strings.Join(prompts, "|") != "What is seven?\n|From a dash" {
		t.Fatalf("prompts sent: %q", prompts)
	}
	sent := len(w.fake.Requests())
	usage := []struct {
		name string
		run  askRun
		args []string
		want string
	}{
		{"EmptyArgument", askRun{}, []string{"   "}, "the prompt is empty"},
		{"EmptyStdin", askRun{stdin: " \n\t"}, nil, "the prompt is empty"},
		{"TerminalWithoutPrompt", askRun{tty: true}, nil, "no prompt: give it as an argument or on stdin"},
		{"HugeStdin", askRun{stdin: strings.Repeat("a", cmdenv.MaxPromptBytes+1)}, nil, "prompt on stdin is larger than 4 MiB"},
	}
	for _, u := range usage {
		t.Run(u.name, func(t *testing.T) {
			out, errOut, code := w.ask(u.run, append(only, u.args...)...)
			if code != cmdenv.ExitUsage || !strings.Contains(errOut, u.want) || out != "" {
				t.Fatalf("code %d stdout %q stderr %q, want %q", code, out, errOut, u.want)
			}
		})
	}
	if n := len(w.fake.Requests()); n != sent {
		t.Fatalf("%d requests sent for rejected prompts", n-sent)
	}
	big := strings.Repeat("b", cmdenv.MaxPromptBytes)
	if _, errOut, code := w.ask(askRun{stdin: big}, only...); code != 0 {
		t.Fatalf("a prompt of exactly 4 MiB was refused: code %d stderr %.200q", code, errOut)
	}
}

func TestAskInvalidConfigNamesFileLineField(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, healthy)
	cases := []struct{ name, text, want string }{
		{"TypeError", "[[routes]]\nprovider = \"openai\"\nmodel = \"m\"\n[routes.params]\ntemperature = \"hot\"\n", ":5: routes.params.temperature: expected a number"},
		{"UnknownField", "[defaults]\ntimeout = \"5s\"\ncolour = \"red\"\n", `:3: unknown field "defaults.colour"`},
		{"MissingProvider", "[[routes]]\nmodel = \"m\"\n", ":1: route #1: provider: missing"},
		{"UnknownProvider", "\n[[routes]]\nprovider = \"nosuch\"\nmodel = \"m\"\n", `:3: route #1: provider: unknown provider "nosuch"`},
		{"BadDuration", "[defaults]\nidle_timeout = \"soon\"\n", `:2: defaults.idle_timeout: invalid duration "soon"`},
		{"Syntax", "[[routes]\n", ":1:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := w.writeConfig(c.text)
			out, errOut, code := w.run(askRun{}, "ask", "--config", path, "hi")
			if code != cmdenv.ExitUsage || !strings.Contains(errOut, path+c.want) || out != "" {
				t.Fatalf("code %d stdout %q\nstderr %q\nwant %q", code, out, errOut, path+c.want)
			}
			if got, _ := os.ReadFile(path); string(got) != c.text {
				t.Fatalf("config rewritten: %q", got)
			}
		})
	}
	if n := len(w.fake.Requests()); n != 0 {
		t.Fatalf("%d requests sent with an invalid config", n)
	}
}

func TestAskUnknownProviderOrModel(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, func(r demo.Request) demo.Script {
		return demo.Script{Status: 404, ErrorMessage: fmt.Sprintf("The model `%s` does not exist or you do not have access to it.", r.Model)}
	})
	_, errOut, code := w.ask(askRun{}, "--route", "nosuch:model", "hi")
	if code != cmdenv.ExitUsage || !strings.Contains(errOut, `unknown provider "nosuch" (known: `) {
		t.Fatalf("unknown provider: code %d stderr %q", code, errOut)
	}
	_, errOut, code = w.ask(askRun{}, "--route", "openai:", "hi")
	if code != cmdenv.ExitUsage || !strings.Contains(errOut, "want PROVIDER:MODEL") {
		t.Fatalf("empty model: code %d stderr %q", code, errOut)
	}
	out, _, code := w.ask(askRun{}, "--route", "direct", "hi")
	if code != cmdenv.ExitRouteError || !strings.Contains(out, "error: bad_request (HTTP 404): The model `m` does not exist") {
		t.Fatalf("unknown model: code %d\n%s", code, out)
	}
}

func TestAskCorruptKeyIndex(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, healthy)
	index := filepath.Join(w.kt.configDir, keys.IndexFile)
	const corrupt = `{"version":1,"keys":{"openai":`
	if err := os.WriteFile(index, []byte(corrupt), 0o600); err != nil {
		t.Fatal(err)
	}
	// Named routes read keys directly: the broken index does not matter.
	if out, errOut, code := w.ask(askRun{}, "--route", "direct", "hi"); code != 0 || !strings.Contains(out, "Seven is prime.") {
		t.Fatalf("named route: code %d stderr %q", code, errOut)
	}
	// Without routes, the keys decide which routes run: say the index is broken.
	out, errOut, code := w.run(askRun{}, "ask", "hi")
	if code != cmdenv.ExitUsage || !strings.Contains(errOut, index) || strings.Contains(out, "Simulated demo routes") {
		t.Fatalf("default routes: code %d stdout %q stderr %q", code, out, errOut)
	}
	if got, _ := os.ReadFile(index); string(got) != corrupt {
		t.Fatalf("corrupt index was rewritten: %q", got)
	}
}

// TestAskTotalTimeout: keep-alive comments are bytes, so only the total
// limit ends such a run; it comes from [defaults] and --total-timeout wins.
func TestAskTotalTimeout(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, func(demo.Request) demo.Script {
		return demo.Script{EndlessKeepAlive: true, KeepAliveEvery: 10 * time.Millisecond}
	})
	w.config = w.writeConfig("[defaults]\ntotal_timeout = \"300ms\"\nidle_timeout = \"5s\"\n" + fmt.Sprintf(askWireRoutes, w.hs.URL, "m"))
	out, errOut, code := w.ask(askRun{}, "--route", "gw", "hi")
	if code != cmdenv.ExitRouteError || !strings.Contains(out, "error: timeout: the run took longer than the total limit of 300ms") {
		t.Fatalf("config limit: code %d stderr %q\n%s", code, errOut, out)
	}
	out, _, code = w.ask(askRun{}, "--route", "gw", "--total-timeout", "150ms", "hi")
	if code != cmdenv.ExitRouteError || !strings.Contains(out, "total limit of 150ms") {
		t.Fatalf("flag limit: code %d\n%s", code, out)
	}
	if _, errOut, code = w.ask(askRun{}, "--total-timeout", "-1s", "hi"); code != cmdenv.ExitUsage || !strings.Contains(errOut, "must not be negative") {
		t.Fatalf("negative limit: code %d stderr %q", code, errOut)
	}
}
