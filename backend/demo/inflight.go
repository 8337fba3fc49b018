package demo

import (
	"net/http"
	"sync/atomic"
)

// InFlight wraps a handler and counts the requests it is serving, so a
// test can check from the server's side how many a client kept open at once.
type InFlight struct {
	h         http.Handler
	now, peak atomic.Int64
	served    atomic.Int64
}

// CountInFlight wraps h.
func CountInFlight(h http.Handler) *InFlight { return &InFlight{h: h} }

func (c *InFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := c.now.Add(1)
	for {
		p := c.peak.Load()
		if n <= p || c.peak.CompareAndSwap(p, n) {
			break
		}
	}
	defer func() {
		c.now.Add(-1)
		c.served.Add(1)
	}()
	c.h.ServeHTTP(w, r)
}

// Peak is the most requests served at once so far.
func (c *InFlight) Peak() int { return int(c.peak.Load()) }

// Served is how many requests have been answered.
func (c *InFlight) Served() int { return int(c.served.Load()) }
