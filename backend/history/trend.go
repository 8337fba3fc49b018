package history

import (
	"context"
	"database/sql"
	"time"

	"github.com/routeplay/routeplay/backend/stats"
)

// TrendPoint is one route's figures over one bucket of time (a day, say).
type TrendPoint struct {
	Start        time.Time
	Runs         int
	Errors       int // failed runs; canceled ones and ones with no key are left out of Runs and Errors
	FirstTokenMs *stats.Summary
	TokensPerS   *stats.Summary
}

// RouteTrend buckets a route's runs since a time into spans of bucket
// (aligned to since), oldest first, leaving out empty buckets: how the route
// behaved across past sessions.
func (db *DB) RouteTrend(ctx context.Context, route string, since time.Time, bucket time.Duration) ([]TrendPoint, error) {
	if bucket <= 0 {
		bucket = 24 * time.Hour
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT started_at, first_token_ms, tokens_per_s, error_kind
		FROM runs INDEXED BY runs_stats WHERE route = ? AND started_at >= ? ORDER BY started_at`,
		route, since.UnixMilli())
	if err != nil {
		return nil, classify(db.path, "reading runs", err)
	}
	defer rows.Close()
	acc := trendBuckets{since: since, bucket: bucket}
	for rows.Next() {
		var at int64
		var ft, tps sql.NullFloat64
		var errKind sql.NullString
		if err := rows.Scan(&at, &ft, &tps, &errKind); err != nil {
			return nil, classify(db.path, "reading runs", err)
		}
		acc.add(at, ft, tps, errKind)
	}
	points := acc.done()
	return points, classify(db.path, "reading runs", rows.Err())
}
