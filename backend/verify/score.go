package verify

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/stats"
	"github.com/routeplay/routeplay/backend/suite"
)

// Report is the `verify --json` document.
type Report struct {
	Suite    string  `json:"suite"`
	Baseline string  `json:"baseline"`
	Cases    int     `json:"cases"`
	Runs     int     `json:"runs"`
	Routes   []Route `json:"routes"`
}

// Route holds one route's figures. Shares are fractions (0..1); nil (JSON
// null) means the suite gave the figure no data.
type Route struct {
	Route     string   `json:"route"`
	Simulated bool     `json:"simulated"`
	Baseline  bool     `json:"baseline"`
	Cases     int      `json:"cases"`   // cases run
	Samples   int      `json:"samples"` // cases × runs
	ToolCall  ToolCall `json:"tool_call"`
	// StructuredAccuracy is the share of structured-output answers that
	// follow their schema.
	StructuredAccuracy *float64 `json:"structured_accuracy"`
	ExactAccuracy      *float64 `json:"exact_accuracy"`
	// Agreement is the share of samples, both runs ok, where the route did
	// what the baseline did: the same calls, the same JSON, the same answer.
	Agreement    *float64 `json:"agreement"`
	SuccessRate  *float64 `json:"success_rate"`
	FirstTokenMs P50      `json:"first_token_ms"`
	// TokensPerSecond covers answers without tool calls.
	TokensPerSecond P50 `json:"tokens_per_second"`
	// Differences name the cases where the route did not do what the
	// baseline did, or broke a schema (at most maxDifferences).
	Differences []Difference `json:"differences"`
}

// ToolCall holds the trigger figures against the baseline (a sample is
// positive when the route ended with a tool call) and the schema accuracy.
type ToolCall struct {
	Precision      *float64 `json:"precision"`
	Recall         *float64 `json:"recall"`
	F1             *float64 `json:"f1"`
	SchemaAccuracy *float64 `json:"schema_accuracy"`
	TruePositives  int      `json:"true_positives"`
	FalsePositives int      `json:"false_positives"`
	FalseNegatives int      `json:"false_negatives"`
	Calls          int      `json:"calls"`
	ValidCalls     int      `json:"valid_calls"`
}

// P50 is a median; nil when there is no sample.
type P50 struct {
	P50 *float64 `json:"p50"`
}

// Difference is one case where a route went wrong or away from the baseline.
type Difference struct {
	Case string `json:"case"`
	Run  int    `json:"run"`
	What string `json:"what"`
}

const maxDifferences = 20

// Score turns samples into the report; baseline indexes routes.
func Score(s *suite.Suite, routes []backend.Route, baseline int, runs int, samples []Sample) Report {
	rep := Report{Suite: s.Name, Baseline: routes[baseline].Name, Cases: len(s.Cases), Runs: max(1, runs)}
	for i, rt := range routes {
		rep.Routes = append(rep.Routes, scoreRoute(s, rt, i, baseline, samples))
	}
	return rep
}

// tally counts one route's outcomes.
type tally struct {
	samples, ok              int
	tp, fp, fn               int
	calls, valid             int
	structured, structuredOK int
	exact, exactOK           int
	compared, agreed         int
	firstToken, tps          []float64
	cases                    map[int]bool
	diffs                    []Difference
}

func scoreRoute(s *suite.Suite, rt backend.Route, i, baseline int, samples []Sample) Route {
	t := tally{cases: map[int]bool{}}
	for _, sm := range samples {
		c := s.Cases[sm.Case]
		r, base := sm.Results[i], sm.Results[baseline]
		t.samples++
		t.cases[sm.Case] = true
		if r.Err != nil {
			t.diff(c, sm.Run, "failed: "+r.Err.Error())
			continue
		}
		t.ok++
		t.measure(r)
		calls := r.ModelCalls()
		t.judge(c, sm.Run, r, calls)
		if base.Err == nil {
			t.compare(c, sm.Run, r, calls, base, base.ModelCalls())
		}
	}
	return t.route(rt, i == baseline)
}

func (t *tally) measure(r *backend.Result) {
	if ft := r.Timing.FirstToken; ft != nil {
		t.firstToken = append(t.firstToken, figure.MsOf(*ft))
	}
	// A call often arrives in one or two pieces at once: its rate says
	// nothing about the route, so only text answers count.
	if v, ok := r.TokensPerSecond(); ok && len(r.ToolCalls) == 0 {
		t.tps = append(t.tps, v)
	}
}

