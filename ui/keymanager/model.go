// Package keymanager is the TUI screen for the BYOK keys a set of routes
// uses: where each key comes from, add/replace it (masked input), delete
// it (confirmed) and validate it with its provider. Every keyring and
// network call runs in a tea.Cmd.
package keymanager

import (
	"fmt"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/themes"
)

type mode int

const (
	modeBrowsing mode = iota
	modeEntering
	modeConfirmDelete
	modeSessionOffer // the keyring refused a key: use it for this session only?
)

// row is one key name and what is known about it.
type row struct {
	name     string
	kind     backend.Kind // provider that checks it; empty when none is known
	baseURL  string
	routes   []string
	info     keys.KeyInfo
	checking bool
	checkErr error // the key could not be read for a check
}

// Model is the key manager screen, a child of the root model.
type Model struct {
	styles *themes.Styles
	deps   Deps
	keys   keyMap
	help   help.Model
	input  textinput.Model
	spin   spinner.Model

	rows    []row
	cursor  int
	mode    mode
	gen     int // load generation; answers to older loads are dropped
	loading bool
	loadErr error
	status  string
	failed  bool // status reports a failure
	// pending is the key being saved, kept only until the keyring answers,
	// so that a keyring failure can offer it for this session instead.
	pending, pendingName string

	width, height int
}

// New builds the screen for the keys routes use (every preset key when
// no route needs one). Call Init to load them.
func New(st *themes.Styles, deps Deps, routes []backend.Route) Model {
	in := textinput.New()
	in.Prompt = ""
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.CharLimit = 4096
	m := Model{deps: deps.withDefaults(), keys: newKeyMap(), help: help.New(), input: in,
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)), rows: rowsFor(routes), gen: 1, loading: true}
	m.SetStyles(st)
	return m
}

// rowsFor groups routes by key name, keeping the first route's provider.
func rowsFor(routes []backend.Route) []row {
	var rows []row
	at := map[string]int{}
	for _, rt := range routes {
		if rt.KeyName == "" || rt.Simulated {
			continue
		}
		if i, ok := at[rt.KeyName]; ok {
			rows[i].routes = append(rows[i].routes, rt.Name)
			continue
		}
		at[rt.KeyName] = len(rows)
		rows = append(rows, row{name: rt.KeyName, kind: rt.Kind, baseURL: rt.BaseURL, routes: []string{rt.Name}})
	}
	if len(rows) > 0 {
		return rows
	}
	for _, name := range keys.KnownNames {
		r := row{name: name}
		if p, ok := backend.LookupPreset(backend.Kind(name)); ok {
			r.kind = p.Kind
		}
		rows = append(rows, r)
	}
	return rows
}

// SetStyles applies a theme; the root calls it on theme or background change.
func (m *Model) SetStyles(st *themes.Styles) {
	m.styles = st
	m.help.Styles = st.Help
	m.spin.Style = st.Streaming
	m.input.SetStyles(st.TextInput)
}

// SetSize gives the screen its rectangle.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.help.SetWidth(max(0, w-4))
	m.input.SetWidth(max(1, w-40))
}

// Init loads the listing.
func (m Model) Init() tea.Cmd { return loadCmd(m.deps, m.gen, m.names()) }

func (m Model) names() []string {
	out := make([]string, len(m.rows))
	for i, r := range m.rows {
		out[i] = r.name
	}
	return out
}

// Update handles the screen's messages and keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case LoadedMsg:
		return m.loaded(msg), nil
	case SavedMsg:
		return m.saved(msg)
	case SessionMsg:
		return m.sessionKept(msg)
	case DeletedMsg:
		return m.deleted(msg)
	case ValidatedMsg:
		return m.validated(msg), nil
	case spinner.TickMsg:
		if !m.anyChecking() {
			return m, nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case tea.KeyPressMsg:
		return m.keyPress(msg)
	}
	if m.mode == modeEntering { // paste, cursor blink
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m Model) keyPress(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch m.mode {
	case modeEntering:
		return m.enteringKey(msg)
	case modeConfirmDelete:
		return m.confirmKey(msg)
	case modeSessionOffer:
		return m.sessionOffer(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, m.keys.Down):
		m.cursor = min(len(m.rows)-1, m.cursor+1)
	case key.Matches(msg, m.keys.Set):
		return m.startEntering()
	case key.Matches(msg, m.keys.Delete):
		return m.startDelete(), nil
	case key.Matches(msg, m.keys.Validate):
		return m.startValidate()
	case key.Matches(msg, m.keys.Reload):
		return m.reload()
	case key.Matches(msg, m.keys.Close):
		return m, closeCmd
	}
	return m, nil
}

func (m Model) reload() (Model, tea.Cmd) {
	m.gen++
	m.loading = true
	return m, loadCmd(m.deps, m.gen, m.names())
}

func (m Model) selected() (row, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return row{}, false
	}
	return m.rows[m.cursor], true
}

func (m Model) rowIndex(name string) int {
	for i, r := range m.rows {
		if r.name == name {
			return i
		}
	}
	return -1
}

func (m Model) anyChecking() bool {
	for _, r := range m.rows {
		if r.checking {
			return true
		}
	}
	return false
}

func (m *Model) setStatus(failed bool, format string, a ...any) {
	m.status, m.failed = fmt.Sprintf(format, a...), failed
}

