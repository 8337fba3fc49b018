package keys

import (
	"strings"
	"sync"
	"testing"
)

func TestMask(t *testing.T) {
	tests := []struct {
		name, secret, want string
	}{
		{"OpenRouter", "sk-or-v1-" + strings.Repeat("a", 60) + "9f3a", "sk-or-v1-…9f3a"},
		{"AnthropicLong", "sk-ant-api03-" + strings.Repeat("b", 80) + "WXYZ", "sk-ant-api03-…WXYZ"},
		{"OpenAIProject", "sk-proj-" + strings.Repeat("c", 40) + "1234", "sk-proj-…1234"},
		{"OpenAILegacy", "sk-" + strings.Repeat("d", 40) + "5678", "sk-…5678"},
		{"Gemini", "AIza" + strings.Repeat("e", 31) + "abcd", "AIza…abcd"},
		{"Groq", "gsk_" + strings.Repeat("f", 48) + "qrst", "gsk_…qrst"},
		{"XAI", "xai-" + strings.Repeat("g", 60) + "uvwx", "xai-…uvwx"},
		{"UnknownPrefix", "tok" + strings.Repeat("h", 20) + "0000", "…0000"},
		{"ShortIsOpaque", "sk-abc1234", "…"},
		{"ElevenChars", "abcdefghijk", "…"},
		{"TwelveUnknownShowsTail", "abcdefghijkl", "…ijkl"},
		{"PrefixButTooLittleHiddenForTail", "sk-or-v1-abcdefghij", "sk-or-v1-…"},
		{"PrefixButAlmostNothingHidden", "sk-or-v1-abcd", "…"},
		{"ControlInTailHidden", "sk-" + strings.Repeat("x", 20) + "ab\x1b[", "sk-…"},
		{"Empty", "", "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Mask(tt.secret)
			if got != tt.want {
				t.Fatalf("Mask(%q) = %q, want %q", tt.secret, got, tt.want)
			}
			if len(tt.secret) >= minMaskable && strings.Contains(got, tt.secret[:len(tt.secret)-tailLen]) {
				t.Fatalf("mask %q reveals the secret body", got)
			}
		})
	}
}

func TestRedactorReplacesEveryKnownValue(t *testing.T) {
	r := NewRedactor()
	long := "sk-or-v1-" + strings.Repeat("7", 60) + "9f3a"
	r.Add(long, "short", "", long)
	r.Add("sk-or-v1-" + strings.Repeat("7", 60)) // a prefix of another value
	in := "auth failed for " + long + " and again " + long + "; short stays"
	got := r.Redact(in)
	if strings.Contains(got, strings.Repeat("7", 20)) {
		t.Fatalf("secret survived redaction: %q", got)
	}
	if want := "auth failed for sk-or-v1-…9f3a and again sk-or-v1-…9f3a; short stays"; got != want {
		t.Fatalf("Redact = %q, want %q", got, want)
	}
	if n := len(r.Secrets()); n != 2 {
		t.Fatalf("Secrets() has %d values, want 2 (short values are not tracked)", n)
	}
}

func TestRedactorConcurrentUse(t *testing.T) {
	r := NewRedactor()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			secret := strings.Repeat(string(rune('a'+i)), 16)
			r.Add(secret)
			if got := r.Redact("x" + secret + "x"); strings.Contains(got, secret) {
				t.Errorf("not redacted: %q", got)
			}
		}()
	}
	wg.Wait()
}

// BenchmarkRedact measures redaction of a typical provider error line with
// the ten provider keys loaded; it runs on every error shown to the user.
func BenchmarkRedact(b *testing.B) {
	r := NewRedactor()
	for i := range 10 {
		r.Add("sk-or-v1-" + strings.Repeat(string(rune('a'+i)), 64))
	}
	line := `{"error":{"message":"Incorrect API key provided: sk-or-v1-cccc…. You can find your API key at https://example.invalid/account/api-keys.","type":"invalid_request_error"}}`
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Redact(line)
	}
}

func BenchmarkMask(b *testing.B) {
	secret := "sk-or-v1-" + strings.Repeat("a", 60) + "9f3a"
	b.ReportAllocs()
	for b.Loop() {
		_ = Mask(secret)
	}
}

// Probe: only whole keys were redacted outside the TUI, so `ask`, --json,
// exports and history showed a key recited all but its last characters.
func TestRedactMasksLeadingRuns(t *testing.T) {
	const key = "sk-ant-api03-PLANTEDkeyvalue0123456789"
	r := NewRedactor()
	r.Add(key)
	for _, n := range []int{partialRun, 20, len(key) - 1} {
		got := r.Redact("the key is " + key[:n] + " indeed")
		if strings.Contains(got, key[:partialRun]) {
			t.Errorf("Redact kept %d leading characters: %q", n, got)
		}
	}
}
