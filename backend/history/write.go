package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/safetext"
)

// op is one queued write.
type op interface {
	write(w *writer) error
}

// writer is one transaction's statements and the redaction to apply.
type writer struct {
	ctx    context.Context
	tx     *sql.Tx
	stmts  *stmtCache // nil: statements are parsed per call
	redact func(string) string
}

func (w *writer) exec(query string, args ...any) error {
	if w.stmts == nil {
		_, err := w.tx.ExecContext(w.ctx, query, args...)
		return err
	}
	st, err := w.stmts.get(w.ctx, query)
	if err != nil {
		return err
	}
	_, err = w.tx.StmtContext(w.ctx, st).ExecContext(w.ctx, args...)
	return err
}

// stmtCache keeps the writer's statements prepared on its own connection,
// so SQLite parses each insert once per recorder, not once per run.
type stmtCache struct {
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
}

func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	st, err := c.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	for _, st := range c.stmts {
		st.Close()
	}
	c.conn.Close()
}

// writeOps commits ops in one transaction on a pooled connection.
func (db *DB) writeOps(ops []op, redact func(string) string) error {
	ctx := context.Background()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return classify(db.path, "writing", err)
	}
	return db.commitOps(&writer{ctx: ctx, tx: tx, redact: redact}, ops)
}

// writeOpsOn commits ops in one transaction on the cache's connection.
func (db *DB) writeOpsOn(c *stmtCache, ops []op, redact func(string) string) error {
	ctx := context.Background()
	tx, err := c.conn.BeginTx(ctx, nil)
	if err != nil {
		return classify(db.path, "writing", err)
	}
	return db.commitOps(&writer{ctx: ctx, tx: tx, stmts: c, redact: redact}, ops)
}

func (db *DB) commitOps(w *writer, ops []op) error {
	defer w.tx.Rollback()
	for _, o := range ops {
		if err := o.write(w); err != nil {
			return classify(db.path, "writing", err)
		}
	}
	return classify(db.path, "writing", w.tx.Commit())
}

type sessionOp struct {
	id     SessionID
	source Source
	title  string
	at     time.Time
}

func (o sessionOp) write(w *writer) error {
	return w.exec(`INSERT INTO sessions(id, started_at, source, title) VALUES (?, ?, ?, ?)`,
		int64(o.id), o.at.UnixMilli(), string(o.source), w.redact(o.title))
}

type turnOp struct {
	id             TurnID
	session        SessionID
	prompt, system string
	at             time.Time
	answered       []answeredCall // the calls a tool-result turn answered
}

func (o turnOp) write(w *writer) error {
	var answered any // NULL for a prompt
	if o.answered != nil {
		b, err := json.Marshal(o.answered)
		if err != nil {
			return err
		}
		answered = w.redact(string(b))
	}
	return w.exec(`INSERT INTO turns(id, session_id, seq, started_at, prompt, system, tool_results)
		VALUES (?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM turns WHERE session_id = ?), ?, ?, ?, ?)`,
		int64(o.id), int64(o.session), int64(o.session), o.at.UnixMilli(), w.redact(o.prompt), w.redact(o.system), answered)
}

type benchOp struct {
	id           BenchID
	workload     string
	workloadJSON string
	at           time.Time
}

func (o benchOp) write(w *writer) error {
	return w.exec(`INSERT INTO benches(id, started_at, workload, workload_json) VALUES (?, ?, ?, ?)`,
		int64(o.id), o.at.UnixMilli(), w.redact(o.workload), w.redact(o.workloadJSON))
}

// groupOp is several writes that belong together (a whole `ask`).
type groupOp []op

func (g groupOp) write(w *writer) error {
	for _, o := range g {
		if err := o.write(w); err != nil {
			return err
		}
	}
	return nil
}

type runOp struct{ run Run }

