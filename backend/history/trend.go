package history

import (
	"context"
	"database/sql"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// TrendPoint is one route's figures over one bucket of time (a day, say).
type TrendPoint struct {
	Start        time.Time
	Runs         int
	Errors       int // failed runs; canceled ones are left out of Runs and Errors
	FirstTokenMs *backend.Summary
	TokensPerS   *backend.Summary
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
	type samples struct{ ft, tps []float64 }
	var points []TrendPoint
	var cur samples
	flush := func() {
		if n := len(points); n > 0 {
			p := &points[n-1]
			if s, ok := backend.Summarize(cur.ft); ok {
				p.FirstTokenMs = &s
			}
			if s, ok := backend.Summarize(cur.tps); ok {
				p.TokensPerS = &s
			}
		}
		cur = samples{}
	}
	for rows.Next() {
		var at int64
		var ft, tps sql.NullFloat64
		var errKind sql.NullString
		if err := rows.Scan(&at, &ft, &tps, &errKind); err != nil {
			return nil, classify(db.path, "reading runs", err)
		}
		if errKind.String == string(backend.ErrCanceled) {
			continue
		}
		start := since.Add(time.UnixMilli(at).Sub(since) / bucket * bucket)
		if len(points) == 0 || !points[len(points)-1].Start.Equal(start) {
			flush()
			points = append(points, TrendPoint{Start: start})
		}
		p := &points[len(points)-1]
		p.Runs++
		switch {
		case errKind.Valid:
			p.Errors++
		default:
			if ft.Valid {
				cur.ft = append(cur.ft, ft.Float64)
			}
			if tps.Valid {
				cur.tps = append(cur.tps, tps.Float64)
			}
		}
	}
	flush()
	return points, classify(db.path, "reading runs", rows.Err())
}
