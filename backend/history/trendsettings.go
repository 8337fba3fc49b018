package history

import (
	"context"
	"database/sql"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// SettingsTrend is a route's trend over the runs it made with one settings.
type SettingsTrend struct {
	Settings string // empty: its provider's defaults, or runs recorded before settings were kept
	Points   []TrendPoint
}

// RouteTrendBySettings is RouteTrend with the route's runs split by the
// settings they ran with, runs without settings first: a route whose
// settings changed in the period would otherwise read as one route whose
// speed changed. Settings whose runs were all canceled are left out.
func (db *DB) RouteTrendBySettings(ctx context.Context, route string, since time.Time, bucket time.Duration) ([]SettingsTrend, error) {
	if bucket <= 0 {
		bucket = 24 * time.Hour
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT settings, started_at, first_token_ms, tokens_per_s, error_kind
		FROM runs INDEXED BY runs_stats WHERE route = ? AND started_at >= ? ORDER BY settings, started_at`,
		route, since.UnixMilli())
	if err != nil {
		return nil, classify(db.path, "reading runs", err)
	}
	defer rows.Close()
	var out []SettingsTrend
	var acc trendBuckets
	end := func() {
		if pts := acc.done(); len(pts) > 0 {
			out[len(out)-1].Points = pts
		} else if len(out) > 0 {
			out = out[:len(out)-1]
		}
	}
	for rows.Next() {
		var settings string
		var at int64
		var ft, tps sql.NullFloat64
		var errKind sql.NullString
		if err := rows.Scan(&settings, &at, &ft, &tps, &errKind); err != nil {
			return nil, classify(db.path, "reading runs", err)
		}
		if len(out) == 0 || out[len(out)-1].Settings != settings {
			end()
			out = append(out, SettingsTrend{Settings: settings})
			acc = trendBuckets{since: since, bucket: bucket}
		}
		acc.add(at, ft, tps, errKind)
	}
	end()
	return out, classify(db.path, "reading runs", rows.Err())
}

// trendBuckets gathers one series of runs, in time order, into buckets.
type trendBuckets struct {
	since   time.Time
	bucket  time.Duration
	points  []TrendPoint
	ft, tps []float64 // the samples of the last point
}

func (b *trendBuckets) add(at int64, ft, tps sql.NullFloat64, errKind sql.NullString) {
	if errKind.Valid && backend.NotSent(backend.ErrorKind(errKind.String)) {
		return // canceled, or never sent (no key): not the route's failure
	}
	start := b.since.Add(time.UnixMilli(at).Sub(b.since) / b.bucket * b.bucket)
	if n := len(b.points); n == 0 || !b.points[n-1].Start.Equal(start) {
		b.summarise()
		b.points = append(b.points, TrendPoint{Start: start})
	}
	p := &b.points[len(b.points)-1]
	p.Runs++
	switch {
	case errKind.Valid:
		p.Errors++
	default:
		if ft.Valid {
			b.ft = append(b.ft, ft.Float64)
		}
		if tps.Valid {
			b.tps = append(b.tps, tps.Float64)
		}
	}
}

// summarise closes the last point with its samples' summaries.
func (b *trendBuckets) summarise() {
	if n := len(b.points); n > 0 {
		p := &b.points[n-1]
		p.FirstTokenMs, p.TokensPerS = summary(b.ft), summary(b.tps)
	}
	b.ft, b.tps = b.ft[:0], b.tps[:0]
}

func (b *trendBuckets) done() []TrendPoint {
	b.summarise()
	return b.points
}
