package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"charm.land/bubbles/v2/progress"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/export"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/spf13/cobra"
)

func init() { register(newBenchCmd) }

type benchFlags struct {
	runs, warmup int
	cold, asJSON bool
	export       string
}

func newBenchCmd(stdio IO) *cobra.Command {
	var f routeFlags
	var bf benchFlags
	cmd := &cobra.Command{
		Use:   "bench [flags] PROMPT",
		Short: "Run every route many times and report the spread of its timings and cost",
		Long:  benchLong(),
		Example: `  routeplay bench --demo --runs 5 "Explain HTTP/2 in two sentences"
  routeplay bench --route openrouter:openai/gpt-4o-mini --route openai:gpt-4o-mini --runs 20 "Name a prime"
  routeplay bench --runs 10 --cold --json "hi" > bench.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBench(cmd, args, stdio, &f, &bf)
		},
	}
	f.add(cmd)
	fl := cmd.Flags()
	fl.IntVar(&bf.runs, "runs", 10, "measured runs per route")
	fl.IntVar(&bf.warmup, "warmup", 1, "unmeasured runs per route before measuring")
	fl.BoolVar(&bf.cold, "cold", false, "a fresh connection for every run (DNS, TCP and TLS measured)")
	fl.BoolVar(&bf.asJSON, "json", false, "print the raw runs and the summary as JSON")
	fl.StringVar(&bf.export, "export", "", "also write a report to FILE.md or FILE.json")
	return cmd
}

func benchLong() string {
	return `Run every route --runs times (after --warmup unmeasured runs) and print, per route,
min, p50, p95, max, mean and stdev of first-token time, total time, tokens/s and cost,
with the success rate, errors by kind and the total cost (or JSON with --json).

Routes run one request at a time, never concurrently, so they do not contend for the
CPU or the network; each round rotates their order so drift over time hits all alike.
Connections are kept warm between runs; --cold dials afresh for every run, so DNS,
TCP and TLS are part of each measurement. Ctrl+C stops early and still reports what
was measured. Progress goes to stderr.

` + fmt.Sprintf(`Fair cost adds OpenRouter's fees to its routes, as published on %s: the
credit purchase fee (%g%%, min $%.2f, assuming $%g purchases) or, with byok = true,
the BYOK fee (%g%% beyond %d free requests a month). Change them in the config's
[fees] table: credit_fee_percent, credit_fee_min_usd, credit_purchase_usd, byok,
byok_fee_percent, byok_free_requests_per_month, byok_requests_per_month.`,
		config.FeesPublished, config.DefaultCreditFeePercent, config.DefaultCreditFeeMinUSD,
		config.DefaultCreditPurchaseUSD, config.DefaultBYOKFeePercent, config.DefaultBYOKFreeRequestsPerM) + `

Exit codes: 0 every run succeeded, 1 a run failed or the bench was stopped early,
2 usage or config error, 3 the --export file could not be written.`
}

func runBench(cmd *cobra.Command, args []string, stdio IO, f *routeFlags, bf *benchFlags) error {
	if bf.runs < 1 || bf.warmup < 0 {
		return usageError("--runs must be at least 1 and --warmup not negative")
	}
	if err := validateTimeouts(f); err != nil {
		return err
	}
	format, err := checkExportPath(bf.export)
	if err != nil {
		return err
	}
	prompt, err := readPrompt(args, stdio)
	if err != nil {
		return err
	}
	s, err := openSession(cmd, f)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	errOut := redactingWriter{w: stdio.Err, r: s.keys.Redactor()}
	s.warnKeyHosts(errOut)
	hist := startHistory(ctx, s.cfg, f.noHistory, s.keys.Redactor().Redact, errOut)
	defer hist.close()
	started := time.Now()
	bar := newBenchProgress(errOut, stdio.OutTTY, s.routes)
	res := s.bench(ctx, prompt, bf, bar.Run)
	bar.Close()
	out := redactingWriter{w: stdio.Out, r: s.keys.Redactor()}
	workload := benchWorkload(prompt, bf, s)
	recordBench(hist, workload, prompt, s.system, started, res)
	if bf.asJSON {
		if err := writeBenchJSON(out, prompt, res); err != nil {
			return err
		}
	} else {
		writeBenchText(out, res, workload, s, stdio.OutTTY)
	}
	if format != 0 {
		x := export.Export{Prompt: prompt, Bench: res, Workload: workload, Fees: s.fees(),
			Splits: s.firstTokenSplits(ctx, res.TypicalRuns())}
		if err := writeExport(bf.export, format, x, s); err != nil {
			return err
		}
	}
	if res.Failed() || res.Interrupted {
		return &ExitError{Code: ExitRouteError}
	}
	return nil
}

func (s *session) bench(ctx context.Context, prompt string, bf *benchFlags, onRun func(engine.BenchProgress)) *engine.BenchResult {
	req := backend.Request{System: s.system, Messages: []backend.Message{{Role: backend.RoleUser, Content: prompt}}}
	return s.engine.Bench(ctx, s.routes, engine.BenchOptions{Runs: bf.runs, Warmup: bf.warmup, Cold: bf.cold,
		Request: req, OnRun: onRun})
}

// recordBench queues the bench's measured runs (warmups are not kept) as
// one write; it never waits for the database.
func recordBench(h *historyRecording, workload, prompt, system string, started time.Time, res *engine.BenchResult) {
	if h == nil {
		return
	}
	var runs []history.Run
	for _, br := range res.Routes {
		for _, r := range br.Runs {
			runs = append(runs, history.Run{Report: r.Report(), Settings: config.DescribeSettings(r.Route)})
		}
	}
	h.rec.RecordBench(workload, prompt, system, started, runs)
}

// benchWorkload states what was measured, as published benchmarks do.
func benchWorkload(prompt string, bf *benchFlags, s *session) string {
	conn := "warm connections (reused between runs; the warmup pays the first handshake)"
	if bf.cold {
		conn = "cold connections (a fresh DNS lookup, TCP connect and TLS handshake per run)"
	}
	if s.demo {
		conn = "simulated in-process routes (no network)"
	}
	return fmt.Sprintf("prompt ~%s (estimated), %s per route after %d warmup, %s; "+
		"one request at a time, route order rotating each round",
		countOf(backend.EstimateTokens(prompt), "token"), countOf(bf.runs, "measured run"), bf.warmup, conn)
}

// benchReport writes the exact `bench --json` document.
func writeBenchJSON(w io.Writer, prompt string, res *engine.BenchResult) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res.Report(prompt)); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}

// benchProgress reports each finished run: a progress bar redrawn in
// place on a terminal, one plain line per run otherwise.
type benchProgress struct {
	w      io.Writer
	tty    bool
	routes []backend.Route
	bar    progress.Model
	width  int  // of the longest status line, so a shorter one overwrites it whole
	open   bool // the bar's line is on screen without its newline
	drawn  bool // the bar was drawn at least once
}

func newBenchProgress(w io.Writer, tty bool, routes []backend.Route) *benchProgress {
	return &benchProgress{w: w, tty: tty, routes: routes, bar: progress.New(progress.WithWidth(30))}
}

// Run reports one finished run.
func (b *benchProgress) Run(p engine.BenchProgress) {
	status := "ok"
	if p.Result.Err != nil {
		status = string(p.Result.Err.Kind)
	}
	phase := "run"
	if p.Warmup {
		phase = "warmup"
	}
	line := fmt.Sprintf("%d/%d %s %s: %s", p.Done, p.Total, phase, backend.Sanitize(b.routes[p.Route].Name), status)
	if !b.tty {
		fmt.Fprintln(b.w, line)
		return
	}
	b.width = max(b.width, len(line))
	b.drawn = true
	end := ""
	b.open = p.Done != p.Total
	if !b.open {
		end = "\n"
	}
	lipgloss.Fprint(b.w, "\r"+b.bar.ViewAs(float64(p.Done)/float64(p.Total))+" "+line+strings.Repeat(" ", b.width-len(line))+end)
}

// Close clears a bar left unfinished (the bench was interrupted), or the
// "^C" the terminal echoed before the first run ended, so the report starts
// on a line of its own.
func (b *benchProgress) Close() {
	if b.tty && (b.open || !b.drawn) {
		fmt.Fprint(b.w, "\r"+ansi.EraseEntireLine)
		b.open = false
	}
}
