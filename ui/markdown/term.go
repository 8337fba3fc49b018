package markdown

import (
	"fmt"
	"strings"
	"sync"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	chromastyles "github.com/alecthomas/chroma/v2/styles"

	"github.com/routeplay/routeplay/ui/cells"
)

// glamourCodeTheme is the name under which glamour registers the current
// style's code colours in chroma's process-wide registry. Glamour registers it
// once, for whichever style first renders a code block, and reuses it for
// every style after: switching from dark to light would keep dark's code
// colours (light grey on a light background). Before rendering with another
// style than the last one, the entry is removed so glamour registers the
// right colours again. All renders of this package take the lock, so they
// never race on that registry entry with each other.
const glamourCodeTheme = "charm"

var codeTheme struct {
	sync.Mutex
	style string // the style whose code colours are registered, if any
}

// sentinel is a paragraph rendered in front of every block group that is not
// the document's first, so that glamour treats the group's first block as
// having a predecessor, exactly as it does inside the whole document. Its
// rendered line is then cut off. Only the document prefix, which holds no
// text, comes before it, so the first match in the output is the sentinel.
const sentinel = "ZQZ"

// term wraps one glamour renderer for a (style, width) pair and knows the
// frame glamour puts around every document: a prefix before the first line
// and a suffix after the last.
type term struct {
	style  string
	tr     *glamour.TermRenderer
	head   string // the prefix plus the sentinel paragraph's line
	suffix string
	margin int    // document margin in cells, used to align plain fallbacks
	pad    string // what glamour writes for one cell of padding at a line's end
	// base is the document colour lifted out of the style tr renders with
	// (see lift.go), or "" when the style is rendered as it ships; std is
	// then the style as it ships, for groups holding a table.
	base      string
	std       *glamour.TermRenderer
	stdSuffix string // the document suffix std writes
	width     int
	// pens are glamour's pens for paragraph text; fastOK says paragraphs
	// may be laid out without glamour (see fastGroup).
	pens   paraPens
	fastOK bool
	// stripPad is set when pad shows nothing on screen (no background), so
	// trailing padding can be dropped.
	stripPad bool
	// incremental is false when the style breaks the assumptions that make
	// block groups concatenate; such a style is then rendered only when final.
	incremental bool
	// codeTheme names the chroma style tr highlights code with ("" when it
	// does not); code is the frame of fastCode, learned on first use.
	codeTheme string
	code      codeFrame
}

func newTerm(style string, width int) (*term, error) {
	cfg, lifted, base, ok := styleConfig(style)
	if !ok {
		return nil, fmt.Errorf("markdown: unknown glamour style %q", style)
	}
	tr, err := glamour.NewTermRenderer(glamourOptions(cfg, width)...)
	if err != nil {
		return nil, fmt.Errorf("markdown: glamour style %q: %w", style, err)
	}
	t := &term{style: style, tr: tr, width: width, codeTheme: chromaTheme(cfg)}
	if base != "" {
		t.std, t.base, t.codeTheme = tr, base, chromaTheme(lifted)
		if t.tr, err = glamour.NewTermRenderer(glamourOptions(lifted, width)...); err != nil {
			return nil, fmt.Errorf("markdown: glamour style %q: %w", style, err)
		}
	}
	if cfg.Document.Margin != nil {
		t.margin = int(*cfg.Document.Margin)
	}
	t.learnFrame(width)
	if t.base != "" && t.incremental {
		t.pens, t.fastOK = t.learnPens()
	}
	return t, nil
}

// chromaTheme names the chroma style glamour highlights code with under
// cfg: its own, registered as glamourCodeTheme, when cfg sets code colours.
func chromaTheme(cfg ansi.StyleConfig) string {
	if cfg.CodeBlock.Chroma != nil {
		return glamourCodeTheme
	}
	return cfg.CodeBlock.Theme
}

// glamourOptions configures glamour for a style and width, with the
// deterministic code formatter (see codeFormatter).
func glamourOptions(cfg ansi.StyleConfig, width int) []glamour.TermRendererOption {
	return []glamour.TermRendererOption{
		glamour.WithStyles(cfg),
		glamour.WithWordWrap(width),
		glamour.WithChromaFormatter(codeFormatter),
	}
}

