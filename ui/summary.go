package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/ui/cells"
	"github.com/routeplay/routeplay/ui/pane"
)

// turnSummary names the winners once every route of a turn has ended:
// first token, throughput and cost, from the engine's figures only.
func (m Model) turnSummary() string {
	var first, fastest, cheapest *pane.Pane
	var firstAt time.Duration
	var bestTPS, lowestCost float64
	var bestTPSEstimated, costTied bool
	failed, finished := 0, 0
	fees := m.fees()
	for i := range m.panes {
		p := &m.panes[i]
		t := p.Last()
		if t == nil || t.State() < pane.StateDone {
			continue
		}
		finished++
		if t.State() != pane.StateDone {
			failed++
			continue
		}
		if ft := t.Result().Timing.FirstToken; ft != nil && (first == nil || *ft < firstAt) {
			first, firstAt = p, *ft
		}
		if tps, ok := t.Result().TokensPerSecond(); ok && tps > bestTPS {
			fastest, bestTPS = p, tps
			bestTPSEstimated = t.Result().Tokens().Source == backend.UsageEstimated
		}
		// What the route costs the user, its gateway's fee included; a tie at
		// the shown precision names no winner.
		if usd, _, ok := backend.RouteCost(t.Result()); ok {
			usd = fees.Apply(p.Route(), usd).EffectiveUSD
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
		parts = append(parts, fmt.Sprintf("first token %s (%s)", first.Name(), figure.Duration(firstAt)))
	}
	if fastest != nil {
		parts = append(parts, fmt.Sprintf("fastest %s (%s)", fastest.Name(), figure.TokensPerSecond(bestTPS, bestTPSEstimated)))
	}
	if cheapest != nil && !costTied && finished-failed > 1 {
		parts = append(parts, fmt.Sprintf("cheapest %s (%s)", cheapest.Name(), figure.USD(lowestCost)))
	}
	if failed > 0 {
		parts = append(parts, fmt.Sprintf("%d failed or canceled", failed))
	}
	return strings.Join(parts, " · ")
}

// verdictRows is how many rows the verdict line takes under the panes.
func (m Model) verdictRows() int {
	if !m.verdicts.Shown() {
		return 0
	}
	return 1
}

// verdictView draws the verdict line, the full width of the screen.
func (m Model) verdictView() string {
	return m.styles.Status.Render(cells.Fit(m.verdicts.Render(m.width), m.width))
}

// noteVerdict counts a finished turn in the verdict; the panes give up a
// row when the line first appears. It runs in Update, once per finished
// turn (never per frame or key): an interval of 10,000 resamples takes a
// few milliseconds, and doing it here keeps the line in step with the panes.
func (m *Model) noteVerdict(results []*backend.Result) {
	fees := m.fees()
	rows := m.verdictRows()
	m.verdicts.Add(results, fees)
	if m.verdictRows() != rows {
		m.layout()
	}
}

// fees are the fee table the session prices with: the configured one, else
// the defaults.
func (m *Model) fees() config.Fees {
	if m.opts.Fees != nil {
		return *m.opts.Fees
	}
	return config.DefaultFees()
}
