package backend

import (
	"math"
	"time"
)

// stored holds the figures of a run read back from its report. They are
// kept as they were measured rather than recomputed: the route's price or
// the token estimate may have changed since, and an older report may lack
// what recomputing needs.
type stored struct {
	tokens  TokenCounts
	tps     *float64
	cost    *float64
	costSrc CostSource
	// The verdicts as they were given: the route's tools and schema may
	// have changed since.
	calls        []CheckedCall
	schemaValid  *bool
	schemaErrors []string
}

// ResultFromReport is the inverse of Result.Report: a finished run rebuilt
// from its report, showing every figure it showed before. rt is the route
// as configured now; the report's own name, provider, model and simulated
// flag win, because they say what ran.
func ResultFromReport(rt Route, rep RouteReport) *Result {
	rt.Name, rt.Kind, rt.Model, rt.Simulated = rep.Route, Kind(rep.Provider), rep.Model, rep.Simulated
	r := &Result{Route: rt, ServedModel: deref(rep.ServedModel), ServedBy: deref(rep.ServedBy),
		GenerationID: deref(rep.GenerationID), Finish: deref(rep.FinishReason), Err: routeError(rep.Error),
		Timing: timingOf(rep.TimingMs), KeepAlives: rep.KeepAlives, Deltas: rep.Deltas,
		FirstRead: rep.FirstRead, GatewayFallback: deref(rep.GatewayFallback),
		started: rep.TimingMs.Total != nil, done: true}
	r.Text.WriteString(rep.Text)
	r.Reasoning.WriteString(rep.Reasoning)
	for _, a := range rep.Attempts {
		r.Attempts = append(r.Attempts, attemptOf(a, rep))
	}
	if n := len(r.Attempts); n > 0 {
		last := r.Attempts[n-1]
		r.Status = last.Status
		if last.Route != "" && last.Route != rt.Name {
			r.attempt = &Route{Name: last.Route, Kind: last.Provider, Model: last.Model}
		}
	}
	s := &stored{tokens: TokenCounts{Input: rep.Usage.InputTokens, Output: rep.Usage.OutputTokens,
		Reasoning: rep.Usage.ReasoningTokens, Cached: rep.Usage.CachedTokens,
		CacheWrite: rep.Usage.CacheWriteTokens, Source: UsageSource(rep.Usage.Source)},
		tps: rep.TokensPerS, cost: rep.CostUSD}
	if rep.CostSource != nil {
		s.costSrc = CostSource(*rep.CostSource)
	}
	s.calls = callsOf(rep.ToolCalls)
	for _, c := range s.calls {
		r.ToolCalls = append(r.ToolCalls, c.ToolCall)
	}
	if rep.SchemaValid != nil {
		v := *rep.SchemaValid
		s.schemaValid, s.schemaErrors = &v, append([]string{}, rep.SchemaErrors...)
	}
	r.stored = s
	return r
}

// callsOf rebuilds the calls of a report with their verdicts.
func callsOf(reps []ToolCallReport) []CheckedCall {
	var out []CheckedCall
	for _, c := range reps {
		cc := CheckedCall{ToolCall: ToolCall{ID: deref(c.ID), Name: c.Name, Arguments: c.ArgumentsText, Server: c.Server,
			Signature: opaqueToken(c.Signature)}}
		if c.Valid != nil {
			cc.Checked, cc.Errors = true, append([]string{}, c.SchemaErrors...)
		}
		out = append(out, cc)
	}
	return out
}

func attemptOf(a AttemptReport, rep RouteReport) Attempt {
	out := Attempt{Route: a.Route, Provider: Kind(a.Provider), Model: a.Model, Err: routeError(a.Error),
		Timing: timingOf(a.TimingMs), ServedModel: deref(a.ServedModel), ServedBy: deref(a.ServedBy)}
	if a.Status != nil {
		out.Status = *a.Status
	}
	if out.Route == "" { // written before attempts named their route
		out.Route, out.Provider = rep.Route, Kind(rep.Provider)
	}
	return out
}

func routeError(e *ErrorReport) *RouteError {
	if e == nil {
		return nil
	}
	re := &RouteError{Kind: ErrorKind(e.Kind), Message: e.Message, RetryAfter: e.RetryAfterS}
	if e.Status != nil {
		re.Status = *e.Status
	}
	return re
}

func timingOf(t TimingReport) Timing {
	return Timing{DNS: duration(t.DNS), Connect: duration(t.Connect), TLS: duration(t.TLS),
		FirstByte: duration(t.FirstByte), Headers: duration(t.Headers), FirstToken: duration(t.FirstToken),
		FirstText: duration(t.FirstText), LastToken: duration(t.LastToken), Total: duration(t.Total)}
}

// duration inverts Millis: microsecond milliseconds back to a duration.
func duration(ms *float64) *time.Duration {
	if ms == nil {
		return nil
	}
	d := time.Duration(math.Round(*ms * float64(time.Millisecond)))
	return &d
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
