package history

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

func TestDefaultPathFollowsXDG(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data/home")
	if p, _ := DefaultPath(); p != "/data/home/routeplay/history.db" {
		t.Fatalf("path %q", p)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/u")
	if p, _ := DefaultPath(); p != "/home/u/.local/share/routeplay/history.db" {
		t.Fatalf("fallback path %q", p)
	}
}

func TestNewDatabaseIsCurrentAndWAL(t *testing.T) {
	db := openTemp(t)
	v, err := db.currentVersion(context.Background())
	if err != nil || v != SchemaVersion {
		t.Fatalf("version %d, err %v", v, err)
	}
	var mode string
	db.sql.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if mode != "wal" {
		t.Fatalf("journal mode %q", mode)
	}
	if fi, _ := os.Stat(filepath.Dir(db.Path())); fi.Mode().Perm() != 0o700 {
		t.Fatalf("data directory mode %v", fi.Mode().Perm())
	}
	for _, f := range []string{db.Path(), db.Path() + "-wal"} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", f, fi.Mode().Perm(), err)
		}
	}
}

func TestMigratesFromV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	execFile(t, path, "testdata/v1.sql")
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _ := db.currentVersion(context.Background()); v != SchemaVersion {
		t.Fatalf("version %d after migrating", v)
	}
	rows, err := db.Runs(context.Background(), Filter{})
	if err != nil || len(rows) != 2 {
		t.Fatalf("runs %d, err %v", len(rows), err)
	}
	byRoute := map[string]RunRow{}
	for _, r := range rows {
		byRoute[r.Report.Route] = r
	}
	ok := byRoute["openrouter:openai/gpt-4o-mini"]
	if ok.Report.Text != "7" || *ok.Report.TimingMs.FirstToken != 402.5 || *ok.Report.ServedBy != "OpenAI" ||
		ok.Prompt != "Name a prime" || ok.System != "Be brief." || ok.BenchID != 0 {
		t.Fatalf("migrated run %+v", ok)
	}
	bad := byRoute["openai:gpt-4o-mini"].Report
	if bad.Error == nil || bad.Error.Kind != "rate_limited" || *bad.Error.Status != 429 ||
		len(bad.Attempts) != 1 || bad.Attempts[0].Error.Message != "Rate limit reached" {
		t.Fatalf("migrated failed run %+v", bad)
	}
	// The migrated database takes new writes in the new columns.
	rec := NewRecorder(db, RecorderOptions{})
	rec.AddRun(Run{BenchID: rec.StartBench("w", day), Source: SourceBench, StartedAt: day, Report: sampleReport("r", 1, 1, false)})
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
}

