package bench

import (
	"slices"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// Workload is what a bench asked of every route, stated with its results
// as published benchmarks state theirs.
type Workload struct {
	// InputTokens estimates one request's prompt (system prompt, messages
	// and the nonce) at four bytes a token; providers report their own count
	// per run.
	InputTokens int
	// MaxOutputTokens is the routes' max_tokens when they all send the same
	// one; nil when none sends one (the provider's default) or they differ.
	MaxOutputTokens *int
	MixedMaxTokens  bool // the routes send different max_tokens
	Load            Load
	Cold            bool
	Warmup          int
	CacheBusting    bool
	Started         time.Time
}

// newWorkload states the workload of a bench about to start.
func newWorkload(routes []backend.Route, opts Options, started time.Time) Workload {
	w := Workload{Load: opts.Load, Cold: opts.Cold, Warmup: opts.Warmup, CacheBusting: !opts.AllowCache, Started: started.UTC()}
	req := opts.Request
	if w.CacheBusting {
		_, req = withNonce(backend.Route{}, req, newNonce())
	}
	w.InputTokens = backend.EstimateTokens(req.System)
	for _, m := range req.Messages {
		w.InputTokens += backend.EstimateTokens(m.Content)
	}
	for i, rt := range routes {
		mt := rt.Params.MaxTokens
		switch {
		case i == 0:
			w.MaxOutputTokens = mt
		case (mt == nil) != (w.MaxOutputTokens == nil) || (mt != nil && *mt != *w.MaxOutputTokens):
			w.MaxOutputTokens, w.MixedMaxTokens = nil, true
		}
		if w.MixedMaxTokens {
			break
		}
	}
	return w
}

// Concurrency is the requests in flight per route: the closed loop's
// workers, 1 for one request at a time, 0 in the open loop (unbounded).
func (w Workload) Concurrency() int {
	if w.Load.Rate > 0 {
		return 0
	}
	return max(1, w.Load.Concurrency)
}

// Warm reports whether measured runs found their connections open: they
// are kept between runs and a warmup opened them.
func (w Workload) Warm() bool { return !w.Cold && w.Warmup > 0 }

// WorkloadReport is the workload in `bench --json`.
type WorkloadReport struct {
	InputTokens          int      `json:"input_tokens"`
	InputTokensSource    string   `json:"input_tokens_source"`
	MaxOutputTokens      *int     `json:"max_output_tokens"`
	OutputTokensReceived *int     `json:"output_tokens_received"`
	Concurrency          *int     `json:"concurrency"`
	RatePerS             *float64 `json:"rate_per_s"`
	DurationS            *float64 `json:"duration_s"`
	Seed                 *uint64  `json:"seed"`
	Warm                 bool     `json:"warm"`
	ColdConnections      bool     `json:"cold_connections"`
	CacheBusting         bool     `json:"cache_busting"`
	CacheBustingMethod   *string  `json:"cache_busting_method"`
	Date                 string   `json:"date"`
}

// WorkloadReport states the bench's workload with what it received.
func (b *Result) WorkloadReport() WorkloadReport {
	w := b.Workload
	r := WorkloadReport{InputTokens: w.InputTokens, InputTokensSource: string(backend.UsageEstimated),
		MaxOutputTokens: w.MaxOutputTokens, Warm: w.Warm(), ColdConnections: w.Cold,
		CacheBusting: w.CacheBusting, Date: w.Started.Format(time.RFC3339)}
	if n, ok := b.OutputTokensReceived(); ok {
		r.OutputTokensReceived = &n
	}
	if c := w.Concurrency(); c > 0 {
		r.Concurrency = &c
	} else {
		rate, seed := w.Load.Rate, w.Load.Seed
		r.RatePerS, r.Seed = &rate, &seed
	}
	if w.Load.Duration > 0 {
		d := w.Load.Duration.Seconds()
		r.DurationS = &d
	}
	if w.CacheBusting {
		m := NonceMethod
		r.CacheBustingMethod = &m
	}
	return r
}

// OutputTokensReceived is the median output tokens of a successful
// measured run, over every route.
func (b *Result) OutputTokensReceived() (int, bool) {
	var ns []int
	for _, br := range b.Routes {
		for _, r := range br.Runs {
			if r.Err == nil {
				ns = append(ns, r.Tokens().Output)
			}
		}
	}
	if len(ns) == 0 {
		return 0, false
	}
	slices.Sort(ns)
	return ns[(len(ns)-1)/2], true
}

// Summary is SummarizeRuns with the load figures: inter-token latency over
// every gap of every successful run, and the aggregate output tokens and
// completed requests per second of the route's busy time.
func (br Route) Summary() Summary {
	s := SummarizeRuns(br.Runs)
	var gaps [][]time.Duration
	tokens, ok := 0, 0
	for i, r := range br.Runs {
		if r.Err != nil {
			continue
		}
		ok++
		tokens += r.Tokens().Output
		if i < len(br.Gaps) {
			gaps = append(gaps, br.Gaps[i])
		}
	}
	s.ITLMs = SummarizeITL(gaps...)
	if secs := br.Busy.Seconds(); secs > 0 && ok > 0 {
		agg, rps := backend.Round(float64(tokens)/secs, 1), backend.Round(float64(ok)/secs, 3)
		s.OutputTokensPerSAggregate, s.RequestsPerS = &agg, &rps
	}
	return s
}
