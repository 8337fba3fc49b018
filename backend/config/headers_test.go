package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

func TestRouteHeadersLiteralAndFromKey(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte(`
[[routes]]
name = "pk"
provider = "openai-compatible"
base_url = "http://localhost:8787/v1"
model = "gpt-4o-mini"
[routes.headers]
x-portkey-provider = "openai"
x-portkey-api-key = { key = "portkey" }
`))
	if err != nil {
		t.Fatal(err)
	}
	rt, _ := cfg.FindRoute("pk")
	want := []backend.Header{{Name: "x-portkey-api-key", KeyName: "portkey"}, {Name: "x-portkey-provider", Value: "openai"}}
	if !reflect.DeepEqual(rt.Headers, want) {
		t.Fatalf("headers = %+v", rt.Headers)
	}
}

func TestRouteHeadersRefused(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{`"x-a" = "one\r\nX-Injected: two"`, "control character"},
		{`"x-a" = "tab\there"`, "control character"},
		{`"bad name" = "v"`, "header name holds"},
		{`"Content-Length" = "3"`, "set by routeplay itself"},
		{`"x-a" = 3`, `{ key = "NAME" }`},
		{`"x-a" = { key = "p", other = 1 }`, `{ key = "NAME" }`},
		{`"x-api-key" = "sk-proj-abcdefghijklmnopqrstuvwx"`, "looks like a key value"},
	} {
		_, err := ParseConfig("c.toml", []byte("[[routes]]\nprovider = \"openai\"\nmodel = \"m\"\n[routes.headers]\n"+tc.line+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "headers") {
			t.Errorf("%s: err = %v, want %q", tc.line, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "abcdefghijklmnop") {
			t.Errorf("the error shows the value: %v", err)
		}
	}
}
