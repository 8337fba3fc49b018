package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/demo/gateway"
	"github.com/routeplay/routeplay/backend/preset"
)

const (
	upstreamKey = "sk-proj-upstreamSECRET0123456789abcd"
	headerKey   = "pk-headerSECRET0123456789wxyz"
)

type mapKeys map[string]string

func (m mapKeys) Key(_ context.Context, name string) (string, string, error) {
	if v, ok := m[name]; ok {
		return v, "env", nil
	}
	return "", "", errors.New("no key " + name)
}

// portkeyRoute is a Portkey route to OpenAI through base, with an API key
// header taken from the key store.
func portkeyRoute(t *testing.T, base string) backend.Route {
	t.Helper()
	rt, err := preset.NewGatewayRoute("portkey", "openai:gpt-4o-mini", "", base, "")
	if err != nil {
		t.Fatal(err)
	}
	rt.Name = "pk"
	rt.Headers = []backend.Header{{Name: "x-portkey-api-key", KeyName: "portkey"}}
	return rt
}

func TestValidateRouteKeyThroughPortkey(t *testing.T) {
	srv, up := demo.Start(nil)
	t.Cleanup(up.Close)
	t.Cleanup(srv.Close)
	srv.RequireKey(upstreamKey)
	gw := httptest.NewServer(&gateway.Fake{Flavour: gateway.Portkey, Upstream: srv})
	t.Cleanup(gw.Close)
	rt := portkeyRoute(t, gw.URL+"/v1")
	store := mapKeys{"openai": upstreamKey, "portkey": headerKey}

	v := ValidateRouteKey(context.Background(), gw.Client(), rt, store)
	if v.Status != KeyValid || v.Message != "through Portkey (route pk): key accepted; served by openai" || v.Latency <= 0 {
		t.Fatalf("%+v", v)
	}
	// The check went as the route sends: its key, the header Portkey
	// requires (filled from the upstream) and the route's own headers.
	got := srv.Requests()[len(srv.Requests())-1]
	if got.Path != "/v1/models" || got.Header.Get("Authorization") != "Bearer "+upstreamKey ||
		got.Header.Get("x-portkey-provider") != "openai" || got.Header.Get("x-portkey-api-key") != headerKey {
		t.Fatalf("request %s %v", got.Path, got.Header)
	}

	store["openai"] = "sk-proj-wrongKEY0123456789abcdefgh"
	v = ValidateRouteKey(context.Background(), gw.Client(), rt, store)
	if v.Status != KeyInvalid || !strings.HasPrefix(v.Message, "through Portkey (route pk): key rejected (HTTP 401)") {
		t.Fatalf("wrong key: %+v", v)
	}

	delete(store, "portkey")
	v = ValidateRouteKey(context.Background(), gw.Client(), rt, store)
	if v.Status != KeyInvalid || !strings.Contains(v.Message, `header x-portkey-api-key: key "portkey"`) {
		t.Fatalf("missing header key: %+v", v)
	}

	// Without upstream or a required header nothing is sent.
	bare := backend.Route{Name: "bare", Kind: "portkey", Gateway: "portkey", BaseURL: gw.URL + "/v1", Model: "m"}
	before := len(srv.Requests())
	v = ValidateRouteKey(context.Background(), gw.Client(), bare, store)
	if v.Status != KeyUnchecked || !strings.Contains(v.Message, "needs one of these headers: x-portkey-provider") || len(srv.Requests()) != before {
		t.Fatalf("no required header: %+v", v)
	}
}

func TestValidateRouteKeyGatewayFailure(t *testing.T) {
	srv, up := demo.Start(nil)
	t.Cleanup(up.Close)
	t.Cleanup(srv.Close)
	gw := httptest.NewServer(&gateway.Fake{Flavour: gateway.Portkey, Upstream: srv, Exception: true})
	t.Cleanup(gw.Close)
	v := ValidateRouteKey(context.Background(), gw.Client(), portkeyRoute(t, gw.URL+"/v1"), mapKeys{"openai": upstreamKey, "portkey": headerKey})
	if v.Status != KeyUnreachable || v.Message != "through Portkey (route pk): the gateway itself failed (HTTP 500): gateway configuration error" {
		t.Fatalf("%+v", v)
	}
}

func TestValidateRouteKeyThroughLiteLLM(t *testing.T) {
	srv, up := demo.Start(nil)
	t.Cleanup(up.Close)
	t.Cleanup(srv.Close)
	gw := httptest.NewServer(&gateway.Fake{Flavour: gateway.LiteLLM, Upstream: srv})
	t.Cleanup(gw.Close)
	rt, err := preset.NewGatewayRoute("litellm", "openai:gpt-4o-mini", "my-mini", gw.URL+"/v1", "")
	if err != nil {
		t.Fatal(err)
	}
	v := ValidateRouteKey(context.Background(), gw.Client(), rt, mapKeys{"litellm": "sk-litellm-master0123456789"})
	if v.Status != KeyValid || !strings.HasPrefix(v.Message, "through LiteLLM (route litellm:my-mini): key accepted; served by ") {
		t.Fatalf("%+v", v)
	}
	v = ValidateRouteKey(context.Background(), gw.Client(), rt, mapKeys{})
	if v.Status != KeyInvalid || !strings.Contains(v.Message, `key "litellm"`) {
		t.Fatalf("no key: %+v", v)
	}
}

// A gateway that echoes every header it got, the secrets raw, JSON-escaped
// and split by an escape sequence (also across the point where the
// message is cut), still shows none of them.
func TestValidateRouteKeyRedactsHeaderSecrets(t *testing.T) {
	for _, pad := range []string{"", strings.Repeat("x", 130)} {
		echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var all []string
			for _, vs := range r.Header {
				all = append(all, vs...)
			}
			msg := pad + " split: " + headerKey[:6] + "\x1b[0m" + headerKey[6:] + " | " + strings.Join(all, " | ")
			w.WriteHeader(http.StatusForbidden)
			json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"message": msg}})
		}))
		v := ValidateRouteKey(context.Background(), echo.Client(), portkeyRoute(t, echo.URL+"/v1"), mapKeys{"openai": upstreamKey, "portkey": headerKey})
		echo.Close()
		if v.Status != KeyInvalid || !strings.Contains(v.Message, "[redacted key]") {
			t.Fatalf("%+v", v)
		}
		for _, s := range []string{upstreamKey, headerKey, headerKey[:8], headerKey[8:], upstreamKey[10:], "\x1b"} {
			if strings.Contains(v.Message, s) {
				t.Fatalf("message shows %q: %q", s, v.Message)
			}
		}
	}
}

// A gateway's error detail is read from {"error":{"message":..}}, a string
// "error", or a top-level "message" when the error says nothing.
func TestJudgeGatewayErrorShapes(t *testing.T) {
	for body, want := range map[string]string{
		`{"error":{"message":"from object"},"message":"top"}`: "key rejected (HTTP 401): from object",
		`{"error":"from string","message":"top"}`:             "key rejected (HTTP 401): from string",
		`{"error":{"message":""},"message":"top"}`:            "key rejected (HTTP 401): top",
		`{"message":"top"}`:                                   "key rejected (HTTP 401): top",
		`{"error":null}`:                                      "key rejected (HTTP 401)",
	} {
		if v := judgeGateway(http.StatusUnauthorized, false, []byte(body), nil); v.Message != want {
			t.Errorf("%s: %q, want %q", body, v.Message, want)
		}
	}
}
