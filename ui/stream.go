package ui

import (
	"context"
	"runtime"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/ui/pane"
)

// Streamer starts a route's run. *backend.Engine satisfies it; tests pass
// scripted sources. The channel delivers every event of the run in order and
// is closed after the final EventDone or EventError.
type Streamer interface {
	Stream(ctx context.Context, rt backend.Route, req backend.Request) <-chan backend.Event
}

var _ Streamer = (*engine.Engine)(nil)

// fallbackStreamer also runs a route's client-side fallbacks; the engine is
// one, scripted test sources need not be.
type fallbackStreamer interface {
	StreamWithFallback(ctx context.Context, rt backend.Route, lookup engine.RouteLookup, req backend.Request) <-chan backend.Event
}

var _ fallbackStreamer = (*engine.Engine)(nil)

// openStream starts rt with its fallbacks when the streamer supports them;
// the engine resolves fallback names against the configured routes.
func openStream(ctx context.Context, eng Streamer, rt backend.Route, req backend.Request) <-chan backend.Event {
	if f, ok := eng.(fallbackStreamer); ok {
		return f.StreamWithFallback(ctx, rt, nil, req)
	}
	return eng.Stream(ctx, rt, req)
}

// frameInterval paces re-rendering: panes redraw at most once per frame
// however fast chunks arrive.
const frameInterval = pane.FrameInterval

// maxBurst bounds one message so a flood cannot stall the event loop.
const maxBurst = 4096

// intakeBudget bounds the events held in taken bursts across all streams:
// each stream's reader takes at most its share, so eight routes streaming
// faster than the playground renders hold what two would (1 MB, not 4),
// which the collector would otherwise double in its headroom.
const intakeBudget = 2 * maxBurst

// minBurst keeps a share large enough that one wake-up of a reader still
// takes a flood's worth: each read costs a scheduling round trip.
const minBurst = 512

// burstLimit is one stream's share of intakeBudget while streams run.
func burstLimit(streams int) int {
	return min(maxBurst, max(minBurst, intakeBudget/max(streams, 1)))
}

// burstGap is the least time between two reads of one stream. Bubble Tea
// runs Update and View for every message, so a route streaming thousands of
// tokens a second is read at most ~125 times a second instead of once per
// token; the wait is far below a frame and the engine has already stamped
// every event, so no figure moves.
const burstGap = 8 * time.Millisecond

// startStream opens a route's stream off the event loop and returns its
// first burst.
func startStream(ctx context.Context, eng Streamer, rt backend.Route, req backend.Request, gen uint64, limit int) tea.Cmd {
	return func() tea.Msg {
		return readBurst(rt.Name, gen, openStream(ctx, eng, rt, req), limit, nil)
	}
}

// waitStream re-arms the reader of a running stream, no sooner than
// burstGap after its previous read unless that read found the sender ahead:
// a route that streams faster than bursts of one channel's worth every
// burstGap is read at once, so the playground takes events at the engine's
// speed instead of at most a channel's worth per burstGap.
func waitStream(route string, gen uint64, ch <-chan backend.Event, lastRead time.Time, behind bool, limit int, buf []backend.Event) tea.Cmd {
	return func() tea.Msg {
		if wait := burstGap - time.Since(lastRead); wait > 0 && !behind {
			time.Sleep(wait)
		}
		return readBurst(route, gen, ch, limit, buf)
	}
}

// refillTries bounds how often a reader that found the sender ahead yields
// for the channel to fill again before it hands over what it took.
const refillTries = 64

// readBurst blocks for one event, then takes everything already queued, so
// a fast route costs one message per wake-up instead of one per token. When
// it has taken a whole channel's worth, the sender is ahead: it yields and
// keeps taking as the channel refills, up to limit, and says so in behind,
// so a flood costs one message per limit events. It fills buf, the stream's
// previous burst once applied, so a steady stream allocates nothing per read.
func readBurst(route string, gen uint64, ch <-chan backend.Event, limit int, buf []backend.Event) streamMsg {
	msg := streamMsg{Route: route, Gen: gen, ch: ch}
	ev, ok := <-ch
	msg.readAt = time.Now()
	if !ok {
		msg.Closed = true
		return msg
	}
	if buf == nil {
		buf = make([]backend.Event, 0, 16)
	}
	msg.Events = append(buf[:0], ev)
	for tries := 0; len(msg.Events) < limit; {
		select {
		case ev, ok := <-ch:
			if !ok {
				msg.Closed = true
				return msg
			}
			msg.Events = append(msg.Events, ev)
			continue
		default:
		}
		if len(msg.Events) < cap(ch) || tries == refillTries {
			break
		}
		tries++
		runtime.Gosched()
	}
	msg.behind = cap(ch) > 0 && len(msg.Events) >= cap(ch)
	return msg
}

