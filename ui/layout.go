package ui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/routeplay/routeplay/ui/cells"
	"github.com/routeplay/routeplay/ui/pane"
	"github.com/routeplay/routeplay/ui/scroll"
)

// rect is a pane's place on screen, in cells.
type rect struct{ x, y, w, h int }

func (r rect) contains(x, y int) bool {
	return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h
}

// Layout limits. A pane narrower than minPaneWidth moves to another row.
const (
	minPaneWidth  = 34
	minPaneHeight = pane.ChromeHeight + 2
	minScreenW    = 24
	minScreenH    = 12
)

// gridRects places n panes in an area w×h: side by side while they fit,
// else a grid whose rows are balanced (4 panes make 2×2, 5 make 3+2). A
// short last row shares the full width.
func gridRects(n, w, h int) []rect {
	if n == 0 || w < 1 || h < 1 {
		return nil
	}
	cols, rows := gridShape(n, w, h)
	rects := make([]rect, 0, n)
	rowH := h / rows
	for r := 0; r < rows; r++ {
		inRow := min(cols, n-r*cols)
		y, ph := r*rowH, rowH
		if r == rows-1 {
			ph = h - y // the last row takes the remainder
		}
		colW := w / inRow
		for c := 0; c < inRow; c++ {
			x, pw := c*colW, colW
			if c == inRow-1 {
				pw = w - x
			}
			rects = append(rects, rect{x: x, y: y, w: pw, h: ph})
		}
	}
	return rects
}

func gridShape(n, w, h int) (cols, rows int) {
	maxCols := max(1, w/minPaneWidth)
	rows = (n + maxCols - 1) / maxCols
	// Too many rows for the height: squeeze more panes into each row.
	for rows > 1 && h/rows < minPaneHeight {
		maxCols++
		rows = (n + maxCols - 1) / maxCols
	}
	cols = (n + rows - 1) / rows
	return cols, rows
}

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
	nameW := min(maxListName, m.nameWidth())
	for i := first; i < min(len(m.panes), first+m.listRows); i++ {
		lines = append(lines, m.listLine(i, spin, nameW))
	}
	if r := m.rects[m.focus]; r.h > 0 {
		lines = append(lines, m.panes[m.focus].View(true, spin, m.now))
	}
	return strings.Join(lines, "\n")
}

// listLine is one route in the compact list: its number (alt+N), name,
// state and what explains it (the error, or the time it took). nameW is
// the name column's width.
func (m Model) listLine(i int, spin string, nameW int) string {
	s, p := m.styles, &m.panes[i]
	marker, name := "  ", cells.Pad(p.Name(), nameW)
	if i == m.focus {
		marker, name = s.Prompt.Render("›")+" ", s.Title.Render(name)
	} else {
		name = s.Model.Render(name)
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
