package markdown

import "strings"

// A streamed answer's segments mostly hold a code block or a list next to
// paragraphs, so fastGroup, which takes a group only when it is all
// paragraphs, would leave most text to glamour. mixedGroup cuts such a
// group at its stable boundaries (the ones the scanner finds for the
// Renderer and Doc, where rendering apart gives the same lines) into runs
// of blocks: each block fastGroup or fastCode takes is laid out by it,
// every other run goes to glamour as before, and the outputs join as stable
// groups join (term.join). The result is glamourGroup's for the whole
// group, byte for byte (TestMixedGroupsMatchGlamour).

// mixedGroup lays out md as glamourGroup does, its paragraphs with
// fastGroup and its code blocks with fastCode; ok is false when md has no
// block either takes or anything about it asks for one render (a table, a
// link reference definition), so glamour renders it whole.
func (t *term) mixedGroup(md string, first bool) (string, bool) {
	if !t.fastOK || hasTable(md) {
		return "", false
	}
	cuts, ok := blockCuts(md)
	if !ok {
		return "", false
	}
	var j runJoiner
	fast := false
	slow := -1 // start of the pending run for glamour, if any
	for i := 0; i+1 < len(cuts); i++ {
		from, to := cuts[i], cuts[i+1]
		out, ok := t.fastGroup(md[from:to])
		if !ok {
			out, ok = t.fastCode(md[from:to], first && from == 0)
		}
		if !ok {
			if slow < 0 {
				slow = from
			}
			continue
		}
		if slow >= 0 && !t.slowRun(&j, md[slow:from], first && slow == 0) {
			return "", false
		}
		slow, fast = -1, true
		j.add(t, out)
	}
	if !fast || slow >= 0 && !t.slowRun(&j, md[slow:], first && slow == 0) {
		return "", false
	}
	return j.String(), true
}

// slowRun renders with glamour a run of blocks neither fast layout takes.
func (t *term) slowRun(j *runJoiner, md string, first bool) bool {
	out, ok := t.glamourGroup(md, first)
	if ok {
		j.add(t, out)
	}
	return ok
}

// blockCuts returns the starts of md's top-level block groups (its stable
// boundaries, 0 first) and len(md) last; ok is false when md holds a
// single group or a link reference definition, which can change how text
// in any other group renders.
func blockCuts(md string) ([]int, bool) {
	cuts := []int{0}
	sc := scanner{cut: func(pos int) {
		// Blank lines at the start are not a block of their own: glamour
		// renders them only as part of what follows.
		from := cuts[len(cuts)-1]
		if pos > from && pos < len(md) && strings.TrimLeft(md[from:pos], " \t\r\n") != "" {
			cuts = append(cuts, pos)
		}
	}}
	sc.advance(md)
	if sc.refs || len(cuts) < 2 {
		return nil, false
	}
	return append(cuts, len(md)), true
}
