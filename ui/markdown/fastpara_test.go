package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// fastWords are what random paragraphs are made of: words, punctuation,
// wide and combining characters, words longer than a line, and emphasis
// of every kind, some of which is not emphasis (a lone star, stars around
// spaces), so the parse decides as glamour's does.
var fastWords = []string{
	"tok", "the", "route", "latency", "a", "I", "OpenRouter's", "gateway,", "direct.", "(p50)", "42", "3.5%",
	"end.", "\"quoted\"", "don’t", "naïve", "日本語", "é", "x", "—", "...", "?", "!", "well-known",
	"supercalifragilisticexpialidociouslylongwordthatneverfits",
	"**bold**", "*em*", "_under_", "__strong__", "**two words**", "*", "**", "* spaced *", "a*b*c", "_snake_case_",
	"***both***", "**bold *nested* bold**", "#", "1.", "-", "+", "=", "$5", "50%", "#tag",
}

func randomParagraphs(rng *rand.Rand) string {
	var b strings.Builder
	for p := 0; p < 1+rng.IntN(3); p++ {
		if p > 0 {
			b.WriteString("\n\n")
		}
		for w := 0; w < 1+rng.IntN(40); w++ {
			if w > 0 {
				b.WriteString([]string{" ", " ", " ", " ", "\n", "  "}[rng.IntN(6)])
			}
			b.WriteString(fastWords[rng.IntN(len(fastWords))])
		}
	}
	return b.String()
}

// TestFastParagraphsMatchGlamour lays out random paragraphs without
// glamour and with it, in every style and at several widths: wherever the
// fast layout takes a group, its lines must be glamour's, byte for byte.
func TestFastParagraphsMatchGlamour(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	samples := make([]string, 300)
	for i := range samples {
		samples[i] = randomParagraphs(rng)
	}
	taken := 0
	for _, style := range styleNames {
		for _, width := range []int{12, 31, 80} {
			tm, err := newTerm(style, width)
			if err != nil {
				t.Fatal(err)
			}
			for _, md := range samples {
				md = Sanitize(md)
				fast, ok := tm.fastGroup(md)
				if !ok {
					continue
				}
				taken++
				for _, first := range []bool{true, false} {
					want, ok := tm.glamourGroup(md, first)
					if !ok || fast != want {
						t.Fatalf("%s width %d first %v, %q:\n%s", style, width, first, md, lineDiff(want, fast))
					}
				}
			}
		}
	}
	if taken < len(samples) {
		t.Fatalf("the fast layout took only %d groups", taken)
	}
}

// The fast layout is used by the styles that lift their document colour,
// and never for what glamour draws differently.
func TestFastLayoutTakesOnlyParagraphs(t *testing.T) {
	tm, err := newTerm("dark", 60)
	if err != nil {
		t.Fatal(err)
	}
	if !tm.fastOK {
		t.Fatal("dark lays paragraphs out without glamour")
	}
	for _, md := range []string{
		"# Heading", "- item", "1. item", "> quote", "```\ncode\n```", "    indented code",
		"a `code` span", "a [link](x)", "see www.example.com", "mail a@b.co", "a &amp; b", "a \\* b",
		"a ~~gone~~ b", "| a | b |\n|---|---|\n| 1 | 2 |", "Term\n: definition", "***both***", "text\n\n---",
		"text\n===", "<b>html</b>",
	} {
		if _, ok := tm.fastGroup(md); ok {
			t.Errorf("%q took the fast layout", md)
		}
	}
	for _, name := range []string{"notty", "ascii"} {
		if tm, _ := newTerm(name, 60); tm.fastOK {
			t.Errorf("%s has no lifted colour and goes through glamour", name)
		}
	}
}

// BenchmarkFastParagraph lays out one streamed paragraph of plain and
// strong text, as a pane does for most of an answer.
func BenchmarkFastParagraph(b *testing.B) {
	tm, err := newTerm("dark", 46)
	if err != nil {
		b.Fatal(err)
	}
	var md strings.Builder
	for i := range 60 {
		if i%13 == 0 {
			md.WriteString(" **bold**")
		} else {
			md.WriteString(" tok")
		}
	}
	md.WriteString(" end.\n\n")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := tm.fastGroup(md.String()); !ok {
			b.Fatal("the fast layout refused a paragraph")
		}
	}
}