// judge scores a successful answer on its own: schema and exact answer.
// calls are its ModelCalls.
func (t *tally) judge(c suite.Case, run int, r *backend.Result, calls []backend.CheckedCall) {
	if c.IsTool() {
		for _, cc := range calls {
			if !cc.Checked {
				continue
			}
			t.calls++
			if len(cc.Errors) == 0 {
				t.valid++
			} else {
				t.diff(c, run, "call "+cc.Name+": "+strings.Join(cc.Errors, "; "))
			}
		}
	}
	if c.IsStructured() && len(calls) == 0 {
		t.structured++
		if valid, errs := r.SchemaCheck(); valid != nil && *valid {
			t.structuredOK++
		} else {
			t.diff(c, run, "answer breaks the schema: "+strings.Join(errs, "; "))
		}
	}
	if c.IsExact() {
		t.exact++
		if len(calls) == 0 && SameAnswer(r.Text.String(), c.Answer) {
			t.exactOK++
		}
	}
}

// compare scores the route against the baseline's answer to the same
// sample, each with its ModelCalls.
func (t *tally) compare(c suite.Case, run int, r *backend.Result, calls []backend.CheckedCall, base *backend.Result, baseCalls []backend.CheckedCall) {
	if c.IsTool() {
		mine, theirs := len(calls) > 0, len(baseCalls) > 0
		switch {
		case mine && theirs:
			t.tp++
		case mine:
			t.fp++
			t.diff(c, run, "called a tool; the baseline did not")
		case theirs:
			t.fn++
			t.diff(c, run, "no tool call; the baseline called one")
		}
	}
	t.compared++
	if outcome(c, r, calls) == outcome(c, base, baseCalls) {
		t.agreed++
	}
}

func (t *tally) diff(c suite.Case, run int, what string) {
	if len(t.diffs) < maxDifferences {
		t.diffs = append(t.diffs, Difference{Case: safetext.Sanitize(c.ID), Run: run + 1, What: safetext.Sanitize(what)})
	}
}

func (t *tally) route(rt backend.Route, isBase bool) Route {
	out := Route{Route: rt.Name, Simulated: rt.Simulated, Baseline: isBase, Cases: len(t.cases), Samples: t.samples,
		ToolCall: ToolCall{Precision: share(t.tp, t.tp+t.fp), Recall: share(t.tp, t.tp+t.fn),
			SchemaAccuracy: share(t.valid, t.calls), TruePositives: t.tp, FalsePositives: t.fp,
			FalseNegatives: t.fn, Calls: t.calls, ValidCalls: t.valid},
		StructuredAccuracy: share(t.structuredOK, t.structured), ExactAccuracy: share(t.exactOK, t.exact),
		Agreement: share(t.agreed, t.compared), SuccessRate: share(t.ok, t.samples),
		FirstTokenMs: median(t.firstToken), TokensPerSecond: median(t.tps), Differences: t.diffs}
	if p, r := out.ToolCall.Precision, out.ToolCall.Recall; p != nil && r != nil {
		f1 := 0.0
		if *p+*r > 0 {
			f1 = 2 * *p * *r / (*p + *r)
		}
		out.ToolCall.F1 = &f1
	}
	if out.Differences == nil {
		out.Differences = []Difference{}
	}
	return out
}

func share(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	v := float64(n) / float64(of)
	return &v
}

func median(xs []float64) P50 {
	v, ok := stats.Percentile(xs, 50)
	if !ok {
		return P50{}
	}
	return P50{P50: &v}
}

// outcome is what a route did with a case, in a form two routes can be
// compared by: the tools it called, else its JSON, its short answer, or
// that it made no call. calls are r's ModelCalls.
func outcome(c suite.Case, r *backend.Result, calls []backend.CheckedCall) string {
	if len(calls) > 0 {
		names := make([]string, len(calls))
		for i, cc := range calls {
			names[i] = cc.Name
		}
		slices.Sort(names)
		return "call " + strings.Join(names, ",")
	}
	if c.IsStructured() {
		return "json " + canonicalJSON(r.StructuredAnswer())
	}
	if c.IsExact() {
		return "text " + normalize(r.Text.String())
	}
	// A tool case with no one right answer: not calling is the outcome,
	// whatever words came instead.
	return "no call"
}

// canonicalJSON rewrites JSON with sorted keys and no spacing, so two
// answers that say the same compare equal; other text is kept as it is.
func canonicalJSON(text string) string {
	var v any
	if json.Unmarshal([]byte(text), &v) != nil {
		return strings.TrimSpace(text)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return strings.TrimSpace(text)
	}
	return strings.TrimSpace(buf.String())
}

// SameAnswer compares a short answer with the expected one, forgiving
// what does not change it: case, surrounding space, quotes, Markdown
// emphasis and a final full stop.
func SameAnswer(got, want string) bool {
	return normalize(got) == normalize(want)
}

func normalize(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimFunc(s, func(r rune) bool {
		return r == '.' || r == '*' || r == '_' || r == '`' || r == '"' || r == '\'' || unicode.IsSpace(r)
	})
}
