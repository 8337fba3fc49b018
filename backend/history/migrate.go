package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// migrations are the schema's ordered steps: migrations[i] brings the schema
// from version i to i+1. Released steps are never edited, only appended to,
// because users' databases were built by them.
var migrations = []string{
	// v1: sessions, their turns, and every route's run with every field of
	// the `ask --json` route report. Times are Unix milliseconds (UTC);
	// durations are float milliseconds from the run's request start.
	`CREATE TABLE sessions (
		id         INTEGER PRIMARY KEY,
		started_at INTEGER NOT NULL,
		source     TEXT    NOT NULL,
		title      TEXT    NOT NULL DEFAULT ''
	);
	CREATE TABLE turns (
		id         INTEGER PRIMARY KEY,
		session_id INTEGER NOT NULL,
		seq        INTEGER NOT NULL,
		started_at INTEGER NOT NULL,
		prompt     TEXT    NOT NULL,
		system     TEXT    NOT NULL DEFAULT ''
	);
	CREATE TABLE runs (
		id               INTEGER PRIMARY KEY,
		turn_id          INTEGER,
		session_id       INTEGER,
		source           TEXT    NOT NULL,
		started_at       INTEGER NOT NULL,
		route            TEXT    NOT NULL,
		kind             TEXT    NOT NULL,
		model            TEXT    NOT NULL,
		served_model     TEXT,
		served_by        TEXT,
		simulated        INTEGER NOT NULL DEFAULT 0,
		text             TEXT    NOT NULL DEFAULT '',
		reasoning        TEXT    NOT NULL DEFAULT '',
		finish_reason    TEXT,
		error_kind       TEXT,
		error_status     INTEGER,
		error_message    TEXT,
		error_retry_after_s REAL,
		dns_ms           REAL,
		connect_ms       REAL,
		tls_ms           REAL,
		first_byte_ms    REAL,
		headers_ms       REAL,
		first_token_ms   REAL,
		first_text_ms    REAL,
		total_ms         REAL,
		input_tokens     INTEGER NOT NULL DEFAULT 0,
		output_tokens    INTEGER NOT NULL DEFAULT 0,
		reasoning_tokens INTEGER NOT NULL DEFAULT 0,
		cached_tokens    INTEGER NOT NULL DEFAULT 0,
		usage_source     TEXT    NOT NULL DEFAULT '',
		tokens_per_s     REAL,
		cost_usd         REAL,
		cost_source      TEXT,
		attempts         TEXT    NOT NULL DEFAULT '[]'
	);
	CREATE INDEX turns_session ON turns(session_id, seq);
	CREATE INDEX runs_turn ON runs(turn_id);`,

	// v2: bench runs. A bench groups many runs of one workload; each of its
	// runs points at it.
	`CREATE TABLE benches (
		id         INTEGER PRIMARY KEY,
		started_at INTEGER NOT NULL,
		workload   TEXT    NOT NULL DEFAULT ''
	);
	ALTER TABLE runs ADD COLUMN bench_id INTEGER;
	CREATE INDEX runs_bench ON runs(bench_id) WHERE bench_id IS NOT NULL;`,

	// v3: listing reads runs by time; stats read only runs_stats, never the
	// answers' pages, and in group order, so summarising a period needs no
	// sort: 100,000 runs take a fraction of a second.
	`CREATE INDEX runs_time ON runs(started_at);
	CREATE INDEX runs_stats ON runs(route, kind, model, simulated, started_at,
		first_token_ms, tokens_per_s, error_kind, cost_usd);
	CREATE INDEX runs_session ON runs(session_id, route);
	CREATE INDEX sessions_time ON sessions(started_at);`,

	// v4: the settings each run ran with (its parameters and OpenRouter
	// preferences in short form), which the user can change while the app
	// runs: without them two runs of one route with different settings look
	// alike. Runs recorded before have ''.
	`ALTER TABLE runs ADD COLUMN settings TEXT NOT NULL DEFAULT '';`,

	// v5: stats summarise a route's runs per settings, so runs_stats takes
	// settings after simulated: the groups still come off the index alone
	// and in order, without reading the answers or sorting every run.
	`DROP INDEX runs_stats;
	CREATE INDEX runs_stats ON runs(route, kind, model, simulated, settings, started_at,
		first_token_ms, tokens_per_s, error_kind, cost_usd);`,

	// v6: what a verdict on a bench needs: each run's inter-token gaps in
	// summary (percentiles in milliseconds and how many gaps they cover;
	// NULL for runs recorded before, or that streamed fewer than two
	// chunks) and the bench's workload as `bench --json` states it.
	`ALTER TABLE runs ADD COLUMN itl_p50_ms REAL;
	ALTER TABLE runs ADD COLUMN itl_p95_ms REAL;
	ALTER TABLE runs ADD COLUMN itl_p99_ms REAL;
	ALTER TABLE runs ADD COLUMN itl_gaps INTEGER;
	ALTER TABLE benches ADD COLUMN workload_json TEXT NOT NULL DEFAULT '';`,
	// v7: what a run's figures are computed from, so a continued session
	// shows each run as it was: the last token's time, the answer pieces and
	// keep-alives the stream carried, and OpenRouter's generation id. Runs
	// recorded before have NULL, 0, 0 and NULL: their stored tokens/s and
	// cost still show.
	`ALTER TABLE runs ADD COLUMN last_token_ms REAL;
	ALTER TABLE runs ADD COLUMN deltas INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE runs ADD COLUMN keep_alives INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE runs ADD COLUMN generation_id TEXT;`,
	// v8: prompt tokens written to the provider's cache, apart from those
	// read from it (cached_tokens): each has its own price. Runs recorded
	// before have 0.
	`ALTER TABLE runs ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;`,
	// v9: what a gateway did to a run: how many deltas its first read
	// carried (a held or batched first chunk) and its own fallback to
	// another target. Runs recorded before have 0 and NULL.
	`ALTER TABLE runs ADD COLUMN first_read_deltas INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE runs ADD COLUMN gateway_fallback TEXT;`,
	// v10: the tool calls the answer made, as the JSON list `ask --json`
	// prints (each with its verdict against the declared tools), and the
	// structured-output verdict: schema_valid 1 or 0 with the reasons as a
	// JSON list, NULL when no schema was asked. Runs recorded before have
	// no calls and no verdict.
	`ALTER TABLE runs ADD COLUMN tool_calls TEXT NOT NULL DEFAULT '[]';
	ALTER TABLE runs ADD COLUMN schema_valid INTEGER;
	ALTER TABLE runs ADD COLUMN schema_errors TEXT;`,
	// v11: a turn that answered tool calls instead of asking: the calls it
	// answered as a JSON list of {call_id, name}, its prompt the result
	// text. NULL for a prompt; turns recorded before are prompts.
	`ALTER TABLE turns ADD COLUMN tool_results TEXT;`,
}

