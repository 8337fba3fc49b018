package bench

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// unpriced is a run that answered through a route nobody knows the price
// of, and whose provider reported tokens but no cost.
func unpriced(rt backend.Route) *backend.Result {
	r := backend.NewResult(rt)
	r.Apply(backend.Event{Kind: backend.EventStarted})
	r.Apply(backend.Event{Kind: backend.EventText, At: 100 * time.Millisecond, Text: "hi"})
	r.Apply(backend.Event{Kind: backend.EventUsage, Usage: &backend.Usage{InputTokens: 10, OutputTokens: 2}})
	r.Apply(backend.Event{Kind: backend.EventDone, At: time.Second})
	return r
}

// TestBenchTotalCostUnknownStaysUnknown: a total over runs whose cost is
// unknown is null, not $0, and one unknown run makes the whole total
// unknown; a run that failed before anything was generated costs nothing.
func TestBenchTotalCostUnknownStaysUnknown(t *testing.T) {
	rt := backend.Route{Name: "portkey", Kind: backend.KindOpenAICompatible, Model: "no-such-model"}
	priced := backend.Route{Name: "or", Kind: backend.KindOpenRouter}
	failed := testkit.FinishedResult(priced, 0, 10*time.Millisecond, 0, &backend.RouteError{Kind: backend.ErrNoKey})
	for _, c := range []struct {
		name string
		runs []*backend.Result
		want string
	}{
		{"every cost unknown", []*backend.Result{unpriced(rt), unpriced(rt)}, "null"},
		{"one cost unknown", []*backend.Result{testkit.FinishedResult(priced, time.Millisecond, time.Second, 0.002, nil), unpriced(rt)}, "null"},
		{"no run billed", []*backend.Result{failed}, "null"},
		{"known, and a run never billed", []*backend.Result{testkit.FinishedResult(priced, time.Millisecond, time.Second, 0.002, nil), failed}, "0.002"},
	} {
		s := SummarizeRuns(c.runs)
		doc, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(doc), `"total_cost_usd":`+c.want) {
			t.Errorf("%s: %s, want total_cost_usd %s", c.name, doc, c.want)
		}
	}
}
