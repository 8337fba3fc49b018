package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// selftestSizes are the workloads of one selftest run. The defaults are the
// performance budget's; tests use tiny ones.
type selftestSizes struct {
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
}

func budgetSizes() selftestSizes {
	return selftestSizes{FirstTokenRuns: 20, FirstTokenWait: 20 * time.Millisecond, Routes: 8, TokensPerSec: 5000,
		LiveFor: 4 * time.Second, LongTokens: []int{10_000, 100_000}, LongRate: 50_000,
		MemPanes: 8, MemTokens: 50_000, Chunks: 2000}
}

func quickSizes() selftestSizes {
	return selftestSizes{FirstTokenRuns: 3, FirstTokenWait: 5 * time.Millisecond, Routes: 2, TokensPerSec: 2000,
		LiveFor: 300 * time.Millisecond, LongTokens: []int{200, 2000}, LongRate: 20_000,
		MemPanes: 2, MemTokens: 500, Chunks: 200}
}

func newSelftestCmd(stdio IO) *cobra.Command {
	var quick, inProcess bool
	var child, profile string
	var only int
	cmd := &cobra.Command{
		Use:   "selftest",
		Short: "Measure routeplay's own overhead on this machine against loopback fake providers",
		Long: `Measure, on this machine and in one run, how much routeplay itself adds to
what it measures and whether it keeps up, against fake providers on loopback
or in-process (no network, no keys):

  1. first-token time vs the fake's own record and vs curl's time_starttransfer
  2. 8 routes × 5,000 tokens/s through the full playground render path, headless
  3. render cost of a 10,000- and a 100,000-token answer (growth should be linear)
  4. time to the first frame and memory with 8 panes × 50,000 tokens
  5. allocations per streamed chunk on the engine path

Figures are printed as ratios and differences against the budget in
docs/PERFORMANCE.md. A busy machine inflates them: the load average is shown.`,
		Example: `  routeplay selftest
  routeplay selftest --quick`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sizes := budgetSizes()
			if quick {
				sizes = quickSizes()
			}
			if child != "" {
				return runSelftestChild(cmd.Context(), child, sizes, stdio.Out)
			}
			if profile != "" {
				stop, err := startCPUProfile(profile)
				if err != nil {
					return err
				}
				defer stop()
			}
			return runSelftest(cmd.Context(), sizes, selftestRun{inProcess: inProcess, only: only}, stdio.Out)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&quick, "quick", false, "tiny workloads: checks that every section runs, not the budget")
	fl.BoolVar(&inProcess, "in-process", false, "measure first frame and memory in this process instead of a fresh one")
	fl.StringVar(&child, "child", "", "run one fresh-process section (first-frame or memory) and print its figures")
	fl.IntVar(&only, "section", 0, "run only this section (1-5)")
	fl.StringVar(&profile, "cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof)")
	_ = fl.MarkHidden("child")
	return cmd
}

// selftestRun are the choices of one run.
type selftestRun struct {
	inProcess bool // first frame and memory in this process
	only      int  // run just this section; 0 runs all
}

// runSelftest runs the sections in order and prints each as it finishes.
func runSelftest(ctx context.Context, sizes selftestSizes, opts selftestRun, out io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	fmt.Fprintf(out, "routeplay selftest — %s\n\n", machineLine())
	sections := []struct {
		title string
		run   func(context.Context, selftestSizes, io.Writer) error
	}{
		{"1. First-token accuracy", sectionFirstToken},
		{fmt.Sprintf("2. Live: %d routes × %d tokens/s through the playground (headless)", sizes.Routes, sizes.TokensPerSec), sectionLive},
		{"3. Long answer: render cost and its growth", sectionLongAnswer},
		{"4. First frame and memory", func(ctx context.Context, s selftestSizes, w io.Writer) error {
			return sectionStartAndMemory(ctx, s, opts.inProcess, w)
		}},
		{"5. Engine allocations per streamed chunk", sectionAllocs},
	}
	if opts.only < 0 || opts.only > len(sections) {
		return usageError("--section must be between 1 and %d", len(sections))
	}
	for i, s := range sections {
		if opts.only != 0 && opts.only != i+1 {
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

// startCPUProfile profiles the run so a missed target can be traced.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, usageError("cpuprofile: %v", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
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

// verdict marks a figure against its target.
func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISS"
}
