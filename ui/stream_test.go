package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/ui/pane"
)

func TestReadBurstCoalescesQueuedEvents(t *testing.T) {
	ch := make(chan backend.Event, 100)
	for i := range 100 {
		ch <- text(i, "x")
	}
	msg := readBurst("r", 7, ch, maxBurst, nil)
	if len(msg.Events) != 100 || msg.Closed || msg.Gen != 7 || msg.Route != "r" {
		t.Fatalf("one burst should carry all 100 queued events: got %d, closed=%v gen=%d", len(msg.Events), msg.Closed, msg.Gen)
	}
	close(ch)
	if msg := readBurst("r", 7, ch, maxBurst, nil); !msg.Closed || len(msg.Events) != 0 {
		t.Fatalf("a closed channel gives one closed message, got %+v", msg)
	}
}

func TestReadBurstReportsCloseWithTheLastEvents(t *testing.T) {
	ch := make(chan backend.Event, 3)
	ch <- text(1, "a")
	ch <- done(2)
	close(ch)
	msg := readBurst("r", 1, ch, maxBurst, nil)
	if len(msg.Events) != 2 || !msg.Closed {
		t.Fatalf("got %d events, closed=%v", len(msg.Events), msg.Closed)
	}
}

func TestReadBurstIsBounded(t *testing.T) {
	ch := make(chan backend.Event, maxBurst+10)
	for range maxBurst + 10 {
		ch <- text(1, "x")
	}
	if msg := readBurst("r", 1, ch, maxBurst, nil); len(msg.Events) != maxBurst {
		t.Fatalf("burst of %d, want the cap %d", len(msg.Events), maxBurst)
	}
}

// nextBurst runs the commands an applied burst returned and gives the
// re-armed reader's burst.
func nextBurst(cmd tea.Cmd) streamMsg {
	msgs := []tea.Msg{cmd()}
	if batch, ok := msgs[0].(tea.BatchMsg); ok {
		msgs = nil
		for _, c := range batch {
			msgs = append(msgs, c())
		}
	}
	for _, got := range msgs {
		if sm, ok := got.(streamMsg); ok {
			return sm
		}
	}
	return streamMsg{}
}

func TestStreamsShareTheIntakeBudget(t *testing.T) {
	for _, c := range []struct{ streams, want int }{{0, maxBurst}, {1, maxBurst}, {2, maxBurst}, {3, intakeBudget / 3}, {8, intakeBudget / 8}, {64, minBurst}} {
		if got := burstLimit(c.streams); got != c.want {
			t.Errorf("%d streams: a share of %d events, want %d", c.streams, got, c.want)
		}
	}
}

func TestReaderTakesItsShareWhileOthersStream(t *testing.T) {
	m, _ := sent(t, threeRoutes(), 120, 40)
	if n := m.runsInFlight(); n != 3 {
		t.Fatalf("%d runs in flight after sending to three routes", n)
	}
	ch := make(chan backend.Event, maxBurst)
	for i := range maxBurst {
		ch <- text(i, "x")
	}
	msg := burst("or-gpt", m.panes[0].Gen(), false, text(1, "x"))
	msg.ch, msg.behind = ch, true
	_, cmd := m.Update(msg)
	next := nextBurst(cmd)
	if want := intakeBudget / 3; len(next.Events) != want {
		t.Fatalf("the re-armed reader took %d events, want its share %d of three streams", len(next.Events), want)
	}
}

func TestReaderReusesTheAppliedBurst(t *testing.T) {
	m, _ := sent(t, threeRoutes(), 120, 40)
	ch := make(chan backend.Event, 8)
	ch <- text(2, "y")
	applied := append(make([]backend.Event, 0, 64), text(1, "x"), text(1, "x"))
	msg := burst("or-gpt", m.panes[0].Gen(), false, applied...)
	msg.ch, msg.behind = ch, true
	_, cmd := m.Update(msg)
	next := nextBurst(cmd)
	if len(next.Events) != 1 || next.Events[0].Text != "y" || &next.Events[0] != &applied[0] {
		t.Fatalf("the next burst should fill the applied one's buffer: %d events", len(next.Events))
	}
	if applied[1].Text != "" {
		t.Fatal("an applied event stays in the reused buffer")
	}
	if got := testing.AllocsPerRun(100, func() {
		ch <- text(3, "z")
		next = readBurst("r", 1, ch, maxBurst, next.Events[:0])
	}); got != 0 {
		t.Fatalf("a read into a reused buffer allocated %.0f times", got)
	}
}

