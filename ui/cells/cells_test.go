package cells

import "testing"

func TestFitPad(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{Fit("412ms", 5), "412ms"},
		{Fit("412ms", 4), "412…"},
		{Fit("412ms", 0), ""},
		{Fit("\x1b[1mbold\x1b[m", 4), "\x1b[1mbold\x1b[m"},
		{Pad("ab", 4), "ab  "},
		{Pad("abcdef", 4), "abc…"},
		{Pad("ab", 0), ""},
		{PadLeft("ab", 4), "  ab"},
		{PadLeft("abcdef", 3), "ab…"},
		{Pad("日本", 5), "日本 "},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{
		{"first token 413ms", 11, "first token\n413ms"},
		{"abcdefgh", 3, "abc\ndef\ngh"},
		{"ab", 0, "a\nb"},
	} {
		if got := Wrap(c.in, c.w); got != c.want {
			t.Errorf("Wrap(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
	}
}
