// Package ui is routeplay's playground: one pane per route, answers streamed
// side by side with live metrics, and a prompt box at the bottom.
package ui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui/compare"
	"github.com/routeplay/routeplay/ui/historyview"
	"github.com/routeplay/routeplay/ui/keymanager"
	"github.com/routeplay/routeplay/ui/orprov"
	"github.com/routeplay/routeplay/ui/pane"
	"github.com/routeplay/routeplay/ui/picker"
	"github.com/routeplay/routeplay/ui/promptbox"
	"github.com/routeplay/routeplay/ui/routeeditor"
	"github.com/routeplay/routeplay/ui/verdictline"
)

// Options configure the playground.
type Options struct {
	// Engine streams routes; *backend.Engine in the app.
	Engine Streamer
	// Routes get one pane each; they may be simulated demo routes.
	Routes []backend.Route
	// PrepareRoute, when set, adjusts a route added in the playground (the
	// run's --tools and --schema), so it is asked what the others are.
	PrepareRoute func(backend.Route) backend.Route
	// System is the initial system prompt.
	System string
	// Theme is a themes name; empty picks one from the terminal background.
	Theme string
	// Demo says the routes are simulated because no key was found.
	Demo bool
	// KeyHint tells how to add a route's key; nil uses a generic hint.
	KeyHint func(route backend.Route) string
	// Keys is the key store the key manager (ctrl+k) edits; nil turns it off.
	Keys *keys.Store
	// KeysPresent names the keys stored or set in the environment at start;
	// a route whose key is not among them says so and is skipped. Nil means
	// unknown: every route is sent to.
	KeysPresent map[string]bool
	// Catalog loads the route picker's model list; nil means the embedded one.
	Catalog func(ctx context.Context) (*catalog.Catalog, error)
	// ConfigPath is where the picker saves the session's routes; empty turns saving off.
	ConfigPath string
	// Fees are the gateway fees behind the compare view's fair cost; nil
	// means OpenRouter's published ones.
	Fees *config.Fees
	// Volume is requests a month for the compare view's monthly cost
	// projection; 0 leaves it out.
	Volume int
	// History records the chat and lets the user browse and continue past ones.
	History HistoryOptions
	// Warnings are shown in a notice at start, before anything is sent
	// (a provider's key going to another host, say).
	Warnings []string
}

// Model is the root model. It owns layout and routes messages to the panes
// and the prompt box.
type Model struct {
	opts   Options
	ctx    context.Context
	engine Streamer
	clock  func() time.Time

	keys     *keyMap          // the bindings (see held); only syncKeys changes them
	keyState keyState         // what the bindings were last set for
	help     *help.Model      // the help bar (see held)
	input    *promptbox.Input // the prompt box (see onHeap)
	panes    []pane.Pane
	index    map[string]int // route name → pane
	rects    []rect         // pane rectangles of the current layout
	// compact: the terminal is too small for a grid, so a list of the
	// routes with their state stands above the focused pane.
	compact  bool
	listRows int
	styles   *themes.Styles

	screens screens // which screen is up and the overlays over it

	compareView *compare.Model     // the compare view
	picker      *picker.Model      // the route picker (see onHeap); nil until first opened (its catalog is loaded once)
	keyMgr      *keymanager.Model  // the key manager (see onHeap); nil until first opened
	editor      *routeeditor.Model // one route's settings (see onHeap)
	historyView *historyview.Model // the history screen
	hist        *historyLog        // shared by every copy of the model
	verdicts    verdictline.Tally  // the gateway/direct verdict over the session's turns
	or          *orprov.State      // OpenRouter's endpoints and the splits; shared by every copy
	keyHave     map[string]bool    // keys present per the key manager's last listing; nil: Options.KeysPresent

	width, height int
	inputRows     int
	focus         int
	zoomed        bool
	find          paneFind // a search in the zoomed pane
	status        string   // one-line feedback for the last action
	system        string
	turns         int
	gen           uint64 // last run generation handed out

	isDark      bool
	themeName   string // chosen theme; "" follows the terminal background
	frameArmed  bool
	frame       int       // frame ticks so far; drives the spinner
	now         time.Time // clock at the last frame tick
	quitArmed   bool      // ctrl+c canceled streaming; a second press quits
	quitting    bool      // quitting once the canceled runs have reported
	syncScroll  bool
	drawn       string      // the frame View returns, drawn in Update
	drawnCursor *tea.Cursor // where the cursor goes on it
	paint       bool        // the last frame tick changed what is drawn (see onFrame)
	inputBox    string      // the prompt box as last drawn; only non-tick messages change it
}

