package backend

import (
	"strings"
	"time"
)

// UsageSource says where token counts came from.
type UsageSource string

const (
	UsageFromProvider UsageSource = "provider"
	UsageEstimated    UsageSource = "estimate" // the stream ended without a usage report
)

// CostSource says where a cost figure came from.
type CostSource string

const (
	CostFromProvider CostSource = "provider" // the provider's own figure (OpenRouter, xAI)
	CostFromCatalog  CostSource = "catalog"  // catalog price × reported tokens
	CostFromPrice    CostSource = "price"    // the route's configured price × reported tokens
	CostEstimated    CostSource = "estimate" // catalog price × estimated tokens
)

// Timing holds offsets from request start; nil means the phase did not happen.
type Timing struct {
	DNS, Connect, TLS, FirstByte, Headers *time.Duration
	FirstToken, FirstText, LastToken      *time.Duration
	Total                                 *time.Duration
}

// TokenCounts are a run's token counts and where they came from. Input
// includes the prompt tokens read from the provider's cache (Cached) and
// those written to it (CacheWrite).
type TokenCounts struct {
	Input, Output, Reasoning, Cached int
	CacheWrite                       int
	Source                           UsageSource
}

// Attempt is one try within a run (a client-side fallback adds more), with
// its own measurements.
type Attempt struct {
	Route       string
	Provider    Kind
	Model       string
	Err         *RouteError
	Status      int
	Timing      Timing
	ServedModel string
	ServedBy    string
}

// Result folds a route's events into the numbers the user sees. Apply it to
// every event in order; it is the single place metrics are computed, for the
// live panes and for the final report alike.
type Result struct {
	Route        Route
	ServedModel  string
	ServedBy     string
	GenerationID string
	Text         strings.Builder
	Reasoning    strings.Builder
	Finish       string
	Err          *RouteError
	Status       int
	Timing       Timing
	KeepAlives   int
	Deltas       int // number of non-empty text, reasoning or tool-call deltas
	ToolCalls    []ToolCall
	toolArgs     []*strings.Builder // the calls' arguments, appended without copying
	reported     *Usage
	Attempts     []Attempt
	attempt      *Route // the route of the current attempt; nil means Route
	started      bool
	done         bool
	stored       *stored // figures read back from a report (ResultFromReport)
	// streamBytes and firstReadBytes are the streamed text in all and in
	// the first read, for the first read's share of the tokens.
	streamBytes, firstReadBytes int

	// GatewayFallback is the gateway's word that it served from another
	// target after a failed attempt; empty when it did not fall back.
	GatewayFallback string
	// FirstRead counts the deltas that arrived in the same read as the
	// first token: many mean the gateway held or batched them.
	FirstRead int
}

// NewResult starts an empty result for a route.
func NewResult(r Route) *Result { return &Result{Route: r} }

// Apply folds one event into the result.
func (r *Result) Apply(ev Event) {
	switch ev.Kind {
	case EventStarted:
		r.started = true
	case EventPhase:
		at := ev.At
		switch ev.Phase {
		case PhaseDNS:
			r.Timing.DNS = &at
		case PhaseConnect:
			r.Timing.Connect = &at
		case PhaseTLS:
			r.Timing.TLS = &at
		case PhaseFirstByte:
			r.Timing.FirstByte = &at
		}
	case EventHeaders:
		at := ev.At
		r.Timing.Headers = &at
		r.Status = ev.Status
	case EventKeepAlive:
		r.KeepAlives++
	case EventReasoning:
		r.delta(ev, false)
		r.Reasoning.WriteString(ev.Text)
	case EventText:
		r.delta(ev, true)
		r.Text.WriteString(ev.Text)
	case EventServed:
		if ev.Served != nil {
			if ev.Served.Model != "" {
				r.ServedModel = ev.Served.Model
			}
			if ev.Served.Provider != "" {
				r.ServedBy = ev.Served.Provider
			}
			if ev.Served.GenerationID != "" {
				r.GenerationID = ev.Served.GenerationID
			}
			if ev.Served.Fallback != "" {
				r.GatewayFallback = ev.Served.Fallback
			}
		}
	case EventUsage:
		if ev.Usage != nil {
			u := *ev.Usage
			r.reported = &u
		}
	case EventDone:
		r.Finish = ev.Finish
		r.finish(ev.At)
	case EventError:
		r.Err = ev.Err
		r.finish(ev.At)
	case EventFallback:
		r.fallBack(ev)
	case EventToolCall:
		r.applyToolCall(ev)
	}
}

func (r *Result) delta(ev Event, answer bool) {
	if !ev.Content() {
		return
	}
	at := r.token(ev.At)
	r.streamBytes += len(ev.Text)
	if *at == *r.Timing.FirstToken {
		r.FirstRead++
		r.firstReadBytes += len(ev.Text)
	}
	if answer && r.Timing.FirstText == nil {
		r.Timing.FirstText = at
	}
}

