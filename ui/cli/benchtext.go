package cli

import (
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/stats"
)

// writeBenchText prints the workload, then per route a table of statistics
// and a line of rates, errors and cost, then the gateway deltas.
func writeBenchText(w io.Writer, res *engine.BenchResult, workload string, s *session, color bool) {
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
	if s.demo {
		out(dim.Render("Simulated demo routes (no keys found): add one with `routeplay keys set openrouter`.") + "\n")
	}
	out("Workload: " + workload + "\n")
	if res.Interrupted {
		out("Interrupted after " + countOf(res.Measured(), "measured run") + "; the figures cover only those.\n")
	}
	fees := s.fees()
	for _, br := range res.Routes {
		head := fmt.Sprintf("── %s · %s · %s", br.Route.Name, br.Route.Kind, br.Route.Model)
		if br.Route.Simulated {
			head += " · SIMULATED"
		}
		out("\n" + bold.Render(backend.Sanitize(head)) + "\n")
		sum := engine.SummarizeRuns(br.Runs)
		if sum.FirstTokenMs != nil || sum.TotalMs != nil {
			out(benchTable(sum, color) + "\n")
		}
		out(benchRouteLine(br, sum, fees, res.Cold) + "\n")
	}
	if lines := benchDeltaLines(res, fees); len(lines) > 0 {
		out("\n" + bold.Render("OpenRouter vs direct (medians; cost is the mean per run, fees included)") + "\n")
		out(strings.Join(lines, "\n") + "\n")
	}
	out(dim.Render("Fair cost: "+fees.Describe()+".") + "\n")
}

func benchTable(s engine.BenchSummary, color bool) string {
	// No inner column lines: the table stays inside 80 columns.
	t := table.New().Border(lipgloss.NormalBorder()).BorderColumn(false).Headers("metric", "min", "p50", "p95", "max", "mean", "stdev")
	rows := []struct {
		name   string
		s      *stats.Summary
		format string
	}{{"first token (ms)", s.FirstTokenMs, "%.1f"}, {"total (ms)", s.TotalMs, "%.1f"},
		{"tokens/s", s.TokensPerS, "%.1f"}, {"cost (USD)", s.CostUSD, "%.6f"}}
	for _, r := range rows {
		if r.s == nil {
			t.Row(r.name, "-", "-", "-", "-", "-", "-")
			continue
		}
		f := func(v float64) string { return fmt.Sprintf(r.format, v) }
		t.Row(r.name, f(r.s.Min), f(r.s.P50), f(r.s.P95), f(r.s.Max), f(r.s.Mean), f(r.s.Stdev))
	}
	t.StyleFunc(func(row, col int) lipgloss.Style {
		st := lipgloss.NewStyle().Padding(0, 1)
		if col > 0 {
			st = st.Align(lipgloss.Right)
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
func benchRouteLine(br engine.BenchRoute, s engine.BenchSummary, fees config.Fees, cold bool) string {
	if len(br.Runs) == 0 {
		return "no measured run finished" // a rate of nothing is no figure
	}
	ok := int(s.SuccessRate*float64(len(br.Runs)) + 0.5)
	parts := []string{fmt.Sprintf("success %.0f%% (%d/%d)", s.SuccessRate*100, ok, len(br.Runs))}
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
		cost += fmt.Sprintf(", warmup $%s more", trimFloat(br.WarmupCostUSD))
	}
	parts = append(parts, cost)
	if n := br.DialedRuns(); !cold && n > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d runs opened a new connection", n, len(br.Runs)))
	}
	return strings.Join(parts, " · ")
}

func benchDeltaLines(res *engine.BenchResult, fees config.Fees) []string {
	routes := make([]backend.Route, len(res.Routes))
	for i, br := range res.Routes {
		routes[i] = br.Route
	}
	var lines []string
	for _, p := range catalog.PairRoutes(routes) {
		d, err := engine.BenchDelta(p, res, fees)
		if err != nil {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s vs %s: first token %s, total %s, cost %s",
			backend.Sanitize(d.Gateway.Route), backend.Sanitize(d.Direct.Route),
			signedMs(d.FirstTokenMs, d.Gateway.FirstTokenMs, d.Direct.FirstTokenMs),
			signedMs(d.TotalMs, d.Gateway.TotalMs, d.Direct.TotalMs),
			signedUSD(d.CostUSD, d.Gateway.EffectiveUSD, d.Direct.EffectiveUSD)))
	}
	return lines
}

func signedMs(d, a, b *float64) string {
	if d == nil {
		return "n/a"
	}
	word := "added"
	if *d < 0 {
		word = "saved"
	}
	return fmt.Sprintf("%.1f ms %s (%.1f vs %.1f)", abs(*d), word, *a, *b)
}

func signedUSD(d, a, b *float64) string {
	if d == nil {
		return "n/a"
	}
	word := "more"
	if *d < 0 {
		word = "less"
	}
	return fmt.Sprintf("$%s %s ($%s vs $%s)", trimFloat(abs(*d)), word, trimFloat(*a), trimFloat(*b))
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// countOf writes a count with its noun: 1 token, 3 tokens.
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
