package compare

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
)

// plainDiff writes a diff as git's --word-diff=plain does.
func plainDiff(edits []wordEdit) string {
	var parts []string
	for _, e := range edits {
		w := strings.Join(e.words, " ")
		switch e.op {
		case wordOnlyA:
			w = "[-" + w + "-]"
		case wordOnlyB:
			w = "{+" + w + "+}"
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, " ")
}

func TestDiffWords(t *testing.T) {
	for _, tc := range []struct{ a, b, want string }{
		{"the cat sat", "the cat sat", "the cat sat"},
		{"the cat sat", "the dog sat", "the [-cat-] {+dog+} sat"},
		{"a b c d", "a c d e", "a [-b-] c d {+e+}"},
		{"", "new words", "{+new words+}"},
		{"old words", "", "[-old words-]"},
		{"391 is the answer", "91 is the answer", "[-391-] {+91+} is the answer"},
		{"x  y\n z", "x y z", "x y z"},
	} {
		if got := plainDiff(diffWords(tc.a, tc.b)); got != tc.want {
			t.Errorf("diffWords(%q, %q) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestDiffWordsBounded: answers too long to compare word by word show
// their differing middle as replaced whole, at once.
func TestDiffWordsBounded(t *testing.T) {
	a := "start " + strings.Repeat("a ", 2000) + "end"
	b := "start " + strings.Repeat("b ", 2000) + "end"
	edits := diffWords(a, b)
	if len(edits) != 4 || edits[1].op != wordOnlyA || len(edits[1].words) != 2000 || edits[2].op != wordOnlyB {
		t.Fatalf("got %d edits", len(edits))
	}
}

// textTurn: three routes answer; the third fails.
func textTurn(texts ...string) []*backend.Result {
	var out []*backend.Result
	for i, text := range texts {
		rt := backend.Route{Name: fmt.Sprintf("r%d", i+1), Kind: backend.KindOpenAI, Model: "m"}
		res := backend.NewResult(rt)
		res.Apply(backend.Event{Kind: backend.EventStarted})
		res.Apply(backend.Event{Kind: backend.EventHeaders, Status: 200, At: ms(100)})
		res.Apply(backend.Event{Kind: backend.EventText, Text: text, At: ms(200)})
		res.Apply(backend.Event{Kind: backend.EventDone, Finish: "stop", At: ms(300)})
		out = append(out, res)
	}
	failed := result(backend.Route{Name: "down", Kind: backend.KindOpenAI, Model: "m"}, run{total: 30, fail: backend.ErrRateLimited})
	return append(out, failed)
}

// TestCompareWordDiff: the turn scope diffs two answers word by word and
// alt+d steps through the pairs of routes that answered.
func TestCompareWordDiff(t *testing.T) {
	m := New(Options{}, charm())
	m.SetSize(100, 80)
	m.AddTurn(context.Background(), 1, textTurn("The answer is 391.", "The answer is 91.", "The answer is 391."))
	content := func() string { return stripped(strings.Join(m.content(), "\n")) }
	for _, want := range []string{"Answers · word diff · r1 vs r2", "The answer is [-391.-] {+91.+}",
		"3 words in common · 1 only in r1 · 1 only in r2", "alt+d compares the next pair"} {
		if !strings.Contains(content(), want) {
			t.Errorf("lacks %q:\n%s", want, content())
		}
	}
	alt := tea.KeyPressMsg{Code: 'd', Mod: tea.ModAlt}
	if !m.Handles(alt) {
		t.Fatal("alt+d is not the view's")
	}
	m, _ = m.Update(alt)
	if got := content(); !strings.Contains(got, "word diff · r1 vs r3") || !strings.Contains(got, "the same, word for word (4 words)") {
		t.Errorf("second pair:\n%s", got)
	}
	m, _ = m.Update(alt)
	m, _ = m.Update(alt)
	if !strings.Contains(content(), "word diff · r1 vs r2") {
		t.Error("alt+d does not come back to the first pair after the last")
	}
	if strings.Contains(content(), "down") && strings.Contains(content(), "vs down") {
		t.Error("a failed run is diffed")
	}
	one := New(Options{}, charm())
	one.SetSize(100, 80)
	one.AddTurn(context.Background(), 1, textTurn("only one"))
	if strings.Contains(stripped(strings.Join(one.content(), "\n")), "word diff") {
		t.Error("one answer has nothing to diff with")
	}
}

// The diff's lines are those of every word styled and wrapped by
// wrapItems, of which the first maxDiffLines are shown, while only the
// words shown are styled.
func TestDiffLinesMatchWrappingEveryWord(t *testing.T) {
	m := New(Options{}, charm())
	s := m.styles
	rng := rand.New(rand.NewPCG(5, 6))
	words := []string{"a", "the", "answer", "is", "391.", "sehr-langes-wort-ohne-ende", "ü", "😀", "x"}
	for n := 0; n < 40; n++ {
		var a, b []string
		for range rng.IntN(400) {
			w := words[rng.IntN(len(words))]
			switch rng.IntN(4) {
			case 0:
				a = append(a, w)
			case 1:
				b = append(b, w)
			default:
				a, b = append(a, w), append(b, w)
			}
		}
		edits := diffWords(strings.Join(a, " "), strings.Join(b, " "))
		var items []string
		for _, e := range edits {
			for k, w := range e.words {
				switch e.op {
				case wordSame:
					items = append(items, s.value.Render(w))
				case wordOnlyA:
					items = append(items, s.failed.Render(mark(w, k, len(e.words), "[-", "-]")))
				case wordOnlyB:
					items = append(items, s.better.Render(mark(w, k, len(e.words), "{+", "+}")))
				}
			}
		}
		width := 1 + rng.IntN(60)
		var want []string
		body := wrapItems(items, " ", width)
		for k, l := range body {
			if k == maxDiffLines {
				want = append(want, s.label.Render(fmt.Sprintf("  … %d more lines", len(body)-k)))
				break
			}
			want = append(want, "  "+l)
		}
		if got := m.diffLines(edits, width); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("width %d:\n got %q\nwant %q", width, got, want)
		}
	}
}
