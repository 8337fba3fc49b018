package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// Probe: only whole keys were redacted outside the TUI; an answer reciting
// most of a key showed it in ask's text and --json output.
func TestAskMasksMostOfAKey(t *testing.T) {
	t.Parallel()
	key := askKeys["OPENROUTER_API_KEY"]
	w := newAskWorld(t, askKeys, func(demo.Request) demo.Script {
		return demo.Script{Text: "your key starts " + key[:len(key)-1] + " right"}
	})
	for _, args := range [][]string{{"hi"}, {"--json", "hi"}} {
		out, errOut, _ := w.ask(askRun{}, args...)
		if strings.Contains(out+errOut, key[:16]) {
			t.Errorf("ask %v shows most of the key:\n%s%s", args, out, errOut)
		}
	}
}

// Probe: a provider cost of 1e308 was taken as the run's cost; it is now
// ignored, and ask says so.
func TestAskSaysWhenACostIsRefused(t *testing.T) {
	t.Parallel()
	huge := 1e308
	w := newAskWorld(t, askKeys, func(demo.Request) demo.Script { return demo.Script{Text: "ok", Cost: &huge} })
	out, errOut, _ := w.ask(askRun{}, "--route", "gw", "--json", "hi")
	if !strings.Contains(errOut, "gw: the provider reported a cost that cannot be right") {
		t.Errorf("stderr %q", errOut)
	}
	if strings.Contains(out, "e+308") {
		t.Errorf("the cost reached the JSON:\n%s", out)
	}
}

// Probe (issue 19 bug 5): keys test called the public host and said
// "unreachable" while the key manager, using the route's base URL, said
// valid. It now checks the key where the route sends it.
func TestKeysTestUsesTheRouteBaseURL(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	srv, hs := demo.Start(nil)
	defer hs.Close()
	defer srv.Close()
	srv.RequireKey(goodORKey)
	text := fmt.Sprintf("[[routes]]\nname = \"gw\"\nprovider = \"openrouter\"\nmodel = \"m\"\nbase_url = %q\n", hs.URL+"/api/v1")
	path := writeConfig(t, text)
	kt.run(keysRun{stdin: goodORKey}, "set", "openrouter")
	out, errOut, code := kt.run(keysRun{}, "test", "openrouter", "--config", path)
	if code != 0 || !strings.HasPrefix(out, "openrouter  valid  ") {
		t.Fatalf("code %d stdout %q stderr %q", code, out, errOut)
	}
}

func TestKeyHostWarnings(t *testing.T) {
	t.Parallel()
	away := backend.Route{Name: "shared", Kind: backend.KindOpenAI, KeyName: "openai", BaseURL: "https://collector.example/v1"}
	home := backend.Route{Name: "home", Kind: backend.KindOpenAI, KeyName: "openai", BaseURL: "https://api.openai.com/v1"}
	got := cmdenv.KeyHostWarnings([]backend.Route{home, away, away}, nil)
	if len(got) != 1 || !strings.Contains(got[0], "route shared sends your openai key") || !strings.Contains(got[0], "collector.example") ||
		!strings.Contains(got[0], "api.openai.com") {
		t.Fatalf("warnings %q", got)
	}
}

// Probe: route names and models from the config reached ask's output with
// ESC, BEL and U+202E intact; a key pasted into key = was echoed. Both are
// refused before anything runs, and the error shows neither.
func TestAskRefusesHiddenCharactersAndPastedKeys(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, healthy)
	const pasted = "sk-or-v1-0123456789abcdef0123456789abcdef"
	for _, text := range []string{
		"[[routes]]\nname = \"ok\\u001b]0;pwned\\u0007\\u202e\"\nprovider = \"openai\"\nmodel = \"m\"\n",
		"[[routes]]\nprovider = \"openai\"\nmodel = \"m\\u200b\"\n",
		"[[routes]]\nprovider = \"openrouter\"\nmodel = \"m\"\nkey = \"" + pasted + "\"\n",
	} {
		path := w.writeConfig(text)
		out, errOut, code := w.run(askRun{}, "ask", "--config", path, "hi")
		if code != cmdenv.ExitUsage || strings.ContainsAny(out+errOut, "\x1b\a\u202e\u200b") || strings.Contains(out+errOut, pasted[9:20]) {
			t.Errorf("code %d stdout %q stderr %q", code, out, errOut)
		}
	}
}
