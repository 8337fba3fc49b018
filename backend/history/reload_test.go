package history

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/tooldef"
)

// reloadRoute is the route every generated run ran on; priced, so runs
// without a provider's bill still have a cost.
var reloadRoute = backend.Route{Name: "or-mini", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini",
	Price: &backend.Price{Input: 0.15, Output: 0.6}}

// A finished run survives Report → JSON → history → ResultFromReport →
// Report unchanged, and the reloaded result shows the same figures, over
// many generated runs that together set every field of the report.
func TestReloadIsLossless(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 3))
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	session := rec.StartSession(SourceTUI, "reload", day)
	const n = 300
	results := make([]*backend.Result, n)
	for i := range results {
		results[i] = generatedResult(rng)
		rep := jsonRoundTrip(t, results[i].Report())
		turn := rec.AddTurn(session, fmt.Sprintf("prompt %d", i), "", day)
		rec.AddRun(Run{SessionID: session, TurnID: turn, Source: SourceTUI, StartedAt: day, Report: rep})
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := db.Session(context.Background(), session)
	if err != nil || len(s.Turns) != n {
		t.Fatalf("session: %d turns, err %v", len(s.Turns), err)
	}
	seen := map[string]bool{}
	for i, tr := range s.Turns {
		want := results[i].Report()
		markSet(reflect.ValueOf(want), "", seen)
		got := backend.ResultFromReport(reloadRoute, tr.Runs[0].Report)
		if a, b := mustJSON(t, want), mustJSON(t, got.Report()); a != b {
			t.Fatalf("run %d changed on reload:\nwant %s\ngot  %s", i, a, b)
		}
		sameFigures(t, i, results[i], got)
	}
	for path, set := range seen {
		if !set {
			t.Errorf("no generated run sets %s: the test does not cover it", path)
		}
	}
}

// sameFigures checks what the panes read besides the report.
func sameFigures(t *testing.T, i int, want, got *backend.Result) {
	t.Helper()
	if !reflect.DeepEqual(want.Timing, got.Timing) || want.Tokens() != got.Tokens() ||
		want.KeepAlives != got.KeepAlives || want.Deltas != got.Deltas || want.Status != got.Status ||
		want.AttemptRoute().Name != got.AttemptRoute().Name || !reflect.DeepEqual(want.Attempts, got.Attempts) ||
		want.Text.String() != got.Text.String() || !got.Done() ||
		verdicts(want) != verdicts(got) {
		t.Fatalf("run %d: figures differ after reload:\nwant %+v\ngot  %+v", i, want, got)
	}
	wt, wok := want.TokensPerSecond()
	gt, gok := got.TokensPerSecond()
	if wok != gok || backend.Round(wt, 1) != gt {
		t.Fatalf("run %d: tokens/s %v %v, reloaded %v %v", i, wt, wok, gt, gok)
	}
}

// verdicts is what the tool-call block and the header show of a run.
func verdicts(r *backend.Result) string {
	out := ""
	for _, c := range r.CheckedCalls() {
		out += fmt.Sprintf("%s|%s|%s|%v|%v|%q|%s\n", c.ID, c.Name, c.Arguments, c.Server, c.Checked, c.Errors, c.Signature)
	}
	valid, errs := r.SchemaCheck()
	if valid != nil {
		out += fmt.Sprintf("schema %v %q", *valid, errs)
	}
	return out
}

// generatedResult folds a random but well-formed stream into a result:
// phases, keep-alives, reasoning and answer pieces, usage with or without
// the provider's cost, a client-side fallback, a finish or an error.
func generatedResult(rng *rand.Rand) *backend.Result {
	rt := reloadRoute
	rt.Simulated = rng.IntN(2) == 0
	if rng.IntN(2) == 0 {
		rt.Tools = reloadTools
	}
	if rng.IntN(3) == 0 {
		rt.Schema = reloadSchema
	}
	res := backend.NewResult(rt)
	at := time.Duration(0)
	step := func() time.Duration { at += time.Duration(1+rng.IntN(90_000)) * time.Microsecond; return at }
	if rng.IntN(4) == 0 {
		attempt(res, rng, step)
		next := backend.Route{Name: "direct-mini", Kind: backend.KindOpenAI, Model: "gpt-4o-mini"}
		res.Apply(backend.Event{Kind: backend.EventFallback, At: step(), Next: &next,
			Err: &backend.RouteError{Kind: backend.ErrUpstream, Status: 502, Message: "bad gateway"}})
		at = 0
	}
	attempt(res, rng, step)
	if rng.IntN(5) == 0 {
		retry := float64(rng.IntN(30))
		res.Apply(backend.Event{Kind: backend.EventError, At: step(),
			Err: &backend.RouteError{Kind: backend.ErrRateLimited, Status: 429, Message: "slow down", RetryAfter: &retry}})
	} else {
		res.Apply(backend.Event{Kind: backend.EventDone, At: step(), Finish: []string{"stop", "length", ""}[rng.IntN(3)]})
	}
	return res
}

