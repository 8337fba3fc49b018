package history

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// Probe: a provider cost of 1e308 recorded before costs were checked broke
// history stats --json for the whole retention period (the sum is +Inf).
// Stats leave such figures out.
func TestStatsIgnoreUnbelievableRecordedCosts(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	for i, c := range []float64{1e308, 1e308, -5, 0.25} {
		rep := sampleReport("gw", 400, 80, false)
		rep.CostUSD = &c
		rec.AddRun(Run{Source: SourceAsk, StartedAt: day.Add(time.Duration(i) * time.Minute), Report: rep})
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(context.Background(), Filter{Since: day.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := json.Marshal(st); err != nil {
		t.Fatalf("stats do not encode: %v", err)
	}
	if rs := st.Routes[0]; rs.CostUSD == nil || *rs.CostUSD != 0.25 || rs.CostedRuns != 1 {
		t.Fatalf("cost %v over %d runs, want 0.25 over 1", rs.CostUSD, rs.CostedRuns)
	}
}

// The stats query's bound is written as a literal; it must be the one the
// wire applies.
func TestStatsCostBoundMatchesTheWire(t *testing.T) {
	if backend.MaxReportedCostUSD != 1000 || !strings.Contains(statsQuery, "BETWEEN 0 AND 1000") {
		t.Fatal("update statsQuery's cost bound to backend.MaxReportedCostUSD")
	}
}
