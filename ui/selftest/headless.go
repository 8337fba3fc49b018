package selftest

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/routeplay/routeplay/ui"
)

// probe wraps the playground's root model to count what the event loop
// does. Bubble Tea copies the model value, so the counters are shared.
type probe struct {
	inner tea.Model
	c     *probeCounters
}

type probeCounters struct {
	updates, views atomic.Int64
	firstView      atomic.Int64 // unix nanoseconds of the first View
	onContent      func(string) // called with each View's content
}

func (p probe) Init() tea.Cmd { return p.inner.Init() }

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	p.c.updates.Add(1)
	var cmd tea.Cmd
	p.inner, cmd = p.inner.Update(msg)
	return p, cmd
}

func (p probe) View() tea.View {
	v := p.inner.View()
	p.c.views.Add(1)
	p.c.firstView.CompareAndSwap(0, time.Now().UnixNano())
	if p.c.onContent != nil {
		p.c.onContent(v.Content)
	}
	return v
}

// paintCounter is the terminal: it counts the frames the renderer paints
// (one write per paint) and their bytes, and how long after the View that
// handed over a new frame (see handed) the renderer wrote it.
type paintCounter struct {
	writes, bytes atomic.Int64
	handedAt      atomic.Int64 // unix nanoseconds of the latest new frame's View not yet written; 0 none
	mu            sync.Mutex
	delays        []time.Duration
}

func (c *paintCounter) Write(b []byte) (int, error) {
	c.writes.Add(1)
	c.bytes.Add(int64(len(b)))
	if at := c.handedAt.Swap(0); at != 0 {
		c.mu.Lock()
		c.delays = append(c.delays, time.Since(time.Unix(0, at)))
		c.mu.Unlock()
	}
	return len(b), nil
}

// handed notes that a View at t handed over a new frame.
func (c *paintCounter) handed(t time.Time) { c.handedAt.Store(t.UnixNano()) }

// writeDelays are the waits from a new frame's View to its write so far.
func (c *paintCounter) writeDelays() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.delays)
}

// playground is the real playground in a real Bubble Tea program with no
// terminal: no input, output counted and discarded, full colour, 60 fps as
// in ui.Run.
type playground struct {
	prog     *tea.Program
	counters *probeCounters
	paint    *paintCounter
	done     chan error
}

// startPlayground starts the playground writing to paint (a new counter
// when nil), with every View's content handed to watch on the event loop
// when watch is not nil.
func startPlayground(ctx context.Context, opts ui.Options, width, height int, paint *paintCounter, watch func(string)) *playground {
	if paint == nil {
		paint = &paintCounter{}
	}
	pg := &playground{counters: &probeCounters{onContent: watch}, paint: paint, done: make(chan error, 1)}
	m := probe{inner: ui.New(opts), c: pg.counters}
	pg.prog = tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(pg.paint),
		tea.WithWindowSize(width, height), tea.WithFPS(60), tea.WithoutSignalHandler(),
		tea.WithColorProfile(colorprofile.TrueColor))
	go func() {
		_, err := pg.prog.Run()
		pg.done <- err
	}()
	pg.prog.Send(tea.WindowSizeMsg{Width: width, Height: height})
	return pg
}

// ask types prompt into the prompt box and sends it to every pane.
func (pg *playground) ask(prompt string) {
	for _, r := range prompt {
		pg.prog.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	pg.prog.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
}

// stop quits the program and waits for it.
func (pg *playground) stop() error {
	pg.prog.Quit()
	return <-pg.done
}
