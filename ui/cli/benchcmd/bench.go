// Package benchcmd is `routeplay bench`: many runs per route, their spread,
// load levels and sweeps, verdicts between pairs and the monthly projection.
package benchcmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/progress"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/export"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

type benchFlags struct {
	runs, warmup int
	cold, asJSON bool
	export       string
	load         loadFlags
	pairs        []string // --pair A,B
	volume       int      // requests a month for the cost projection; 0: none
}

// New builds `routeplay bench` on deps.
func New(deps *cmdenv.Deps) *cobra.Command {
	var f cmdenv.RouteFlags
	var bf benchFlags
	cmd := &cobra.Command{
		Use:   "bench [flags] PROMPT",
		Short: "Run every route many times and report the spread of its timings and cost",
		Long:  benchLong(),
		Example: `  routeplay bench --demo --runs 5 "Explain HTTP/2 in two sentences"
  routeplay bench --route openrouter:openai/gpt-4o-mini --route openai:gpt-4o-mini --runs 20 "Name a prime"
  routeplay bench --runs 10 --cold --json "hi" > bench.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBench(cmd, args, deps, &f, &bf)
		},
	}
	f.Add(cmd)
	fl := cmd.Flags()
	fl.IntVar(&bf.runs, "runs", 10, "measured runs per route")
	fl.IntVar(&bf.warmup, "warmup", 1, "unmeasured runs per route before measuring")
	fl.BoolVar(&bf.cold, "cold", false, "a fresh connection for every run (DNS, TCP and TLS measured)")
	fl.BoolVar(&bf.asJSON, "json", false, "print the raw runs and the summary as JSON")
	fl.StringVar(&bf.export, "export", "", "also write a report to FILE.md or FILE.json")
	bf.load.add(cmd)
	fl.StringArrayVar(&bf.pairs, "pair", nil, "also compare route A with route B: `A,B` (repeatable)")
	fl.IntVar(&bf.volume, "volume", 0, "project each route's monthly cost at N requests a month, fees included")
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

Under load: --concurrency N keeps N requests in flight per route (closed loop);
--rate R sends R requests per second per route at random (Poisson) times, seeded
by --seed, whether or not earlier ones have answered (open loop); --duration D
measures each route for D instead of --runs. Routes still take turns: each round
every route gets a slice of load (about 4 requests per worker, 5 s of arrivals or
10 s) in rotating order, after --warmup rounds that open N connections per route.
N above 1 (or a high --rate) may hit a provider's rate limits: those runs count as
rate_limited errors, so they show in the success rate, not as slow answers.
A list such as --concurrency 1,2,4,8 sweeps the levels and plots first token and
aggregate throughput against them. Each route reports inter-token latency (p50,
p95, p99 of the gaps between streamed chunks, stamped as bytes arrive), aggregate
output tokens/s and completed requests/s over the time it was under load.

Every run starts its system prompt with a unique line ("run" and 12 hex digits,
about 8 input tokens), so no provider serves it from a prompt cache;
--allow-cache sends the same prompt every run to measure cached prompts on
purpose. The workload (tokens asked and received, load, connections, caching,
date) is stated with every result.

Every OpenRouter route is compared with its direct route to the same model, and
--pair A,B compares any two routes: the difference of their median first-token and
total times with a 95% percentile-bootstrap interval (10,000 resamples, fixed seed),
and a verdict judged on first token. A verdict needs at least 10 successful runs of
each route; an interval that holds zero means no measurable difference.

` + fmt.Sprintf(`Fair cost adds OpenRouter's fees to its routes, as published on %s: the
credit purchase fee (%g%%, min $%.2f, assuming $%g purchases) or, with byok = true,
the BYOK fee (%g%% beyond %d free requests a month). Change them in the config's
[fees] table: credit_fee_percent, credit_fee_min_usd, credit_purchase_usd, byok,
byok_fee_percent, byok_free_requests_per_month, byok_requests_per_month.`,
		config.FeesPublished, config.DefaultCreditFeePercent, config.DefaultCreditFeeMinUSD,
		config.DefaultCreditPurchaseUSD, config.DefaultBYOKFeePercent, config.DefaultBYOKFreeRequestsPerM) + `

--volume N projects each route's monthly cost at N requests a month: its mean cost
per answered run times N, with those fees (the BYOK fee only beyond the free
requests), and says at what volume each OpenRouter route and the direct route of its
model cost the same, if they ever do. A route whose cost is unknown has none (n/a).

Exit codes: 0 every run succeeded, 1 a run failed or the bench was stopped early,
2 usage or config error, 3 the --export file could not be written.`
}

func runBench(cmd *cobra.Command, args []string, deps *cmdenv.Deps, f *cmdenv.RouteFlags, bf *benchFlags) error {
	stdio := deps.IO
	if bf.runs < 1 || bf.warmup < 0 || bf.volume < 0 {
		return cmdenv.UsageError("--runs must be at least 1, --warmup and --volume not negative")
	}
	if err := cmdenv.ValidateTimeouts(f); err != nil {
		return err
	}
	levels, err := bf.load.levels(cmd)
	if err != nil {
		return err
	}
	format, err := cmdenv.CheckExportPath(bf.export)
	if err != nil {
		return err
	}
	if len(levels) > 1 && format != 0 {
		return cmdenv.UsageError("--export writes one bench; run a sweep's levels one at a time to export them")
	}
	prompt, err := cmdenv.ReadPrompt(args, stdio)
	if err != nil {
		return err
	}
	s, err := cmdenv.OpenSession(deps, cmd, f)
	if err != nil {
		return err
	}
	pairs, err := resolvePairs(bf.pairs, s.Routes)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), cmdenv.InterruptSignals()...)
	defer stop()
	errOut := cmdenv.RedactingWriter{W: stdio.Err, R: s.Keys.Redactor()}
	s.WarnKeyHosts(errOut)
	hist := cmdenv.StartHistory(ctx, s.Deps, s.Config, f.NoHistory, s.Keys.Redactor().Redact, errOut)
	defer hist.Close()
	out := cmdenv.RedactingWriter{W: stdio.Out, R: s.Keys.Redactor()}
	if len(levels) > 1 {
		return runBenchSweep(ctx, out, errOut, stdio.OutTTY, prompt, bf, levels, s, hist)
	}
	started := time.Now()
	bar := newBenchProgress(errOut, stdio.OutTTY, s.Routes)
	bar.planned, bar.started = plannedTime(bf, len(s.Routes)), started
	res := benchLevel(ctx, s, prompt, bf, levels[0], bar.Run)
	res.Pairs = pairs
	bar.Close()
	lines := workloadLines(res, s)
	workload := strings.Join(lines, "; ")
	recordBench(hist, workload, prompt, s.System, started, res)
	months := res.Months(bf.volume, s.Fees())
	if bf.asJSON {
		if err := writeBenchJSON(out, res.Report(prompt).WithMonthly(months)); err != nil {
			return err
		}
	} else {
		writeBenchText(out, res, strings.Join(lines, "\n  "), s, stdio.OutTTY)
		writeBenchMonthly(out, res, months, bf.volume)
	}
	if format != 0 {
		x := export.Export{Prompt: prompt, Bench: res, Workload: workload, Fees: s.Fees(),
			Splits: s.FirstTokenSplits(ctx, res.TypicalRuns()), Volume: bf.volume}
		if err := cmdenv.WriteExport(bf.export, format, x, s); err != nil {
			return err
		}
	}
	if res.Failed() || res.Interrupted {
		return &cmdenv.ExitError{Code: cmdenv.ExitRouteError}
	}
	return nil
}

