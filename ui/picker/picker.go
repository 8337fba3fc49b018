// Package picker is the route picker: a fuzzy search over the model catalog
// that adds routes to the running session, removes them and saves the set
// to the config file. It is a child of the root model; the root owns the
// panes and applies the AddMsg and RemoveMsg the picker sends.
package picker

import (
	"context"
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config/configsave"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/themes"
)

// Deps are the picker's outside world; both run in a tea.Cmd.
type Deps struct {
	// Load returns the catalog to search; nil means the embedded one. An
	// error with a catalog is a warning (e.g. offline: embedded list used).
	Load func(ctx context.Context) (*catalog.Catalog, error)
	// Save writes the session's routes to the config; nil disables saving.
	Save func(routes []backend.Route) (configsave.Saved, error)
	// SavePath names the config file in messages.
	SavePath string
	// Timeout bounds a catalog load; zero means 15 s.
	Timeout time.Duration
}

// CatalogMsg delivers the loaded catalog.
type CatalogMsg struct {
	Catalog *catalog.Catalog
	Err     error
}

// SavedMsg reports a save to the config.
type SavedMsg struct {
	Saved configsave.Saved
	Err   error
}

// AddMsg asks the root to add routes (one new pane each), in order.
type AddMsg struct{ Routes []backend.Route }

// RemoveMsg asks the root to remove the route with this name.
type RemoveMsg struct{ Route string }

// EditMsg asks the root to open the settings of the route with this name.
type EditMsg struct{ Route string }

// CloseMsg asks the root to hide the picker.
type CloseMsg struct{}

// list says which list the arrow keys move in.
type list int

const (
	listCatalog list = iota
	listSession
)

// Model is the route picker.
type Model struct {
	deps    Deps
	keys    keyMap
	help    help.Model
	input   textinput.Model
	styles  *themes.Styles
	catalog *catalog.Catalog
	// didYouMean is the nearest model when the search matched nothing.
	didYouMean string
	query      string                 // the query results were computed for
	results    []catalog.CatalogEntry // catalog matches, best first
	cursor     int                    // selected result
	offset     int                    // first result shown
	routes     []backend.Route        // the session's routes, as the root has them
	picked     int                    // selected session route
	focus      list
	status     string
	failed     bool // status is a problem
	saving     bool
	width      int
	height     int
}

// New builds a picker over the session's routes; focused is the name of
// the route whose pane has focus, preselected for removal.
func New(st *themes.Styles, deps Deps, routes []backend.Route, focused string) Model {
	in := textinput.New()
	in.Prompt = "search › "
	in.Placeholder = "provider or model, e.g. sonnet, gpt 4o, openrouter llama"
	in.Focus()
	m := Model{deps: deps, keys: defaultKeyMap(), help: help.New(), input: in, status: "Loading the model catalog…"}
	m.SetStyles(st)
	m.SetRoutes(routes, focused)
	return m
}

// Init loads the catalog.
func (m Model) Init() tea.Cmd {
	load, timeout := m.deps.Load, m.deps.Timeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	return func() tea.Msg {
		if load == nil {
			return CatalogMsg{Catalog: catalog.EmbeddedCatalog()}
		}
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		cat, err := load(ctx)
		if cat == nil {
			cat = catalog.EmbeddedCatalog()
		}
		return CatalogMsg{Catalog: cat, Err: err}
	}
}

// SetRoutes tells the picker the session's current routes.
func (m *Model) SetRoutes(routes []backend.Route, focused string) {
	m.routes = slices.Clone(routes)
	if i := slices.IndexFunc(m.routes, func(r backend.Route) bool { return r.Name == focused }); i >= 0 {
		m.picked = i
	}
	m.picked = max(0, min(m.picked, len(m.routes)-1))
	if len(m.routes) == 0 {
		m.focus = listCatalog
	}
	m.keys.forList(m.focus)
}

// SetSize sets the picker's outer size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.SetWidth(max(10, w-len(m.input.Prompt)-1))
	m.help.SetWidth(w)
	m.clampScroll()
}

// SetStyles switches theme.
func (m *Model) SetStyles(st *themes.Styles) {
	m.styles = st
	m.help.Styles = st.Help
	m.input.SetStyles(st.TextInput)
}

// Update handles the picker's own messages and key presses.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case CatalogMsg:
		m.catalog = msg.Catalog
		m.setStatus(false, "")
		if msg.Err != nil {
			m.setStatus(false, "%s", safetext.Sanitize(msg.Err.Error()))
		}
		m.search(true)
		return m, nil
	case SavedMsg:
		m.saving = false
		if msg.Err != nil {
			m.setStatus(true, "Not saved: %s", safetext.Sanitize(msg.Err.Error()))
		} else {
			m.setStatus(false, "%s", safetext.Sanitize(msg.Saved.Message(m.deps.SavePath)))
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.keyPress(msg)
	case tea.PasteMsg:
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		m.search(false)
		return m, cmd
	}
	return m, nil
}

