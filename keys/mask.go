package keys

import (
	"sort"
	"strings"
	"sync"
)

// knownPrefixes are public key prefixes, longest first so the most specific
// one wins. They name the provider and reveal nothing secret.
var knownPrefixes = []string{
	"sk-ant-api03-", "sk-or-v1-", "sk-proj-", "sk-ant-", "AIza", "gsk_", "xai-", "sk-",
}

const (
	// minMaskable: below this length a secret is masked as "…" alone, so a
	// short (test or local) key reveals nothing, not even a prefix.
	minMaskable = 12
	// minHidden characters must stay hidden between the prefix and the tail.
	minHidden = 8
	tailLen   = 4
)

// Mask renders a secret for display: its known prefix (if any), "…", and
// the last four characters, e.g. "sk-or-v1-…9f3a". The tail is left out when
// fewer than eight characters would stay hidden, and secrets shorter than 12
// bytes are shown as "…" alone. Non-printable tails are never shown.
func Mask(secret string) string {
	if len(secret) < minMaskable {
		return "…"
	}
	prefix := ""
	for _, p := range knownPrefixes {
		if strings.HasPrefix(secret, p) {
			prefix = p
			break
		}
	}
	rest := len(secret) - len(prefix)
	switch {
	case rest < minHidden:
		return "…"
	case rest < minHidden+tailLen:
		return prefix + "…"
	}
	tail := secret[len(secret)-tailLen:]
	if !isPrintableASCII(tail) {
		return prefix + "…"
	}
	return prefix + "…" + tail
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// minRedactable: values shorter than this are not searched for, since
// replacing every "ab" in a text would wreck it and such a value protects
// nothing anyway.
const minRedactable = 6

// Redactor remembers every key value the process has seen and removes them
// from text. It is safe for concurrent use.
type Redactor struct {
	mu      sync.RWMutex
	secrets map[string]struct{}
	ordered []string // longest first, so a key that contains another is replaced whole
	version uint64   // grows with every new secret, so callers can keep redacted text
}

// NewRedactor returns an empty redactor.
func NewRedactor() *Redactor { return &Redactor{secrets: map[string]struct{}{}} }

// Add remembers secret values.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	changed := false
	for _, s := range secrets {
		if len(s) < minRedactable {
			continue
		}
		if _, ok := r.secrets[s]; !ok {
			r.secrets[s] = struct{}{}
			changed = true
		}
	}
	if !changed {
		return
	}
	r.version++
	r.ordered = r.ordered[:0]
	for s := range r.secrets {
		r.ordered = append(r.ordered, s)
	}
	sort.Slice(r.ordered, func(i, j int) bool { return len(r.ordered[i]) > len(r.ordered[j]) })
}

// Redact replaces every remembered value in s with its mask, and every run
// of a value's first partialRun or more characters (a text reciting most of
// a key leaks it as surely as one reciting all of it). It repeats until no
// value is left, since one replacement can complete another occurrence (in
// repetitive text); every mask is shorter than its value, so this ends.
// Every sink uses it: screen, stdout, JSON, exports, history, keys.json.
func (r *Redactor) Redact(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.redactLocked(s)
}

func (r *Redactor) redactLocked(s string) string {
	for changed := true; changed; {
		changed = false
		for _, secret := range r.ordered {
			if strings.Contains(s, secret) {
				s = strings.ReplaceAll(s, secret, Mask(secret))
				changed = true
			}
		}
	}
	for _, secret := range r.ordered {
		s = maskPartialRuns(s, secret)
	}
	return s
}

// Version changes whenever a new value is remembered: text redacted at one
// version stays redacted until it changes.
func (r *Redactor) Version() uint64 {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.version
}

// Secrets returns the remembered values, longest first, for callers that
// redact with their own function (the engine's error paths).
func (r *Redactor) Secrets() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]string(nil), r.ordered...)
}
