package markdown

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"charm.land/glamour/v2"
	gstyles "charm.land/glamour/v2/styles"
	"github.com/routeplay/routeplay/ui/cells"
)

// cell is what a terminal shows in one cell: the character and every
// attribute that can make it look different.
type cell struct {
	r                                                                     string
	fg, bg, ul                                                            string
	bold, faint, italic, underline, reverse, strike, blink, conceal, over bool
	x                                                                     bool
}

// screenCells reads one line as a terminal would, from a reset pen, and
// returns its cells up to the last one that shows anything. A space shows
// only its background and the attributes drawn across it; its foreground
// and weight do not show.
func screenCells(line string) []cell {
	var out []cell
	var c cell
	for i := 0; i < len(line); {
		if line[i] == 0x1b {
			n := cells.EscapeLen(line[i:])
			if seq := line[i : i+n]; n >= 3 && seq[1] == '[' && seq[n-1] == 'm' {
				applySGR(&c, seq[2:n-1])
			}
			i += n
			continue
		}
		r := line[i : i+1]
		if line[i] >= 0x80 {
			j := i + 1
			for j < len(line) && line[j]&0xc0 == 0x80 {
				j++
			}
			r = line[i:j]
		}
		shown := c
		shown.r = r
		if r == " " {
			shown.fg, shown.bold, shown.faint, shown.italic = "", false, false, false
			shown.blink, shown.conceal, shown.x = false, false, false
			if !shown.underline {
				shown.ul = ""
			}
		}
		out = append(out, shown)
		i += len(r)
	}
	for len(out) > 0 {
		last := out[len(out)-1]
		if last.r != " " || last.bg != "" || last.reverse || last.underline || last.strike || last.over {
			break
		}
		out = out[:len(out)-1]
	}
	return out
}

func applySGR(c *cell, params string) {
	ps := strings.Split(params, ";")
	for i := 0; i < len(ps); i++ {
		code, sub, colon := strings.Cut(ps[i], ":")
		n, err := strconv.Atoi(code)
		if code == "" {
			n, err = 0, nil
		}
		if n == 4 && sub == "0" {
			n = 24
		}
		if err != nil {
			c.x = true // anything unknown must match on both sides
			continue
		}
		switch {
		case n == 0:
			*c = cell{}
		case (n == 38 || n == 48 || n == 58) && colon:
			switch n { // 38:5:N and the like hold their colour themselves
			case 38:
				c.fg = ps[i]
			case 48:
				c.bg = ps[i]
			default:
				c.ul = ps[i]
			}
		case n == 38 || n == 48 || n == 58:
			k := 3
			if i+1 < len(ps) && ps[i+1] == "2" {
				k = 5
			}
			if i+k > len(ps) || (ps[i+1] != "5" && ps[i+1] != "2") {
				return // a colour cut short ends the sequence
			}
			v := strings.Join(ps[i+1:i+k], ";")
			switch n {
			case 38:
				c.fg = v
			case 48:
				c.bg = v
			default:
				c.ul = v
			}
			i += k - 1
		case n >= 30 && n <= 37, n >= 90 && n <= 97:
			c.fg = strconv.Itoa(n)
		case n >= 40 && n <= 47, n >= 100 && n <= 107:
			c.bg = strconv.Itoa(n)
		case n == 39:
			c.fg = ""
		case n == 49:
			c.bg = ""
		case n == 59:
			c.ul = ""
		case n == 1:
			c.bold = true
		case n == 2:
			c.faint = true
		case n == 22:
			c.bold, c.faint = false, false
		case n == 3:
			c.italic = true
		case n == 23:
			c.italic = false
		case n == 4:
			c.underline = true
		case n == 24:
			c.underline = false
		case n == 7:
			c.reverse = true
		case n == 27:
			c.reverse = false
		case n == 9:
			c.strike = true
		case n == 29:
			c.strike = false
		case n == 5:
			c.blink = true
		case n == 25:
			c.blink = false
		case n == 8:
			c.conceal = true
		case n == 28:
			c.conceal = false
		case n == 53:
			c.over = true
		case n == 55:
			c.over = false
		default:
			c.x = true
		}
	}
}