func (m Model) keyPress(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Close):
		return m, func() tea.Msg { return CloseMsg{} }
	case key.Matches(msg, k.Save):
		return m.save()
	case key.Matches(msg, k.SwitchList):
		if m.focus == listCatalog && len(m.routes) > 0 {
			m.focus = listSession
		} else {
			m.focus = listCatalog
		}
		m.keys.forList(m.focus)
		return m, nil
	case key.Matches(msg, k.Up), key.Matches(msg, k.Down), key.Matches(msg, k.PageUp), key.Matches(msg, k.PageDown):
		m.move(msg)
		return m, nil
	}
	if m.focus == listSession {
		if len(m.routes) == 0 {
			return m, nil
		}
		name := m.routes[m.picked].Name
		switch {
		case key.Matches(msg, k.Remove):
			return m, func() tea.Msg { return RemoveMsg{Route: name} }
		case key.Matches(msg, k.Edit):
			return m, func() tea.Msg { return EditMsg{Route: name} }
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Add):
		return m.add(false)
	case key.Matches(msg, k.AddBoth):
		return m.add(true)
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	m.search(false)
	return m, cmd
}

// move handles the arrow and page keys in the focused list.
func (m *Model) move(msg tea.KeyPressMsg) {
	step := 1
	if key.Matches(msg, m.keys.PageUp) || key.Matches(msg, m.keys.PageDown) {
		step = max(1, m.resultRows()-1)
	}
	if key.Matches(msg, m.keys.Up) || key.Matches(msg, m.keys.PageUp) {
		step = -step
	}
	if m.focus == listSession {
		m.picked = max(0, min(m.picked+step, len(m.routes)-1))
		return
	}
	m.cursor = max(0, min(m.cursor+step, len(m.results)-1))
	m.clampScroll()
}

// search re-runs the query when it changed (or always with force).
func (m *Model) search(force bool) {
	q := m.input.Value()
	if m.catalog == nil || (!force && q == m.query) {
		return
	}
	m.query, m.results = q, rank(m.catalog.Search(q), q)
	m.cursor, m.offset = 0, 0
	m.didYouMean = ""
	if len(m.results) == 0 {
		m.didYouMean, _ = m.catalog.Suggest(q)
	}
}

// add asks the root for the selected entry's route and, with both, the
// same model from the other side of OpenRouter.
func (m Model) add(both bool) (Model, tea.Cmd) {
	if len(m.results) == 0 {
		return m, nil
	}
	e := m.results[m.cursor]
	entries := []catalog.CatalogEntry{e}
	if both {
		other := m.catalog.Counterparts(e)
		if len(other) == 0 {
			m.setStatus(true, "No %s route for %s in the catalog", otherSide(e), safetext.Sanitize(e.Model))
			return m, nil
		}
		entries = append(entries, other[0])
	}
	var routes []backend.Route
	var skipped []string
	for _, ce := range entries {
		rt, err := ce.Route()
		if err != nil {
			m.setStatus(true, "Cannot add %s: %s", safetext.Sanitize(ce.Model), safetext.Sanitize(err.Error()))
			return m, nil
		}
		if m.has(rt.Name) {
			skipped = append(skipped, rt.Name)
			continue
		}
		routes = append(routes, rt)
	}
	if len(routes) == 0 {
		m.setStatus(false, "%s is already in the session", safetext.Sanitize(skipped[0]))
		return m, nil
	}
	names := make([]string, len(routes))
	for i, rt := range routes {
		names[i] = rt.Name
	}
	m.setStatus(false, "Added %s", safetext.Sanitize(joinNames(names)))
	return m, func() tea.Msg { return AddMsg{Routes: routes} }
}

func (m Model) has(name string) bool {
	return slices.ContainsFunc(m.routes, func(r backend.Route) bool { return r.Name == name })
}

// save writes the session's routes off the event loop.
func (m Model) save() (Model, tea.Cmd) {
	if m.deps.Save == nil {
		m.setStatus(true, "Saving is off: no config file path")
		return m, nil
	}
	if m.saving {
		return m, nil
	}
	var keep []backend.Route
	for _, rt := range m.routes {
		if !rt.Simulated {
			keep = append(keep, rt)
		}
	}
	if len(keep) == 0 {
		m.setStatus(true, "Nothing to save: add a route first (demo routes are not saved)")
		return m, nil
	}
	m.saving = true
	m.setStatus(false, "Saving…")
	save := m.deps.Save
	return m, func() tea.Msg {
		saved, err := save(keep)
		return SavedMsg{Saved: saved, Err: err}
	}
}

func (m *Model) setStatus(failed bool, format string, a ...any) {
	m.failed = failed
	m.status = fmt.Sprintf(format, a...)
}

func otherSide(e catalog.CatalogEntry) string {
	if e.Provider == backend.KindOpenRouter {
		return "direct"
	}
	return "OpenRouter"
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += " and "
		}
		out += n
	}
	return out
}
