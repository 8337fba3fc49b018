package markdown

import (
	"iter"
	"strconv"
	"strings"

	"charm.land/glamour/v2/ansi"
	gstyles "charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/routeplay/routeplay/ui/cells"
)

// Glamour pads every line it writes to the wrap width with one styled
// space per cell, in the block's colours, and passes those bytes through
// its writers again for every enclosing block. With a standard style's
// document colour (252 in "dark") each padded cell costs about 15 bytes and
// a colour lookup: most of glamour's cost on a streaming pane, for padding
// that is then removed. So the document colour is lifted out of the style
// glamour renders with, its padding becomes plain spaces, and canon gives
// the colour back to every visible cell that has no foreground of its own,
// which is where glamour would have set it. The one exception is a table,
// whose borders the standard styles leave in the terminal's colour: a group
// holding one is rendered with the style as it ships (hasTable). Every cell
// shows the same character in the same colours as with the standard style
// (TestLiftedStyleShowsTheSameCells).

// liftedStyle is the glamour style cfg with its document foreground taken
// out, and that colour's SGR parameters. ok is false when the document's
// own style sets anything else a cell could show (background, bold, ...),
// or no colour at all: such a style is rendered as it ships.
func liftedStyle(cfg ansi.StyleConfig) (lifted ansi.StyleConfig, base string, ok bool) {
	doc := cfg.Document.StylePrimitive
	rest := doc
	rest.Color, rest.BlockPrefix, rest.BlockSuffix = nil, "", ""
	if doc.Color == nil || rest != (ansi.StylePrimitive{}) {
		return cfg, "", false
	}
	seq := xansi.Style{}.ForegroundColor(lipgloss.Color(*doc.Color)).String()
	base = strings.TrimSuffix(strings.TrimPrefix(seq, "\x1b["), "m")
	if base == "" {
		return cfg, "", false
	}
	cfg.Document.Color = nil
	return cfg, base, true
}

// styleConfig is the standard style name as it ships and, when its
// document colour can be lifted, the lifted style and that colour.
func styleConfig(name string) (std, lifted ansi.StyleConfig, base string, ok bool) {
	cfg, ok := gstyles.DefaultStyles[name]
	if !ok {
		return ansi.StyleConfig{}, ansi.StyleConfig{}, "", false
	}
	lifted, base, _ = liftedStyle(*cfg)
	return *cfg, lifted, base, true
}

// hasTable reports whether md may hold a table: a line made only of
// pipes, dashes, colons and spaces with a pipe and a dash in it, which a
// GFM table's delimiter row always is.
func hasTable(md string) bool {
	if strings.IndexByte(md, '|') < 0 {
		return false
	}
	for md != "" {
		line, rest, _ := strings.Cut(md, "\n")
		md = rest
		if strings.IndexByte(line, '|') < 0 || strings.IndexByte(line, '-') < 0 {
			continue
		}
		if strings.Trim(line, "|-: \t") == "" {
			return true
		}
	}
	return false
}

// canonical writes every line of s in the normal form of canonLine. An
// unterminated last line keeps its trailing spaces: the next group
// continues it (see term.join), and they are the indentation of what
// follows.
func canonical(s, base string) string {
	buf := make([]byte, 0, len(s))
	for {
		line, rest, found := strings.Cut(s, "\n")
		buf = appendCanon(buf, line, base, !found)
		if !found {
			return string(buf)
		}
		buf = append(buf, '\n')
		s = rest
	}
}

// canonLine rewrites one line as the cells it shows, read from a reset
// pen as a pane draws every line: the pen is set again only where it
// changes at a cell that shows it, base (when not "") colours every cell
// that shows text without a foreground of its own, and nothing follows the
// last visible cell but a reset when the pen is left set. Two lines that
// show the same cells come out byte for byte the same, however glamour
// interleaved its sequences, which is what lets groups rendered apart join
// into the whole document's lines.
func canonLine(line, base string) string { return string(appendCanon(nil, line, base, false)) }

