package ui

import (
	"context"
	"io"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/ui/pane"
	"github.com/routeplay/routeplay/ui/selftest/floodload"
)

// floodWatch sees every Update of the playground: when the flood pane shows
// done, and the longest wait between two of the steady pane's tokens while
// the flood runs.
type floodWatch struct {
	inner Model
	st    *floodState
}

type floodState struct {
	doneAt, lastSteady time.Time
	steadyDeltas       int
	worstGap           time.Duration
	failed             bool // the flood's run ended in an error, not done
	done               chan struct{}
}

func (w floodWatch) Init() tea.Cmd  { return w.inner.Init() }
func (w floodWatch) View() tea.View { return w.inner.View() }

func (w floodWatch) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	nm, cmd := w.inner.Update(msg)
	w.inner = nm.(Model)
	now, st := time.Now(), w.st
	if !st.doneAt.IsZero() {
		return w, cmd
	}
	if t := w.inner.panes[1].Last(); t != nil && t.Result().Deltas != st.steadyDeltas {
		if st.steadyDeltas > 0 {
			st.worstGap = max(st.worstGap, now.Sub(st.lastSteady))
		}
		st.steadyDeltas, st.lastSteady = t.Result().Deltas, now
	}
	if t := w.inner.panes[0].Last(); t != nil && t.State() >= pane.StateDone {
		st.doneAt, st.failed = now, t.State() != pane.StateDone
		close(st.done)
	}
	return w, cmd
}

// BenchmarkPerfMillionChunkFlood: one route sends 1,000,000 one-character
// chunks as fast as the engine takes them, another 100 tokens a second.
// ask-s is the engine alone reading the flood to its end (what `ask`
// does), shown-s the playground (a real program, no terminal, 200×50) from
// enter to the flood's pane showing done. Targets: ratio (shown / ask) ≤ 2,
// peak-rss-MB < 200 (ask-peak-rss-MB is the peak after the engine-alone
// run, fake provider included, before the playground starts), and steady-gap-ms (the longest wait between two of the
// other pane's tokens meanwhile) well under a second. Run it alone
// (-run '^$' -bench MillionChunk -benchtime 1x) so the peak is its own.
func BenchmarkPerfMillionChunkFlood(b *testing.B) {
	b.Cleanup(awaitRegexpClock)
	const n = 1_000_000
	for range b.N {
		eng := floodload.Engine(n, 200)
		start := time.Now()
		var last backend.Event
		for ev := range eng.Stream(context.Background(), floodload.Routes()[0], backend.Request{Messages: []backend.Message{{Role: backend.RoleUser, Content: "go"}}}) {
			last = ev
		}
		ask := time.Since(start)
		if last.Kind != backend.EventDone {
			b.Fatalf("the engine alone did not finish the flood: %v", last.Err)
		}
		askPeak := procStatusKB(b, "VmHWM")

		st := &floodState{done: make(chan struct{})}
		m := floodWatch{inner: New(Options{Routes: floodload.Routes(), Engine: eng}), st: st}
		p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(io.Discard),
			tea.WithWindowSize(200, 50), tea.WithoutSignals(), tea.WithFPS(60))
		exited := make(chan struct{})
		go func() { _, _ = p.Run(); close(exited) }()
		p.Send(tea.KeyPressMsg{Code: 'x', Text: "x"})
		start = time.Now()
		p.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
		select {
		case <-st.done:
		case <-time.After(60 * time.Second):
			p.Quit()
			<-exited
			b.Fatalf("the flood was not shown done after 60 s (ask took %v)", ask)
		}
		if st.failed {
			p.Quit()
			<-exited
			b.Fatal("the flood's run failed instead of finishing")
		}
		shown := st.doneAt.Sub(start)
		time.Sleep(2 * time.Second) // the steady route ends
		p.Quit()
		<-exited
		b.ReportMetric(ask.Seconds(), "ask-s")
		b.ReportMetric(shown.Seconds(), "shown-s")
		b.ReportMetric(shown.Seconds()/ask.Seconds(), "ratio")
		b.ReportMetric(float64(st.worstGap)/float64(time.Millisecond), "steady-gap-ms")
		b.ReportMetric(float64(procStatusKB(b, "VmHWM"))/1024, "peak-rss-MB")
		b.ReportMetric(float64(askPeak)/1024, "ask-peak-rss-MB")
	}
}
