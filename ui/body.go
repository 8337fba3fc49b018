package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/ui/markdown"
)

// answerRenderer renders one answer for a pane body. Render is incremental:
// while streaming (final=false) it may reuse work on the unchanged prefix;
// final=true renders the whole answer once.
type answerRenderer interface {
	Render(src string, final bool) string
	SetWidth(width int)
	SetStyle(style string)
}

// newAnswerRenderer builds the renderer for one answer.
var newAnswerRenderer = func(style string, width int) answerRenderer {
	return markdown.New(style, width)
}

// wrapText wraps at word boundaries, breaking words longer than the width,
// so that no line is wider than width cells. Tabs become spaces first: a
// cell grid has no tab, and pasted code would lose its indentation.
func wrapText(s string, width int) string {
	if width < 1 {
		width = 1
	}
	return ansi.Wrap(expandTabs(s), width, "")
}

// expandTabs replaces each tab with spaces to the next stop of four columns
// (counted in runes from the line's start).
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			n := 4 - col%4
			b.WriteString("    "[:n])
			col += n
			continue
		case '\n':
			col = -1
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// splitLines splits rendered text into lines, dropping one trailing newline.
func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// scroller is a vertical pager over lines already wrapped to the pane width.
// Panes use it instead of bubbles' viewport because the viewport measures
// every line's width on each SetContent (and on each View when soft
// wrapping), which makes a long answer cost O(length) per frame; here only
// the visible lines are ever measured.
type scroller struct {
	lines         []string
	offset        int
	width, height int
}

func (s *scroller) SetSize(w, h int) {
	s.width, s.height = max(0, w), max(0, h)
	s.offset = min(s.offset, s.maxOffset())
}

// SetLines replaces the content, keeping the offset where it still fits.
func (s *scroller) SetLines(lines []string) {
	s.lines = lines
	s.offset = min(s.offset, s.maxOffset())
}

func (s *scroller) maxOffset() int { return max(0, len(s.lines)-s.height) }

// AtBottom reports whether the last line is visible.
func (s *scroller) AtBottom() bool { return s.offset >= s.maxOffset() }

func (s *scroller) GotoBottom() { s.offset = s.maxOffset() }

// Below is how many lines lie under the visible ones.
func (s *scroller) Below() int { return max(0, len(s.lines)-s.offset-s.height) }
func (s *scroller) GotoTop()   { s.offset = 0 }

// Scroll moves by n lines, negative is up.
func (s *scroller) Scroll(n int) {
	s.offset = max(0, min(s.offset+n, s.maxOffset()))
}

// Page moves by one screen less a line of context.
func (s *scroller) Page(down bool) {
	step := max(1, s.height-1)
	if !down {
		step = -step
	}
	s.Scroll(step)
}

// View returns exactly height lines, each exactly width cells wide.
func (s scroller) View() []string {
	out := make([]string, s.height)
	for i := range out {
		line := ""
		if j := s.offset + i; j < len(s.lines) {
			line = s.lines[j]
		}
		out[i] = padTo(line, s.width)
	}
	return out
}

// padTo cuts or pads a styled line to exactly width cells.
func padTo(line string, width int) string {
	w := ansi.StringWidth(line)
	if w > width {
		line = ansi.Truncate(line, width, "")
		w = ansi.StringWidth(line)
	}
	if w < width {
		line += strings.Repeat(" ", width-w)
	}
	return line
}
