package cli

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/demo/gateway"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// Issue 20: `keys test` said "unreachable" for a key sent through Portkey.
// It now checks the key through the route's gateway, with the route's
// headers, names the gateway, and never shows a header secret.
func TestKeysTestThroughGateway(t *testing.T) {
	const openaiKey = "sk-proj-gatewayGOOD0123456789abcdefwxyz"
	const portkeyKey = "pk-live-headerSECRET0123456789qrst"
	kt := newKeysTest(t, map[string]string{"OPENAI_API_KEY": openaiKey, "PORTKEY_API_KEY": portkeyKey})
	srv, up := demo.Start(nil)
	t.Cleanup(up.Close)
	t.Cleanup(srv.Close)
	srv.RequireKey(openaiKey)
	gw := httptest.NewServer(&gateway.Fake{Flavour: gateway.Portkey, Upstream: srv})
	t.Cleanup(gw.Close)
	cfg := writeConfig(t, fmt.Sprintf(`
[[routes]]
name = "pk"
gateway = "portkey"
base_url = "%[1]s/v1"
upstream = "openai:gpt-4o-mini"
headers = { x-portkey-api-key = { key = "portkey" } }

[[routes]]
name = "pk-4o"
gateway = "portkey"
base_url = "%[1]s/v1"
upstream = "openai:gpt-4o"
headers = { x-portkey-api-key = { key = "portkey" } }
`, gw.URL))
	out, errOut, code := kt.run(keysRun{}, "test", "openai", "portkey", "--config", cfg)
	want := []string{
		"openai   valid", "through Portkey (route pk): key accepted; served by openai",
		"portkey  valid",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("missing %q", w)
		}
	}
	// One check per way the key is sent: the two routes send it alike.
	if code != 0 || strings.Count(out, "\n") != 2 || strings.Contains(out, "unreachable") {
		t.Fatalf("code %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, secret := range []string{openaiKey, portkeyKey, portkeyKey[8:20]} {
		if strings.Contains(out+errOut, secret) {
			t.Fatalf("output shows a secret:\n%s%s", out, errOut)
		}
	}
	if n := len(srv.Requests()); n != 2 {
		t.Fatalf("%d requests reached the provider, want one per key", n)
	}
	got := srv.Requests()[0].Header
	if got.Get("x-portkey-api-key") != portkeyKey || got.Get("x-portkey-provider") != "openai" {
		t.Fatalf("the check did not send the route's headers: %v", got)
	}

	// A wrong upstream key is rejected through the gateway, exit 1.
	kt.env["OPENAI_API_KEY"] = "sk-proj-gatewayBAD00123456789abcdefwxyz"
	out, _, code = kt.run(keysRun{}, "test", "openai", "--config", cfg)
	if code != cmdenv.ExitRouteError || !strings.Contains(out, "openai  invalid") || !strings.Contains(out, "through Portkey (route pk): key rejected (HTTP 401)") {
		t.Fatalf("bad key: code %d\n%s", code, out)
	}
}
