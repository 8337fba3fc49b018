package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/ui/cli/keyscmd"
)

func TestRoutesShowHeadersMasked(t *testing.T) {
	t.Parallel()
	const secret = "pk-live-0123456789abcdefXYZ"
	kt := newKeysTest(t, map[string]string{"PORTKEY_API_KEY": secret})
	text := `[[routes]]
name = "via-portkey"
gateway = "portkey"
base_url = "http://localhost:8787/v1"
upstream = "openai:gpt-4o-mini"
[routes.headers]
x-portkey-provider = "openai-primary-account"
x-portkey-api-key = { key = "portkey" }
x-trace = { key = "tracing" }
`
	path := writeConfig(t, text)
	out, errOut, code := kt.routes("routes", "--config", path)
	if code != 0 {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	for _, want := range []string{"via-portkey: headers x-portkey-api-key: from key portkey (env PORTKEY_API_KEY)",
		"x-portkey-provider: …ount", "x-trace: from key tracing (missing)", "key tracing is missing",
		"via-portkey: through gateway portkey for openai:gpt-4o-mini"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	jsonOut, _, _ := kt.routes("routes", "--config", path, "--json")
	for _, o := range []string{out, jsonOut} {
		if strings.Contains(o, secret) || strings.Contains(o, "openai-primary") {
			t.Fatalf("a header value shows:\n%s", o)
		}
	}
	var l keyscmd.RouteListing
	if err := json.Unmarshal([]byte(jsonOut), &l); err != nil {
		t.Fatal(err)
	}
	hs := l.Routes[0].Headers
	if l.Routes[0].Gateway != "portkey" || l.Routes[0].Upstream != "openai:gpt-4o-mini" {
		t.Fatalf("route %+v", l.Routes[0])
	}
	if len(hs) != 3 || hs[0].Key == nil || hs[0].Key.Status != "env" || hs[1].Value != "…ount" {
		t.Fatalf("headers = %+v", hs)
	}
}
