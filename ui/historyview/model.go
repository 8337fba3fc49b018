// Package historyview is the playground's history screen: past sessions
// listed newest first, filtered by text, route and date, one opened
// read-only with every route's answer and figures, or handed back to the
// playground to continue. Every database call runs in a tea.Cmd.
package historyview

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui/markdown"
	"github.com/routeplay/routeplay/ui/scroll"
)

// Store is what the screen reads; *history.DB satisfies it.
type Store interface {
	Sessions(ctx context.Context, f history.SessionFilter) ([]history.SessionSummary, error)
	Session(ctx context.Context, id history.SessionID) (*history.Session, error)
	RouteTrendBySettings(ctx context.Context, route string, since time.Time, bucket time.Duration) ([]history.SettingsTrend, error)
}

var _ Store = (*history.DB)(nil)

// Options configure the screen.
type Options struct {
	// Store is the history database; nil shows Off instead of a list.
	Store Store
	// Off says why there is no history (--no-history, a database that
	// could not be opened).
	Off string
	// Context bounds every load; nil means context.Background.
	Context context.Context
	// Now and Location fix the clock and time zone (tests); zero values
	// mean time.Now and time.Local.
	Now      func() time.Time
	Location *time.Location
}

// listLimit bounds how many sessions one search shows.
const listLimit = 200

// filterDelay lets a burst of typing settle before the database is asked.
var filterDelay = 150 * time.Millisecond

// loadTimeout bounds one database read.
const loadTimeout = 5 * time.Second

// Model is the history screen, a child of the playground's root model.
type Model struct {
	opts   Options
	styles *themes.Styles
	keys   keyMap
	filter textinput.Model
	md     *markdown.Renderer // renders the open session's answers

	seq      uint64 // the latest list load asked for; older answers are dropped
	loading  bool
	loaded   bool
	query    history.SessionFilter
	queryErr string
	sessions []history.SessionSummary
	err      error
	selected int
	top      int // first list row shown

	detail     *history.Session  // the session shown read-only; nil shows the list
	detailBody scroll.Model      // the open session's turns, scrolled
	opening    history.SessionID // a session being loaded

	width, height int
}

// New builds the screen; Open loads its list.
func New(opts Options, styles *themes.Styles) Model {
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	in := textinput.New()
	in.Prompt = "filter › "
	in.Placeholder = "words, route:NAME, since:7d, date:2026-11-25"
	in.SetVirtualCursor(false) // the root places the terminal's cursor
	m := Model{opts: opts, keys: defaultKeyMap(), filter: in, md: markdown.New("", 0)}
	m.SetStyles(styles)
	return m
}

// SetSize sets the screen's size in cells.
func (m *Model) SetSize(w, h int) {
	if w == m.width && h == m.height {
		return
	}
	m.width, m.height = w, h
	m.filter.SetWidth(max(1, w-lenPrompt(m.filter.Prompt)-1))
	m.layoutDetail()
	m.clampList()
}

// SetStyles switches theme.
func (m *Model) SetStyles(s *themes.Styles) {
	m.styles = s
	m.filter.SetStyles(inputStyles(s))
	m.layoutDetail()
}

// Open shows the list afresh: what was recorded since the screen was last
// open is in it.
func (m *Model) Open() tea.Cmd {
	m.detail, m.opening = nil, 0
	focus := m.filter.Focus()
	return tea.Batch(focus, m.reload())
}

// Blur releases the filter's focus while the screen is hidden.
func (m *Model) Blur() { m.filter.Blur() }

// Cursor is where the terminal cursor belongs, relative to the screen:
// in the filter while the list shows, nowhere otherwise.
func (m Model) Cursor() *tea.Cursor {
	if m.detail != nil || m.opts.Store == nil || m.width <= 0 || m.height < 2 {
		return nil
	}
	c := m.filter.Cursor()
	if c != nil {
		c.Y++ // under the title line
	}
	return c
}

