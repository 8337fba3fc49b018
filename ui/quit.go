package ui

import (
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
)

// quitGrace bounds the wait for canceled routes to report before quitting:
// long enough for an engine that is reading to notice the cancel, short
// enough that a terminal closing (SIGHUP) or a service manager (SIGTERM)
// is not kept waiting.
const quitGrace = 1500 * time.Millisecond

// signalMsg is a SIGINT, SIGTERM or SIGHUP delivered to the program. It
// quits the way ctrl+c does, so every signal keeps what ctrl+c keeps.
type signalMsg struct{ Signal os.Signal }

// quitNowMsg ends the wait for canceled routes.
type quitNowMsg struct{}

// beginQuit cancels every run and quits once each has reported how it
// ended (so history keeps it), or after quitGrace, whichever comes first.
// A second request while waiting quits at once.
func (m Model) beginQuit() (Model, tea.Cmd) {
	if m.quitting {
		return m, tea.Quit
	}
	m.quitting = true
	m.cancelAll()
	if !m.anyStreaming() {
		return m, tea.Quit
	}
	m.status = "Quitting: waiting for the canceled routes to report…"
	return m, tea.Tick(quitGrace, func(time.Time) tea.Msg { return quitNowMsg{} })
}

// quitWhenSettled quits once a quit is under way and nothing streams.
func (m Model) quitWhenSettled() tea.Cmd {
	if m.quitting && !m.anyStreaming() {
		return tea.Quit
	}
	return nil
}