// appendCanon appends line in canonLine's form to dst, keeping the
// spaces after the last visible cell when keep is set.
func appendCanon(dst []byte, line, base string, keep bool) []byte {
	var cur, out pen // as read, and as last written
	end, endPen := len(dst), pen{}
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == 0x1b:
			n := cells.EscapeLen(line[i:])
			seq := line[i : i+n]
			i += n
			if params, ok := sgrParams(seq); ok {
				cur.apply(params)
			} else if hyperlink(seq) {
				// A link stays where it was.
				dst, out = out.appendMove(dst, cur), cur
				dst = append(dst, seq...)
				end, endPen = len(dst), out
			}
			// Anything else, or a sequence cut short, is not drawn.
		case c == ' ' && !cur.paints():
			if out.paints() {
				dst, out = out.appendMove(dst, pen{}), pen{}
			}
			dst = append(dst, ' ')
			i++
			if keep {
				end, endPen = len(dst), out
			}
		default:
			want := cur
			if want.fg == "" && base != "" {
				want.fg = base
			}
			if want != out {
				dst, out = out.appendMove(dst, want), want
			}
			// The run of text up to the next space or escape shares the pen.
			j := i + 1
			for j < len(line) && line[j] != 0x1b && line[j] != ' ' {
				j++
			}
			dst = append(dst, line[i:j]...)
			i = j
			end, endPen = len(dst), out
		}
	}
	dst = dst[:end]
	if !endPen.zero() {
		dst = append(dst, "\x1b[m"...)
	}
	return dst
}

// sgrParams is the parameters of seq (an escape sequence, see
// cells.EscapeLen) when it is a complete SGR sequence.
func sgrParams(seq string) (string, bool) {
	if n := len(seq); n >= 3 && seq[1] == '[' && seq[n-1] == 'm' {
		return seq[2 : n-1], true
	}
	return "", false
}

// after is the pen once line's SGR sequences have set it.
func (p pen) after(line string) pen {
	for {
		i := strings.IndexByte(line, 0x1b)
		if i < 0 {
			return p
		}
		n := cells.EscapeLen(line[i:])
		if params, ok := sgrParams(line[i : i+n]); ok {
			p.apply(params)
		}
		line = line[i+n:]
	}
}

// writeCarried writes each line after indent, and a newline after it, the
// line set in the pen the one before it ended in: glamour's wrapping
// writer sets a style again after every line break, and a line is read
// from a reset pen (canonLine).
func writeCarried(b *strings.Builder, indent string, lines iter.Seq[string]) {
	var carried pen
	for line := range lines {
		b.WriteString(indent)
		if !carried.zero() {
			b.Write(pen{}.appendMove(nil, carried))
		}
		b.WriteString(line)
		b.WriteByte('\n')
		carried = carried.after(line)
	}
}

// pen is the state SGR sequences set: colours as their parameters, and
// the attributes a cell can show.
type pen struct {
	fg, bg, ul string // colour parameters ("38;5;252"), "" for the default
	attrs      uint16 // attr* bits
	under      string // underline style parameter ("4:3"), "" for a plain underline
	extra      string // parameters not modelled here, kept in order
}

const (
	attrBold uint16 = 1 << iota
	attrFaint
	attrItalic
	attrUnderline
	attrBlink
	attrReverse
	attrConceal
	attrStrike
	attrOverline
)

// attrCodes are the SGR codes that set each attribute, in the order a pen
// writes them.
var attrCodes = [...]struct {
	bit  uint16
	code string
}{
	{attrBold, "1"}, {attrFaint, "2"}, {attrItalic, "3"}, {attrUnderline, "4"}, {attrBlink, "5"},
	{attrReverse, "7"}, {attrConceal, "8"}, {attrStrike, "9"}, {attrOverline, "53"},
}

// attrOn and attrOff are the SGR codes that set and clear attributes
// (underline, which has styles, is read apart).
var (
	attrOn = map[int]uint16{
		1: attrBold, 2: attrFaint, 3: attrItalic, 5: attrBlink, 7: attrReverse,
		8: attrConceal, 9: attrStrike, 53: attrOverline,
	}
	attrOff = map[int]uint16{
		22: attrBold | attrFaint, 23: attrItalic, 25: attrBlink, 27: attrReverse,
		28: attrConceal, 29: attrStrike, 55: attrOverline,
	}
)

