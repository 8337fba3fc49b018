package markdown

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWidthAndStyleChanges(t *testing.T) {
	doc := docs["headings"] + "\n" + docs["lists"]
	r := New("dark", 40)
	r.Render(doc[:len(doc)/2], false)
	r.SetWidth(60)
	if got, want := r.Render(doc, false), fullRender(t, "dark", 60, doc); got != want {
		t.Fatalf("after SetWidth:\n%s", lineDiff(want, got))
	}
	r.SetStyle("light")
	if got, want := r.Render(doc, false), fullRender(t, "light", 60, doc); got != want {
		t.Fatalf("after SetStyle:\n%s", lineDiff(want, got))
	}
	for _, line := range strings.Split(ansi.Strip(r.Render(doc, true)), "\n") {
		if w := ansi.StringWidth(line); w > 60 {
			t.Fatalf("line wider than 60 cells (%d): %q", w, line)
		}
	}
}

func TestResetStartsNewDocument(t *testing.T) {
	r := New("notty", 40)
	r.Render("# First answer\n\nbody\n", true)
	r.Reset()
	got := r.Render("# Second\n\ntext", false)
	if strings.Contains(got, "First") {
		t.Fatalf("old document leaked after Reset: %q", got)
	}
	if want := fullRender(t, "notty", 40, "# Second\n\ntext"); got != want {
		t.Fatalf("after Reset:\n%s", lineDiff(want, got))
	}
}

func TestNonGrowingSourceRendersFromScratch(t *testing.T) {
	r := New("ascii", 40)
	r.Render("# Alpha\n\nfirst paragraph\n\nsecond", false)
	for _, src := range []string{
		"# Beta\n\nother text\n\nmore", // same length class, different prefix
		"# Be",                         // shorter
		"",                             // empty
	} {
		if got, want := r.Render(src, false), fullRender(t, "ascii", 40, src); got != want {
			t.Fatalf("src %q:\n%s", src, lineDiff(want, got))
		}
	}
}

func TestControlBytesNeverReachOutput(t *testing.T) {
	src := "# T\x1b[31mitle\x07\n\nbell\x00 and \x1b]8;;http://x\x1b\\link\x9b2J and C1 \u009b and del\x7f\r\n\nok\xff\xfe\n"
	for _, final := range []bool{false, true} {
		r := New("notty", 60)
		got := r.Render(src, final)
		for _, c := range got {
			if c != '\n' && (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
				t.Fatalf("final=%v: control %U in %q", final, c, got)
			}
		}
		if !strings.Contains(got, "T[31mitle") || !strings.Contains(got, "bell and ]8;;http://x\\link2J and C1  and del") {
			t.Fatalf("final=%v: text lost: %q", final, got)
		}
	}
	if got := Sanitize("a\x1b[0mb\tc\u0085d\ufffde"); got != "a[0mb   cd\ufffde" {
		t.Fatalf("Sanitize = %q", got)
	}
}

func TestRuneSplitAcrossCalls(t *testing.T) {
	src := "naïve café ☕ done"
	r := New("notty", 40)
	for i := 1; i <= len(src); i++ {
		r.Render(src[:i], false)
	}
	if got := r.Render(src, true); !strings.Contains(got, src) {
		t.Fatalf("multi-byte runes mangled: %q", got)
	}
}

func TestFinalIsFullRenderAndCached(t *testing.T) {
	doc := docs["mixed"] + "\n\n" + docs["tables"]
	r := New("dark", 50)
	for i := 0; i <= len(doc); i += 7 {
		r.Render(doc[:i], false)
	}
	first := r.Render(doc, true)
	if want := fullRender(t, "dark", 50, doc); first != want {
		t.Fatalf("final:\n%s", lineDiff(want, first))
	}
	if again := r.Render(doc, true); unsafeSame(first, again) == false {
		t.Fatal("repeated final call rendered again instead of using the cache")
	}
	allocs := testing.AllocsPerRun(10, func() { r.Render(doc, true) })
	if allocs > 0 {
		t.Fatalf("repeated final call allocates %.0f times", allocs)
	}
}

