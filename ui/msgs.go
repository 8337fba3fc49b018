package ui

import (
	"time"

	"github.com/routeplay/routeplay/backend"
)

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
