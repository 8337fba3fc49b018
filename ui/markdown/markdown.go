// Package markdown renders a streaming Markdown answer for a pane at a cost
// linear in the answer's length.
//
// Re-rendering the whole growing answer with glamour on every chunk costs
// O(n²). A Renderer instead splits the answer at its last stable boundary (a
// blank line outside any code fence that starts a new top-level block), renders
// the block groups before it once and keeps the result, and renders only the
// open tail on each call. A tail larger than tailLimit (a huge code block or a
// paragraph without blank lines) is shown as plain soft-wrapped text until it
// becomes stable or the answer is final, so the total cost stays O(n). Glamour
// itself stays the dominant cost: each byte is rendered about once while
// streaming (see BENCH.md for figures).
package markdown

import (
	"strings"
	"unsafe"
)

// tailLimit is the largest open tail rendered with glamour on every call.
// Glamour's dark style costs about 8 ms of CPU for a 1 KiB tail holding a code
// block or a table and 20-30 ms for 4 KiB (measured on a 2-core machine);
// a pane re-renders its tail every frame, so larger tails are shown plain.
const tailLimit = 1 << 10

// minWidth is the narrowest pane glamour is used for; below it text is wrapped plainly.
const minWidth = 10

// Renderer renders one pane's answer. It is not safe for concurrent use.
type Renderer struct {
	style string
	width int
	term  *term // created lazily for (style, width); nil when unusable
	tried bool  // term creation was attempted for the current (style, width)

	src   string // the last input, kept to check that the next one extends it
	clean cleaner
	scan  scanner

	stable    runJoiner  // rendered groups before stableEnd, leading blanks trimmed
	stableEnd int        // offset in the clean text covered by stable
	plainTail *plainText // plain view of an oversized tail starting at stableEnd
	plainAll  *plainText // plain view of the whole text when glamour is not used
	degraded  bool       // a stable group fell back to plain text

	lastLen   int    // clean length of the cached output
	lastFinal bool   // whether the cached output is a final render
	lastOut   string // cached output
	haveLast  bool
}

// New returns a Renderer for a glamour standard style ("dark", "light",
// "notty", "ascii", "dracula", "tokyo-night", "pink") and a pane width in cells.
// An unknown style renders plain wrapped text.
func New(styleName string, width int) *Renderer {
	return &Renderer{style: styleName, width: width}
}

// SetWidth changes the wrap width. Rendered output is dropped and rebuilt on
// the next Render; the glamour renderer is recreated lazily.
func (r *Renderer) SetWidth(w int) {
	if w == r.width {
		return
	}
	r.width = w
	r.dropRenderer()
}

// SetStyle changes the glamour style, like SetWidth.
func (r *Renderer) SetStyle(name string) {
	if name == r.style {
		return
	}
	r.style = name
	r.dropRenderer()
}

// Reset starts a new document.
func (r *Renderer) Reset() {
	r.src = ""
	r.clean.reset()
	r.scan.reset()
	r.dropOutput()
}

func (r *Renderer) dropRenderer() {
	r.term, r.tried = nil, false
	r.dropOutput()
}

// dropOutput forgets everything rendered but keeps the sanitised text and its
// boundaries, which depend on neither width nor style.
func (r *Renderer) dropOutput() {
	r.stable = runJoiner{}
	r.stableEnd = 0
	r.plainTail, r.plainAll = nil, nil
	r.degraded = false
	r.haveLast, r.lastOut = false, ""
}

// Render returns the rendered answer. src is the whole answer so far and
// normally extends the previous src; anything else starts over. With final
// set, the result is a one-shot glamour render of the whole answer (the cached
// groups plus the tail rendered by glamour whatever its size, which gives the
// same bytes, or a whole-document render when the answer holds link reference
// definitions); repeating the call is free. The result has no leading or
// trailing blank lines, and what glamour writes after a line's last visible
// cell (padding, set-then-reset sequences) is left out; see stripPadding.
func (r *Renderer) Render(src string, final bool) string {
	if !extends(src, r.src) {
		r.Reset()
	}
	r.src = src
	r.clean.absorb(src, final)
	text := r.clean.String()
	if r.haveLast && r.lastLen == len(text) && r.lastFinal == final {
		return r.lastOut
	}
	var out string
	if t := r.glamour(); t != nil {
		out = r.renderStreaming(t, text, final)
	} else {
		out = r.renderPlain(text)
	}
	r.lastLen, r.lastFinal, r.lastOut, r.haveLast = len(text), final, out, true
	return out
}