// New builds the root model.
func New(opts Options) Model {
	m := Model{
		opts: opts, ctx: context.Background(), engine: opts.Engine, clock: time.Now,
		keys: held(defaultKeyMap()), help: held(help.New()), index: map[string]int{},
		system: opts.System, isDark: true, themeName: opts.Theme,
	}
	if opts.Theme == "" && os.Getenv("NO_COLOR") != "" {
		m.themeName = "mono"
	}
	if _, ok := themes.Get(m.themeName, true); !ok {
		m.status = "Unknown theme " + safetext.Sanitize(opts.Theme) + "; using the default."
		m.themeName = ""
	}
	m.styles = themes.New(m.palette())
	m.help = edited(m.help, func(h *help.Model) { h.Styles = m.styles.Help })
	m.input = held(promptbox.New(m.styles, m.keys.Newline))
	m.compareView = held(compare.New(compare.Options{Fetcher: statsFetcher(opts.Engine), Fees: opts.Fees,
		Volume: opts.Volume}, m.styles))
	m.historyView = held(historyview.New(historyview.Options{Store: opts.History.Store,
		Off: firstNonEmpty(opts.History.Problem, opts.History.Off)}, m.styles))
	m.hist = newHistoryLog(opts.History.Recorder)
	m.or = orprov.New()
	if opts.History.Problem != "" {
		m.status = safetext.Sanitize(opts.History.Problem)
	}
	m.syncKeys()
	for i, rt := range opts.Routes {
		if _, taken := m.index[rt.Name]; taken {
			rt.Name = fmt.Sprintf("%s#%d", rt.Name, i+1) // panes are keyed by name
		}
		m.panes = append(m.panes, m.newPane(rt))
		m.index[rt.Name] = i
	}
	if note := m.keyStatusNote(); note != "" && m.status == "" {
		m.status = note
	}
	if len(opts.Warnings) > 0 {
		m.screens.showNotice(safetext.Sanitize(strings.Join(opts.Warnings, "\n\n")))
	}
	m.now = m.clock()
	return m
}

func (m Model) palette() themes.Palette {
	p, _ := themes.Get(m.themeName, m.isDark)
	return p
}

// Init asks the terminal for its background colour to pick light or dark.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, waitHistoryErr(m.ctx, m.opts.History.Errors))
}

// Update routes each message to the part of the screen it concerns.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	streaming := m.anyStreaming() // before route: panes share their turns with next
	next, cmd := m.route(msg)
	cmd = tea.Batch(cmd, next.noteTurnEnd(streaming), next.quitWhenSettled(), next.afterTurn(streaming))
	next.recordHistory()
	next.syncKeys()
	switch msg.(type) {
	case streamMsg, staleDrainedMsg:
		// Stream bursts only change state: the frame tick they arm draws
		// them, at most once per frame however many arrive.
	case frameMsg:
		// Ticks move panes, not the prompt box: reuse its last drawing,
		// which costs as much as a pane's.
		if next.paint {
			next.draw()
		}
	default:
		next.inputBox = next.drawInput()
		next.draw()
	}
	return next, cmd
}

// draw draws the frame View hands over, and where the cursor goes on it:
// both change only when the frame is drawn, and View runs after every
// message, streamed bursts included.
func (m *Model) draw() {
	m.drawn = m.render()
	m.drawnCursor = m.cursor()
}

// keyState is everything that decides which bindings apply and what the
// help bar calls them.
type keyState struct {
	set                                     bool // the bindings were set for this state
	streaming, ran, many, zoomed, comparing bool
}

// syncKeys enables only the bindings that apply now, so the help bar lists
// what can actually be done. It runs after every message, so the bindings
// are copied only when what decides them changed.
func (m *Model) syncKeys() {
	st := keyState{set: true, streaming: m.anyStreaming(), many: len(m.panes) > 1, zoomed: m.zoomed,
		comparing: m.screens.top() == screenCompare}
	for i := range m.panes {
		st.ran = st.ran || m.panes[i].Last() != nil
	}
	if st == m.keyState {
		return
	}
	m.keyState = st
	m.keys = edited(m.keys, func(k *keyMap) { k.setFor(st) })
}

