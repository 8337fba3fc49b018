package export

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
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
