package history

import (
	"context"
	"database/sql"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

func TestRoundTripKeepsEveryField(t *testing.T) {
	db := openTemp(t)
	rep := filled[backend.RouteReport]("f")
	rep.Notes = nil // derived from the stored figures when a run is read back (TestReloadIsLossless)
	rec := NewRecorder(db, RecorderOptions{})
	s := rec.StartSession(SourceTUI, "title", day)
	turn := rec.AddTurn(s, "the prompt", "the system", day)
	bench := rec.StartBench("1k in / 1k out", day)
	rec.AddRun(Run{SessionID: s, TurnID: turn, BenchID: bench, Source: SourceTUI, StartedAt: day, Report: rep,
		Settings: "temp 0.3 · sort=price"})
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Runs(context.Background(), Filter{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("runs %d, err %v", len(rows), err)
	}
	got := rows[0]
	if !reflect.DeepEqual(got.Report, rep) {
		t.Fatalf("report changed in the database:\n got %+v\nwant %+v", got.Report, rep)
	}
	if got.SessionID != s || got.TurnID != turn || got.BenchID != bench || got.Source != SourceTUI ||
		!got.StartedAt.Equal(day) || got.Prompt != "the prompt" || got.System != "the system" ||
		got.Settings != "temp 0.3 · sort=price" {
		t.Fatalf("run context %+v", got.Run)
	}
}

func TestRoundTripKeepsAbsentFieldsAbsent(t *testing.T) {
	db := openTemp(t)
	rep := backend.RouteReport{Route: "r", Provider: "demo", Model: "m", Attempts: []backend.AttemptReport{},
		Usage: backend.UsageReport{Source: "estimate"}, ToolCalls: []backend.ToolCallReport{}}
	rec := NewRecorder(db, RecorderOptions{})
	rec.RecordAsk("hi", "", day, []backend.RouteReport{rep})
	rec.Close()
	rows, err := db.Runs(context.Background(), Filter{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("runs %d, err %v", len(rows), err)
	}
	if !reflect.DeepEqual(rows[0].Report, rep) {
		t.Fatalf("got %+v\nwant %+v", rows[0].Report, rep)
	}
}

// A key that reached a prompt or a provider message is redacted before it
// is written, and no column anywhere holds it.
func TestPlantedKeyIsInNoColumn(t *testing.T) {
	const key = "sk-or-v1-plantedplantedplantedplanted0000000000000000000000009f3a"
	db := openTemp(t)
	rep := filled[backend.RouteReport]("r")
	rep.Text = "echo " + key
	rep.Error.Message = "invalid key " + key
	rep.Attempts[0].Error.Message = "401 for " + key
	finish := key // a hostile upstream's finish_reason
	rep.FinishReason = &finish
	rep.ToolCalls[0].Name = "call_" + key // a model that echoes the key into a call
	rep.ToolCalls[0].ArgumentsText = `{"key": "` + key + `"}`
	rep.ToolCalls[0].Arguments = []byte(`{"key":"` + key + `"}`)
	rep.ToolCalls[1].SchemaErrors[0] = "/key: " + key
	rep.SchemaErrors[0] = "/answer: " + key
	rec := NewRecorder(db, RecorderOptions{Redact: func(s string) string { return strings.ReplaceAll(s, key, "sk-or-v1-…9f3a") }})
	rec.RecordAskRuns("my key is "+key, "system "+key, day, []Run{{Report: rep, Settings: "order=" + key}})
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	assertNowhere(t, db.Path(), key)
}

// assertNowhere scans every text column of every table, and the raw files.
func assertNowhere(t *testing.T, path, secret string) {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, table := range []string{"sessions", "turns", "runs", "benches", "schema_version"} {
		rows, err := raw.Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if s, ok := v.(string); ok && strings.Contains(s, secret) {
					t.Errorf("%s.%s holds the key", table, cols[i])
				}
			}
		}
		rows.Close()
	}
	for _, f := range []string{path, path + "-wal"} {
		if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), secret) {
			t.Errorf("%s holds the key", f)
		}
	}
}

func TestNilRecorderRecordsNothing(t *testing.T) {
	var rec *Recorder
	s := rec.StartSession(SourceAsk, "x", day)
	rec.AddRun(Run{SessionID: s})
	rec.RecordAsk("p", "", day, nil)
	if rec.Close() != nil || rec.Dropped() != 0 || rec.Err() != nil {
		t.Fatal("a nil recorder must be inert")
	}
}

