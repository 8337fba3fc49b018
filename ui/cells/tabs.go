package cells

import (
	"strings"
	"unicode/utf8"
)

// tabWidth is the distance between tab stops, as CommonMark counts them.
const tabWidth = 4

// Detab replaces each tab with spaces to the next tab stop, counting runes
// from col at the start of s and from 0 after each newline: a terminal
// cell grid has no tab, so Go code would lose its indentation on screen.
// It returns the column where s ends, so a piece that continues a line
// expands as in the whole text.
func Detab(s string, col int) (string, int) {
	if strings.IndexByte(s, '\t') < 0 {
		return s, endColumn(s, col)
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '\n':
			b.WriteByte('\n')
			col = 0
		case '\t':
			n := tabWidth - col%tabWidth
			b.WriteString("    "[:n])
			col += n
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String(), col
}

// ExpandTabs is s with its tabs expanded, s starting at a line's start.
func ExpandTabs(s string) string {
	if strings.IndexByte(s, '\t') < 0 {
		return s
	}
	out, _ := Detab(s, 0)
	return out
}

// endColumn is the column, in runes, where s ends when it starts at col.
func endColumn(s string, col int) int {
	if nl := strings.LastIndexByte(s, '\n'); nl >= 0 {
		s, col = s[nl+1:], 0
	}
	return col + utf8.RuneCountInString(s)
}
