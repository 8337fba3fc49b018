package markdown

import (
	"slices"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	chromastyles "github.com/alecthomas/chroma/v2/styles"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// A fenced code block costs glamour a parse and its writers on top of the
// highlighting, about as much again. A group that is one fenced code block
// whose lines all fit is laid out here instead: chroma highlights the code
// as glamour has it do (the same lexer choice, style and formatter), and
// the lines take the frame glamour gives a sample block, each line set in
// the pen the one before ended in, as glamour's wrapping writer does. The
// lines are byte for byte glamour's in their normal form
// (TestFastCodeMatchesGlamour).

// codeFrame is what glamour writes around a code block's lines, learned
// from a sample block, and the chroma style it highlights with.
type codeFrame struct {
	learned, ok bool
	head, tail  [2]string // before the first code line and after the last one's newline, for a first group and a later one
	indent      string    // before each code line
	style       *chroma.Style
}

// codeSample is a sample block. It names its language: without one, chroma
// tries every lexer's analyser on the code, which costs milliseconds.
const codeSample = "```text\nQZQ\n```\n"

// learnCode reads the frame from glamour's render of the sample, then
// checks that the fast layout gives the same lines; ok is false when
// anything differs from the expected shape.
func (t *term) learnCode() codeFrame {
	f := codeFrame{learned: true}
	if !t.fastOK || t.codeTheme == "" {
		return f
	}
	want := [2]string{}
	for i, first := range []bool{true, false} {
		out, ok := t.glamourGroup(codeSample, first)
		if !ok {
			return f
		}
		k := strings.Index(out, "QZQ")
		if k < 0 {
			return f
		}
		start := strings.LastIndexByte(out[:k], '\n') + 1
		end := strings.IndexByte(out[k:], '\n')
		if end < 0 {
			return f
		}
		end += k
		line := out[start:end]
		indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
		if i > 0 && indent != f.indent {
			return f
		}
		f.indent, f.head[i], f.tail[i], want[i] = indent, out[:start], out[end+1:], out
	}
	f.style = t.codeStyle()
	if f.style == nil {
		return f
	}
	f.ok = true
	for i, first := range []bool{true, false} {
		if got, ok := t.layoutCode(f, codeSample, first); !ok || got != want[i] {
			f.ok = false
		}
	}
	return f
}

// codeStyle is the chroma style glamour highlights this term's code with.
// Glamour registers its own code style under one name for whichever style
// last rendered (see term.render), so that entry is read under the lock,
// and only while it is this term's.
func (t *term) codeStyle() *chroma.Style {
	if t.codeTheme != glamourCodeTheme {
		return chromastyles.Get(t.codeTheme)
	}
	codeTheme.Lock()
	defer codeTheme.Unlock()
	if codeTheme.style != t.style {
		return nil
	}
	return chromastyles.Registry[glamourCodeTheme]
}

// fastCode lays out md as group does when md is one fenced code block
// whose lines fit; ok is false otherwise.
func (t *term) fastCode(md string, first bool) (string, bool) {
	if !strings.HasPrefix(md, "```") && !strings.HasPrefix(md, "~~~") {
		return "", false
	}
	if !t.code.learned {
		t.code = t.learnCode()
	}
	if !t.code.ok {
		return "", false
	}
	return t.layoutCode(t.code, md, first)
}

func (t *term) layoutCode(f codeFrame, md string, first bool) (string, bool) {
	source := []byte(md)
	block, ok := fastParser.Parse(text.NewReader(source)).FirstChild().(*ast.FencedCodeBlock)
	if !ok || block.NextSibling() != nil {
		return "", false
	}
	var code strings.Builder
	lines := block.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		code.Write(seg.Value(source))
	}
	src := code.String()
	if src == "" || !strings.HasSuffix(src, "\n") {
		return "", false
	}
	room := t.width - t.margin - len(f.indent)
	for line := range strings.SplitSeq(src, "\n") {
		if ansi.StringWidth(line) > room {
			return "", false // glamour would wrap it
		}
	}
	lexer := lexers.Get(string(block.Language(source)))
	if lexer == nil {
		lexer = lexers.Analyse(src)
	}
	if lexer == nil {
		lexer = lexers.Fallback
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, src)
	if err != nil {
		return "", false
	}
	var hl strings.Builder
	if err := formatCode(&hl, f.style, it); err != nil {
		return "", false
	}
	k := 1
	if first {
		k = 0
	}
	var b strings.Builder
	b.WriteString(f.head[k])
	// The formatter's output ends with the code's last newline and the
	// escapes after it, which no line shows.
	hlLines := strings.Split(hl.String(), "\n")[:strings.Count(src, "\n")]
	writeCarried(&b, f.indent, slices.Values(hlLines))
	b.WriteString(f.tail[k])
	return canonical(b.String(), t.base), true
}
