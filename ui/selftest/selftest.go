// Package selftest measures routeplay's own overhead on this machine against
// fake providers on loopback or in-process: first-token accuracy, the live
// render path, render growth, first frame and memory, engine allocations,
// and a flood of tiny chunks.
//
// Sections 4 and 6 run in a fresh process: this executable started again with
// the arguments `selftest --child first-frame|memory|flood [--quick]`, which must call
// RunChild and print nothing else (ui/cli's selftest command does).
package selftest

import (
	"context"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// Sizes are the workloads of one selftest run. The defaults are the
// performance budget's; tests use tiny ones.
type Sizes struct {
	FirstTokenRuns int           // interleaved rounds of routeplay and curl
	FirstTokenWait time.Duration // the fake's delay before the first token
	Routes         int           // concurrent routes of the live run
	TokensPerSec   int           // each route's rate in the live run
	LiveFor        time.Duration // length of the live run
	LongTokens     []int         // answer lengths of the render-growth run (short, long)
	LongRate       int           // tokens/s of the render-growth run
	MemPanes       int           // panes of the memory run
	MemTokens      int           // tokens per pane of the memory run
	Chunks         int           // chunks per stream of the allocation run
	FloodChunks    int           // one-character chunks of the flood run
}

// BudgetSizes are the workloads docs/PERFORMANCE.md states its budget for.
func BudgetSizes() Sizes {
	return Sizes{FirstTokenRuns: 20, FirstTokenWait: 20 * time.Millisecond, Routes: 8, TokensPerSec: 5000,
		LiveFor: 4 * time.Second, LongTokens: []int{10_000, 100_000}, LongRate: 50_000,
		MemPanes: 8, MemTokens: 50_000, Chunks: 2000, FloodChunks: 1_000_000}
}

// QuickSizes are tiny workloads: they check that every section runs, not
// the budget.
func QuickSizes() Sizes {
	return Sizes{FirstTokenRuns: 3, FirstTokenWait: 5 * time.Millisecond, Routes: 2, TokensPerSec: 2000,
		LiveFor: 300 * time.Millisecond, LongTokens: []int{200, 2000}, LongRate: 20_000,
		MemPanes: 2, MemTokens: 500, Chunks: 200, FloodChunks: 20_000}
}

func (s Sizes) isZero() bool { return reflect.ValueOf(s).IsZero() }

// Options are the choices of one run.
type Options struct {
	Sizes     Sizes // the workloads; the zero Sizes means BudgetSizes()
	InProcess bool  // first frame and memory in this process, not a fresh one
	Only      int   // run just this section (1-6); 0 runs all
}

// UsageError is a section or child mode that does not exist: the caller's
// mistake, not a failed measurement.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

func usageError(format string, a ...any) error {
	return &UsageError{msg: fmt.Sprintf(format, a...)}
}

// Run runs the sections in order and prints each as it finishes.
func Run(ctx context.Context, opts Options, out io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	sizes := opts.Sizes
	if sizes.isZero() {
		sizes = BudgetSizes()
	}
	fmt.Fprintf(out, "routeplay selftest — %s\n\n", machineLine())
	sections := []struct {
		title string
		run   func(context.Context, Sizes, io.Writer) error
	}{
		{"1. First-token accuracy", sectionFirstToken},
		{fmt.Sprintf("2. Live: %d routes × %d tokens/s through the playground (headless)", sizes.Routes, sizes.TokensPerSec), sectionLive},
		{"3. Long answer: render cost and its growth", sectionLongAnswer},
		{"4. First frame and memory", func(ctx context.Context, s Sizes, w io.Writer) error {
			return sectionStartAndMemory(ctx, s, opts.InProcess, w)
		}},
		{"5. Engine allocations per streamed chunk", sectionAllocs},
		{"6. Flood: one route sends one-character chunks as fast as it can", func(ctx context.Context, s Sizes, w io.Writer) error {
			return sectionFlood(ctx, s, opts.InProcess, w)
		}},
	}
	if opts.Only < 0 || opts.Only > len(sections) {
		return usageError("--section must be between 1 and %d", len(sections))
	}
	for i, s := range sections {
		if opts.Only != 0 && opts.Only != i+1 {
			continue
		}
		fmt.Fprintln(out, s.title)
		if err := s.run(ctx, sizes, out); err != nil {
			return fmt.Errorf("selftest: %s: %w", s.title, err)
		}
		fmt.Fprintln(out)
	}
	return nil
}

// machineLine names the machine the figures belong to.
func machineLine() string {
	return fmt.Sprintf("%s, %d CPUs, %s, load %s", cpuModel(), runtime.NumCPU(), runtime.Version(), loadAverage())
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if name, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
		}
	}
	return runtime.GOARCH
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// processCPU is the CPU time (user + system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuWindow measures the process's CPU use over a stretch of wall time.
type cpuWindow struct {
	wall0 time.Time
	cpu0  time.Duration
}

func startCPU() cpuWindow { return cpuWindow{wall0: time.Now(), cpu0: processCPU()} }

// phase is a measured stretch: its wall time and the CPU used over it as a
// share of one core.
type phase struct {
	wall  time.Duration
	cores float64
}

func (w cpuWindow) phase() phase {
	wall := time.Since(w.wall0)
	return phase{wall: wall, cores: float64(processCPU()-w.cpu0) / float64(wall)}
}

// without is p less cpu of its CPU: work done to measure, not to play.
func (p phase) without(cpu time.Duration) phase {
	if p.wall <= 0 {
		return p
	}
	return phase{wall: p.wall, cores: max(0, p.cores-float64(cpu)/float64(p.wall))}
}

// verdict marks a figure against its target.
func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISS"
}
