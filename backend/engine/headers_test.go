package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

const gatewaySecret = "pk-gw-secret-value-0123456789"

func TestRouteHeadersSentAndSecretRedacted(t *testing.T) {
	fake, srv := demo.Start(func(r demo.Request) demo.Script {
		// A provider that echoes what it got must not put the secret on screen.
		return demo.Script{Status: 400, ErrorMessage: "bad header " + r.Header.Get("X-Gw-Key")}
	})
	defer srv.Close()
	defer fake.Close()
	keys := testkit.EngineKeys()
	keys["gw"] = gatewaySecret
	e := NewEngine(EngineOptions{Keys: keys, Timeouts: backend.Timeouts{Idle: 5 * time.Second}})
	rt := testkit.FakeRoute(t, "r", backend.KindOpenAI, srv.URL+"/v1", "m")
	rt.Headers = []backend.Header{{Name: "x-gw-provider", Value: "openai"}, {Name: "x-gw-key", KeyName: "gw"}}
	res := runOne(t, e, rt)
	got := fake.Requests()[0].Header
	if got.Get("X-Gw-Provider") != "openai" || got.Get("X-Gw-Key") != gatewaySecret {
		t.Fatalf("headers sent: %v", got)
	}
	if res.Err == nil || strings.Contains(res.Err.Message, gatewaySecret) || !strings.Contains(res.Err.Message, "[redacted key]") {
		t.Fatalf("err = %v, want the header's secret redacted", res.Err)
	}
}

func TestRouteHeaderKeyMissingOrBroken(t *testing.T) {
	fake, srv := demo.Start(nil)
	defer srv.Close()
	defer fake.Close()
	keys := testkit.EngineKeys()
	keys["broken"] = "abc\r\nX-Evil: 1"
	e := NewEngine(EngineOptions{Keys: keys})
	for _, tc := range []struct {
		key  string
		kind backend.ErrorKind
	}{{"absent", backend.ErrNoKey}, {"broken", backend.ErrBadRequest}} {
		rt := testkit.FakeRoute(t, "r", backend.KindOpenAI, srv.URL+"/v1", "m")
		rt.Headers = []backend.Header{{Name: "x-gw-key", KeyName: tc.key}}
		res := runOne(t, e, rt)
		if res.Err == nil || res.Err.Kind != tc.kind || strings.Contains(res.Err.Message, "X-Evil") {
			t.Errorf("%s: err = %v, want %s", tc.key, res.Err, tc.kind)
		}
	}
	if n := len(fake.Requests()); n != 0 {
		t.Fatalf("%d requests sent without their header", n)
	}
}
