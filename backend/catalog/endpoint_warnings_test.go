package catalog

import (
	"reflect"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

func TestEndpointWarnings(t *testing.T) {
	temp := 0.2
	eps := []Endpoint{
		{Provider: "Alpha", Tag: "alpha/fp8", SupportedParameters: []string{"temperature", "max_tokens"}},
		{Provider: "Beta", Tag: "beta", SupportedParameters: []string{"max_tokens"}},
	}
	rt := backend.Route{Name: "or", Kind: backend.KindOpenRouter, Model: "acme/m", Params: backend.Params{Temperature: &temp}}
	cases := []struct {
		name string
		prov map[string]any
		want []string
	}{
		{"unpinned, some do not list it", nil, []string{"temperature not listed by Beta (provider.require_parameters = true avoids them)"}},
		{"unpinned, parameters required", map[string]any{"require_parameters": true}, nil},
		{"pinned to one that lists it", map[string]any{"only": []any{"alpha"}}, nil},
		{"pinned to one that does not", map[string]any{"only": []string{"Beta"}}, []string{"Beta does not list temperature"}},
	}
	for _, c := range cases {
		r := rt
		r.OpenRouter = &backend.OpenRouterOptions{Provider: c.prov}
		if got := EndpointWarnings(r, eps); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	none := []Endpoint{{Provider: "Beta", SupportedParameters: []string{"max_tokens"}}}
	if got := EndpointWarnings(rt, none); !reflect.DeepEqual(got, []string{"no provider of acme/m lists temperature"}) {
		t.Errorf("no endpoint lists it: %q", got)
	}
	direct := rt
	direct.Kind = backend.KindOpenAI
	if got := EndpointWarnings(direct, eps); got != nil {
		t.Errorf("a direct route: %q", got)
	}
}
