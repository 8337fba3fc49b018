package markdown

import (
	"strings"
	"testing"

	gstyles "charm.land/glamour/v2/styles"
)

// docs are answers shaped like model output; each covers a block kind whose
// rendering depends on its neighbours.
var docs = map[string]string{
	"headings":       "# Title\n\nIntro paragraph with **bold** and `code`.\n\n## Section\n\nText under the section\nthat spans two source lines.\n\n### Deeper\n\nLast words.\n",
	"lists":          "Steps:\n\n- first\n- second\n  continued\n- third\n\n1. one\n2. two\n\n   nested paragraph in two\n\n3. three\n\nAfter the lists.\n\n* loose a\n\n* loose b\n\nEnd.\n",
	"ordered-start":  "Intro.\n\n3. three\n4. four\n\nOutro.\n",
	"nested":         "- top\n  - inner\n    - deepest\n\n    indented para\n\n- back\n\nDone.\n",
	"fences":         "Code:\n\n```go\nfunc main() {\n\n\tfmt.Println(\"hi\")\n\n}\n```\n\nThen tildes:\n\n~~~\na\n\n```\nnot a close\n```\n\nb\n~~~\n\nAnd a long fence:\n\n````md\n```\ninner\n```\n\nstill inside\n````\n\nAfter.\n",
	"indented-fence": "- item with code:\n\n  ```sh\n  echo one\n\n  echo two\n  ```\n\n- next item\n\nText.\n",
	"tables":         "| Route | TTFT | tok/s |\n|---|---:|---:|\n| openrouter | 120 ms | 85 |\n| direct | 95 ms | 92 |\n\nBelow the table.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
	"mixed":          "> A quote\n> over two lines\n\n---\n\nA [link](https://example.com) and *emphasis*.\n\n    indented code\n\n    more indented code\n\nPlain end.",
}

var styleNames = []string{"dark", "light", "notty", "ascii", "dracula", "tokyo-night", "pink"}

type styleWidth struct {
	style string
	width int
}

// references caches one renderer per style and width for fullRender.
var references = map[styleWidth]*term{}

// fullRender is the reference: one glamour render of the whole text, in the
// normal form every output takes (see stripPadding and canonLine).
func fullRender(t *testing.T, style string, width int, md string) string {
	t.Helper()
	key := styleWidth{style, width}
	tm := references[key]
	if tm == nil {
		var err error
		if tm, err = newTerm(style, width); err != nil {
			t.Fatal(err)
		}
		references[key] = tm
	}
	// The renderer hands glamour the sanitised text (tabs expanded); so does the reference.
	out, ok := tm.document(Sanitize(md))
	if !ok {
		t.Fatal("glamour failed")
	}
	return trimTrailingBlank(trimLeadingBlank(out))
}

// TestStreamingMatchesFullRender streams every document (a render every few
// bytes, as frames would, and at every stable boundary) and checks that
// whenever the text so far ends at a stable boundary, the incremental output
// equals a one-shot glamour render of that text; the complete document must
// match too, streaming and final.
func TestStreamingMatchesFullRender(t *testing.T) {
	for _, style := range styleNames {
		for name, doc := range docs {
			widths := []int{40}
			if style == "dark" || style == "notty" {
				widths = append(widths, 72)
			}
			for _, width := range widths {
				t.Run(style+"/"+name, func(t *testing.T) {
					r := New(style, width)
					var sc scanner
					for i := 1; i <= len(doc); i++ {
						stable := sc.advance(doc[:i]) == i
						if !stable && i%9 != 0 && i != len(doc) {
							continue
						}
						got := r.Render(doc[:i], false)
						if stable || i == len(doc) {
							want := fullRender(t, style, width, doc[:i])
							if got != want {
								t.Fatalf("width %d, after %d bytes:\n%s", width, i, lineDiff(want, got))
							}
						}
					}
					if got, want := r.Render(doc, true), fullRender(t, style, width, doc); got != want {
						t.Fatalf("width %d, final:\n%s", width, lineDiff(want, got))
					}
				})
			}
		}
	}
}

func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "first difference on line " + itoa(i) + "\nwant " + quote(w) + "\ngot  " + quote(g) +
				"\n--- want (stripped)\n" + stripAll(want) + "\n--- got (stripped)\n" + stripAll(got)
		}
	}
	return "equal"
}

func TestStandardStylesAreIncremental(t *testing.T) {
	for name := range gstyles.DefaultStyles {
		for _, width := range []int{10, 40, 200} {
			tm, err := newTerm(name, width)
			if err != nil {
				t.Fatal(err)
			}
			if !tm.incremental {
				t.Errorf("style %q width %d: document frame not recognised", name, width)
			}
		}
	}
}
