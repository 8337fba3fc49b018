package keys

import (
	"strings"
	"testing"
)

// FuzzMask: a mask is "…" alone, a known prefix and "…", or a known prefix,
// "…" and the secret's last four printable characters; nothing else.
func FuzzMask(f *testing.F) {
	for _, seed := range []string{"", "sk-or-v1-0123456789abcdef0123", "AIzaSyA-short", "\x1b[2Jsk-xxxxxxxxxxxxxxxxx", "……………………"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, secret string) {
		m := Mask(secret)
		rest, tail, ok := strings.Cut(m, "…")
		if !ok {
			t.Fatalf("Mask(%q) = %q has no ellipsis", secret, m)
		}
		if rest != "" && !isKnownPrefix(rest) {
			t.Fatalf("Mask(%q) = %q shows %q before the ellipsis", secret, m, rest)
		}
		if tail != "" && (len(tail) != tailLen || !strings.HasSuffix(secret, tail) || !isPrintableASCII(tail)) {
			t.Fatalf("Mask(%q) = %q shows tail %q", secret, m, tail)
		}
		if len(secret) < minMaskable && m != "…" {
			t.Fatalf("short secret %q masked as %q", secret, m)
		}
	})
}

func isKnownPrefix(s string) bool {
	for _, p := range knownPrefixes {
		if s == p {
			return true
		}
	}
	return false
}

// FuzzRedact: after redaction no remembered value is left in the text.
func FuzzRedact(f *testing.F) {
	f.Add("sk-or-v1-abcdefabcdef0123456789", "error: bad key ")
	f.Add("aaaaaaaaaaaaaaaa", "aaaaaaaaaaaa")
	f.Add("……", "…")
	f.Fuzz(func(t *testing.T, secret, text string) {
		if len(secret) < minRedactable {
			return
		}
		r := NewRedactor()
		r.Add(secret)
		out := r.Redact(text + secret + text)
		if strings.Contains(out, secret) {
			t.Fatalf("Redact left %q in %q", secret, out)
		}
	})
}
