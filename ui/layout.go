package ui

import "github.com/routeplay/routeplay/ui/pane"

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
