package keys

import "strings"

// partialRun is how many leading characters of a key count as the key when
// they stand alone: a model reciting most of a key leaks it as surely as
// reciting all of it.
const partialRun = 16

// trailingRun is the shortest start of a key hidden at the end of a text
// that is still streaming, since the rest of the key may be on its way.
const trailingRun = 8

// RedactLive redacts text shown on screen, such as an answer, as Redact
// does; while the text is still growing, a start of a key of trailingRun
// or more characters at its very end (the next delta may complete it) is
// hidden too.
func (r *Redactor) RedactLive(s string, growing bool) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s = r.redactLocked(s)
	if growing {
		for _, secret := range r.ordered {
			s = hideTrailingStart(s, secret)
		}
	}
	return s
}

// maskPartialRuns masks every occurrence of secret's first partialRun (or
// more) characters.
func maskPartialRuns(s, secret string) string {
	if len(secret) <= partialRun {
		return s
	}
	head := secret[:partialRun]
	if !strings.Contains(s, head) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, head)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		n := partialRun
		for i+n < len(s) && n < len(secret) && s[i+n] == secret[n] {
			n++
		}
		b.WriteString(s[:i])
		b.WriteString(Mask(secret))
		s = s[i+n:]
	}
}

// hideTrailingStart replaces a start of secret at the end of s with "…".
func hideTrailingStart(s, secret string) string {
	for n := min(len(secret)-1, len(s)); n >= trailingRun; n-- {
		if strings.HasSuffix(s, secret[:n]) {
			return s[:len(s)-n] + "…"
		}
	}
	return s
}
