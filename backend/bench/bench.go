// Package bench measures routes over many runs on an engine: interleaved
// rounds, load (closed and open loop), inter-token gaps, per-run nonces,
// summaries, verdicts between pairs and monthly projections.
package bench

import (
	"context"
	"errors"
	"math"
	"sort"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/projection"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/stats"
)

// Options configure a bench: Runs measured rounds after Warmup
// unmeasured ones, every route once per round.
type Options struct {
	Runs    int
	Warmup  int
	Cold    bool // a fresh connection for every run: DNS, TCP and TLS are measured
	Request backend.Request
	// Load runs the bench under concurrency or an arrival rate; its zero
	// value sends one request at a time.
	Load Load
	// AllowCache sends the same prompt every run, so providers may serve it
	// from their prompt cache; by default each run gets a nonce (NonceMethod).
	AllowCache bool
	// OnRun, if set, sees every finished run (warmups included) in order.
	OnRun func(Progress)
}

// Progress is one finished run of a bench.
type Progress struct {
	Done, Total int // runs finished so far and planned, warmups included; Total is 0 when measuring by time
	Warmup      bool
	Round       int // 0-based, warmup rounds first
	Route       int // index into the bench's routes
	Result      *backend.Result
}

// Route is one route's measured runs, in the order they ran.
type Route struct {
	Route backend.Route
	Runs  []*backend.Result
	// Gaps holds, for each of Runs, the gaps between its content chunks.
	Gaps [][]time.Duration
	// Busy is the wall time the route's measured runs took: the sum of its
	// turns under load, of its runs one at a time otherwise.
	Busy time.Duration
	// WarmupCostUSD is what the unmeasured warmup runs cost, where known.
	WarmupCostUSD float64
}

// Result is a whole bench; after an interruption it holds every run
// that finished.
type Result struct {
	Runs, Warmup int // as asked
	Cold         bool
	Interrupted  bool // stopped early (Ctrl+C); a run cut short is not kept
	Routes       []Route
	Workload     Workload
	// Pairs are the comparisons the user asked for (bench --pair), beside
	// the gateway/direct pairs found automatically.
	Pairs []RoutePair
}

// Order is the order routes run in a round: the list rotated by one
// more place each round, so every route takes every position equally often
// and drift over time (a provider warming up, the network getting busier)
// falls on all routes alike.
func Order(nRoutes, round int) []int {
	order := make([]int, nRoutes)
	for i := range order {
		order[i] = (round + i) % nRoutes
	}
	return order
}

// Bench runs every route opts.Warmup+opts.Runs times, one request at a
// time: routes never overlap, so they do not contend for the CPU or the
// network and each first-token time is the route's alone. Under opts.Load
// each route is loaded in turn instead (see runLoad). Cancelling ctx
// stops after the run in flight is abandoned; what finished is returned.
func Run(ctx context.Context, e *engine.Engine, routes []backend.Route, opts Options) *Result {
	res := &Result{Runs: opts.Runs, Warmup: opts.Warmup, Cold: opts.Cold, Routes: make([]Route, len(routes)),
		Workload: newWorkload(routes, opts, time.Now())}
	if opts.Load.Duration > 0 {
		res.Runs = 0 // measured by time: no count was asked for
	}
	for i, rt := range routes {
		res.Routes[i] = Route{Route: rt, Runs: []*backend.Result{}}
	}
	lookup := e.LookupFor(routes)
	if opts.Load.Active() {
		runLoad(ctx, e, routes, lookup, opts, res)
		return res
	}
	rounds := opts.Warmup + opts.Runs
	total, done := rounds*len(routes), 0
	for round := range rounds {
		for _, i := range Order(len(routes), round) {
			if ctx.Err() != nil {
				res.Interrupted = true
				return res
			}
			if opts.Cold {
				e.CloseIdleConnections()
			}
			m := measure(ctx, e, routes[i], lookup, opts)
			if ctx.Err() != nil && m.r.Err != nil && m.r.Err.Kind == backend.ErrCanceled {
				res.Interrupted = true // the run was cut short, so it measured nothing
				return res
			}
			warm := round < opts.Warmup
			res.keep(i, m, warm)
			if !warm {
				res.Routes[i].Busy += m.wall
			}
			done++
			if opts.OnRun != nil {
				opts.OnRun(Progress{Done: done, Total: total, Warmup: warm, Round: round, Route: i, Result: m.r})
			}
		}
	}
	return res
}

