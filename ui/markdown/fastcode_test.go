package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/ui/cells"
)

// codeLines are lines a random code block is made of: each language's
// tokens, comments and strings that span lines, blank and indented lines,
// wide characters and lines too long for a narrow pane.
var codeLines = []string{
	"func f(a int) (string, error) {", "\treturn fmt.Sprintf(\"%d\", a), nil", "}", "",
	"/* a comment", "   that goes on */", "x := `raw", "string`", "// the end",
	"def g(x):", "    '''doc", "    string'''", "    return [i * 2 for i in x]  # twice",
	"const s = \"héllo 世界 🙂\";", "let v = {a: 1, b: [true, null]};", "{\"k\": [1, 2.5, \"v\"]}",
	"echo \"$HOME\" | grep -v x && exit 1", "fn main() { println!(\"{}\", 1); }",
	"a very long line of code that no narrow pane can hold without glamour wrapping it somewhere",
	"        deeply indented", "<div class=\"x\">&amp;</div>", "SELECT * FROM t WHERE id = 1;",
}

func randomCodeBlock(rng *rand.Rand) string {
	fence := []string{"```", "~~~", "````"}[rng.IntN(3)]
	lang := []string{"", "go", "python", "js", "json", "sh", "rust", "sql", "html", "nosuchlang", "go title=x"}[rng.IntN(11)]
	var b strings.Builder
	b.WriteString(fence + lang + "\n")
	for range 1 + rng.IntN(8) {
		b.WriteString(codeLines[rng.IntN(len(codeLines))] + "\n")
	}
	if rng.IntN(4) > 0 { // else still open, as a streaming tail is
		b.WriteString(fence + "\n")
	}
	return b.String()
}

func TestFastCodeMatchesGlamour(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	samples := make([]string, 150)
	for i := range samples {
		samples[i] = cells.ExpandTabs(Sanitize(randomCodeBlock(rng)))
	}
	for _, style := range styleNames {
		for _, width := range []int{12, 31, 80} {
			tm, err := newTerm(style, width)
			if err != nil {
				t.Fatal(err)
			}
			taken := 0
			for _, md := range samples {
				for _, first := range []bool{true, false} {
					fast, ok := tm.fastCode(md, first)
					if !ok {
						continue
					}
					taken++
					if want, ok := tm.glamourGroup(md, first); !ok || fast != want {
						t.Fatalf("%s width %d first %v, %q:\n%s", style, width, first, md, lineDiff(want, fast))
					}
				}
			}
			if width == 80 && tm.code.ok && taken < len(samples) {
				t.Errorf("%s width 80: the fast layout took %d of %d blocks", style, taken, 2*len(samples))
			}
		}
	}
}

func TestFastCodeTakesOnlyOneBlock(t *testing.T) {
	tm, err := newTerm("dark", 80)
	if err != nil {
		t.Fatal(err)
	}
	for _, md := range []string{
		"```go\nx := 1\n```\n\ntext after\n", // more than the block
		"```go\n```\n",                       // no code
		"    indented code\n",                // not fenced
		"text\n```go\nx := 1\n```\n",         // a paragraph first
	} {
		if _, ok := tm.fastCode(md, false); ok {
			t.Errorf("the fast layout took %q", md)
		}
	}
	if _, ok := tm.fastCode("```go\nx := 1\n```\n", false); !ok {
		t.Error("the fast layout refused one block")
	}
}

// FuzzFastCode: whatever a model puts in a code block, the layout either
// refuses it or gives glamour's lines.
func FuzzFastCode(f *testing.F) {
	for _, seed := range []struct{ lang, body string }{
		{"go", "func f() {}\n"}, {"", "plain\n"}, {"python", "'''a\nb'''\n"}, {"js", "/* x\n y */\n"},
		{"nosuch", "héllo 世界\n"}, {"sh", "\n\n"}, {"go", "a\tb\n"}, {"json", "{\"a\": [1, 2]}\n"},
	} {
		f.Add(seed.lang, seed.body, true)
	}
	tm, err := newTerm("dark", 40)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, lang, body string, closed bool) {
		md := "```" + strings.ReplaceAll(lang, "\n", "") + "\n" + body
		if closed {
			md += "\n```\n"
		}
		md = cells.ExpandTabs(Sanitize(md))
		fast, ok := tm.fastCode(md, false)
		if !ok {
			return
		}
		if want, ok := tm.glamourGroup(md, false); !ok || fast != want {
			t.Fatalf("%q:\n%s", md, lineDiff(want, fast))
		}
	})
}
