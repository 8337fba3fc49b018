package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui/pane"
	"github.com/routeplay/routeplay/ui/promptbox"
)

// playgroundKey is the last stop of a key: sending, canceling, focus and
// scrolling, and the prompt box.
func (m Model) playgroundKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	if cmd, handled := m.onZoomKey(msg); handled {
		return m, cmd
	}
	if cmd, handled := m.onControlKey(msg); handled {
		return m, cmd
	}
	if cmd, handled := m.onSplitKey(msg); handled {
		return m, cmd
	}
	if cmd, handled := m.onViewKey(msg); handled {
		return m, cmd
	}
	if key.Matches(msg, k.HistoryPrev) && m.input.AtFirstLine() && m.recall(-1) {
		return m, nil
	}
	if key.Matches(msg, k.HistoryNext) && m.input.AtLastLine() && m.recall(+1) {
		return m, nil
	}
	var cmd tea.Cmd
	m.input, cmd = onHeap(m.input.Update(msg))
	m.layout() // the box may have grown a line
	return m, cmd
}

// helpKey: "?" opens help only on an empty prompt, so it can still be typed.
func (m Model) helpKey(msg tea.KeyPressMsg) bool {
	return msg.String() != "?" || m.input.Value() == ""
}

// onControlKey handles sending, canceling and retrying.
func (m *Model) onControlKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Send):
		return m.send(), true
	case key.Matches(msg, k.CancelAll):
		if n := m.cancelAll(); n > 0 {
			m.status = fmt.Sprintf("Canceling %d route(s).", n)
		}
		return nil, true
	case key.Matches(msg, k.CancelFocused):
		if p := m.focused(); p != nil && p.Cancel() {
			m.status = "Canceling " + p.Name() + "."
		}
		return nil, true
	case key.Matches(msg, k.RetryFocused):
		return m.retry(m.focus), true
	case key.Matches(msg, k.RetryAll):
		return m.retryAll(), true
	}
	return nil, false
}

// onViewKey handles focus, zoom, scrolling, help and theme.
func (m *Model) onViewKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.keys
	if i, ok := focusIndex(msg.String()); ok && key.Matches(msg, k.FocusN) {
		if i < len(m.panes) {
			m.setFocus(i)
		}
		return m.armFrame(), true
	}
	switch {
	case key.Matches(msg, k.Help) && m.helpKey(msg):
		m.screens.push(overlayHelp)
	case key.Matches(msg, k.FocusNext), key.Matches(msg, k.FocusPrev):
		m.moveFocus(map[bool]int{true: 1, false: -1}[key.Matches(msg, k.FocusNext)])
		return m.armFrame(), true
	case key.Matches(msg, k.Zoom):
		m.zoomed = !m.zoomed
		if m.find.query != "" || m.find.typing {
			m.setFind(paneFind{})
		}
		m.layout()
		return m.armFrame(), true
	case key.Matches(msg, k.ScrollUp), key.Matches(msg, k.ScrollDown):
		m.scrollPanes(m.focus, 0, key.Matches(msg, k.ScrollDown))
	case key.Matches(msg, k.LineUp):
		m.scrollPanes(m.focus, -1, false)
	case key.Matches(msg, k.LineDown):
		m.scrollPanes(m.focus, +1, false)
	case key.Matches(msg, k.SyncScroll):
		m.syncScroll = !m.syncScroll
		m.status = map[bool]string{true: "Scrolling is synced across panes.", false: "Panes scroll on their own."}[m.syncScroll]
	case key.Matches(msg, k.Reasoning):
		if p := m.focused(); p != nil {
			p.ToggleReasoning()
			return m.armFrame(), true
		}
	case key.Matches(msg, k.Theme):
		m.themeName = themes.Next(m.palette().Name)
		m.status = "Theme: " + m.themeName
		return m.applyTheme(), true
	default:
		return nil, false
	}
	return nil, true
}

// onQuitKey: ctrl+c cancels streaming first; pressed again, or when idle,
// it quits. A modal screen closes either way.
func (m Model) onQuitKey() (Model, tea.Cmd) {
	if m.screens.modal() {
		m.screens.close(m.screens.top())
	}
	if m.anyStreaming() && !m.quitArmed {
		n := m.cancelAll()
		m.quitArmed = true
		m.status = fmt.Sprintf("Canceled %d route(s). Press ctrl+c again to quit.", n)
		return m, nil
	}
	return m.beginQuit()
}

// send submits the prompt box: a command, or a prompt for every enabled route.
func (m *Model) send() tea.Cmd {
	text := m.input.Value()
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if strings.HasPrefix(text, "/") {
		return m.command(text)
	}
	if m.anyStreaming() {
		m.status = "Still streaming: esc cancels all. Your prompt is kept."
		return nil
	}
	targets, keyless := m.sendTargets()
	if len(targets) == 0 {
		m.status = "Every route is off: /toggle N turns one on. Your prompt is kept."
		if keyless > 0 {
			m.status = m.keyStatusNote() // the prompt stays in the box
		}
		return nil
	}
	m.input = edited(m.input, (*promptbox.Input).Submit)
	m.layout()
	m.turns++
	m.status = m.paramWarnings(targets)
	if n := m.unansweredCalls(targets); n > 0 && m.status == "" {
		m.status = figure.CountOf(n, "unanswered tool call", "unanswered tool calls") + " sent back as not run (/result answers a call)."
	}
	if keyless > 0 && m.status == "" {
		m.status = m.keyStatusNote()
	}
	cmds := make([]tea.Cmd, 0, len(targets)+1)
	for _, i := range targets {
		cmds = append(cmds, m.startPane(i, text))
	}
	cmds = append(cmds, m.armFrame())
	return tea.Batch(cmds...)
}