// Summary is one route's statistics over its measured runs, in the
// shape `bench --json` prints. A statistic no run produced is null.
type Summary struct {
	FirstTokenMs *stats.Summary `json:"first_token_ms"`
	TotalMs      *stats.Summary `json:"total_ms"`
	TokensPerS   *stats.Summary `json:"tokens_per_s"`
	CostUSD      *stats.Summary `json:"cost_usd"`
	SuccessRate  float64        `json:"success_rate"`
	Errors       map[string]int `json:"errors"`
	// NotSent counts runs that never reached the provider (no_key) or that
	// the user canceled: not the route's failures, so outside SuccessRate.
	NotSent map[string]int `json:"not_sent"`
	// TotalCostUSD is null when any billed run's cost is unknown.
	TotalCostUSD *float64 `json:"total_cost_usd"`
	// The load figures need the route's gaps and busy time, so only
	// Route.Summary fills them; null when no run produced them.
	ITLMs                     *ITL     `json:"itl_ms"`
	OutputTokensPerSAggregate *float64 `json:"output_tokens_per_s_aggregate"`
	RequestsPerS              *float64 `json:"requests_per_s"`
}

// benchErrorKinds are the kinds a bench summary always lists, with zero
// counts where none happened. A user's Ctrl+C is not among them: a run it
// cut short is not kept.
var benchErrorKinds = []backend.ErrorKind{backend.ErrAuth, backend.ErrPayment, backend.ErrRateLimited, backend.ErrBadRequest, backend.ErrTimeout,
	backend.ErrUpstream, backend.ErrStream, backend.ErrNetwork}

// SummarizeRuns computes a route's statistics. Times and rates come from
// successful runs only (a failure's time says how fast it failed, not how
// fast the route answers); the total cost counts every run that was billed.
func SummarizeRuns(runs []*backend.Result) Summary {
	ft, total := SuccessTimes(runs)
	var tps, cost []float64
	s := Summary{Errors: map[string]int{}, NotSent: map[string]int{}}
	for _, k := range benchErrorKinds {
		s.Errors[string(k)] = 0 // every kind is listed, so the shape never changes
	}
	for _, k := range backend.NotSentKinds {
		s.NotSent[string(k)] = 0
	}
	ok := 0
	var spent backend.CostTotal
	for _, r := range runs {
		usd, billed := spent.Add(r)
		if r.Err != nil && backend.NotSent(r.Err.Kind) {
			s.NotSent[string(r.Err.Kind)]++
			continue
		}
		if r.Err != nil {
			s.Errors[string(r.Err.Kind)]++
			continue
		}
		ok++
		if v, has := r.TokensPerSecond(); has {
			tps = append(tps, v)
		}
		if billed {
			cost = append(cost, usd)
		}
	}
	if sent := len(runs) - s.NotSentCount(); sent > 0 {
		s.SuccessRate = float64(ok) / float64(sent)
	}
	s.FirstTokenMs, s.TotalMs = summaryOf(ft, 3), summaryOf(total, 3)
	s.TokensPerS, s.CostUSD = summaryOf(tps, 1), summaryOf(cost, 9)
	s.TotalCostUSD = spent.Rounded()
	s.SuccessRate = backend.Round(s.SuccessRate, 4)
	return s
}

func summaryOf(xs []float64, digits int) *stats.Summary {
	s, ok := stats.Summarize(xs)
	if !ok {
		return nil
	}
	s = s.Rounded(digits)
	return &s
}

// Report is the exact `bench --json` document.
type Report struct {
	Prompt   string         `json:"prompt"`
	Runs     int            `json:"runs"`
	Warmup   int            `json:"warmup"`
	Workload WorkloadReport `json:"workload"`
	Routes   []RouteReport  `json:"routes"`
	// Comparisons: see Result.ComparisonReports.
	Comparisons []ComparisonReport `json:"comparisons"`
}

// RouteReport is one route's raw runs (each as `ask --json` prints a
// route) and their summary.
type RouteReport struct {
	Route   string                `json:"route"`
	Runs    []backend.RouteReport `json:"runs"`
	Summary Summary               `json:"summary"`
	// Monthly is the projection at `bench --volume`; absent without one,
	// null when the route's cost is unknown.
	Monthly *projection.Report `json:"monthly,omitempty"`
}

