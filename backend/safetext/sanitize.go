// Package safetext makes untrusted text (model output, provider errors,
// names from a config or a catalog) safe to show and store: no terminal
// control sequence survives, and keys can be redacted before a message is
// cut. It imports nothing of the project, so every part can use it.
package safetext

import (
	"strings"
	"unicode/utf8"
)

// Sanitizer removes terminal control sequences from untrusted text (model
// output, provider error messages): CSI, OSC (clipboard writes, hyperlinks,
// titles), DCS/APC/PM/SOS strings, C0 controls other than newline and tab,
// C1 controls, DEL and bidi overrides. It keeps state between calls so a
// sequence split across two stream deltas is still removed whole.
type Sanitizer struct {
	state sanState
}

type sanState uint8

const (
	sanText      sanState = iota
	sanEsc                // after ESC
	sanEscInter           // ESC + intermediate bytes, waiting for the final byte
	sanCSI                // inside a control sequence
	sanString             // inside OSC/DCS/APC/PM/SOS, until BEL or ST
	sanStringEsc          // ESC seen inside a string (maybe ST)
)

// Sanitize returns s with every terminal control sequence removed.
func Sanitize(s string) string {
	var z Sanitizer
	return z.Clean(s)
}

// Clean sanitises the next piece of a stream.
func (z *Sanitizer) Clean(s string) string {
	if z.state == sanText && isPlain(s) {
		return s // fast path: the common delta has nothing to remove
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		z.step(&b, r)
	}
	return b.String()
}

// isPlain reports whether s is valid UTF-8 with no byte that could start or
// be part of a control sequence or a bidi override.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 {
			if c >= 0x80 {
				return isPlainUnicode(s[i:])
			}
			return false
		}
	}
	return true
}

func isPlainUnicode(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || isC1(r) || IsBidiControl(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// IsBidiControl matches the embedding, override and isolate controls and
// the invisible direction marks (LRM, RLM, ALM) that can make displayed
// text read differently from what it is. Zero-width joiners stay: emoji
// and many scripts need them.
func IsBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}

func (z *Sanitizer) step(b *strings.Builder, r rune) {
	switch z.state {
	case sanEsc:
		z.afterEsc(r)
		return
	case sanEscInter:
		if r >= 0x20 && r <= 0x2f {
			return
		}
		z.state = sanText
		if r >= 0x30 && r <= 0x7e {
			return
		}
	case sanCSI:
		if r >= 0x20 && r <= 0x3f {
			return
		}
		z.state = sanText
		if r >= 0x40 && r <= 0x7e {
			return
		}
	case sanString, sanStringEsc:
		if z.inString(r) {
			return
		}
	}
	z.text(b, r)
}

func (z *Sanitizer) afterEsc(r rune) {
	switch {
	case r == '[':
		z.state = sanCSI
	case r == ']' || r == 'P' || r == 'X' || r == '^' || r == '_':
		z.state = sanString
	case r >= 0x20 && r <= 0x2f:
		z.state = sanEscInter
	case r == 0x1b:
		z.state = sanEsc
	default:
		z.state = sanText // a two-byte escape: both bytes dropped
	}
}

// inString consumes r inside a string sequence and reports whether it was
// consumed. A newline ends the string too: a terminal would keep swallowing,
// but here that would hide the rest of an answer behind one stray ESC ].
func (z *Sanitizer) inString(r rune) bool {
	switch {
	case r == 0x07 || r == 0x9c:
		z.state = sanText
		return true
	case z.state == sanStringEsc && r == '\\':
		z.state = sanText
		return true
	case r == 0x1b:
		z.state = sanStringEsc
		return true
	case r == '\n':
		z.state = sanText
		return false
	}
	z.state = sanString
	return true
}

func (z *Sanitizer) text(b *strings.Builder, r rune) {
	switch {
	case r == 0x1b:
		z.state = sanEsc
	case r == 0x9b:
		z.state = sanCSI
	case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f:
		z.state = sanString
	case r == '\n' || r == '\t':
		b.WriteRune(r)
	case r < 0x20 || r == 0x7f || isC1(r) || IsBidiControl(r):
		// dropped
	case r == utf8.RuneError:
		b.WriteRune(utf8.RuneError) // invalid bytes become U+FFFD, never raw
	default:
		b.WriteRune(r)
	}
}
