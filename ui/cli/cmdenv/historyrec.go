package cmdenv

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/history"
)

// HistoryRecording keeps one command's runs in the local history. It is
// never a reason for the command to fail: a database that cannot be used
// is reported once on stderr and the command carries on without history.
type HistoryRecording struct {
	db   *history.DB
	Rec  *history.Recorder
	warn io.Writer
}

// StartHistory opens the history for a command, unless --no-history or the
// config's [history] enabled = false turned it off. A nil result records nothing.
func StartHistory(ctx context.Context, deps *Deps, cfg *config.Config, off bool, redact func(string) string, warn io.Writer) *HistoryRecording {
	hc := config.HistoryConfig{}
	if cfg != nil {
		hc = cfg.History
	}
	if off || !hc.On() {
		return nil
	}
	db, err := deps.OpenHistory(ctx)
	if err != nil {
		fmt.Fprintf(warn, "routeplay: %v; continuing without history\n", err)
		return nil
	}
	rec := history.NewRecorder(db, history.RecorderOptions{Retention: hc.RetentionOrDefault(), Redact: redact})
	return &HistoryRecording{db: db, Rec: rec, warn: warn}
}

// RecordAsk queues an ask's prompt and every route's report with the
// settings it ran with; it never waits for the database.
func (h *HistoryRecording) RecordAsk(prompt, system string, started time.Time, results []*backend.Result) {
	if h == nil {
		return
	}
	runs := make([]history.Run, 0, len(results))
	for _, r := range results {
		runs = append(runs, history.Run{Report: r.Report(), Settings: config.DescribeSettings(r.Route)})
	}
	h.Rec.RecordAskRuns(prompt, system, started, runs)
}

// Close flushes what was queued and reports a failed write once.
func (h *HistoryRecording) Close() {
	if h == nil {
		return
	}
	if err := h.Rec.Close(); err != nil {
		fmt.Fprintf(h.warn, "routeplay: %v; this run was not kept in history\n", err)
	}
	h.db.Close()
}
