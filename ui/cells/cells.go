// Package cells fits text into terminal cells: cut with an ellipsis, pad
// to a column, wrap at words. Every screen uses it, so a line cut in the
// pane reads like one cut in the compare view or the history screen.
package cells

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Ellipsis ends a line that was cut to fit.
const Ellipsis = "…"

// Fit cuts a line (styled or plain) to at most w cells, ending it with an
// ellipsis when something was cut. A line that fits is returned unchanged.
func Fit(s string, w int) string {
	if w < 1 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, Ellipsis)
}

// Pad cuts or pads a line to exactly w cells, text on the left.
func Pad(s string, w int) string {
	s = Fit(s, w)
	if gap := w - ansi.StringWidth(s); gap > 0 {
		s += strings.Repeat(" ", gap)
	}
	return s
}

// PadLeft cuts or pads a line to exactly w cells, text on the right (for
// figures in a column).
func PadLeft(s string, w int) string {
	s = Fit(s, w)
	if gap := w - ansi.StringWidth(s); gap > 0 {
		s = strings.Repeat(" ", gap) + s
	}
	return s
}

// Wrap breaks text at word boundaries to lines of at most w cells, and
// mid-word when a word is longer than a line.
func Wrap(s string, w int) string { return ansi.Wrap(s, max(1, w), "") }
