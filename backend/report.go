package backend

import (
	"math"
	"time"
)

// RouteReport is one route's run in the shape `ask --json` prints. Every
// string in it is sanitised; no key is ever in it.
type RouteReport struct {
	Route        string          `json:"route"`
	Provider     string          `json:"provider"`
	Model        string          `json:"model"`
	ServedModel  *string         `json:"served_model"`
	ServedBy     *string         `json:"served_by"`
	Simulated    bool            `json:"simulated"`
	Text         string          `json:"text"`
	Reasoning    string          `json:"reasoning"`
	FinishReason *string         `json:"finish_reason"`
	Error        *ErrorReport    `json:"error"`
	TimingMs     TimingReport    `json:"timing_ms"`
	Usage        UsageReport     `json:"usage"`
	TokensPerS   *float64        `json:"tokens_per_s"`
	CostUSD      *float64        `json:"cost_usd"`
	CostSource   *string         `json:"cost_source"`
	Attempts     []AttemptReport `json:"attempts"`

	// What the figures above are computed from, so a stored run can be
	// shown again as it was: the stream's answer pieces and keep-alive
	// comments, and the id OpenRouter's generation stats are looked up by.
	Deltas       int     `json:"deltas"`
	KeepAlives   int     `json:"keep_alives"`
	GenerationID *string `json:"generation_id"`
	// FirstRead counts the deltas of the first read; GatewayFallback is
	// what a gateway reported of its own fallback. Notes say in words what
	// they (and hidden reasoning) mean for the figures.
	FirstRead       int      `json:"first_read_deltas"`
	GatewayFallback *string  `json:"gateway_fallback"`
	Notes           []string `json:"notes"`

	// The calls the model made, each with its verdict, and whether the
	// answer follows the output schema: null when none was asked or the
	// run failed.
	ToolCalls    []ToolCallReport `json:"tool_calls"`
	SchemaValid  *bool            `json:"schema_valid"`
	SchemaErrors []string         `json:"schema_errors"`
}

// ErrorReport is a route error in JSON.
type ErrorReport struct {
	Kind        string   `json:"kind"`
	Status      *int     `json:"status"`
	Message     string   `json:"message"`
	RetryAfterS *float64 `json:"retry_after_s"`
}

// TimingReport holds float milliseconds from request start; null where a phase did not happen.
type TimingReport struct {
	DNS        *float64 `json:"dns"`
	Connect    *float64 `json:"connect"`
	TLS        *float64 `json:"tls"`
	FirstByte  *float64 `json:"first_byte"`
	Headers    *float64 `json:"headers"`
	FirstToken *float64 `json:"first_token"`
	FirstText  *float64 `json:"first_text"`
	LastToken  *float64 `json:"last_token"`
	Total      *float64 `json:"total"`
}

// UsageReport holds token counts and their source ("provider" or "estimate").
type UsageReport struct {
	InputTokens      int    `json:"input_tokens"`
	OutputTokens     int    `json:"output_tokens"`
	ReasoningTokens  int    `json:"reasoning_tokens"`
	CachedTokens     int    `json:"cached_tokens"` // read from the provider's prompt cache
	CacheWriteTokens int    `json:"cache_write_tokens"`
	Source           string `json:"source"`
}

// AttemptReport is one try of a run, measured from its own start.
type AttemptReport struct {
	Route       string       `json:"route,omitempty"`
	Provider    string       `json:"provider,omitempty"`
	Model       string       `json:"model"`
	ServedModel *string      `json:"served_model"`
	ServedBy    *string      `json:"served_by"`
	Status      *int         `json:"status"`
	Error       *ErrorReport `json:"error"`
	TimingMs    TimingReport `json:"timing_ms"`
}

// Report converts a finished result into its JSON shape.
func (r *Result) Report() RouteReport {
	t := r.Tokens()
	rep := RouteReport{
		Route: r.Route.Name, Provider: string(r.Route.Kind), Model: r.Route.Model,
		ServedModel: nonEmpty(r.ServedModel), ServedBy: nonEmpty(r.ServedBy),
		Simulated: r.Route.Simulated, Text: r.Text.String(), Reasoning: r.Reasoning.String(),
		FinishReason: nonEmpty(r.Finish), Error: errorReport(r.Err),
		TimingMs: timingReport(r.Timing), Deltas: r.Deltas, KeepAlives: r.KeepAlives,
		GenerationID: nonEmpty(r.GenerationID),
		FirstRead:    r.FirstRead, GatewayFallback: nonEmpty(r.GatewayFallback), Notes: r.Notes(),
		Usage: UsageReport{InputTokens: t.Input, OutputTokens: t.Output, ReasoningTokens: t.Reasoning,
			CachedTokens: t.Cached, CacheWriteTokens: t.CacheWrite, Source: string(t.Source)},
	}
	if tps, ok := r.TokensPerSecond(); ok {
		v := Round(tps, 1)
		rep.TokensPerS = &v
	}
	if usd, src, ok := RouteCost(r); ok {
		s := string(src)
		rep.CostUSD, rep.CostSource = &usd, &s
	}
	rep.ToolCalls = r.ToolCallReports()
	rep.SchemaValid, rep.SchemaErrors = r.SchemaCheck()
	for _, a := range r.Attempts {
		rep.Attempts = append(rep.Attempts, attemptReport(a))
	}
	if rep.Attempts == nil {
		rep.Attempts = []AttemptReport{}
	}
	if rep.Notes == nil {
		rep.Notes = []string{}
	}
	return rep
}

func attemptReport(a Attempt) AttemptReport {
	ar := AttemptReport{Route: a.Route, Provider: string(a.Provider), Model: a.Model,
		ServedModel: nonEmpty(a.ServedModel), ServedBy: nonEmpty(a.ServedBy),
		Error: errorReport(a.Err), TimingMs: timingReport(a.Timing)}
	if a.Status != 0 {
		s := a.Status
		ar.Status = &s
	}
	return ar
}

func errorReport(e *RouteError) *ErrorReport {
	if e == nil {
		return nil
	}
	er := &ErrorReport{Kind: string(e.Kind), Message: e.Message, RetryAfterS: e.RetryAfter}
	if e.Status != 0 {
		s := e.Status
		er.Status = &s
	}
	return er
}

func timingReport(t Timing) TimingReport {
	return TimingReport{DNS: Millis(t.DNS), Connect: Millis(t.Connect), TLS: Millis(t.TLS), FirstByte: Millis(t.FirstByte),
		Headers: Millis(t.Headers), FirstToken: Millis(t.FirstToken), FirstText: Millis(t.FirstText),
		LastToken: Millis(t.LastToken), Total: Millis(t.Total)}
}

// ms converts an offset to float milliseconds with microsecond precision.
func Millis(d *time.Duration) *float64 {
	if d == nil {
		return nil
	}
	v := Round(float64(*d)/float64(time.Millisecond), 3)
	return &v
}

func Round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
