package cli

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestSelftestPrintsEverySection runs the whole selftest on tiny workloads.
// It checks that every section runs and prints its figures; the budget
// itself is held by the benchmarks and docs/PERFORMANCE.md, never here.
func TestSelftestPrintsEverySection(t *testing.T) {
	stdout, stderr, code := runCLI(t, "selftest", "--quick", "--in-process")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"CPUs", "load",
		"1. First-token accuracy", "fake's record",
		"2. Live:", "painted frames:", "coalescing:", "CPU needed to keep up", "display lag", "backlog:",
		"3. Long answer", "growth",
		"4. First frame and memory", "first frame:", "peak RSS",
		"5. Engine allocations per streamed chunk", "openai", "anthropic", "gemini",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestSelftestOneSection(t *testing.T) {
	stdout, stderr, code := runCLI(t, "selftest", "--quick", "--section", "5")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(stdout, "1. First-token") || !strings.Contains(stdout, "allocations") {
		t.Fatalf("--section 5 ran:\n%s", stdout)
	}
	if _, _, code := runCLI(t, "selftest", "--section", "9"); code != ExitUsage {
		t.Fatalf("--section 9: exit %d, want %d", code, ExitUsage)
	}
}

// TestSelftestChildFiguresRoundTrip checks the fresh-process protocol: what
// a child prints, the parent reads back.
func TestSelftestChildFiguresRoundTrip(t *testing.T) {
	var out strings.Builder
	if err := runSelftestChild(context.Background(), "first-frame", quickSizes(), &out); err != nil {
		t.Fatal(err)
	}
	f, err := parseFigures([]byte(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	if f.newToView <= 0 || time.Since(f.firstView) > time.Minute {
		t.Fatalf("figures %+v from %q", f, out.String())
	}
	if err := runSelftestChild(context.Background(), "nonsense", quickSizes(), &out); err == nil {
		t.Fatal("an unknown section must fail")
	}
}
