package benchcmd

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

func TestBenchWorkloadCountsOneOfEachInTheSingular(t *testing.T) {
	t.Parallel()
	res := &bench.Result{Runs: 1, Workload: bench.Workload{InputTokens: 1, Warmup: 1}}
	got := strings.Join(workloadLines(res, &cmdenv.Session{}), "; ")
	if !strings.Contains(got, "input ~1 token per request (estimated)") || !strings.Contains(got, "1 measured run per route after 1 warmup round") {
		t.Fatalf("workload %q", got)
	}
}

func TestBenchProgressClearsItsLineWhenInterrupted(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	bar := newBenchProgress(&b, true, []backend.Route{{Name: "r"}})
	bar.Run(bench.Progress{Done: 1, Total: 4, Result: &backend.Result{}})
	bar.Close()
	if !strings.HasSuffix(b.String(), "\r\x1b[2K") {
		t.Fatalf("the bar's line is left for the report to run into: %q", b.String())
	}
	b.Reset()
	newBenchProgress(&b, true, nil).Close()
	if b.String() != "\r\x1b[2K" {
		t.Fatalf("interrupted before the first run: %q", b.String())
	}
	b.Reset()
	newBenchProgress(&b, false, nil).Close()
	if b.String() != "" {
		t.Fatalf("no terminal, nothing to clear: %q", b.String())
	}
	b.Reset()
	bar.Run(bench.Progress{Done: 4, Total: 4, Result: &backend.Result{}})
	bar.Close()
	if !strings.HasSuffix(b.String(), "\n") {
		t.Fatalf("a finished bar keeps its line: %q", b.String())
	}
}