func benchLevel(ctx context.Context, s *cmdenv.Session, prompt string, bf *benchFlags, level int, onRun func(bench.Progress)) *bench.Result {
	req := backend.Request{System: s.System, Messages: []backend.Message{{Role: backend.RoleUser, Content: prompt}}}
	return bench.Run(ctx, s.Engine, s.Routes, bench.Options{Runs: bf.runs, Warmup: bf.warmup, Cold: bf.cold,
		Request: req, OnRun: onRun, Load: bf.load.load(level), AllowCache: bf.load.allowCache})
}

// recordBench queues the bench's measured runs (warmups are not kept) as
// one write; it never waits for the database.
func recordBench(h *cmdenv.HistoryRecording, workload, prompt, system string, started time.Time, res *bench.Result) {
	if h == nil {
		return
	}
	var runs []history.Run
	for _, br := range res.Routes {
		for i, r := range br.Runs {
			run := history.Run{Report: r.Report(), Settings: config.DescribeSettings(r.Route)}
			if i < len(br.Gaps) {
				run.ITL = gapSummary(bench.SummarizeITL(br.Gaps[i]))
			}
			runs = append(runs, run)
		}
	}
	w := history.Workload{Text: workload}
	if b, err := json.Marshal(res.WorkloadReport()); err == nil {
		w.JSON = string(b)
	}
	h.Rec.RecordBenchWorkload(w, prompt, system, started, runs)
}

// gapSummary is a run's inter-token latency as history keeps it.
func gapSummary(itl *bench.ITL) *history.GapSummary {
	if itl == nil {
		return nil
	}
	return &history.GapSummary{P50Ms: itl.P50, P95Ms: itl.P95, P99Ms: itl.P99, Gaps: itl.Gaps}
}

// benchReport writes the exact `bench --json` document.
func writeBenchJSON(w io.Writer, rep bench.Report) error {
	return cmdenv.WriteJSON(w, rep)
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
	// planned is the bench's expected length when it measures by time
	// (no run count to go by); started is when the first run was reported.
	planned time.Duration
	started time.Time
}

func newBenchProgress(w io.Writer, tty bool, routes []backend.Route) *benchProgress {
	return &benchProgress{w: w, tty: tty, routes: routes, bar: progress.New(progress.WithWidth(30))}
}

// Run reports one finished run.
func (b *benchProgress) Run(p bench.Progress) {
	status := "ok"
	if p.Result.Err != nil {
		status = string(p.Result.Err.Kind)
	}
	phase := "run"
	if p.Warmup {
		phase = "warmup"
	}
	count, frac := fmt.Sprintf("%d/%d", p.Done, p.Total), float64(p.Done)/float64(p.Total)
	if p.Total == 0 {
		count, frac = strconv.Itoa(p.Done), b.timeFraction()
	}
	line := fmt.Sprintf("%s %s %s: %s", count, phase, safetext.Sanitize(b.routes[p.Route].Name), status)
	if !b.tty {
		fmt.Fprintln(b.w, line)
		return
	}
	b.width = max(b.width, len(line))
	b.drawn = true
	end := ""
	b.open = p.Total == 0 || p.Done != p.Total
	if !b.open {
		end = "\n"
	}
	lipgloss.Fprint(b.w, "\r"+b.bar.ViewAs(frac)+" "+line+strings.Repeat(" ", b.width-len(line))+end)
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
