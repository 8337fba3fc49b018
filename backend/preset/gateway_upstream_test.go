package preset

import (
	"strings"
	"testing"
)

func TestParseUpstream(t *testing.T) {
	for _, c := range []struct {
		in, kind, model, err string
	}{
		{in: "openai:gpt-4o-mini", kind: "openai", model: "gpt-4o-mini"},
		// Provider names fold as provider = and --route fold them; the model keeps its case.
		{in: "OpenAI:GPT-4o", kind: "openai", model: "GPT-4o"},
		{in: "ollama:llama3:8b", kind: "ollama", model: "llama3:8b"},
		// OpenRouter is a gateway in any case, never the direct side of a pair.
		{in: "OpenRouter:x", err: `openrouter is a gateway, not a direct provider`},
		{in: "OPENROUTER:openai/gpt-4o", err: `did you mean "openai:gpt-4o"?`},
		{in: "openrouter:openai/gpt-4o", err: "not a direct provider"},
		{in: "Portkey:gpt-4o-mini", err: "portkey is a gateway"},
		{in: "opnai:gpt-4o-mini", err: `"opnai" is not a direct provider; did you mean "openai"?`},
		{in: "gpt-4o-mini", err: "write PROVIDER:MODEL"},
		{in: "openai:", err: "write PROVIDER:MODEL"},
	} {
		kind, model, err := ParseUpstream(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || string(kind) != c.kind || model != c.model {
			t.Errorf("%q: %q %q %v, want %q %q", c.in, kind, model, err, c.kind, c.model)
		}
	}
	if strings.Contains(strings.Join(directKinds(), ","), "openrouter") {
		t.Errorf("direct kinds %v name a gateway", directKinds())
	}
}