// Showing reports whether a session is open read-only.
func (m Model) Showing() bool { return m.detail != nil }

// Update handles the screen's keys and the loads it asked for.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case filterTickMsg:
		if msg.seq == m.seq {
			return m, m.load()
		}
	case SessionsMsg:
		m.onSessions(msg)
	case SessionMsg:
		return m.onSession(msg)
	case tea.KeyPressMsg:
		if m.detail != nil {
			return m.onDetailKey(msg)
		}
		return m.onListKey(msg)
	case tea.PasteMsg:
		return m.editFilter(msg)
	case tea.MouseWheelMsg:
		m.onWheel(msg.Mouse().Button)
	}
	return m, nil
}

func (m Model) onListKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Close):
		if m.filter.Value() != "" {
			m.filter.Reset()
			return m, m.reload()
		}
		return m, func() tea.Msg { return CloseMsg{} }
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(+1)
	case key.Matches(msg, k.PageUp):
		m.move(-m.listRows())
	case key.Matches(msg, k.PageDown):
		m.move(+m.listRows())
	case key.Matches(msg, k.Open), key.Matches(msg, k.Continue):
		if s, ok := m.current(); ok {
			m.opening = s.ID
			return m, m.loadSession(s.ID, key.Matches(msg, k.Continue))
		}
	default:
		return m.editFilter(msg)
	}
	return m, nil
}

func (m Model) onDetailKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Close):
		m.detail = nil
		m.detailBody.SetLines(nil)
	case key.Matches(msg, k.Continue), key.Matches(msg, k.ContinueShown):
		s := m.detail
		return m, func() tea.Msg { return ContinueMsg{Session: s} }
	default:
		m.detailBody.Key(msg, k.KeyMap)
	}
	return m, nil
}

// editFilter gives a key or a paste to the filter and, when the text
// changed, asks for the list again once typing pauses.
func (m Model) editFilter(msg tea.Msg) (Model, tea.Cmd) {
	before := m.filter.Value()
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	if m.filter.Value() == before {
		return m, cmd
	}
	m.seq++
	seq := m.seq
	tick := tea.Tick(filterDelay, func(time.Time) tea.Msg { return filterTickMsg{seq: seq} })
	return m, tea.Batch(cmd, tick)
}

func (m *Model) onSessions(msg SessionsMsg) {
	if msg.seq != m.seq {
		return // a newer search is on its way
	}
	m.loading, m.loaded = false, true
	m.sessions, m.err = msg.Sessions, msg.Err
	m.selected, m.top = 0, 0
}

func (m Model) onSession(msg SessionMsg) (Model, tea.Cmd) {
	if msg.ID != m.opening {
		return m, nil
	}
	m.opening = 0
	if msg.Err != nil {
		m.err = msg.Err
		return m, nil
	}
	if msg.Continue {
		s := msg.Session
		return m, func() tea.Msg { return ContinueMsg{Session: s} }
	}
	m.detail = msg.Session
	m.detailBody.GotoTop()
	m.layoutDetail()
	return m, nil
}

func (m Model) current() (history.SessionSummary, bool) {
	if m.selected < 0 || m.selected >= len(m.sessions) {
		return history.SessionSummary{}, false
	}
	return m.sessions[m.selected], true
}

func (m *Model) move(n int) {
	if len(m.sessions) == 0 {
		return
	}
	m.selected = min(max(0, m.selected+n), len(m.sessions)-1)
	m.clampList()
}

// clampList keeps the selected row on screen.
func (m *Model) clampList() {
	m.top = scroll.Follow(m.top, m.selected, max(1, m.listRows()), len(m.sessions))
}

// onWheel moves the selection, or scrolls an open session, three rows a notch.
func (m *Model) onWheel(b tea.MouseButton) {
	if m.detail != nil {
		m.detailBody.Wheel(b)
		return
	}
	m.move(map[tea.MouseButton]int{tea.MouseWheelUp: -scroll.WheelLines, tea.MouseWheelDown: +scroll.WheelLines}[b])
}
