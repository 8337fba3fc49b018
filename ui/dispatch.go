package ui

import (
	"charm.land/bubbles/v2/cursor"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/ui/historyview"
)

// onKey is the one path every key takes: the global bindings, then the
// overlay on top, then the screen on top, and last the playground (the
// focused pane and the prompt box). The first that takes the key ends it.
func (m Model) onKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if key.Matches(msg, m.keys.Quit) {
		return m.onQuitKey()
	}
	m.quitArmed = false
	if cmd, done := m.switchKey(msg); done {
		return m, cmd
	}
	if m.screens.overlay() != overlayNone {
		// Any key closes the overlay; esc and the help key do nothing else.
		closeOnly := msg.String() == "esc" || key.Matches(msg, m.keys.Help) && m.helpKey(msg)
		m.screens.pop()
		if closeOnly {
			return m, nil
		}
	}
	if cmd, done := m.screenKey(msg); done {
		return m, cmd
	}
	return m.playgroundKey(msg)
}

// switchKey handles the keys that open or close a screen. A modal screen
// keeps them, as its text fields and lists may use them.
func (m *Model) switchKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.screens.modal() {
		return nil, false
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Compare):
		return m.toggleScreen(screenCompare), true
	case key.Matches(msg, k.History):
		return m.toggleScreen(screenHistory), true
	case key.Matches(msg, k.Routes):
		return m.openScreen(screenPicker), true
	case key.Matches(msg, k.Keys):
		return m.openScreen(screenKeys), true
	case key.Matches(msg, k.Settings):
		return m.openScreen(screenEditor), true
	}
	return nil, false
}

// screenKey gives the key to the screen on top. done is false when the
// playground should have it: the compare view passes on what it does not use.
func (m *Model) screenKey(msg tea.KeyPressMsg) (cmd tea.Cmd, done bool) {
	switch m.screens.top() {
	case screenPicker:
		m.picker, cmd = onHeap(m.picker.Update(msg))
	case screenKeys:
		m.keyMgr, cmd = onHeap(m.keyMgr.Update(msg))
	case screenEditor:
		m.editor, cmd = onHeap(m.editor.Update(msg))
	case screenHistory:
		m.historyView, cmd = onHeap(m.historyView.Update(msg))
	case screenCompare:
		return m.compareKey(msg)
	default:
		return nil, false
	}
	return cmd, true
}

// toggleScreen opens x, or closes it when it is already on top.
func (m *Model) toggleScreen(x screenID) tea.Cmd {
	if m.screens.top() == x {
		return m.closeScreen(x)
	}
	return m.openScreen(x)
}

// openScreen puts x on top of the screen the user is on.
func (m *Model) openScreen(x screenID) tea.Cmd {
	switch x {
	case screenCompare:
		m.screens.open(x)
		return m.loadPast()
	case screenHistory:
		m.screens.open(x)
		var cmd tea.Cmd
		m.historyView = edited(m.historyView, func(h *historyview.Model) { cmd = h.Open() })
		return cmd
	case screenPicker:
		return m.openPicker()
	case screenKeys:
		return m.openKeys()
	case screenEditor:
		if p := m.focused(); p != nil {
			m.openEditor(p.Route().Name)
			return nil
		}
		m.status = "No route to edit: ctrl+p adds one."
	}
	return nil
}

// closeScreen takes x away; the screen the user opened it from is back.
func (m *Model) closeScreen(x screenID) tea.Cmd {
	if x == screenHistory {
		m.historyView = edited(m.historyView, (*historyview.Model).Blur)
	}
	m.screens.close(x)
	return m.armFrame()
}

// onScreenMsg hands a paste to the screen on top, and a cursor blink to
// the key manager while it is up; the prompt box takes the rest.
func (m Model) onScreenMsg(msg tea.Msg) (Model, tea.Cmd) {
	_, paste := msg.(tea.PasteMsg)
	_, blink := msg.(cursor.BlinkMsg)
	var cmd tea.Cmd
	switch top := m.screens.top(); {
	case top == screenKeys && (paste || blink):
		m.keyMgr, cmd = onHeap(m.keyMgr.Update(msg))
	case top == screenPicker && paste:
		m.picker, cmd = onHeap(m.picker.Update(msg))
	case top == screenEditor && paste:
		m.editor, cmd = onHeap(m.editor.Update(msg))
	case top == screenHistory && paste:
		m.historyView, cmd = onHeap(m.historyView.Update(msg))
	default:
		m.input, cmd = onHeap(m.input.Update(msg))
		m.layout() // a paste may add lines to the box
	}
	return m, cmd
}

// onMouse gives the wheel and clicks to the screen on top.
func (m Model) onMouse(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	wheel, isWheel := msg.(tea.MouseWheelMsg)
	click, isClick := msg.(tea.MouseClickMsg)
	switch top := m.screens.top(); {
	case m.screens.overlay() != overlayNone:
	case top == screenHistory && isWheel:
		m.historyView, cmd = onHeap(m.historyView.Update(msg))
	case top == screenCompare && isWheel:
		m.compareView, cmd = onHeap(m.compareView.Update(msg))
	case top == screenPanes && isWheel:
		m.wheelPanes(wheel.Mouse())
	case top == screenPanes && isClick:
		m.clickPanes(click.Mouse())
	}
	return m, cmd
}
