package routeeditor

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/safetext"
)

// browseKey handles keys while moving through the settings.
func (m Model) browseKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	if m.bodyFull {
		return m.bodyKey(msg)
	}
	switch {
	case key.Matches(msg, k.Close):
		return m, func() tea.Msg { return CloseMsg{} }
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.PageUp):
		m.move(-max(1, m.listRows()-1))
	case key.Matches(msg, k.PageDown):
		m.move(max(1, m.listRows()-1))
	case key.Matches(msg, k.Top):
		m.move(-len(m.settings))
	case key.Matches(msg, k.Bottom):
		m.move(len(m.settings))
	case key.Matches(msg, k.Body):
		m.bodyFull = !m.bodyFull
		m.SetSize(m.width, m.height)
	case key.Matches(msg, k.Save):
		return m.save()
	case key.Matches(msg, k.Revert):
		return m.revert()
	case len(m.settings) == 0:
	case key.Matches(msg, k.Unset):
		return m.set("")
	case m.selected().Kind == config.SettingChoice:
		return m.choiceKey(msg)
	case key.Matches(msg, k.Edit):
		m.startEdit()
	}
	return m, nil
}

// bodyKey handles keys while the request body fills the screen: p or esc
// go back to the settings.
func (m Model) bodyKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Body), key.Matches(msg, k.Close):
		m.bodyFull = false
		m.bodyScroll.GotoTop()
		m.SetSize(m.width, m.height)
	case key.Matches(msg, k.Save):
		return m.save()
	default:
		m.bodyScroll.Key(msg, k.KeyMap)
	}
	return m, nil
}

// choiceKey steps through a choice's values; not set sits before the first.
func (m Model) choiceKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	step := 0
	switch {
	case key.Matches(msg, m.keys.Next), key.Matches(msg, m.keys.Edit):
		step = 1
	case key.Matches(msg, m.keys.Prev):
		step = -1
	default:
		return m, nil
	}
	s := m.selected()
	values := append([]string{""}, s.Choices...)
	i := slices.Index(values, s.Value(m.route))
	i = (i + step + len(values)) % len(values)
	return m.set(values[i])
}

// editKey handles keys while a value is typed: enter sets it, esc drops it.
func (m Model) editKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Cancel):
		m.stopEdit()
		m.setStatus(false, "Left %s as it was", m.selected().Label)
		return m, nil
	case key.Matches(msg, m.keys.Set):
		text := m.input.Value()
		if m.multiline() {
			text = m.area.Value()
		}
		next, cmd := m.set(text)
		if !next.failed {
			next.stopEdit()
		}
		return next, cmd
	}
	return m.updateField(msg)
}

// updateField passes a key or paste to the field being typed in.
func (m Model) updateField(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	if m.multiline() {
		m.area, cmd = m.area.Update(msg)
	} else {
		m.input, cmd = m.input.Update(msg)
	}
	return m, cmd
}

// set applies text to the selected setting. A value that does not parse
// or check leaves the route as it was and the typed text in the field, so
// nothing typed is lost; the status says why.
func (m Model) set(text string) (Model, tea.Cmd) {
	s := m.selected()
	next, err := s.Set(m.route, text)
	if err != nil {
		m.setStatus(true, "%s", safetext.Sanitize(err.Error()))
		return m, nil
	}
	m.route = next
	value := s.Value(next)
	if value == "" {
		m.setStatus(false, "%s unset (%s) · applies from the next prompt", s.Label, s.Unset)
	} else {
		m.setStatus(false, "%s = %s · applies from the next prompt", s.Label, oneLine(safetext.Sanitize(value)))
	}
	m.refresh()
	rt := m.route
	return m, func() tea.Msg { return ApplyMsg{Route: rt} }
}

func (m Model) revert() (Model, tea.Cmd) {
	m.route = m.original
	m.refresh()
	m.setStatus(false, "Every setting is back to how it was when this screen opened")
	rt := m.route
	return m, func() tea.Msg { return ApplyMsg{Route: rt} }
}

// save asks the root to write the session's routes; demo routes are never
// written, so saving them would only mislead.
func (m Model) save() (Model, tea.Cmd) {
	switch {
	case m.route.Simulated:
		m.setStatus(true, "Demo routes are not saved; these settings last for this session")
		return m, nil
	case !m.canSave:
		m.setStatus(true, "Saving is off: no config file path")
		return m, nil
	case m.saving:
		return m, nil
	}
	m.saving = true
	m.setStatus(false, "Saving…")
	return m, func() tea.Msg { return SaveMsg{} }
}

func (m *Model) startEdit() {
	s := m.selected()
	m.editing = true
	m.status, m.failed = "", false
	if m.multiline() {
		m.area.SetValue(s.Value(m.route))
		m.area.Focus()
		return
	}
	m.input.SetValue(s.Value(m.route))
	m.input.CursorEnd()
	m.input.Focus()
}

func (m *Model) stopEdit() {
	m.editing = false
	m.input.Blur()
	m.area.Blur()
}

func (m *Model) move(step int) {
	m.cursor = max(0, min(m.cursor+step, len(m.settings)-1))
	m.clampScroll()
}

func (m Model) selected() config.Setting {
	if m.cursor < 0 || m.cursor >= len(m.settings) {
		return config.Setting{}
	}
	return m.settings[m.cursor]
}

// multiline reports whether the selected setting is edited in the textarea.
func (m Model) multiline() bool { return m.selected().Kind == config.SettingText }
