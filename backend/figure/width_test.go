package figure

import "testing"

func TestPadRightCountsCells(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{
		{"gpt", 5, "gpt  "},
		{"日本", 5, "日本 "}, // two cells a character
		{"é", 3, "é  "},  // e + combining acute: one cell
		{"toolong", 3, "toolong"},
	} {
		if got := PadRight(c.in, c.w); got != c.want {
			t.Errorf("PadRight(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
	}
}
