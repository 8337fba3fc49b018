// Package routeeditor is the screen that edits one route's parameters and
// OpenRouter routing preferences while the app runs. Every setting is
// parsed and checked by backend.Setting, shown with the request body it
// produces and the warnings it raises, and applied to the session as soon
// as it is set; ctrl+s also saves the session's routes to the config. It
// is a child of the root model, which owns the panes and applies ApplyMsg.
package routeeditor

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/config/configsave"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/wire"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui/scroll"
)

// ApplyMsg asks the root to use this version of the route from the next
// prompt on; a run in flight keeps the request it sent.
type ApplyMsg struct{ Route backend.Route }

// SaveMsg asks the root to save the session's routes to the config.
type SaveMsg struct{}

// SavedMsg reports a save; the root passes it back to the editor.
type SavedMsg struct {
	Count  int // routes written, hidden fallback routes included
	Path   string
	Backup string // where the old file was kept; "" when there was none
	Err    error
}

// CloseMsg asks the root to hide the editor.
type CloseMsg struct{}

// Model edits one route.
type Model struct {
	styles   *themes.Styles
	keys     keyMap
	help     help.Model
	input    textinput.Model // one-line values
	area     textarea.Model  // the system prompt, which may span lines
	original backend.Route   // as it was when opened, for revert
	route    backend.Route   // with every setting made so far
	system   string          // the session's system prompt, for the preview
	canSave  bool

	settings   []config.Setting
	cursor     int // selected setting
	offset     int // first list row shown
	editing    bool
	preview    []string // the request body, sanitised, a line each
	warnings   []string
	bodyFull   bool         // the request body fills the screen (p)
	bodyScroll scroll.Model // the window over preview when it fills the screen
	status     string
	failed     bool
	saving     bool

	width, height int
}

// New opens the editor on rt. system is the session's system prompt;
// canSave says whether the session has a config file to save to.
func New(st *themes.Styles, rt backend.Route, system string, canSave bool) Model {
	in := textinput.New()
	in.Prompt = ""
	area := textarea.New()
	area.ShowLineNumbers = false
	area.Prompt = "│ "
	area.CharLimit = 0
	m := Model{keys: newKeyMap(), help: help.New(), input: in, area: area,
		original: rt, route: rt, system: system, canSave: canSave}
	area.KeyMap.InsertNewline = m.keys.Newline
	m.area = area
	m.SetStyles(st)
	m.refresh()
	return m
}

// SetStyles switches theme.
func (m *Model) SetStyles(st *themes.Styles) {
	m.styles = st
	m.help.Styles = st.Help
	m.input.SetStyles(st.TextInput)
	as := st.Textarea
	as.Cursor.Blink = false
	m.area.SetStyles(as)
}

// SetSize gives the screen its rectangle.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.help.SetWidth(max(0, w-4))
	m.input.SetWidth(max(1, m.valueWidth()-1))
	m.area.SetWidth(max(1, m.listWidth()))
	m.area.SetHeight(max(1, min(8, m.listRows()-2)))
	m.sizeBody()
	m.clampScroll()
}

// sizeBody fits the full-screen body to the rows under its title; the
// warnings under the list take some of them.
func (m *Model) sizeBody() {
	w, _ := m.inner()
	m.bodyScroll.SetSize(w, m.listRows()-1)
	m.bodyScroll.SetLines(m.preview)
}

// Init needs no command: everything the editor shows is computed in place.
func (m Model) Init() tea.Cmd { return nil }

// Update handles key presses, pastes and the save report.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case SavedMsg:
		m.saving = false
		if msg.Err != nil {
			m.setStatus(true, "Not saved: %s", safetext.Sanitize(msg.Err.Error()))
		} else {
			m.setStatus(false, "%s", safetext.Sanitize(configsave.Saved{Routes: msg.Count, Backup: msg.Backup}.Message(msg.Path)))
		}
		return m, nil
	case tea.PasteMsg:
		if !m.editing {
			return m, nil
		}
		return m.updateField(msg)
	case tea.KeyPressMsg:
		if m.editing {
			return m.editKey(msg)
		}
		return m.browseKey(msg)
	}
	return m, nil
}

// refresh recomputes what depends on the route: the settings that apply
// (a cleared one the wire ignores disappears), the body and the warnings.
func (m *Model) refresh() {
	key := ""
	if m.cursor < len(m.settings) {
		key = m.settings[m.cursor].Key
	}
	m.settings = config.RouteSettings(m.route)
	m.cursor = min(m.cursor, len(m.settings)-1)
	for i, s := range m.settings {
		if s.Key == key {
			m.cursor = i
		}
	}
	body, err := wire.RequestPreview(m.route, m.system)
	if err != nil {
		body = "could not build the request body: " + err.Error()
	}
	m.preview = strings.Split(safetext.Sanitize(body), "\n")
	m.warnings = nil
	for _, w := range config.CheckParams(m.route) {
		m.warnings = append(m.warnings, strings.TrimPrefix(w, m.route.Name+": "))
	}
	m.sizeBody()
	m.clampScroll()
}

func (m *Model) setStatus(failed bool, format string, a ...any) {
	m.failed = failed
	m.status = fmt.Sprintf(format, a...)
}
