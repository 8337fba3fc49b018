package markdown

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

func TestCodeColoursAreDeterministic(t *testing.T) {
	// #676767 (dark's comment grey) lies exactly between palette entries 241
	// and 242; chroma's own formatter returns either at random.
	code := "```go\n// a comment\nreturn 1\n```"
	first := New("dark", 40).Render(code, true)
	for i := 0; i < 20; i++ {
		if got := New("dark", 40).Render(code, true); got != first {
			t.Fatalf("render %d differs:\n%q\n%q", i, first, got)
		}
	}
	if !strings.Contains(first, "\x1b[38;5;241m// a comment") {
		t.Fatalf("comment colour: %q", first)
	}
}

func TestClosest256(t *testing.T) {
	for _, tc := range []struct {
		hex  string
		want int
	}{
		{"#000000", 16}, {"#ffffff", 231}, {"#ff0000", 196}, {"#c0c0c0", 7}, {"#808080", 244}, {"#676767", 241}, {"#c4c4c4", 251},
	} {
		c := chroma.MustParseColour(tc.hex)
		if got := closest256(c); got != tc.want {
			t.Errorf("closest256(%s) = %d, want %d", tc.hex, got, tc.want)
		}
	}
}

// BenchmarkCodeBlock lays out one short fenced block, as a segment holding
// one is when it comes into view: with glamour, and without (fastCode).
func BenchmarkCodeBlock(b *testing.B) {
	t, err := newTerm("dark", 80)
	if err != nil {
		b.Fatal(err)
	}
	code := "```go\nfor i := range n {\n\tsum += i\n}\n```\n"
	b.Run("glamour", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			t.glamourGroup(code, false)
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := t.group(code, false); !ok {
				b.Fatal("the block was not laid out")
			}
		}
	})
}
