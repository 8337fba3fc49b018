package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
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
