package ui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/routeplay/routeplay/ui/cells"
	"github.com/routeplay/routeplay/ui/scroll"
)

// maxListName caps the route name column of the compact list.
const maxListName = 18

// gridTooSmall says the grid would cut n panes into slivers narrower or
// shorter than a pane can show its state in.
func gridTooSmall(n, w, h int) bool {
	if n < 2 {
		return false
	}
	cols, rows := gridShape(n, w, h)
	return w/cols < minPaneWidth || h/rows < minPaneHeight
}

// compactRects lays out the compact view: one list row per route on top
// (scrolled around the focus when they do not all fit), and the focused
// pane below when there is room for one; the other panes are hidden.
func (m *Model) compactRects(w, h int) {
	n := len(m.panes)
	m.listRows = min(n, h)
	if h-n < minPaneHeight {
		m.listRows = min(n, max(1, h-minPaneHeight))
		if h-m.listRows < minPaneHeight {
			m.listRows = min(n, h) // no room for a pane: the list alone; ctrl+o reads one
		}
	}
	m.rects = make([]rect, n)
	if ph := h - m.listRows; ph >= minPaneHeight {
		m.rects[m.focus] = rect{y: m.listRows, w: w, h: ph}
	}
}

// compactView is the route list and, below it, the focused pane.
func (m Model) compactView(spin string) string {
	first := scroll.Follow(0, m.focus, m.listRows, len(m.panes))
	lines := make([]string, 0, m.height)
	for i := first; i < min(len(m.panes), first+m.listRows); i++ {
		lines = append(lines, m.listLine(i, spin))
	}
	if r := m.rects[m.focus]; r.h > 0 {
		lines = append(lines, m.panes[m.focus].View(true, spin, m.now))
	}
	return strings.Join(lines, "\n")
}

// listLine is one route in the compact list: its number (alt+N), name,
// state and what explains it (the error, or the time it took).
func (m Model) listLine(i int, spin string) string {
	s, p := m.styles, &m.panes[i]
	marker := "  "
	name := s.Model.Render(cells.Pad(cells.Fit(p.Name(), maxListName), min(maxListName, m.nameWidth())))
	if i == m.focus {
		marker = s.Prompt.Render("›") + " "
		name = s.Title.Render(cells.Pad(cells.Fit(p.Name(), maxListName), min(maxListName, m.nameWidth())))
	}
	line := marker + strconv.Itoa(i+1) + " " + name + " " + p.StateLabel(spin)
	if d := p.StateDetail(); d != "" {
		line += s.Hint.Render(" · " + d)
	}
	return cells.Fit(line, m.width)
}

func (m Model) nameWidth() int {
	w := 0
	for i := range m.panes {
		w = max(w, lipgloss.Width(m.panes[i].Name()))
	}
	return w
}