// learnFrame measures the document frame from two tiny renders: the sentinel
// alone gives prefix + sentinel line + suffix, the empty document gives
// prefix + suffix. The sentinel's line also shows what one cell of padding is.
func (t *term) learnFrame(width int) {
	withSentinel, ok1 := t.render(sentinel)
	empty, ok2 := t.render("")
	head, suffix, ok := frameOf(withSentinel, empty)
	if !ok1 || !ok2 || !ok {
		return
	}
	t.head, t.suffix = head, suffix
	if t.base != "" {
		// Lifted output takes its normal form from canonLine; a table's
		// renderer pads the document's frame in its own way.
		t.stripPad = true
		t.incremental = withSentinel == t.head+t.suffix
		t.head = t.normal(t.head, "")
		stdSuffix, ok := frameSuffix(t.std)
		t.stdSuffix, t.incremental = stdSuffix, t.incremental && ok
		return
	}
	t.pad = padUnit(strings.TrimSuffix(head, "\n"), width-2*t.margin-len(sentinel))
	t.stripPad = t.pad != "" && !paints(t.pad)
	t.incremental = t.stripPad && withSentinel == t.head+t.suffix
	t.head = t.stripPadding(t.head)
}

// frameSuffix is the document suffix tr writes, learnt as learnFrame does.
func frameSuffix(tr *glamour.TermRenderer) (string, bool) {
	withSentinel, err1 := tr.Render(sentinel)
	empty, err2 := tr.Render("")
	_, suffix, ok := frameOf(withSentinel, empty)
	return suffix, ok && err1 == nil && err2 == nil
}

// frameOf measures the frame glamour puts around a document from the
// sentinel rendered alone and the empty document: the head (the prefix and
// the sentinel's line) and the suffix.
func frameOf(withSentinel, empty string) (head, suffix string, ok bool) {
	k := strings.Index(withSentinel, sentinel)
	if k < 0 {
		return "", "", false
	}
	end := strings.IndexByte(withSentinel[k:], '\n')
	if end < 0 {
		return "", "", false
	}
	prefix := withSentinel[:strings.LastIndexByte(withSentinel[:k], '\n')+1]
	if !strings.HasPrefix(empty, prefix) {
		return "", "", false
	}
	return withSentinel[:k+end+1], empty[len(prefix):], true
}

// paints reports whether an SGR-styled cell shows anything when it holds a
// space: a background colour or reverse video.
func paints(cell string) bool {
	for cell != "" {
		i := strings.Index(cell, "\x1b[")
		if i < 0 {
			return false
		}
		cell = cell[i+2:]
		end := strings.IndexByte(cell, 'm')
		if end < 0 {
			return false
		}
		for _, p := range strings.Split(cell[:end], ";") {
			if p == "7" || p == "48" || (len(p) == 2 && p[0] == '4' && p[1] <= '7') || (len(p) == 3 && p[:2] == "10") {
				return true
			}
		}
		cell = cell[end+1:]
	}
	return false
}

