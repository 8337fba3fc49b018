package markdown

import "strings"

// classifyMin is how many bytes of a line are enough to know whether it starts a
// list item or is indented: an ordered marker is at most nine digits, a
// delimiter and a space.
const classifyMin = 16

// fence is an open fenced code block: its character (` or ~), the length of its
// opening run and the indentation of the opening line.
type fence struct {
	char   byte
	length int
	indent int
}

// scanner finds the last stable boundary of a growing Markdown text: the start
// of a line that follows a blank line outside any fenced code block and begins
// a new top-level block. Text before a stable boundary renders the same on its
// own as inside the whole document, so it can be rendered once and cached.
//
// A blank line is not a boundary when the next line is indented (a list item's
// continuation or an indented code block) or continues a list that is already
// open: glamour would render the halves as two lists.
type scanner struct {
	pos      int    // start of the first line not yet consumed
	open     fence  // zero char when no fence is open
	htmlEnd  string // while an HTML block that may hold blank lines is open: what ends it
	sawBlank bool   // a blank line outside a fence precedes pos
	inList   bool   // the block group since the last boundary holds a list
	inDefs   bool   // ... or a definition list
	boundary int    // the last stable boundary found
	// refs is set once a link reference definition appears: it can change how
	// text in other groups renders, so only a whole-document render is exact.
	refs bool
	// cut, when set, hears of every stable boundary as it is found (the same
	// one may be reported again while its line is incomplete).
	cut func(pos int)
}

func (s *scanner) reset() { *s = scanner{cut: s.cut} }

// advance consumes the complete lines of text past s.pos and returns the last
// stable boundary. text must extend the text of earlier calls.
func (s *scanner) advance(text string) int {
	for s.pos < len(text) {
		rest := text[s.pos:]
		nl := strings.IndexByte(rest, '\n')
		if nl < 0 {
			// An incomplete line can still settle a pending boundary once its
			// start is known; it is consumed when its newline arrives.
			if s.sawBlank && s.open.char == 0 && len(rest) >= classifyMin {
				s.decide(rest)
			}
			break
		}
		s.line(rest[:nl])
		s.pos += nl + 1
	}
	return s.boundary
}

// line consumes one complete line (without its newline).
func (s *scanner) line(l string) {
	if s.open.char != 0 {
		if closesFence(l, s.open) {
			s.open = fence{}
		}
		return
	}
	if s.htmlEnd != "" {
		if strings.Contains(strings.ToLower(l), s.htmlEnd) {
			s.htmlEnd = ""
		}
		return
	}
	if isBlank(l) {
		s.sawBlank = true
		return
	}
	if s.sawBlank {
		s.decide(l)
		s.sawBlank = false
	}
	if isListItem(l) {
		s.inList = true
	}
	if isDefinition(l) {
		s.inDefs = true
	}
	if isReferenceDefinition(l) {
		s.refs = true
	}
	if f, ok := opensFence(l, s.inList); ok {
		s.open = f
	}
	s.htmlEnd = opensRawHTML(l)
}

// rawHTMLEnds lists the HTML blocks that CommonMark keeps open across blank
// lines (kinds 1-5), by how they start and what ends them.
var rawHTMLEnds = []struct{ start, end string }{
	{"<!--", "-->"}, {"<?", "?>"}, {"<![cdata[", "]]>"},
	{"<pre", "</pre>"}, {"<script", "</script>"}, {"<style", "</style>"}, {"<textarea", "</textarea>"},
}

// opensRawHTML returns what ends the HTML block l opens when that block may
// hold blank lines and does not end on l itself, or "".
func opensRawHTML(l string) string {
	indent, rest := indentOf(l)
	if indent > 3 || !strings.HasPrefix(rest, "<") {
		return ""
	}
	lower := strings.ToLower(rest)
	for _, h := range rawHTMLEnds {
		if strings.HasPrefix(lower, h.start) && !strings.Contains(lower[len(h.start):], h.end) {
			return h.end
		}
	}
	if len(lower) > 2 && lower[1] == '!' && lower[2] >= 'a' && lower[2] <= 'z' && !strings.Contains(lower, ">") {
		return ">"
	}
	return ""
}

