package selftest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/ui"
)

// relay sits between the engine and the playground and watches how far the
// display trails the stream: it records each event's arrival stamp (the
// engine's At from the request start), how many the playground has taken,
// and when each marker of the answer (see markerToken) arrived.
type relay struct {
	eng    ui.Streamer
	ctx    context.Context
	mu     sync.Mutex
	routes []*relayRoute
	open   sync.WaitGroup
	events atomic.Int64
}

type relayRoute struct {
	out   chan backend.Event
	start time.Time
	mu    sync.Mutex
	ats   []time.Duration // At of every event sent on, in order
	route int             // the route number its markers carry; 0 before the first
	marks []time.Duration // At of the event that carried each marker, by marker number
	ended bool
}

func newRelay(ctx context.Context, eng ui.Streamer) *relay { return &relay{eng: eng, ctx: ctx} }

func (r *relay) Stream(ctx context.Context, rt backend.Route, req backend.Request) <-chan backend.Event {
	ctx, cancel := context.WithCancel(ctx)
	context.AfterFunc(r.ctx, cancel)
	rr := &relayRoute{out: make(chan backend.Event, 64), start: time.Now()}
	in := r.eng.Stream(ctx, rt, req)
	r.open.Add(1) // before the route is counted as started, so a Wait after awaitStarted sees it
	r.mu.Lock()
	r.routes = append(r.routes, rr)
	r.mu.Unlock()
	go func() {
		defer r.open.Done()
		defer cancel()
		for ev := range in {
			rr.mu.Lock()
			rr.ats = append(rr.ats, ev.At)
			rr.mark(ev)
			rr.mu.Unlock()
			r.events.Add(1)
			rr.out <- ev
		}
		rr.mu.Lock()
		rr.ended = true
		rr.mu.Unlock()
		close(rr.out)
	}()
	return rr.out
}

// awaitStarted waits until n streams have started.
func (r *relay) awaitStarted(n int, limit time.Duration) error {
	for deadline := time.Now().Add(limit); ; time.Sleep(time.Millisecond) {
		r.mu.Lock()
		started := len(r.routes)
		r.mu.Unlock()
		if started >= n {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of %d streams started within %s", started, n, limit)
		}
	}
}

// intakeLag is, over the routes still streaming, the largest age of the
// newest event the playground has taken (now − its arrival stamp), and the
// most events waiting in a route's channel. What is taken reaches the screen
// only on a later pace frame; displayLag is what the user sees.
func (r *relay) intakeLag(now time.Time) (time.Duration, int, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var worst time.Duration
	waiting, live := 0, false
	for _, rr := range r.routes {
		rr.mu.Lock()
		queued := len(rr.out)
		taken := len(rr.ats) - queued
		if !rr.ended && taken > 0 {
			live = true
			worst = max(worst, now.Sub(rr.start.Add(rr.ats[taken-1])))
		}
		waiting = max(waiting, queued)
		rr.mu.Unlock()
	}
	return worst, waiting, live
}

// mark records the arrival of the markers in ev's text.
func (rr *relayRoute) mark(ev backend.Event) {
	if ev.Kind != backend.EventText {
		return
	}
	scanMarkers(ev.Text, func(route, k int) {
		rr.route = route
		for len(rr.marks) <= k {
			rr.marks = append(rr.marks, ev.At)
		}
		rr.marks[k] = ev.At
	})
}

// displayLag is, over the routes whose last marker is not yet on the painted
// screen, the largest age (now − arrival stamp) of the newest marker on it.
// A route with markers arrived and none shown counts from its first one: the
// screen is at least that far behind.
func (r *relay) displayLag(now time.Time, screen *screenWatch) (time.Duration, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var worst time.Duration
	live := false
	for _, rr := range r.routes {
		rr.mu.Lock()
		if len(rr.marks) > 0 {
			shown := min(screen.newest(rr.route), len(rr.marks)-1)
			if !rr.ended || shown < len(rr.marks)-1 {
				live = true
				worst = max(worst, now.Sub(rr.start.Add(rr.marks[max(shown, 0)])))
			}
		}
		rr.mu.Unlock()
	}
	return worst, live
}