// TestLiftedStyleShowsTheSameCells renders every sample document and a set
// of random ones with each standard style as glamour ships it and as this
// package renders it (document colour lifted, padding stripped): every line
// must show the same cells.
func TestLiftedStyleShowsTheSameCells(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	samples := make([]string, 0, len(docs)+40)
	for _, d := range docs {
		samples = append(samples, d)
	}
	for n := 0; n < 40; n++ {
		var b strings.Builder
		for k := 0; k < 3+rng.IntN(8); k++ {
			if k > 0 {
				b.WriteString([]string{"\n", "\n\n", "\n\n\n"}[rng.IntN(3)])
			}
			b.WriteString(snippets[rng.IntN(len(snippets))])
		}
		samples = append(samples, b.String())
	}
	lifted := 0
	for _, style := range styleNames {
		for _, width := range []int{30, 72} {
			tm, err := newTerm(style, width)
			if err != nil {
				t.Fatal(err)
			}
			if tm.base != "" {
				lifted++
			}
			std, err := glamour.NewTermRenderer(glamourOptions(*gstyles.DefaultStyles[style], width)...)
			if err != nil {
				t.Fatal(err)
			}
			ref := &term{style: style, tr: std}
			for i, md := range samples {
				want, ok1 := ref.render(Sanitize(md))
				got, ok2 := tm.document(Sanitize(md))
				if !ok1 || !ok2 {
					t.Fatalf("%s: render failed", style)
				}
				if err := sameCells(want, got); err != nil {
					t.Fatalf("%s width %d, sample %d %q: %v", style, width, i, md, err)
				}
			}
		}
	}
	if lifted == 0 {
		t.Fatal("no standard style had its document colour lifted")
	}
}

func sameCells(want, got string) error {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	if len(wl) != len(gl) {
		return fmt.Errorf("%d lines, want %d", len(gl), len(wl))
	}
	for i := range wl {
		w, g := screenCells(wl[i]), screenCells(gl[i])
		if len(w) != len(g) {
			return fmt.Errorf("line %d: %d cells, want %d\nwant %q\ngot  %q", i, len(g), len(w), wl[i], gl[i])
		}
		for j := range w {
			if w[j] != g[j] {
				return fmt.Errorf("line %d cell %d: %+v, want %+v\nwant %q\ngot  %q", i, j, g[j], w[j], wl[i], gl[i])
			}
		}
	}
	return nil
}

// canonLine gives one line per set of cells: however the sequences are
// interleaved, the same cells come out as the same bytes; running it again
// changes nothing; padding goes and painted cells stay.
func TestCanonLine(t *testing.T) {
	base := "38;5;252"
	cases := []struct{ in, want string }{
		{"  plain words   ", "  \x1b[38;5;252mplain words\x1b[m"},
		{"  \x1b[38;5;252mplain \x1b[m\x1b[38;5;252mwords\x1b[m\x1b[38;5;252m \x1b[m", "  \x1b[38;5;252mplain words\x1b[m"},
		{"  \x1b[1mbold\x1b[m and", "  \x1b[1;38;5;252mbold \x1b[0;38;5;252mand\x1b[m"},
		{"  \x1b[38;5;252;1mbold\x1b[m\x1b[38;5;252m and\x1b[m  ", "  \x1b[1;38;5;252mbold \x1b[0;38;5;252mand\x1b[m"},
		{"\x1b[m  \x1b[38;5;39;1m## Head\x1b[m", "  \x1b[1;38;5;39m## Head\x1b[m"},
		{"  \x1b[48;5;236m  \x1b[m   ", "  \x1b[38;5;252;48;5;236m  \x1b[m"},
		{"", ""},
		{"      ", ""},
		{"\x1b[m", ""},
	}
	for _, c := range cases {
		got := canonLine(c.in, base)
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
		if again := canonLine(got, ""); again != got {
			t.Errorf("%q: not stable: %q then %q", c.in, got, again)
		}
	}
	// A line joined from two canonical halves is the canonical whole.
	whole := canonLine("  one \x1b[1mtwo\x1b[m three", base)
	joined := canonLine(canonLine("  one \x1b[1mtw", base)+canonLine("\x1b[1mo\x1b[m three", base), "")
	if joined != whole {
		t.Errorf("joined %q, whole %q", joined, whole)
	}
}

// FuzzCanonLine: whatever a line holds, canonLine does not panic, its
// output is stable under a second pass, shows the same cells as its input
// (the base colour aside) and never ends in an unpainted space.
func FuzzCanonLine(f *testing.F) {
	for _, s := range []string{
		"  plain", "\x1b[1mbold\x1b[m x", "\x1b[38;5;203;48;5;236m code \x1b[m   ", "\x1b[4:3mcurly\x1b[24m",
		"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\x1b[38;2;1;2;3mrgb", "\x1b[", "\x1b[38;5m", "日本 ", "\x1b[7m \x1b[m",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.ContainsAny(line, "\n\r") || !utf8.ValidString(line) {
			return // lines are split before, and the text is valid UTF-8 (Sanitize)
		}
		once := canonLine(line, "")
		if again := canonLine(once, ""); again != once {
			t.Fatalf("%q: %q then %q", line, once, again)
		}
		if err := sameCells(line, once); err != nil {
			t.Fatalf("%q -> %q: %v", line, once, err)
		}
		if strings.HasSuffix(once, " ") {
			t.Fatalf("%q -> %q ends in a space", line, once)
		}
	})
}
