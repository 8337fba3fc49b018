package benchcmd

import (
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/demo/simulated"
	"github.com/routeplay/routeplay/backend/export"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/stats"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// writeBenchText prints the workload, then per route a table of statistics
// and a line of rates, errors and cost, then one verdict line per pair
// (the medians' difference with its interval; no second block of deltas).
func writeBenchText(w io.Writer, res *bench.Result, workload string, s *cmdenv.Session, color bool) {
	bold, dim := lipgloss.NewStyle(), lipgloss.NewStyle()
	if color {
		bold, dim = bold.Bold(true), dim.Faint(true)
	}
	out := func(str string) {
		if color {
			lipgloss.Fprint(w, str)
		} else {
			fmt.Fprint(w, str)
		}
	}
	if s.Demo {
		out(dim.Render("Simulated demo routes (no keys found): add one with `routeplay keys set openrouter`.") + "\n")
		if note := simulated.PaceNote(); note != "" {
			out(dim.Render(note) + "\n")
		}
	}
	out("Workload: " + workload + "\n")
	if res.Interrupted {
		out("Interrupted after " + figure.Count(res.Measured(), "measured run") + "; the figures cover only those.\n")
	}
	fees := s.Fees()
	for _, br := range res.Routes {
		head := fmt.Sprintf("── %s · %s · %s", br.Route.Name, br.Route.Kind, br.Route.Model)
		if br.Route.Simulated {
			head += " · SIMULATED"
		}
		out("\n" + bold.Render(safetext.Sanitize(head)) + "\n")
		sum := br.Summary()
		if sum.FirstTokenMs != nil || sum.TotalMs != nil {
			out(benchTable(sum, color) + "\n")
			out(bench.MeanLine(sum) + "\n")
		}
		out(benchRouteLine(br, sum, fees, res.Cold) + "\n")
		if line := export.LoadLine(sum); line != "" {
			out(line + "\n")
		}
	}
	if lines := res.VerdictLines(); len(lines) > 0 {
		out("\n" + bold.Render(bench.VerdictsHeading) + "\n")
		out(strings.Join(lines, "\n") + "\n")
	}
	out(dim.Render("Fair cost: "+fees.Describe()+".") + "\n")
}

func benchTable(s bench.Summary, color bool) string {
	// No inner column lines: the table stays inside 80 columns.
	t := table.New().Border(lipgloss.NormalBorder()).BorderColumn(false).Headers("metric", "min", "p50", "p95", "max", "mean", "stdev")
	rows := []struct {
		name   string
		s      *stats.Summary
		format func(float64) string
	}{{"first token", s.FirstTokenMs, figure.Ms}, {"total", s.TotalMs, figure.Ms},
		{"tokens/s", s.TokensPerS, func(v float64) string { return figure.PerSecond(v, false) }},
		{"cost", s.CostUSD, figure.USD}}
	for _, r := range rows {
		if r.s == nil {
			t.Row(r.name, figure.None, figure.None, figure.None, figure.None, figure.None, figure.None)
			continue
		}
		f := r.format
		t.Row(r.name, f(r.s.Min), f(r.s.P50), f(r.s.P95), f(r.s.Max), f(r.s.Mean), f(r.s.Stdev))
	}
	t.StyleFunc(func(row, col int) lipgloss.Style {
		st := lipgloss.NewStyle().Padding(0, 1)
		if col > 0 {
			st = st.Align(lipgloss.Right)
		} else {
			st = st.PaddingRight(0) // the figures are right-aligned: the gap is theirs
		}
		if color && row == table.HeaderRow {
			st = st.Bold(true)
		}
		return st
	})
	return t.Render()
}

// benchRouteLine gives the success rate, errors by kind, the total cost with
// and without fees, and how many warm runs had to dial anyway.
func benchRouteLine(br bench.Route, s bench.Summary, fees config.Fees, cold bool) string {
	if len(br.Runs) == 0 {
		return "no measured run finished" // a rate of nothing is no figure
	}
	sent := len(br.Runs) - s.NotSentCount()
	if sent == 0 {
		return backend.NotSentText(s.NotSent) + "; no run reached the provider"
	}
	ok := int(s.SuccessRate*float64(sent) + 0.5)
	parts := []string{fmt.Sprintf("success %s (%d/%d)", figure.Percent(s.SuccessRate*100), ok, sent)}
	if ns := backend.NotSentText(s.NotSent); ns != "" {
		parts = append(parts, ns)
	}
	errs := "errors: none"
	if len(s.ErrorKinds()) > 0 {
		var kinds []string
		for _, k := range s.ErrorKinds() {
			kinds = append(kinds, fmt.Sprintf("%s ×%d", k, s.Errors[k]))
		}
		errs = "errors: " + strings.Join(kinds, ", ")
	}
	parts = append(parts, errs)
	cost := "total cost n/a" // some billed run's cost is unknown
	if s.TotalCostUSD != nil {
		cost = "total cost " + figure.USD(*s.TotalCostUSD)
		if eff := fees.Apply(br.Route, *s.TotalCostUSD); eff.FeeUSD > 0 {
			cost += " (" + figure.USD(eff.EffectiveUSD) + " with fees)"
		}
	}
	if br.WarmupCostUSD > 0 {
		cost += fmt.Sprintf(", warmup %s more", figure.USD(br.WarmupCostUSD))
	}
	parts = append(parts, cost)
	if n := br.DialedRuns(); !cold && n > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d runs opened a new connection", n, len(br.Runs)))
	}
	return strings.Join(parts, " · ")
}
