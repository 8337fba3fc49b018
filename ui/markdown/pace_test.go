package markdown

import (
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/routeplay/routeplay/ui/cells"
)

// An answer that needs no cleaning is held once: the document reads the
// caller's text instead of a copy of it, tabs included (they are expanded
// where text meets glamour). A control byte starts a copy from that byte on,
// with the text as Sanitize gives it.
func TestCleanTextSharesTheAnswer(t *testing.T) {
	var b strings.Builder
	d := NewDoc("dark", 60)
	for _, part := range []string{"# Title\n\n", "Some **bold** text ", "and more.\n\n```go\n\tx := 1\n```\n\nNext ", "paragraph é."} {
		b.WriteString(part)
		d.Update(b.String(), false)
		src := b.String()
		if got := d.r.clean.String(); unsafe.StringData(got) != unsafe.StringData(src) || got != src {
			t.Fatalf("after %q the clean text is a copy of the answer", part)
		}
	}
	for _, part := range []string{"bell\x07 \x1b[31mred\n", "\tindented\n", "more ü\t."} {
		b.WriteString(part)
		d.Update(b.String(), false)
		src := b.String()
		got, _ := cells.Detab(d.r.clean.String(), 0)
		if want := Sanitize(src); got != want {
			t.Fatalf("after %q: clean text %q, want %q", part, got, want)
		}
		if unsafe.StringData(d.r.clean.String()) == unsafe.StringData(src) {
			t.Fatalf("after %q the clean text still shares an answer that needed cleaning", part)
		}
	}
}

// While an answer streams, its Markdown is rendered at most every
// streamEvery of frame time: text arriving sooner waits, left for a later
// frame, and the lines rendered before stay. The final text is taken at once.
func TestStreamingUpdatesArePaced(t *testing.T) {
	d := NewDoc("dark", 60)
	shown := func() string { return docLines(d, 0, d.Len()) }
	// pending says the document holds older text than src: src waits.
	pending := func(src string) bool { return len(d.r.src) != len(src) }
	frame := streamEvery / 3
	if !d.UpdateAt("First paragraph.", false, 0) {
		t.Fatal("the first text was not taken")
	}
	first := shown()
	if src := "First paragraph.\n\nSecond"; d.UpdateAt(src, false, frame) || !pending(src) {
		t.Fatal("text a third of the pace after the last render was taken at once")
	}
	if got := shown(); got != first {
		t.Fatalf("the waiting text changed the lines:\n%s", lineDiff(first, got))
	}
	if src := "First paragraph.\n\nSecond o"; d.UpdateAt(src, false, 2*frame) || !pending(src) {
		t.Fatal("text two thirds of the pace after the last render was taken at once")
	}
	if src := "First paragraph.\n\nSecond one"; !d.UpdateAt(src, false, 3*frame) || pending(src) {
		t.Fatal("text a whole pace after the last render waited")
	}
	want := New("dark", 60).Render("First paragraph.\n\nSecond one", false)
	if got := shown(); got != want {
		t.Fatalf("paced update:\n%s", lineDiff(want, got))
	}
	if src := "First paragraph.\n\nSecond one, done."; !d.UpdateAt(src, true, 3*frame+time.Millisecond) || pending(src) {
		t.Fatal("the final text waited")
	}
	want = New("dark", 60).Render("First paragraph.\n\nSecond one, done.", true)
	if got := shown(); got != want {
		t.Fatalf("final update:\n%s", lineDiff(want, got))
	}
}
