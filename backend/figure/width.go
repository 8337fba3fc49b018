package figure

import (
	"strings"

	"github.com/clipperhouse/displaywidth"
)

// Width is how many terminal cells plain text takes: a CJK character takes
// two, a combining mark none, so columns of names line up whatever script
// a route's name is in.
func Width(s string) int { return displaywidth.String(s) }

// PadRight pads plain text with spaces to w cells, text on the left; text
// already as wide or wider is returned unchanged.
func PadRight(s string, w int) string {
	if gap := w - Width(s); gap > 0 {
		return s + strings.Repeat(" ", gap)
	}
	return s
}
