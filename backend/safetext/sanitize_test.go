package safetext

import (
	"strings"
	"testing"
)

func TestSanitizeRemovesControlSequences(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "hello\tworld\n", "hello\tworld\n"},
		{"clear screen CSI", "a\x1b[2Jb", "ab"},
		{"SGR colour", "\x1b[31mred\x1b[0m", "red"},
		{"OSC 52 clipboard BEL", "x\x1b]52;c;ZXZpbA==\x07y", "xy"},
		{"OSC 52 clipboard ST", "x\x1b]52;c;ZXZpbA==\x1b\\y", "xy"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"OSC 0 title", "\x1b]0;pwned\x07ok", "ok"},
		{"DCS", "\x1bPq#0;2;0;0;0\x1b\\ok", "ok"},
		{"APC", "\x1b_Gf=100;AAAA\x1b\\ok", "ok"},
		{"BEL and backspace", "a\x07b\x08c", "abc"},
		{"carriage return", "line\r\nnext", "line\nnext"},
		{"C1 CSI", "a\u009b2Jb", "ab"},
		{"C1 OSC", "a\u009d52;c;x\u009cb", "ab"},
		{"C1 NEL dropped", "a\u0085b", "ab"},
		{"bidi override", "admin\u202egnp.exe", "admingnp.exe"},
		{"bidi isolate", "\u2067x\u2069", "x"},
		{"bidi marks", "a\u200fb\u200ec\u061cd", "abcd"},
		{"joiners stay", "👩\u200d💻 می\u200cخواهم", "👩\u200d💻 می\u200cخواهم"},
		{"DEL", "a\x7fb", "ab"},
		{"charset select", "\x1b(Bok", "ok"},
		{"two-byte escape", "\x1bcreset", "reset"},
		{"invalid utf8", "a\xffb", "a\ufffdb"},
		{"unterminated OSC ends at newline", "\x1b]52;c;AAAA\nvisible", "\nvisible"},
		{"unicode kept", "héllo — 日本 🙂", "héllo — 日本 🙂"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Sanitize(c.in); got != c.want {
				t.Fatalf("Sanitize(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestSanitizerAcrossDeltas(t *testing.T) {
	in := "before\x1b]52;c;ZXZpbA==\x07middle\x1b[2Jafter\x1b]8;;http://x\x1b\\link"
	for split := 0; split <= len(in); split++ {
		var z Sanitizer
		got := z.Clean(in[:split]) + z.Clean(in[split:])
		if got != "beforemiddleafterlink" {
			t.Fatalf("split at %d: got %q", split, got)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"\x1b[2J", "\x1b]52;c;x\x07", "a\u009bb", "\u202e", "ok\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		for _, r := range out {
			if r == 0x1b || r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || isC1(r) || IsBidiControl(r) {
				t.Fatalf("control %U survived in %q", r, out)
			}
		}
		if strings.ContainsRune(out, 0x1b) {
			t.Fatal("ESC survived")
		}
	})
}