func (m Model) loaded(msg LoadedMsg) Model {
	if msg.Gen != m.gen {
		return m
	}
	m.loading, m.loadErr = false, msg.Err
	if msg.Err != nil {
		return m
	}
	for _, info := range msg.Keys {
		i := m.rowIndex(info.Name)
		if i < 0 {
			continue
		}
		// A check may have answered before this listing was read; keep
		// whichever verdict is newer.
		prev := m.rows[i].info.Validation
		m.rows[i].info = info
		if prev != nil && (info.Validation == nil || info.Validation.At.Before(prev.At)) {
			m.rows[i].info.Validation = prev
		}
	}
	return m
}

func (m Model) saved(msg SavedMsg) (Model, tea.Cmd) {
	pending := m.pending
	m.pending, m.pendingName = "", ""
	if msg.Err != nil {
		m.setStatus(true, "not saved: %v", msg.Err)
		if pending != "" && keyringFailed(msg.Err) {
			m.pending, m.pendingName, m.mode = pending, msg.Name, modeSessionOffer
		}
		return m, nil
	}
	m.setStatus(false, "stored %s (%s) in the OS keyring", msg.Name, msg.Masked)
	if envVar, ok := m.deps.Store.EnvVarInUse(msg.Name); ok {
		m.setStatus(false, "stored %s (%s); %s is set and still takes precedence", msg.Name, msg.Masked, envVar)
	}
	m, reload := m.reload()
	i := m.rowIndex(msg.Name)
	if i < 0 {
		return m, reload
	}
	m.rows[i].info.Validation = nil // it was the old key's
	m.rows[i].checkErr = nil
	if m.rows[i].kind == "" {
		return m, reload
	}
	m.rows[i].checking = true
	return m, tea.Batch(reload, validateCmd(m.deps, msg.Name, m.rows[i].kind, m.rows[i].baseURL), m.spin.Tick)
}

func (m Model) deleted(msg DeletedMsg) (Model, tea.Cmd) {
	if msg.Err != nil {
		m.setStatus(true, "not deleted: %v", msg.Err)
		return m, nil
	}
	m.setStatus(false, "deleted %s from the OS keyring", msg.Name)
	return m.reload()
}

func (m Model) validated(msg ValidatedMsg) Model {
	i := m.rowIndex(msg.Name)
	if i < 0 {
		return m
	}
	r := &m.rows[i]
	r.checking = false
	r.checkErr = msg.Err
	if msg.Err != nil {
		m.setStatus(true, "%s: %v", msg.Name, msg.Err)
		return m
	}
	res := msg.Result
	if res.Status == catalog.KeyUnchecked {
		m.setStatus(true, "%s: %s", msg.Name, res.Message)
		return m
	}
	r.info.Validation = &keys.Validation{Status: string(res.Status), LatencyMS: res.Latency.Milliseconds(),
		At: m.deps.Now().UTC(), Message: res.Message, CreditUsage: res.CreditUsage, CreditLimit: res.CreditLimit}
	if res.Status == catalog.KeyValid {
		m.setStatus(false, "%s: valid (%s)", msg.Name, figure.Duration(res.Latency))
	} else {
		m.setStatus(true, "%s: %s: %s", msg.Name, res.Status, res.Message)
	}
	return m
}

func (m Model) startEntering() (Model, tea.Cmd) {
	if _, ok := m.selected(); !ok {
		return m, nil
	}
	m.mode = modeEntering
	m.input.Reset()
	m.status = ""
	return m, m.input.Focus()
}

func (m Model) enteringKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Cancel):
		m.mode = modeBrowsing
		m.input.Reset()
		m.input.Blur()
		m.setStatus(false, "nothing changed")
		return m, nil
	case key.Matches(msg, m.keys.Save):
		r, _ := m.selected()
		value := m.input.Value()
		m.input.Reset() // the secret leaves the model at once
		m.input.Blur()
		m.mode = modeBrowsing
		if _, err := keys.CleanSecret(value); err != nil {
			m.setStatus(true, "not saved: %v", err)
			return m, nil
		}
		m.setStatus(false, "saving %s…", r.name)
		m.pending, m.pendingName = value, r.name
		return m, saveCmd(m.deps, r.name, value)
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

func (m Model) startDelete() Model {
	r, ok := m.selected()
	if !ok {
		return m
	}
	switch {
	case r.info.Source == keys.SourceEnv && !r.info.Stored:
		m.setStatus(true, "%s comes from %s; unset it in your shell to remove it", r.name, r.info.EnvVar)
	case !r.info.Stored:
		m.setStatus(true, "%s is not stored in the OS keyring", r.name)
	default:
		m.mode = modeConfirmDelete
		m.status = ""
	}
	return m
}

func (m Model) confirmKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	r, _ := m.selected()
	switch {
	case key.Matches(msg, m.keys.Confirm):
		m.mode = modeBrowsing
		m.setStatus(false, "deleting %s…", r.name)
		return m, deleteCmd(m.deps, r.name)
	case key.Matches(msg, m.keys.Deny):
		m.mode = modeBrowsing
		m.setStatus(false, "kept %s", r.name)
	}
	return m, nil
}

func (m Model) startValidate() (Model, tea.Cmd) {
	r, ok := m.selected()
	switch {
	case !ok || r.checking:
		return m, nil
	case r.info.Source == keys.SourceMissing && r.info.Err == nil:
		m.setStatus(true, "no %s key to validate: press enter to add one", r.name)
		return m, nil
	case r.kind == "":
		m.setStatus(true, "no provider known for %s", r.name)
		return m, nil
	}
	m.rows[m.cursor].checking = true
	m.rows[m.cursor].checkErr = nil
	m.status = ""
	return m, tea.Batch(validateCmd(m.deps, r.name, r.kind, r.baseURL), m.spin.Tick)
}
