package markdown

import (
	"strings"
	"time"
)

// segMin is the least source a segment holds before a stable boundary may
// close it while it was never rendered: small enough that little of a
// segment partly in view is rendered off screen, while segments that come
// into view together are rendered in one call (mergeAhead), so glamour's
// cost per call (about three padded lines) stays small next to the text.
// A segment already rendered is closed at the next boundary, so no text is
// rendered twice while it streams.
const segMin = 1 << 9

// segment is a run of stable block groups, text[start:end] of the clean
// text. Its lines are rendered only when they are about to be seen and may
// be dropped again; its line count is estimated from the source until then.
type segment struct {
	start, end int
	last       int      // where its last block group starts
	n          int      // line count: exact once measured, else an estimate
	measured   bool     // n is exact
	lines      []string // rendered lines; nil while not rendered or dropped
	// joined says the first line was joined with the line the segment
	// before leaves open; until then it is the segment's own first line.
	joined bool
	// carry is the unterminated line the segment leaves for what follows
	// (see term.join); kept once known, it is a few bytes.
	carry   string
	carryOK bool
}

// Doc is one answer rendered lazily: the same lines as Renderer gives for the
// same input, but only the lines asked for are rendered. Off-screen stable
// blocks stay as source, with an estimated line count that is corrected when
// they are rendered, so a frame costs what is visible whatever the length of
// the answer. It is not safe for concurrent use.
//
// The caller feeds the whole answer so far with Update, asks Ensure to render
// the lines a window will show, then reads them with Lines, which changes
// nothing and may run in a View.
type Doc struct {
	r     Renderer // style, width, glamour, sanitiser, scanner, plain views
	text  string   // the clean text (shares the sanitiser's memory)
	final bool
	stale bool // width or style changed: everything is measured again
	seen  bool // Update has run since the document started

	segs  []segment
	bound int // the last stable boundary: the segments cover text[:bound]

	tail       []string // rendered tail (text[bound:]) once joined and trimmed
	tailOK     bool     // tail is current
	tailJoined bool     // its first line was joined (see segment.joined)
	tailN      int      // the tail's line count, estimated while !tailOK
	hideEnd    int      // trailing blank segment lines hidden because the tail shows nothing

	eager []string // every line, when the answer is not rendered lazily
	lazy  bool
	total int

	at time.Duration // frame time of the last streaming update taken (UpdateAt)
}

// NewDoc returns an empty document for a glamour standard style and a pane
// width in cells (see New).
func NewDoc(style string, width int) *Doc {
	d := &Doc{r: Renderer{style: style, width: width}}
	d.r.scan.cut = d.onCut
	return d
}

// SetWidth changes the wrap width; every line is rendered again when next
// asked for.
func (d *Doc) SetWidth(w int) {
	if w != d.r.width {
		d.r.SetWidth(w)
		d.remeasure()
	}
}

// SetStyle changes the glamour style, like SetWidth.
func (d *Doc) SetStyle(name string) {
	if name != d.r.style {
		d.r.SetStyle(name)
		d.remeasure()
	}
}

// remeasure forgets every rendered line but keeps the segments' bounds,
// which depend on neither width nor style.
func (d *Doc) remeasure() {
	for i := range d.segs {
		d.segs[i] = segment{start: d.segs[i].start, end: d.segs[i].end, last: d.segs[i].last}
	}
	d.r.stableEnd = d.bound
	d.stale = true
}

// onCut takes a stable boundary found by the scanner: the last segment grows
// to it while it is smaller than segMin and not rendered, else a new
// segment ends there.
func (d *Doc) onCut(pos int) {
	if pos <= d.bound {
		return
	}
	if n := len(d.segs); n > 0 && d.segs[n-1].end-d.segs[n-1].start < segMin && !d.segs[n-1].measured {
		d.segs[n-1] = segment{start: d.segs[n-1].start, end: pos, last: d.bound}
	} else {
		d.segs = append(d.segs, segment{start: d.bound, end: pos, last: d.bound})
	}
	d.bound = pos
	d.r.stableEnd = pos
	d.r.plainTail = nil
}

