package ui

import (
	"slices"

	"charm.land/bubbles/v2/cursor"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/ui/keymanager"
	"github.com/routeplay/routeplay/ui/picker"
)

// routeOverlay handles the route picker and the key manager: their
// messages, their keys while one is shown and the keys that open them. ok
// is false for everything else, which the playground handles as before.
func (m Model) routeOverlay(msg tea.Msg) (_ Model, _ tea.Cmd, ok bool) {
	m, cmd, ok := m.editorOverlay(msg)
	if ok {
		return m, cmd, true
	}
	switch msg := msg.(type) {
	case picker.AddMsg:
		m.addRoutes(msg.Routes)
		return m, nil, true
	case picker.RemoveMsg:
		m.removeRoute(msg.Route)
		return m, nil, true
	case picker.CloseMsg:
		m.showPicker = false
		return m, m.armFrame(), true
	case picker.CatalogMsg, picker.SavedMsg:
		var cmd tea.Cmd
		m.picker, cmd = m.picker.Update(msg)
		return m, cmd, true
	case keymanager.CloseMsg:
		m.showKeys = false
		return m, m.armFrame(), true
	case keymanager.LoadedMsg, keymanager.SavedMsg, keymanager.DeletedMsg, keymanager.ValidatedMsg, spinner.TickMsg:
		if !m.keysOpen {
			return m, nil, true
		}
		var cmd tea.Cmd
		m.keyMgr, cmd = m.keyMgr.Update(msg)
		return m, cmd, true
	case cursor.BlinkMsg, tea.PasteMsg:
		if m.showKeys {
			var cmd tea.Cmd
			m.keyMgr, cmd = m.keyMgr.Update(msg)
			return m, cmd, true
		}
		if _, paste := msg.(tea.PasteMsg); paste && m.showPicker {
			var cmd tea.Cmd
			m.picker, cmd = m.picker.Update(msg)
			return m, cmd, true
		}
	case tea.KeyPressMsg:
		return m.overlayKey(msg)
	}
	return m, nil, false
}

// overlayKey gives the shown overlay its keys (ctrl+c still quits) and
// opens one on its key when neither help nor a notice is up.
func (m Model) overlayKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	switch {
	case key.Matches(msg, m.keys.Quit) && (m.showPicker || m.showKeys):
		m.showPicker, m.showKeys = false, false
		return m, nil, false // the playground's quit handling runs next
	case m.showKeys:
		var cmd tea.Cmd
		m.keyMgr, cmd = m.keyMgr.Update(msg)
		return m, cmd, true
	case m.showPicker:
		var cmd tea.Cmd
		m.picker, cmd = m.picker.Update(msg)
		return m, cmd, true
	case m.showHelp || m.notice != "":
		return m, nil, false
	case key.Matches(msg, m.keys.Routes):
		m, cmd := m.openPicker()
		return m, cmd, true
	case key.Matches(msg, m.keys.Keys):
		m, cmd := m.openKeys()
		return m, cmd, true
	}
	return m, nil, false
}

// openPicker shows the route picker; the catalog loads on first use only.
func (m Model) openPicker() (Model, tea.Cmd) {
	m.showPicker, m.showKeys = true, false
	focused := ""
	if m.focus < len(m.panes) {
		focused = m.panes[m.focus].route.Name
	}
	var cmd tea.Cmd
	if !m.pickerOpen {
		deps := picker.Deps{Load: m.opts.Catalog, SavePath: m.opts.ConfigPath}
		if path := m.opts.ConfigPath; path != "" {
			deps.Save = func(rts []backend.Route) error { return config.SaveRoutes(path, rts) }
		}
		m.picker = picker.New(m.styles, deps, m.sessionRoutes(), focused)
		m.pickerOpen = true
		cmd = m.picker.Init()
	} else {
		m.picker.SetRoutes(m.sessionRoutes(), focused)
	}
	m.layout()
	return m, cmd
}

// openKeys shows the key manager for the session's routes.
func (m Model) openKeys() (Model, tea.Cmd) {
	if m.opts.Keys == nil {
		m.status = "No key store in this session."
		return m, nil
	}
	m.showKeys, m.showPicker = true, false
	m.keyMgr = keymanager.New(m.styles, keymanager.Deps{Store: m.opts.Keys}, m.sessionRoutes())
	m.keysOpen = true
	m.layout()
	return m, m.keyMgr.Init()
}

// sessionRoutes are the routes of the panes, in pane order.
func (m Model) sessionRoutes() []backend.Route {
	out := make([]backend.Route, len(m.panes))
	for i := range m.panes {
		out[i] = m.panes[i].route
	}
	return out
}

// addRoutes gives each new route a pane at the end.
func (m *Model) addRoutes(rts []backend.Route) {
	for _, rt := range rts {
		if _, taken := m.index[rt.Name]; taken {
			continue
		}
		hint := ""
		if m.opts.KeyHint != nil {
			hint = m.opts.KeyHint(rt)
		}
		m.panes = append(m.panes, m.newPane(rt, hint))
		m.index[rt.Name] = len(m.panes) - 1
	}
	m.afterRouteChange()
}

// removeRoute cancels the route's run and drops its pane; a late burst of
// the run finds no pane and is drained.
func (m *Model) removeRoute(name string) {
	i, ok := m.index[name]
	if !ok {
		return
	}
	m.panes[i].Cancel()
	m.panes = slices.Delete(m.panes, i, i+1)
	clear(m.index)
	for j := range m.panes {
		m.index[m.panes[j].route.Name] = j
	}
	if m.focus >= len(m.panes) {
		m.focus = max(0, len(m.panes)-1)
	}
	m.zoomed = m.zoomed && len(m.panes) > 1
	m.afterRouteChange()
}

func (m *Model) afterRouteChange() {
	// The demo banner stays only while a simulated route is left.
	m.opts.Demo = m.opts.Demo && slices.ContainsFunc(m.panes, func(p Pane) bool { return p.route.Simulated })
	focused := ""
	if m.focus < len(m.panes) {
		focused = m.panes[m.focus].route.Name
	}
	if m.pickerOpen {
		m.picker.SetRoutes(m.sessionRoutes(), focused)
	}
	m.layout()
}

// overlayStyles re-themes the overlays that exist.
func (m *Model) overlayStyles() {
	if m.pickerOpen {
		m.picker.SetStyles(m.styles)
	}
	if m.keysOpen {
		m.keyMgr.SetStyles(m.styles)
	}
	if m.showEditor {
		m.editor.SetStyles(m.styles)
	}
}

// overlaySize sizes the overlays to the pane area.
func (m *Model) overlaySize(w, h int) {
	if m.pickerOpen {
		m.picker.SetSize(w, h)
	}
	if m.keysOpen {
		m.keyMgr.SetSize(w, h)
	}
	if m.showEditor {
		m.editor.SetSize(w, h)
	}
}

// overlayView is the picker or key manager when one is shown.
func (m Model) overlayView() (string, bool) {
	switch {
	case m.showEditor:
		return m.editor.View(), true
	case m.showKeys:
		return m.keyMgr.View(), true
	case m.showPicker:
		return m.picker.View(), true
	}
	return "", false
}
