package bench

import (
	"context"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/engine"
)

// measured is one bench run: its result, the gaps between its content
// chunks, and its wall time in the bench (request building included).
type measured struct {
	r    *backend.Result
	gaps []time.Duration
	wall time.Duration
}

// measure runs a route (and its client-side fallbacks) to the end. Unless
// the bench allows cached prompts, the run gets its own nonce (NonceMethod).
func measure(ctx context.Context, e *engine.Engine, rt backend.Route, lookup engine.RouteLookup, opts Options) measured {
	sent, req := rt, opts.Request
	if !opts.AllowCache {
		nonce := newNonce()
		sent, req = withNonce(rt, req, nonce)
		lookup = nonceLookup(lookup, nonce)
	}
	r := backend.NewResult(sent)
	var g gapRecorder
	start := time.Now()
	for ev := range e.StreamWithFallback(ctx, sent, lookup, req) {
		r.Apply(ev)
		g.observe(ev)
	}
	wall := time.Since(start)
	r.Route = rt // reports and history name the route as configured, without the nonce
	return measured{r: r, gaps: g.gaps, wall: wall}
}

// keep adds a finished run to route i: a warmup's cost, or a measured run
// with its gaps.
func (b *Result) keep(i int, m measured, warm bool) {
	br := &b.Routes[i]
	if warm {
		if usd, _, ok := backend.RouteCost(m.r); ok {
			br.WarmupCostUSD += usd
		}
		return
	}
	br.Runs = append(br.Runs, m.r)
	br.Gaps = append(br.Gaps, m.gaps)
}