// Update takes the whole answer so far; src normally extends the previous
// one, anything else starts over. final says the answer is complete: the
// tail is then rendered by glamour whatever its size. It reports whether
// anything changed.
func (d *Doc) Update(src string, final bool) bool {
	r := &d.r
	if !extends(src, r.src) {
		r.Reset()
		r.scan.cut = d.onCut
		d.segs, d.bound, d.text, d.seen = nil, 0, "", false
	}
	r.src = src
	r.clean.absorb(src, final)
	text := r.clean.String()
	if d.seen && !d.stale && len(text) == len(d.text) && final == d.final {
		return false
	}
	d.text, d.final, d.stale, d.seen = text, final, false, true
	r.scan.advance(text)
	t := r.glamour()
	switch {
	case t == nil:
		d.setEager(r.renderPlain(text))
	case final && (!t.incremental || r.scan.refs || r.degraded):
		d.setEager(r.renderFinal(t, text))
	case !t.incremental:
		d.setEager(r.renderPlain(text))
	default:
		d.lazy, d.eager = true, nil
		d.tailOK, d.tail, d.hideEnd = false, nil, 0
		w := d.wrapWidth(t)
		for i := len(d.segs) - 1; i >= 0; i-- {
			s := &d.segs[i]
			if s.measured || s.n > 0 {
				break // estimated before, like every segment before it
			}
			s.n = estimate(text[s.start:s.end], w)
		}
		d.tailN = estimate(text[d.bound:], w)
	}
	d.recount()
	return true
}

// streamEvery is the shortest time between two renders of a streaming
// answer: one pace of the playground (two 25 ms frames), 20 renders a
// second. Its open tail is rendered again on every update. Measured on the
// screen, text renewed every 100 ms was up to 130-170 ms old at the 99th
// percentile before it was replaced; every 50 ms it stays under 100 ms
// (PERFORMANCE.md, 6e). A little under the pace, so frame timing never
// makes a render wait a whole pace more.
const streamEvery = 45 * time.Millisecond

// UpdateAt is Update paced for a frame at time now (any monotonic origin):
// while the answer streams, text arriving less than streamEvery after the
// last update taken waits for a later frame, and the lines rendered then
// stay. A final answer, a new one, or a change of width or style is taken
// at once.
func (d *Doc) UpdateAt(src string, final bool, now time.Duration) bool {
	if !final && d.waits(now) && extends(src, d.r.src) {
		return false
	}
	changed := d.Update(src, final)
	if changed {
		d.at = now
	}
	return changed
}

// waits reports whether UpdateAt at time now leaves new streaming text for
// a later frame.
func (d *Doc) waits(now time.Duration) bool {
	return !d.final && d.seen && !d.stale && now-d.at < streamEvery
}

func (d *Doc) setEager(out string) {
	d.lazy, d.tail, d.tailOK = false, nil, false
	d.eager = nil
	if out != "" {
		d.eager = strings.Split(out, "\n")
	}
}

func (d *Doc) wrapWidth(t *term) int { return max(1, d.r.width-2*t.margin) }

func (d *Doc) recount() {
	if !d.lazy {
		d.total = len(d.eager)
		return
	}
	n := d.tailN - d.hideEnd
	if d.tailOK {
		n = len(d.tail) - d.hideEnd
	}
	for i := range d.segs {
		n += d.segs[i].n
	}
	d.total = n
}

// Len is the number of lines: exact for what was rendered, estimated for the
// rest.
func (d *Doc) Len() int { return d.total }

// Ensure renders every line in [from, to) not rendered yet. Rendering
// corrects estimated line counts; shift is how far that moved the lines
// at from and below, so that a caller can keep its window on the same text.
func (d *Doc) Ensure(from, to int) (shift int) {
	if !d.lazy {
		return 0
	}
	t := d.r.glamour()
	pos := 0
	for k := 0; k < len(d.segs); k++ { // mergeAhead shortens d.segs
		if pos >= to {
			break
		}
		s := &d.segs[k]
		if pos+s.n > from && s.lines == nil {
			d.mergeAhead(k, to-pos)
			s = &d.segs[k]
			before := s.n
			d.render(t, k)
			if pos < from {
				shift += s.n - before
				from, to = from+s.n-before, to+s.n-before
			}
		}
		if pos >= from && pos < to && !s.joined {
			d.joinFirst(t, k)
		}
		pos += s.n
	}
	if !d.tailOK && pos < to && pos+d.tailN >= from {
		d.renderTail(t)
	}
	if start := pos - d.hideEnd; d.tailOK && !d.tailJoined && start >= from && start < to {
		if c := d.carryInto(t, len(d.segs)); c != "" {
			d.tail[0] = t.joinLine(c, d.tail[0])
		}
		d.tailJoined = true
	}
	d.recount()
	return shift
}

