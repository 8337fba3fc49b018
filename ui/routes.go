package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config/configsave"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/keymanager"
	"github.com/routeplay/routeplay/ui/pane"
	"github.com/routeplay/routeplay/ui/picker"
	"github.com/routeplay/routeplay/ui/routeeditor"
)

// onRouteMsg handles what the route picker, the key manager and the route
// settings screen report. ok is false for every other message.
func (m Model) onRouteMsg(msg tea.Msg) (_ Model, _ tea.Cmd, ok bool) {
	if m, cmd, ok := m.onEditorMsg(msg); ok {
		return m, cmd, true
	}
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case picker.AddMsg:
		m.addRoutes(msg.Routes)
	case picker.RemoveMsg:
		m.removeRoute(msg.Route)
	case picker.CloseMsg:
		cmd = m.closeScreen(screenPicker)
	case picker.CatalogMsg, picker.SavedMsg:
		m.picker, cmd = onHeap(m.picker.Update(msg))
	case keymanager.CloseMsg:
		cmd = m.closeScreen(screenKeys)
	case keymanager.LoadedMsg, keymanager.SavedMsg, keymanager.DeletedMsg, keymanager.ValidatedMsg, spinner.TickMsg:
		if loaded, ok := msg.(keymanager.LoadedMsg); ok {
			m.noteKeyListing(loaded)
		}
		if m.keyMgr != nil {
			m.keyMgr, cmd = onHeap(m.keyMgr.Update(msg))
		}
	default:
		return m, nil, false
	}
	return m, cmd, true
}

// openPicker shows the route picker; the catalog loads on first use only.
func (m *Model) openPicker() tea.Cmd {
	m.screens.open(screenPicker)
	focused := ""
	if m.focus < len(m.panes) {
		focused = m.panes[m.focus].Route().Name
	}
	var cmd tea.Cmd
	if m.picker == nil {
		deps := picker.Deps{Load: m.opts.Catalog, SavePath: m.opts.ConfigPath}
		if path := m.opts.ConfigPath; path != "" {
			deps.Save = func(rts []backend.Route) (configsave.Saved, error) { return configsave.SaveRoutes(path, rts) }
		}
		m.picker = held(picker.New(m.styles, deps, m.sessionRoutes(), focused))
		cmd = m.picker.Init()
	} else {
		m.picker = edited(m.picker, func(x *picker.Model) { x.SetRoutes(m.sessionRoutes(), focused) })
	}
	m.layout()
	return cmd
}

// openKeys shows the key manager for the session's routes.
func (m *Model) openKeys() tea.Cmd {
	if m.opts.Keys == nil {
		m.status = "No key store in this session."
		return nil
	}
	m.screens.open(screenKeys)
	m.keyMgr = held(keymanager.New(m.styles, keymanager.Deps{Store: m.opts.Keys}, m.sessionRoutes()))
	m.layout()
	return m.keyMgr.Init()
}

// sessionRoutes are the routes of the panes, in pane order.
func (m Model) sessionRoutes() []backend.Route {
	out := make([]backend.Route, len(m.panes))
	for i := range m.panes {
		out[i] = m.panes[i].Route()
	}
	return out
}

