package selftest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestRunPrintsEverySection runs the whole selftest on tiny workloads.
// It checks that every section runs and prints its figures; the budget
// itself is held by the benchmarks and docs/PERFORMANCE.md, never here.
func TestRunPrintsEverySection(t *testing.T) {
	var out strings.Builder
	if err := Run(context.Background(), Options{Sizes: QuickSizes(), InProcess: true}, &out); err != nil {
		t.Fatal(err)
	}
	stdout := out.String()
	for _, want := range []string{
		"CPUs", "load",
		"1. First-token accuracy", "fake's record",
		"2. Live:", "painted frames:", "coalescing:", "CPU needed to keep up", "display lag", "backlog:",
		"3. Long answer", "growth",
		"4. First frame and memory", "first frame:", "peak RSS",
		"5. Engine allocations per streamed chunk", "openai", "anthropic", "gemini",
		"6. Flood", "engine alone", "shown done by the playground", "target ≤ ×2", "the other pane meanwhile",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestRunOneSection(t *testing.T) {
	var out strings.Builder
	if err := Run(context.Background(), Options{Sizes: QuickSizes(), Only: 5}, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "1. First-token") || !strings.Contains(out.String(), "allocations") {
		t.Fatalf("Only: 5 ran:\n%s", out.String())
	}
	var ue *UsageError
	if err := Run(context.Background(), Options{Only: 9}, &out); !errors.As(err, &ue) {
		t.Fatalf("Only: 9: %v, want a UsageError", err)
	}
}

// TestChildFiguresRoundTrip checks the fresh-process protocol: what a child
// prints, the parent reads back.
func TestChildFiguresRoundTrip(t *testing.T) {
	var out strings.Builder
	if err := RunChild(context.Background(), "first-frame", QuickSizes(), &out); err != nil {
		t.Fatal(err)
	}
	f, err := parseFigures([]byte(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	if f["new-to-view"] <= 0 || time.Since(time.Unix(0, f["first-view"])) > time.Minute {
		t.Fatalf("figures %+v from %q", f, out.String())
	}
	out.Reset()
	sizes := QuickSizes()
	sizes.FloodChunks = 2000
	if err := RunChild(context.Background(), "flood", sizes, &out); err != nil {
		t.Fatal(err)
	}
	if f, err = parseFigures([]byte(out.String())); err != nil || f["ask"] <= 0 || f["shown"] <= 0 || f["peak-kb"] <= 0 {
		t.Fatalf("flood figures %+v (%v) from %q", f, err, out.String())
	}
	var ue *UsageError
	if err := RunChild(context.Background(), "nonsense", QuickSizes(), &out); !errors.As(err, &ue) {
		t.Fatalf("an unknown mode: %v, want a UsageError", err)
	}
}

// TestZeroSizesMeanTheBudget: Options{} runs the budget, not a run of zero
// tokens that divides by zero.
func TestZeroSizesMeanTheBudget(t *testing.T) {
	if !(Sizes{}).isZero() || BudgetSizes().isZero() || QuickSizes().isZero() {
		t.Fatal("isZero must hold for Sizes{} alone")
	}
}

// The flood counts as shown done only when its own pane's header says so;
// an error is not done.
func TestFloodShownReadsTheFloodPane(t *testing.T) {
	for _, c := range []struct {
		frame string
		want  string
	}{
		{"│ flood openai-compatible   ✓ done │ │ steady openai-compatible  ⠋ streaming │", "done"},
		{"│ flood openai-compatible   ⠋ streaming │ │ steady openai-compatible  ✓ done │", ""},
		{"╭──╮\n│ \x1b[1mflood\x1b[m   \x1b[32m✓ done\x1b[m │", "done"},
		{"│ flood openai-compatible   ✗ error │ │ steady  ✓ done │", "error"},
		{"│ steady  ✓ done │", ""},
	} {
		if got := floodShown(c.frame); got != c.want {
			t.Errorf("%q: %q, want %q", c.frame, got, c.want)
		}
	}
}