// The fixture must be what migration 1 builds, or the test above proves nothing.
func TestV1FixtureMatchesMigrationOne(t *testing.T) {
	fixture := filepath.Join(t.TempDir(), "fixture.db")
	execFile(t, fixture, "testdata/v1.sql")
	built := filepath.Join(t.TempDir(), "built.db")
	sdb, _ := sql.Open("sqlite", built)
	db := &DB{sql: sdb, path: built}
	if err := db.migrateTo(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if a, b := schemaOf(t, fixture), schemaOf(t, built); a != b {
		t.Fatalf("fixture schema differs from migration 1:\n%s\n---\n%s", a, b)
	}
}

func schemaOf(t *testing.T, path string) string {
	t.Helper()
	sdb, _ := sql.Open("sqlite", path)
	defer sdb.Close()
	rows, err := sdb.Query(`SELECT type, name, sql FROM sqlite_master ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name string
		var text sql.NullString
		rows.Scan(&typ, &name, &text)
		b.WriteString(typ + " " + name + ": " + strings.Join(strings.Fields(text.String), " ") + "\n")
	}
	return b.String()
}

func execFile(t *testing.T, dbPath, sqlPath string) {
	t.Helper()
	text, err := os.ReadFile(sqlPath)
	if err != nil {
		t.Fatal(err)
	}
	sdb, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	if _, err := sdb.Exec(string(text)); err != nil {
		t.Fatal(err)
	}
}

func TestNewerSchemaIsLeftUntouched(t *testing.T) {
	db := openTemp(t)
	path := db.Path()
	db.sql.Exec(`INSERT INTO schema_version VALUES (99, 0)`)
	db.sql.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	db.Close()
	before := readAll(t, path)
	_, err := Open(context.Background(), path, Options{})
	if KindOf(err) != TooNew || !strings.Contains(err.Error(), "newer routeplay") {
		t.Fatalf("err %v", err)
	}
	if !bytes.Equal(before, readAll(t, path)) {
		t.Fatal("a newer database was modified")
	}
}

func TestCorruptFileIsLeftUntouched(t *testing.T) {
	for name, content := range map[string][]byte{
		"text":          []byte("these are my notes, not a database\n"),
		"short":         []byte("SQLite format 3\x00"),
		"damaged pages": append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xA5}, 8192)...),
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			os.WriteFile(path, content, 0o600)
			_, err := Open(context.Background(), path, Options{BusyTimeout: 100 * time.Millisecond})
			if KindOf(err) != Corrupt || !strings.Contains(err.Error(), "left untouched") {
				t.Fatalf("err %v (kind %q)", err, KindOf(err))
			}
			if !bytes.Equal(content, readAll(t, path)) {
				t.Fatal("the file was modified")
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Fatalf("files beside it: %v", entries)
			}
		})
	}
}

func TestLockedDatabaseGivesClearErrorFast(t *testing.T) {
	db := openTemp(t)
	path := db.Path()
	db.Close()
	release := holdExclusiveLock(t, path)
	defer release()
	start := time.Now()
	_, err := Open(context.Background(), path, Options{BusyTimeout: 150 * time.Millisecond})
	if KindOf(err) != Locked || !strings.Contains(err.Error(), "locked by another program") {
		t.Fatalf("err %v", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Fatalf("Open waited %v", took)
	}
}

func TestRecorderOnLockedDatabaseNeverBlocksTheCaller(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(context.Background(), path, Options{BusyTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	release := holdExclusiveLock(t, path)
	defer release()
	var reported []error
	rec := NewRecorder(db, RecorderOptions{OnError: func(err error) { reported = append(reported, err) }})
	start := time.Now()
	for range 1000 {
		rec.RecordAsk("p", "", day, []backend.RouteReport{sampleReport("r", 1, 1, false)})
	}
	if took := time.Since(start); took > time.Second {
		t.Fatalf("recording took %v", took)
	}
	err = rec.Close()
	if KindOf(err) != Locked || len(reported) != 1 {
		t.Fatalf("close err %v, reported %d errors", err, len(reported))
	}
	if rec.Failed()+rec.Dropped() != 1000 || rec.Written() != 0 {
		t.Fatalf("failed %d dropped %d written %d", rec.Failed(), rec.Dropped(), rec.Written())
	}
}

func TestRecorderResumesAfterALockIsReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(context.Background(), path, Options{BusyTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	old := lockPause
	lockPause = 100 * time.Millisecond
	defer func() { lockPause = old }()
	rec := NewRecorder(db, RecorderOptions{})
	release := holdExclusiveLock(t, path)
	rec.AddRun(Run{Source: SourceTUI, StartedAt: day, Report: sampleReport("r", 1, 1, false)})
	waitFor(t, func() bool { return rec.Failed() == 1 })
	release()
	time.Sleep(lockPause + 50*time.Millisecond)
	rec.AddRun(Run{Source: SourceTUI, StartedAt: day, Report: sampleReport("r", 1, 1, false)})
	waitFor(t, func() bool { return rec.Written() == 1 })
	if err := rec.Close(); KindOf(err) != Locked {
		t.Fatalf("close: %v (the first error is kept)", err)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 20s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// holdExclusiveLock takes the database's exclusive lock from another
// connection, as another program would, until release is called.
func holdExclusiveLock(t *testing.T, path string) (release func()) {
	t.Helper()
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`BEGIN EXCLUSIVE`,
		`CREATE TABLE IF NOT EXISTS lock_holder(x)`} {
		if _, err := conn.ExecContext(context.Background(), q); err != nil {
			t.Fatal(q, err)
		}
	}
	return func() {
		conn.ExecContext(context.Background(), `ROLLBACK`)
		conn.Close()
		other.Close()
	}
}

func TestFullDatabaseStopsRecordingClearly(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(context.Background(), path, Options{maxPages: 64})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rec := NewRecorder(db, RecorderOptions{BatchSize: 4})
	big := strings.Repeat("long answer ", 2000)
	for range 200 {
		rep := sampleReport("r", 1, 1, false)
		rep.Text = big
		rec.AddRun(Run{Source: SourceAsk, StartedAt: day, Report: rep})
	}
	err = rec.Close()
	if KindOf(err) != Full || !strings.Contains(err.Error(), "full") {
		t.Fatalf("err %v", err)
	}
	if rec.Written() == 0 || rec.Failed() == 0 {
		t.Fatalf("written %d failed %d", rec.Written(), rec.Failed())
	}
	// What was written before the disk filled is intact.
	rows, err := db.Runs(context.Background(), Filter{})
	if err != nil || int64(len(rows)) != rec.Written() {
		t.Fatalf("rows %d written %d err %v", len(rows), rec.Written(), err)
	}
}

func readAll(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A database whose answers' pages were damaged still opens (its schema is
// intact), reports the damage clearly when read, and is not written to.
func TestDamagedPagesAreReportedAndNotWritten(t *testing.T) {
	db := openTemp(t)
	path := db.Path()
	rec := NewRecorder(db, RecorderOptions{})
	for range 50 {
		rep := sampleReport("r", 1, 1, false)
		rep.Text = strings.Repeat("an answer worth keeping ", 100)
		rec.AddRun(Run{Source: SourceAsk, StartedAt: day, Report: rep})
	}
	rec.Close()
	db.sql.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	db.Close()
	content := readAll(t, path)
	const page = 4096
	for i := 10 * page; i < 14*page && i < len(content); i++ {
		content[i] = 0xA5 // pages deep in the runs table
	}
	os.WriteFile(path, content, 0o600)

	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		if KindOf(err) != Corrupt {
			t.Fatalf("open: %v", err)
		}
	} else {
		_, err = db.Runs(context.Background(), Filter{})
		t.Logf("opened; reading: %v", err)
		if KindOf(err) != Corrupt || !strings.Contains(err.Error(), "damaged") {
			t.Fatalf("reading damaged runs: %v", err)
		}
		db.Close()
	}
	if !bytes.Equal(content, readAll(t, path)) {
		t.Fatal("the damaged file was modified")
	}
}