// Report converts a bench into its JSON shape; prompt is sanitised.
func (b *Result) Report(prompt string) Report {
	rep := Report{Prompt: safetext.Sanitize(prompt), Runs: b.Runs, Warmup: b.Warmup, Workload: b.WorkloadReport(),
		Routes: []RouteReport{}}
	for _, br := range b.Routes {
		rr := RouteReport{Route: br.Route.Name, Runs: make([]backend.RouteReport, 0, len(br.Runs)), Summary: br.Summary()}
		for _, r := range br.Runs {
			rr.Runs = append(rr.Runs, r.Report())
		}
		rep.Routes = append(rep.Routes, rr)
	}
	rep.Comparisons = b.ComparisonReports()
	return rep
}

// DialedRuns counts the measured runs that opened a new connection. With
// warm connections it says how many runs paid a handshake anyway (the pool
// keeps a connection only when the previous response was read to its end).
func (br Route) DialedRuns() int {
	n := 0
	for _, r := range br.Runs {
		if r.Timing.Connect != nil {
			n++
		}
	}
	return n
}

// RouteList is the bench's routes, in order.
func (b *Result) RouteList() []backend.Route {
	out := make([]backend.Route, len(b.Routes))
	for i, br := range b.Routes {
		out[i] = br.Route
	}
	return out
}

// Measured is the number of runs that finished across all routes.
func (b *Result) Measured() int {
	n := 0
	for _, br := range b.Routes {
		n += len(br.Runs)
	}
	return n
}

// Failed reports whether any measured run failed.
func (b *Result) Failed() bool {
	for _, br := range b.Routes {
		for _, r := range br.Runs {
			if r.Err != nil {
				return true
			}
		}
	}
	return false
}

// NotSentCount is the number of runs that were not the route's to fail.
func (s Summary) NotSentCount() int {
	n := 0
	for _, c := range s.NotSent {
		n += c
	}
	return n
}

// ErrorKinds returns the error kinds that happened, most frequent first.
func (s Summary) ErrorKinds() []string {
	kinds := make([]string, 0, len(s.Errors))
	for k, n := range s.Errors {
		if n > 0 {
			kinds = append(kinds, k)
		}
	}
	sort.Slice(kinds, func(i, j int) bool {
		if s.Errors[kinds[i]] != s.Errors[kinds[j]] {
			return s.Errors[kinds[i]] > s.Errors[kinds[j]]
		}
		return kinds[i] < kinds[j]
	})
	return kinds
}

// Delta compares the two routes of a pair over a bench: medians of
// first token and total time, and the mean effective cost per run.
func Delta(p catalog.Pair, b *Result, fees config.Fees) (catalog.Delta, error) {
	if p.Gateway >= len(b.Routes) || p.Direct >= len(b.Routes) {
		return catalog.Delta{}, errors.New("pair outside the bench's routes")
	}
	return catalog.SideDelta(p, benchSide(b.Routes[p.Gateway], fees), benchSide(b.Routes[p.Direct], fees)), nil
}

func benchSide(br Route, fees config.Fees) catalog.DeltaSide {
	s := SummarizeRuns(br.Runs)
	side := catalog.DeltaSide{Route: br.Route.Name}
	if s.FirstTokenMs != nil {
		side.FirstTokenMs = &s.FirstTokenMs.P50
	}
	if s.TotalMs != nil {
		side.TotalMs = &s.TotalMs.P50
	}
	if s.CostUSD != nil {
		mean := s.CostUSD.Mean
		eff := fees.Apply(br.Route, mean).EffectiveUSD
		side.CostUSD, side.EffectiveUSD = &mean, &eff
	}
	return side
}

// TypicalRuns picks, per route, the successful run whose first token is
// nearest the route's median, so the timeline shows a usual run, not an outlier.
func (b *Result) TypicalRuns() []*backend.Result {
	var out []*backend.Result
	for _, br := range b.Routes {
		s := SummarizeRuns(br.Runs)
		if s.FirstTokenMs == nil {
			continue
		}
		var best *backend.Result
		bestGap := math.Inf(1)
		for _, r := range br.Runs {
			if r.Err != nil || r.Timing.FirstToken == nil {
				continue
			}
			if gap := math.Abs(*backend.Millis(r.Timing.FirstToken) - s.FirstTokenMs.P50); gap < bestGap {
				best, bestGap = r, gap
			}
		}
		if best != nil {
			out = append(out, best)
		}
	}
	return out
}
