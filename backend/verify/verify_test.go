package verify

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/suite"
)

const weatherTool = `[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]`

// testSuite: six tool cases, one structured, three exact.
func testSuite(t *testing.T) *suite.Suite {
	t.Helper()
	var b strings.Builder
	for _, id := range []string{"t1", "t2", "t3", "t4", "t5", "t6"} {
		b.WriteString(`{"id":"` + id + `","prompt":"` + id + `?","tools":` + weatherTool + "}\n")
	}
	b.WriteString(`{"id":"s1","prompt":"s1?","schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}}` + "\n")
	b.WriteString(`{"id":"e1","prompt":"e1?","answer":"Paris"}` + "\n")
	b.WriteString(`{"id":"e2","prompt":"e2?","answer":"4"}` + "\n")
	b.WriteString(`{"id":"e3","prompt":"e3?","answer":"7"}` + "\n")
	s, err := suite.Parse("test", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var (
	validCall   = []demo.ToolCall{{Name: "get_weather", Arguments: `{"city":"Oslo"}`}}
	invalidJSON = []demo.ToolCall{{Name: "get_weather", Arguments: `{"city":"Os`}}
	wrongSchema = []demo.ToolCall{{Name: "get_weather", Arguments: `{"town":"Oslo"}`}}
)

// scripted answers each prompt by model: "base" is right everywhere, "cand"
// makes every kind of mistake once.
func scripted(req demo.Request) demo.Script {
	base := map[string]demo.Script{
		"t1?": {ToolCalls: validCall}, "t2?": {ToolCalls: validCall}, "t3?": {ToolCalls: validCall},
		"t4?": {ToolCalls: validCall}, "t5?": {Text: "No tool needed."}, "t6?": {Text: "No tool needed."},
		"s1?": {Text: `{"n": 3}`}, "e1?": {Text: "Paris"}, "e2?": {Text: "4"}, "e3?": {Text: "7"},
	}
	cand := map[string]demo.Script{
		"t1?": {ToolCalls: validCall}, "t2?": {ToolCalls: invalidJSON}, "t3?": {ToolCalls: wrongSchema},
		"t4?": {Text: "It is sunny."}, "t5?": {ToolCalls: validCall}, "t6?": {Text: "Other words, still no call."},
		"s1?": {Text: `{"n": "three"}`}, "e1?": {Text: "**paris.**"}, "e2?": {Text: "5"},
		"e3?": {Status: 400, ErrorMessage: "bad request"},
	}
	if req.Model == "cand" {
		return cand[req.Prompt]
	}
	return base[req.Prompt]
}

func fakeRoutes() []backend.Route {
	mk := func(name string) backend.Route {
		return backend.Route{Name: name, Kind: backend.KindOpenAI, Wire: backend.WireOpenAI, Model: name,
			BaseURL: "http://fake.invalid/v1", Simulated: true}
	}
	return []backend.Route{mk("base"), mk("cand")}
}

func runFake(t *testing.T, runs int) Report {
	t.Helper()
	eng := engine.NewEngine(engine.EngineOptions{Demo: demo.InProcess(demo.New(scripted)),
		Timeouts: backend.Timeouts{Response: 10e9, Idle: 10e9, Total: 30e9}})
	run := func(ctx context.Context, routes []backend.Route, req backend.Request) []*backend.Result {
		return eng.RunAll(ctx, routes, req, nil)
	}
	s, routes := testSuite(t), fakeRoutes()
	samples := Run(context.Background(), s, routes, Options{Runs: runs, Concurrency: 3}, run)
	return Score(s, routes, 0, runs, samples)
}

func near(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = null, want %v", name, want)
	} else if math.Abs(*got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", name, *got, want)
	}
}

func TestScriptedCallsGiveExactFigures(t *testing.T) {
	rep := runFake(t, 2)
	if rep.Baseline != "base" || rep.Cases != 10 || rep.Runs != 2 || len(rep.Routes) != 2 {
		t.Fatalf("report head = %+v", rep)
	}
	b, c := rep.Routes[0], rep.Routes[1]
	near(t, "base precision", b.ToolCall.Precision, 1)
	near(t, "base recall", b.ToolCall.Recall, 1)
	near(t, "base schema accuracy", b.ToolCall.SchemaAccuracy, 1)
	near(t, "base structured", b.StructuredAccuracy, 1)
	near(t, "base exact", b.ExactAccuracy, 1)
	near(t, "base agreement", b.Agreement, 1)
	near(t, "base success", b.SuccessRate, 1)

	// cand: TP t1 t2 t3, FN t4, FP t5 (per run).
	tc := c.ToolCall
	if tc.TruePositives != 6 || tc.FalsePositives != 2 || tc.FalseNegatives != 2 {
		t.Errorf("cand tp/fp/fn = %d/%d/%d, want 6/2/2", tc.TruePositives, tc.FalsePositives, tc.FalseNegatives)
	}
	near(t, "cand precision", tc.Precision, 0.75)
	near(t, "cand recall", tc.Recall, 0.75)
	near(t, "cand f1", tc.F1, 0.75)
	// Calls t1 t2 t3 t5; valid t1 t5.
	if tc.Calls != 8 || tc.ValidCalls != 4 {
		t.Errorf("cand calls = %d valid %d, want 8 and 4", tc.Calls, tc.ValidCalls)
	}
	near(t, "cand schema accuracy", tc.SchemaAccuracy, 0.5)
	near(t, "cand structured", c.StructuredAccuracy, 0)
	near(t, "cand exact", c.ExactAccuracy, 0.5) // e1 right, e2 wrong, e3 failed
	near(t, "cand agreement", c.Agreement, 5.0/9)
	near(t, "cand success", c.SuccessRate, 0.9)
	if c.Samples != 20 || c.Cases != 10 {
		t.Errorf("cand samples %d cases %d, want 20 and 10", c.Samples, c.Cases)
	}
	if c.FirstTokenMs.P50 == nil {
		t.Error("cand first token p50 is null")
	}
}

func TestJSONShape(t *testing.T) {
	rep := runFake(t, 1)
	raw, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Suite    *string `json:"suite"`
		Baseline *string `json:"baseline"`
		Routes   []map[string]json.RawMessage
	}
	if err := json.Unmarshal(raw, &doc); err != nil || doc.Suite == nil || doc.Baseline == nil {
		t.Fatalf("%s: %v", raw, err)
	}
	for _, k := range []string{"route", "cases", "tool_call", "exact_accuracy", "agreement", "success_rate", "first_token_ms"} {
		if _, ok := doc.Routes[1][k]; !ok {
			t.Errorf("routes[1] lacks %q", k)
		}
	}
	var tc map[string]json.RawMessage
	_ = json.Unmarshal(doc.Routes[1]["tool_call"], &tc)
	for _, k := range []string{"precision", "recall", "f1", "schema_accuracy"} {
		if _, ok := tc[k]; !ok {
			t.Errorf("tool_call lacks %q", k)
		}
	}
}

