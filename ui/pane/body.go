package pane

import (
	"strings"

	"github.com/routeplay/routeplay/ui/cells"
	"github.com/routeplay/routeplay/ui/markdown"
)

// bodyPart is a run of a pane body's lines: fixed lines (a prompt, a
// status) or an answer rendered lazily.
type bodyPart struct {
	lines []string
	doc   *markdown.Doc
}

func (b bodyPart) len() int {
	if b.doc == nil {
		return len(b.lines)
	}
	return max(1, b.doc.Len()) // an answer that shows nothing still takes its line
}

// paneBody is a pane's whole body as the scroller sees it. Only the lines
// in view are ever rendered: answers keep their source and render the
// blocks that come into view (see markdown.Doc).
type paneBody struct {
	parts []bodyPart
}

// Len is the number of lines, estimated for answers not rendered yet.
func (b *paneBody) Len() int {
	n := 0
	for _, p := range b.parts {
		n += p.len()
	}
	return n
}

// Lines appends lines [from, to) to out; it renders nothing.
func (b *paneBody) Lines(out []string, from, to int) []string {
	pos := 0
	for _, p := range b.parts {
		if pos >= to {
			break
		}
		n := p.len()
		lo, hi := max(from, pos)-pos, min(to, pos+n)-pos
		switch {
		case lo >= hi:
		case p.doc == nil:
			out = append(out, p.lines[lo:hi]...)
		case p.doc.Len() == 0:
			out = append(out, "")
		default:
			out = p.doc.Lines(out, lo, hi)
		}
		pos += n
	}
	return out
}

// ensure renders the answers' lines in [from, to). shift is how far
// corrected line counts moved the lines at from; changed says the body's
// length changed.
func (b *paneBody) ensure(from, to int) (shift int, changed bool) {
	pos := 0
	for _, p := range b.parts {
		if pos >= to {
			break
		}
		n := p.len()
		if p.doc != nil && pos+n > from {
			s := p.doc.Ensure(max(0, from-pos), to-pos)
			if pos < from {
				shift += s
				from, to = from+s, to+s
			}
			n2 := p.len()
			changed = changed || n2 != n
			n = n2
		}
		pos += n
	}
	return shift, changed
}

// keep drops the rendered lines of answers outside [from, to).
func (b *paneBody) keep(from, to int) {
	pos := 0
	for _, p := range b.parts {
		n := p.len()
		if p.doc != nil {
			p.doc.Keep(from-pos, to-pos)
		}
		pos += n
	}
}

// WrapText wraps at word boundaries, breaking words longer than the width,
// so that no line is wider than width cells. Tabs become spaces first: a
// cell grid has no tab, and pasted code would lose its indentation.
func WrapText(s string, width int) string { return cells.Wrap(cells.ExpandTabs(s), width) }

// splitLines splits rendered text into lines, dropping one trailing newline.
func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// showWindow renders what the pane's window shows, at the end when follow
// is set, and lets go of rendered lines far from it. Rendering corrects
// estimated line counts; the window then moves with the text it showed.
func (p *Pane) showWindow(follow bool) {
	h := p.body.Height()
	if p.content == nil || h < 1 {
		return
	}
	for range 4 {
		if follow {
			p.body.GotoBottom()
		}
		from := p.body.Offset()
		shift, changed := p.content.ensure(from, from+h)
		p.body.Fit()
		if !changed {
			break
		}
		if !follow && shift != 0 {
			p.body.Scroll(shift)
		}
	}
	from := p.body.Offset()
	p.content.keep(from-h, from+2*h)
}
