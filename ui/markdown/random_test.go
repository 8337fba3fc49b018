package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// snippets are blocks and block fragments models produce; random documents are
// made by joining them with one or two newlines, so blocks sometimes merge
// (a list continuing, a paragraph running into a table) and sometimes split.
var snippets = []string{
	"# Heading one", "## Heading two", "### Third *level*",
	"A paragraph with **bold**, _italic_ and `code`.", "Second line of text\nthat wraps onto a new source line.",
	"- bullet", "- another bullet\n  continued", "* star item", "1. first", "2. second", "10. tenth",
	"  - nested bullet", "    indented code line",
	"```go\nfunc f() int {\n\n\treturn 1\n}\n```", "~~~\nraw ```\n\ntext\n~~~", "```\nplain\n```",
	"````md\n```\ninner\n```\n````",
	"| a | b |\n|---|---|\n| 1 | 2 |", "> quoted text", "> quote line\n> second", "---",
	"Term\n: definition", "[link](https://example.com) text", "Trailing words",
	"<!--\nhidden\n\nnote\n-->", "<pre>\nkept\n\nspacing\n</pre>",
	" leading space **bold**", "   three spaces then text", " 1. spaced item", "  > spaced quote",
	"  ```\n  spaced fence\n  ```", " - spaced bullet", " : spaced definition", "  <!--\n\nspaced comment\n-->",
}

// TestRandomDocumentsMatchFullRender streams random documents and checks the
// incremental output against a one-shot render at every stable boundary, and
// the final render against a one-shot render of the whole document.
func TestRandomDocumentsMatchFullRender(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 50; n++ {
		var b strings.Builder
		for k := 0; k < 4+rng.IntN(8); k++ {
			if k > 0 {
				b.WriteString([]string{"\n", "\n\n", "\n\n", "\n\n\n"}[rng.IntN(4)])
			}
			b.WriteString(snippets[rng.IntN(len(snippets))])
		}
		doc := b.String()
		// 1,500 documents (400 with the HTML snippets) across every standard
		// style passed once; a sample keeps the race-enabled run short.
		for _, style := range []string{"notty", "dark", "pink"} {
			r := New(style, 50)
			var sc scanner
			for i := 1; i <= len(doc); i++ {
				stable := sc.advance(doc[:i]) == i
				if !stable && i%11 != 0 {
					continue
				}
				got := r.Render(doc[:i], false)
				if stable {
					if want := fullRender(t, style, 50, doc[:i]); got != want {
						t.Fatalf("%s, doc %q after %d bytes:\n%s", style, doc, i, lineDiff(want, got))
					}
				}
			}
			if got, want := r.Render(doc, true), fullRender(t, style, 50, doc); got != want {
				t.Fatalf("%s, final of %q:\n%s", style, doc, lineDiff(want, got))
			}
		}
	}
}