// drainStream reads a superseded stream to its end so the engine's sender
// can finish; its events are discarded.
func drainStream(ch <-chan backend.Event) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		for range ch {
		}
		return staleDrainedMsg{}
	}
}

// reusable is an applied burst's buffer, emptied, for the next read of a
// stream whose share is limit; nil when it is far larger than the share
// (it grew while fewer streams ran), so it does not outlive that.
func reusable(applied []backend.Event, limit int) []backend.Event {
	clear(applied) // the buffer must not keep the events' text alive
	if cap(applied) > 2*limit {
		return nil
	}
	return applied[:0]
}

// onStream folds a burst into its pane and re-arms the reader while the
// run is current. A stale burst (an older generation) changes nothing.
func (m Model) onStream(msg streamMsg) (Model, tea.Cmd) {
	i, ok := m.index[msg.Route]
	if !ok {
		return m, drainStream(msg.ch)
	}
	p := &m.panes[i]
	if !p.Apply(msg.Gen, msg.Events, msg.Closed) {
		if msg.Closed {
			return m, nil
		}
		return m, drainStream(msg.ch)
	}
	if p.Gen() == 0 && !m.anyStreaming() {
		m.status = m.turnSummary()
	}
	var next tea.Cmd
	switch {
	case msg.Closed:
	case p.Gen() == msg.Gen:
		limit := burstLimit(m.runsInFlight())
		next = waitStream(msg.Route, msg.Gen, msg.ch, msg.readAt, msg.behind, limit, reusable(msg.Events, limit))
	default:
		next = drainStream(msg.ch) // the run ended; read on to the close
	}
	frame := m.armFrame()
	return m, tea.Batch(next, frame)
}

// startPane sends prompt to pane i under a fresh generation.
func (m *Model) startPane(i int, prompt string) tea.Cmd {
	return m.launch(i, func(p *pane.Pane, gen uint64, cancel context.CancelFunc) (backend.Request, bool) {
		return p.Begin(gen, cancel, prompt, m.system, m.clock()), true
	})
}

// startToolResult sends pane i the result under a fresh generation.
func (m *Model) startToolResult(i int, result string) tea.Cmd {
	return m.launch(i, func(p *pane.Pane, gen uint64, cancel context.CancelFunc) (backend.Request, bool) {
		return p.BeginToolResult(gen, cancel, result, m.system, m.clock())
	})
}

// launch starts pane i's run under a fresh generation with the request
// begin makes; nothing is sent when begin has nothing to send.
func (m *Model) launch(i int, begin func(p *pane.Pane, gen uint64, cancel context.CancelFunc) (backend.Request, bool)) tea.Cmd {
	if m.engine == nil {
		return nil
	}
	p := &m.panes[i]
	m.gen++
	ctx, cancel := context.WithCancel(m.ctx)
	req, ok := begin(p, m.gen, cancel)
	if !ok {
		cancel()
		return nil
	}
	return startStream(ctx, m.engine, p.Route(), req, m.gen, burstLimit(m.runsInFlight()))
}

// armFrame schedules the next frame tick unless one is pending. It must be
// called on the model that Update returns.
func (m *Model) armFrame() tea.Cmd {
	if m.frameArmed {
		return nil
	}
	m.frameArmed = true
	return tea.Tick(frameInterval, func(time.Time) tea.Msg { return frameMsg{} })
}

// onFrame re-renders dirty panes once and keeps ticking while anything
// streams, so the spinner and the elapsed time move. It paints the frame
// when a pane was rebuilt, on pace frames, and on the last tick; between
// pace frames a steady stream moves only the running figures, and painting
// those at the text's pace (20 times a second) spares the terminal
// renderer every other screen.
func (m Model) onFrame() (Model, tea.Cmd) {
	m.frameArmed = false
	m.now = m.clock()
	m.frame++
	busy, rebuilt := false, false
	for i := range m.panes {
		rebuilt = m.panes[i].Refresh(m.frame) || rebuilt
		busy = busy || m.panes[i].Streaming()
	}
	m.paint = rebuilt || !busy || pane.PaceFrame(m.frame)
	if !busy {
		return m, nil
	}
	frame := m.armFrame()
	return m, frame
}

// streamMsg carries every event of one route that was queued when its
// reader woke up: one message per burst, not per token.
type streamMsg struct {
	Route string // route name (panes are keyed by it)
	Gen   uint64 // the run generation the events belong to; stale ones are dropped
	// Events in stream order.
	Events []backend.Event
	// Closed is set when the channel was closed after these events.
	Closed bool
	ch     <-chan backend.Event
	readAt time.Time // when the reader woke, to pace the next read
	behind bool      // the reader took a channel's worth or more: read again at once
}

// frameMsg is the frame tick: dirty panes re-render and live metrics move on.
// It is armed only while something is streaming or dirty.
type frameMsg struct{}

// staleDrainedMsg reports that a superseded stream was read to its end.
type staleDrainedMsg struct{}
