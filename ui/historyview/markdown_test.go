package historyview

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend/history"
)

// An answer in the history reads as it did in its pane: Markdown rendered,
// not its raw marks.
func TestSessionAnswersAreRenderedAsMarkdown(t *testing.T) {
	m := New(Options{}, charm())
	answer := "Use **tram 28**:\n\n- Baixa\n- Alfama\n\n```go\nfunc main() {\n\treturn\n}\n```\n"
	run := history.Run{Report: report("or-gpt", "openai/gpt-4o-mini", answer, 412, 1830, 89, 140)}
	out := ansi.Strip(strings.Join(m.runLines(run, 80), "\n"))
	for _, raw := range []string{"**", "```", "- Baixa"} {
		if strings.Contains(out, raw) {
			t.Errorf("raw Markdown %q shown:\n%s", raw, out)
		}
	}
	for _, want := range []string{"Use tram 28:", "• Baixa", "func main() {", "    return"} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered answer lacks %q:\n%s", want, out)
		}
	}
}
