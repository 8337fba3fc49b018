package export

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/projection"
)

// writeCacheLines lists, under the metrics table, the prompt tokens each run
// read from and wrote to the provider's cache, since each is priced apart
// from the input; nothing when no run used the cache.
func writeCacheLines(b *strings.Builder, results []*backend.Result) {
	var lines []string
	for _, r := range results {
		t := r.Tokens()
		if t.Source != backend.UsageFromProvider || t.Cached == 0 && t.CacheWrite == 0 {
			continue
		}
		lines = append(lines, fmt.Sprintf("- %s: of %s input tokens, %s read from the cache, %s written to it",
			MarkdownCell(r.Route.Name), figure.Tokens(t.Input), figure.Tokens(t.Cached), figure.Tokens(t.CacheWrite)))
	}
	if len(lines) == 0 {
		return
	}
	b.WriteString("\nPrompt cache (reads and writes each have their own price):\n\n")
	b.WriteString(strings.Join(lines, "\n") + "\n")
}

// totalCostText is a bench route's total cost and, where a gateway fee
// applies, the total with it; "n/a" when the total is unknown.
func totalCostText(rt backend.Route, total *float64, fees config.Fees) string {
	if total == nil {
		return "n/a"
	}
	s := figure.USD(*total)
	if fc := fees.Apply(rt, *total); fc.FeeUSD > 0 {
		s += " (" + figure.USD(fc.EffectiveUSD) + " with fees)"
	}
	return s
}

// writeMonthly is a bench's monthly cost projection: a table of each
// route's month, then where each gateway/direct pair's costs cross.
func writeMonthly(b *strings.Builder, res *bench.Result, months []*projection.Month, volume int) {
	if months == nil {
		return
	}
	fmt.Fprintf(b, "\n## Monthly cost projection at %s a month\n\n", figure.GroupedCount(int64(volume), "request"))
	b.WriteString("Mean cost per answered run × volume, gateway fees included; a projection, not a bill.\n\n")
	b.WriteString("| route | per month | tokens | fees |\n|---|---:|---:|---:|\n")
	var pairs []string
	for i, m := range months {
		raw := res.Routes[i].Route.Name
		name := MarkdownCell(raw)
		if m == nil {
			fmt.Fprintf(b, "| %s | n/a | n/a | n/a |\n", name)
			continue
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", name, figure.USD(m.TotalUSD), figure.USD(m.TokenUSD), figure.USD(m.FeeUSD))
		for _, c := range m.Crossings {
			for j := i + 1; j < len(res.Routes); j++ {
				if res.Routes[j].Route.Name == c.With {
					pairs = append(pairs, "- "+c.Sentence(raw, name, MarkdownCell(c.With)))
				}
			}
		}
	}
	if len(pairs) > 0 {
		b.WriteString("\n" + strings.Join(pairs, "\n") + "\n")
	}
}