func TestABufferLargerThanTheShareIsDropped(t *testing.T) {
	big := make([]backend.Event, 3, 4*minBurst)
	big[0].Text = "x"
	if got := reusable(big, minBurst); got != nil || big[0].Text != "" {
		t.Fatalf("a buffer of %d events kept for a share of %d", cap(big), minBurst)
	}
	if got := reusable(big, 2*minBurst); cap(got) != cap(big) || len(got) != 0 {
		t.Fatal("a buffer within twice the share is reused")
	}
}

func TestOneMessagePerBurstReRendersOncePerFrame(t *testing.T) {
	m, clock := sent(t, threeRoutes(), 120, 40)
	events := make([]backend.Event, 0, 500)
	for i := range 500 {
		events = append(events, text(100+i, "tok "))
	}
	m = update(m, burst("or-gpt", 1, false, events...))
	p := &m.panes[0]
	if !p.Dirty() {
		t.Fatal("a burst marks the pane dirty")
	}
	if got := p.Last().Result().Deltas; got != 500 {
		t.Fatalf("deltas = %d", got)
	}
	m = frames(m, clock, 1, 33)
	if m.panes[0].Dirty() {
		t.Fatal("the first text changes the state and shows on the next frame")
	}
	for !pane.PaceFrame(m.frame + 1) {
		m = frames(m, clock, 1, 33)
	}
	m = frames(m, clock, 1, 33) // a pace frame takes what there is
	m = update(m, burst("or-gpt", 1, false, text(700, "more")), frameMsg{})
	if !m.panes[0].Dirty() {
		t.Fatal("more text on a streaming pane waits for the Markdown pace")
	}
	m = frames(m, clock, pane.MarkdownEvery-1, 33)
	if m.panes[0].Dirty() {
		t.Fatal("the body is rebuilt within pane.MarkdownEvery frames")
	}
}

// Between pace frames a steady stream moves only the running figures, so
// the frame is not painted again; a first token or an end is painted on
// the tick it arrives, whatever the frame.
func TestStreamingPaintsAtTheTextsPace(t *testing.T) {
	m, clock := sent(t, threeRoutes(), 120, 40)
	for pane.PaceFrame(m.frame + 1) {
		m = frames(m, clock, 1, 33)
	}
	m = update(m, burst("or-gpt", 1, false, text(100, "first ")))
	m = frames(m, clock, 1, 33)
	if !m.paint || !strings.Contains(m.View().Content, "first") {
		t.Fatal("the first token is painted on the frame it arrives, pace frame or not")
	}
	for i := 0; pane.PaceFrame(m.frame+1) || i == 0; i++ {
		m = frames(m, clock, 1, 33) // reach a frame just before a non-pace one
	}
	before := m.View().Content
	m = update(m, burst("or-gpt", 1, false, text(300, "second ")))
	m = frames(m, clock, 1, 33)
	if m.paint || m.View().Content != before {
		t.Fatal("steady growth between pace frames repainted the screen")
	}
	for !pane.PaceFrame(m.frame + 1) {
		m = frames(m, clock, 1, 33)
	}
	m = frames(m, clock, 1, 33)
	if !m.paint || !strings.Contains(m.View().Content, "second") {
		t.Fatal("the pace frame paints the new text")
	}
	for pane.PaceFrame(m.frame + 1) {
		m = frames(m, clock, 1, 33)
	}
	m = update(m, burst("or-gpt", 1, true, done(500)))
	m = frames(m, clock, 1, 33)
	if !m.paint || !strings.Contains(m.View().Content, "✓ done") {
		t.Fatal("the end is painted on the frame it arrives")
	}
}

