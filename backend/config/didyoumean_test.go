package config

import (
	"strings"
	"testing"
)

func TestUnknownFieldSuggestsTheNearest(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"[[routes]]\nname = \"a\"\nprovider = \"openai\"\nmodle = \"gpt-4o\"\n", `unknown field "routes.modle"; did you mean "model"?`},
		{"[[routes]]\nname = \"a\"\nprovider = \"openai\"\nmodel = \"gpt-4o\"\n[routes.params]\ntemprature = 0.2\n", `did you mean "temperature"?`},
		{"[defaults]\ntiemout = \"30s\"\n", `did you mean "timeout"?`},
		{"[defaults]\nbanana = 1\n", `unknown field "defaults.banana"`},
	} {
		_, err := ParseConfig("config.toml", []byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error = %v; want %q", err, c.want)
		}
		if strings.Contains(c.want, "banana") && strings.Contains(err.Error(), "did you mean") {
			t.Errorf("a hint for a word near nothing: %v", err)
		}
	}
}

func TestMistypedRouteSuggestsTheNearest(t *testing.T) {
	cfg, err := ParseConfig("config.toml", []byte("[[routes]]\nname = \"or-mini\"\nprovider = \"openrouter\"\nmodel = \"openai/gpt-4o-mini\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = ResolveRoutes(cfg, []string{"or-mni"})
	if err == nil || err.Error() != `no route "or-mni" in the config; did you mean "or-mini"?` {
		t.Errorf("error = %v", err)
	}
	_, err = ResolveRoutes(cfg, []string{"openruoter:openai/gpt-4o-mini"})
	if err == nil || !strings.Contains(err.Error(), `unknown provider "openruoter"; did you mean "openrouter"?`) {
		t.Errorf("error = %v", err)
	}
}
