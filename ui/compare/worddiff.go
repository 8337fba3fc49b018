package compare

import "strings"

// wordOp is one step of a word diff.
type wordOp int

const (
	wordSame wordOp = iota
	wordOnlyA
	wordOnlyB
)

// wordEdit is a run of words with one op; a run of many words shares the
// words of the texts' split rather than holding a copy.
type wordEdit struct {
	op    wordOp
	words []string
}

// maxDiffCells bounds the table of the longest common subsequence (the
// words that differ, after the common start and end, multiplied): beyond
// it the middle shows as replaced whole, so a huge answer cannot stall
// the view.
const maxDiffCells = 1 << 20

// diffWords compares two texts word by word (split on white space): the
// longest common subsequence of words, as runs of same, only-in-a and
// only-in-b.
func diffWords(a, b string) []wordEdit {
	wa, wb := strings.Fields(a), strings.Fields(b)
	pre := 0
	for pre < len(wa) && pre < len(wb) && wa[pre] == wb[pre] {
		pre++
	}
	suf := 0
	for suf < len(wa)-pre && suf < len(wb)-pre && wa[len(wa)-1-suf] == wb[len(wb)-1-suf] {
		suf++
	}
	var out []wordEdit
	add := func(op wordOp, w ...string) {
		if len(w) == 0 {
			return
		}
		if n := len(out); n > 0 && out[n-1].op == op {
			out[n-1].words = append(out[n-1].words, w...)
			return
		}
		// A run starts as the caller's slice, capped so that growing it
		// copies instead of writing over the words that follow.
		out = append(out, wordEdit{op: op, words: w[:len(w):len(w)]})
	}
	add(wordSame, wa[:pre]...)
	ma, mb := wa[pre:len(wa)-suf], wb[pre:len(wb)-suf]
	if len(ma)*len(mb) > maxDiffCells {
		add(wordOnlyA, ma...)
		add(wordOnlyB, mb...)
	} else {
		lcsWords(ma, mb, add)
	}
	add(wordSame, wa[len(wa)-suf:]...)
	return out
}

// lcsWords walks the longest common subsequence of a and b, calling add
// for each word in order.
func lcsWords(a, b []string, add func(wordOp, ...string)) {
	n, m := len(a), len(b)
	// l[i*(m+1)+j] is the LCS length of a[i:] and b[j:].
	l := make([]int32, (n+1)*(m+1))
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			k := i*(m+1) + j
			switch {
			case a[i] == b[j]:
				l[k] = l[k+m+2] + 1
			case l[k+m+1] >= l[k+1]:
				l[k] = l[k+m+1]
			default:
				l[k] = l[k+1]
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		k := i*(m+1) + j
		switch {
		case a[i] == b[j]:
			add(wordSame, a[i])
			i, j = i+1, j+1
		case l[k+m+1] >= l[k+1]:
			add(wordOnlyA, a[i])
			i++
		default:
			add(wordOnlyB, b[j])
			j++
		}
	}
	add(wordOnlyA, a[i:]...)
	add(wordOnlyB, b[j:]...)
}