// runColumns lists the runs columns in the order runValues returns them.
const runColumns = `turn_id, session_id, bench_id, source, started_at, route, kind, model, served_model, served_by,
	simulated, text, reasoning, finish_reason, error_kind, error_status, error_message, error_retry_after_s,
	dns_ms, connect_ms, tls_ms, first_byte_ms, headers_ms, first_token_ms, first_text_ms, total_ms,
	input_tokens, output_tokens, reasoning_tokens, cached_tokens, usage_source, tokens_per_s, cost_usd,
	cost_source, attempts, settings, last_token_ms, deltas, keep_alives, generation_id,
	cache_write_tokens, itl_p50_ms, itl_p95_ms, itl_p99_ms, itl_gaps, first_read_deltas, gateway_fallback,
	tool_calls, schema_valid, schema_errors`

const insertRun = `INSERT INTO runs(` + runColumns + `) VALUES (?,?,?,?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,
	?,?,?,?,?,?,?,?, ?,?,?,?,?,?,?, ?,?,?, ?,?,?,?, ?, ?,?,?,?, ?,?, ?,?,?)`

func (o runOp) write(w *writer) error {
	vals, err := runValues(o.run, w.redact)
	if err != nil {
		return err
	}
	return w.exec(insertRun, vals...)
}

func runValues(run Run, redact func(string) string) ([]any, error) {
	rep := run.Report
	attempts := rep.Attempts
	if attempts == nil {
		attempts = []backend.AttemptReport{}
	}
	aj, err := json.Marshal(attempts)
	if err != nil {
		return nil, err
	}
	var eKind, eMsg *string
	var eStatus *int
	var eRetry *float64
	if e := rep.Error; e != nil {
		k, m := e.Kind, redact(e.Message)
		eKind, eMsg, eStatus, eRetry = &k, &m, e.Status, e.RetryAfterS
	}
	t, u := rep.TimingMs, rep.Usage
	vals := []any{
		nullID(int64(run.TurnID)), nullID(int64(run.SessionID)), nullID(int64(run.BenchID)),
		string(run.Source), run.StartedAt.UnixMilli(), rep.Route, rep.Provider, rep.Model,
		redactPtr(rep.ServedModel, redact), redactPtr(rep.ServedBy, redact),
		rep.Simulated, redact(rep.Text), redact(rep.Reasoning), redactPtr(rep.FinishReason, redact), eKind, eStatus, eMsg, eRetry,
		t.DNS, t.Connect, t.TLS, t.FirstByte, t.Headers, t.FirstToken, t.FirstText, t.Total,
		u.InputTokens, u.OutputTokens, u.ReasoningTokens, u.CachedTokens, u.Source, rep.TokensPerS, rep.CostUSD,
		rep.CostSource, redact(string(aj)), redact(oneLine(run.Settings)),
		t.LastToken, rep.Deltas, rep.KeepAlives, redactPtr(rep.GenerationID, redact), u.CacheWriteTokens,
	}
	vals = append(vals, run.ITL.columns()...)
	verdicts, err := verdictColumns(rep, redact)
	if err != nil {
		return nil, err
	}
	vals = append(vals, rep.FirstRead, redactPtr(rep.GatewayFallback, redact))
	return append(vals, verdicts...), nil
}

// verdictColumns are the tool calls and the schema verdict, as JSON text
// redacted like every other stored string.
func verdictColumns(rep backend.RouteReport, redact func(string) string) ([]any, error) {
	calls := rep.ToolCalls
	if calls == nil {
		calls = []backend.ToolCallReport{}
	}
	cj, err := json.Marshal(calls)
	if err != nil {
		return nil, err
	}
	if rep.SchemaValid == nil {
		return []any{redact(string(cj)), nil, nil}, nil
	}
	errs := rep.SchemaErrors
	if errs == nil {
		errs = []string{}
	}
	ej, err := json.Marshal(errs)
	if err != nil {
		return nil, err
	}
	return []any{redact(string(cj)), *rep.SchemaValid, redact(string(ej))}, nil
}

// oneLine makes settings safe to show as they are read back: they come from
// config values, which may hold anything, and are shown on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(safetext.Sanitize(s)), " ")
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func redactPtr(s *string, redact func(string) string) *string {
	if s == nil {
		return nil
	}
	v := redact(*s)
	return &v
}
