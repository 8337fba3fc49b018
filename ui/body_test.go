package ui

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/ui/markdown"
)

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
	m, clock := streamingModel(t, 1, 100, 30)
	next := 0
	for next < 6000 {
		m = frameOfTokens(m, clock, &next, 165)
		m = update(m, frameMsg{}, frameMsg{}, frameMsg{})
	}
	p := &m.panes[0]
	text := p.last().res.Text.String()
	want := wholeAnswer(p, text, false)
	got := p.body.Visible()
	if tail := want[len(want)-len(got):]; strings.Join(got, "\n") != strings.Join(tail, "\n") {
		t.Fatalf("streaming end differs:\n got %q\nwant %q", got, tail)
	}
	m = update(m, streamMsg{Route: "route-1", Gen: 1, Events: []backend.Event{done(next)}, Closed: true}, frameMsg{})
	p = &m.panes[0]
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
	m, clock := streamingModel(t, 1, 120, 40)
	next := 0
	for frame := 0; next < 4000; frame++ {
		m = frameOfTokens(m, clock, &next, 165)
		if shown := strings.Join(m.panes[0].body.Visible(), "\n"); strings.Contains(shown, "**bold**") {
			t.Fatalf("frame %d shows Markdown source:\n%s", frame, shown)
		}
	}
}
