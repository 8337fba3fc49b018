package bench

import (
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/verdict"
)

// timedRuns are successful runs with the given first-token times (ms); the
// total is 100 ms more.
func timedRuns(rt backend.Route, ms ...float64) []*backend.Result {
	var out []*backend.Result
	for _, v := range ms {
		r := backend.NewResult(rt)
		ft := time.Duration(v * float64(time.Millisecond))
		total := ft + 100*time.Millisecond
		r.Timing.FirstToken, r.Timing.Total = &ft, &total
		out = append(out, r)
	}
	return out
}

func failedRun(rt backend.Route, kind backend.ErrorKind) *backend.Result {
	r := backend.NewResult(rt)
	r.Err = &backend.RouteError{Kind: kind, Message: string(kind)}
	return r
}

func TestNotSentRunsAreNoFailures(t *testing.T) {
	rt := backend.Route{Name: "r"}
	runs := append(timedRuns(rt, 100, 110), failedRun(rt, backend.ErrNoKey), failedRun(rt, backend.ErrNoKey),
		failedRun(rt, backend.ErrCanceled), failedRun(rt, backend.ErrUpstream))
	s := SummarizeRuns(runs)
	if s.SuccessRate != backend.Round(2.0/3, 4) {
		t.Errorf("success rate %v: two of the three runs sent succeeded", s.SuccessRate)
	}
	if s.NotSent["no_key"] != 2 || s.NotSent["canceled"] != 1 || s.Errors["upstream"] != 1 || s.NotSentCount() != 3 {
		t.Errorf("not sent %v, errors %v", s.NotSent, s.Errors)
	}
	if _, listed := s.Errors["no_key"]; listed {
		t.Errorf("a missing key is listed among the route's errors: %v", s.Errors)
	}
	if got := backend.NotSentText(s.NotSent); got != "2 not sent (no key), 1 canceled" {
		t.Errorf("%q", got)
	}
	if s := SummarizeRuns([]*backend.Result{failedRun(rt, backend.ErrNoKey)}); s.SuccessRate != 0 || s.NotSentCount() != 1 {
		t.Errorf("only a run not sent: %+v", s)
	}
}

func TestComparisonsAutomaticAndRequested(t *testing.T) {
	gw := backend.Route{Name: "gw", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini"}
	direct := backend.Route{Name: "direct", Kind: backend.KindOpenAI, Model: "gpt-4o-mini"}
	other := backend.Route{Name: "other", Kind: backend.KindAnthropic, Model: "claude-haiku-4-5"}
	var slow, fast []float64
	for i := range 12 {
		slow, fast = append(slow, 140+float64(i%5)), append(fast, 100+float64(i%5))
	}
	b := &Result{Routes: []Route{{Route: gw, Runs: timedRuns(gw, slow...)},
		{Route: direct, Runs: append(timedRuns(direct, fast...), failedRun(direct, backend.ErrUpstream))},
		{Route: other, Runs: timedRuns(other, 100, 101)}}}
	p, err := PairByNames([]backend.Route{gw, direct, other}, "other, direct")
	if err != nil {
		t.Fatal(err)
	}
	b.Pairs = []RoutePair{p, {A: 0, B: 1}} // the second repeats the automatic pair
	cs := b.Comparisons()
	if len(cs) != 2 {
		t.Fatalf("%d comparisons: %+v", len(cs), cs)
	}
	if c := cs[0]; c.A != 0 || c.B != 1 || c.Basis != BasisSameModel || c.Outcome() != verdict.BFaster ||
		c.FirstTokenMs.DeltaP50 != 40 || c.FirstTokenMs.NB != 12 {
		t.Errorf("automatic: %+v", c)
	}
	if c := cs[1]; c.A != 2 || c.B != 1 || c.Basis != BasisRequested || c.Outcome() != verdict.NotEnough {
		t.Errorf("requested: %+v", c)
	}
	reps := b.ComparisonReports()
	if r := reps[1]; r.FirstTokenMs.CI95 != nil || r.FirstTokenMs.DeltaP50 == nil || r.Verdict != verdict.NotEnough {
		t.Errorf("too few runs: %+v", r)
	}
	if r := reps[0]; r.FirstTokenMs.CI95 == nil || *r.TotalMs.DeltaP50 != 40 {
		t.Errorf("enough runs: %+v", r)
	}
}

func TestPairByNamesErrors(t *testing.T) {
	routes := []backend.Route{{Name: "a"}, {Name: "b"}}
	for spec, want := range map[string]string{"a,c": `no route named "c" in this bench; the routes are a, b`,
		"a": "give two route names", "a,a": "compared with itself", "a,b,c": "give two route names"} {
		if _, err := PairByNames(routes, spec); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v", spec, err)
		}
	}
}

func TestVerdictLines(t *testing.T) {
	gw := backend.Route{Name: "gw", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini"}
	direct := backend.Route{Name: "direct", Kind: backend.KindOpenAI, Model: "gpt-4o-mini"}
	var slow, fast, outliers []float64
	for i := range 12 {
		slow, fast = append(slow, 140+float64(i%5)), append(fast, 100+float64(i%5))
		outliers = append(outliers, 100+float64(i%5))
	}
	outliers[0], outliers[1] = 5000, 6000 // the median stays, the mean does not
	b := &Result{Routes: []Route{{Route: gw, Runs: timedRuns(gw, slow...)}, {Route: direct, Runs: timedRuns(direct, fast...)}}}
	if got := b.VerdictLines()[0]; !strings.HasPrefix(got, "gw vs direct (same model): first token +40ms [+") ||
		!strings.Contains(got, "· total +40ms [+") || !strings.HasSuffix(got, "× faster to first token") || !strings.Contains(got, "· direct 1.") {
		t.Errorf("%q", got)
	}
	b.Routes[1].Runs = timedRuns(direct, outliers...)
	if got := b.VerdictLines()[0]; !strings.HasSuffix(got, "· direct faster to first token") {
		t.Errorf("means against the medians: %q", got)
	}
	// A steady 0.2 ms on 100 ms is a difference, but not one a ratio can
	// show: no "1.00 ± 0.00 × faster".
	var steady, near []float64
	for i := range 12 {
		steady, near = append(steady, 140+float64(i%3)/100), append(near, 140.2+float64(i%3)/100)
	}
	b.Routes[0].Runs, b.Routes[1].Runs = timedRuns(gw, steady...), timedRuns(direct, near...)
	if got := b.VerdictLines()[0]; !strings.HasSuffix(got, "· gw faster to first token") || strings.Contains(got, "1.00") {
		t.Errorf("a tiny difference: %q", got)
	}
	b.Routes[0].Runs, b.Routes[1].Runs = timedRuns(gw, slow...), timedRuns(direct, 100, 101, 102)
	if got := b.VerdictLines()[0]; !strings.HasSuffix(got, "· not enough runs (12 and 3; a verdict needs 10 each: bench --runs 10)") {
		t.Errorf("few runs: %q", got)
	}
}