func (p pen) zero() bool { return p == pen{} }

// paints reports whether a space drawn with the pen shows on screen.
func (p pen) paints() bool {
	return p.bg != "" || p.attrs&(attrReverse|attrUnderline|attrStrike|attrOverline) != 0
}

// appendMove appends what sets the pen from p to next, which differs.
func (p pen) appendMove(dst []byte, next pen) []byte {
	if next.zero() {
		return append(dst, "\x1b[m"...)
	}
	dst = append(dst, "\x1b["...)
	if !p.zero() {
		dst = append(dst, "0;"...)
	}
	first := true
	put := func(s string) {
		if s == "" {
			return
		}
		if !first {
			dst = append(dst, ';')
		}
		dst, first = append(dst, s...), false
	}
	for _, a := range attrCodes {
		if next.attrs&a.bit != 0 {
			if a.bit == attrUnderline && next.under != "" {
				put(next.under)
			} else {
				put(a.code)
			}
		}
	}
	put(next.fg)
	put(next.bg)
	put(next.ul)
	put(next.extra)
	return append(dst, 'm')
}

// apply reads the parameters of one SGR sequence.
func (p *pen) apply(params string) {
	var split [16]string
	ps := splitParams(split[:0], params)
	for i := 0; i < len(ps); i++ {
		code, _, colon := strings.Cut(ps[i], ":")
		n, err := 0, error(nil) // an empty code is 0, and Atoi would allocate an error for it
		if code != "" {
			n, err = strconv.Atoi(code)
		}
		if err != nil {
			p.keep(ps[i])
			continue
		}
		switch {
		case n == 0:
			*p = pen{}
		case n == 38 || n == 48 || n == 58:
			v := ps[i]
			if !colon { // 38;5;N or 38;2;R;G;B; anything else ends the sequence
				k := extendedLen(ps[i+1:])
				if k == 0 {
					return
				}
				v = strings.Join(ps[i:i+k+1], ";")
				i += k
			}
			switch n {
			case 38:
				p.fg = v
			case 48:
				p.bg = v
			default:
				p.ul = v
			}
		case n == 39:
			p.fg = ""
		case n == 49:
			p.bg = ""
		case n == 59:
			p.ul = ""
		case n >= 30 && n <= 37, n >= 90 && n <= 97:
			p.fg = strconv.Itoa(n)
		case n >= 40 && n <= 47, n >= 100 && n <= 107:
			p.bg = strconv.Itoa(n)
		case n == 4:
			p.attrs |= attrUnderline
			p.under = ""
			if colon {
				if ps[i] == "4:0" {
					p.attrs &^= attrUnderline
				} else {
					p.under = ps[i]
				}
			}
		case n == 24:
			p.attrs &^= attrUnderline
			p.under = ""
		case attrOn[n] != 0:
			p.attrs |= attrOn[n]
		case attrOff[n] != 0:
			p.attrs &^= attrOff[n]
		default:
			p.keep(ps[i])
		}
	}
}

// splitParams is strings.Split(params, ";") into ps, which it reuses.
func splitParams(ps []string, params string) []string {
	for {
		k := strings.IndexByte(params, ';')
		if k < 0 {
			return append(ps, params)
		}
		ps = append(ps, params[:k])
		params = params[k+1:]
	}
}

// keep holds a parameter this model does not know, in order.
func (p *pen) keep(param string) {
	if p.extra != "" {
		p.extra += ";"
	}
	p.extra += param
}

// extendedLen is how many parameters after 38, 48 or 58 give the colour:
// 5;N or 2;R;G;B, else 0.
func extendedLen(ps []string) int {
	switch {
	case len(ps) >= 2 && ps[0] == "5":
		return 2
	case len(ps) >= 4 && ps[0] == "2":
		return 4
	}
	return 0
}

// hyperlink reports whether seq is a complete OSC 8 hyperlink sequence.
func hyperlink(seq string) bool {
	return strings.HasPrefix(seq, "\x1b]8;") && (strings.HasSuffix(seq, "\x07") || strings.HasSuffix(seq, "\x1b\\"))
}