func TestStaleRunIsDropped(t *testing.T) {
	m, _ := sent(t, threeRoutes(), 120, 40)
	m = update(m, burst("or-gpt", 1, false, text(100, "first run ")))
	// Retry supersedes run 1 with a new generation.
	m = update(m, tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	gen := m.panes[0].Gen()
	if gen == 1 || gen == 0 {
		t.Fatalf("retry should start a new generation, got %d", gen)
	}
	before := m.panes[0].Last().Result().Text.String()
	stale := burst("or-gpt", 1, false, text(200, "LATE STALE TEXT"))
	staleCh := make(chan backend.Event)
	close(staleCh)
	stale.ch = staleCh
	next, cmd := m.Update(stale)
	m = next.(Model)
	if got := m.panes[0].Last().Result().Text.String(); got != before || strings.Contains(got, "STALE") {
		t.Fatalf("stale text reached the pane: %q", got)
	}
	if cmd == nil {
		t.Fatal("a stale open stream is drained, not abandoned")
	}
	m = update(m, burst("or-gpt", gen, true, text(300, "fresh"), done(400)), frameMsg{})
	if got := m.panes[0].Last().Result().Text.String(); got != "fresh" {
		t.Fatalf("current run text = %q", got)
	}
	requireContains(t, screen(m), "fresh")
}

func TestClosedWithoutFinalEventIsAnError(t *testing.T) {
	m, _ := sent(t, threeRoutes(), 120, 40)
	m = update(m, burst("openai", 2, true, text(100, "partial")), frameMsg{})
	if st := m.panes[1].Last().State(); st != pane.StateFailed {
		t.Fatalf("state = %v", st)
	}
	requireContains(t, screen(m), "The stream broke off")
}

func TestFrameTickStopsWhenIdle(t *testing.T) {
	m, _ := sent(t, threeRoutes(), 120, 40)
	m.frameArmed = false
	next, cmd := m.Update(frameMsg{})
	if cmd == nil {
		t.Fatal("the frame tick keeps running while routes stream")
	}
	m = next.(Model)
	for _, r := range []string{"or-gpt", "openai", "claude"} {
		m = update(m, burst(r, uint64(m.index[r]+1), true, done(10)))
	}
	m.frameArmed = false
	if _, cmd := m.Update(frameMsg{}); cmd != nil {
		t.Fatal("the frame tick stops once nothing streams")
	}
}

func TestEngineStreamsThroughCommands(t *testing.T) {
	src := &scripted{scripts: map[string][]backend.Event{
		"or-gpt": {started(), text(10, "hello "), text(20, "world"), done(30)},
	}}
	opts := Options{Routes: testRoutes()[:1], Engine: src}
	clock := &fakeClock{now: t0}
	m := newTestModel(opts, clock)
	m = update(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = typeText(m, "hi")
	next, cmd := m.Update(enter())
	m = next.(Model)
	m = runCmds(t, m, cmd)
	if got := m.panes[0].Last().Result().Text.String(); got != "hello world" {
		t.Fatalf("text = %q", got)
	}
	if st := m.panes[0].Last().State(); st != pane.StateDone {
		t.Fatalf("state = %v", st)
	}
	reqs := src.requests("or-gpt")
	if len(reqs) != 1 || len(reqs[0].Messages) != 1 || reqs[0].Messages[0].Content != "hi" {
		t.Fatalf("request = %+v", reqs)
	}
}

// runCmds runs commands and feeds their messages back until only timers
// remain (the frame tick), like a Program without a renderer.
func runCmds(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	queue := []tea.Cmd{cmd}
	deadline := time.Now().Add(5 * time.Second)
	for len(queue) > 0 && time.Now().Before(deadline) {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case frameMsg:
			m.frameArmed = false
		case nil:
		default:
			next, more := m.Update(msg)
			m = next.(Model)
			queue = append(queue, more)
		}
	}
	return update(m, frameMsg{})
}

// A reader that takes a whole channel's worth finds its sender ahead: it
// says so, so the next read does not wait, and it loses nothing.
func TestReadBurstBehindAFastSender(t *testing.T) {
	ch := make(chan backend.Event, 8)
	for i := range 8 {
		ch <- text(i, "x")
	}
	first := make(chan struct{})
	go func() {
		for i := 8; i < 108; i++ {
			ch <- text(i, "x")
		}
		<-first // the stream stays open past the first read
		close(ch)
	}()
	msg := readBurst("r", 1, ch, maxBurst, nil)
	close(first)
	if !msg.behind || len(msg.Events) < 8 {
		t.Fatalf("a full channel: behind=%v after %d events", msg.behind, len(msg.Events))
	}
	got := len(msg.Events)
	for !msg.Closed {
		msg = readBurst("r", 1, ch, maxBurst, nil)
		got += len(msg.Events)
	}
	if got != 108 {
		t.Fatalf("%d events read, want 108", got)
	}
	short := make(chan backend.Event, 8)
	short <- text(1, "x")
	if msg := readBurst("r", 1, short, maxBurst, nil); msg.behind {
		t.Fatal("one queued event is not a sender ahead")
	}
}
