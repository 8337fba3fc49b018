package markdown

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/ui/cells"
)

// goCode is an answer whose code block is indented with tabs, as Go is.
const goCode = "Here:\n\n```go\nfunc f() int {\n\tif true {\n\t\treturn 1\n\t}\n\treturn 0\n}\n```\n"

// leadingSpaces is the number of spaces a rendered line starts with.
func leadingSpaces(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

func TestTabIndentationSurvivesRendering(t *testing.T) {
	for _, width := range []int{60, 30} {
		for _, final := range []bool{false, true} {
			out := ansi.Strip(New("dark", width).Render(goCode, final))
			if strings.Contains(out, "\t") {
				t.Fatalf("width %d final=%v: a tab reaches the screen, where a cell grid drops it:\n%q", width, final, out)
			}
			at := map[string]int{}
			for _, line := range strings.Split(out, "\n") {
				for _, code := range []string{"func f", "if true", "return 1", "return 0"} {
					if strings.HasPrefix(strings.TrimLeft(line, " "), code) {
						at[code] = leadingSpaces(line)
					}
				}
			}
			fn := at["func f"]
			if at["if true"] != fn+4 || at["return 1"] != fn+8 || at["return 0"] != fn+4 {
				t.Fatalf("width %d final=%v: indentation %v:\n%s", width, final, at, out)
			}
		}
	}
}

func TestTabsAlignToStopsAcrossChunks(t *testing.T) {
	var c cleaner
	c.absorb("ab", false)
	c.absorb("abab\tc\n\tx", false) // absorb is given the whole text so far
	if got, _ := cells.Detab(c.String(), 0); got != "abab    c\n    x" {
		t.Fatalf("cleaned %q", got)
	}
}

// A paragraph with tabs is laid out without glamour: its tabs must be
// expanded there too, streaming and final, in the Renderer and the Doc.
func TestTabsInParagraphsNeverReachTheScreen(t *testing.T) {
	const text = "Columns a\tb\tc and **bold**\ttoo.\n\nNext\tparagraph.\n\n- a list\n\nLast\tone"
	for _, style := range []string{"dark", "light", "notty"} {
		for _, final := range []bool{false, true} {
			if out := New(style, 60).Render(text, final); strings.Contains(out, "\t") {
				t.Fatalf("%s final=%v: a tab in the Renderer's lines: %q", style, final, out)
			}
			d := NewDoc(style, 60)
			d.Update(text, final)
			if out := docLines(d, 0, d.Len()); strings.Contains(out, "\t") {
				t.Fatalf("%s final=%v: a tab in the Doc's lines: %q", style, final, out)
			}
		}
	}
}
