package ui

import (
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/history"
)

// isQuit reports whether cmd, or a command of its batch, quits the
// program. Commands that wait (timers, stream reads) are given up on.
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	got := make(chan tea.Msg, 1)
	go func() { got <- cmd() }()
	select {
	case msg := <-got:
		if batch, ok := msg.(tea.BatchMsg); ok {
			return slices.ContainsFunc(batch, isQuit)
		}
		_, ok := msg.(tea.QuitMsg)
		return ok
	case <-time.After(500 * time.Millisecond): // generous: a loaded machine is slow to schedule
		return false
	}
}

func canceled(at int) backend.Event {
	return failure(at, backend.ErrCanceled, 0, "canceled by the user")
}

// SIGTERM and SIGHUP quit as ctrl+c does: the runs in flight are canceled,
// the program waits for them to report, and history keeps them.
func TestSignalQuitKeepsTheRunsInFlight(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			db, rec := openHistory(t, filepath.Join(t.TempDir(), history.FileName))
			opts := Options{Routes: testRoutes()[:2], Engine: &scripted{}, History: HistoryOptions{Store: db, Recorder: rec}}
			m, _ := sent(t, opts, 120, 40)
			m = update(m, burst("or-gpt", 1, false, started(), text(300, "Half an ans")))
			next, cmd := m.Update(signalMsg{Signal: sig})
			m = next.(Model)
			if !m.quitting || m.anyStreaming() == false {
				t.Fatalf("quitting %v, streaming %v", m.quitting, m.anyStreaming())
			}
			if m.quitWhenSettled() != nil {
				t.Fatal("quit before the canceled routes reported")
			}
			_ = cmd // the grace timer; not run here
			m = update(m, burst("or-gpt", 1, true, canceled(900)))
			if m.quitWhenSettled() != nil {
				t.Fatal("quit with a route still reporting")
			}
			m = update(m, burst("openai", 2, true, started(), canceled(900)))
			if !isQuit(m.quitWhenSettled()) {
				t.Fatal("did not quit once every route had reported")
			}
			closeRecorder(t, rec)
			s := onlySession(t, db)
			if len(s.Turns) != 1 || len(s.Turns[0].Runs) != 2 {
				t.Fatalf("history kept %+v", s.Turns)
			}
			for _, r := range s.Turns[0].Runs {
				if r.Report.Route == "or-gpt" && r.Report.Text != "Half an ans" {
					t.Errorf("the partial answer was lost: %+v", r.Report)
				}
			}
		})
	}
}

// A second signal, or the grace period running out, quits at once.
func TestSecondSignalQuitsAtOnce(t *testing.T) {
	m, _ := sent(t, threeRoutes(), 120, 40)
	m = update(m, signalMsg{Signal: syscall.SIGTERM})
	if _, cmd := m.Update(signalMsg{Signal: syscall.SIGTERM}); !isQuit(cmd) {
		t.Fatal("a second signal did not quit")
	}
	if _, cmd := m.Update(quitNowMsg{}); !isQuit(cmd) {
		t.Fatal("the end of the grace period did not quit")
	}
}

// Idle, a signal quits straight away.
func TestSignalWhenIdleQuits(t *testing.T) {
	m := newTestModel(threeRoutes(), &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	if _, cmd := m.Update(signalMsg{Signal: syscall.SIGHUP}); !isQuit(cmd) {
		t.Fatal("an idle playground did not quit on SIGHUP")
	}
}