// addRoutes gives each new route a pane at the end.
func (m *Model) addRoutes(rts []backend.Route) {
	for _, rt := range rts {
		if _, taken := m.index[rt.Name]; taken {
			continue
		}
		if m.opts.PrepareRoute != nil {
			rt = m.opts.PrepareRoute(rt)
		}
		m.panes = append(m.panes, m.newPane(rt))
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
	m.reindex(m.focus)
}

// reindex rebuilds the name index after panes moved and focuses pane focus.
func (m *Model) reindex(focus int) {
	clear(m.index)
	for j := range m.panes {
		m.index[m.panes[j].Route().Name] = j
	}
	m.focus = min(max(focus, 0), max(0, len(m.panes)-1))
	m.zoomed = m.zoomed && len(m.panes) > 1
	m.afterRouteChange()
}

func (m *Model) afterRouteChange() {
	// The demo banner stays only while a simulated route is left.
	m.opts.Demo = m.opts.Demo && slices.ContainsFunc(m.panes, func(p pane.Pane) bool { return p.Route().Simulated })
	focused := ""
	if m.focus < len(m.panes) {
		focused = m.panes[m.focus].Route().Name
	}
	if m.picker != nil {
		m.picker = edited(m.picker, func(x *picker.Model) { x.SetRoutes(m.sessionRoutes(), focused) })
	}
	m.layout()
}

// screenStyles re-themes the screens that exist.
func (m *Model) screenStyles() {
	if m.picker != nil {
		m.picker = edited(m.picker, func(x *picker.Model) { x.SetStyles(m.styles) })
	}
	if m.keyMgr != nil {
		m.keyMgr = edited(m.keyMgr, func(x *keymanager.Model) { x.SetStyles(m.styles) })
	}
	if m.screens.has(screenEditor) && m.editor != nil {
		m.editor = edited(m.editor, func(x *routeeditor.Model) { x.SetStyles(m.styles) })
	}
}

// screenSize sizes the screens that exist to the pane area.
func (m *Model) screenSize(w, h int) {
	if m.picker != nil {
		m.picker = edited(m.picker, func(x *picker.Model) { x.SetSize(w, h) })
	}
	if m.keyMgr != nil {
		m.keyMgr = edited(m.keyMgr, func(x *keymanager.Model) { x.SetSize(w, h) })
	}
	if m.screens.has(screenEditor) && m.editor != nil {
		m.editor = edited(m.editor, func(x *routeeditor.Model) { x.SetSize(w, h) })
	}
}

// newPane builds a route's pane with the root's styles and key redaction.
func (m *Model) newPane(rt backend.Route) pane.Pane {
	hint := ""
	if m.opts.KeyHint != nil {
		hint = m.opts.KeyHint(rt)
	}
	p := pane.New(rt, m.styles, hint)
	p.SetNoKey(m.lacksKey(rt))
	if m.opts.Keys != nil {
		r := m.opts.Keys.Redactor()
		p.SetRedact(r.RedactLive, r.Version)
	}
	return p
}

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
	if m.picker != nil {
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

// Key status: a route whose key is neither stored nor in the environment is
// said up front, in its pane and once in the status line, and is skipped by
// sends until a key turns up (the key manager's listing tells), instead of
// failing every turn and filling the history with failures.

// keysKnown reports the key names present, and whether anything is known.
func (m *Model) keysKnown() (map[string]bool, bool) {
	if m.keyHave != nil {
		return m.keyHave, true
	}
	return m.opts.KeysPresent, m.opts.KeysPresent != nil
}

// lacksKey reports whether rt needs a key that is known to be missing.
// Simulated routes and routes without a key name need none.
func (m *Model) lacksKey(rt backend.Route) bool {
	have, known := m.keysKnown()
	if !known || rt.Simulated || rt.Kind == backend.KindDemo || rt.KeyName == "" {
		return false
	}
	return !have[rt.KeyName]
}

// noteKeyListing takes a fresh listing from the key manager: a key set or
// deleted there changes which panes are skipped.
func (m *Model) noteKeyListing(msg keymanager.LoadedMsg) {
	if msg.Err != nil {
		return
	}
	have := map[string]bool{}
	for _, k := range msg.Keys {
		if k.Source == keys.SourceEnv || k.Source == keys.SourceSession || k.Stored {
			have[k.Name] = true
		}
	}
	m.keyHave = have
	for i := range m.panes {
		m.panes[i].SetNoKey(m.lacksKey(m.panes[i].Route()))
	}
}

// keyless names the panes without their key, in pane order.
func (m *Model) keyless() []string {
	var names []string
	for i := range m.panes {
		if m.panes[i].NoKey() {
			names = append(names, m.panes[i].Name())
		}
	}
	return names
}

// keyStatusNote is the status line's word on missing keys, or "".
func (m *Model) keyStatusNote() string {
	names := m.keyless()
	if len(names) == 0 {
		return ""
	}
	if len(names) == len(m.panes) {
		return "No route has its key: add one with ctrl+k, or try `routeplay --demo`."
	}
	return "No key for " + strings.Join(names, ", ") + ": ctrl+k adds one; skipped until then."
}

// sendTargets are the panes a prompt goes to: on, with their key (or not
// known to lack it). keyless counts the panes on but skipped for their key.
func (m *Model) sendTargets() (targets []int, keyless int) {
	for i := range m.panes {
		switch p := &m.panes[i]; {
		case !p.Enabled():
		case p.NoKey():
			keyless++
		default:
			targets = append(targets, i)
		}
	}
	return targets, keyless
}
