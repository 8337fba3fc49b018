package export

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/preset"
	"github.com/routeplay/routeplay/backend/stats"
)

func writeBenchMarkdown(b *strings.Builder, x Export) {
	res := x.Bench
	b.WriteString("# routeplay bench report\n\n")
	writePrompt(b, x.Prompt)
	if x.Workload != "" {
		fmt.Fprintf(b, "Workload: %s\n\n", MarkdownCell(x.Workload))
	}
	if res.Interrupted {
		fmt.Fprintf(b, "Stopped early: %d measured runs finished.\n\n", res.Measured())
	}
	for _, br := range res.Routes {
		writeBenchRoute(b, br, x.Fees)
	}
	var deltas []catalog.Delta
	routes := res.RouteList()
	var gateways []backend.Route
	for _, p := range catalog.PairRoutes(routes) {
		if d, err := bench.Delta(p, res, x.Fees); err == nil {
			deltas = append(deltas, d)
			gateways = append(gateways, routes[p.Gateway])
		}
	}
	writeDeltas(b, preset.PairsTitle(gateways), deltas, "medians; cost is the mean per run")
	if lines := res.VerdictLines(); len(lines) > 0 {
		b.WriteString("\n## " + bench.VerdictsHeading + "\n\n")
		for _, l := range lines {
			b.WriteString("- " + MarkdownCell(l) + "\n")
		}
	}
	writeMonthly(b, res, x.Bench.Months(x.Volume, x.Fees), x.Volume)
	writeDataPolicy(b, dataPolicies(routes, nil, x.Providers))
	if typical := res.TypicalRuns(); len(typical) > 0 {
		b.WriteString("\n## Timeline of a typical run\n\nEach route's run closest to its median first token.\n\n")
		WriteFenced(b, strings.Join(TimelineText(typical, x.Splits, timelineWidth), "\n"))
	}
	fmt.Fprintf(b, "\nFair cost uses %s.\n", x.Fees.Describe())
}

func writeBenchRoute(b *strings.Builder, br bench.Route, fees config.Fees) {
	s := br.Summary()
	fmt.Fprintf(b, "## %s · %s · %s\n\n", MarkdownCell(br.Route.Name), br.Route.Kind, MarkdownCell(br.Route.Model))
	b.WriteString("| metric | min | p50 | p95 | max | mean | stdev |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, m := range []struct {
		name   string
		s      *stats.Summary
		format func(float64) string
	}{{"first token", s.FirstTokenMs, figure.Ms}, {"total", s.TotalMs, figure.Ms},
		{"tokens/s", s.TokensPerS, func(v float64) string { return figure.PerSecond(v, false) }},
		{"cost", s.CostUSD, figure.USD}} {
		if m.s == nil {
			fmt.Fprintf(b, "| %s |%s\n", m.name, strings.Repeat(" "+figure.None+" |", 6))
			continue
		}
		f := m.format
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s |\n", m.name, f(m.s.Min), f(m.s.P50), f(m.s.P95),
			f(m.s.Max), f(m.s.Mean), f(m.s.Stdev))
	}
	fmt.Fprintf(b, "\n%s, success rate %s, errors: %s, total cost %s\n\n",
		figure.Count(len(br.Runs), "run"), figure.Percent(s.SuccessRate*100), errorsLine(s), totalCostText(br.Route, s.TotalCostUSD, fees))
	if line := LoadLine(s); line != "" {
		b.WriteString(line + "\n\n")
	}
	if m := bench.MeanLine(s); m != "" {
		b.WriteString(m + "\n\n")
	}
	if ns := backend.NotSentText(s.NotSent); ns != "" {
		b.WriteString("Not the route's failures, left out of the success rate: " + ns + ".\n\n")
	}
	if ans := lastAnswer(br); ans != "" {
		b.WriteString("Answer of the last successful run:\n\n")
		WriteFenced(b, ans)
	}
}

func errorsLine(s bench.Summary) string {
	kinds := s.ErrorKinds()
	if len(kinds) == 0 {
		return "none"
	}
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, s.Errors[k]))
	}
	return strings.Join(parts, ", ")
}

func lastAnswer(br bench.Route) string {
	for i := len(br.Runs) - 1; i >= 0; i-- {
		if r := br.Runs[i]; r.Err == nil {
			return strings.TrimRight(r.Text.String(), "\n")
		}
	}
	return ""
}

// LoadLine gives a route's inter-token latency and its throughput over
// the time it was under load.
func LoadLine(s bench.Summary) string {
	var parts []string
	if itl := s.ITLMs; itl != nil {
		parts = append(parts, fmt.Sprintf("inter-token p50 %s, p95 %s, p99 %s (%s)",
			figure.Ms(itl.P50), figure.Ms(itl.P95), figure.Ms(itl.P99), figure.Count(itl.Gaps, "gap")))
	}
	if v := s.OutputTokensPerSAggregate; v != nil {
		parts = append(parts, "aggregate "+figure.TokensPerSecond(*v, false))
	}
	if v := s.RequestsPerS; v != nil {
		parts = append(parts, "completed "+figure.Rate(*v, "req"))
	}
	return strings.Join(parts, " · ")
}
