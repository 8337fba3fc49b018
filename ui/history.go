package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/historyview"
	"github.com/routeplay/routeplay/ui/pane"
)

// HistoryOptions link the playground to the local history.
type HistoryOptions struct {
	// Store is browsed by the history screen; nil shows Off there.
	Store historyview.Store
	// Recorder keeps every turn and every route's run; nil records nothing.
	Recorder *history.Recorder
	// Errors delivers the recorder's first failed write, shown once in the
	// status line; the chat carries on without history.
	Errors <-chan error
	// Off says why there is no history, on the history screen.
	Off string
	// Problem is a database that could not be opened, shown once at start.
	Problem string
}

// historyErrMsg carries the recorder's first failed write.
type historyErrMsg struct{ err error }

// historyLog records the chat as it happens: a session on the first
// prompt, a turn per prompt, each route's report when its run ends. The
// Recorder queues every write, so nothing here waits for the database.
type historyLog struct {
	rec      *history.Recorder
	session  history.SessionID // zero until the first prompt of a chat
	turnNo   int               // the root's turn count at the last recorded turn
	current  history.TurnID
	byPrompt map[string]history.TurnID          // a retried run joins its prompt's turn
	runTurn  map[*backend.Result]history.TurnID // runs in flight
	recorded map[*backend.Result]bool           // runs written (or loaded from history)
}

func newHistoryLog(rec *history.Recorder) *historyLog {
	return &historyLog{rec: rec, byPrompt: map[string]history.TurnID{},
		runTurn: map[*backend.Result]history.TurnID{}, recorded: map[*backend.Result]bool{}}
}

// forget drops what the log knows of the chat on screen, which is gone: a
// /clear or a continued session starts the panes afresh.
func (h *historyLog) forget() {
	if h == nil {
		return
	}
	h.session, h.turnNo, h.current = 0, 0, 0
	clear(h.byPrompt)
	clear(h.runTurn)
	clear(h.recorded)
}

// waitHistoryErr reads the recorder's failure report until the program ends.
func waitHistoryErr(ctx context.Context, errs <-chan error) tea.Cmd {
	if errs == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case err, ok := <-errs:
			if ok && err != nil {
				return historyErrMsg{err: err}
			}
		case <-ctx.Done():
		}
		return nil
	}
}

// recordHistory queues what changed since the last message: a new turn and
// every run that has just ended.
func (m *Model) recordHistory() {
	h := m.hist
	if h == nil || h.rec == nil {
		return
	}
	for i := range m.panes {
		t := m.panes[i].Last()
		if t == nil || h.recorded[t.Result()] {
			continue
		}
		tid, known := h.runTurn[t.Result()]
		if !known {
			tid = h.turnOf(t, m.turns, m.system)
			h.runTurn[t.Result()] = tid
		}
		if t.State() >= pane.StateDone {
			h.rec.AddRun(history.Run{SessionID: h.session, TurnID: tid, Source: history.SourceTUI,
				StartedAt: t.Start(), Report: t.Result().Report(), Settings: config.DescribeSettings(t.Result().Route)})
			h.recorded[t.Result()] = true
			delete(h.runTurn, t.Result())
		}
	}
}

// turnOf is the turn a new run belongs to: a new one when a prompt was
// sent since the last, else the turn of the prompt it retries.
func (h *historyLog) turnOf(t *pane.Turn, turns int, system string) history.TurnID {
	if t.ToolResults() != nil {
		return h.toolTurnOf(t, system)
	}
	if turns != h.turnNo {
		if h.session == 0 {
			h.session = h.rec.StartSession(history.SourceTUI, history.Title(t.Prompt()), t.Start())
		}
		h.current = h.rec.AddTurn(h.session, t.Prompt(), system, t.Start())
		h.byPrompt[t.Prompt()], h.turnNo = h.current, turns
		return h.current
	}
	if id, ok := h.byPrompt[t.Prompt()]; ok {
		return id
	}
	return h.current
}

