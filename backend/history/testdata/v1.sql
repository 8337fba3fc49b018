-- A history database as the first release (schema v1) wrote it, with a
-- short ask session and a failed run. TestMigratesFromV1 opens it with the
-- current build. Never edit: it stands for files on users' disks.
CREATE TABLE schema_version (
		version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);
INSERT INTO schema_version VALUES (1, 1763000000000);
CREATE TABLE sessions (
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
CREATE INDEX runs_turn ON runs(turn_id);
INSERT INTO sessions VALUES (101, 1763990000000, 'ask', 'Name a prime');
INSERT INTO turns VALUES (201, 101, 1, 1763990000000, 'Name a prime', 'Be brief.');
INSERT INTO runs (id, turn_id, session_id, source, started_at, route, kind, model, served_model, served_by,
	simulated, text, reasoning, finish_reason, error_kind, error_status, error_message, error_retry_after_s,
	dns_ms, connect_ms, tls_ms, first_byte_ms, headers_ms, first_token_ms, first_text_ms, total_ms,
	input_tokens, output_tokens, reasoning_tokens, cached_tokens, usage_source, tokens_per_s, cost_usd,
	cost_source, attempts)
VALUES
	(1, 201, 101, 'ask', 1763990000000, 'openrouter:openai/gpt-4o-mini', 'openrouter', 'openai/gpt-4o-mini',
	 'openai/gpt-4o-mini', 'OpenAI', 0, '7', '', 'stop', NULL, NULL, NULL, NULL,
	 12.5, 20.25, 41.0, 350.125, 351.0, 402.5, 402.5, 610.75,
	 14, 2, 0, 0, 'provider', NULL, 0.0000033, 'provider', '[{"route":"openrouter:openai/gpt-4o-mini","model":"openai/gpt-4o-mini","error":null}]'),
	(2, 201, 101, 'ask', 1763990000000, 'openai:gpt-4o-mini', 'openai', 'gpt-4o-mini',
	 NULL, NULL, 0, '', '', NULL, 'rate_limited', 429, 'Rate limit reached', 2.0,
	 NULL, NULL, NULL, 80.0, 80.5, NULL, NULL, 81.0,
	 0, 0, 0, 0, 'estimate', NULL, NULL, NULL, '[{"route":"openai:gpt-4o-mini","model":"gpt-4o-mini","error":{"kind":"rate_limited","status":429,"message":"Rate limit reached","retry_after_s":2}}]');
