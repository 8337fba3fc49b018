package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config/configsave"
	"github.com/routeplay/routeplay/ui/picker"
	"github.com/routeplay/routeplay/ui/routeeditor"
)

// onEditorMsg handles what the route settings screen reports, and the
// picker's request to open it.
func (m Model) onEditorMsg(msg tea.Msg) (_ Model, _ tea.Cmd, ok bool) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case routeeditor.ApplyMsg:
		m.applyRoute(msg.Route)
		cmd = m.armFrame()
	case routeeditor.SaveMsg:
		cmd = m.saveSessionRoutes()
	case routeeditor.SavedMsg:
		m.editor, _ = onHeap(m.editor.Update(msg))
	case routeeditor.CloseMsg:
		cmd = m.closeScreen(screenEditor)
	case picker.EditMsg:
		m.openEditor(msg.Route) // esc comes back to the picker
	default:
		return m, nil, false
	}
	return m, cmd, true
}

// openEditor shows the settings of the named route.
func (m *Model) openEditor(name string) {
	i, ok := m.index[name]
	if !ok {
		return
	}
	m.focus = i
	m.editor = held(routeeditor.New(m.styles, m.panes[i].Route(), m.system, m.opts.ConfigPath != ""))
	m.screens.open(screenEditor)
	m.layout()
}

// applyRoute gives a pane its route's new settings; the picker's copy of
// the session follows.
func (m *Model) applyRoute(rt backend.Route) {
	i, ok := m.index[rt.Name]
	if !ok {
		return
	}
	m.panes[i].SetRoute(rt)
	if m.pickerBuilt {
		m.picker = edited(m.picker, func(x *picker.Model) { x.SetRoutes(m.sessionRoutes(), rt.Name) })
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
		saved, err := configsave.SaveRoutes(path, keep)
		return routeeditor.SavedMsg{Count: saved.Routes, Path: path, Backup: saved.Backup, Err: err}
	}
}