func TestOversizedTailIsPlainUntilStable(t *testing.T) {
	code := "```go\n" + strings.Repeat("x := compute(1, 2, 3) // a fairly long line\n", 200)
	r := New("dark", 60)
	streaming := r.Render("Intro.\n\n"+code, false)
	if strings.Contains(streaming, "\x1b[38;5;") && strings.Contains(ansi.Strip(streaming), "Intro.") {
		// The stable intro is styled; the open code block must be plain text.
		last := streaming[strings.LastIndexByte(streaming, '\n')+1:]
		if strings.IndexByte(last, '\x1b') >= 0 {
			t.Fatalf("oversized open tail was styled: %q", last)
		}
	} else {
		t.Fatalf("unexpected streaming output: %q", streaming[:min(200, len(streaming))])
	}
	done := "Intro.\n\n" + code + "```\n\nAfter.\n"
	if got, want := r.Render(done, false), fullRender(t, "dark", 60, done); got != want {
		t.Fatalf("once stable:\n%s", lineDiff(want, got))
	}
}

func TestNarrowPaneIsPlainWrapped(t *testing.T) {
	r := New("dark", 8)
	got := r.Render("# Heading\n\nsome words that wrap", false)
	if strings.IndexByte(got, '\x1b') >= 0 {
		t.Fatalf("narrow pane got styles: %q", got)
	}
	for _, line := range strings.Split(got, "\n") {
		if ansi.StringWidth(line) > 8 {
			t.Fatalf("line %q wider than 8 cells", line)
		}
	}
	if got != r.Render("# Heading\n\nsome words that wrap", true) {
		t.Fatal("final render of a narrow pane differs from streaming")
	}
}

func TestUnknownStyleFallsBackToPlain(t *testing.T) {
	r := New("no-such-style", 40)
	if got := r.Render("**bold** text", true); got != "**bold** text" {
		t.Fatalf("got %q", got)
	}
}

func TestGiantSingleLineStaysBounded(t *testing.T) {
	line := strings.Repeat("word ", 20000) // 100 kB without a newline
	r := New("notty", 40)
	var out string
	for i := 0; i <= len(line); i += 660 {
		out = r.Render(line[:i], false)
	}
	out = r.Render(line, false)
	if n := strings.Count(ansi.Strip(out), "word"); n != 20000 {
		t.Fatalf("plain tail shows %d words, want 20000", n)
	}
	for _, l := range strings.Split(out, "\n") {
		if ansi.StringWidth(l) > 40 {
			t.Fatalf("line wider than 40: %q", l)
		}
	}
}

func TestReferenceLinksGetAWholeDocumentFinalRender(t *testing.T) {
	doc := "See [the docs][d] first.\n\nMore text.\n\n[d]: https://example.com/docs\n"
	r := New("dark", 60)
	for i := 1; i <= len(doc); i++ {
		r.Render(doc[:i], false)
	}
	if got, want := r.Render(doc, true), fullRender(t, "dark", 60, doc); got != want {
		t.Fatalf("final with a reference definition:\n%s", lineDiff(want, got))
	}
}

func TestOversizedTailFinalMatchesFullRender(t *testing.T) {
	var b strings.Builder
	b.WriteString("Intro.\n\n| route | ms |\n|---|---:|\n")
	for i := 0; b.Len() < 3*tailLimit; i++ {
		b.WriteString("| openrouter/auto | 412 |\n")
	}
	doc := b.String()
	r := New("notty", 60)
	for i := 0; i <= len(doc); i += 100 {
		r.Render(doc[:i], false)
	}
	if got := r.Render(doc, false); strings.Contains(got, "─") || !strings.Contains(got, "| openrouter/auto | 412 |") {
		t.Fatalf("open oversized table should be plain while streaming: %q", got[len(got)-200:])
	}
	if got, want := r.Render(doc, true), fullRender(t, "notty", 60, doc); got != want {
		t.Fatalf("final:\n%s", lineDiff(want, got))
	}
}

func TestCodeColoursFollowTheStyle(t *testing.T) {
	code := "```go\nreturn x\n```"
	// Glamour keeps the code colours of the first style that renders code; the
	// renderer re-registers them when the style changes. Dark's plain code text
	// is #C4C4C4 (colour 251), light's #2A2A2A (colour 235).
	light := New("light", 40).Render(code, true)
	dark := New("dark", 40).Render(code, true)
	lightAgain := New("light", 40).Render(code, true)
	if !strings.Contains(dark, "38;5;251m") || strings.Contains(dark, "38;5;235m") {
		t.Fatalf("dark code after light uses the wrong colours: %q", dark)
	}
	if lightAgain != light || strings.Contains(light, "38;5;251m") {
		t.Fatalf("light code colours changed after dark: %q vs %q", light, lightAgain)
	}
}