// decide settles the boundary before the line starting with l, which follows
// a blank line. It only looks at the start of l, so deciding again on a longer
// prefix of the same line gives the same answer.
//
// Up to three spaces of indentation start a block as no indentation does
// (models often open a paragraph with a token's leading space), except in a
// list or a definition list, where they may continue an item; four or more
// are code or a continuation.
func (s *scanner) decide(l string) {
	indent, rest := indentOf(l)
	if indent >= 4 || rest == "" || indent > 0 && (s.inList || s.inDefs) {
		return
	}
	if s.inList && isListItem(l) {
		return
	}
	// ": text" after a blank line is a definition of the term above it, and
	// inside a definition list any line may be the next term; only a heading
	// or a fence is sure to start a new block.
	if isDefinition(rest) {
		return
	}
	if _, fenced := opensFence(l, false); s.inDefs && rest[0] != '#' && !fenced {
		return
	}
	s.boundary = s.pos
	s.inList, s.inDefs = false, false
	if s.cut != nil {
		s.cut(s.pos)
	}
}

// isDefinition reports whether l is a definition-list definition (": text").
func isDefinition(l string) bool {
	return l[0] == ':' && (len(l) == 1 || l[1] == ' ' || l[1] == '\t')
}

func isBlank(l string) bool {
	return strings.TrimLeft(l, " \t\r") == ""
}

// indentOf returns the width of the leading whitespace (a tab counts to the next
// multiple of four, as in CommonMark) and the rest of the line.
func indentOf(l string) (int, string) {
	n := 0
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case ' ':
			n++
		case '\t':
			n += 4 - n%4
		default:
			return n, l[i:]
		}
	}
	return n, ""
}

// isListItem reports whether l starts a bullet or ordered list item at any
// indentation.
func isListItem(l string) bool {
	_, rest := indentOf(l)
	if rest == "" {
		return false
	}
	if c := rest[0]; c == '-' || c == '+' || c == '*' {
		return len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t'
	}
	digits := 0
	for digits < len(rest) && digits < 10 && rest[digits] >= '0' && rest[digits] <= '9' {
		digits++
	}
	if digits == 0 || digits > 9 || digits == len(rest) {
		return false
	}
	if d := rest[digits]; d != '.' && d != ')' {
		return false
	}
	after := rest[digits+1:]
	return after == "" || after[0] == ' ' || after[0] == '\t'
}

// isReferenceDefinition reports whether l looks like "[label]: destination".
func isReferenceDefinition(l string) bool {
	indent, rest := indentOf(l)
	if indent > 3 || !strings.HasPrefix(rest, "[") {
		return false
	}
	end := strings.Index(rest, "]:")
	return end > 1
}

// opensFence reports whether l opens a fenced code block. Inside a list a fence
// may be indented as deep as the item's content; elsewhere at most three spaces.
func opensFence(l string, inList bool) (fence, bool) {
	indent, rest := indentOf(l)
	if indent > 3 && !inList {
		return fence{}, false
	}
	if rest == "" || (rest[0] != '`' && rest[0] != '~') {
		return fence{}, false
	}
	c := rest[0]
	n := runOf(rest, c)
	if n < 3 {
		return fence{}, false
	}
	// A backtick fence's info string cannot hold a backtick (that is a code span).
	if c == '`' && strings.IndexByte(rest[n:], '`') >= 0 {
		return fence{}, false
	}
	return fence{char: c, length: n, indent: indent}, true
}

// closesFence reports whether l closes f: the same character, at least as long,
// nothing but whitespace after, indented less than f's content would need to be
// to count as code.
func closesFence(l string, f fence) bool {
	indent, rest := indentOf(l)
	if indent >= f.indent+4 {
		return false
	}
	n := runOf(rest, f.char)
	return n >= f.length && isBlank(rest[n:])
}

func runOf(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}
