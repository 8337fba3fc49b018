package bench

import (
	"slices"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/stats"
)

// ITL is the inter-token latency of a route: percentiles, in milliseconds,
// of the gaps between consecutive streamed content chunks. A chunk can hold
// several tokens, so this is the wait a reader sees between updates, as
// LLMPerf and GenAI-Perf report it for streamed responses.
type ITL struct {
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	Gaps int     `json:"gaps"` // how many gaps the percentiles cover
}

// gapRecorder keeps the gaps between a run's content chunks, from the
// times the engine stamped as the bytes arrived.
type gapRecorder struct {
	last time.Duration
	seen bool
	gaps []time.Duration
}

// observe folds one event. Answer, reasoning and tool-call pieces are
// content; a client-side fallback starts a fresh attempt whose clock starts
// again, so the gaps of the failed attempt are dropped.
func (g *gapRecorder) observe(ev backend.Event) {
	if ev.Kind == backend.EventFallback {
		*g = gapRecorder{gaps: g.gaps[:0]}
		return
	}
	if !ev.Content() {
		return
	}
	if g.seen {
		g.gaps = append(g.gaps, ev.At-g.last)
	}
	g.last, g.seen = ev.At, true
}

// SummarizeITL pools the gaps of many runs and gives their p50, p95 and
// p99; nil when no run streamed two chunks.
func SummarizeITL(runs ...[]time.Duration) *ITL {
	n := 0
	for _, g := range runs {
		n += len(g)
	}
	if n == 0 {
		return nil
	}
	// Integers sort about twice as fast as floats (no NaN to order).
	all := make([]time.Duration, 0, n)
	for _, g := range runs {
		all = append(all, g...)
	}
	slices.Sort(all)
	ms := make([]float64, n)
	for i, d := range all {
		ms[i] = float64(d) / float64(time.Millisecond)
	}
	p := func(q float64) float64 { return backend.Round(stats.PercentileSorted(ms, q), 3) }
	return &ITL{P50: p(50), P95: p(95), P99: p(99), Gaps: n}
}