// setFor enables and names the bindings for st.
func (k *keyMap) setFor(st keyState) {
	k.CancelAll.SetEnabled(st.streaming)
	k.CancelFocused.SetEnabled(st.streaming)
	k.RetryFocused.SetEnabled(st.ran)
	k.RetryAll.SetEnabled(st.ran && st.many)
	k.FocusNext.SetEnabled(st.many)
	k.FocusPrev.SetEnabled(st.many)
	k.FocusN.SetEnabled(st.many)
	k.Zoom.SetEnabled(st.many)
	k.SyncScroll.SetEnabled(st.many)
	for _, b := range []*key.Binding{&k.Find, &k.Copy, &k.Open, &k.Edit} {
		b.SetEnabled(st.zoomed)
	}
	k.nameCompare(st.comparing)
	if st.streaming {
		k.Quit.SetHelp("ctrl+c", "cancel (twice: quit)")
	} else {
		k.Quit.SetHelp("ctrl+c", "quit")
	}
}

func (m Model) route(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		cmd := m.armFrame()
		return m, cmd
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		cmd := m.applyTheme()
		return m, cmd
	case streamMsg:
		return m.onStream(msg)
	case frameMsg:
		return m.onFrame()
	case staleDrainedMsg:
		return m, nil
	case answerOpenMsg, answerClosedMsg:
		cmd := m.onAnswerMsg(msg)
		return m, cmd
	case signalMsg:
		return m.beginQuit()
	case quitNowMsg:
		return m, tea.Quit
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.MouseClickMsg, tea.MouseWheelMsg:
		return m.onMouse(msg)
	case historyview.Msg, historyview.ContinueMsg, historyview.CloseMsg, historyErrMsg:
		return m.onHistoryMsg(msg)
	case compare.StatsMsg:
		return m.onCompareStats(msg)
	case exportedMsg:
		m.exported(msg)
		return m, nil
	case historyview.TrendMsg:
		return m.onPast(msg)
	case orprov.EndpointsMsg:
		cmd := m.onEndpoints(msg)
		return m, cmd
	}
	if next, cmd, ok := m.onRouteMsg(msg); ok {
		return next, cmd
	}
	return m.onScreenMsg(msg) // paste, cursor blink and the like
}

// applyTheme rebuilds every style from the current palette.
func (m *Model) applyTheme() tea.Cmd {
	m.styles = themes.New(m.palette())
	m.help = edited(m.help, func(h *help.Model) { h.Styles = m.styles.Help })
	m.input = edited(m.input, func(in *promptbox.Input) { in.SetStyles(m.styles) })
	m.screenStyles()
	m.compareView = edited(m.compareView, func(c *compare.Model) { c.SetStyles(m.styles) })
	m.historyView = edited(m.historyView, func(h *historyview.Model) { h.SetStyles(m.styles) })
	for i := range m.panes {
		m.panes[i].SetStyles(m.styles)
	}
	return m.armFrame()
}

// anyStreaming reports whether any route has a run in flight.
func (m Model) anyStreaming() bool {
	for i := range m.panes {
		if m.panes[i].Streaming() {
			return true
		}
	}
	return false
}

// runsInFlight counts the panes whose run has not ended: the streams that
// share intakeBudget.
func (m Model) runsInFlight() int {
	n := 0
	for i := range m.panes {
		if m.panes[i].Gen() != 0 {
			n++
		}
	}
	return n
}

// cancelAll cancels every run in flight and reports how many it canceled.
func (m *Model) cancelAll() int {
	n := 0
	for i := range m.panes {
		if m.panes[i].Cancel() {
			n++
		}
	}
	return n
}

// The screens other than the panes (picker, key manager, route editor,
// compare, history) and the prompt box are large, and no streamed burst
// touches them, yet Bubble Tea copies the whole Model for every message.
// So the Model holds them by pointer, and every change makes a fresh
// copy: a Model handed out earlier keeps the screen it had, as if they
// were held by value. (The textarea in the prompt box shares its buffer
// and viewport between copies either way.)

// held holds a screen built by its New (or the bindings and help bar).
func held[T any](v T) *T { return &v }

// onHeap holds a screen's new state, as returned by its Update.
func onHeap[T any](next T, cmd tea.Cmd) (*T, tea.Cmd) { return &next, cmd }

// edited returns a changed copy of *p, leaving *p as it was.
func edited[T any](p *T, change func(*T)) *T {
	c := *p
	change(&c)
	return &c
}

// recall puts an earlier or later prompt in the box; see Input.Recall.
func (m *Model) recall(dir int) (ok bool) {
	m.input = edited(m.input, func(in *promptbox.Input) { ok = in.Recall(dir) })
	return ok
}