// render renders segment k and measures it. Its first line is joined with
// what the segment before leaves open only when it is shown (joinFirst):
// that needs the segment before, and the line count does not depend on it.
func (d *Doc) render(t *term, k int) {
	s := &d.segs[k]
	raw := d.raw(t, k)
	s.measured, s.carryOK = true, true
	nl := strings.LastIndexByte(raw, '\n')
	if nl < 0 {
		s.lines, s.n, s.joined = []string{}, 0, true
		s.carry = t.join(d.carryInto(t, k), raw)
		return
	}
	s.lines, s.joined = strings.Split(raw[:nl], "\n"), false
	s.n, s.carry = len(s.lines), raw[nl+1:]
}

// joinFirst joins segment k's first line with what precedes it.
func (d *Doc) joinFirst(t *term, k int) {
	s := &d.segs[k]
	if len(s.lines) > 0 {
		if c := d.carryInto(t, k); c != "" {
			s.lines[0] = t.joinLine(c, s.lines[0])
		}
	}
	s.joined = true
}

// raw is segment k rendered on its own, before joining what precedes it.
func (d *Doc) raw(t *term, k int) string {
	s := &d.segs[k]
	md := d.text[s.start:s.end]
	out, ok := t.groupInPieces(md, s.start == 0)
	if !ok {
		out = d.r.plainFallback(t, md)
		d.r.degraded = true
	}
	if d.leads(k) {
		out = trimLeadingBlank(out)
	}
	return out
}

// leads reports whether nothing is shown before segment k (k == len(segs)
// is the tail), so its leading blank lines go. A segment not rendered yet
// is taken to show something.
func (d *Doc) leads(k int) bool {
	for j := k - 1; j >= 0; j-- {
		s := d.segs[j]
		if !s.measured || s.n > 0 || s.carry != "" {
			return false
		}
	}
	return true
}

// carryInto is the unterminated line that segment k (or the tail) continues.
// When the segment before was never rendered, only its output's last line
// is needed: that is its last block group's last line, which depends on
// nothing before unless the group's output has no newline at all, or the
// segment leads the answer (its blank lines are trimmed).
func (d *Doc) carryInto(t *term, k int) string {
	if k == 0 {
		return ""
	}
	p := &d.segs[k-1]
	if p.carryOK {
		return p.carry
	}
	if !d.leads(k - 1) {
		out, ok := t.groupInPieces(d.text[p.last:p.end], p.last == 0)
		if nl := strings.LastIndexByte(out, '\n'); ok && nl >= 0 {
			p.carry, p.carryOK = out[nl+1:], true
			return p.carry
		}
	}
	d.render(t, k-1)
	return p.carry
}

// renderTail renders the open text after the last stable boundary as
// Renderer does: with glamour while small or final, else plainly.
func (d *Doc) renderTail(t *term) {
	k := len(d.segs)
	raw := d.r.renderTail(t, d.text[d.bound:], d.final)
	if d.leads(k) {
		raw = trimLeadingBlank(raw)
	}
	d.tail, d.tailOK, d.tailJoined, d.hideEnd = nil, true, true, 0
	// Joining changes the first line only; with a visible line after it,
	// trimming the blank lines at the end does not reach it, so the join
	// waits until the first line is shown.
	if own := trimTrailingBlank(raw); strings.IndexByte(own, '\n') >= 0 {
		d.tail, d.tailJoined = strings.Split(own, "\n"), false
		return
	}
	if joined := trimTrailingBlank(t.join(d.carryInto(t, k), raw)); joined != "" {
		d.tail = strings.Split(joined, "\n")
		return
	}
	d.hideEnd = d.trailingBlanks(t)
}

// trailingBlanks counts the blank lines the segments end with, rendering
// segments from the end until one shows something.
func (d *Doc) trailingBlanks(t *term) int {
	n := 0
	for k := len(d.segs) - 1; k >= 0; k-- {
		if d.segs[k].lines == nil {
			d.render(t, k)
		}
		lines := d.segs[k].lines
		for i := len(lines) - 1; i >= 0; i-- {
			if !blankRendered(lines[i]) {
				return n
			}
			n++
		}
	}
	return n
}
