package markdown

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// noop matches an SGR sequence immediately undone by a reset.
var noop = regexp.MustCompile("\x1b\\[[0-9;]*m\x1b\\[0?m")

func TestGiantCodeBlockRendersInPieces(t *testing.T) {
	var b strings.Builder
	b.WriteString("Intro.\n\n```go\n")
	for i := 0; b.Len() < 5000; i++ {
		fmt.Fprintf(&b, "\tv%d := compute(ctx, %d, \"label\")\n", i, i)
		if i%10 == 9 {
			b.WriteString("\n")
		}
	}
	b.WriteString("```\n\nAfter.\n")
	doc := b.String()
	if n := len(splitGiantFences(doc, 1024)); n < 4 {
		t.Fatalf("split into %d pieces, want at least 4", n)
	}
	for _, style := range styleNames {
		tm, err := newTerm(style, 60)
		if err != nil {
			t.Fatal(err)
		}
		whole, ok1 := tm.group(doc, true)
		pieces, ok2 := tm.groupInPiecesOf(doc, true, 1024)
		if !ok1 || !ok2 {
			t.Fatal("render failed")
		}
		// A continued piece starts without one no-op "set colour, reset" pair
		// that glamour's pen carries over between lines; nothing visible.
		if noop.ReplaceAllString(whole, "") != noop.ReplaceAllString(pieces, "") {
			t.Fatalf("%s: pieces differ from one render:\n%s", style, lineDiff(whole, pieces))
		}
	}
}

func TestSplitKeepsUnlabelledAndSmallFences(t *testing.T) {
	big := "```\n" + strings.Repeat("plain text line\n", 200) + "```\n"
	if n := len(splitGiantFences(big, 1024)); n != 1 {
		t.Fatalf("unlabelled block split into %d pieces", n)
	}
	small := "```go\nx := 1\n```\n"
	if got := splitGiantFences(small, 1024); len(got) != 1 || got[0] != small {
		t.Fatalf("small block changed: %q", got)
	}
}