// token counts a piece of the answer that arrived at at and moves the
// first and last token times. The returned stamp is the one they point
// to, so a caller stamps more without another allocation per delta.
func (r *Result) token(at time.Duration) *time.Duration {
	p := &at
	r.Deltas++
	if r.Timing.FirstToken == nil {
		r.Timing.FirstToken = p
	}
	r.Timing.LastToken = p
	return p
}

func (r *Result) finish(at time.Duration) {
	r.done = true
	r.endAttempt(at)
}

// endAttempt closes the current attempt and keeps its measurements.
func (r *Result) endAttempt(at time.Duration) {
	if r.started {
		r.Timing.Total = &at
	}
	a := r.AttemptRoute()
	r.Attempts = append(r.Attempts, Attempt{Route: a.Name, Provider: a.Kind, Model: a.Model, Err: r.Err,
		Status: r.Status, Timing: r.Timing, ServedModel: r.ServedModel, ServedBy: r.ServedBy})
}

// AttemptRoute is the route of the current (after the run: the last)
// attempt. It differs from Route once a client-side fallback started.
func (r *Result) AttemptRoute() Route {
	if r.attempt != nil {
		return *r.attempt
	}
	return r.Route
}

// Done reports whether the run has ended (done or error).
func (r *Result) Done() bool { return r.done }

// Elapsed is the run's time so far: the total once done, else now minus start.
func (r *Result) Elapsed(sinceStart time.Duration) time.Duration {
	if r.Timing.Total != nil {
		return *r.Timing.Total
	}
	return sinceStart
}

// Tokens returns the token counts: the provider's report when there is one,
// else an estimate from the streamed text, labelled as such.
func (r *Result) Tokens() TokenCounts {
	if r.stored != nil {
		return r.stored.tokens
	}
	if u := r.reported; u != nil {
		return TokenCounts{Input: u.InputTokens, Output: u.OutputTokens,
			Reasoning: u.ReasoningTokens, Cached: u.CachedTokens, CacheWrite: u.CacheWriteTokens, Source: UsageFromProvider}
	}
	reasoning := EstimateTokens(r.Reasoning.String())
	return TokenCounts{Output: EstimateTokens(r.Text.String()) + reasoning + (r.toolCallBytes()+3)/4,
		Reasoning: reasoning, Source: UsageEstimated}
}

// TokensPerSecond is output tokens over the streaming phase (first to last
// token), leaving out tokens that did not arrive within it (see Notes). It
// is absent with fewer than two deltas.
func (r *Result) TokensPerSecond() (float64, bool) {
	if r.stored != nil {
		if r.stored.tps == nil {
			return 0, false
		}
		return *r.stored.tps, true
	}
	t := r.Timing
	if r.Deltas < 2 || t.FirstToken == nil || t.LastToken == nil {
		return 0, false
	}
	span := *t.LastToken - *t.FirstToken
	if span <= 0 {
		return 0, false
	}
	return r.streamedTokens() / span.Seconds(), true
}

// streamedTokens are the output tokens that arrived within the span
// tokens/s divides by: without hidden reasoning (counted, never streamed)
// and without the first read's share, which arrived as the span began
// (made before it). The share is the first read's part of the streamed
// text, the closest measure of its tokens short of a tokenizer. Leaving it
// out always, not only when the first read looks held, keeps a gateway
// that holds two or three deltas from reading faster than the same stream
// direct, and a two-delta answer from reading twice its speed.
func (r *Result) streamedTokens() float64 {
	t := r.Tokens()
	out := float64(t.Output - r.hiddenReasoning(t))
	if r.streamBytes > r.firstReadBytes && r.firstReadBytes > 0 {
		out *= float64(r.streamBytes-r.firstReadBytes) / float64(r.streamBytes)
	}
	return out
}

// ProviderCost is the provider's own cost report, if any.
func (r *Result) ProviderCost() (float64, bool) {
	if s := r.stored; s != nil {
		if s.cost == nil || s.costSrc != CostFromProvider {
			return 0, false
		}
		return *s.cost, true
	}
	if r.reported != nil && r.reported.CostUSD != nil {
		return *r.reported.CostUSD, true
	}
	return 0, false
}

// EstimateTokens approximates a token count from text (about four bytes a
// token for English). Use only where the provider reported nothing.
func EstimateTokens(s string) int {
	if s == "" {
		return 0
	}
	return (len(s) + 3) / 4
}

// fallBack closes the failed attempt and resets the per-attempt figures
// for the next one; the earlier attempts stay in Attempts.
func (r *Result) fallBack(ev Event) {
	r.Err = ev.Err
	r.endAttempt(ev.At)
	next := r.AttemptRoute()
	if ev.Next != nil {
		next = *ev.Next
	}
	*r = Result{Route: r.Route, Attempts: r.Attempts, attempt: &next}
}
