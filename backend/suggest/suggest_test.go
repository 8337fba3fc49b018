package suggest

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"modle", "model", 1}, {"kitten", "sitting", 3}, {"or-mni", "or-mini", 1}, {"été", "ete", 2}} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestNearest(t *testing.T) {
	routes := []string{"or-mini", "direct-mini", "claude"}
	if got, ok := Nearest("or-mni", routes); !ok || got != "or-mini" {
		t.Errorf("or-mni → %q %v", got, ok)
	}
	if got, ok := Nearest("gemini", routes); ok {
		t.Errorf("gemini is no typo of any route, got %q", got)
	}
	if got, ok := Nearest("OPENRUOTER", []string{"openai", "openrouter"}); !ok || got != "openrouter" {
		t.Errorf("OPENRUOTER → %q %v", got, ok)
	}
	if Hint("x", nil) != "" || Hint("modle", []string{"model"}) != `; did you mean "model"?` {
		t.Error("Hint")
	}
}
