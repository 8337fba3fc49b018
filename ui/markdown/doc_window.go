package markdown

// segMerge bounds a segment made of several by mergeAhead, so that one
// coming back into view costs a bounded render.
const segMerge = 4 * segMin

// mergeAhead joins to segment k, never rendered, the segments after it that
// were never rendered either and start within the next span lines, up to
// segMerge bytes: they are about to be rendered together, and one glamour
// call costs about three padded lines whatever its size. A run of stable
// block groups renders the same in one piece as in several.
func (d *Doc) mergeAhead(k, span int) {
	s := &d.segs[k]
	if s.measured {
		return
	}
	n, end := s.n, k+1
	for end < len(d.segs) && n < span {
		next := d.segs[end]
		if next.measured || next.lines != nil || next.end-s.start > segMerge {
			break
		}
		n += next.n
		end++
	}
	if end == k+1 {
		return
	}
	last := d.segs[end-1]
	*s = segment{start: s.start, end: last.end, last: last.last, n: n}
	d.segs = append(d.segs[:k+1], d.segs[end:]...)
}

// Lines appends the lines in [from, to) to out. Lines not rendered (Ensure
// was not asked for them) are empty. It changes nothing.
func (d *Doc) Lines(out []string, from, to int) []string {
	to = min(to, d.total)
	if from >= to {
		return out
	}
	if !d.lazy {
		return append(out, d.eager[from:to]...)
	}
	pos := 0
	segEnd := d.total - len(d.tail)
	if !d.tailOK {
		segEnd = d.total - d.tailN
	}
	for k := 0; k < len(d.segs) && pos < to; k++ {
		s := &d.segs[k]
		for i := max(from, pos); i < min(to, pos+s.n, segEnd); i++ {
			line := ""
			if s.lines != nil {
				line = s.lines[i-pos]
			}
			out = append(out, line)
		}
		pos += s.n
	}
	for i := max(from, segEnd); i < to; i++ {
		line := ""
		if d.tailOK {
			line = d.tail[i-segEnd]
		}
		out = append(out, line)
	}
	return out
}

// Keep drops the rendered lines of segments wholly outside [from, to); their
// line counts stay exact.
func (d *Doc) Keep(from, to int) {
	pos := 0
	for k := range d.segs {
		s := &d.segs[k]
		if s.lines != nil && (pos+s.n <= from || pos >= to) {
			s.lines, s.joined = nil, false
		}
		pos += s.n
	}
}
