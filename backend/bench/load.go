package bench

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/engine"
)

// Load puts a bench under load. The zero value is the plain bench: one
// request at a time, Runs per route.
type Load struct {
	// Concurrency is the closed loop: this many requests in flight per
	// route, each worker sending its next request as its last one ends.
	Concurrency int
	// Rate is the open loop: requests arrive per route as a Poisson process
	// of this many per second, whether or not earlier ones have ended.
	Rate float64
	// Duration measures each route under load for this long instead of
	// for Runs requests.
	Duration time.Duration
	// Seed makes the open loop's arrival times repeatable.
	Seed uint64
}

// Active reports whether the bench runs under load rather than one request
// at a time.
func (l Load) Active() bool { return l.Concurrency > 1 || l.Rate > 0 || l.Duration > 0 }

// Slices of load: routes take turns, one slice each per round in rotating
// order (Order), so no two routes load the machine at once and drift
// over time falls on all alike. A slice is long enough that most of it runs
// at the full load: about sliceRequestsPerWorker requests per worker
// (sliceArrivals of arrivals in the open loop), or sliceWindow of time.
const (
	sliceRequestsPerWorker = 4
	sliceArrivals          = 5 * time.Second
	sliceWindow            = 10 * time.Second
	maxWarmBurst           = 16 // the shared transport keeps 16 idle connections per host
)

// slice is one route's turn: start requests until quota have started
// (quota > 0) or until window has passed (window > 0).
type slice struct {
	quota  int
	window time.Duration
}

// loadPlan splits a route's measured load into slices: quotas that add up
// to runs, or windows that add up to the duration.
func loadPlan(runs int, l Load) []slice {
	if l.Duration > 0 {
		n := max(1, int(math.Ceil(float64(l.Duration)/float64(sliceWindow))))
		out := make([]slice, n)
		for k := range out {
			out[k].window = l.Duration*time.Duration(k+1)/time.Duration(n) - l.Duration*time.Duration(k)/time.Duration(n)
		}
		return out
	}
	per := max(1, l.Concurrency) * sliceRequestsPerWorker
	if l.Rate > 0 {
		per = max(sliceRequestsPerWorker, int(math.Ceil(l.Rate*sliceArrivals.Seconds())))
	}
	n := max(1, int(math.Round(float64(runs)/float64(per))))
	n = min(n, runs)
	out := make([]slice, n)
	for k := range out {
		out[k].quota = runs*(k+1)/n - runs*k/n
	}
	return out
}

// warmWidth is how many requests a route's warmup round sends at once:
// enough to open the connections the load will use.
func (l Load) warmWidth() int {
	if l.Rate > 0 {
		return min(maxWarmBurst, max(1, int(math.Ceil(l.Rate))))
	}
	return max(1, l.Concurrency)
}

// loadBench is one bench under load in progress.
type loadBench struct {
	e      *engine.Engine
	opts   Options
	routes []backend.Route
	lookup engine.RouteLookup
	res    *Result
	mu     sync.Mutex // guards res and done while slices run
	done   int
	total  int // runs planned, warmups included; 0 when measuring by time
}

// runLoad runs opts.Warmup warm rounds, then the measured slices.
func runLoad(ctx context.Context, e *engine.Engine, routes []backend.Route, lookup engine.RouteLookup, opts Options, res *Result) {
	plan := loadPlan(opts.Runs, opts.Load)
	b := &loadBench{e: e, opts: opts, routes: routes, lookup: lookup, res: res}
	if opts.Load.Duration == 0 {
		b.total = (opts.Warmup*opts.Load.warmWidth() + opts.Runs) * len(routes)
	}
	rngs := make([]*rand.Rand, len(routes))
	for i := range rngs {
		rngs[i] = rand.New(rand.NewPCG(opts.Load.Seed, uint64(i)))
	}
	rounds := opts.Warmup + len(plan)
	for round := range rounds {
		for _, i := range Order(len(routes), round) {
			if ctx.Err() != nil {
				res.Interrupted = true
				return
			}
			if round < opts.Warmup {
				w := opts.Load.warmWidth()
				b.closedLoop(ctx, i, round, w, slice{quota: w}, true)
				continue
			}
			sl := plan[round-opts.Warmup]
			var wall time.Duration
			if opts.Load.Rate > 0 {
				wall = b.openLoop(ctx, i, round, sl, rngs[i])
			} else {
				wall = b.closedLoop(ctx, i, round, max(1, opts.Load.Concurrency), sl, false)
			}
			b.mu.Lock()
			res.Routes[i].Busy += wall
			b.mu.Unlock()
		}
	}
}

// closedLoop keeps workers requests of route i in flight until the slice
// is used up, then waits for the last ones; it returns the slice's wall time.
func (b *loadBench) closedLoop(ctx context.Context, i, round, workers int, sl slice, warm bool) time.Duration {
	start := time.Now()
	var started atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				if sl.quota > 0 && started.Add(1) > int64(sl.quota) {
					return
				}
				if sl.window > 0 && time.Since(start) >= sl.window {
					return
				}
				if !b.run(ctx, i, round, warm) {
					return
				}
			}
		})
	}
	wg.Wait()
	return time.Since(start)
}

// openLoop sends route i's requests at the slice's arrival times, each on
// its own, then waits for the last; it returns the slice's wall time.
func (b *loadBench) openLoop(ctx context.Context, i, round int, sl slice, rng *rand.Rand) time.Duration {
	start := time.Now()
	var wg sync.WaitGroup
	for _, at := range Arrivals(rng, b.opts.Load.Rate, sl.quota, sl.window) {
		if !sleepUntil(ctx, start.Add(at)) {
			break
		}
		wg.Go(func() { _ = b.run(ctx, i, round, false) })
	}
	wg.Wait()
	return time.Since(start)
}

// Arrivals are the offsets from a slice's start at which an open loop of
// rate requests per second sends: exponential gaps (a Poisson process)
// drawn from rng, until quota arrivals (quota > 0) or the window's end.
func Arrivals(rng *rand.Rand, rate float64, quota int, window time.Duration) []time.Duration {
	if quota <= 0 && window <= 0 {
		return nil // neither bound: nothing to plan
	}
	var out []time.Duration
	var at float64 // seconds
	for quota <= 0 || len(out) < quota {
		at += rng.ExpFloat64() / rate
		d := time.Duration(at * float64(time.Second))
		if window > 0 && d >= window {
			break
		}
		out = append(out, d)
	}
	return out
}

// sleepUntil waits for t or ctx; it reports whether t came first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	return engine.Sleep(ctx, time.Until(t)) == nil
}

// run sends one request of route i and keeps what it measured. A run the
// user's Ctrl+C cut short measured nothing and is dropped. It reports
// whether the request reached the transport: one that failed before (no
// key, a request that cannot be built) fails the same way at once every
// time, so a closed loop stops sending rather than spin through its window.
func (b *loadBench) run(ctx context.Context, i, round int, warm bool) bool {
	if b.opts.Cold {
		b.e.CloseIdleConnections()
	}
	m := measure(ctx, b.e, b.routes[i], b.lookup, b.opts)
	b.mu.Lock()
	defer b.mu.Unlock()
	if ctx.Err() != nil && m.r.Err != nil && m.r.Err.Kind == backend.ErrCanceled {
		b.res.Interrupted = true
		return false
	}
	b.res.keep(i, m, warm)
	b.done++
	if b.opts.OnRun != nil {
		b.opts.OnRun(Progress{Done: b.done, Total: b.total, Warmup: warm, Round: round, Route: i, Result: m.r})
	}
	return m.r.Err == nil || m.r.Timing.Total != nil
}
