package cli

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/demo/gateway"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// Tried as a new user would: Portkey (in front of the fake providers) and
// OpenRouter in one comparison with the direct route.
func TestAskPortkeyOpenRouterAndDirect(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, func(r demo.Request) demo.Script {
		if r.Model == "gpt-4o-mini" && r.Header.Get("x-portkey-provider") != "" {
			return demo.Script{Status: 503, ErrorMessage: "overloaded"} // Portkey's first target
		}
		return demo.Script{Text: "Seven is prime.", Usage: &demo.Usage{Input: 1000, Output: 1000}}
	})
	gw := httptest.NewServer(&gateway.Fake{Flavour: gateway.Portkey, Upstream: w.fake, Targets: []string{"gpt-4o-mini", "gpt-4o"}})
	t.Cleanup(gw.Close)
	w.config = w.writeConfig(fmt.Sprintf(`
[[routes]]
name = "pk"
gateway = "portkey"
base_url = "%[1]s/v1"
upstream = "openai:gpt-4o-mini"

[[routes]]
name = "or"
provider = "openrouter"
model = "openai/gpt-4o-mini"
base_url = "%[2]s/api/v1"

[[routes]]
name = "direct"
provider = "openai"
model = "gpt-4o-mini"
base_url = "%[2]s/v1"
`, gw.URL, w.hs.URL))
	out, errOut, code := w.ask(askRun{}, "Name a prime")
	if code != cmdenv.ExitOK {
		t.Fatalf("code %d stderr %q\n%s", code, errOut, out)
	}
	for _, want := range []string{"note: gateway fell back (config.targets[1])", "openai · gpt-4o"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	js, _, _ := w.ask(askRun{}, "--json", "Name a prime")
	var doc struct {
		Routes []struct {
			Route    string   `json:"route"`
			ServedBy *string  `json:"served_by"`
			CostUSD  *float64 `json:"cost_usd"`
			Notes    []string `json:"notes"`
		} `json:"routes"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	pk, direct := doc.Routes[0], doc.Routes[2]
	if pk.ServedBy == nil || *pk.ServedBy != "openai" || len(pk.Notes) != 1 {
		t.Fatalf("portkey run %+v", pk)
	}
	// Priced as gpt-4o, which served, not the gpt-4o-mini asked for.
	if pk.CostUSD == nil || direct.CostUSD == nil || *pk.CostUSD <= *direct.CostUSD*5 {
		t.Fatalf("costs: portkey %v direct %v", pk.CostUSD, direct.CostUSD)
	}
}

func TestAskErrorFinishReasonExitsOne(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, func(r demo.Request) demo.Script {
		return demo.Script{Text: "Seven", Finish: "error"}
	})
	out, _, code := w.ask(askRun{}, "--route", "direct", "Name a prime")
	if code != cmdenv.ExitRouteError || strings.Contains(out, "ok (error)") || !strings.Contains(out, `finish reason "error"`) {
		t.Fatalf("code %d\n%s", code, out)
	}
}