// attempt streams one try, up to (not including) its end.
func attempt(res *backend.Result, rng *rand.Rand, step func() time.Duration) {
	res.Apply(backend.Event{Kind: backend.EventStarted})
	for _, ph := range []backend.Phase{backend.PhaseDNS, backend.PhaseConnect, backend.PhaseTLS, backend.PhaseFirstByte} {
		if rng.IntN(3) != 0 {
			res.Apply(backend.Event{Kind: backend.EventPhase, Phase: ph, At: step()})
		}
	}
	res.Apply(backend.Event{Kind: backend.EventHeaders, Status: 200, At: step()})
	for range rng.IntN(3) {
		res.Apply(backend.Event{Kind: backend.EventKeepAlive, At: step()})
	}
	if rng.IntN(2) == 0 {
		res.Apply(backend.Event{Kind: backend.EventServed, Served: &backend.Served{Model: "openai/gpt-4o-mini-2024",
			Provider: "Acme", GenerationID: fmt.Sprintf("gen-%d", rng.IntN(1e6))}})
	}
	if rng.IntN(3) == 0 { // a gateway that fell back and held its first chunk
		res.Apply(backend.Event{Kind: backend.EventServed, Served: &backend.Served{Fallback: "config.targets[1]"}})
		held := step()
		for range 5 {
			res.Apply(backend.Event{Kind: backend.EventText, At: held, Text: "held "})
		}
	}
	for range rng.IntN(4) {
		res.Apply(backend.Event{Kind: backend.EventReasoning, At: step(), Text: "thinking "})
	}
	for range rng.IntN(6) {
		res.Apply(backend.Event{Kind: backend.EventText, At: step(), Text: []string{"word ", `{"n": 1}`}[rng.IntN(2)]})
	}
	for i := range rng.IntN(3) {
		d := reloadCalls[rng.IntN(len(reloadCalls))]
		d.Index = i
		if rng.IntN(2) == 0 {
			d.ID = fmt.Sprintf("call_%d", rng.IntN(1e6))
		}
		res.Apply(backend.Event{Kind: backend.EventToolCall, At: step(), Tool: &d})
	}
	if rng.IntN(3) != 0 {
		u := &backend.Usage{InputTokens: 1 + rng.IntN(500), OutputTokens: 1 + rng.IntN(900),
			ReasoningTokens: rng.IntN(50), CachedTokens: rng.IntN(100), CacheWriteTokens: rng.IntN(100)}
		if rng.IntN(2) == 0 {
			cost := float64(rng.IntN(1e6)) / 1e9
			u.CostUSD = &cost
		}
		res.Apply(backend.Event{Kind: backend.EventUsage, Usage: u})
	}
}

// reloadTools and reloadSchema are what generated routes declare; the
// route runs are reloaded on declares neither, so the verdicts must come
// from the report.
var (
	reloadTools  = mustTools(`[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]`)
	reloadSchema = mustSchema(`{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}`)
	// reloadCalls are a valid call (one with a Gemini signature), a wrong one, an unknown tool, a call
	// with no arguments and one the provider ran.
	reloadCalls = []backend.ToolDelta{
		{Name: "get_weather", Arguments: `{"city": "Paris"}`},
		{Name: "get_weather", Arguments: `{"city": "Rome"}`, Signature: "c2lnbmF0dXJl"},
		{Name: "get_weather", Arguments: `{"city": 3}`},
		{Name: "launch", Arguments: `{"x":`},
		{Name: "get_weather"},
		{Name: "web_search", Arguments: `{"query":"q"}`, Server: true},
	}
)

func mustTools(doc string) []tooldef.Tool {
	tools, err := tooldef.ParseToolsJSON([]byte(doc))
	if err != nil {
		panic(err)
	}
	return tools
}

func mustSchema(doc string) *tooldef.OutputSchema {
	s, err := tooldef.NewOutputSchema("answer", []byte(doc))
	if err != nil {
		panic(err)
	}
	return s
}

func jsonRoundTrip(t *testing.T, rep backend.RouteReport) backend.RouteReport {
	t.Helper()
	var out backend.RouteReport
	if err := json.Unmarshal([]byte(mustJSON(t, rep)), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// markSet records, for every field path of v, whether some value set it.
func markSet(v reflect.Value, path string, seen map[string]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			seen[path] = true
			markSet(v.Elem(), path, seen)
			return
		}
	case reflect.Struct:
		for i := range v.NumField() {
			markSet(v.Field(i), path+"."+v.Type().Field(i).Name, seen)
		}
		return
	case reflect.Slice:
		for i := range v.Len() {
			markSet(v.Index(i), path+"[]", seen)
		}
	}
	seen[path] = seen[path] || !v.IsZero()
}

// A run a v5 build wrote, before the last token, pieces and keep-alives
// were kept, still loads and shows its first text, tokens/s and cost.
func TestReloadOfARunWrittenByV5(t *testing.T) {
	old, path := builtBy(t, 5)
	if _, err := old.sql.Exec(`INSERT INTO runs(source, started_at, route, kind, model, text, first_token_ms,
		first_text_ms, total_ms, output_tokens, usage_source, tokens_per_s, cost_usd, cost_source)
		VALUES ('tui', ?, 'or-mini', 'openrouter', 'openai/gpt-4o-mini', 'old answer', 310.5, 512.25, 900,
		40, 'provider', 77.7, 0.00042, 'catalog')`, day.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	old.Close()
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Runs(context.Background(), Filter{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("runs %+v, err %v", rows, err)
	}
	rep := rows[0].Report
	if rep.TimingMs.LastToken != nil || rep.Deltas != 0 || rep.KeepAlives != 0 || rep.GenerationID != nil {
		t.Fatalf("fields a v5 build never wrote: %+v", rep)
	}
	res := backend.ResultFromReport(reloadRoute, rep)
	tps, ok := res.TokensPerSecond()
	usd, src, costOK := backend.RouteCost(res)
	if ft := res.Timing.FirstText; ft == nil || *ft != 512250*time.Microsecond || !ok || tps != 77.7 ||
		!costOK || usd != 0.00042 || src != backend.CostFromCatalog || res.Tokens().Output != 40 {
		t.Fatalf("reloaded v5 run: first text %v, tokens/s %v %v, cost %v %v %v", ft, tps, ok, usd, src, costOK)
	}
}