func TestNoDataIsNull(t *testing.T) {
	s, err := suite.Parse("x", strings.NewReader(`{"id":"e","prompt":"e1?","answer":"Paris"}`))
	if err != nil {
		t.Fatal(err)
	}
	routes := fakeRoutes()[:1]
	rep := Score(s, routes, 0, 1, nil)
	r := rep.Routes[0]
	if r.ToolCall.Precision != nil || r.ToolCall.F1 != nil || r.ExactAccuracy != nil || r.SuccessRate != nil || r.FirstTokenMs.P50 != nil {
		t.Errorf("figures without data are not null: %+v", r)
	}
}

func TestSameAnswer(t *testing.T) {
	for _, tc := range []struct {
		got, want string
		same      bool
	}{
		{"Paris", "Paris", true}, {" **paris.** ", "Paris", true}, {"`FF`", "FF", true},
		{"Jane  Austen", "Jane Austen", true}, {"Paris, France", "Paris", false}, {"12.5", "12", false},
	} {
		if SameAnswer(tc.got, tc.want) != tc.same {
			t.Errorf("SameAnswer(%q, %q) = %v", tc.got, tc.want, !tc.same)
		}
	}
}

// TestCallsLeaveTokensPerSecondOut: an answer that is only a call, its
// pieces sent at once, gives no rate.
func TestCallsLeaveTokensPerSecondOut(t *testing.T) {
	s, err := suite.Parse("x", strings.NewReader(`{"id":"t1","prompt":"t1?","tools":`+weatherTool+`}`))
	if err != nil {
		t.Fatal(err)
	}
	eng := engine.NewEngine(engine.EngineOptions{Demo: demo.InProcess(demo.New(scripted)),
		Timeouts: backend.Timeouts{Response: 10e9, Idle: 10e9, Total: 30e9}})
	run := func(ctx context.Context, routes []backend.Route, req backend.Request) []*backend.Result {
		return eng.RunAll(ctx, routes, req, nil)
	}
	routes := fakeRoutes()[:1]
	samples := Run(context.Background(), s, routes, Options{}, run)
	if v := Score(s, routes, 0, 1, samples).Routes[0].TokensPerSecond.P50; v != nil {
		t.Errorf("tokens/s of a call-only answer = %v, want null", *v)
	}
}

// TestInterruptedSamplesLeftOut: runs cut short by the user's interrupt
// are not counted as the route's failures.
func TestInterruptedSamplesLeftOut(t *testing.T) {
	s, err := suite.Parse("x", strings.NewReader(`{"id":"quick","prompt":"quick?","answer":"yes"}
{"id":"stuck","prompt":"stuck?","answer":"yes"}`))
	if err != nil {
		t.Fatal(err)
	}
	script := func(req demo.Request) demo.Script {
		if req.Prompt == "stuck?" {
			return demo.Script{Text: "y e s", Stall: true, StallAfter: 1}
		}
		return demo.Script{Text: "yes"}
	}
	eng := engine.NewEngine(engine.EngineOptions{Demo: demo.InProcess(demo.New(script)),
		Timeouts: backend.Timeouts{Response: 10e9, Idle: 10e9, Total: 30e9}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	run := func(ctx context.Context, routes []backend.Route, req backend.Request) []*backend.Result {
		res := eng.RunAll(ctx, routes, req, nil)
		if req.Messages[0].Content == "quick?" {
			cancel() // the user presses ctrl+c while "stuck" is still streaming
		}
		return res
	}
	routes := fakeRoutes()[:1]
	samples := Run(ctx, s, routes, Options{Concurrency: 2}, run)
	rep := Score(s, routes, 0, 1, samples)
	if len(samples) != 0 && (len(samples) != 1 || s.Cases[samples[0].Case].ID != "quick") {
		t.Fatalf("samples: %+v", samples)
	}
	if r := rep.Routes[0]; r.SuccessRate != nil && *r.SuccessRate != 1 {
		t.Errorf("success rate %v: the interrupted run counts as a failure", *r.SuccessRate)
	}
}
