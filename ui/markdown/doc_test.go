package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// docLines renders every line of d, first the window [from, to) alone, as a
// reader who scrolled there would see it, then the rest.
func docLines(d *Doc, from, to int) string {
	d.Ensure(from, to)
	for i := 0; i < 4; i++ {
		d.Ensure(0, d.Len())
	}
	return strings.Join(d.Lines(nil, 0, d.Len()), "\n")
}

// A lazily rendered document shows exactly what Renderer gives, while
// streaming and once final, whichever part was rendered first.
func TestDocMatchesRenderer(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 12; n++ {
		var b strings.Builder
		for k := 0; k < 30+rng.IntN(60); k++ {
			if k > 0 {
				b.WriteString([]string{"\n", "\n\n", "\n\n", "\n\n\n"}[rng.IntN(4)])
			}
			b.WriteString(snippets[rng.IntN(len(snippets))])
		}
		src := b.String()
		for _, style := range []string{"notty", "dark"} {
			r, d := New(style, 50), NewDoc(style, 50)
			for i := 1; i <= len(src); i += 1 + rng.IntN(300) {
				d.Update(src[:i], false)
				from := rng.IntN(d.Len() + 1)
				got, want := docLines(d, from, from+10), r.Render(src[:i], false)
				if got != want {
					t.Fatalf("%s, %d bytes of %q:\n%s", style, i, src, lineDiff(want, got))
				}
			}
			d.Update(src, true)
			from := rng.IntN(d.Len() + 1)
			if got, want := docLines(d, from, from+10), fullRender(t, style, 50, src); got != want {
				t.Fatalf("%s, final of %q:\n%s", style, src, lineDiff(want, got))
			}
		}
	}
}

// A document scrolled to its end renders the segments it shows, not the
// whole answer, and forgets what it was told to drop.
func TestDocRendersOnlyWhatIsAskedFor(t *testing.T) {
	src := answer(20_000)
	d := NewDoc("dark", 60)
	d.Update(src, true)
	n := d.Len()
	d.Ensure(n-40, n)
	rendered := 0
	for _, s := range d.segs {
		if s.lines != nil {
			rendered++
		}
	}
	if rendered == 0 || rendered > 6 {
		t.Fatalf("%d of %d segments rendered for 40 lines", rendered, len(d.segs))
	}
	d.Keep(d.Len()-40, d.Len())
	for k, s := range d.segs[:len(d.segs)-6] {
		if s.lines != nil {
			t.Fatalf("segment %d kept its lines", k)
		}
	}
}

// Changing the width renders again at the new width.
func TestDocWidthChange(t *testing.T) {
	src := answer(3_000)
	d := NewDoc("dark", 80)
	d.Update(src, true)
	docLines(d, 0, 10)
	d.SetWidth(40)
	d.Update(src, true)
	if got, want := docLines(d, 0, d.Len()), fullRender(t, "dark", 40, src); got != want {
		t.Fatalf("after width change:\n%s", lineDiff(want, got))
	}
}

// Segments never rendered that come into view together are rendered in one
// glamour call (each call pads about three lines whatever its size), up to
// segMerge bytes, and show what Renderer shows.
func TestDocRendersAdjacentSegmentsTogether(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*segMerge; i++ {
		b.WriteString("A paragraph of **some** words, number " + strings.Repeat("x", i%7) + ".\n\n")
	}
	src := b.String() + "tail"
	d := NewDoc("dark", 60)
	d.Update(src, false)
	before := len(d.segs)
	got := docLines(d, 0, d.Len())
	if want := New("dark", 60).Render(src, false); got != want {
		t.Fatalf("merged segments differ:\n%s", lineDiff(want, got))
	}
	if len(d.segs) >= before || len(d.segs) > 4 {
		t.Fatalf("%d segments before rendering, %d after", before, len(d.segs))
	}
	for k, s := range d.segs {
		if s.end-s.start > segMerge+segMin {
			t.Fatalf("segment %d holds %d bytes", k, s.end-s.start)
		}
	}
}
