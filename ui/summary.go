package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
)

// turnSummary names the winners once every route of a turn has ended:
// first token, throughput and cost, from the engine's figures only.
func (m Model) turnSummary() string {
	var first, fastest, cheapest *Pane
	var firstAt time.Duration
	var bestTPS, lowestCost float64
	var bestTPSEstimated, costTied bool
	failed, finished := 0, 0
	fees := config.DefaultFees()
	if m.opts.Fees != nil {
		fees = *m.opts.Fees
	}
	for i := range m.panes {
		p := &m.panes[i]
		t := p.last()
		if t == nil || t.state < stateDone {
			continue
		}
		finished++
		if t.state != stateDone {
			failed++
			continue
		}
		if ft := t.res.Timing.FirstToken; ft != nil && (first == nil || *ft < firstAt) {
			first, firstAt = p, *ft
		}
		if tps, ok := t.res.TokensPerSecond(); ok && tps > bestTPS {
			fastest, bestTPS = p, tps
			bestTPSEstimated = t.res.Tokens().Source == backend.UsageEstimated
		}
		// What the route costs the user, its gateway's fee included; a tie at
		// the shown precision names no winner.
		if usd, _, ok := backend.RouteCost(t.res); ok {
			usd = fees.Apply(p.route, usd).EffectiveUSD
			switch {
			case cheapest == nil || figure.USD(usd) != figure.USD(lowestCost) && usd < lowestCost:
				cheapest, lowestCost, costTied = p, usd, false
			case figure.USD(usd) == figure.USD(lowestCost):
				costTied = true
			}
		}
	}
	if finished == 0 {
		return ""
	}
	parts := []string{fmt.Sprintf("Turn %d finished", m.turns)}
	if first != nil {
		parts = append(parts, fmt.Sprintf("first token %s (%s)", first.name, figure.Duration(firstAt)))
	}
	if fastest != nil {
		parts = append(parts, fmt.Sprintf("fastest %s (%s)", fastest.name, figure.TokensPerSecond(bestTPS, bestTPSEstimated)))
	}
	if cheapest != nil && !costTied && finished-failed > 1 {
		parts = append(parts, fmt.Sprintf("cheapest %s (%s)", cheapest.name, figure.USD(lowestCost)))
	}
	if failed > 0 {
		parts = append(parts, fmt.Sprintf("%d failed or canceled", failed))
	}
	return strings.Join(parts, " · ")
}