// onHistoryMsg hands the screen its loads and acts on what it asks for.
func (m Model) onHistoryMsg(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case historyview.CloseMsg:
		cmd := m.closeScreen(screenHistory)
		return m, cmd
	case historyview.ContinueMsg:
		return m.continueSession(msg.Session)
	case historyErrMsg:
		m.status = "History: " + safetext.Sanitize(msg.err.Error()) + "; this chat is not being kept."
		return m, nil
	}
	var cmd tea.Cmd
	m.historyView, cmd = onHeap(m.historyView.Update(msg))
	return m, cmd
}

// continueSession loads each route's thread of a past session into its
// pane, so the next prompt carries on from it and joins that session.
func (m Model) continueSession(s *history.Session) (Model, tea.Cmd) {
	m.cancelAll()
	for i := range m.panes {
		m.panes[i].Clear()
	}
	m.hist.forget()
	for i := range m.panes {
		m.loadThread(&m.panes[i], s)
	}
	m.turns = promptTurns(s)
	if h := m.hist; h != nil {
		h.session, h.turnNo, h.current = s.ID, m.turns, 0
		for _, t := range s.Turns {
			if t.ToolResults != nil {
				h.byPrompt[toolTurnKey(t.ToolResults)] = t.ID
				continue
			}
			h.byPrompt[t.Prompt], h.current = t.ID, t.ID
		}
	}
	if n := len(s.Turns); n > 0 {
		m.system = s.Turns[n-1].System
	}
	m.status = fmt.Sprintf("Continuing %q (%s): the next prompt carries on each route's thread.",
		safetext.Sanitize(s.Title), figure.Count(len(s.Turns), "turn"))
	if missing := m.missingRoutes(s); len(missing) > 0 {
		m.status += " Not open here: " + safetext.Sanitize(strings.Join(missing, ", ")) + "."
	}
	cmd := m.closeScreen(screenHistory)
	return m, cmd
}

// loadThread shows a route's past turns in its pane and rebuilds the
// thread its next request sends: every prompt it answered, with its answer.
func (m *Model) loadThread(p *pane.Pane, s *history.Session) {
	for _, t := range s.Turns {
		run, ok := runOf(t, p.Route().Name)
		if !ok {
			continue
		}
		res := backend.ResultFromReport(p.Route(), run.Report)
		p.Restore(t.Prompt, t.ToolResults, res, run.Report.Text, t.StartedAt)
		if m.hist != nil {
			m.hist.recorded[res] = true // already in the history
		}
	}
	p.FollowEnd() // the conversation carries on from its end
}

// runOf picks a route's run of a turn: a finished one over a failed retry.
func runOf(t history.Turn, route string) (history.Run, bool) {
	var found history.Run
	ok := false
	for _, r := range t.Runs {
		if r.Report.Route != route {
			continue
		}
		if !ok || r.Report.Error == nil {
			found, ok = r, true
		}
	}
	return found, ok
}

func (m Model) missingRoutes(s *history.Session) []string {
	var out []string
	for _, r := range s.Routes {
		if _, ok := m.index[r]; !ok {
			out = append(out, r)
		}
	}
	return out
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// toolTurnOf is the turn of a run that answered tool calls: its own turn,
// so a continued session sends the results again, not a prompt after
// unanswered calls; a retry answers the same calls and joins it.
func (h *historyLog) toolTurnOf(t *pane.Turn, system string) history.TurnID {
	key := toolTurnKey(t.ToolResults())
	if id, ok := h.byPrompt[key]; ok {
		return id
	}
	if h.session == 0 {
		h.session = h.rec.StartSession(history.SourceTUI, history.Title(t.Prompt()), t.Start())
	}
	id := h.rec.AddToolResultTurn(h.session, t.ToolResults(), system, t.Start())
	h.byPrompt[key] = id
	return id
}

// toolTurnKey names the calls a tool-result turn answered; a NUL can be in
// no prompt, so the key never meets one.
func toolTurnKey(results []backend.ToolResult) string {
	ids := make([]string, len(results))
	for i, r := range results {
		ids[i] = r.CallID
	}
	return "\x00tool\x00" + strings.Join(ids, "\x00")
}

// promptTurns counts the turns of a session the user asked, leaving out
// those that answered tool calls.
func promptTurns(s *history.Session) int {
	n := 0
	for _, t := range s.Turns {
		if t.ToolResults == nil {
			n++
		}
	}
	return n
}
