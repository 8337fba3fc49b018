// Package scroll is the ui's one vertical scroller: a window of rows over
// lines already cut to width, moved by the caller, its keys or the wheel.
// The panes, the compare view, the history screen and the route settings'
// request body all scroll with it, and the lists with a cursor keep the
// cursor's row in view with it.
//
// It is not bubbles' viewport: the viewport measures every line's width on
// each SetContentLines (and on each View when soft wrapping), which makes a
// streamed answer cost O(length) per frame; here only the visible lines
// are ever measured.
package scroll

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// WheelLines is how far one notch of the mouse wheel scrolls.
const WheelLines = 3

// KeyMap holds the keys that scroll. Screens embed it in their own key
// map, so each keeps its own keys and help text.
type KeyMap struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Top, Bottom      key.Binding
}

// Source gives lines on demand, so that a long content need not exist as
// one slice (a pane renders an answer's lines only when they come into view).
// Lines appends lines [from, to) to out and must not change the source.
type Source interface {
	Len() int
	Lines(out []string, from, to int) []string
}

// Model is a window of Height rows over the lines.
type Model struct {
	lines         []string
	src           Source // when set, the lines come from it
	offset        int    // first line shown
	width, height int
}

// SetSize sets the window's size in cells, keeping the offset where it
// still fits.
func (s *Model) SetSize(w, h int) {
	s.width, s.height = max(0, w), max(0, h)
	s.clamp()
}

// SetLines replaces the content, keeping the offset where it still fits.
func (s *Model) SetLines(lines []string) {
	s.lines, s.src = lines, nil
	s.clamp()
}

// SetSource takes the content from src, keeping the offset where it still
// fits. Call it again when src's length changed.
func (s *Model) SetSource(src Source) {
	s.lines, s.src = nil, src
	s.clamp()
}

// Fit keeps the offset inside the content after a source's length changed.
func (s *Model) Fit() { s.clamp() }

func (s Model) n() int {
	if s.src != nil {
		return s.src.Len()
	}
	return len(s.lines)
}

// window is the lines from offset to offset+height, fewer at the end.
func (s Model) window() []string {
	end := min(s.n(), s.offset+s.height)
	from := min(s.offset, end)
	if s.src != nil {
		return s.src.Lines(make([]string, 0, end-from), from, end)
	}
	return s.lines[from:end]
}

// Height is the number of rows shown.
func (s Model) Height() int { return s.height }

// Len is the number of lines.
func (s Model) Len() int { return s.n() }

// Offset is the first line shown.
func (s Model) Offset() int { return s.offset }

func (s Model) maxOffset() int { return max(0, s.n()-s.height) }

func (s *Model) clamp() { s.offset = max(0, min(s.offset, s.maxOffset())) }

// AtBottom reports whether the last line is visible.
func (s Model) AtBottom() bool { return s.offset >= s.maxOffset() }

// Below is how many lines lie under the visible ones.
func (s Model) Below() int { return max(0, s.n()-s.offset-s.height) }

// GotoTop shows the first line.
func (s *Model) GotoTop() { s.offset = 0 }

// GotoBottom shows the last line.
func (s *Model) GotoBottom() { s.offset = s.maxOffset() }

// Scroll moves by n lines, negative is up.
func (s *Model) Scroll(n int) {
	s.offset += n
	s.clamp()
}

// Page moves by one window less a line of context.
func (s *Model) Page(down bool) {
	step := max(1, s.height-1)
	if !down {
		step = -step
	}
	s.Scroll(step)
}

// Follow is the offset of a window of rows over n lines that keeps line
// row in view, moving it from offset as little as needed. Lists that draw
// their rows on demand keep their cursor in view with it.
func Follow(offset, row, rows, n int) int {
	if row < offset {
		offset = row
	}
	if row >= offset+rows {
		offset = row - rows + 1
	}
	return max(0, min(offset, n-rows))
}

// Key scrolls on one of the keys of k and reports whether msg was one.
func (s *Model) Key(msg tea.KeyPressMsg, k KeyMap) bool {
	switch {
	case key.Matches(msg, k.Up):
		s.Scroll(-1)
	case key.Matches(msg, k.Down):
		s.Scroll(+1)
	case key.Matches(msg, k.PageUp):
		s.Page(false)
	case key.Matches(msg, k.PageDown):
		s.Page(true)
	case key.Matches(msg, k.Top):
		s.GotoTop()
	case key.Matches(msg, k.Bottom):
		s.GotoBottom()
	default:
		return false
	}
	return true
}

// Wheel scrolls on a wheel notch and reports whether b was one.
func (s *Model) Wheel(b tea.MouseButton) bool {
	switch b {
	case tea.MouseWheelUp:
		s.Scroll(-WheelLines)
	case tea.MouseWheelDown:
		s.Scroll(+WheelLines)
	default:
		return false
	}
	return true
}

// Visible is the lines in the window, as they were given; fewer than
// Height when the content is short.
func (s Model) Visible() []string { return s.window() }

// View returns exactly Height lines, each exactly the width in cells.
func (s Model) View() []string {
	out := make([]string, s.height)
	shown := s.window()
	for i := range out {
		line := ""
		if i < len(shown) {
			line = shown[i]
		}
		out[i] = Pad(line, s.width)
	}
	return out
}

// Pad cuts or pads a styled line to exactly width cells.
func Pad(line string, width int) string {
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
