package compare

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
)

// maxDiffLines bounds the word diff shown; the rest is counted.
const maxDiffLines = 24

// answered are the turn's runs that succeeded with some text.
func answered(t turnRecord) []*backend.Result {
	var out []*backend.Result
	for _, r := range t.results {
		if r.Err == nil && strings.TrimSpace(r.Text.String()) != "" {
			out = append(out, r)
		}
	}
	return out
}

// diffPairOf is the pair of answers the word diff shows: alt+d steps
// through every pair in route order.
func diffPairOf(n, pick int) (int, int) {
	pairs := n * (n - 1) / 2
	k := pick % pairs
	for i := 0; i < n; i++ {
		if k < n-1-i {
			return i, i + 1 + k
		}
		k -= n - 1 - i
	}
	return 0, 1
}

// wordDiff is the section comparing two answers of the turn word by word,
// as git's --word-diff does: [-only in the first-] {+only in the second+}.
// No section when fewer than two routes answered with text.
func (m Model) wordDiff(t turnRecord) (string, []string) {
	rs := answered(t)
	if len(rs) < 2 {
		return "", nil
	}
	i, j := diffPairOf(len(rs), m.diffPair)
	a, b := rs[i], rs[j]
	key := diffKey{a: a, b: b, width: m.width, more: len(rs) > 2}
	if c := m.diff; c != nil && c.ok && c.key == key {
		return c.title, c.lines
	}
	title, lines := m.diffSection(a, b, len(rs) > 2)
	if m.diff != nil {
		*m.diff = diffMemo{key: key, title: title, lines: lines, ok: true}
	}
	return title, lines
}

// diffKey is what the word diff section depends on besides the styles.
type diffKey struct {
	a, b  *backend.Result
	width int
	more  bool // more than two answers: the section says how to step
}

// diffMemo keeps the last word diff section: comparing two long answers
// word by word takes milliseconds, and the view is redrawn on every
// resize, scope switch and turn. Shared by the view's copies; a change of
// styles gives a copy a new one.
type diffMemo struct {
	key   diffKey
	title string
	lines []string
	ok    bool
}

// diffSection compares answers a and b; more says there are other answers
// to step to.
func (m Model) diffSection(a, b *backend.Result, more bool) (string, []string) {
	nameA, nameB := safetext.Sanitize(a.Route.Name), safetext.Sanitize(b.Route.Name)
	title := "Answers · word diff · " + nameA + " vs " + nameB
	edits := diffWords(safetext.Sanitize(a.Text.String()), safetext.Sanitize(b.Text.String()))
	s := m.styles
	same, onlyA, onlyB := 0, 0, 0
	for _, e := range edits {
		switch e.op {
		case wordSame:
			same += len(e.words)
		case wordOnlyA:
			onlyA += len(e.words)
		case wordOnlyB:
			onlyB += len(e.words)
		}
	}
	var lines []string
	summary := fmt.Sprintf("%s in common · %d only in %s · %d only in %s", figure.Count(same, "word"), onlyA, nameA, onlyB, nameB)
	if onlyA == 0 && onlyB == 0 {
		summary = "the two answers are the same, word for word (" + figure.Count(same, "word") + ")"
	} else {
		lines = m.diffLines(edits, max(1, m.width-2))
	}
	lines = append(lines, "  "+s.label.Render(summary))
	if more {
		lines = append(lines, m.hintLines("alt+d compares the next pair of answers.")...)
	}
	return title, lines
}

// diffLines wraps the diff's words into lines of w cells, as many words a
// line as fit, and keeps the first maxDiffLines of them: only their words
// are styled, the lines after them are only counted, so two long answers
// cost a width per word instead of a styled string per word.
func (m Model) diffLines(edits []wordEdit, w int) []string {
	s := m.styles
	var lines []string
	var cur strings.Builder
	n, curW := 0, -1 // n is the current line's index; curW < 0 before the first word
	for _, e := range edits {
		st, open, shut := s.value, "", ""
		switch e.op {
		case wordOnlyA:
			st, open, shut = s.failed, "[-", "-]"
		case wordOnlyB:
			st, open, shut = s.better, "{+", "+}"
		}
		for k, word := range e.words {
			if open != "" {
				word = mark(word, k, len(e.words), open, shut)
			}
			ww := lipgloss.Width(word)
			switch {
			case curW < 0:
				curW = ww
			case curW+1+ww <= w:
				curW += 1 + ww
				if n < maxDiffLines {
					cur.WriteByte(' ')
				}
			default:
				if n < maxDiffLines {
					lines = append(lines, "  "+cur.String())
					cur.Reset()
				}
				n, curW = n+1, ww
			}
			if n < maxDiffLines {
				cur.WriteString(st.Render(word))
			}
		}
	}
	if curW >= 0 {
		if n < maxDiffLines {
			lines = append(lines, "  "+cur.String())
		}
		n++
	}
	if n > maxDiffLines {
		lines = append(lines, s.label.Render(fmt.Sprintf("  … %d more lines", n-maxDiffLines)))
	}
	return lines
}

// mark opens a run of words with open and closes it with shut, so a run
// reads as one change.
func mark(w string, k, n int, open, shut string) string {
	if k == 0 {
		w = open + w
	}
	if k == n-1 {
		w += shut
	}
	return w
}
