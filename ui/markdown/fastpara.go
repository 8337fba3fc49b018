package markdown

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/routeplay/routeplay/ui/cells"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Most of a streamed answer is paragraphs of plain and emphasised text.
// For those glamour's cost is its writers: every byte passes one at a time
// through three wrapping writers per enclosing block. A group made of
// nothing else is laid out here the way glamour lays it out: the same
// parse (goldmark with glamour's extensions), the same wrap (ansi.Wrap at
// the paragraph's width, as lipgloss.Wrap does), each run of text in the pen
// glamour gives that kind of text, which is read once from glamour's own
// output for a sample paragraph (learnPens). Anything else (a heading, a
// list, code, a link, an entity, an escape) is left to glamour. The lines
// are byte for byte glamour's in their normal form
// (TestFastParagraphsMatchGlamour).

// fastParser parses as glamour's renderer does.
var fastParser = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.DefinitionList),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
).Parser()

// paraPens are the pens glamour draws paragraph text with, as SGR
// sequences: plain, emphasised and strong text.
type paraPens struct {
	plain, emph, strong string
}

// learnPens renders a sample paragraph pair with glamour and reads the pen
// of each kind of text from it; ok is false when the output is not the
// plain layout fastGroup writes (a style with prefixes, transformed case,
// another margin), so that style always goes through glamour.
func (t *term) learnPens() (paraPens, bool) {
	const sample = "a *b* **c**\n\nd"
	out, ok := t.glamourGroup(sample, false)
	if !ok {
		return paraPens{}, false
	}
	lines := strings.Split(out, "\n")
	if len(lines) != 5 || lines[0] != "" || lines[2] != "" || lines[4] != "" {
		return paraPens{}, false
	}
	margin := strings.Repeat(" ", t.margin)
	pens := map[string]string{}
	for _, line := range lines[1:4:4] {
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, margin) {
			return paraPens{}, false
		}
		for _, c := range penCells(line[len(margin):]) {
			if c.r != " " {
				pens[c.r] = c.sgr
			}
		}
	}
	p := paraPens{plain: pens["a"], emph: pens["b"], strong: pens["c"]}
	if len(pens) != 4 || pens["d"] != p.plain || p.plain == "" {
		return paraPens{}, false
	}
	const reset = "\x1b[m"
	want := "\n" + margin + p.plain + "a " + reset + p.emph + "b " + reset + p.strong + "c" + reset
	if canonical(want+"\n\n"+margin+p.plain+"d\n", t.base) != out {
		return paraPens{}, false
	}
	if first, ok := t.glamourGroup(sample, true); !ok || first != out {
		return paraPens{}, false
	}
	return p, true
}

// penCell is one character and the SGR sequence that draws it.
type penCell struct{ r, sgr string }

// penCells reads a canonical line's characters with their pens.
func penCells(line string) []penCell {
	var out []penCell
	var p pen
	for i := 0; i < len(line); {
		if line[i] == 0x1b {
			n := cells.EscapeLen(line[i:])
			if params, ok := sgrParams(line[i : i+n]); ok {
				p.apply(params)
			}
			i += n
			continue
		}
		size := 1
		for i+size < len(line) && line[i+size]&0xc0 == 0x80 {
			size++
		}
		out = append(out, penCell{r: line[i : i+size], sgr: string(pen{}.appendMove(nil, p))})
		i += size
	}
	return out
}

// fastGroup lays out md as group does when md is only paragraphs of text
// and emphasis; ok is false otherwise.
func (t *term) fastGroup(md string) (string, bool) {
	// A table needs a '|', so this rules tables out too.
	if !t.fastOK || strings.ContainsAny(md, "\\&<`[]|~:@") {
		return "", false
	}
	source := []byte(md)
	doc := fastParser.Parse(text.NewReader(source))
	width := t.width - 2*t.margin
	if width < 1 {
		return "", false
	}
	margin := strings.Repeat(" ", t.margin)
	var b, blk strings.Builder
	for para := doc.FirstChild(); para != nil; para = para.NextSibling() {
		if para.Kind() != ast.KindParagraph {
			return "", false
		}
		blk.Reset()
		if !t.inline(&blk, para, source, t.pens.plain) {
			return "", false
		}
		b.WriteByte('\n')
		// The wrap lipgloss.Wrap does, without its writer: that parses every
		// byte again to set each line's pen afresh, which the pen carried
		// from the line before does here at the cost of its escapes.
		writeCarried(&b, margin, strings.SplitSeq(ansi.Wrap(strings.ReplaceAll(blk.String(), "\n", " "), width, ""), "\n"))
	}
	if b.Len() == 0 {
		return "", false
	}
	return canonical(b.String(), t.base), true
}

// inline writes the runs of a paragraph or an emphasis in their pens;
// false when it holds anything but text and one level of emphasis.
func (t *term) inline(b *strings.Builder, n ast.Node, source []byte, pen string) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(pen)
			b.Write(c.Segment.Value(source))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte('\n')
			}
			b.WriteString("\x1b[m")
		case *ast.Emphasis:
			inner := t.pens.emph
			if c.Level > 1 {
				inner = t.pens.strong
			}
			if pen != t.pens.plain || !t.inline(b, c, source, inner) {
				return false
			}
		default:
			return false
		}
	}
	return true
}
