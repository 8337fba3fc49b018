package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/demo"
)

// fallbackConfig writes a config whose visible route "primary" (model
// "busy" on the fake) falls back to the hidden route "spare".
func fallbackConfig(t *testing.T, fakeURL string) string {
	t.Helper()
	text := fmt.Sprintf(`[[routes]]
name = "primary"
provider = "openai"
model = "busy"
base_url = "%[1]s/v1"
fallback = ["spare"]
[routes.params]
reasoning_budget = 1024

[[routes]]
name = "spare"
provider = "anthropic"
model = "spare-model"
base_url = "%[1]s"
hidden = true
`, fakeURL)
	return writeConfig(t, text)
}

func startBusyFake(t *testing.T) string {
	t.Helper()
	srv, hs := demo.Start(func(r demo.Request) demo.Script {
		if r.Model == "busy" {
			return demo.Script{Status: 429, RetryAfter: "2", ErrorMessage: "rate limit reached"}
		}
		return demo.Script{Text: "The spare answers.", ServedModel: "spare-model-2025"}
	})
	t.Cleanup(func() { srv.Close(); hs.Close() })
	return hs.URL
}

var fallbackEnv = map[string]string{
	"OPENAI_API_KEY":    "sk-test-openai-0123456789abcdef",
	"ANTHROPIC_API_KEY": "sk-ant-test-0123456789abcdef",
}

func TestAskFallsBackToAHiddenRoute(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, fallbackEnv)
	path := fallbackConfig(t, startBusyFake(t))
	out, errOut, code := kt.cli("ask", "--config", path, "--json", "hi")
	if code != 0 {
		t.Fatalf("code %d\nstderr %s\nstdout %s", code, errOut, out)
	}
	var doc struct {
		Routes []struct {
			Route, Text string
			ServedModel *string `json:"served_model"`
			Attempts    []struct {
				Route, Provider, Model string
				Error                  *struct{ Kind string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(doc.Routes) != 1 {
		t.Fatalf("the hidden route must not get its own entry: %s", out)
	}
	r := doc.Routes[0]
	if r.Route != "primary" || r.Text != "The spare answers." || r.ServedModel == nil || *r.ServedModel != "spare-model-2025" {
		t.Fatalf("route = %+v", r)
	}
	if len(r.Attempts) != 2 || r.Attempts[0].Error == nil || r.Attempts[0].Error.Kind != "rate_limited" ||
		r.Attempts[1].Route != "spare" || r.Attempts[1].Provider != "anthropic" || r.Attempts[1].Error != nil {
		t.Fatalf("attempts = %+v", r.Attempts)
	}
	if !strings.Contains(errOut, "routeplay: warning: primary: reasoning_budget is not sent on the OpenAI wire") {
		t.Fatalf("parameter warning missing from stderr: %q", errOut)
	}
}

func TestAskTextShowsTheFallback(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, fallbackEnv)
	path := fallbackConfig(t, startBusyFake(t))
	out, errOut, code := kt.cli("ask", "--config", path, "hi")
	if code != 0 {
		t.Fatalf("code %d stderr %s", code, errOut)
	}
	want := "attempt 1, primary (busy): rate_limited (HTTP 429): rate limit reached (retry after 2.00s) → fell back to spare (anthropic · spare-model)"
	if !strings.Contains(out, want) || !strings.Contains(out, "The spare answers.") {
		t.Fatalf("missing %q in\n%s", want, out)
	}
	for _, k := range fallbackEnv {
		if strings.Contains(out+errOut, k) {
			t.Fatal("a key reached the output")
		}
	}
}
