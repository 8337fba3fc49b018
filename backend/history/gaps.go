package history

import (
	"context"
	"database/sql"
	"errors"
)

// GapSummary is a run's inter-token latency: percentiles of the gaps
// between its streamed chunks, in milliseconds, and how many gaps they cover.
type GapSummary struct {
	P50Ms, P95Ms, P99Ms float64
	Gaps                int
}

// Workload is a bench's workload in words (shown as it is) and as the JSON
// object `bench --json` prints (kept for tools and later verdicts).
type Workload struct {
	Text string
	JSON string
}

// columns are the summary's values in the order of the itl_* columns;
// NULLs without one.
func (g *GapSummary) columns() []any {
	if g == nil {
		return []any{nil, nil, nil, nil}
	}
	return []any{g.P50Ms, g.P95Ms, g.P99Ms, g.Gaps}
}

// BenchWorkload reads a bench's workload; ok is false for no such bench.
func (db *DB) BenchWorkload(ctx context.Context, id BenchID) (w Workload, ok bool, err error) {
	err = db.sql.QueryRowContext(ctx, `SELECT workload, workload_json FROM benches WHERE id = ?`, int64(id)).
		Scan(&w.Text, &w.JSON)
	if errors.Is(err, sql.ErrNoRows) {
		return Workload{}, false, nil
	}
	if err != nil {
		return Workload{}, false, classify(db.path, "reading a bench", err)
	}
	return w, true, nil
}
