package safetext

import (
	"strings"
	"unicode/utf8"
)

// CleanMessage is the one way untrusted text (a provider's error, a finish
// reason, a served model name) becomes a line fit to show and store. Keys
// are removed before anything can split or shorten them: redact, strip
// control sequences, redact again (a key with ESC[m inside is whole only
// once the sequence is gone), fold whitespace, and only then cut to limit
// runes (0: no cut). redact may be nil.
func CleanMessage(s string, redact func(string) string, limit int) string {
	if redact == nil {
		redact = func(s string) string { return s }
	}
	s = redact(strings.ToValidUTF8(s, "\uFFFD"))
	s = redact(Sanitize(s))
	s = redact(strings.Join(strings.Fields(s), " "))
	return cutRunes(s, limit)
}

// cutRunes shortens s to limit runes, marking the cut with "…".
func cutRunes(s string, limit int) string {
	if limit <= 0 || utf8.RuneCountInString(s) <= limit {
		return s
	}
	n := 0
	for i := range s {
		if n == limit {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// Redactors chains redaction functions; nil ones are skipped.
func Redactors(fs ...func(string) string) func(string) string {
	return func(s string) string {
		for _, f := range fs {
			if f != nil {
				s = f(s)
			}
		}
		return s
	}
}