// extends reports whether s starts with prev. A strings.Builder hands out
// strings that share one buffer, so the common case is settled by comparing
// pointers instead of bytes.
func extends(s, prev string) bool {
	if len(s) < len(prev) {
		return false
	}
	if prev == "" || unsafe.StringData(s) == unsafe.StringData(prev) {
		return true
	}
	return s[:len(prev)] == prev
}

// glamour returns the renderer for the current style and width, or nil when
// text must be wrapped plainly (narrow pane, unknown style).
func (r *Renderer) glamour() *term {
	if r.width < minWidth {
		return nil
	}
	if !r.tried {
		r.tried = true
		r.term, _ = newTerm(r.style, r.width)
	}
	return r.term
}

func (r *Renderer) renderPlain(text string) string {
	if r.plainAll == nil {
		r.plainAll = newPlainText(r.width, "")
	}
	return trimTrailingBlank(trimLeadingBlank(r.plainAll.render(text)))
}

func (r *Renderer) renderFinal(t *term, text string) string {
	out, ok := t.document(text)
	if !ok {
		return r.renderPlain(text)
	}
	return trimTrailingBlank(trimLeadingBlank(out))
}

// renderStreaming caches the groups before the last stable boundary and
// renders the tail after it. A final render gives the tail to glamour whatever
// its size; the result equals a one-shot glamour render of the whole text, which
// is what it falls back to when groups cannot be rendered apart.
func (r *Renderer) renderStreaming(t *term, text string, final bool) string {
	b := r.scan.advance(text)
	if final && (!t.incremental || r.scan.refs || r.degraded) {
		return r.renderFinal(t, text)
	}
	if !t.incremental {
		return r.renderPlain(text)
	}
	if b > r.stableEnd {
		r.appendStable(t, text[r.stableEnd:b])
		r.stableEnd = b
		r.plainTail = nil
	}
	tail := r.renderTail(t, text[r.stableEnd:], final)
	if r.stable.empty() {
		tail = trimLeadingBlank(tail)
	}
	tail = trimTrailingBlank(t.join(r.stable.partial, tail))
	stable := r.stable.b.String()
	if tail == "" {
		return trimTrailingBlank(stable)
	}
	return stable + tail
}

// appendStable renders a newly stable run of block groups once.
func (r *Renderer) appendStable(t *term, md string) {
	out, ok := t.groupInPieces(md, r.stableEnd == 0)
	if !ok {
		out = r.plainFallback(t, md)
		r.degraded = true
	}
	if r.stable.empty() {
		out = trimLeadingBlank(out)
	}
	r.stable.add(t, out)
}

// renderTail renders the open tail: with glamour while it is small or final,
// as plain text (wrapped incrementally) once it outgrows tailLimit.
func (r *Renderer) renderTail(t *term, tail string, final bool) string {
	if tail == "" {
		return ""
	}
	if final || (len(tail) <= tailLimit && r.plainTail == nil) {
		if out, ok := t.groupInPieces(tail, r.stableEnd == 0); ok {
			return out
		}
	}
	if r.plainTail == nil {
		r.plainTail = newPlainText(r.width-2*t.margin, strings.Repeat(" ", t.margin))
	}
	return r.plainTail.render(tail)
}

// plainFallback wraps md plainly, aligned with glamour's margin, for a group
// glamour failed on.
func (r *Renderer) plainFallback(t *term, md string) string {
	return newPlainText(r.width-2*t.margin, strings.Repeat(" ", t.margin)).render(md)
}
