package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"go.uber.org/goleak"
)

// TestMain is a safety net: a test whose Deps name no history file still
// stays away from the user's own history database (ask records by default).
// It runs before any test, so parallel tests are unaffected.
func TestMain(m *testing.M) {
	// The tests mostly wait on loopback fakes' injected delays, not the CPU:
	// run more of them at once than there are cores, unless -parallel says.
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", strconv.Itoa(4*runtime.GOMAXPROCS(0)))
	}
	dir, err := os.MkdirTemp("", "routeplay-cli-data-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_DATA_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	// Every route, drain and history writer must end with its command.
	if code == 0 {
		if err := goleak.Find(goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock")); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

const historyOpenAIKey = "sk-test-openai-history-0123456789abcdef"

// historyTest runs asks against a loopback fake with a temp history database.
type historyTest struct {
	t      *testing.T
	kt     *keysTest
	db     string
	config string
}

func newHistoryTest(t *testing.T, extraConfig string) *historyTest {
	t.Helper()
	return newHistoryTestWith(t, func(demo.Request) demo.Script {
		return demo.Script{Text: "Seven is prime.", ServedModel: "gpt-4o-mini-2024-07-18"}
	}, extraConfig)
}

// newHistoryTestWith is newHistoryTest on a fake that answers with script.
func newHistoryTestWith(t *testing.T, script func(demo.Request) demo.Script, extraConfig string) *historyTest {
	t.Helper()
	kt := newKeysTest(t, map[string]string{"OPENAI_API_KEY": historyOpenAIKey})
	srv, hs := demo.Start(script)
	t.Cleanup(func() { srv.Close(); hs.Close() })
	kt.deps.HistoryFile = filepath.Join(t.TempDir(), "data", history.FileName)
	kt.deps.HistoryBusy = 200 * time.Millisecond
	text := fmt.Sprintf("[[routes]]\nname = \"direct\"\nprovider = \"openai\"\nmodel = \"gpt-4o-mini\"\nbase_url = \"%s/v1\"\n%s",
		hs.URL, extraConfig)
	return &historyTest{t: t, kt: kt, db: kt.deps.HistoryFile, config: writeConfig(t, text)}
}

func (ht *historyTest) ask(args ...string) (stdout, stderr string) {
	ht.t.Helper()
	out, errOut, code := ht.kt.cli(append([]string{"ask", "--config", ht.config}, args...)...)
	if code != 0 || !strings.Contains(out, "Seven is prime.") {
		ht.t.Fatalf("ask: code %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	return out, errOut
}

func (ht *historyTest) run(args ...string) string {
	ht.t.Helper()
	out, errOut, code := ht.kt.cli(append(args, "--config", ht.config)...)
	if code != 0 {
		ht.t.Fatalf("%v: code %d\nstderr %s", args, code, errOut)
	}
	return out
}

func TestAskIsKeptAndListed(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	if _, errOut := ht.ask("Name a prime"); errOut != "" {
		t.Fatalf("stderr %q", errOut)
	}
	var runs []struct {
		Route, Prompt, Source, Text string
		ServedModel                 *string `json:"served_model"`
		TimingMs                    struct {
			FirstToken *float64 `json:"first_token"`
		} `json:"timing_ms"`
	}
	if err := json.Unmarshal([]byte(ht.run("history", "--json")), &runs); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].Route != "direct" || runs[0].Prompt != "Name a prime" || runs[0].Source != "ask" ||
		runs[0].Text != "Seven is prime." || *runs[0].ServedModel != "gpt-4o-mini-2024-07-18" || runs[0].TimingMs.FirstToken == nil {
		t.Fatalf("runs %+v", runs)
	}
	text := ht.run("history")
	if !strings.Contains(text, "direct") || !strings.Contains(text, "Name a prime") || !strings.Contains(text, "ok") {
		t.Fatalf("listing:\n%s", text)
	}
	if other := ht.run("history", "--route", "elsewhere"); !strings.HasPrefix(other, "no runs") {
		t.Fatalf("route filter:\n%s", other)
	}
	var st struct {
		Runs   int
		Routes []struct {
			Route        string
			Runs, Errors int
			FirstTokenMs *struct{ P50 float64 } `json:"first_token_ms"`
		}
	}
	if err := json.Unmarshal([]byte(ht.run("history", "stats", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	if st.Runs != 1 || len(st.Routes) != 1 || st.Routes[0].FirstTokenMs == nil || st.Routes[0].Errors != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestNoHistoryFlagAndConfigSwitch(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	ht.ask("--no-history", "Name a prime")
	if _, err := os.Stat(ht.db); !os.IsNotExist(err) {
		t.Fatalf("--no-history created the database: %v", err)
	}
	off := newHistoryTest(t, "[history]\nenabled = false\n")
	off.ask("Name a prime")
	if _, err := os.Stat(off.db); !os.IsNotExist(err) {
		t.Fatalf("[history] enabled = false created the database: %v", err)
	}
}

func TestAskRunsWithACorruptHistoryAndLeavesItAlone(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	os.MkdirAll(filepath.Dir(ht.db), 0o700)
	garbage := []byte("my notes, saved here by mistake\n")
	os.WriteFile(ht.db, garbage, 0o600)
	_, errOut := ht.ask("Name a prime")
	if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "damaged") || !strings.Contains(errOut, "continuing without history") {
		t.Fatalf("stderr %q", errOut)
	}
	if b, _ := os.ReadFile(ht.db); !bytes.Equal(b, garbage) {
		t.Fatal("the file was modified")
	}
	if _, errOut, code := ht.kt.cli("history"); code != cmdenv.ExitRouteError || !strings.Contains(errOut, "damaged") {
		t.Fatalf("history on a corrupt file: code %d stderr %q", code, errOut)
	}
}

func TestAskRunsWithALockedHistory(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	ht.ask("first")
	other, _ := sql.Open("sqlite", ht.db)
	defer other.Close()
	conn, _ := other.Conn(context.Background())
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `BEGIN EXCLUSIVE`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), `ROLLBACK`)
	_, errOut := ht.ask("second")
	if !strings.Contains(errOut, "locked by another program") || !strings.Contains(errOut, "continuing without history") {
		t.Fatalf("stderr %q", errOut)
	}
}

// A key that ends up in a prompt is redacted before it is stored.
func TestKeyInPromptIsNotStored(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	ht.ask("my key is " + historyOpenAIKey)
	for _, f := range []string{ht.db, ht.db + "-wal"} {
		if b, err := os.ReadFile(f); err == nil && bytes.Contains(b, []byte(historyOpenAIKey)) {
			t.Fatalf("%s holds the key", f)
		}
	}
	if out := ht.run("history", "--json"); strings.Contains(out, historyOpenAIKey) || !strings.Contains(out, "my key is sk-") {
		t.Fatalf("history --json:\n%s", out)
	}
}

func TestHistoryExportAndPrune(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	ht.ask("--system", "Be brief.", "Name a prime")
	seedOldRun(t, ht.db, 40*24*time.Hour)
	md := ht.run("history", "export", "--md")
	for _, want := range []string{"# routeplay history", "Prompt:\n\n```text\nName a prime\n```", "### direct",
		"Seven is prime.", "System:", "old question"} {
		if !strings.Contains(md, want) {
			t.Fatalf("markdown lacks %q:\n%s", want, md)
		}
	}
	var doc struct {
		Sessions []struct {
			Source string
			Turns  []struct {
				Prompt, System string
				Runs           []struct{ Route, Text string }
			}
		}
	}
	if err := json.Unmarshal([]byte(ht.run("history", "export", "--json")), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Sessions) != 2 || doc.Sessions[1].Turns[0].System != "Be brief." || doc.Sessions[1].Turns[0].Runs[0].Text != "Seven is prime." {
		t.Fatalf("export %+v", doc)
	}
	if out := ht.run("history", "prune", "--older-than", "30d"); out != "deleted 1 runs older than 30d\n" {
		t.Fatalf("prune: %q", out)
	}
	if out := ht.run("history", "--since", ""); strings.Contains(out, "old question") || !strings.Contains(out, "Name a prime") {
		t.Fatalf("after prune:\n%s", out)
	}
}

// seedHistory opens the history at path and records what add gives the
// recorder, as a past session would have.
func seedHistory(t *testing.T, path string, add func(*history.Recorder)) {
	t.Helper()
	db, err := history.Open(context.Background(), path, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rec := history.NewRecorder(db, history.RecorderOptions{})
	add(rec)
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
}

func seedOldRun(t *testing.T, path string, age time.Duration) {
	t.Helper()
	rep := backend.RouteReport{Route: "direct", Provider: "openai", Model: "gpt-4o-mini", Text: "old answer",
		Usage: backend.UsageReport{Source: "estimate"}}
	seedHistory(t, path, func(rec *history.Recorder) {
		rec.RecordAsk("old question", "", time.Now().Add(-age), []backend.RouteReport{rep})
	})
}

func TestHistoryFlagsAreChecked(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"history", "--since", "soon"}, {"history", "stats", "--since", "-1d"},
		{"history", "prune", "--older-than", "x"}, {"history", "export", "--json", "--md"}} {
		if _, errOut, code := runCLI(t, args...); code != cmdenv.ExitUsage || errOut == "" {
			t.Errorf("%v: code %d stderr %q", args, code, errOut)
		}
	}
}

func TestHistorySearchAndTrend(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	ht.ask("Name a prime")
	seedOldRun(t, ht.db, 3*24*time.Hour)
	if out := ht.run("history", "--search", "OLD QUESTION"); !strings.Contains(out, "old question") || strings.Contains(out, "Name a prime") {
		t.Fatalf("search by prompt:\n%s", out)
	}
	if out := ht.run("history", "--search", "seven is"); !strings.Contains(out, "Name a prime") || strings.Contains(out, "old question") {
		t.Fatalf("search by answer:\n%s", out)
	}
	out := ht.run("history", "stats", "--route", "direct", "--by-day", "--since", "7d")
	if !strings.Contains(out, "direct, day by day") || strings.Count(out, "\n") != 5 {
		t.Fatalf("trend:\n%s", out)
	}
	var days []struct {
		Day  string
		Runs int
	}
	if err := json.Unmarshal([]byte(ht.run("history", "stats", "--route", "direct", "--by-day", "--json")), &days); err != nil {
		t.Fatal(err)
	}
	if len(days) != 2 || days[1].Day != time.Now().Format("2006-01-02") || days[1].Runs != 1 {
		t.Fatalf("trend json %+v", days)
	}
	if _, errOut, code := ht.kt.cli("history", "stats", "--by-day"); code != cmdenv.ExitUsage || !strings.Contains(errOut, "--route") {
		t.Fatalf("--by-day without --route: code %d stderr %q", code, errOut)
	}
}

// Each run is listed with the settings it ran with, so runs of one route
// with different settings read apart; a run without any shows "–".
func TestHistoryShowsEachRunsSettings(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "[routes.params]\ntemperature = 0.3\nmax_tokens = 512\n")
	ht.ask("Name a prime")
	if _, errOut, code := ht.kt.cli("bench", "--config", ht.config, "--runs", "1", "--warmup", "0", "Count"); code != 0 {
		t.Fatalf("bench: code %d, stderr %s", code, errOut)
	}
	seedOldRun(t, ht.db, time.Hour)
	const want = "temp 0.3 · max 512"
	text := ht.run("history")
	lines := strings.Split(strings.TrimSpace(text), "\n")
	col := strings.Index(lines[0], "SETTINGS") // what comes before is ASCII: bytes line up
	if len(lines) != 4 || !strings.HasPrefix(strings.Fields(lines[0])[2], "SETTINGS") {
		t.Fatalf("listing:\n%s", text)
	}
	for i, settings := range []string{want, want, "–"} { // newest first; the oldest had none
		if !strings.HasPrefix(lines[i+1][col:], settings+"  ") {
			t.Errorf("row %d lacks %q under SETTINGS:\n%s", i+1, settings, text)
		}
	}
	var runs []struct{ Source, Settings string }
	if err := json.Unmarshal([]byte(ht.run("history", "--json")), &runs); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 3 || runs[0].Source != "bench" || runs[0].Settings != want || runs[1].Settings != want ||
		runs[2].Settings != "" {
		t.Fatalf("runs %+v", runs)
	}
	if out := ht.run("history", "--json"); !strings.Contains(out, `"settings": ""`) {
		t.Fatalf("a run without settings has the field, empty:\n%s", out)
	}
	if md := ht.run("history", "export", "--md"); strings.Count(md, "- settings: "+want+"\n") != 2 {
		t.Fatalf("markdown export:\n%s", md)
	}
	var doc struct {
		Sessions []struct {
			Turns []struct{ Runs []struct{ Settings string } }
		}
	}
	if err := json.Unmarshal([]byte(ht.run("history", "export", "--json")), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Sessions) != 3 || doc.Sessions[0].Turns[0].Runs[0].Settings != "" ||
		doc.Sessions[2].Turns[0].Runs[0].Settings != want {
		t.Fatalf("json export %+v", doc)
	}
}

// A bench keeps each run's inter-token gaps in summary and its workload in
// the JSON form `bench --json` prints.
func TestBenchKeepsGapsAndWorkloadInHistory(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	if _, errOut, code := ht.kt.cli("bench", "--config", ht.config, "--runs", "2", "--warmup", "0", "--concurrency", "2", "Count"); code != 0 {
		t.Fatalf("bench: code %d, stderr %s", code, errOut)
	}
	db, err := history.Open(context.Background(), ht.db, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Runs(context.Background(), history.Filter{Source: history.SourceBench})
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %d, err %v", len(rows), err)
	}
	for _, r := range rows {
		if r.ITL == nil || r.ITL.Gaps != 2 || r.ITL.P99Ms < r.ITL.P50Ms {
			t.Errorf("run %d: gaps %+v", r.ID, r.ITL)
		}
	}
	w, ok, err := db.BenchWorkload(context.Background(), rows[0].BenchID)
	if err != nil || !ok || !strings.Contains(w.Text, "closed loop: 2 requests in flight per route") {
		t.Fatalf("workload %+v %v %v", w, ok, err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(w.JSON), &doc); err != nil || doc["concurrency"] != 2.0 || doc["cache_busting"] != true {
		t.Errorf("workload JSON %q: %v", w.JSON, err)
	}
	var listed []struct {
		Source string
		ITLMs  *struct{ P50, P95, P99 *float64 } `json:"itl_ms"`
	}
	if err := json.Unmarshal([]byte(ht.run("history", "--json")), &listed); err != nil || len(listed) != 2 {
		t.Fatalf("history --json: %v %+v", err, listed)
	}
	for _, r := range listed {
		if r.ITLMs == nil || r.ITLMs.P50 == nil || r.ITLMs.P99 == nil {
			t.Errorf("history --json lists a bench run without itl_ms: %+v", r)
		}
	}
}
