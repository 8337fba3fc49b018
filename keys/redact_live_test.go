package keys

import (
	"strings"
	"testing"
)

func TestRedactLive(t *testing.T) {
	const key = "sk-or-v1-0123456789abcdef0123456789abcdef"
	r := NewRedactor()
	r.Add(key)
	cases := []struct{ name, in string }{
		{"whole key", "your key is " + key + " indeed"},
		{"most of the key", "your key is " + key[:30] + " and more"},
		{"start of the key at the end", "your key is " + key[:12]},
		{"key streamed so far", "answer: " + key[:len(key)-1]},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := r.RedactLive(c.in, true)
			for n := 12; n <= len(key); n++ {
				if strings.Contains(got, key[:n]) {
					t.Fatalf("RedactLive(%q) = %q still shows %d characters of the key", c.in, got, n)
				}
			}
		})
	}
	if got := r.RedactLive("plain text sk-or-v1 mentions", true); got != "plain text sk-or-v1 mentions" {
		t.Fatalf("plain text changed: %q", got)
	}
	if got := r.RedactLive("keys look like sk-or-v1-", false); got != "keys look like sk-or-v1-" {
		t.Fatalf("a finished text lost its public prefix: %q", got)
	}
}

func FuzzRedactLive(f *testing.F) {
	const key = "sk-ant-api03-PLANTEDkeyvalue0123456789"
	f.Add("hello " + key)
	f.Add(key[:20])
	f.Fuzz(func(t *testing.T, s string) {
		r := NewRedactor()
		r.Add(key)
		if got := r.RedactLive(s, true); strings.Contains(got, key[:partialRun]) {
			t.Fatalf("key start survived in %q", got)
		}
	})
}