func TestConcurrentWritersThousandsOfRuns(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{QueueSize: 8192})
	const writers, each = 8, 500
	bench := rec.StartBench("concurrent", day)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				rep := sampleReport("route-"+string(rune('a'+w)), float64(100+i), 50, i%10 == 0)
				rec.AddRun(Run{BenchID: bench, Source: SourceBench, StartedAt: day.Add(time.Duration(i) * time.Millisecond), Report: rep})
			}
		}()
	}
	wg.Wait()
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.sql.QueryRow(`SELECT count(*) FROM runs WHERE bench_id = ?`, int64(bench)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if int64(n)+rec.Dropped() != writers*each || rec.Failed() != 0 {
		t.Fatalf("stored %d + dropped %d, failed %d; want %d", n, rec.Dropped(), rec.Failed(), writers*each)
	}
	if n < writers*each/2 {
		t.Fatalf("only %d of %d runs stored", n, writers*each)
	}
}

func TestFullQueueDropsAndCounts(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{QueueSize: 1, BatchSize: 1})
	start := time.Now()
	for range 2000 {
		rec.AddRun(Run{Source: SourceAsk, StartedAt: day, Report: sampleReport("r", 100, 10, false)})
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("enqueueing took %v: the caller was blocked", took)
	}
	rec.Close()
	if rec.Dropped() == 0 || rec.Written()+rec.Dropped() != 2000 {
		t.Fatalf("written %d dropped %d", rec.Written(), rec.Dropped())
	}
	rec.AddRun(Run{})
	if rec.Dropped() == 0 || rec.Written()+rec.Dropped() != 2001 {
		t.Fatal("a write after Close must be dropped and counted")
	}
}

func TestRetentionPrunesOnClose(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	old, recent := time.Now().Add(-100*24*time.Hour), time.Now().Add(-time.Hour)
	rec.RecordAsk("old", "", old, []backend.RouteReport{sampleReport("r", 1, 1, false)})
	rec.RecordAsk("new", "", recent, []backend.RouteReport{sampleReport("r", 1, 1, false)})
	rec.Close()
	rec = NewRecorder(db, RecorderOptions{Retention: 90 * 24 * time.Hour})
	rec.Close()
	rows, _ := db.Runs(context.Background(), Filter{})
	if len(rows) != 1 || rows[0].Prompt != "new" {
		t.Fatalf("after retention: %d runs", len(rows))
	}
	for _, table := range []string{"turns", "sessions"} {
		var n int
		db.sql.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n)
		if n != 1 {
			t.Errorf("%s: %d rows left, want 1", table, n)
		}
	}
}

func TestRecordBenchGroupsItsRuns(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	runs := []Run{{Report: sampleReport("a", 100, 50, false)}, {Report: sampleReport("b", 200, 60, false), StartedAt: day.Add(time.Second)}}
	bench := rec.RecordBench("5 runs, 1 warmup", "Count to ten", "", day, runs)
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	rows, _ := db.Runs(context.Background(), Filter{Source: SourceBench})
	if len(rows) != 2 || rows[0].BenchID != bench || rows[1].BenchID != bench || rows[0].Prompt != "Count to ten" ||
		!rows[0].StartedAt.Equal(day.Add(time.Second)) || !rows[1].StartedAt.Equal(day) || rows[0].SessionID == 0 {
		t.Fatalf("rows %+v", rows)
	}
	var workload string
	db.sql.QueryRow(`SELECT workload FROM benches WHERE id = ?`, int64(bench)).Scan(&workload)
	if workload != "5 runs, 1 warmup" {
		t.Fatalf("workload %q", workload)
	}
}

func TestRecordBenchKeepsGapsAndTheWorkloadJSON(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	gaps := &GapSummary{P50Ms: 12.5, P95Ms: 30.25, P99Ms: 41, Gaps: 380}
	runs := []Run{{Report: sampleReport("a", 100, 50, false), ITL: gaps}, {Report: sampleReport("b", 200, 60, false)}}
	w := Workload{Text: "closed loop: 4 in flight", JSON: `{"concurrency":4,"cache_busting":true}`}
	bench := rec.RecordBenchWorkload(w, "Count to ten", "", day, runs)
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Runs(context.Background(), Filter{Source: SourceBench})
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %d, err %v", len(rows), err)
	}
	byRoute := map[string]RunRow{rows[0].Report.Route: rows[0], rows[1].Report.Route: rows[1]}
	if got := byRoute["a"].ITL; got == nil || *got != *gaps {
		t.Errorf("gaps read back %+v, want %+v", got, gaps)
	}
	if byRoute["b"].ITL != nil {
		t.Errorf("a run without gaps read back %+v", byRoute["b"].ITL)
	}
	got, ok, err := db.BenchWorkload(context.Background(), bench)
	if err != nil || !ok || got != w {
		t.Errorf("workload %+v %v %v", got, ok, err)
	}
	if _, ok, err := db.BenchWorkload(context.Background(), bench+1); ok || err != nil {
		t.Errorf("no such bench: %v %v", ok, err)
	}
}
