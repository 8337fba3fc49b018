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
