package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/ui/cli/keyscmd"
)

const endpointsORKey = "sk-or-v1-endpoints-test-0123456789abcdef"

// endpointsWorld is an OpenRouter route against the loopback fake, whose
// streams say they were served by Alpha, with a temp history database.
func endpointsWorld(t *testing.T) (kt *keysTest, config string) {
	t.Helper()
	kt = newKeysTest(t, map[string]string{"OPENROUTER_API_KEY": endpointsORKey})
	srv, hs := demo.Start(func(r demo.Request) demo.Script {
		return demo.Script{Text: "Seven is prime.", ServedProvider: "Alpha"}
	})
	t.Cleanup(func() { srv.Close(); hs.Close() })
	kt.deps.CatalogURL = hs.URL + "/api/v1" // plain `routes` fills prices from the live list
	kt.deps.HistoryBusy = 200 * time.Millisecond
	text := fmt.Sprintf(`[[routes]]
name = "or"
provider = "openrouter"
model = "acme/model-1"
base_url = "%s/api/v1"
params = { temperature = 0.3 }
[routes.openrouter]
provider = { data_collection = "deny" }
`, hs.URL)
	config = writeConfig(t, text)
	return kt, config
}

func TestRoutesEndpointsBesideYourRuns(t *testing.T) {
	t.Parallel()
	kt, config := endpointsWorld(t)
	for range 2 {
		if out, errOut, code := kt.cli("ask", "--config", config, "hi"); code != 0 {
			t.Fatalf("ask: %d\n%s\n%s", code, out, errOut)
		}
	}
	out, errOut, code := kt.cli("routes", "--config", config, "--endpoints", "or")
	if code != 0 {
		t.Fatalf("code %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"OpenRouter endpoints of acme/model-1", "Alpha", "fp8", "99.5%", "420ms",
		"Alpha: implicit caching yes", "policy https://alpha.example/privacy",
		"data policy: OpenRouter: data_collection deny, zdr off; served by Alpha, policy https://alpha.example/privacy",
		`order = ["Alpha"]`, "warning: Beta does not list temperature, which route or sends"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.ContainsRune(out, 0x1b) || strings.Contains(out, endpointsORKey) {
		t.Fatalf("control sequence or key in output:\n%q", out)
	}
	jsonOut, _, code := kt.cli("routes", "--config", config, "--endpoints", "or", "--json")
	var l keyscmd.EndpointsListing
	if err := json.Unmarshal([]byte(jsonOut), &l); err != nil || code != 0 {
		t.Fatalf("json %v code %d\n%s", err, code, jsonOut)
	}
	a := l.Endpoints[0]
	if len(l.Endpoints) != 3 || a.Provider != "Alpha" || a.Measured.Runs != 2 || a.Measured.FirstTokenP50Ms == nil ||
		l.Endpoints[1].Measured.Runs != 0 || *a.LatencyMs.P50 != 420 || len(a.Unsupported) != 0 ||
		len(l.Endpoints[1].Unsupported) != 1 {
		t.Fatalf("listing %+v", l)
	}
}

func TestRoutesEndpointsRefusesOtherRoutes(t *testing.T) {
	t.Parallel()
	kt, config := endpointsWorld(t)
	if _, errOut, code := kt.cli("routes", "--config", config, "--endpoints", "nope"); code != 2 || !strings.Contains(errOut, "no route named") {
		t.Fatalf("code %d %s", code, errOut)
	}
	if _, errOut, code := kt.cli("routes", "--config", config, "--endpoints", "or", "--catalog"); code != 2 || !strings.Contains(errOut, "do not go together") {
		t.Fatalf("code %d %s", code, errOut)
	}
	if _, errOut, code := runCLI(t, "routes", "--endpoints", "demo-openrouter"); code != 2 || !strings.Contains(errOut, "not a live OpenRouter route") {
		t.Fatalf("code %d %s", code, errOut)
	}
}

func TestRoutesShowDataPolicy(t *testing.T) {
	t.Parallel()
	kt, config := endpointsWorld(t)
	out, _, code := kt.cli("routes", "--config", config)
	if code != 0 || !strings.Contains(out, "or: data policy OpenRouter: data_collection deny, zdr off; serving provider not known yet") {
		t.Fatalf("code %d\n%s", code, out)
	}
	jsonOut, _, _ := kt.cli("routes", "--config", config, "--json")
	if !strings.Contains(jsonOut, `"data_policy": "OpenRouter: data_collection deny`) {
		t.Fatalf("json:\n%s", jsonOut)
	}
}
