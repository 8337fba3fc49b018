package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/routeplay/routeplay/ui/cli/keyscmd"
)

// routes runs `routeplay ARGS...` in the keys test world (mock keyring, fake env).
func (kt *keysTest) routes(args ...string) (stdout, stderr string, code int) {
	kt.t.Helper()
	return kt.cli(args...)
}

func TestRoutesWithoutConfigOrKeysListsTheDemo(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	out, errOut, code := kt.routes("routes")
	if code != 0 || errOut != "" {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	for _, want := range []string{"no keys set: the simulated demo routes run", `"routeplay init" writes an example`,
		"demo-openrouter", "simulated", "0.40"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

func TestRoutesWithoutConfigListsTheDefaults(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, map[string]string{"OPENAI_API_KEY": "sk-test-fromenv-0123456789abcdef"})
	out, _, code := kt.routes("routes")
	if code != 0 || !strings.Contains(out, "these default routes run, one per provider with a key") ||
		!strings.Contains(out, "env OPENAI_API_KEY") || strings.Contains(out, "demo-") {
		t.Fatalf("code %d\n%s", code, out)
	}
}

func TestRoutesListsTheInitConfig(t *testing.T) {
	t.Parallel()
	const envKey = "sk-test-fromenv-0123456789abcdef"
	kt := newKeysTest(t, map[string]string{"OPENAI_API_KEY": envKey})
	path := filepath.Join(t.TempDir(), "config.toml")
	if _, errOut, code := kt.routes("init", "--config", path); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	if _, errOut, code := kt.run(keysRun{stdin: goodORKey + "\n"}, "set", "openrouter"); code != 0 {
		t.Fatalf("keys set: %s", errOut)
	}
	out, errOut, code := kt.routes("routes", "--config", path)
	if code != 0 || errOut != "" {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	want := []string{
		"Routes in " + path,
		"gpt-mini-openrouter  openrouter  openai/gpt-4o-mini         keyring",
		"gpt-mini-direct      openai      gpt-4o-mini                env OPENAI_API_KEY  0.15    0.60     128K     no",
		"claude-haiku         anthropic   claude-haiku-4-5-20251001  missing             1.00    5.00     200K     yes",
		"gpt-mini-openrouter: openrouter models=openai/gpt-4o-mini,openai/gpt-4.1-mini · deny-data",
		"gpt-mini-direct: falls back to gpt-mini-backup on rate_limited, upstream, timeout",
		"gpt-mini-backup: hidden (no pane; runs only as a fallback)",
		"key anthropic is missing: routeplay keys set anthropic (or set ANTHROPIC_API_KEY)",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("missing %q in\n%s", w, out)
		}
	}
	if strings.Contains(out, envKey) || strings.Contains(out, goodORKey) || strings.Contains(out, "key openai is missing") {
		t.Fatalf("output leaks a key or misreports one:\n%s", out)
	}
}

func TestRoutesJSON(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, map[string]string{"ANTHROPIC_API_KEY": "sk-ant-api03-fromenv-0123456789"})
	text := `[[routes]]
name = "think"
provider = "openai"
model = "gpt-4o-mini"
fallback = ["spare"]
[routes.params]
reasoning_effort = "high"

[[routes]]
name = "spare"
provider = "anthropic"
model = "claude-haiku-4-5-20251001"
hidden = true

[[routes]]
name = "local"
provider = "ollama"
model = "llama3.1:8b"
[routes.price]
input = 0.0
output = 0.01
`
	path := writeConfig(t, text)
	out, errOut, code := kt.routes("routes", "--config", path, "--json")
	if code != 0 {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	var l keyscmd.RouteListing
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if l.Source != "config" || l.Config == nil || *l.Config != path || len(l.Routes) != 3 {
		t.Fatalf("listing = %+v", l)
	}
	think, spare, local := l.Routes[0], l.Routes[1], l.Routes[2]
	if think.Key.Status != "missing" || len(think.Warnings) != 1 || !strings.Contains(think.Warnings[0], "does not reason") ||
		strings.Join(think.Fallback, ",") != "spare" || strings.Join(think.FallbackOn, ",") != "rate_limited,upstream,timeout" {
		t.Errorf("think = %+v", think)
	}
	if spare.Key.Status != "env" || spare.Key.EnvVar != "ANTHROPIC_API_KEY" || !spare.Hidden || spare.Reasoning == nil || !*spare.Reasoning {
		t.Errorf("spare = %+v", spare)
	}
	if local.Key.Status != "not_needed" || local.Price == nil || local.Price.Source != "config" || local.ContextWindow != nil {
		t.Errorf("local = %+v", local)
	}
	if !strings.Contains(out, `"reasoning": null`) {
		t.Errorf("an unknown model's reasoning support should be null:\n%s", out)
	}
}

func TestRoutesConfigErrorNamesFileAndLine(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	text := "[[routes]]\nname = \"a\"\nprovider = \"openai\"\nmodel = \"gpt-4o-mini\"\nfallback = [\"ghost\"]\n"
	path := writeConfig(t, text)
	_, errOut, code := kt.routes("routes", "--config", path)
	if code != cmdenv.ExitUsage || !strings.Contains(errOut, path+`:5: route a: fallback: no route is named "ghost"`) {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
}
