package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/ui/picker"
	"github.com/routeplay/routeplay/ui/routeeditor"
)

// editorOverlay handles the route settings screen: its messages, its keys
// while shown, and the key (or picker request) that opens it.
func (m Model) editorOverlay(msg tea.Msg) (_ Model, _ tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case routeeditor.ApplyMsg:
		m.applyRoute(msg.Route)
		return m, m.armFrame(), true
	case routeeditor.SaveMsg:
		return m, m.saveSessionRoutes(), true
	case routeeditor.SavedMsg:
		m.editor, _ = m.editor.Update(msg)
		return m, nil, true
	case routeeditor.CloseMsg:
		m.showEditor = false
		return m, m.armFrame(), true
	case picker.EditMsg:
		m.showPicker = false
		return m.openEditor(msg.Route), nil, true
	case tea.PasteMsg:
		if m.showEditor {
			var cmd tea.Cmd
			m.editor, cmd = m.editor.Update(msg)
			return m, cmd, true
		}
	case tea.KeyPressMsg:
		switch {
		case m.showEditor && key.Matches(msg, m.keys.Quit):
			m.showEditor = false
			return m, nil, false // the playground's quit handling runs next
		case m.showEditor:
			var cmd tea.Cmd
			m.editor, cmd = m.editor.Update(msg)
			return m, cmd, true
		case key.Matches(msg, m.keys.Settings) && !m.showPicker && !m.showKeys && !m.showHelp && m.notice == "":
			if p := m.focused(); p != nil {
				return m.openEditor(p.route.Name), nil, true
			}
			m.status = "No route to edit: ctrl+p adds one."
			return m, nil, true
		}
	}
	return m, nil, false
}

// openEditor shows the settings of the named route.
func (m Model) openEditor(name string) Model {
	i, ok := m.index[name]
	if !ok {
		return m
	}
	m.focus = i
	m.editor = routeeditor.New(m.styles, m.panes[i].route, m.system, m.opts.ConfigPath != "")
	m.showEditor, m.showPicker, m.showKeys = true, false, false
	m.layout()
	return m
}

// applyRoute gives a pane its route's new settings; the picker's copy of
// the session follows.
func (m *Model) applyRoute(rt backend.Route) {
	i, ok := m.index[rt.Name]
	if !ok {
		return
	}
	m.panes[i].SetRoute(rt)
	if m.pickerOpen {
		m.picker.SetRoutes(m.sessionRoutes(), rt.Name)
	}
}

// saveSessionRoutes writes the session's routes to the config off the
// event loop, as the picker's save does; demo routes are left out.
func (m Model) saveSessionRoutes() tea.Cmd {
	path := m.opts.ConfigPath
	var keep []backend.Route
	for _, rt := range m.sessionRoutes() {
		if !rt.Simulated {
			keep = append(keep, rt)
		}
	}
	return func() tea.Msg {
		return routeeditor.SavedMsg{Count: len(keep), Path: path, Err: config.SaveRoutes(path, keep)}
	}
}