// retry sends pane i's last prompt again.
func (m *Model) retry(i int) tea.Cmd {
	if i < 0 || i >= len(m.panes) {
		return nil
	}
	p := &m.panes[i]
	if p.NoKey() {
		m.status = "No key for " + p.Name() + ": ctrl+k adds one."
		return nil
	}
	wasResult := p.LastIsToolResult()
	prompt, ok := p.Retry()
	if !ok {
		m.status = "Nothing to retry in " + p.Name() + " yet."
		return nil
	}
	m.status = "Retrying " + p.Name() + "."
	if wasResult {
		// The calls it answered are the last turn again: answer them again.
		return tea.Batch(m.startToolResult(i, prompt), m.armFrame())
	}
	return tea.Batch(m.startPane(i, prompt), m.armFrame())
}

func (m *Model) retryAll() tea.Cmd {
	var cmds []tea.Cmd
	for i := range m.panes {
		if m.panes[i].Enabled() && !m.panes[i].NoKey() && m.panes[i].Last() != nil {
			cmds = append(cmds, m.retry(i))
		}
	}
	if len(cmds) == 0 {
		m.status = "Nothing to retry yet."
		return nil
	}
	m.status = fmt.Sprintf("Retrying %d route(s).", len(cmds))
	return tea.Batch(cmds...)
}

func (m *Model) focused() *pane.Pane {
	if m.focus < 0 || m.focus >= len(m.panes) {
		return nil
	}
	return &m.panes[m.focus]
}

func (m *Model) moveFocus(dir int) {
	if n := len(m.panes); n > 0 {
		m.setFocus((m.focus + dir + n) % n)
	}
}

// setFocus moves the focus; the compact layout shows the focused pane
// only, so it is laid out again.
func (m *Model) setFocus(i int) {
	m.focus = i
	if m.compact || m.zoomed { // a zoomed pane is sized with its details
		m.layout()
		m.panes[i].Invalidate()
	}
}

// scrollPanes scrolls pane i by lines (or a page when lines is 0), and
// every other pane too while scrolling is synced.
func (m *Model) scrollPanes(i, lines int, pageDown bool) {
	for j := range m.panes {
		if j != i && !m.syncScroll {
			continue
		}
		if lines == 0 {
			m.panes[j].Page(pageDown)
		} else {
			m.panes[j].Scroll(lines)
		}
	}
}

// clickPanes focuses the pane under the pointer.
func (m *Model) clickPanes(mouse tea.Mouse) {
	if mouse.Button != tea.MouseLeft {
		return
	}
	if i, ok := m.paneAt(mouse.X, mouse.Y); ok {
		m.setFocus(i)
	}
}

// wheelPanes scrolls the pane under the pointer.
func (m *Model) wheelPanes(mouse tea.Mouse) {
	i, ok := m.paneAt(mouse.X, mouse.Y)
	if !ok {
		return
	}
	switch mouse.Button {
	case tea.MouseWheelUp:
		m.scrollPanes(i, -3, false)
	case tea.MouseWheelDown:
		m.scrollPanes(i, +3, false)
	}
}

func (m Model) paneAt(x, y int) (int, bool) {
	if m.screens.overlay() != overlayNone {
		return 0, false
	}
	for i, r := range m.rects {
		if r.contains(x, y) {
			if m.zoomed {
				return m.focus, true
			}
			return i, true
		}
	}
	return 0, false
}

// paramWarnings says, before a turn is sent, which parameters the catalog or
// the wire format says a route's model will reject or ignore: the first one
// in full, and how many more there are.
func (m *Model) paramWarnings(targets []int) string {
	var all []string
	for _, i := range targets {
		rt := m.panes[i].Route()
		for _, w := range config.CheckParams(rt) {
			all = append(all, safetext.Sanitize(w)) // each warning names its route
		}
		// Read after an earlier turn: OpenRouter's endpoints of the model.
		if pub, ok := m.or.Fresh(rt.Model, m.clock()); ok && catalog.LiveOpenRouter(rt) {
			for _, w := range catalog.EndpointWarnings(rt, pub.Endpoints) {
				all = append(all, safetext.Sanitize(rt.Name+": "+w))
			}
		}
	}
	switch len(all) {
	case 0:
		return ""
	case 1:
		return "Warning: " + all[0]
	}
	return fmt.Sprintf("Warning: %s (+%d more; `routeplay routes` lists them)", all[0], len(all)-1)
}

// unansweredCalls counts the calls a new prompt to targets will close.
func (m *Model) unansweredCalls(targets []int) int {
	n := 0
	for _, i := range targets {
		n += len(m.panes[i].PendingCalls())
	}
	return n
}