// stripPadding removes what glamour writes after the last visible cell of
// every line: padding up to the wrap width, and escape sequences that only set
// and reset the pen. Padding is spaces without a background, so nothing on
// screen changes, but it is most of glamour's output (one SGR sequence per
// cell) and would be copied on every frame by everything downstream. A line
// that lost escape sequences ends with a reset, so no style leaks past it.
// Every output goes through this one normal form, so how glamour happens to
// interleave padding and pen changes at a line's end cannot tell a whole
// document from one rendered in groups.
func (t *term) stripPadding(s string) string {
	if !t.stripPad {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for s != "" {
		line, rest, found := strings.Cut(s, "\n")
		if !found {
			// An unterminated last line is left as it is: the next group
			// continues it (see join).
			b.WriteString(line)
			break
		}
		b.WriteString(t.trimLineEnd(line))
		b.WriteByte('\n')
		s = rest
	}
	return b.String()
}

func (t *term) trimLineEnd(line string) string {
	if t.base != "" {
		// Both halves of a joined line are canonical already, the
		// document colour given where it belongs.
		return canonLine(line, "")
	}
	reset := false
	for {
		if strings.HasSuffix(line, t.pad) {
			line = line[:len(line)-len(t.pad)]
		} else if n := trailingSGR(line); n > 0 {
			line, reset = line[:len(line)-n], true
		} else {
			break
		}
	}
	if reset {
		line += "\x1b[m"
	}
	return line
}

// trailingSGR returns the length of the SGR sequence (ESC [ params m) that
// line ends with, or 0.
func trailingSGR(line string) int {
	if !strings.HasSuffix(line, "m") {
		return 0
	}
	i := len(line) - 2
	for i >= 0 && (line[i] == ';' || (line[i] >= '0' && line[i] <= '9')) {
		i--
	}
	if i < 1 || line[i] != '[' || line[i-1] != '\x1b' {
		return 0
	}
	return len(line) - (i - 1)
}

// padUnit finds the unit that line ends with n repeats of.
func padUnit(line string, n int) string {
	if n <= 0 {
		return ""
	}
	for size := 1; size*n <= len(line) && size <= 64; size++ {
		unit := line[len(line)-size:]
		if strings.HasSuffix(line, strings.Repeat(unit, n)) {
			return unit
		}
	}
	return ""
}

// render runs glamour on md. Model output is untrusted, so a panic inside the
// Markdown stack degrades this piece to plain text instead of taking the TUI down.
func (t *term) render(md string) (out string, ok bool) {
	codeTheme.Lock()
	defer codeTheme.Unlock()
	if codeTheme.style != t.style {
		delete(chromastyles.Registry, glamourCodeTheme)
		codeTheme.style = t.style
	}
	defer func() {
		if recover() != nil {
			out, ok = "", false
		}
	}()
	tr := t.tr
	if t.ships(md) {
		tr = t.std
	}
	out, err := tr.Render(cells.ExpandTabs(md))
	return out, err == nil
}

// ships reports whether md is rendered with the style as it ships rather
// than the lifted one: a table's borders keep the terminal's colour.
func (t *term) ships(md string) bool { return t.std != nil && hasTable(md) }

// normal is glamour's output for md, with the document suffix already
// removed, in the normal form every output takes (see stripPadding).
func (t *term) normal(out, md string) string {
	switch {
	case t.base == "":
		return t.stripPadding(out)
	case t.ships(md):
		return canonical(out, "")
	}
	return canonical(out, t.base)
}

// suffixOf is the document suffix of glamour's output for md.
func (t *term) suffixOf(md string) string {
	if t.ships(md) {
		return t.stdSuffix
	}
	return t.suffix
}

// group renders one block group. The first group of a document is rendered as
// it is; later ones behind the sentinel, whose line is then removed. The
// document suffix is removed too, so groups concatenate into the document's
// body. The result may end with an unterminated line: glamour closes some
// blocks with an escape sequence after their last newline.
func (t *term) group(md string, first bool) (string, bool) {
	// A group starts at a line start, so its tab stops are the document's;
	// the layouts that skip glamour must not see a tab either.
	md = cells.ExpandTabs(md)
	if out, ok := t.fastGroup(md); ok {
		return out, true
	}
	if out, ok := t.fastCode(md, first); ok {
		return out, true
	}
	if out, ok := t.mixedGroup(md, first); ok {
		return out, true
	}
	return t.glamourGroup(md, first)
}

// glamourGroup is group rendered by glamour.
func (t *term) glamourGroup(md string, first bool) (string, bool) {
	if first {
		out, ok := t.render(md)
		return t.normal(strings.TrimSuffix(out, t.suffixOf(md)), md), ok
	}
	md = sentinel + "\n\n" + md
	out, ok := t.render(md)
	if !ok {
		return "", false
	}
	out = t.normal(strings.TrimSuffix(out, t.suffixOf(md)), md)
	if !strings.HasPrefix(out, t.head) {
		return "", false
	}
	return out[len(t.head):], true
}

// document renders a whole document.
func (t *term) document(md string) (string, bool) {
	out, ok := t.render(md)
	return t.normal(out, md), ok
}
