package pane

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui/markdown"
)

// tokenText returns the i-th token of a long synthetic answer: bold words,
// a paragraph break every 60 tokens and a fenced code block every 400.
func tokenText(i int) string {
	switch {
	case i%400 == 399:
		return "\n\n```go\nfor i := range n {\n\tsum += i\n}\n```\n\n"
	case i%60 == 59:
		return "end.\n\n"
	case i%13 == 0:
		return " **bold**"
	}
	return " tok"
}

// streamingPane is a pane of w×h running generation 1.
func streamingPane(w, h int) *Pane {
	p := New(backend.Route{Name: "route-1", Kind: backend.KindOpenAI, Model: "gpt-4o-mini"},
		themes.New(themes.Charm(true)), "")
	p.SetSize(w, h)
	p.Begin(1, func() {}, "bench", "", t0)
	return &p
}

// frameOfTokens applies n more tokens from *next as one burst, then lets
// frames frame ticks pass from *frame.
func frameOfTokens(p *Pane, next, frame *int, n, frames int) {
	events := make([]backend.Event, n)
	for j := range events {
		events[j] = text(*next+j, tokenText(*next+j))
	}
	*next += n
	p.Apply(1, events, false)
	for range frames {
		*frame++
		p.Refresh(*frame)
	}
}

// wholeAnswer is what the pane showed for an answer before answers were
// rendered lazily: every line of the one-shot render.
func wholeAnswer(p *Pane, text string, final bool) []string {
	out := markdown.New(p.styles.Palette.Markdown, p.bodyWidth()).Render(text, final)
	return strings.Split(strings.TrimRight(out, "\n"), "\n")
}

// A long answer shows the same lines as a whole render would, at its end
// while it streams and wherever the reader scrolls once it is done, and the
// pane keeps rendered only the blocks near its window.
func TestLongAnswerShowsWhatAWholeRenderShows(t *testing.T) {
	p := streamingPane(100, 26)
	next, frame := 0, 0
	for next < 6000 {
		frameOfTokens(p, &next, &frame, 165, 4)
	}
	text := p.Last().res.Text.String()
	want := wholeAnswer(p, text, false)
	got := p.body.Visible()
	if tail := want[len(want)-len(got):]; strings.Join(got, "\n") != strings.Join(tail, "\n") {
		t.Fatalf("streaming end differs:\n got %q\nwant %q", got, tail)
	}
	p.Apply(1, []backend.Event{done(next)}, true)
	p.Refresh(frame + 1)
	want = wholeAnswer(p, text, true)
	head := len(p.content.parts[0].lines)
	for range 200 {
		p.Page(false)
		got := p.body.Visible()
		from := p.body.Offset() - head
		if from < 0 {
			break
		}
		if strings.Join(got, "\n") != strings.Join(want[from:from+len(got)], "\n") {
			t.Fatalf("at line %d of %d:\n got %q\nwant %q", from, len(want), got, want[from:from+len(got)])
		}
	}
	if p.body.Offset() != 0 {
		t.Fatalf("paging up stopped at %d", p.body.Offset())
	}
	if n := p.content.Len(); n != len(want)+head {
		t.Fatalf("%d lines once all seen, want %d", n, len(want)+head)
	}
}

// Paragraphs that open with a token's leading space are stable blocks like
// any other: a long streaming answer of them shows rendered Markdown on
// every frame, never its source past the tail's size limit.
func TestStreamingParagraphsAfterASpaceShowRendered(t *testing.T) {
	p := streamingPane(120, 36)
	next, frame := 0, 0
	for next < 4000 {
		frameOfTokens(p, &next, &frame, 165, 1)
		if shown := strings.Join(p.body.Visible(), "\n"); strings.Contains(shown, "**bold**") {
			t.Fatalf("frame %d shows Markdown source:\n%s", frame, shown)
		}
	}
}

// A resize while an answer streams is drawn on the next frame, not held
// back with the text until the answer's next paced render.
func TestResizeWhileStreamingShowsAtOnce(t *testing.T) {
	p := streamingPane(120, 30)
	next, frame := 0, 0
	frameOfTokens(p, &next, &frame, 400, 1)
	p.SetSize(60, 30)
	frame++
	p.Refresh(frame)
	want := p.bodyWidth()
	for _, l := range p.body.Visible() {
		if w := ansi.StringWidth(l); w > want {
			t.Fatalf("a line %d cells wide after the resize to %d: %q", w, want, ansi.Strip(l))
		}
	}
}