// SchemaVersion is the schema this build writes.
var SchemaVersion = len(migrations)

// currentVersion is the database's schema version; 0 for a new database.
// A version newer than this build's is refused, before anything is written.
func (db *DB) currentVersion(ctx context.Context) (int, error) {
	var name string
	err := db.sql.QueryRowContext(ctx,
		`SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'`).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, classify(db.path, "reading its schema", err)
	}
	var v int
	if err := db.sql.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&v); err != nil {
		return 0, classify(db.path, "reading its schema", err)
	}
	if v > len(migrations) {
		return v, &Error{Kind: TooNew, Path: db.path, Op: "reading its schema",
			Err: fmt.Errorf("schema v%d, this build knows up to v%d", v, len(migrations))}
	}
	return v, nil
}

// migrate applies the missing steps in one immediate transaction, so a
// concurrent routeplay either sees the old schema or the new one.
func (db *DB) migrate(ctx context.Context) error {
	return db.migrateTo(ctx, len(migrations))
}

func (db *DB) migrateTo(ctx context.Context, target int) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return classify(db.path, "migrating", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return classify(db.path, "migrating", err)
	}
	// Read again inside the lock: another process may have migrated meanwhile.
	var v int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&v); err != nil {
		return classify(db.path, "migrating", err)
	}
	if v > len(migrations) {
		return &Error{Kind: TooNew, Path: db.path, Op: "migrating",
			Err: fmt.Errorf("schema v%d, this build knows up to v%d", v, len(migrations))}
	}
	now := time.Now().UnixMilli()
	for ; v < target; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return classify(db.path, fmt.Sprintf("migrating to v%d", v+1), err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version(version, applied_at) VALUES (?, ?)`, v+1, now); err != nil {
			return classify(db.path, "migrating", err)
		}
	}
	return classify(db.path, "migrating", tx.Commit())
}
