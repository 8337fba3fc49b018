package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// randomMixed joins random blocks (snippets) and random paragraphs, the way
// an answer puts paragraphs around code, lists and headings.
func randomMixed(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString([]string{"", "", "", "\n\n", " \n"}[rng.IntN(5)])
	for k := 0; k < 3+rng.IntN(8); k++ {
		if k > 0 {
			b.WriteString([]string{"\n", "\n\n", "\n\n", "\n\n\n"}[rng.IntN(4)])
		}
		if rng.IntN(2) == 0 {
			b.WriteString(snippets[rng.IntN(len(snippets))])
		} else {
			b.WriteString(randomParagraphs(rng))
		}
	}
	if rng.IntN(2) == 0 {
		b.WriteString("\n\n")
	}
	return b.String()
}

// randomSegments cuts doc at a random choice of its stable boundaries, as
// Doc cuts an answer into segments; the last segment is the open tail.
func randomSegments(rng *rand.Rand, doc string) [][2]int {
	var sc scanner
	var bounds []int
	sc.cut = func(pos int) {
		if len(bounds) == 0 || pos > bounds[len(bounds)-1] {
			bounds = append(bounds, pos)
		}
	}
	sc.advance(doc)
	var segs [][2]int
	start := 0
	for _, b := range bounds {
		if b > start && rng.IntN(3) == 0 {
			segs = append(segs, [2]int{start, b})
			start = b
		}
	}
	return append(segs, [2]int{start, len(doc)})
}

// TestMixedGroupsMatchGlamour renders random segments that mix paragraphs
// with other blocks both ways, in every style with a lifted colour and at
// several widths: the runs laid out apart and joined must give glamour's
// lines for the whole segment, byte for byte.
func TestMixedGroupsMatchGlamour(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	type piece struct {
		md    string
		first bool
	}
	var pieces []piece
	for range 120 {
		doc := Sanitize(randomMixed(rng))
		for _, s := range randomSegments(rng, doc) {
			pieces = append(pieces, piece{doc[s[0]:s[1]], s[0] == 0})
		}
	}
	mixed := 0
	for _, style := range []string{"dark", "light", "dracula", "tokyo-night"} {
		for _, width := range []int{17, 40, 80} {
			tm, err := newTerm(style, width)
			if err != nil {
				t.Fatal(err)
			}
			if !tm.fastOK {
				t.Fatalf("%s lays paragraphs out without glamour", style)
			}
			for _, p := range pieces {
				got, ok := tm.mixedGroup(p.md, p.first)
				if !ok {
					continue
				}
				mixed++
				want, ok := tm.glamourGroup(p.md, p.first)
				if !ok || got != want {
					t.Fatalf("%s width %d first %v, %q:\n%s", style, width, p.first, p.md, lineDiff(want, got))
				}
			}
		}
	}
	if mixed < len(pieces) {
		t.Fatalf("runs were laid out apart in only %d of %d segment renders", mixed, 12*len(pieces))
	}
}

// Blocks that end a document or open it after blank lines, unclosed
// fences, HTML and setext headings split as glamour renders them.
func TestMixedGroupEdges(t *testing.T) {
	cases := []string{
		"\n\nText **b**\n\n```go\nx\n```\n",
		"\n \nText\n\n```\nx\n```\n\nmore",
		"```\nx\n```\n\n\n\nText *e*\n\n\n",
		"Text\n\n    indented\n\nText\n\n# H\n\nText\n\n---\n\nText",
		"Text\n\n<div>\n\nhtml\n\n</div>\n\nText\n",
		"Text\n\n> q\n\nText\n\n1. a\n\nText\n\nTerm\n: def\n\nText\n",
		"Text\r\n\r\n# H\r\n\r\nText\r\n",
		"Text\n\n```\nunclosed\n\nText",
		"Text\n\nSetext\n===\n\nText\n\nmore\n---\n",
	}
	for _, style := range []string{"dark", "light", "dracula", "tokyo-night"} {
		for _, width := range []int{10, 40} {
			tm, err := newTerm(style, width)
			if err != nil {
				t.Fatal(err)
			}
			for _, md := range cases {
				md = Sanitize(md)
				for _, first := range []bool{true, false} {
					got, ok := tm.mixedGroup(md, first)
					if !ok {
						t.Fatalf("%q was rendered whole", md)
					}
					if want, _ := tm.glamourGroup(md, first); got != want {
						t.Errorf("%s width %d first %v, %q:\n%s", style, width, first, md, lineDiff(want, got))
					}
				}
			}
		}
	}
}

// A segment is rendered whole by glamour when splitting it could change
// its lines or gains nothing.
func TestMixedGroupFallsBack(t *testing.T) {
	tm, err := newTerm("dark", 60)
	if err != nil {
		t.Fatal(err)
	}
	for _, md := range []string{
		"Only one paragraph",
		"# Heading\n\n- item\n\n> quote\n",
		"Text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
		"Text [x] here\n\n[x]: https://example.com\n\n```\ncode\n```\n",
		"- item\n\n  continued\n\n    code\n",
	} {
		if out, ok := tm.mixedGroup(md, false); ok {
			t.Errorf("%q was laid out in runs:\n%s", md, out)
		}
	}
	if _, ok := tm.mixedGroup("Text **bold**\n\n```go\nx := 1\n```\n\nMore text\n", false); !ok {
		t.Error("paragraphs around a code block were not laid out apart")
	}
}

// Answers that mix paragraphs with other blocks stream to the lines a
// one-shot render gives, at every stable boundary and when final, through
// Renderer and Doc.
func TestMixedStreamingMatchesFullRender(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for range 30 {
		doc := randomMixed(rng)
		for _, style := range []string{"dark", "tokyo-night"} {
			r, d := New(style, 44), NewDoc(style, 44)
			var sc scanner
			for i := 1; i <= len(doc); i++ {
				if sc.advance(doc[:i]) != i {
					continue
				}
				want := fullRender(t, style, 44, doc[:i])
				if got := r.Render(doc[:i], false); got != want {
					t.Fatalf("%s, doc %q after %d bytes:\n%s", style, doc, i, lineDiff(want, got))
				}
				d.Update(doc[:i], false)
				if got := docLines(d, 0, 10); got != want {
					t.Fatalf("%s, Doc of %q after %d bytes:\n%s", style, doc, i, lineDiff(want, got))
				}
			}
			want := fullRender(t, style, 44, doc)
			if got := r.Render(doc, true); got != want {
				t.Fatalf("%s, final of %q:\n%s", style, doc, lineDiff(want, got))
			}
			d.Update(doc, true)
			if got := docLines(d, 0, 10); got != want {
				t.Fatalf("%s, final Doc of %q:\n%s", style, doc, lineDiff(want, got))
			}
		}
	}
}
