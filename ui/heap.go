package ui

import tea "charm.land/bubbletea/v2"

// The screens other than the panes (picker, key manager, route editor,
// compare, history) and the prompt box are large, and no streamed burst
// touches them, yet Bubble Tea copies the whole Model for every message.
// So the Model holds them by pointer, and every change makes a fresh
// copy: a Model handed out earlier keeps the screen it had, as if they
// were held by value. (The textarea in the prompt box shares its buffer
// and viewport between copies either way.)

// held holds a screen built by its New.
func held[T any](v T) *T { return &v }

// onHeap holds a screen's new state, as returned by its Update.
func onHeap[T any](next T, cmd tea.Cmd) (*T, tea.Cmd) { return &next, cmd }

// edited returns a changed copy of *p, leaving *p as it was.
func edited[T any](p *T, change func(*T)) *T {
	c := *p
	change(&c)
	return &c
}

// recall puts an earlier or later prompt in the box; see Input.Recall.
func (m *Model) recall(dir int) (ok bool) {
	m.input = edited(m.input, func(in *Input) { ok = in.Recall(dir) })
	return ok
}
