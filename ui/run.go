package ui

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
)

// Run runs the playground in the alternate screen until the user quits or
// ctx ends. Every stream still running is canceled before it returns.
func Run(ctx context.Context, opts Options) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends every route's run with the program
	// Load the price catalog off the event loop, so the first cost a pane
	// shows does not pay for it inside View.
	go func() {
		for _, rt := range opts.Routes {
			backend.RoutePrice(rt, rt.Model)
		}
	}()
	m := New(opts)
	m.ctx = ctx
	// Signals are handled here rather than by Bubble Tea, which quits at
	// once on SIGTERM (losing the runs in flight) and not at all on SIGHUP
	// (leaving the terminal raw): each becomes a quit that cancels, keeps
	// what ctrl+c keeps, and restores the terminal.
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithFPS(60), tea.WithoutSignalHandler())
	stop := forwardSignals(p)
	defer stop()
	_, err := p.Run()
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// forwardSignals delivers SIGINT, SIGTERM and SIGHUP to the program as
// signalMsg until stop is called.
func forwardSignals(p *tea.Program) (stop func()) {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				p.Send(signalMsg{Signal: s})
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

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
