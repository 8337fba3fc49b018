package history

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// Two runs of one route with different settings read back apart, from every
// way runs are recorded and read.
func TestRunsKeepTheirSettings(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	s := rec.RecordAskRuns("Name a prime", "", day, []Run{
		{Report: sampleReport("or-mini", 300, 80, false), Settings: "sort=latency"},
		{Report: sampleReport("or-mini", 500, 90, false), Settings: "sort=price"},
		{Report: sampleReport("direct", 400, 70, false)},
	})
	rec.RecordBench("1 run", "Count", "", day, []Run{{Report: sampleReport("or-mini", 1, 1, false), Settings: "max 64"}})
	// Settings come from config values: a control sequence or a line break
	// in one is not stored.
	rec.AddRun(Run{Source: SourceTUI, StartedAt: day, Report: sampleReport("x", 1, 1, false),
		Settings: "order=A\x1b]52;c;aGk=\x07cme\n · sort=price"})
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := db.Session(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	runs := got.Turns[0].Runs
	if len(runs) != 3 || runs[0].Settings != "sort=latency" || runs[1].Settings != "sort=price" || runs[2].Settings != "" {
		t.Fatalf("session runs %+v", runs)
	}
	bySource := map[Source][]string{}
	rows, err := db.Runs(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		bySource[r.Source] = append(bySource[r.Source], r.Settings)
	}
	if b, tui := bySource[SourceBench], bySource[SourceTUI]; len(b) != 1 || b[0] != "max 64" ||
		len(tui) != 1 || tui[0] != "order=Acme · sort=price" {
		t.Fatalf("listed settings %q", bySource)
	}
}

// A database last written by a v3 build keeps its runs, whose settings
// read as empty, and takes runs with settings from then on.
func TestMigratesFromV3(t *testing.T) {
	old, path := builtBy(t, 3)
	sdb := old.sql
	ms := day.UnixMilli()
	for _, q := range []string{
		`INSERT INTO sessions(id, started_at, source, title) VALUES (1, ?, 'tui', 'Old chat')`,
		`INSERT INTO turns(id, session_id, seq, started_at, prompt) VALUES (2, 1, 1, ?, 'Old prompt')`,
		`INSERT INTO runs(id, turn_id, session_id, source, started_at, route, kind, model, text)
			VALUES (3, 2, 1, 'tui', ?, 'or-mini', 'openrouter', 'openai/gpt-4o-mini', 'old answer')`,
	} {
		if _, err := sdb.Exec(q, ms); err != nil {
			t.Fatal(q, err)
		}
	}
	old.Close()

	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _ := db.currentVersion(context.Background()); v != SchemaVersion || SchemaVersion != len(migrations) {
		t.Fatalf("version %d after migrating, build writes v%d", v, SchemaVersion)
	}
	s, err := db.Session(context.Background(), 1)
	if err != nil || len(s.Turns) != 1 || len(s.Turns[0].Runs) != 1 || s.Turns[0].ToolResults != nil {
		t.Fatalf("session %+v, err %v", s, err)
	}
	if r := s.Turns[0].Runs[0]; r.Report.Text != "old answer" || r.Report.Route != "or-mini" || r.Settings != "" {
		t.Fatalf("migrated run %+v", r)
	}
	rec := NewRecorder(db, RecorderOptions{})
	rec.AddRun(Run{SessionID: 1, TurnID: 2, Source: SourceTUI, StartedAt: day, Report: sampleReport("or-mini", 1, 1, false),
		Settings: "sort=price"})
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Runs(context.Background(), Filter{Route: "or-mini"})
	if err != nil || len(rows) != 2 || rows[0].Settings != "sort=price" || rows[1].Settings != "" ||
		rows[1].Prompt != "Old prompt" {
		t.Fatalf("runs %+v, err %v", rows, err)
	}
}

// builtBy is a database as a build of the given schema version left it.
func builtBy(t *testing.T, version int) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	sdb, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	old := &DB{sql: sdb, path: path}
	if err := old.migrateTo(context.Background(), version); err != nil {
		t.Fatal(err)
	}
	return old, path
}

// A database last written by a v4 build keeps its runs and their settings,
// and its runs_stats index is rebuilt with settings, so stats split by
// settings still read that index alone, in group order.
func TestMigratesFromV4(t *testing.T) {
	old, path := builtBy(t, 4)
	for i, settings := range []string{"sort=price", "sort=latency", "sort=price", ""} {
		if _, err := old.sql.Exec(`INSERT INTO runs(source, started_at, route, kind, model, first_token_ms, settings)
			VALUES ('tui', ?, 'or-mini', 'openrouter', 'openai/gpt-4o-mini', ?, ?)`, day.UnixMilli(), 300+i, settings); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()

	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _ := db.currentVersion(context.Background()); v != SchemaVersion {
		t.Fatalf("version %d after migrating", v)
	}
	var index string
	if err := db.sql.QueryRow(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'runs_stats'`).Scan(&index); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(index, "simulated, settings, started_at") {
		t.Fatalf("runs_stats after migrating: %s", index)
	}
	st, err := db.Stats(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Routes) != 3 || st.Routes[0].Settings != "" || st.Routes[1].Settings != "sort=latency" ||
		st.Routes[2].Settings != "sort=price" || st.Routes[2].Runs != 2 || st.Routes[2].FirstTokenMs.P50 != 301 {
		t.Fatalf("stats after migrating %+v", st.Routes)
	}
	where, args := Filter{Since: day}.where()
	if plan := queryPlan(t, db, statsQuery+where+statsGroup+statsOrder, args...); strings.Contains(plan, "FOR GROUP BY") {
		t.Fatalf("plan %q", plan)
	}
}
