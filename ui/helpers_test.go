package ui

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/ui/pane"
)

// t0 is the fixed instant every test clock starts from.
var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// fakeClock is a clock tests move by hand, so no golden depends on wall time.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// scripted is a Streamer that plays a fixed list of events per route.
type scripted struct {
	mu      sync.Mutex
	scripts map[string][]backend.Event
	reqs    map[string][]backend.Request
	routes  map[string][]backend.Route // the route as each run was started
	ctxs    map[string][]context.Context
	// hold keeps channels open after the script so a test can cancel.
	hold bool
}

func (s *scripted) Stream(ctx context.Context, rt backend.Route, req backend.Request) <-chan backend.Event {
	s.mu.Lock()
	events := s.scripts[rt.Name]
	if s.reqs == nil {
		s.reqs = map[string][]backend.Request{}
	}
	s.reqs[rt.Name] = append(s.reqs[rt.Name], req)
	if s.routes == nil {
		s.routes = map[string][]backend.Route{}
	}
	s.routes[rt.Name] = append(s.routes[rt.Name], rt)
	if s.ctxs == nil {
		s.ctxs = map[string][]context.Context{}
	}
	s.ctxs[rt.Name] = append(s.ctxs[rt.Name], ctx)
	hold := s.hold
	s.mu.Unlock()
	ch := make(chan backend.Event, len(events)+1)
	go func() {
		defer close(ch)
		for _, ev := range events {
			ev.Route = rt.Name
			ch <- ev
		}
		if hold {
			<-ctx.Done()
			ch <- backend.Event{Route: rt.Name, Kind: backend.EventError, At: time.Second,
				Err: &backend.RouteError{Kind: backend.ErrCanceled, Message: "canceled by the user"}}
		}
	}()
	return ch
}

func (s *scripted) startedRoutes(route string) []backend.Route {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.routes[route]
}

// contexts are the contexts each run of route was started with.
func (s *scripted) contexts(route string) []context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ctxs[route]
}

func (s *scripted) requests(route string) []backend.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reqs[route]
}

// demoRoutes are three routes of different providers; the last is simulated.
func testRoutes() []backend.Route {
	return []backend.Route{
		{Name: "or-gpt", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini", KeyName: "openrouter"},
		{Name: "openai", Kind: backend.KindOpenAI, Model: "gpt-4o-mini", KeyName: "openai"},
		{Name: "claude", Kind: backend.KindAnthropic, Model: "claude-3-5-haiku-latest", KeyName: "anthropic"},
	}
}

func demoRoutes() []backend.Route {
	return []backend.Route{
		{Name: "demo-fast", Kind: backend.KindDemo, Model: "fast-model", Simulated: true},
		{Name: "demo-slow", Kind: backend.KindDemo, Model: "slow-model", Simulated: true},
	}
}

// newTestModel builds a model on a fake clock with the given theme.
func newTestModel(opts Options, clock *fakeClock) Model {
	m := New(opts)
	m.clock = clock.Now
	m.now = clock.Now()
	return m
}

// update sends msgs through Update in order, dropping the commands.
func update(m Model, msgs ...tea.Msg) Model {
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	return m
}

// typeText types s into the prompt box, one key per rune.
func typeText(m Model, s string) Model {
	for _, r := range s {
		m = update(m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func enter() tea.KeyPressMsg { return tea.KeyPressMsg{Code: tea.KeyEnter} }

// screen is the plain text of the current frame.
func screen(m Model) string { return ansi.Strip(m.View().Content) }

// ms is a duration in milliseconds.
func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func text(at int, s string) backend.Event {
	return backend.Event{Kind: backend.EventText, At: ms(at), Text: s}
}

func reasoning(at int, s string) backend.Event {
	return backend.Event{Kind: backend.EventReasoning, At: ms(at), Text: s}
}

func done(at int) backend.Event {
	return backend.Event{Kind: backend.EventDone, At: ms(at), Finish: "stop"}
}

func usage(at, in, out int, cost *float64) backend.Event {
	return backend.Event{Kind: backend.EventUsage, At: ms(at),
		Usage: &backend.Usage{InputTokens: in, OutputTokens: out, CostUSD: cost}}
}

func served(at int, provider, model string) backend.Event {
	return backend.Event{Kind: backend.EventServed, At: ms(at), Served: &backend.Served{Provider: provider, Model: model}}
}

func failure(at int, kind backend.ErrorKind, status int, message string) backend.Event {
	return backend.Event{Kind: backend.EventError, At: ms(at),
		Err: &backend.RouteError{Kind: kind, Status: status, Message: message}}
}

func started() backend.Event { return backend.Event{Kind: backend.EventStarted} }

// burst delivers events to a route as one coalesced message of run gen.
func burst(route string, gen uint64, closed bool, events ...backend.Event) streamMsg {
	return streamMsg{Route: route, Gen: gen, Events: events, Closed: closed}
}

func requireContains(t *testing.T, s, want string) {
	t.Helper()
	if !strings.Contains(s, want) {
		t.Fatalf("screen lacks %q:\n%s", want, s)
	}
}

// demoSpeed runs the demo routes of flow tests this many times faster than
// the app does: the same answers and events, without their pace.
const demoSpeed = 20

// startProgram runs m in a teatest program of the given size, in plain text.
func startProgram(t *testing.T, m Model, w, h int) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
}

func waitFor(t *testing.T, tm *teatest.TestModel, d time.Duration, subs ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, s := range subs {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(d), teatest.WithCheckInterval(10*time.Millisecond))
}

// openHistory opens a history database at path with a recorder on it.
func openHistory(t *testing.T, path string) (*history.DB, *history.Recorder) {
	t.Helper()
	db, err := history.Open(context.Background(), path, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, history.NewRecorder(db, history.RecorderOptions{})
}

// closeRecorder flushes what the playground queued.
func closeRecorder(t *testing.T, rec *history.Recorder) {
	t.Helper()
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
}

func onlySession(t *testing.T, db *history.DB) *history.Session {
	t.Helper()
	list, err := db.Sessions(context.Background(), history.SessionFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("sessions %+v, %v", list, err)
	}
	s, err := db.Session(context.Background(), list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fillPane adds a finished answer far longer than the pane shows and shows
// its end.
func fillPane(p *pane.Pane) {
	res := backend.NewResult(p.Route())
	res.Apply(text(10, longAnswer))
	res.Apply(done(20))
	p.Restore("a long one", nil, res, longAnswer, t0)
	p.FollowEnd()
	p.Refresh(0)
}
