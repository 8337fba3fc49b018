package cli

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

func TestNoHistoryIsOneFlagOfPlaygroundAskAndBench(t *testing.T) {
	t.Parallel()
	root := NewRoot(&cmdenv.Deps{IO: cmdenv.IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}})
	if root.Flags().Lookup("no-history") == nil {
		t.Error("the playground lacks --no-history")
	}
	for _, name := range []string{"ask", "bench"} {
		cmd, _, err := root.Find([]string{name})
		if err != nil || cmd.Flags().Lookup("no-history") == nil {
			t.Errorf("%s lacks --no-history: %v", name, err)
		}
	}
}

func TestBenchIsKeptInHistory(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	if _, errOut, code := ht.kt.cli("bench", "--config", ht.config, "--runs", "3", "--warmup", "1", "Name a prime"); code != 0 {
		t.Fatalf("bench: code %d, stderr %s", code, errOut)
	}
	var runs []struct{ Route, Prompt, Source, Text string }
	if err := json.Unmarshal([]byte(ht.run("history", "--json")), &runs); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 3 {
		t.Fatalf("the measured runs are kept, not the warmup: %d runs", len(runs))
	}
	for _, r := range runs {
		if r.Source != "bench" || r.Route != "direct" || r.Prompt != "Name a prime" || r.Text != "Seven is prime." {
			t.Fatalf("run %+v", r)
		}
	}
}

func TestBenchWithNoHistoryKeepsNothing(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	if _, errOut, code := ht.kt.cli("bench", "--config", ht.config, "--runs", "1", "--no-history", "hi"); code != 0 {
		t.Fatalf("bench: code %d, stderr %s", code, errOut)
	}
	if _, err := os.Stat(ht.db); !os.IsNotExist(err) {
		t.Fatalf("--no-history created the database: %v", err)
	}
}

func TestPlaygroundHistoryOpensOrSaysWhyNot(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	s := &cmdenv.Session{Deps: &ht.kt.deps, Config: nil, Keys: ht.kt.store()}
	if h, done := playHistory(context.Background(), s, true); h.Store != nil || !strings.Contains(h.Off, "--no-history") {
		t.Fatalf("--no-history: %+v", h)
	} else {
		done(io.Discard)
	}
	off := false
	s.Config = &config.Config{History: config.HistoryConfig{Enabled: &off}}
	if h, _ := playHistory(context.Background(), s, false); h.Store != nil || !strings.Contains(h.Off, "enabled = false") {
		t.Fatalf("config switch: %+v", h)
	}
	s.Config = nil
	h, done := playHistory(context.Background(), s, false)
	if h.Store == nil || h.Recorder == nil || h.Errors == nil || h.Problem != "" {
		t.Fatalf("open: %+v", h)
	}
	done(io.Discard)
	if _, err := os.Stat(ht.db); err != nil {
		t.Fatalf("the database was not created: %v", err)
	}

	if err := os.WriteFile(ht.db, []byte("not a database, and not to be touched"), 0o600); err != nil {
		t.Fatal(err)
	}
	h, _ = playHistory(context.Background(), s, false)
	if h.Store != nil || !strings.Contains(h.Problem, "not being kept") {
		t.Fatalf("a corrupt file is told in the status line: %+v", h)
	}
	if b, _ := os.ReadFile(ht.db); string(b) != "not a database, and not to be touched" {
		t.Fatal("the corrupt file was changed")
	}
}
