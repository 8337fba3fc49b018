package engine

import (
	"context"
	"sync"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// eventQueue decouples a route's socket reader from its consumer: pushing
// never blocks, so a slow consumer can never delay the reader and shift the
// arrival stamps of later bytes.
type eventQueue struct {
	mu     sync.Mutex
	items  []backend.Event
	closed bool
	wake   chan struct{}
}

func newEventQueue() *eventQueue { return &eventQueue{wake: make(chan struct{}, 1)} }

func (q *eventQueue) push(evs ...backend.Event) {
	q.mu.Lock()
	q.items = append(q.items, evs...)
	q.mu.Unlock()
	q.signal()
}

func (q *eventQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.signal()
}

func (q *eventQueue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// take returns everything queued and whether the queue is closed. It swaps
// buffers instead of copying: buf (the previous batch, already delivered)
// becomes the queue's storage, so a backlog costs no copy and the two
// buffers stop growing once they hold the largest burst.
func (q *eventQueue) take(buf []backend.Event) ([]backend.Event, bool) {
	clear(buf) // the delivered events must not be kept alive
	q.mu.Lock()
	defer q.mu.Unlock()
	items := q.items
	q.items = buf[:0]
	return items, q.closed
}

// abandonGrace bounds how long events are held for a consumer that stopped
// reading after canceling: long enough for a live UI to see "canceled",
// short enough that nothing lingers.
const abandonGrace = 2 * time.Second

// forward delivers queued events to out in order and closes out at the end.
func (q *eventQueue) forward(ctx context.Context, out chan<- backend.Event) {
	defer close(out)
	var batch []backend.Event
	for {
		var closed bool
		batch, closed = q.take(batch)
		for _, ev := range batch {
			if !sendEvent(ctx, out, ev) {
				return
			}
		}
		if closed && len(batch) == 0 {
			return
		}
		if len(batch) == 0 {
			<-q.wake
		}
	}
}

func sendEvent(ctx context.Context, out chan<- backend.Event, ev backend.Event) bool {
	select {
	case out <- ev:
		return true
	case <-ctx.Done():
	}
	t := time.NewTimer(abandonGrace)
	defer t.Stop()
	select {
	case out <- ev:
		return true
	case <-t.C:
		return false
	}
}
