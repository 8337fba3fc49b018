package markdown

import (
	"strings"
	"unicode/utf8"

	"github.com/routeplay/routeplay/ui/cells"
)

// cleaner turns the growing raw answer into text that is safe to hand to glamour
// once its tabs are expanded (cells.Detab, where text meets glamour or the wrapper).
// Upstream already removes terminal escape sequences; this is the last line of
// defence so that no control byte reaches a renderer or the terminal. It works
// on the new suffix only, so the cost over a whole stream stays linear.
//
// While nothing had to change, the clean text is the input itself (a prefix
// of the caller's string, which shares the result's builder), so an answer
// is held once; from the first byte that changes on, the cleaner keeps its
// own copy.
type cleaner struct {
	text strings.Builder // sanitised text once copied; append-only, so String() shares memory
	same string          // the input so far while it needed no change
	copy bool            // text holds the clean text; same is unused
	raw  int             // bytes of the raw input consumed so far
}

func (c *cleaner) reset() {
	c.text.Reset()
	c.same, c.copy = "", false
	c.raw = 0
}

// String is the clean text so far.
func (c *cleaner) String() string {
	if c.copy {
		return c.text.String()
	}
	return c.same
}

// diverge starts the cleaner's own copy with the clean text so far.
func (c *cleaner) diverge(src string, at int) {
	if c.copy {
		return
	}
	c.text.Grow(len(src) - c.raw + at)
	c.text.WriteString(src[:at])
	c.copy, c.same = true, ""
}

// absorb sanitises src[c.raw:]. A rune cut in half by the stream is left for
// the next call unless the document is final.
func (c *cleaner) absorb(src string, final bool) {
	s := src[c.raw:]
	i := 0
	for i < len(s) {
		b := s[i]
		if b < utf8.RuneSelf {
			if !keepByte(b) {
				c.diverge(src, c.raw+i)
			} else if c.copy {
				c.text.WriteByte(b)
			}
			i++
			continue
		}
		if !utf8.FullRuneInString(s[i:]) && !final {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		// Invalid bytes are dropped: a lone 0x9B is CSI to an 8-bit terminal.
		if (r != utf8.RuneError || size > 1) && !isC1(r) {
			if c.copy {
				c.text.WriteString(s[i : i+size])
			}
		} else {
			c.diverge(src, c.raw+i)
		}
		i += size
	}
	c.raw += i
	if !c.copy {
		c.same = src[:c.raw]
	}
}

// keepByte reports whether an ASCII byte may be rendered: printable, newline or tab.
func keepByte(b byte) bool {
	return b == '\n' || b == '\t' || (b >= 0x20 && b != 0x7f)
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// Sanitize returns s without ESC, C0 (other than newline), DEL, C1 controls
// and invalid UTF-8, tabs expanded to spaces.
func Sanitize(s string) string {
	var c cleaner
	c.absorb(s, true)
	return cells.ExpandTabs(c.String())
}
