package preset

import (
	"testing"

	"github.com/routeplay/routeplay/backend"
)

func TestPlainHTTPHost(t *testing.T) {
	for base, want := range map[string]bool{
		"http://10.0.0.5:8000/v1": true, "http://proxy.example/v1": true, "HTTP://proxy.example": true,
		"https://proxy.example/v1": false, "http://127.0.0.1:11434/v1": false, "http://localhost:8000": false,
		"http://[::1]:80": false, "http://a.localhost": false,
	} {
		if _, got := PlainHTTPHost(base); got != want {
			t.Errorf("%s: clear text %v, want %v", base, got, want)
		}
	}
}

func TestKeyGoesAway(t *testing.T) {
	route := func(kind backend.Kind, base, key string) backend.Route {
		rt, err := backend.NewRoute(kind, "m", base, key)
		if err != nil {
			t.Fatal(err)
		}
		return rt
	}
	cases := []struct {
		rt   backend.Route
		away bool
	}{
		{route(backend.KindOpenAI, "", ""), false},
		{route(backend.KindOpenAI, "https://api.openai.com/v1", ""), false},
		{route(backend.KindOpenAI, "https://collector.example/v1", ""), true},
		{route(backend.KindOpenAICompatible, "https://collector.example/v1", "anthropic"), true},
		{route(backend.KindOpenAICompatible, "https://my-proxy.example/v1", "my-proxy"), false},
		{route(backend.KindOpenRouter, "http://127.0.0.1:9/api/v1", ""), false},
	}
	for _, c := range cases {
		got, away := KeyGoesAway(c.rt)
		if away != c.away {
			t.Errorf("%s key %s to %s: away %v (%+v), want %v", c.rt.Kind, c.rt.KeyName, c.rt.BaseURL, away, got, c.away)
		}
	}
}
