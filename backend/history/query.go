package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// Filter selects runs. Zero fields select everything.
type Filter struct {
	Since  time.Time // runs started at or after
	Until  time.Time // runs started before
	Route  string    // exact route name
	Source Source
	// Text matches, case-insensitively, the run's prompt or its answer.
	Text  string
	Limit int // most recent first; zero means no limit
}

func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	if !f.Since.IsZero() {
		conds, args = append(conds, "r.started_at >= ?"), append(args, f.Since.UnixMilli())
	}
	if !f.Until.IsZero() {
		conds, args = append(conds, "r.started_at < ?"), append(args, f.Until.UnixMilli())
	}
	if f.Route != "" {
		conds, args = append(conds, "r.route = ?"), append(args, f.Route)
	}
	if f.Source != "" {
		conds, args = append(conds, "r.source = ?"), append(args, string(f.Source))
	}
	if f.Text != "" {
		// instr over lower() rather than LIKE, so the user's % and _ are plain text.
		needle := strings.ToLower(f.Text)
		conds = append(conds, `(instr(lower(r.text), ?) > 0 OR EXISTS (SELECT 1 FROM turns t
			WHERE t.id = r.turn_id AND instr(lower(t.prompt), ?) > 0))`)
		args = append(args, needle, needle)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// RunRow is a stored run with the turn that asked it.
type RunRow struct {
	Run
	Prompt string
	System string
}

// Runs lists the runs the filter selects, newest first.
func (db *DB) Runs(ctx context.Context, f Filter) ([]RunRow, error) {
	where, args := f.where()
	q := `SELECT r.id, ` + prefixed("r.", runColumns) + `, coalesce(t.prompt, ''), coalesce(t.system, '')
		FROM runs r LEFT JOIN turns t ON t.id = r.turn_id` + where + ` ORDER BY r.started_at DESC, r.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, classify(db.path, "reading runs", err)
	}
	defer rows.Close()
	var out []RunRow
	for rows.Next() {
		var rr RunRow
		if err := scanRun(rows, &rr); err != nil {
			return nil, classify(db.path, "reading runs", err)
		}
		out = append(out, rr)
	}
	return out, classify(db.path, "reading runs", rows.Err())
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// scanRun reads one row of `id, runColumns, prompt, system`.
func scanRun(rows *sql.Rows, rr *RunRow) error {
	var (
		turn, session, bench            sql.NullInt64
		source, attempts                string
		started                         int64
		eKind, eMsg                     sql.NullString
		eStatus                         sql.NullInt64
		eRetry                          sql.NullFloat64
		servedModel, servedBy, finish   sql.NullString
		costSource                      sql.NullString
		dns, conn, tls, fb, hdr, ft, fx sql.NullFloat64
		total, tps, cost, last          sql.NullFloat64
		p50, p95, p99                   sql.NullFloat64
		gaps                            sql.NullInt64
		generation, gwFallback          sql.NullString
		calls                           string
		schemaValid                     sql.NullBool
		schemaErrors                    sql.NullString
		rep                             = &rr.Report
		u                               = &rep.Usage
	)
	err := rows.Scan(&rr.ID, &turn, &session, &bench, &source, &started, &rep.Route, &rep.Provider, &rep.Model,
		&servedModel, &servedBy, &rep.Simulated, &rep.Text, &rep.Reasoning, &finish, &eKind, &eStatus, &eMsg, &eRetry,
		&dns, &conn, &tls, &fb, &hdr, &ft, &fx, &total,
		&u.InputTokens, &u.OutputTokens, &u.ReasoningTokens, &u.CachedTokens, &u.Source, &tps, &cost,
		&costSource, &attempts, &rr.Settings, &last, &rep.Deltas, &rep.KeepAlives, &generation,
		&u.CacheWriteTokens, &p50, &p95, &p99, &gaps, &rep.FirstRead, &gwFallback, &calls, &schemaValid, &schemaErrors,
		&rr.Prompt, &rr.System)
	if err != nil {
		return err
	}
	rr.TurnID, rr.SessionID, rr.BenchID = TurnID(turn.Int64), SessionID(session.Int64), BenchID(bench.Int64)
	rr.Source, rr.StartedAt = Source(source), time.UnixMilli(started)
	rep.ServedModel, rep.ServedBy, rep.FinishReason = str(servedModel), str(servedBy), str(finish)
	rep.CostSource, rep.TokensPerS, rep.CostUSD = str(costSource), num(tps), num(cost)
	rep.GenerationID, rep.GatewayFallback = str(generation), str(gwFallback)
	rep.TimingMs = backend.TimingReport{DNS: num(dns), Connect: num(conn), TLS: num(tls), FirstByte: num(fb),
		Headers: num(hdr), FirstToken: num(ft), FirstText: num(fx), LastToken: num(last), Total: num(total)}
	if eKind.Valid {
		rep.Error = &backend.ErrorReport{Kind: eKind.String, Message: eMsg.String, RetryAfterS: num(eRetry)}
		if eStatus.Valid {
			s := int(eStatus.Int64)
			rep.Error.Status = &s
		}
	}
	if p50.Valid && p95.Valid && p99.Valid && gaps.Valid {
		rr.ITL = &GapSummary{P50Ms: p50.Float64, P95Ms: p95.Float64, P99Ms: p99.Float64, Gaps: int(gaps.Int64)}
	}
	rep.Attempts = []backend.AttemptReport{}
	if err := json.Unmarshal([]byte(attempts), &rep.Attempts); err != nil {
		return fmt.Errorf("run %d: attempts: %w", rr.ID, err)
	}
	return scanVerdicts(rr, calls, schemaValid, schemaErrors)
}

// scanVerdicts reads the tool calls and the schema verdict back.
func scanVerdicts(rr *RunRow, calls string, valid sql.NullBool, errs sql.NullString) error {
	rep := &rr.Report
	rep.ToolCalls = []backend.ToolCallReport{}
	if err := json.Unmarshal([]byte(calls), &rep.ToolCalls); err != nil {
		return fmt.Errorf("run %d: tool calls: %w", rr.ID, err)
	}
	if !valid.Valid {
		return nil
	}
	v := valid.Bool
	rep.SchemaValid, rep.SchemaErrors = &v, []string{}
	if errs.Valid {
		if err := json.Unmarshal([]byte(errs.String), &rep.SchemaErrors); err != nil {
			return fmt.Errorf("run %d: schema errors: %w", rr.ID, err)
		}
	}
	return nil
}

func str(v sql.NullString) *string {
	if !v.Valid {
		return nil
	}
	return &v.String
}

func num(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return &v.Float64
}

// Prune deletes runs started before cutoff, then the turns, sessions and
// benches left empty and older than cutoff. It returns the runs deleted.
func (db *DB) Prune(ctx context.Context, cutoff time.Time) (int64, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return 0, classify(db.path, "pruning", err)
	}
	defer tx.Rollback()
	c := cutoff.UnixMilli()
	res, err := tx.ExecContext(ctx, `DELETE FROM runs WHERE started_at < ?`, c)
	if err != nil {
		return 0, classify(db.path, "pruning", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		// Nothing was deleted, so nothing new was left empty: skip the scans.
		return 0, classify(db.path, "pruning", tx.Commit())
	}
	for _, q := range []string{
		`DELETE FROM turns WHERE started_at < ? AND NOT EXISTS (SELECT 1 FROM runs WHERE runs.turn_id = turns.id)`,
		`DELETE FROM sessions WHERE started_at < ? AND NOT EXISTS (SELECT 1 FROM turns WHERE turns.session_id = sessions.id)`,
		`DELETE FROM benches WHERE started_at < ? AND NOT EXISTS (SELECT 1 FROM runs WHERE runs.bench_id = benches.id)`,
	} {
		if _, err := tx.ExecContext(ctx, q, c); err != nil {
			return 0, classify(db.path, "pruning", err)
		}
	}
	return n, classify(db.path, "pruning", tx.Commit())
}
