package ui

import (
	"strings"

	"github.com/routeplay/routeplay/ui/cells"
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
func wrapText(s string, width int) string { return cells.Wrap(expandTabs(s), width) }

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
