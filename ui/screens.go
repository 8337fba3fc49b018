package ui

import "slices"

// screenID names what fills the area above the status line. One is up at a
// time: opening one puts it on top of the one the user was on, and closing
// it brings that one back.
type screenID int

const (
	screenPanes   screenID = iota // the playground: one pane per route
	screenCompare                 // the compare view (ctrl+g)
	screenHistory                 // past chats (f4)
	screenPicker                  // the route picker (ctrl+p)
	screenKeys                    // the key manager (ctrl+k)
	screenEditor                  // one route's settings (f3)
)

// allScreens lists every screen, the playground first.
var allScreens = []screenID{screenPanes, screenCompare, screenHistory, screenPicker, screenKeys, screenEditor}

// overlay is drawn over the screen and takes the next key.
type overlay int

const (
	overlayNone   overlay = iota
	overlayHelp           // every key and command, over the whole terminal
	overlayNotice         // a box of text over the pane area
)

// screens is the screen stack, with the playground at the bottom, and the
// overlays over it. It is the only record of what is up, so what is drawn
// and who gets a key cannot disagree.
type screens struct {
	stack    []screenID // opened over the playground, oldest first, each at most once
	overlays []overlay
	notice   string // the notice overlay's text
}

// top is the screen that is drawn and gets keys.
func (s screens) top() screenID {
	if len(s.stack) == 0 {
		return screenPanes
	}
	return s.stack[len(s.stack)-1]
}

// has reports whether x is up or waits under the screen on top.
func (s screens) has(x screenID) bool { return x == screenPanes || slices.Contains(s.stack, x) }

// modal reports whether the screen on top takes every key but quit: it
// has text to type in, or rows of its own to move through.
func (s screens) modal() bool {
	switch s.top() {
	case screenPicker, screenKeys, screenEditor:
		return true
	}
	return false
}

// open puts x on top, closing any overlay. A screen already in the stack
// moves up rather than being stacked twice.
func (s *screens) open(x screenID) {
	s.close(x)
	if x != screenPanes {
		s.stack = append(s.stack, x)
	}
	s.overlays, s.notice = nil, ""
}

// close takes x out of the stack; the screen under it is up again.
// Copies of the model share the old array, so it is never written to.
func (s *screens) close(x screenID) {
	s.stack = slices.DeleteFunc(slices.Clone(s.stack), func(y screenID) bool { return y == x })
}

// overlay is the overlay on top, if any.
func (s screens) overlay() overlay {
	if len(s.overlays) == 0 {
		return overlayNone
	}
	return s.overlays[len(s.overlays)-1]
}

// push shows an overlay over the current screen.
func (s *screens) push(o overlay) {
	s.overlays = append(slices.DeleteFunc(slices.Clone(s.overlays), func(p overlay) bool { return p == o }), o)
}

// showNotice shows text in a box over the pane area until a key closes it.
func (s *screens) showNotice(text string) {
	s.notice = text
	s.push(overlayNotice)
}

// pop closes the overlay on top.
func (s *screens) pop() {
	if len(s.overlays) == 0 {
		return
	}
	if s.overlay() == overlayNotice {
		s.notice = ""
	}
	s.overlays = slices.Clone(s.overlays[:len(s.overlays)-1])
}
