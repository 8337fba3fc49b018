package benchcmd

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// runBenchSweep runs one bench per concurrency level, one level after
// another, and prints how the routes' figures change with the load.
func runBenchSweep(ctx context.Context, out, errOut io.Writer, tty bool, prompt string, bf *benchFlags,
	levels []int, s *cmdenv.Session, hist *cmdenv.HistoryRecording) error {
	var results []*bench.Result
	for _, level := range levels {
		if ctx.Err() != nil {
			break
		}
		fmt.Fprintf(errOut, "concurrency %d\n", level)
		started := time.Now()
		bar := newBenchProgress(errOut, tty, s.Routes)
		bar.planned, bar.started = plannedTime(bf, len(s.Routes)), started
		res := benchLevel(ctx, s, prompt, bf, level, bar.Run)
		bar.Close()
		recordBench(hist, strings.Join(workloadLines(res, s), "; "), prompt, s.System, started, res)
		results = append(results, res)
		if res.Interrupted {
			break
		}
	}
	if bf.asJSON {
		if err := writeSweepJSON(out, prompt, results); err != nil {
			return err
		}
	} else {
		writeSweepText(out, results, levels, s)
	}
	for _, res := range results {
		if res.Failed() || res.Interrupted {
			return &cmdenv.ExitError{Code: cmdenv.ExitRouteError}
		}
	}
	return nil
}

// SweepReport is `bench --json` for a sweep: one bench document per level.
type SweepReport struct {
	Prompt string         `json:"prompt"`
	Sweep  []bench.Report `json:"sweep"`
}

func writeSweepJSON(w io.Writer, prompt string, results []*bench.Result) error {
	rep := SweepReport{Prompt: safetext.Sanitize(prompt), Sweep: []bench.Report{}}
	for _, res := range results {
		rep.Sweep = append(rep.Sweep, res.Report(prompt))
	}
	return cmdenv.WriteJSON(w, rep)
}

// sweepPoint is one route's summary at one level.
type sweepPoint struct {
	level int
	sum   bench.Summary
	runs  int
}

func writeSweepText(w io.Writer, results []*bench.Result, levels []int, s *cmdenv.Session) {
	if len(results) == 0 {
		fmt.Fprintln(w, "Interrupted before the first level finished; nothing was measured.")
		return
	}
	lines := workloadLines(results[0], s)
	lines[1] = sweepLoadText(results[0], levels)
	fmt.Fprintln(w, "Workload: "+strings.Join(lines, "\n  "))
	if len(results) < len(levels) || results[len(results)-1].Interrupted {
		fmt.Fprintf(w, "Interrupted at concurrency %d; the figures cover the runs measured until then.\n", levels[len(results)-1])
	}
	names, points := sweepPoints(results)
	for i, name := range names {
		fmt.Fprintf(w, "\n── %s\n%s\n", name, sweepTable(points[i]))
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, sweepPlot("First token p50 (lower is better)", names, points, func(p sweepPoint) (float64, string, bool) {
		if p.sum.FirstTokenMs == nil {
			return 0, "", false
		}
		return p.sum.FirstTokenMs.P50, figure.Ms(p.sum.FirstTokenMs.P50), true
	}))
	fmt.Fprintln(w)
	fmt.Fprint(w, sweepPlot("Aggregate output tokens/s (higher is better)", names, points, func(p sweepPoint) (float64, string, bool) {
		if p.sum.OutputTokensPerSAggregate == nil {
			return 0, "", false
		}
		v := *p.sum.OutputTokensPerSAggregate
		return v, figure.TokensPerSecond(v, false), true
	}))
}

func sweepLoadText(res *bench.Result, levels []int) string {
	ls := make([]string, len(levels))
	for i, l := range levels {
		ls[i] = strconv.Itoa(l)
	}
	how := figure.Count(res.Runs, "measured run") + " per route"
	if d := res.Workload.Load.Duration; d > 0 {
		how = figure.Duration(d) + " per route"
	}
	return fmt.Sprintf("closed loop at %s requests in flight per route, one level after another; each level %s after %s; routes take turns, order rotating",
		strings.Join(ls, ", "), how, figure.Count(res.Workload.Warmup, "warmup round"))
}

// sweepPoints regroups the levels' summaries by route.
func sweepPoints(results []*bench.Result) ([]string, [][]sweepPoint) {
	var names []string
	var points [][]sweepPoint
	for i, br := range results[0].Routes {
		names = append(names, safetext.Sanitize(br.Route.Name))
		var ps []sweepPoint
		for _, res := range results {
			if i < len(res.Routes) {
				r := res.Routes[i]
				ps = append(ps, sweepPoint{level: res.Workload.Concurrency(), sum: r.Summary(), runs: len(r.Runs)})
			}
		}
		points = append(points, ps)
	}
	return names, points
}

func sweepTable(ps []sweepPoint) string {
	t := table.New().Border(lipgloss.NormalBorder()).BorderColumn(false).
		Headers("in flight", "first token", "inter-token", "total", "aggregate", "completed", "ok", "429")
	for _, p := range ps {
		s := p.sum
		ft, itl, total, agg, rps := figure.None, figure.None, figure.None, figure.None, figure.None
		if s.FirstTokenMs != nil {
			ft = figure.Ms(s.FirstTokenMs.P50)
		}
		if s.ITLMs != nil {
			itl = figure.Ms(s.ITLMs.P50)
		}
		if s.TotalMs != nil {
			total = figure.Ms(s.TotalMs.P50)
		}
		if s.OutputTokensPerSAggregate != nil {
			agg = figure.TokensPerSecond(*s.OutputTokensPerSAggregate, false)
		}
		if s.RequestsPerS != nil {
			rps = figure.Rate(*s.RequestsPerS, "req")
		}
		ok := int(s.SuccessRate*float64(p.runs) + 0.5)
		t.Row(strconv.Itoa(p.level), ft, itl, total, agg, rps, fmt.Sprintf("%d/%d", ok, p.runs),
			strconv.Itoa(s.Errors[string(backend.ErrRateLimited)]))
	}
	t.StyleFunc(func(row, col int) lipgloss.Style {
		return lipgloss.NewStyle().Padding(0, 1).Align(lipgloss.Right)
	})
	return t.Render() + "\n  first token, inter-token and total are p50s; aggregate and completed are per second\n  of load; 429 counts the runs the provider rate-limited (also among the failures in ok)"
}
