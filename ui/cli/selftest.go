package cli

import (
	"errors"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"

	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/routeplay/routeplay/ui/selftest"
)

func newSelftestCmd(deps *cmdenv.Deps) *cobra.Command {
	stdio := deps.IO
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
  6. a flood of 1,000,000 one-character chunks on one route beside a steady one

Figures are printed as ratios and differences against the budget in
docs/PERFORMANCE.md. A busy machine inflates them: the load average is shown.`,
		Example: `  routeplay selftest
  routeplay selftest --quick`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sizes := selftest.BudgetSizes()
			if quick {
				sizes = selftest.QuickSizes()
			}
			if profile != "" {
				stop, err := startCPUProfile(profile)
				if err != nil {
					return err
				}
				defer stop()
			}
			if child != "" {
				return selftestError(selftest.RunChild(cmd.Context(), child, sizes, stdio.Out))
			}
			opts := selftest.Options{Sizes: sizes, InProcess: inProcess, Only: only}
			return selftestError(selftest.Run(cmd.Context(), opts, stdio.Out))
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&quick, "quick", false, "tiny workloads: checks that every section runs, not the budget")
	fl.BoolVar(&inProcess, "in-process", false, "measure first frame and memory in this process instead of a fresh one")
	fl.StringVar(&child, "child", "", "run one fresh-process section (first-frame, memory or flood) and print its figures")
	fl.IntVar(&only, "section", 0, "run only this section (1-6)")
	fl.StringVar(&profile, "cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof)")
	_ = fl.MarkHidden("child")
	return cmd
}

// selftestError gives a section or child mode that does not exist the
// usage exit code.
func selftestError(err error) error {
	var ue *selftest.UsageError
	if errors.As(err, &ue) {
		return &cmdenv.ExitError{Code: cmdenv.ExitUsage, Err: err}
	}
	return err
}

// startCPUProfile profiles the run so a missed target can be traced.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, cmdenv.UsageError("cpuprofile: %v", err)
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
