package scroll

import (
	"fmt"
	"slices"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func lines(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint(i)
	}
	return out
}

var testKeys = KeyMap{
	Up:       key.NewBinding(key.WithKeys("up")),
	Down:     key.NewBinding(key.WithKeys("down")),
	PageUp:   key.NewBinding(key.WithKeys("pgup")),
	PageDown: key.NewBinding(key.WithKeys("pgdown")),
	Top:      key.NewBinding(key.WithKeys("home")),
	Bottom:   key.NewBinding(key.WithKeys("end")),
}

// Every way of moving stays between the first line and the last page; a
// page keeps one line of context.
func TestMovesStayInsideTheContent(t *testing.T) {
	for _, tc := range []struct {
		name  string
		keys  []rune
		wheel []tea.MouseButton
		want  int
	}{
		{"up at the top", []rune{tea.KeyUp}, nil, 0},
		{"down", []rune{tea.KeyDown, tea.KeyDown}, nil, 2},
		{"a page keeps a line", []rune{tea.KeyPgDown}, nil, 4},
		{"pages stop at the last", []rune{tea.KeyPgDown, tea.KeyPgDown, tea.KeyPgDown, tea.KeyPgDown}, nil, 15},
		{"page up", []rune{tea.KeyEnd, tea.KeyPgUp}, nil, 11},
		{"end then home", []rune{tea.KeyEnd, tea.KeyHome}, nil, 0},
		{"end", []rune{tea.KeyEnd}, nil, 15},
		{"a wheel notch", nil, []tea.MouseButton{tea.MouseWheelDown}, WheelLines},
		{"the wheel stops at the top", nil, []tea.MouseButton{tea.MouseWheelDown, tea.MouseWheelUp, tea.MouseWheelUp}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s Model
			s.SetSize(10, 5)
			s.SetLines(lines(20))
			for _, k := range tc.keys {
				if !s.Key(tea.KeyPressMsg{Code: k}, testKeys) {
					t.Fatalf("key %v not taken", k)
				}
			}
			for _, b := range tc.wheel {
				s.Wheel(b)
			}
			if s.Offset() != tc.want {
				t.Fatalf("offset %d, want %d", s.Offset(), tc.want)
			}
		})
	}
}

func TestOtherKeysAreLeft(t *testing.T) {
	var s Model
	if s.Key(tea.KeyPressMsg{Code: 'x', Text: "x"}, testKeys) || s.Wheel(tea.MouseLeft) {
		t.Fatal("a key that does not scroll was taken")
	}
}

// Shrinking the content or growing the window keeps the offset inside.
func TestResizeKeepsTheOffsetInside(t *testing.T) {
	var s Model
	s.SetSize(10, 5)
	s.SetLines(lines(20))
	s.GotoBottom()
	if s.Below() != 0 || !s.AtBottom() {
		t.Fatalf("at the bottom: below %d", s.Below())
	}
	s.SetLines(lines(8))
	if s.Offset() != 3 {
		t.Fatalf("offset %d after the content shrank, want 3", s.Offset())
	}
	s.SetSize(10, 10)
	if s.Offset() != 0 {
		t.Fatalf("offset %d once everything fits", s.Offset())
	}
}

// View is exactly Height rows of exactly the width; Visible is the lines
// as given.
func TestViewFillsTheWindow(t *testing.T) {
	var s Model
	s.SetSize(4, 3)
	s.SetLines([]string{"a", "toolong"})
	if got, want := s.View(), []string{"a   ", "tool", "    "}; !slices.Equal(got, want) {
		t.Fatalf("view %q, want %q", got, want)
	}
	if got := s.Visible(); !slices.Equal(got, []string{"a", "toolong"}) {
		t.Fatalf("visible %q", got)
	}
}

func TestFollowKeepsTheRowInView(t *testing.T) {
	for _, tc := range []struct{ offset, row, rows, n, want int }{
		{0, 2, 5, 20, 0},    // in view already
		{0, 7, 5, 20, 3},    // below: it becomes the last row
		{10, 4, 5, 20, 4},   // above: it becomes the first row
		{18, 19, 5, 20, 15}, // never past the last page
		{3, 0, 5, 2, 0},     // short content
	} {
		if got := Follow(tc.offset, tc.row, tc.rows, tc.n); got != tc.want {
			t.Errorf("Follow(%d, %d, %d, %d) = %d, want %d", tc.offset, tc.row, tc.rows, tc.n, got, tc.want)
		}
	}
}

type countingSource struct{ n, calls int }

func (c *countingSource) Len() int { return c.n }
func (c *countingSource) Lines(out []string, from, to int) []string {
	c.calls++
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprint(i))
	}
	return out
}

// A source is asked only for the lines in the window, and its length moves
// the window like a slice's.
func TestSourceIsAskedForTheWindowOnly(t *testing.T) {
	src := &countingSource{n: 1000}
	var s Model
	s.SetSize(10, 3)
	s.SetSource(src)
	s.GotoBottom()
	if got := s.View(); !slices.Equal(got, []string{"997       ", "998       ", "999       "}) {
		t.Fatalf("view %q", got)
	}
	src.n = 10
	s.Fit()
	if s.Offset() != 7 || s.Below() != 0 || src.calls != 1 {
		t.Fatalf("offset %d below %d calls %d", s.Offset(), s.Below(), src.calls)
	}
}
