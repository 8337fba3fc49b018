package history

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// TestStatsUnknownCostIsNull: a route none of whose runs had a known cost
// sums to null in JSON, not to $0, and pairs with it compare no cost.
func TestStatsUnknownCostIsNull(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	priced := sampleReport("openrouter:openai/gpt-4o-mini", 300, 90, false)
	unpriced := sampleReport("openai:gpt-4o-mini", 250, 100, false)
	unpriced.Provider, unpriced.Model, unpriced.CostUSD, unpriced.CostSource = "openai", "gpt-4o-mini", nil, nil
	for i, rep := range []backend.RouteReport{priced, unpriced} {
		rec.AddRun(Run{Source: SourceAsk, StartedAt: day.Add(time.Duration(i) * time.Minute), Report: rep})
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"cost_usd":0.000125,"costed_runs":1`, `"cost_usd":null,"costed_runs":0`, `"mean_cost_usd":null`} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("stats lack %s: %s", want, doc)
		}
	}
}
