package cli

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/demo"
)

// Probe: only whole keys were redacted outside the TUI; an answer reciting
// most of a key showed it in ask's text and --json output.
func TestAskMasksMostOfAKey(t *testing.T) {
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
