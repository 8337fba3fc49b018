package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// TestExportReportsCacheReadsAndWritesApart: a run that read from and wrote
// to the prompt cache says so under the metrics, with each count; a run
// that did neither adds no line.
func TestExportReportsCacheReadsAndWritesApart(t *testing.T) {
	run := func(name string, u backend.Usage) *backend.Result {
		r := backend.NewResult(backend.Route{Name: name, Kind: backend.KindAnthropic, Model: "claude-sonnet-4-6"})
		r.Apply(backend.Event{Kind: backend.EventStarted})
		r.Apply(backend.Event{Kind: backend.EventText, At: 10, Text: "Hi"})
		r.Apply(backend.Event{Kind: backend.EventUsage, Usage: &u})
		r.Apply(backend.Event{Kind: backend.EventDone, At: 20, Finish: "end_turn"})
		return r
	}
	x := Export{Prompt: "Hi", Fees: config.DefaultFees(), Results: []*backend.Result{
		run("cached", backend.Usage{InputTokens: 7010, CachedTokens: 5000, CacheWriteTokens: 2000, OutputTokens: 50}),
		run("fresh", backend.Usage{InputTokens: 10, OutputTokens: 50}),
	}}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, x, func(s string) string { return s }); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	if !strings.Contains(md, "- cached: of 7010 input tokens, 5000 read from the cache, 2000 written to it") {
		t.Errorf("no cache line for the cached run:\n%s", md)
	}
	if strings.Contains(md, "- fresh:") {
		t.Errorf("a cache line for a run that used no cache:\n%s", md)
	}
}

// TestBenchTotalCostText: an unknown total reads "n/a", a gateway route's
// known total carries its credit fee beside it.
func TestBenchTotalCostText(t *testing.T) {
	fees := config.DefaultFees()
	or := backend.Route{Name: "or", Kind: backend.KindOpenRouter}
	total := 0.002
	if got := totalCostText(or, nil, fees); got != "n/a" {
		t.Errorf("unknown total: %q", got)
	}
	if got := totalCostText(or, &total, fees); got != "$0.002000 ($0.002110 with fees)" {
		t.Errorf("known total: %q", got)
	}
}

// TestExportBenchMonthly: with a volume, a bench report has the monthly
// projection in Markdown and each route's "monthly" in JSON; a route of
// unknown cost is n/a and null.
func TestExportBenchMonthly(t *testing.T) {
	gw := backend.Route{Name: "or", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini"}
	dr := backend.Route{Name: "mini", Kind: backend.KindOpenAI, Model: "gpt-4o-mini"}
	local := backend.Route{Name: "local", Kind: "ollama", Model: "llama3.1:8b"}
	unpriced := backend.NewResult(local)
	unpriced.Apply(backend.Event{Kind: backend.EventStarted})
	unpriced.Apply(backend.Event{Kind: backend.EventText, At: 10, Text: "hi"})
	unpriced.Apply(backend.Event{Kind: backend.EventDone, At: 20})
	res := &bench.Result{Runs: 1, Routes: []bench.Route{
		{Route: gw, Runs: []*backend.Result{testkit.FinishedResult(gw, time.Millisecond, time.Second, 0.001, nil)}},
		{Route: dr, Runs: []*backend.Result{testkit.FinishedResult(dr, time.Millisecond, time.Second, 0.001, nil)}},
		{Route: local, Runs: []*backend.Result{unpriced}},
	}}
	x := Export{Prompt: "hi", Bench: res, Fees: config.DefaultFees(), Volume: 1000}
	var md, js bytes.Buffer
	if err := WriteMarkdown(&md, x, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Monthly cost projection at 1,000 requests a month", "a projection, not a bill",
		"| or | $1.055000 | $1.000000 | $0.055000 |", "| mini | $1.000000 | $1.000000 | $0.000000 |", "| local | n/a | n/a | n/a |",
		"- or vs mini: the lines never cross; mini is never the dearer"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, md.String())
		}
	}
	if err := WriteJSON(&js, x, nil); err != nil {
		t.Fatal(err)
	}
	var rep bench.Report
	if err := json.Unmarshal(js.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if m := rep.Routes[0].Monthly; m == nil || m.Month == nil || m.Month.TotalUSD != 1.055 || m.Month.Crossings[0].With != "mini" {
		t.Errorf("gateway monthly %+v", m)
	}
	var raw struct {
		Routes []map[string]json.RawMessage
	}
	if err := json.Unmarshal(js.Bytes(), &raw); err != nil || string(raw.Routes[2]["monthly"]) != "null" {
		t.Errorf("unknown cost's monthly must be null: %v %s", err, raw.Routes[2]["monthly"])
	}
}
