package markdown

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/ui/cells"
)

// plainSeam bounds how much of one unfinished source line is wrapped again on
// every call; longer lines are committed in pieces of about this size.
const plainSeam = 4 << 10

// plainText soft-wraps a growing text without Markdown styling. Finished source
// lines are wrapped once and kept, so a stream costs O(n) in total even when a
// single block never ends.
type plainText struct {
	width  int
	indent string
	done   int // bytes of the source already wrapped into out
	col    int // the column where done is, within its source line (see cells.Detab)
	out    strings.Builder
}

func newPlainText(width int, indent string) *plainText {
	return &plainText{width: max(width, 1), indent: indent}
}

// render returns the wrapped text of src, which must extend the src of earlier
// calls. Every line ends with a newline.
func (p *plainText) render(src string) string {
	for {
		rest := src[p.done:]
		nl := strings.IndexByte(rest, '\n')
		if nl < 0 {
			break
		}
		p.commit(rest[:nl])
		p.done, p.col = p.done+nl+1, 0
	}
	// A giant unfinished line is committed in pieces so that it is not wrapped
	// again on every call; a seam may end one row early, nothing more.
	for len(src)-p.done > plainSeam {
		cut := seamCut(src[p.done:])
		p.commit(src[p.done : p.done+cut])
		p.done += cut
	}
	rest := src[p.done:]
	if rest == "" {
		return p.out.String()
	}
	var b strings.Builder
	b.WriteString(p.out.String())
	p.wrapInto(&b, rest, p.col)
	return b.String()
}

func (p *plainText) commit(line string) { p.col = p.wrapInto(&p.out, line, p.col) }

// wrapInto writes line, which starts at column col of its source line,
// soft-wrapped to p.width, each row indented and ended by a newline. It
// returns the column where line ends.
func (p *plainText) wrapInto(b *strings.Builder, line string, col int) int {
	line, end := cells.Detab(line, col)
	wrapped := ansi.Wrap(line, p.width, "")
	for {
		row, more, found := strings.Cut(wrapped, "\n")
		b.WriteString(p.indent)
		b.WriteString(row)
		b.WriteByte('\n')
		if !found {
			return end
		}
		wrapped = more
	}
}

// seamCut picks where to cut a long unfinished line: just after the last space
// in its first plainSeam bytes, or at a rune boundary when there is none.
func seamCut(s string) int {
	if i := strings.LastIndexByte(s[:plainSeam], ' '); i > 0 {
		return i + 1
	}
	cut := plainSeam
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if cut == 0 {
		return plainSeam
	}
	return cut
}
